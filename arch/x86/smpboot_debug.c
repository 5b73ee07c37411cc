/* Spindle's own: smpboot.dead_cpu=N, which makes AP N stop before it calls in, so the tests can
 * check how the bring-up in arch/x86/smpboot.c reports and skips a CPU that never answers. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/threads.h>
#include <asm/processor.h>
#include <asm/smp.h>

unsigned int smpboot_dead_cpu = NR_CPUS;

/* smpboot.dead_cpu=N: CPU N never calls in. A number with no CPU behind it (the CPUs are
 * counted later, from the MADT) names no AP that starts, and so does nothing. */
static int dead_cpu_setup(char *value)
{
	unsigned int cpu;

	if (kstrtouint(value, 10, &cpu)) {
		pr_err("smpboot.dead_cpu=%s: not a CPU number\n", value);
		return -EINVAL;
	}
	if (cpu == 0 || cpu >= NR_CPUS) {
		pr_err("smpboot.dead_cpu=%u: must name an AP, 1 to %u (CPU 0 is the boot CPU)\n",
		       cpu, NR_CPUS - 1);
		return -EINVAL;
	}
	smpboot_dead_cpu = cpu;
	return 0;
}
__setup("smpboot.dead_cpu=", dead_cpu_setup);

/**
 * smpboot_debug_dead_cpu - stop this AP for good if smpboot.dead_cpu= names it
 * @cpu: the AP running this
 *
 * The AP halts before it calls in, interrupts off. To the boot CPU this is what a CPU that
 * never answers looks like, whether it lost the SIPI, is broken, or hangs early in its
 * start-up. Stopping here rather than not sending the SIPI keeps the real path under test:
 * INIT-SIPI-SIPI, the trampoline, the call-in timeout, and the INIT that puts the late AP back
 * to wait-for-SIPI. start_secondary() calls this after loading the IDT, so a stray NMI (a
 * panic's stop NMI) is handled and returns here instead of triple-faulting, and before taking
 * any reference (init_mm) that a retry would take again.
 *
 * Context: the AP's start-up path, interrupts off.
 * Return: nothing; does not return when @cpu is the one smpboot.dead_cpu= names.
 */
void smpboot_debug_dead_cpu(unsigned int cpu)
{
	if (cpu != smpboot_dead_cpu)
		return;
	for (;;)
		native_halt();
}
