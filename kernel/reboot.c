/* kernel_restart() and kernel_power_off() (Linux's kernel/reboot.c): say so, as Linux does,
 * then hand over to the architecture. */
#include <linux/kernel.h>
#include <linux/reboot.h>
#include <asm/processor.h>

/**
 * kernel_restart - "reboot: Restarting system", then reset the machine
 *
 * Context: process context. Return: never.
 */
__noreturn void kernel_restart(void)
{
	pr_emerg("reboot: Restarting system\n");
	machine_restart();
}

/**
 * kernel_power_off - "reboot: Power down", then ACPI S5; halt if that is not there
 *
 * Context: process context. Return: never.
 */
__noreturn void kernel_power_off(void)
{
	pr_emerg("reboot: Power down\n");
	machine_power_off();
	pr_emerg("System halted.\n");
	local_irq_disable();
	for (;;)
		native_halt();
}
