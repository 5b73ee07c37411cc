/*
 * The pick benchmarks of make bench (many threads): the time to pick the next task
 * must stay flat, within 1.5x, from 10 to 10,000 runnable fair tasks and from 1 to 99 RT
 * priorities in use. Each sample is one call of the class's pick_next_task() under the run
 * queue's lock, with that many tasks queued on this CPU; under -icount shift=0 a TSC tick is a
 * guest instruction.
 */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <asm/processor.h>
#include <bench.h>
#include "../sched/sched.h"

#define WARMUP		8

/* The tasks queued for a benchmark, all bound to its CPU so no balancer takes them away. */
struct pick_set {
	struct task_struct **tasks;
	unsigned int nr;
};

/* Queued only to be looked at: once the benchmark lets them run, they end at once. */
static int pick_extra_fn(void *unused)
{
	return 0;
}

static void pick_release(struct pick_set *s)
{
	for (unsigned int i = 0; i < s->nr; i++) {
		kthread_stop(s->tasks[i]);
		put_task_struct(s->tasks[i]);
	}
	vfree(s->tasks);
}

/*
 * @nr threads created and bound to this CPU, not yet woken; with @rt, SCHED_FIFO 99, 98, ...
 * one priority each, so the one a pick finds is at 99 and the others are below it.
 */
static int pick_create(struct pick_set *s, unsigned int nr, bool rt)
{
	int cpu = smp_processor_id();

	s->nr = 0;
	s->tasks = vmalloc(nr * sizeof(*s->tasks));
	if (!s->tasks)
		return -ENOMEM;
	while (s->nr < nr) {
		struct sched_param sp = { .sched_priority = MAX_RT_PRIO - 1 - (int)s->nr };
		struct task_struct *p = kthread_create(pick_extra_fn, NULL, "bench_pick/%u", s->nr);
		int err;

		if (IS_ERR(p)) {
			pick_release(s);
			return PTR_ERR(p);
		}
		s->tasks[s->nr++] = get_task_struct(p);
		err = kthread_bind(p, cpu);
		if (!err && rt)
			err = sched_setscheduler_nocheck(p, SCHED_FIFO, &sp);
		if (err) {
			pick_release(s);
			return err;
		}
	}
	return 0;
}

static void pick_wake_all(struct pick_set *s)
{
	for (unsigned int i = 0; i < s->nr; i++)
		wake_up_process(s->tasks[i]);
}

/*
 * The fair class's pick with @nr runnable fair tasks queued here: the cached leftmost taken
 * out of the vruntime tree. The benchmark thread runs SCHED_FIFO 1 meanwhile, so the woken
 * tasks wait in the tree and none runs, and the class has no current task of its own. After
 * each sample the picked task goes back with put_prev_task(), as __schedule() does to a task
 * it stops running; its exec_start is the rq clock first, so it is charged nothing and
 * returns to its place, and the tree is the same for every sample.
 */
static int bench_pick_fair(u64 *samples, unsigned int runs, unsigned int nr)
{
	struct rq *rq = this_rq();
	struct pick_set s;
	int err = pick_create(&s, nr, false);

	if (err)
		return err;
	sched_set_fifo_low(current);
	pick_wake_all(&s);
	if (READ_ONCE(rq->cfs.nr_running) < nr)
		err = -EAGAIN;
	for (unsigned int i = 0; !err && i < runs + WARMUP; i++) {
		struct task_struct *p;
		unsigned long flags;
		u64 t0, t1;

		spin_lock_irqsave(&rq->lock, flags);
		update_rq_clock(rq);
		t0 = rdtsc();
		p = fair_sched_class.pick_next_task(rq);
		t1 = rdtsc();
		if (p) {
			p->se.exec_start = rq_clock(rq);
			fair_sched_class.put_prev_task(rq, p);
		}
		spin_unlock_irqrestore(&rq->lock, flags);
		if (!p)
			err = -ENOENT;
		else if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	sched_set_normal(current, 0);
	pick_release(&s);
	return err ? err : (int)runs;
}

/*
 * The RT class's pick with @prios priorities in use here, one task each, the highest at FIFO
 * 99: the first set bit of the priority bitmap, then the head of its list. The benchmark
 * thread stays SCHED_NORMAL with preemption off, so the woken RT tasks wait queued instead of
 * preempting it. The RT pick changes nothing (a running RT task stays in its list), so there
 * is nothing to put back.
 */
static int bench_pick_rt(u64 *samples, unsigned int runs, unsigned int prios)
{
	struct rq *rq = this_rq();
	struct pick_set s;
	int err = pick_create(&s, prios, true);

	if (err)
		return err;
	preempt_disable();
	pick_wake_all(&s);
	if (READ_ONCE(rq->rt.rt_nr_running) < prios)
		err = -EAGAIN;
	for (unsigned int i = 0; !err && i < runs + WARMUP; i++) {
		struct task_struct *p;
		unsigned long flags;
		u64 t0, t1;

		spin_lock_irqsave(&rq->lock, flags);
		t0 = rdtsc();
		p = rt_sched_class.pick_next_task(rq);
		t1 = rdtsc();
		spin_unlock_irqrestore(&rq->lock, flags);
		if (p != s.tasks[0])
			err = -ENOENT;
		else if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	/* The RT tasks run here now, each ending at once. */
	preempt_enable();
	pick_release(&s);
	return err ? err : (int)runs;
}

static int bench_pick_fair_10(u64 *samples, unsigned int runs)
{
	return bench_pick_fair(samples, runs, 10);
}

static int bench_pick_fair_10000(u64 *samples, unsigned int runs)
{
	return bench_pick_fair(samples, runs, 10000);
}

static int bench_pick_rt_1(u64 *samples, unsigned int runs)
{
	return bench_pick_rt(samples, runs, 1);
}

static int bench_pick_rt_99(u64 *samples, unsigned int runs)
{
	return bench_pick_rt(samples, runs, 99);
}

static const struct bench s_pick_fair_10 = { "s_pick_fair_10", 1000, bench_pick_fair_10 };
static const struct bench s_pick_fair_10000 = {
	"s_pick_fair_10000", 1000, bench_pick_fair_10000
};
static const struct bench s_pick_rt_1 = { "s_pick_rt_1", 1000, bench_pick_rt_1 };
static const struct bench s_pick_rt_99 = { "s_pick_rt_99", 1000, bench_pick_rt_99 };
bench_register(s_pick_fair_10);
bench_register(s_pick_fair_10000);
bench_register(s_pick_rt_1);
bench_register(s_pick_rt_99);
