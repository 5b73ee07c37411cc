/*
 * The workqueue's internals that the scheduler and the self-tests see (Linux's
 * kernel/workqueue_internal.h): the worker, and the two hooks __schedule's caller runs for a
 * worker that sleeps and wakes.
 */
#ifndef _KERNEL_WORKQUEUE_INTERNAL_H
#define _KERNEL_WORKQUEUE_INTERNAL_H

#include <linux/workqueue.h>
#include <linux/kthread.h>
#include <linux/preempt.h>

struct worker_pool;

/*
 * A kworker (or a rescuer, or a BH pool's softirq stand-in): the thing that runs works. At any
 * moment a pool's worker is idle on idle_list, busy in busy_hash, or the pool's manager.
 * What protects each field:
 *   L: pool->lock.   A: wq_pool_attach_mutex.   K: only the worker itself.   I: set at creation.
 */
struct worker {
	/* one list link, used by whichever of idle_list and busy_hash holds the worker */
	union {
		struct list_head	entry;		/* L: while idle */
		struct list_head	hentry;		/* L: while busy */
	};

	struct work_struct	*current_work;	/* L: the work being run */
	work_func_t		current_func;	/* L: its function */
	struct pool_workqueue	*current_pwq;	/* L: its pwq */
	unsigned int		current_color;	/* L: its flush colour */

	struct list_head	scheduled;	/* L: works to run next (linked works) */

	struct task_struct	*task;		/* I: the kworker thread */
	struct worker_pool	*pool;		/* A: the pool it is attached to */
	struct list_head	node;		/* A: in pool->workers */

	unsigned long		last_active;	/* L: jiffies when it last went idle */
	unsigned int		flags;		/* X: WORKER_* (L, or K with preemption off) */
	int			id;		/* I: the M of kworker/N:M */
	int			sleeping;	/* K: wq_worker_sleeping() counted it out */

	/* The workqueue name of what it runs or ran last: ps shows it after the comm. */
	char			desc[WORKER_DESC_LEN];

	/* a rescuer's workqueue; NULL for every other kind of worker */
	struct workqueue_struct	*rescue_wq;	/* I */

	work_func_t		last_func;	/* L: the function it ran last */
};

/**
 * current_wq_worker - the worker %current is, if it is one
 *
 * Context: any. Return: the worker, or NULL outside a workqueue worker's process context.
 */
static inline struct worker *current_wq_worker(void)
{
	if (in_task() && (current->flags & PF_WQ_WORKER))
		return kthread_data(current);
	return NULL;
}

void wq_worker_running(struct task_struct *task);
void wq_worker_sleeping(struct task_struct *task);
work_func_t wq_worker_last_func(struct task_struct *task);

/*
 * Linux 6.1: IDLE_WORKER_TIMEOUT is a constant. Here the timeout is read from this variable
 * (IDLE_WORKER_TIMEOUT at boot) so that the reaping test does not wait five minutes.
 */
extern unsigned long wq_idle_worker_timeout;

#endif
