/* /proc/lazytlb: what lazy TLB saved and cost on each CPU, in /proc/softirqs' layout. Linux has
 * no such file (its nearest are /proc/vmstat's nr_tlb_* counts); these are Spindle's teaching
 * counters, kept by arch/x86/tlb.c and mm/mm.c. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include "internal.h"

static const struct {
	const char *name;
	size_t offset;
} lazytlb_rows[] = {
	{ "switch kept mm", offsetof(struct tlb_stats, mm_kept) },
	{ "kthread borrowed", offsetof(struct tlb_stats, lazy_borrow) },
	{ "lazy entered", offsetof(struct tlb_stats, lazy_enter) },
	{ "flush IPIs sent", offsetof(struct tlb_stats, ipi_sent) },
	{ "IPIs skipped lazy", offsetof(struct tlb_stats, ipi_skipped_lazy) },
	{ "deferred flushes", offsetof(struct tlb_stats, deferred_flush) },
};

static int show_lazytlb(struct seq_file *p, void *v)
{
	unsigned int i, cpu;

	seq_puts(p, "                    ");
	for_each_possible_cpu(cpu)
		seq_printf(p, "CPU%-8u", cpu);
	seq_putc(p, '\n');
	seq_printf(p, "%18s:", "CR3 writes");
	for_each_possible_cpu(cpu)
		seq_printf(p, " %10lu", READ_ONCE(per_cpu(nr_cr3_writes, cpu)));
	seq_putc(p, '\n');
	for (i = 0; i < ARRAY_SIZE(lazytlb_rows); i++) {
		seq_printf(p, "%18s:", lazytlb_rows[i].name);
		for_each_possible_cpu(cpu)
			seq_printf(p, " %10lu", READ_ONCE(*(unsigned long *)
				((char *)&per_cpu(tlb_stats, cpu) + lazytlb_rows[i].offset)));
		seq_putc(p, '\n');
	}
	return 0;
}

/**
 * proc_lazytlb_init - make /proc/lazytlb
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_lazytlb_init(void)
{
	proc_create_single("lazytlb", 0444, NULL, show_lazytlb);
}
