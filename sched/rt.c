/* The real-time class (SCHED_FIFO, SCHED_RR): strict priorities 0..99, one FIFO list per
 * priority and a bitmap of the non-empty lists. FIFO runs until it blocks or yields; RR rotates
 * among equal priorities every 100 ms. */
#include <linux/kernel.h>
#include "sched.h"

static inline struct task_struct *rt_task_of(struct sched_rt_entity *rt_se)
{
	return container_of(rt_se, struct task_struct, rt);
}

void init_rt_rq(struct rt_rq *rt_rq)
{
	struct rt_prio_array *array = &rt_rq->active;

	for (int i = 0; i < MAX_RT_PRIO; i++)
		INIT_LIST_HEAD(&array->queue[i]);
	bitmap_zero(array->bitmap, MAX_RT_PRIO + 1);
	/* The delimiter: find_first_bit() stops here when no list is populated. */
	__set_bit(MAX_RT_PRIO, array->bitmap);
}

static void update_curr_rt(struct rq *rq)
{
	if (rq->curr->sched_class == &rt_sched_class)
		update_curr_common(rq);
}

/* O(1): append to (or, for a task preempted by a higher one, put back at the head of) its
 * priority's list. The running task stays in its list. */
static void enqueue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_prio_array *array = &rq->rt.active;
	struct list_head *queue = &array->queue[p->prio];

	if (flags & ENQUEUE_HEAD)
		list_add(&p->rt.run_list, queue);
	else
		list_add_tail(&p->rt.run_list, queue);
	__set_bit(p->prio, array->bitmap);
	p->rt.on_rq = 1;
	rq->rt.rt_nr_running++;
}

static void dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_prio_array *array = &rq->rt.active;

	update_curr_rt(rq);
	list_del_init(&p->rt.run_list);
	if (list_empty(&array->queue[p->prio]))
		__clear_bit(p->prio, array->bitmap);
	p->rt.on_rq = 0;
	rq->rt.rt_nr_running--;
}

/* Move @p to the back of its priority's list: SCHED_RR rotation and yield(). */
static void requeue_task_rt(struct rq *rq, struct task_struct *p)
{
	if (p->rt.on_rq)
		list_move_tail(&p->rt.run_list, &rq->rt.active.queue[p->prio]);
}

static void yield_task_rt(struct rq *rq)
{
	requeue_task_rt(rq, rq->curr);
}

/* A strictly higher priority preempts; an equal one waits its turn (FIFO semantics). */
static void check_preempt_curr_rt(struct rq *rq, struct task_struct *p, int flags)
{
	if (p->prio < rq->curr->prio)
		resched_curr(rq);
}

/* O(1): the first set bit gives the highest priority; its list's head runs. */
static struct task_struct *pick_next_task_rt(struct rq *rq)
{
	struct rt_prio_array *array = &rq->rt.active;
	unsigned int idx;

	if (!rq->rt.rt_nr_running)
		return NULL;
	idx = find_first_bit(array->bitmap, MAX_RT_PRIO);
	return rt_task_of(list_first_entry(&array->queue[idx], struct sched_rt_entity, run_list));
}

/*
 * The running task stays at its place in its list, which is the head (pick took the head), so
 * when a higher priority preempts it, it resumes before its equals that waited, as POSIX
 * requires of SCHED_FIFO. Only an RR slice running out or a yield moves it to the tail.
 */
static void put_prev_task_rt(struct rq *rq, struct task_struct *prev)
{
	update_curr_rt(rq);
}

/* SCHED_RR: after 100 ticks, go to the back of the list if anyone else shares the priority. */
static void task_tick_rt(struct rq *rq, struct task_struct *p)
{
	struct list_head *queue = &rq->rt.active.queue[p->prio];

	update_curr_rt(rq);
	if (p->policy != SCHED_RR || --p->rt.time_slice)
		return;
	p->rt.time_slice = RR_TIMESLICE;
	if (queue->next != queue->prev) {
		requeue_task_rt(rq, p);
		resched_curr(rq);
	}
}

static void prio_changed_rt(struct rq *rq, struct task_struct *p, int oldprio)
{
	struct task_struct *first;

	if (task_current(rq, p)) {
		/* Lowered: someone queued may now be above it. */
		first = pick_next_task_rt(rq);
		if (p->prio > oldprio && first && first->prio < p->prio)
			resched_curr(rq);
	} else if (p->prio < rq->curr->prio) {
		resched_curr(rq);
	}
}

static void switched_to_rt(struct rq *rq, struct task_struct *p)
{
	if (!task_current(rq, p) && (rq->curr->sched_class != &rt_sched_class ||
				     p->prio < rq->curr->prio))
		resched_curr(rq);
}

const struct sched_class rt_sched_class = {
	.next			= &fair_sched_class,
	.enqueue_task		= enqueue_task_rt,
	.dequeue_task		= dequeue_task_rt,
	.yield_task		= yield_task_rt,
	.check_preempt_curr	= check_preempt_curr_rt,
	.pick_next_task		= pick_next_task_rt,
	.put_prev_task		= put_prev_task_rt,
	.task_tick		= task_tick_rt,
	.prio_changed		= prio_changed_rt,
	.switched_to		= switched_to_rt,
};
