/* The real-time class, SCHED_FIFO and SCHED_RR (Linux's kernel/sched/rt.c): one list per
 * priority and a bitmap of the non-empty ones; RR rotates equals every 100 ms; push and pull. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include "sched.h"

/* CPUs with more than one RT task queued, one of which may run elsewhere: where a CPU whose RT
 * priority dropped looks for one to pull (Linux's rto_mask). Atomic bit operations; read
 * without locks. */
static struct cpumask rt_overload_mask;

/**
 * init_rt_rq - empty RT queue: every priority list empty, highest priority MAX_RT_PRIO (none)
 * @rt_rq: the queue being set up
 *
 * Linux 6.1: also sets up its pushable-task list and RT bandwidth throttling
 * (sched_rt_runtime_us); Spindle has neither, so RT tasks are never throttled.
 *
 * Context: boot (sched_init()), before the CPU schedules. Return: nothing.
 */
void init_rt_rq(struct rt_rq *rt_rq)
{
	struct rt_prio_array *array = &rt_rq->active;

	for (int i = 0; i < MAX_RT_PRIO; i++)
		INIT_LIST_HEAD(&array->queue[i]);
	bitmap_zero(array->bitmap, MAX_RT_PRIO + 1);
	/* The delimiter: find_first_bit() stops here when no list is populated. */
	__set_bit(MAX_RT_PRIO, array->bitmap);
	rt_rq->highest_prio = MAX_RT_PRIO;
}

static inline struct task_struct *rt_task_of(struct sched_rt_entity *rt_se)
{
	return container_of(rt_se, struct task_struct, rt);
}

/*
 * Linux's rt_overloaded: more than one RT task queued and one of them allowed elsewhere. CPUs
 * whose waiting RT tasks are all bound (per-CPU threads, kthread_bind) stay out of the mask, so
 * they draw no pulls and no lock traffic from other CPUs. O(1).
 */
static void update_rt_overload(struct rq *rq)
{
	bool over = rq->rt.rt_nr_running > 1 && rq->rt.rt_nr_migratory;

	if (over == rq->rt.overloaded)
		return;
	rq->rt.overloaded = over;
	if (over)
		cpumask_set_cpu(rq->cpu, &rt_overload_mask);
	else
		cpumask_clear_cpu(rq->cpu, &rt_overload_mask);
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
	if (p->prio < rq->rt.highest_prio)
		WRITE_ONCE(rq->rt.highest_prio, p->prio);
	p->rt.migratory = p->nr_cpus_allowed > 1;
	rq->rt.rt_nr_migratory += p->rt.migratory;
	rq->rt.rt_nr_running++;
	update_rt_overload(rq);
	/* One RT task here waits, and another CPU may be free for it. */
	if (rq->rt.overloaded)
		queue_balance(rq, RQ_BALANCE_PUSH_RT);
}

static void dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_prio_array *array = &rq->rt.active;

	update_curr_rt(rq);
	list_del_init(&p->rt.run_list);
	if (list_empty(&array->queue[p->prio]))
		__clear_bit(p->prio, array->bitmap);
	p->rt.on_rq = 0;
	rq->rt.rt_nr_migratory -= p->rt.migratory;
	rq->rt.rt_nr_running--;
	update_rt_overload(rq);
	/* The highest one left: this CPU's RT priority dropped, so an RT task waiting behind
	 * another on an overloaded CPU may now run here. O(1): two words of bitmap. */
	if (p->prio == rq->rt.highest_prio) {
		WRITE_ONCE(rq->rt.highest_prio, find_first_bit(array->bitmap, MAX_RT_PRIO));
		if (!cpumask_empty(&rt_overload_mask))
			queue_balance(rq, RQ_BALANCE_PULL_RT);
	}
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

/*
 * SMP placement, push and pull. With N CPUs the N highest-priority runnable RT tasks should be
 * running. Three mechanisms keep it so, as in Linux: a waking RT task goes to the CPU running
 * the lowest-priority work (select_task_rq_rt); an RT task left waiting behind another is
 * pushed to a CPU running lower work (push_rt_tasks); a CPU whose RT priority drops pulls the
 * best task waiting elsewhere (pull_rt_task). Push and pull run after the rq lock is dropped
 * (sched_balance()).
 */

static int cpu_rt_rank(int cpu);
static int find_lowest_rq(struct task_struct *p);

/* A waking RT task stays where it last ran if it would run there at once; otherwise it goes to
 * the CPU running the lowest-priority work. */
static int select_task_rq_rt(struct task_struct *p, int prev_cpu, int wake_flags)
{
	int cpu;

	if (cpumask_test_cpu(prev_cpu, &p->cpus_mask) && cpu_active(prev_cpu) &&
	    cpu_rt_rank(prev_cpu) > p->prio)
		return prev_cpu;
	cpu = find_lowest_rq(p);
	return cpu >= 0 ? cpu : prev_cpu;
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

/* How low @cpu's work ranks for RT placement, read without its lock: an idle CPU lowest of
 * all, then one running fair tasks (MAX_RT_PRIO), then the priority of its highest RT task. */
static int cpu_rt_rank(int cpu)
{
	if (idle_cpu(cpu))
		return MAX_RT_PRIO + 1;
	return READ_ONCE(cpu_rq(cpu)->rt.highest_prio);
}

/*
 * Linux's find_lowest_rq() without cpupri: the active CPU @p allows whose work ranks lowest, and
 * below @p (where @p would run at once); -1 if none. The search starts at @p's CPU so that,
 * among equals, it stays cache-hot. O(nr_cpu_ids).
 * Linux 6.1: looks the lowest priority up in cpupri's per-priority CPU masks and prefers a CPU
 * sharing a cache with @p's; Spindle scans the CPUs, cheap at its sizes.
 */
static int find_lowest_rq(struct task_struct *p)
{
	int best = -1, best_rank = p->prio;
	unsigned int start = task_cpu(p), cpu;

	for_each_cpu_wrap(cpu, &p->cpus_mask, start) {
		int rank;

		if (!cpu_active(cpu))
			continue;
		rank = cpu_rt_rank(cpu);
		if (rank > best_rank) {
			best = cpu;
			best_rank = rank;
		}
	}
	return best;
}

/*
 * The best RT task queued on @rq that could run elsewhere (on @cpu, or anywhere with -1): not
 * running, not the one @rq runs next, allowed on more than one CPU. rq->lock held. O(RT tasks
 * queued on @rq), a handful, found through the bitmap in priority order.
 * Linux 6.1: keeps such tasks on a per-rq list sorted by priority (pushable_tasks); Spindle
 * finds them through the bitmap instead of keeping a second structure in step.
 */
static struct task_struct *pick_pushable_task(struct rq *rq, int cpu)
{
	struct rt_prio_array *array = &rq->rt.active;
	struct task_struct *next = pick_next_task_rt(rq);
	struct sched_rt_entity *rt_se;
	unsigned int idx;

	for_each_set_bit(idx, array->bitmap, MAX_RT_PRIO) {
		list_for_each_entry(rt_se, &array->queue[idx], run_list) {
			struct task_struct *p = rt_task_of(rt_se);

			if (p == next || task_current(rq, p) || p->on_cpu || p->nr_cpus_allowed < 2)
				continue;
			if (cpu < 0 || cpumask_test_cpu(cpu, &p->cpus_mask))
				return p;
		}
	}
	return NULL;
}

/* Move one waiting RT task of @rq to a CPU running lower work; false when there is none. */
static bool push_rt_task(struct rq *rq)
{
	struct task_struct *p;
	unsigned long flags;
	bool moved = false;
	struct rq *lowest;
	int cpu;

	spin_lock_irqsave(&rq->lock, flags);
	p = pick_pushable_task(rq, -1);
	cpu = p ? find_lowest_rq(p) : -1;
	if (cpu < 0 || cpu == (int)rq->cpu) {
		spin_unlock_irqrestore(&rq->lock, flags);
		return false;
	}
	/* Both locks, in order: @p may change while neither is held, so the reference keeps it
	 * and everything is checked again. */
	get_task_struct(p);
	spin_unlock(&rq->lock);
	lowest = cpu_rq(cpu);
	double_rq_lock(rq, lowest);
	if (task_rq(p) == rq && task_on_rq_queued(p) && !task_current(rq, p) && !p->on_cpu &&
	    p->sched_class == &rt_sched_class && cpumask_test_cpu(cpu, &p->cpus_mask) &&
	    cpu_active(cpu) && cpu_rt_rank(cpu) > p->prio) {
		move_queued_task_locked(rq, lowest, p);
		moved = true;
	}
	double_rq_unlock(rq, lowest);
	local_irq_restore(flags);
	put_task_struct(p);
	return moved;
}

/**
 * push_rt_tasks - move RT tasks waiting on @rq to CPUs running lower-priority work
 * @rq: a run queue with an RT task waiting behind another (RQ_BALANCE_PUSH_RT)
 *
 * Push while something moves; each push fills a CPU with lower work, so at most one per CPU.
 * Linux 6.1: static, run as a balance callback with @rq's lock held, and loops until nothing
 * moves without a bound; Spindle runs it once the lock is dropped (sched_balance()).
 *
 * Context: from sched_balance(); no run-queue lock held, interrupts either way (saved);
 * takes @rq's lock and each target's. Return: nothing.
 */
void push_rt_tasks(struct rq *rq)
{
	for (unsigned int i = 0; i < nr_cpu_ids && push_rt_task(rq); i++)
		;
}

/**
 * pull_rt_task - take waiting RT tasks from overloaded CPUs to this one
 * @this_rq: the run queue whose RT priority dropped (RQ_BALANCE_PULL_RT), or that runs no RT
 *	task at a periodic balance
 *
 * Take from each overloaded CPU its best waiting task that would run here, above what this
 * CPU has. O(CPUs in rt_overload_mask), each a double lock. Nothing if @this_rq's CPU is not
 * active.
 * Linux 6.1: static, run as a balance callback with the lock held; by default (RT_PUSH_IPI)
 * it asks the overloaded CPUs by IPI to push instead of locking their queues. Spindle locks
 * them, which is simpler to follow and cheap with few CPUs.
 *
 * Context: no run-queue lock held, interrupts either way (saved). Return: nothing.
 */
void pull_rt_task(struct rq *this_rq)
{
	unsigned int this_cpu = this_rq->cpu, cpu;
	unsigned long flags;

	if (cpumask_empty(&rt_overload_mask) || !cpu_active(this_cpu))
		return;
	local_irq_save(flags);
	for_each_cpu(cpu, &rt_overload_mask) {
		struct rq *src = cpu_rq(cpu);
		struct task_struct *p;

		if (cpu == this_cpu)
			continue;
		double_rq_lock(this_rq, src);
		p = pick_pushable_task(src, this_cpu);
		if (p && p->prio < this_rq->rt.highest_prio && p->prio < this_rq->curr->prio)
			move_queued_task_locked(src, this_rq, p);
		double_rq_unlock(this_rq, src);
	}
	local_irq_restore(flags);
}

/* The mask of a queued RT task changed: count it anew, and push it if it may now go elsewhere. */
static void set_cpus_allowed_rt(struct rq *rq, struct task_struct *p)
{
	unsigned short migratory = p->nr_cpus_allowed > 1;

	if (!p->rt.on_rq || p->rt.migratory == migratory)
		return;
	rq->rt.rt_nr_migratory = rq->rt.rt_nr_migratory - p->rt.migratory + migratory;
	p->rt.migratory = migratory;
	update_rt_overload(rq);
	if (rq->rt.overloaded)
		queue_balance(rq, RQ_BALANCE_PUSH_RT);
}

static void switched_to_rt(struct rq *rq, struct task_struct *p)
{
	if (!p->on_rq)
		return;
	if (!task_current(rq, p) && (rq->curr->sched_class != &rt_sched_class ||
				     p->prio < rq->curr->prio))
		resched_curr(rq);
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

DEFINE_SCHED_CLASS(rt) = {
	.enqueue_task		= enqueue_task_rt,
	.dequeue_task		= dequeue_task_rt,
	.yield_task		= yield_task_rt,
	.check_preempt_curr	= check_preempt_curr_rt,
	.pick_next_task		= pick_next_task_rt,
	.put_prev_task		= put_prev_task_rt,
	.task_tick		= task_tick_rt,
	.prio_changed		= prio_changed_rt,
	.switched_to		= switched_to_rt,
	.select_task_rq		= select_task_rq_rt,
	.set_cpus_allowed	= set_cpus_allowed_rt,
};
