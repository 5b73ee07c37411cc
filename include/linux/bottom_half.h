/* Disabling bottom halves (Linux's include/linux/bottom_half.h): a section in which no softirq
 * runs on this CPU. */
#ifndef _LINUX_BH_H
#define _LINUX_BH_H

#include <linux/preempt.h>

/*
 * Adds SOFTIRQ_DISABLE_OFFSET (2 << 8) to the preempt count: in_softirq() becomes true and
 * preemption is off, but bit 8 ("serving a softirq") stays clear, so in_serving_softirq() tells a
 * running handler apart from a task that merely keeps handlers out.
 * Linux 6.1: goes through __local_bh_disable_ip() for lockdep's softirqs-off event; Spindle's
 * lockdep reads softirq state from the preempt count, so the add is all there is to do.
 */
static inline void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
	barrier();
}

void __local_bh_enable_ip(unsigned int cnt);

/* Leave the section and run whatever was raised inside it. */
static inline void local_bh_enable(void)
{
	__local_bh_enable_ip(SOFTIRQ_DISABLE_OFFSET);
}

#endif
