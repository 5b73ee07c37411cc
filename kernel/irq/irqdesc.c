/* The IRQ descriptors (Linux's kernel/irq/irqdesc.c): a static table of NR_IRQS lines, set up
 * before the interrupt controllers, and the per-CPU count of each line's interrupts. */
#include <linux/kernel.h>
#include <linux/irq.h>
#include <linux/kernel_stat.h>
#include "internals.h"

/* Linux 6.1: with SPARSE_IRQ the descriptors are allocated as the IRQs are; 16 fit a table. */
struct irq_desc irq_desc[NR_IRQS];

DEFINE_PER_CPU(unsigned int [NR_IRQS], kstat_irqs);

/**
 * early_irq_init - make every descriptor a line without chip, disabled and masked
 *
 * Linux's early_irq_init() and desc_set_defaults(). The interrupt controllers' set-up gives
 * the lines they drive a chip afterwards (irq_domain_set_info()).
 *
 * Context: boot, interrupts off, before init_IRQ(). Return: nothing.
 */
void early_irq_init(void)
{
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = &irq_desc[irq];

		desc->irq_data.irq = irq;
		desc->irq_data.state = IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED;
		spin_lock_init(&desc->lock);
		mutex_init(&desc->request_mutex);
		init_waitqueue_head(&desc->wait_for_threads);
	}
}

/**
 * kstat_irqs_cpu - interrupts line @irq brought to CPU @cpu
 * @irq: an IRQ number below NR_IRQS
 * @cpu: a possible CPU
 *
 * Context: any; reads the counter without locks. Return: the count.
 */
unsigned int kstat_irqs_cpu(unsigned int irq, int cpu)
{
	return READ_ONCE(per_cpu(kstat_irqs, cpu)[irq]);
}
