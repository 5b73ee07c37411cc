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

#endif
