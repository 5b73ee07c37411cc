/* Entering and leaving hard-interrupt context; the context tests are in linux/preempt.h. */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/preempt.h>
#include <asm/hardirq.h>

/*
 * As Linux: the hard-interrupt depth is the HARDIRQ field of the preempt count, so in_irq()
 * and in_atomic() follow from one word, and nothing can switch tasks inside a handler. The
 * outermost interrupt over the idle task first catches jiffies up, since its CPU may have
 * slept with its tick stopped (kernel/softirq.c).
 */
void irq_enter(void);

/* Leave it, and run the softirqs raised meanwhile if nothing outer will (kernel/softirq.c). */
void irq_exit(void);

/*
 * An NMI, as Linux counts it: in_nmi() and in_irq() both true. Nothing in an NMI handler may
 * take a lock another context could hold; the lock validator, which keeps per-task state that
 * an NMI could find half-written, ignores the locks taken there.
 */
static inline void nmi_enter(void)
{
	preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
}

static inline void nmi_exit(void)
{
	preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}

#endif
