/* The preemption count: one per-CPU word that says whether this CPU may switch tasks now, and
 * which kind of context it is in (task, softirq, hard interrupt, NMI). Linux's layout. */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/compiler.h>
#include <linux/percpu.h>

/*
 *         PREEMPT_MASK:	0x000000ff	preempt_disable() nesting
 *         SOFTIRQ_MASK:	0x0000ff00	softirq running (bit 8) or bottom halves disabled
 *         HARDIRQ_MASK:	0x000f0000	hard interrupt nesting
 *             NMI_MASK:	0x00f00000	NMI nesting
 *
 * Any non-zero count means this CPU must not switch tasks: in_atomic().
 */
#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	4

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1UL << (x)) - 1)

#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1UL << NMI_SHIFT)

/* local_bh_disable() adds twice SOFTIRQ_OFFSET, so bit 8 alone means "serving a softirq". */
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)

/*
 * Per CPU, as on Linux x86, rather than in the task: the count of the running task is the
 * count of its CPU. Every task switches with the same count (schedule() holds it at 2: its own
 * preempt_disable and the run-queue lock), so nothing needs saving at a switch. Updated by single
 * GS-relative instructions, so an interrupt nesting its own HARDIRQ_OFFSET cannot lose an update.
 *
 * Bit 31 is folded in as Linux x86 does: PREEMPT_NEED_RESCHED is *set* when no reschedule is
 * needed. Then "the count reached zero and a reschedule is due" is a single "decl; je" in
 * preempt_enable(): the word is zero only when both hold.
 */
#define PREEMPT_NEED_RESCHED	0x80000000
#define PREEMPT_ENABLED		PREEMPT_NEED_RESCHED

DECLARE_PER_CPU(int, __preempt_count);

static __always_inline int preempt_count(void)
{
	return raw_cpu_read(__preempt_count) & ~PREEMPT_NEED_RESCHED;
}

/* The scheduler mirrors the running task's TIF_NEED_RESCHED here (sched/core.c). */
static __always_inline void set_preempt_need_resched(void)
{
	raw_cpu_and(__preempt_count, ~PREEMPT_NEED_RESCHED);
}

static __always_inline void clear_preempt_need_resched(void)
{
	raw_cpu_or(__preempt_count, PREEMPT_NEED_RESCHED);
}

static __always_inline bool test_preempt_need_resched(void)
{
	return !(raw_cpu_read(__preempt_count) & PREEMPT_NEED_RESCHED);
}

/* Decrement; true when the whole word became zero: count 0 and a reschedule is due. */
static __always_inline bool __preempt_count_dec_and_test(void)
{
	bool zero;

	__asm__ __volatile__("decl %%gs:%0" : "+m"(__preempt_count), "=@ccz"(zero) : : "memory");
	return zero;
}

#define preempt_count_add(val)	raw_cpu_add(__preempt_count, (val))
#define preempt_count_sub(val)	raw_cpu_sub(__preempt_count, (val))
#define preempt_count_inc()	preempt_count_add(1)
#define preempt_count_dec()	preempt_count_sub(1)

#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))

#define in_nmi()		(preempt_count() & NMI_MASK)
#define in_irq()		(hardirq_count() != 0)
#define in_hardirq()		in_irq()
#define in_softirq()		(softirq_count() != 0)
#define in_serving_softirq()	((softirq_count() & SOFTIRQ_OFFSET) != 0)
#define in_interrupt()		(irq_count() != 0)
#define in_task()		(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_atomic()		(preempt_count() != 0)

/* The barriers keep the compiler from moving the protected accesses outside the section. */
#define preempt_disable()			\
do {						\
	preempt_count_inc();			\
	barrier();				\
} while (0)

#define preempt_enable_no_resched()		\
do {						\
	barrier();				\
	preempt_count_dec();			\
} while (0)

/* The scheduler's entry for a reschedule that came due while preemption was off. */
void preempt_schedule(void);

/*
 * Full kernel preemption: leaving the last preempt_disable() section with a reschedule pending
 * switches tasks right here, so a woken higher-priority task never waits for a voluntary
 * schedule(). O(1): one instruction and a not-taken branch when nothing is pending.
 */
#define preempt_enable()			\
do {						\
	barrier();				\
	if (unlikely(__preempt_count_dec_and_test()))	\
		preempt_schedule();		\
} while (0)

#endif
