/* setup_arch(): everything x86-specific start_kernel() needs before the generic memory manager:
 * the command line, CPU identification, traps, the memory map, paging, ACPI and time. Ends the
 * early part of the boot report with the banner line the test runner keys on. */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <linux/time.h>
#include <asm/bootparam.h>
#include <asm/cpufeature.h>
#include <asm/e820.h>
#include <asm/fw_cfg.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <asm/tsc.h>

static char command_line[COMMAND_LINE_SIZE];

/* The loader's command line, then the test runner's options from QEMU's fw_cfg (if any). */
static void build_command_line(void)
{
	char extra[COMMAND_LINE_SIZE];

	strscpy(command_line, boot_params.cmdline, sizeof(command_line));
	if (fw_cfg_read_file("opt/spindle/cmdline", extra, sizeof(extra)) > 0) {
		if (command_line[0])
			strlcat(command_line, " ", sizeof(command_line));
		strlcat(command_line, extra, sizeof(command_line));
	}
}

/**
 * boot_elapsed_us - microseconds since the kernel's first instruction
 *
 * Measured on the TSC from the value boot/head.S read at hand-over.
 *
 * Context: any. Return: the time in microseconds, 0 before the TSC is calibrated.
 */
u64 boot_elapsed_us(void)
{
	if (!tsc_khz)
		return 0;
	return (rdtsc() - boot_params.boot_tsc) * USEC_PER_MSEC / tsc_khz;
}

/**
 * setup_arch - the x86-specific part of start_kernel() before the generic memory manager
 * @cmdline: set to the kernel command line
 *
 * Builds the command line (the loader's, then the test runner's options from QEMU's fw_cfg)
 * and parses it, identifies the CPU, installs the traps, sets up the memory map, memblock and
 * paging, reads ACPI, calibrates the TSC, and reports the CPU. Ends the early part of the boot
 * report with the banner line the test runner keys on.
 *
 * Linux 6.1: setup_arch() does much more (EFI, NUMA, the real-mode blob, initrd, ...); its
 * TSC calibration there is tsc_early_init(), finished later by tsc_init().
 *
 * Context: boot CPU, once, interrupts off, from start_kernel().
 * Return: nothing.
 */
void setup_arch(char **cmdline)
{
	build_command_line();
	*cmdline = command_line;
	pr_info("Command line: %s\n", command_line);
	parse_args(command_line);
	if (boot_params.loader[0])
		pr_info("Boot loader: %s (%s firmware)\n", boot_params.loader,
			boot_params.efi ? "UEFI" : "BIOS");

	early_cpu_init();
	trap_init();
	e820__memory_setup();
	e820__memblock_setup();
	paging_init();
	acpi_boot_init();
	pr_info("Spindle %s booting: %d CPUs, %lu MiB RAM, %s\n", SPINDLE_VERSION,
		acpi_num_cpus(), (unsigned long)(memblock_phys_mem_size() >> 20),
		boot_params.efi ? "UEFI" : "BIOS");
	tsc_init();
	print_cpu_info();
}
