/* Restarting and powering off the machine (Linux's arch/x86/kernel/reboot.c, and for soft-off
 * drivers/acpi/sleep.c's acpi_power_off): the ACPI reset register, then the keyboard
 * controller's reset line, then a triple fault; ACPI S5 through the PM1 control ports. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/delay.h>
#include <linux/reboot.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/processor.h>

#define ACPI_SLP_TYP_SHIFT	10
#define ACPI_SLP_EN		(1 << 13)
#define I8042_COMMAND_REG	0x64
#define I8042_CMD_PULSE_RESET	0xfe

/**
 * machine_restart - reset the machine; does not return
 *
 * Linux's default order on a PC (reboot=acpi,kbd,triple): each way is given 50 ms before the
 * next is tried.
 *
 * Context: interrupts off, the other CPUs left as they are (the reset takes them too).
 * Return: never.
 */
__noreturn void machine_restart(void)
{
	local_irq_disable();
	if (acpi_fadt.reset_port) {
		outb(acpi_fadt.reset_value, acpi_fadt.reset_port);
		mdelay(50);
	}
	outb(I8042_CMD_PULSE_RESET, I8042_COMMAND_REG);
	mdelay(50);
	/* An empty IDT: the breakpoint cannot be delivered, nor the faults after it, and the
	 * CPU shuts down, which resets a PC (Linux's BOOT_TRIPLE). */
	{
		struct desc_ptr empty = { 0 };

		__asm__ __volatile__("lidt %0; int3" : : "m"(empty));
	}
	for (;;)
		native_halt();
}

/**
 * machine_power_off - enter ACPI S5 (soft off); QEMU then exits
 *
 * Context: interrupts off. Return: only if the machine has no ACPI S5 (then the caller halts).
 */
void machine_power_off(void)
{
	u8 typa, typb;

	local_irq_disable();
	if (!acpi_fadt.pm1a_cnt || !acpi_s5_sleep_type(&typa, &typb)) {
		pr_emerg("reboot: no ACPI S5 on this machine\n");
		return;
	}
	outw((typa << ACPI_SLP_TYP_SHIFT) | ACPI_SLP_EN, acpi_fadt.pm1a_cnt);
	if (acpi_fadt.pm1b_cnt)
		outw((typb << ACPI_SLP_TYP_SHIFT) | ACPI_SLP_EN, acpi_fadt.pm1b_cnt);
	mdelay(100);
}
