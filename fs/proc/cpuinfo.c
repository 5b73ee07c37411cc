/* /proc/cpuinfo (Linux's fs/proc/cpuinfo.c and arch/x86/kernel/cpu/proc.c): a block per online
 * CPU with Linux's field names, for the fields Spindle identifies (from the boot CPU's CPUID:
 * Spindle does not identify each AP apart from its APIC id). */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/seq_file.h>
#include <linux/units.h>
#include <asm/cpufeature.h>
#include <asm/smp.h>
#include <asm/tsc.h>
#include "internal.h"

static int show_cpuinfo(struct seq_file *m, void *v)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		seq_printf(m, "processor\t: %u\n", cpu);
		seq_printf(m, "vendor_id\t: %s\n", c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown");
		seq_printf(m, "cpu family\t: %u\n", c->x86);
		seq_printf(m, "model\t\t: %u\n", c->x86_model);
		seq_printf(m, "model name\t: %s\n", c->x86_model_id[0] ? c->x86_model_id : "unknown");
		seq_printf(m, "stepping\t: %u\n", c->x86_stepping);
		seq_printf(m, "cpu MHz\t\t: %lu.%03lu\n", tsc_khz / KHZ_PER_MHZ, tsc_khz % KHZ_PER_MHZ);
		seq_printf(m, "apicid\t\t: %u\n", cpu_physical_id(cpu));
		seq_puts(m, "flags\t\t:");
		for (const struct x86_cap_name *f = x86_boot_report_caps; f->name; f++)
			if (cpu_has(c, f->feature))
				seq_printf(m, " %s", f->name);
		seq_printf(m, "\nclflush size\t: %u\n", c->x86_clflush_size);
		seq_printf(m, "address sizes\t: %u bits physical, %u bits virtual\n\n",
			   c->x86_phys_bits, c->x86_virt_bits);
	}
	return 0;
}

/**
 * proc_cpuinfo_init - make /proc/cpuinfo
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_cpuinfo_init(void)
{
	proc_create_single("cpuinfo", 0444, NULL, show_cpuinfo);
}
