/* Entering and leaving interrupt context, and asking whether we are in it. */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/smp.h>
#include <asm/hardirq.h>

/*
 * Linux keeps these counts in the preempt count; Spindle keeps a per-CPU hard-interrupt depth
 * until tasks exist. Only the CPU itself touches its count, with interrupts off.
 */
static inline void irq_enter(void)
{
	irq_stat[smp_processor_id()].hardirq_count++;
}

static inline void irq_exit(void)
{
	irq_stat[smp_processor_id()].hardirq_count--;
}

/* Inside a hard interrupt handler. */
static inline bool in_irq(void)
{
	return irq_stat[smp_processor_id()].hardirq_count != 0;
}

/* Inside any interrupt context; hard interrupts are the only kind so far. */
static inline bool in_interrupt(void)
{
	return in_irq();
}

#endif
