/* The load average (Linux's kernel/sched/loadavg.c): every LOAD_FREQ each ticking CPU folds its
 * count of runnable and uninterruptible tasks into calc_load_tasks (an idle CPU folds as it stops
 * its tick), and the jiffies CPU turns that into three exponentially decaying averages. */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/nohz.h>
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

/*
 * @x to the power @n in fixed point with @frac_bits fractional bits, by squaring: O(log n).
 * Linux's fixed_power_int().
 */
static unsigned long fixed_power_int(unsigned long x, unsigned int frac_bits, unsigned int n)
{
	unsigned long result = 1UL << frac_bits;

	while (n) {
		if (n & 1) {
			result = result * x + (1UL << (frac_bits - 1));
			result >>= frac_bits;
		}
		n >>= 1;
		x = x * x + (1UL << (frac_bits - 1));
		x >>= frac_bits;
	}
	return result;
}

/* @n windows at once with the same @active: the decay factor to the power @n. */
static unsigned long calc_load_n(unsigned long load, unsigned long exp, unsigned long active,
				 unsigned int n)
{
	return calc_load(load, fixed_power_int(exp, FSHIFT, n), active);
}

/**
 * calc_global_load - update avenrun[] once a window, from the folded counts
 *
 * Ten ticks after the window's end, so every ticking CPU has folded its count (Linux's
 * "+ 10"). When every CPU slept through whole windows with its tick stopped, jiffies jump and
 * the windows missed are applied at once with the count folded when the ticks stopped, as
 * Linux's calc_global_nohz() does.
 *
 * Context: the jiffies update, under jiffies_lock, interrupts off. Return: nothing.
 */
void calc_global_load(void)
{
	unsigned long sample_window = READ_ONCE(calc_load_update);
	unsigned int n;
	long active;

	if (time_before(jiffies, sample_window + 10))
		return;
	n = 1 + (jiffies - (sample_window + 10)) / LOAD_FREQ;
	active = __atomic_load_n(&calc_load_tasks, __ATOMIC_RELAXED);
	active = active > 0 ? active * FIXED_1 : 0;
	avenrun[0] = calc_load_n(avenrun[0], EXP_1, active, n);
	avenrun[1] = calc_load_n(avenrun[1], EXP_5, active, n);
	avenrun[2] = calc_load_n(avenrun[2], EXP_15, active, n);
	WRITE_ONCE(calc_load_update, sample_window + n * LOAD_FREQ);
}

/**
 * calc_load_nohz_start - fold this CPU's count as its tick stops
 *
 * It will not tick at the next window's end, so what it counts now (usually nothing) is what
 * the windows it sleeps through see.
 * Linux 6.1: folds into a second buffer near a window's end (calc_load_idx); here one sum.
 *
 * Context: the idle loop, interrupts off. Return: nothing.
 */
void calc_load_nohz_start(void)
{
	long delta = calc_load_fold_active(this_rq(), 0);

	if (delta)
		__atomic_add_fetch(&calc_load_tasks, delta, __ATOMIC_RELAXED);
}

/**
 * calc_load_nohz_stop - the tick restarts: fold again at the current window's end
 *
 * Its own next fold may lie windows behind; move it to the window under way, or to the next
 * if this one's end was more than the ten-tick margin ago (its sum was already used).
 *
 * Context: tick_nohz_idle_exit(), interrupts off. Return: nothing.
 */
void calc_load_nohz_stop(void)
{
	struct rq *rq = this_rq();
	unsigned long next = READ_ONCE(calc_load_update);

	if (time_before(jiffies, rq->calc_load_update))
		return;
	if (!time_before(jiffies, next + 10))
		next += LOAD_FREQ;
	rq->calc_load_update = next;
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
