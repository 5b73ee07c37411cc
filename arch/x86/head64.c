/* First C code: still on the boot page tables. Bring up the serial console so everything after
 * can report, copy the multiboot2 info out of low memory, then enter start_kernel(). */
#include <linux/kernel.h>
#include <asm/bootparam.h>
#include <asm/serial.h>
#include <asm/setup.h>

void start_kernel(void);

void x86_64_start_kernel(unsigned long mbi_phys, u64 boot_tsc)
{
	serial_init();
	boot_params.boot_tsc = boot_tsc;
	copy_boot_params(mbi_phys);
	start_kernel();
}
