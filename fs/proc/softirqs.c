/* /proc/softirqs (Linux's fs/proc/softirqs.c): how many times each softirq ran on each CPU. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/seq_file.h>
#include "internal.h"

static int show_softirqs(struct seq_file *p, void *v)
{
	unsigned int i, j;

	seq_puts(p, "                    ");
	for_each_possible_cpu(i)
		seq_printf(p, "CPU%-8d", i);
	seq_putc(p, '\n');
	for (i = 0; i < NR_SOFTIRQS; i++) {
		seq_printf(p, "%12s:", softirq_to_name[i]);
		for_each_possible_cpu(j)
			seq_printf(p, " %10u", kstat_softirqs_cpu(i, j));
		seq_putc(p, '\n');
	}
	return 0;
}

/**
 * proc_softirqs_init - make /proc/softirqs
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_softirqs_init(void)
{
	proc_create_single("softirqs", 0444, NULL, show_softirqs);
}
