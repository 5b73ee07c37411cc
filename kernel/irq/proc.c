/* /proc/interrupts' table (Linux's show_interrupts() in kernel/irq/proc.c): a row for each
 * requested IRQ line, then the architecture's rows. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/irq.h>
#include <linux/kernel_stat.h>
#include <linux/seq_file.h>

/**
 * show_interrupts - /proc/interrupts: a column per online CPU, a row per requested line
 * @p: the file
 * @v: unused
 *
 * Each line in Linux's layout: "  4:   N ...  IO-APIC   4-edge      ttyS0", the count per
 * CPU, the chip, its number for the line (the GSI), the flow's name and every handler's name,
 * comma-separated. The x86 rows (NMI, LOC, ...) follow, from arch_show_interrupts().
 * Linux 6.1: seq_file calls it once per IRQ, with the header at the first and the arch rows
 * after the last; one call prints it all here.
 *
 * Context: process context; takes each line's lock with interrupts off for its handler names.
 * Return: 0.
 */
int show_interrupts(struct seq_file *p, void *v)
{
	const int prec = 3;	/* digits of the widest IRQ number, as Linux counts them */
	unsigned int irq;
	int j;

	seq_printf(p, "%*s", prec + 8, "");
	for_each_online_cpu(j)
		seq_printf(p, "CPU%-8d", j);
	seq_putc(p, '\n');

	for (irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = irq_to_desc(irq);
		struct irqaction *action;
		unsigned long flags;

		/* The names are printed under the lock: free_irq() frees an action after it. */
		spin_lock_irqsave(&desc->lock, flags);
		action = desc->action;
		if (!action) {
			spin_unlock_irqrestore(&desc->lock, flags);
			continue;
		}
		seq_printf(p, "%*u: ", prec, irq);
		for_each_online_cpu(j)
			seq_printf(p, "%10u ", kstat_irqs_cpu(irq, j));
		seq_printf(p, " %8s", desc->irq_data.chip->name);
		seq_printf(p, " %*lu", prec, desc->irq_data.hwirq);
		seq_printf(p, "-%-8s", desc->name);
		seq_printf(p, "  %s", action->name);
		while ((action = action->next) != NULL)
			seq_printf(p, ", %s", action->name);
		seq_putc(p, '\n');
		spin_unlock_irqrestore(&desc->lock, flags);
	}
	return arch_show_interrupts(p, prec);
}
