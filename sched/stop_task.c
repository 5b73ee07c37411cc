/* The stop class (Linux's kernel/sched/stop_task.c): the highest, one task per CPU (migration/N,
 * the CPU stopper), which preempts everything, RT included, and which nothing preempts. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include "sched.h"

/* One stop task per CPU: nothing of its own class can preempt it. */
static void check_preempt_curr_stop(struct rq *rq, struct task_struct *p, int flags)
{
}

static struct task_struct *pick_next_task_stop(struct rq *rq)
{
	struct task_struct *stop = rq->stop;

	return stop && task_on_rq_queued(stop) ? stop : NULL;
}

/* Nothing to order: rq->stop is the class's only task, and on_rq says whether it is queued. */
static void enqueue_task_stop(struct rq *rq, struct task_struct *p, int flags)
{
}

static void dequeue_task_stop(struct rq *rq, struct task_struct *p, int flags)
{
	if (task_current(rq, p))
		update_curr_common(rq);
}

static void yield_task_stop(struct rq *rq)
{
	WARN_ONCE(1, "the stop task yielded\n");
}

static void put_prev_task_stop(struct rq *rq, struct task_struct *prev)
{
	update_curr_common(rq);
}

DEFINE_SCHED_CLASS(stop) = {
	.enqueue_task		= enqueue_task_stop,
	.dequeue_task		= dequeue_task_stop,
	.yield_task		= yield_task_stop,
	.check_preempt_curr	= check_preempt_curr_stop,
	.pick_next_task		= pick_next_task_stop,
	.put_prev_task		= put_prev_task_stop,
};
