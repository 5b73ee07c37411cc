/* The load average (Linux's kernel/sched/loadavg.c, without NO_HZ folding): every LOAD_FREQ
 * each CPU folds its count of runnable and uninterruptible tasks into calc_load_tasks, and
 * the jiffies CPU turns that into three exponentially decaying averages (1, 5, 15 minutes). */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/sched/loadavg.h>
#include "sched.h"

/* Fixed point with FSHIFT fractional bits; read without locks by /proc/loadavg. */
unsigned long avenrun[3];
/* The sum of every CPU's last folded count, atomically updated by each CPU's tick. */
static long calc_load_tasks;
/* jiffies at which the next sample window starts; the jiffies CPU alone advances it. */
static unsigned long calc_load_update;

/* Linux's calc_load(): load = load * e + active * (1 - e), in fixed point, rounded up while
 * rising so that a constant load is eventually reached. */
static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/* Linux's calc_load_fold_active(): what changed in this CPU's count since its last fold; @adjust
 * tasks of nr_running are not counted (the caller's own). */
static long calc_load_fold_active(struct rq *rq, long adjust)
{
	long nr_active = rq->nr_running - adjust + (long)(int)rq->nr_uninterruptible, delta = 0;

	if (nr_active != rq->calc_load_active) {
		delta = nr_active - rq->calc_load_active;
		rq->calc_load_active = nr_active;
	}
	return delta;
}

/**
 * calc_global_load_tick - fold this CPU's runnable and uninterruptible count, once a window
 * @rq: this CPU's run queue
 *
 * Context: scheduler_tick(), interrupts off, @rq's lock held. Return: nothing.
 */
void calc_global_load_tick(struct rq *rq)
{
	long delta;

	if (time_before(jiffies, rq->calc_load_update))
		return;
	delta = calc_load_fold_active(rq, 0);
	if (delta)
		__atomic_add_fetch(&calc_load_tasks, delta, __ATOMIC_RELAXED);
	rq->calc_load_update += LOAD_FREQ;
}

/**
 * calc_global_load - update avenrun[] once a window, from the folded counts
 *
 * Ten ticks after the window's end, so every CPU's tick has folded its count (Linux's
 * "+ 10"). Linux calls it from do_timer(); here from the jiffies update.
 *
 * Context: the tick on the CPU that advances jiffies, interrupts off. Return: nothing.
 */
void calc_global_load(void)
{
	unsigned long sample_window = READ_ONCE(calc_load_update);
	long active;

	if (time_before(jiffies, sample_window + 10))
		return;
	active = __atomic_load_n(&calc_load_tasks, __ATOMIC_RELAXED);
	active = active > 0 ? active * FIXED_1 : 0;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
	WRITE_ONCE(calc_load_update, sample_window + LOAD_FREQ);
}

/**
 * calc_load_init_rq - start @rq's first sample window with the global one
 * @rq: a run queue
 *
 * Context: boot (sched_init). Return: nothing.
 */
void calc_load_init_rq(struct rq *rq)
{
	calc_load_update = jiffies + LOAD_FREQ;
	rq->calc_load_update = calc_load_update;
}

/**
 * calc_load_migrate - fold a dying CPU's count for good: its tasks have left it
 * @rq: the dying CPU's run queue
 *
 * Its stopper, which runs this, is not counted (Linux's adjust of 1).
 *
 * Context: sched_cpu_dying(), on the dying CPU, interrupts off. Return: nothing.
 */
void calc_load_migrate(struct rq *rq)
{
	long delta = calc_load_fold_active(rq, 1);

	if (delta)
		__atomic_add_fetch(&calc_load_tasks, delta, __ATOMIC_RELAXED);
}
