/* What the files of kernel/irq/ share and nothing else needs (Linux's kernel/irq/internals.h). */
#ifndef _KERNEL_IRQ_INTERNALS_H
#define _KERNEL_IRQ_INTERNALS_H

#include <linux/irq.h>
#include <linux/percpu.h>

/* Bits of irqaction.thread_flags (Linux's IRQTF_*, those Spindle uses). */
enum {
	IRQTF_RUNTHREAD,	/* the hard handler asked for the thread function to run */
	IRQTF_WARNED,		/* IRQ_WAKE_THREAD without a thread function: reported once */
	IRQTF_READY,		/* the thread has started: its creator may go on */
};

/* Bits of irq_desc.istate (Linux's IRQS_*). */
enum {
	IRQS_ONESHOT		= 0x00000020,	/* the line's actions are ONESHOT */
};

/* Interrupts taken on each line, per CPU (Linux's desc->kstat_irqs). */
DECLARE_PER_CPU(unsigned int [NR_IRQS], kstat_irqs);

/* Count one interrupt of @desc on this CPU (the flow, hard interrupt context). */
static inline void kstat_incr_irqs_this_cpu(struct irq_desc *desc)
{
	this_cpu_ptr(&kstat_irqs)[0][desc->irq_data.irq]++;
}

void mask_irq(struct irq_desc *desc);
void unmask_irq(struct irq_desc *desc);
int irq_activate(struct irq_desc *desc);
void irq_deactivate(struct irq_desc *desc);
void irq_startup(struct irq_desc *desc);
void irq_shutdown(struct irq_desc *desc);

void handle_irq_event(struct irq_desc *desc);
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action);

#endif
