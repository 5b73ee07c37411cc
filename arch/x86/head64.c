/* First C code: still on the boot page tables. Bring up the serial console so everything after
 * can report, copy the multiboot2 info out of low memory, then enter start_kernel(). */
#include <linux/kernel.h>
#include <asm/bootparam.h>
#include <asm/serial.h>
#include <asm/setup.h>

void start_kernel(void);

/**
 * x86_64_start_kernel - the first C code on the boot CPU
 * @mbi_phys: physical address of the multiboot2 information the loader left
 * @boot_tsc: the TSC as read at the kernel's first instruction, for boot_elapsed_us()
 *
 * Still on the boot page tables. Brings up the serial console so everything after can report,
 * copies the multiboot2 information out of low memory into boot_params, then enters
 * start_kernel().
 *
 * Linux 6.1: takes the real-mode boot_params pointer, clears BSS, sets up early page tables
 * and goes through x86_64_start_reservations(); the loader protocol here is multiboot2.
 *
 * Context: boot CPU, interrupts off, called once from boot/head.S.
 * Return: does not return.
 */
void x86_64_start_kernel(unsigned long mbi_phys, u64 boot_tsc)
{
	serial_init();
	boot_params.boot_tsc = boot_tsc;
	copy_boot_params(mbi_phys);
	start_kernel();
}
