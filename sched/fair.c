/* The fair class, CFS (Linux's kernel/sched/fair.c): SCHED_NORMAL, SCHED_BATCH and SCHED_IDLE
 * tasks by virtual runtime (runtime * 1024 / weight), the smallest next; and the load balancer. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/smp.h>
#include <linux/sched/nohz.h>
#include "sched.h"

/*
 * The CFS tunables, Linux's: the latency period in which every runnable task should run once
 * (6 ms), the shortest slice (0.75 ms) and the lead in vruntime a waking task needs to preempt
 * (1 ms), each for one CPU (the normalized_ values) and multiplied by 1 + ilog2(online CPUs,
 * at most 8) as more CPUs come online (update_sysctl()): with more CPUs a user sees each task
 * sooner anyway, so longer slices cost less latency. Written by update_sysctl() at boot and
 * under the hotplug lock; read without a lock on the scheduling paths (a pass that sees the
 * old value of one of them is harmless).
 */
unsigned int sysctl_sched_latency = 6000000ULL;
static unsigned int normalized_sysctl_sched_latency = 6000000ULL;
unsigned int sysctl_sched_min_granularity = 750000ULL;
static unsigned int normalized_sysctl_sched_min_granularity = 750000ULL;
/* Linux's sched_nr_latency: latency / min_granularity, which the scaling keeps at 8. */
#define SCHED_NR_LATENCY		8
unsigned int sysctl_sched_wakeup_granularity = 1000000UL;
static unsigned int normalized_sysctl_sched_wakeup_granularity = 1000000UL;

/*
 * 1 + ilog2(online CPUs, at most 8): more CPUs mean a shorter effective latency, but not in
 * proportion.
 * Linux 6.1: sysctl_sched_tunable_scaling chooses none, linear or this logarithm (the
 * default); Spindle has no knob to change it, so always the logarithm.
 */
static unsigned int get_update_sysctl_factor(void)
{
	unsigned int cpus = min_t(unsigned int, num_online_cpus(), 8);

	return 1 + ilog2(cpus);
}

/* Scale the tunables for the CPUs online now (boot, and each CPU's rq going on or offline). */
static void update_sysctl(void)
{
	unsigned int factor = get_update_sysctl_factor();

	sysctl_sched_min_granularity = factor * normalized_sysctl_sched_min_granularity;
	sysctl_sched_latency = factor * normalized_sysctl_sched_latency;
	sysctl_sched_wakeup_granularity = factor * normalized_sysctl_sched_wakeup_granularity;
}

/**
 * sched_init_granularity - scale the CFS tunables for the CPUs brought up at boot
 *
 * Context: boot, from sched_init_smp(), once the secondary CPUs are up. Return: nothing.
 */
void sched_init_granularity(void)
{
	update_sysctl();
}

/*
 * SCHED_IDLE tasks are kept apart from the others and picked only when no other fair task is
 * runnable: the strict "runs only when nothing else can" that SCHED_IDLE is usually described
 * as (docs/scheduler.md).
 * Linux 6.1: SCHED_IDLE tasks share the tree with weight 3, which leaves them a sliver of CPU
 * beside busy tasks; Spindle gives them the strict meaning a student expects.
 */
static inline bool se_is_idle(struct sched_entity *se)
{
	return task_of(se)->policy == SCHED_IDLE;
}

static inline struct rb_root_cached *timeline_of(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	return se_is_idle(se) ? &cfs_rq->idle_timeline : &cfs_rq->tasks_timeline;
}

static bool entity_before(struct rb_node *a, const struct rb_node *b)
{
	return (s64)(rb_entry(a, struct sched_entity, run_node)->vruntime -
		     rb_entry(b, struct sched_entity, run_node)->vruntime) < 0;
}

static struct sched_entity *__pick_first_entity(struct cfs_rq *cfs_rq);

/* min_vruntime only moves forward: the smaller of curr's (if queued) and the leftmost's. O(1).
 * Inline: it runs twice on every switch, on the dequeue and the wake-up's charge. */
static __always_inline void update_min_vruntime(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr, *left = __pick_first_entity(cfs_rq);
	u64 vruntime;

	if (curr && curr->on_rq) {
		vruntime = curr->vruntime;
		if (left && (s64)(left->vruntime - vruntime) < 0)
			vruntime = left->vruntime;
	} else if (left) {
		vruntime = left->vruntime;
	} else {
		return;
	}
	if ((s64)(vruntime - cfs_rq->min_vruntime) > 0)
		cfs_rq->min_vruntime = vruntime;
}

/* O(log n): rbtree insert; the cached leftmost keeps the pick O(1). */
static void __enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	rb_add_cached(&se->run_node, timeline_of(cfs_rq, se), entity_before);
}

static void __dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	rb_erase_cached(&se->run_node, timeline_of(cfs_rq, se));
}

static struct sched_entity *__pick_first_entity(struct cfs_rq *cfs_rq)
{
	struct rb_node *left = rb_first_cached(&cfs_rq->tasks_timeline);

	if (!left)
		left = rb_first_cached(&cfs_rq->idle_timeline);
	return left ? rb_entry(left, struct sched_entity, run_node) : NULL;
}

/* delta * 1024 / weight, as a multiply by the precomputed 2^32 / weight. */
static u64 calc_delta_fair(u64 delta, struct sched_entity *se)
{
	if (se->load.weight == NICE_0_LOAD)
		return delta;
	return (u64)(((unsigned __int128)delta * NICE_0_LOAD * se->load.inv_weight) >> 32);
}

/* The period in which every runnable task should run once: the latency, longer when crowded
 * (the minimum slice each). */
static u64 __sched_period(unsigned int nr_running)
{
	if (nr_running > SCHED_NR_LATENCY)
		return nr_running * sysctl_sched_min_granularity;
	return sysctl_sched_latency;
}

/* @se's share of the period, by weight. */
static u64 sched_slice(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	unsigned long total = cfs_rq->load_weight;

	if (!se->on_rq)
		total += se->load.weight;
	return __sched_period(cfs_rq->nr_running + !se->on_rq) * se->load.weight / total;
}

/*
 * Charge the running fair task: its vruntime grows by its runtime scaled by weight. Returns
 * whether time passed; a second call under the same rq clock (enqueue then
 * check_preempt_wakeup, dequeue then put_prev_task) finds none and costs a compare. Callers
 * that change the queue afterwards update min_vruntime once themselves. O(1).
 */
static inline bool __update_curr_fair(struct rq *rq)
{
	struct sched_entity *curr = rq->cfs.curr;
	u64 delta;

	if (!curr || curr->exec_start == rq_clock(rq))
		return false;
	delta = update_curr_common(rq);
	if (!delta)
		return false;
	curr->vruntime += calc_delta_fair(delta, curr);
	return true;
}

/* Inline: on the wake-up path it nearly always finds nothing to charge. */
static __always_inline void update_curr_fair(struct rq *rq)
{
	if (__update_curr_fair(rq))
		update_min_vruntime(&rq->cfs);
}

/*
 * Where a task goes in the queue. A waking sleeper's vruntime is raised to at least half a
 * latency period below min_vruntime: it runs soon, but not for the whole time it slept. A new
 * task's vruntime is set one of its slices (in virtual time) above min_vruntime: it queues
 * after the tasks already there, so a stream of new tasks cannot starve the old ones.
 * Linux 6.1: the same by default (START_DEBIT, GENTLE_FAIR_SLEEPERS), but a SCHED_IDLE sleeper
 * gets half the minimum granularity, a new task starts no lower than its parent, and one asleep
 * so long its vruntime could wrap is placed afresh; Spindle keeps SCHED_IDLE tasks apart and
 * lets a new task start from min_vruntime alone (task_fork_fair()).
 */
static void place_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, bool initial)
{
	u64 vruntime = cfs_rq->min_vruntime;

	if (initial)
		vruntime += calc_delta_fair(sched_slice(cfs_rq, se), se);
	else
		vruntime -= sysctl_sched_latency / 2;
	if ((s64)(vruntime - se->vruntime) > 0 || initial)
		se->vruntime = vruntime;
}

/*
 * Every queue has its own min_vruntime. A task taken off one to be moved (DEQUEUE_SAVE) keeps
 * its vruntime relative to the queue's (dequeue subtracts, enqueue adds), so it keeps its place
 * relative to the others on the new one. A task that goes to sleep keeps it absolute: while it
 * sleeps the queue's min_vruntime moves on without it, so at its wake-up its vruntime is below
 * the others' and place_entity() lets it run soon (by at most half a latency period: the sleeper
 * credit that makes a woken shell preempt a CPU hog). Linux's enqueue_entity() and
 * dequeue_entity(); a sleeper that changes CPU is re-based by migrate_task_rq_fair().
 * Linux 6.1: also keeps PELT load averages and group (cgroup) entities up to date here;
 * Spindle balances by task count and has no task groups.
 */
static void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &p->se;
	bool curr = cfs_rq->curr == se;

	update_curr_fair(rq);
	if (flags & ENQUEUE_WAKEUP)
		place_entity(cfs_rq, se, false);
	else
		se->vruntime += cfs_rq->min_vruntime;
	if (!curr)
		__enqueue_entity(cfs_rq, se);
	se->on_rq = 1;
	cfs_rq->nr_running++;
	cfs_rq->load_weight += se->load.weight;
}

static void dequeue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &p->se;

	__update_curr_fair(rq);
	if (cfs_rq->curr != se)
		__dequeue_entity(cfs_rq, se);
	se->on_rq = 0;
	cfs_rq->nr_running--;
	cfs_rq->load_weight -= se->load.weight;
	update_min_vruntime(cfs_rq);
	if (!(flags & DEQUEUE_SLEEP))
		se->vruntime -= cfs_rq->min_vruntime;
}

/*
 * SMP wake-up placement and load balancing. Fair tasks are spread by counting: a waking task
 * goes to an idle CPU if there is one, and an idle or lightly loaded CPU periodically pulls
 * queued tasks from the busiest one. Linux weighs load (PELT averages over scheduling
 * domains); at teaching scale the number of runnable tasks is what a student watches, so that
 * is what is balanced (docs/scheduler.md).
 */

/* Linux's sysctl_sched_nr_migrate: at most this many tasks looked at per balancing pass. */
#define SCHED_NR_MIGRATE	32
/* Linux's busy_factor: a busy CPU balances this many times less often than an idle one. */
#define BUSY_FACTOR		16
/* Linux's MAX_PINNED_INTERVAL: how far (ms) the interval may grow while every task that waits
 * on the busiest CPU is bound away from this one. */
#define MAX_PINNED_INTERVAL	512

/*
 * Linux's select_idle_sibling() with every CPU one hop away: the previous CPU if it is idle (its
 * caches may still hold the task), else the first idle CPU the task allows, searching from the
 * previous one so wake-ups spread, else the previous CPU. O(1) when prev is idle, else
 * O(nr_cpu_ids).
 * Linux 6.1: chooses between the waker's CPU and the previous one (wake_affine()), then looks
 * for an idle core, then an idle CPU, within the shared-cache domain; Spindle has no domains.
 */
static int select_task_rq_fair(struct task_struct *p, int prev_cpu, int wake_flags)
{
	unsigned int start = prev_cpu, cpu;

	for_each_cpu_wrap(cpu, &p->cpus_mask, start)
		if (cpu_active(cpu) && idle_cpu(cpu))
			return cpu;
	return prev_cpu;
}

static bool vruntime_normalized(struct task_struct *p);

/*
 * A sleeping task is woken onto (or moved to) another CPU: its absolute vruntime is on the old
 * queue's clock; put it on the new one's. Both clocks are read without their locks, as Linux
 * reads the old one: a wake-up placed a little early or late is harmless.
 * Linux 6.1: does this in two halves (subtract here for a TASK_WAKING task, add in
 * enqueue_entity() with ENQUEUE_MIGRATED); Spindle's one step is the same sum.
 */
static void migrate_task_rq_fair(struct task_struct *p, unsigned int new_cpu)
{
	struct sched_entity *se = &p->se;

	/* A new task's is still relative, from task_fork_fair(). */
	if (vruntime_normalized(p))
		return;
	se->vruntime += READ_ONCE(cpu_rq(new_cpu)->cfs.min_vruntime) -
			READ_ONCE(task_rq(p)->cfs.min_vruntime);
}

/*
 * A woken task preempts the running one when it is owed more than the wake-up granularity
 * (scaled to its weight), so wake-ups preempt promptly but a ping-pong of tiny wake-ups does
 * not switch on every one.
 */
static void check_preempt_wakeup(struct rq *rq, struct task_struct *p, int flags)
{
	struct sched_entity *curr = &rq->curr->se, *se = &p->se;
	s64 vdiff;

	if (se_is_idle(curr) && !se_is_idle(se)) {
		resched_curr(rq);
		return;
	}
	if (se_is_idle(se) || p->policy == SCHED_BATCH)
		return;
	update_curr_fair(rq);
	vdiff = (s64)(curr->vruntime - se->vruntime);
	if (vdiff > (s64)calc_delta_fair(sysctl_sched_wakeup_granularity, se))
		resched_curr(rq);
}

/* O(1): the cached leftmost; it leaves the tree while it runs. */
static struct task_struct *pick_next_task_fair(struct rq *rq)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se;

	if (!cfs_rq->nr_running)
		return NULL;
	se = __pick_first_entity(cfs_rq);
	__dequeue_entity(cfs_rq, se);
	cfs_rq->curr = se;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
	return task_of(se);
}

static void put_prev_task_fair(struct rq *rq, struct task_struct *prev)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &prev->se;

	if (cfs_rq->curr != se)
		return;
	/* Off the queue, it was charged by the dequeue that took it off, as in Linux. */
	if (se->on_rq) {
		update_curr_fair(rq);
		__enqueue_entity(cfs_rq, se);
	}
	cfs_rq->curr = NULL;
}

/*
 * yield(): go behind every other fair task of the same kind. O(log n).
 * Linux 6.1: marks the task as the skip buddy, which the next pick passes over once; Spindle
 * has no buddies, and moving the vruntime past the last makes the yield visible in the tree.
 */
static void yield_task_fair(struct rq *rq)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = cfs_rq->curr;
	struct rb_node *last;

	if (!se || cfs_rq->nr_running < 2)
		return;
	update_curr_fair(rq);
	last = rb_last(&timeline_of(cfs_rq, se)->rb_root);
	if (last) {
		u64 v = rb_entry(last, struct sched_entity, run_node)->vruntime + 1;

		if ((s64)(v - se->vruntime) > 0)
			se->vruntime = v;
	}
	resched_curr(rq);
}

/* May @p go from @src to @dst now? Not if it runs (or is being switched), or may not run there. */
static bool can_migrate_task(struct task_struct *p, struct rq *src, struct rq *dst)
{
	return cpumask_test_cpu(dst->cpu, &p->cpus_mask) && !task_current(src, p) && !p->on_cpu;
}

/*
 * Move up to @nr queued fair tasks from @src to @dst, from the right end of each tree: the
 * tasks owed least, which would wait longest where they are. Both locks held. O(nr log n).
 * Linux 6.1: detach_tasks() takes from the tail of the rq's cfs_tasks list (the least recently
 * run) until enough load moved, and attach_tasks() queues them after @src's lock is dropped;
 * Spindle counts tasks and moves each under both locks.
 */
static int detach_attach_tasks(struct rq *dst, struct rq *src, int nr)
{
	struct rb_root_cached *trees[] = { &src->cfs.tasks_timeline, &src->cfs.idle_timeline };
	int moved = 0, looked = 0;

	for (int t = 0; t < 2; t++) {
		struct rb_node *node = rb_last(&trees[t]->rb_root);

		while (node && moved < nr && looked++ < SCHED_NR_MIGRATE) {
			struct rb_node *prev = rb_prev(node);
			struct task_struct *p = task_of(rb_entry(node, struct sched_entity, run_node));

			if (can_migrate_task(p, src, dst)) {
				move_queued_task_locked(src, dst, p);
				moved++;
			}
			node = prev;
		}
	}
	return moved;
}

/* Fair tasks waiting in @rq's queue, read without the lock: only they can be pulled (not the
 * running one, nor RT tasks), so a CPU with none is not worth locking. */
static int cfs_waiting(struct rq *rq)
{
	return (int)READ_ONCE(rq->cfs.nr_running) - !!READ_ONCE(rq->cfs.curr);
}

/*
 * The active CPU, not yet @tried, with fair tasks waiting and the most runnable tasks, if it has
 * at least two more than @this_rq (one more would only move the imbalance). RT tasks count
 * too: a fair task queued behind a running RT task waits as long as behind a fair one (Linux
 * lowers such a CPU's capacity instead). Read without locks: a hint re-checked under them.
 * A CPU that is online but not active is never a source: what waits there is its own per-CPU
 * threads, bound to it (Linux builds its domains from cpu_active_mask). O(nr_cpu_ids).
 * Linux 6.1: weighs load (PELT averages of weight) against capacity, finding the busiest group
 * of a scheduling domain and then its busiest queue; Spindle counts runnable tasks, which is
 * what a student can watch (docs/scheduler.md).
 */
static struct rq *find_busiest_queue(struct rq *this_rq, const struct cpumask *tried)
{
	unsigned int cpu, most = READ_ONCE(this_rq->nr_running) + 1;
	struct rq *busiest = NULL;

	for_each_cpu(cpu, cpu_active_mask) {
		unsigned int nr = READ_ONCE(cpu_rq(cpu)->nr_running);

		if (nr > most && cfs_waiting(cpu_rq(cpu)) > 0 && !cpumask_test_cpu(cpu, tried)) {
			most = nr;
			busiest = cpu_rq(cpu);
		}
	}
	return busiest;
}

/*
 * Pull fair tasks to @this_rq until it and the busiest CPU differ by at most one task. If the
 * busiest has nothing that may move here (all bound elsewhere), the next busiest is tried, a
 * few times at most. Interrupts off. Returns the number moved; *@all_pinned tells (as Linux's
 * LBF_ALL_PINNED) that busy CPUs were found and locked but every waiting task was bound away.
 * The busiest CPU's lock is only tried: whoever holds it is scheduling there already, and
 * every idle CPU queueing behind it delays that CPU's tick and switches (under emulation, 61
 * idle CPUs queued on one lock stopped a 64-CPU machine). The periodic pass comes back anyway.
 * Linux 6.1: balances load, not task counts, per scheduling domain, and waits for the busiest
 * CPU's lock; Spindle evens task counts and tries the lock, for the reason above.
 */
static int load_balance(struct rq *this_rq, bool *all_pinned)
{
	struct cpumask tried;
	int moved = 0;

	*all_pinned = false;
	if (!cpu_active(this_rq->cpu))
		return 0;
	cpumask_clear(&tried);
	for (int attempt = 0; attempt < 3 && !moved; attempt++) {
		struct rq *busiest = find_busiest_queue(this_rq, &tried);
		int imbalance;

		if (!busiest)
			break;
		cpumask_set_cpu(busiest->cpu, &tried);
		/* Taken: try the next busiest (see above). */
		if (!double_rq_trylock(this_rq, busiest))
			continue;
		imbalance = ((int)busiest->nr_running - (int)this_rq->nr_running) / 2;
		if (imbalance > 0) {
			moved = detach_attach_tasks(this_rq, busiest, imbalance);
			*all_pinned = !moved;
		}
		double_rq_unlock(this_rq, busiest);
	}
	return moved;
}

/*
 * CPUs asleep with their tick stopped take no periodic balance of their own. Linux's nohz
 * state: their mask and count, set and cleared by each CPU for itself, read by the busy CPUs'
 * ticks (atomic bit operations, no lock); and the jiffy before which no busy CPU kicks again.
 */
static struct {
	struct cpumask idle_cpus_mask;
	atomic_t nr_cpus;
	unsigned long next_kick;
} nohz;

/*
 * From a busy CPU's tick, with tasks waiting on it: wake one tick-stopped CPU whose own balance
 * is due, to pull work (its softirq, raised by nohz_kick_ipi()). Each such CPU keeps its
 * backoff (balance_interval), so tasks that cannot move wake it less and less often, and the
 * busy CPUs kick at most once a jiffy between them. The kicked CPU pulls for itself, and the next
 * tick kicks another if work still waits. O(1) while no CPU's tick is stopped or nothing waits.
 * Linux 6.1: the kicked CPU balances for every tick-stopped CPU (nohz_idle_balance()), kicked
 * by a call-function IPI; Spindle's balances for itself only, so one CPU's pass is one lock
 * round, and the kick rides the reschedule IPI (nohz_kick_ipi()).
 */
static void nohz_balancer_kick(struct rq *rq)
{
	unsigned long now = jiffies;
	unsigned int cpu;

	if (likely(!atomic_read(&nohz.nr_cpus)) || rq->nr_running < 2 ||
	    time_before(now, READ_ONCE(nohz.next_kick)))
		return;
	WRITE_ONCE(nohz.next_kick, now + 1);
	for_each_cpu(cpu, &nohz.idle_cpus_mask) {
		struct rq *ilb = cpu_rq(cpu);

		if (cpu == rq->cpu || !cpu_active(cpu) || !idle_cpu(cpu) ||
		    time_before(now, READ_ONCE(ilb->next_balance)))
			continue;
		WRITE_ONCE(ilb->nohz_kick, true);
		smp_send_reschedule(cpu);
		return;
	}
}

/**
 * nohz_balance_exit_idle - this CPU's tick runs again: it balances from it
 * @cpu: this CPU
 *
 * Context: the tick code, interrupts off. Return: nothing.
 */
void nohz_balance_exit_idle(int cpu)
{
	if (cpumask_test_cpu(cpu, &nohz.idle_cpus_mask)) {
		cpumask_clear_cpu(cpu, &nohz.idle_cpus_mask);
		atomic_dec(&nohz.nr_cpus);
	}
}

/**
 * nohz_balance_enter_idle - this CPU stopped its tick: busy CPUs may kick it to balance
 * @cpu: this CPU
 *
 * Context: the idle loop, interrupts off. Return: nothing.
 */
void nohz_balance_enter_idle(int cpu)
{
	if (!cpumask_test_cpu(cpu, &nohz.idle_cpus_mask)) {
		cpumask_set_cpu(cpu, &nohz.idle_cpus_mask);
		atomic_inc(&nohz.nr_cpus);
	}
}

/**
 * newidle_balance - pull fair tasks to a CPU about to idle
 * @rq: this CPU's run queue, with nothing queued
 *
 * Linux's newidle balance: @rq's CPU is about to idle, so pull work now rather than at the
 * next periodic pass. Called from pick_next_task() in __schedule() before the previous task
 * is put, so dropping the lock leaves it as it was (Linux does the same). Only when some CPU
 * has a task waiting: O(nr_cpu_ids) lockless reads otherwise. Nothing on a CPU that is not
 * active, nor before sched_init_smp().
 * Linux 6.1: static, called from the fair class's pick; it returns > 0 if fair tasks are
 * queued, 0 if none, and -1 when a task of a higher class arrived meanwhile. Spindle calls it
 * from the core's pick before any class is asked, so the classes find what it pulled.
 *
 * Context: @rq's lock held, interrupts off; drops and retakes the lock (clock updated).
 * Return: nothing.
 */
void newidle_balance(struct rq *rq)
{
	unsigned long next;
	unsigned int cpu;
	bool all_pinned;

	if (!cpu_active(rq->cpu) || !READ_ONCE(sched_smp_initialized))
		return;
	/*
	 * Going idle: the next periodic balance is due an idle interval after the last one, not
	 * the busy one it was given while this CPU ran something (Linux's newidle_balance() pulls
	 * rq->next_balance in the same way). Otherwise a CPU that was busy at its last balance
	 * would sit idle through BUSY_FACTOR times the interval while others have work waiting.
	 */
	next = rq->last_balance + msecs_to_jiffies(rq->balance_interval);
	if (time_after(READ_ONCE(rq->next_balance), next))
		WRITE_ONCE(rq->next_balance, next);
	for_each_cpu(cpu, cpu_active_mask)
		if (READ_ONCE(cpu_rq(cpu)->nr_running) > 1)
			break;
	if (cpu >= nr_cpu_ids)
		return;
	spin_unlock(&rq->lock);
	load_balance(rq, &all_pinned);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
}

/*
 * The periodic balance, in SCHED_SOFTIRQ. Linux's intervals: an idle CPU balances every N ms
 * with N CPUs active, doubled (up to 2N) while passes find nothing to move, and further, up to
 * MAX_PINNED_INTERVAL, while the busy CPUs hold only tasks that may not come here (a CPU full
 * of bound threads is not worth every other CPU locking its queue each N ms); a busy CPU
 * BUSY_FACTOR times less often. A CPU running no RT task also takes RT tasks left waiting
 * behind others (pull_rt_task), so none stays stranded when a push found no room.
 * Linux 6.1: rebalance_domains() walks the CPU's scheduling domains, each with its own
 * interval, and RT tasks are pulled only when a CPU's priority drops; Spindle has one domain,
 * and the periodic pull catches what a failed push left behind.
 */
static void run_rebalance_domains(struct softirq_action *h)
{
	struct rq *rq = this_rq();
	unsigned int weight = num_active_cpus(), interval;
	bool idle = idle_cpu(rq->cpu);
	unsigned long flags;
	bool all_pinned;
	int moved;

	local_irq_save(flags);
	moved = load_balance(rq, &all_pinned);
	local_irq_restore(flags);
	if (!READ_ONCE(rq->rt.rt_nr_running))
		pull_rt_task(rq);
	if (moved || rq->balance_interval < weight)
		rq->balance_interval = weight;
	else if (rq->balance_interval < 2 * weight ||
		 (all_pinned && rq->balance_interval < MAX_PINNED_INTERVAL))
		rq->balance_interval *= 2;
	interval = rq->balance_interval * (idle ? 1 : BUSY_FACTOR);
	rq->last_balance = jiffies;
	WRITE_ONCE(rq->next_balance, rq->last_balance + msecs_to_jiffies(interval));
}

/**
 * trigger_load_balance - raise SCHED_SOFTIRQ if @rq's periodic balance is due
 * @rq: this CPU's run queue
 *
 * From the tick: O(1) unless a balance is due. Also kicks a tick-stopped CPU to balance when
 * tasks wait here (nohz_balancer_kick()). A CPU that is not active does not balance, nor any
 * before sched_init_smp() (Linux's trigger_load_balance() returns early for both: the NULL
 * domain, an inactive CPU).
 *
 * Context: the tick (scheduler_tick()), interrupts off, @rq's lock not held. Return: nothing.
 */
void trigger_load_balance(struct rq *rq)
{
	if (!cpu_active(rq->cpu) || !READ_ONCE(sched_smp_initialized))
		return;
	if (time_after_eq(jiffies, READ_ONCE(rq->next_balance)))
		raise_softirq(SCHED_SOFTIRQ);
	nohz_balancer_kick(rq);
}

/**
 * sched_balance_init - set @rq's balancing state: interval 1 ms, first pass due now
 * @rq: a run queue being set up
 *
 * Linux 6.1: no such function; sched_init() sets rq->next_balance itself and the interval
 * lives in each scheduling domain. Spindle has no domains, so the rq keeps the interval.
 *
 * Context: boot (sched_init()), before the CPU schedules. Return: nothing.
 */
void sched_balance_init(struct rq *rq)
{
	rq->balance_interval = 1;
	rq->next_balance = rq->last_balance = jiffies;
}

/*
 * A CPU's rq came online (set_rq_online()) or is going offline (set_rq_offline()): rescale the
 * tunables for the CPUs online now. Going down, the CPU still counts: it is taken out of the
 * online mask only later (takedown_cpu()), as in Linux, so the factor catches up at the next
 * CPU to come up.
 */
static void rq_online_fair(struct rq *rq)
{
	update_sysctl();
}

static void rq_offline_fair(struct rq *rq)
{
	update_sysctl();
}

/*
 * The tick: has the running task had its slice? It is preempted when it ran longer than its
 * share of the period, or (having run at least the minimum granularity) its vruntime is more
 * than a slice above the leftmost waiter's. This is what keeps a task
 * that never calls schedule() from starving the others at its priority.
 */
static void task_tick_fair(struct rq *rq, struct task_struct *curr)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &curr->se, *left;
	u64 ideal, ran;
	s64 delta;

	update_curr_fair(rq);
	if (cfs_rq->nr_running < 2)
		return;
	left = __pick_first_entity(cfs_rq);
	if (se_is_idle(se) && left && !se_is_idle(left)) {
		resched_curr(rq);
		return;
	}
	ideal = sched_slice(cfs_rq, se);
	ran = se->sum_exec_runtime - se->prev_sum_exec_runtime;
	if (ran > ideal) {
		resched_curr(rq);
		return;
	}
	if (ran < sysctl_sched_min_granularity || !left)
		return;
	delta = (s64)(se->vruntime - left->vruntime);
	if (delta > (s64)ideal)
		resched_curr(rq);
}

/* A new task: its vruntime one slice above min_vruntime (place_entity()), kept relative until
 * wake_up_new_task() queues it (enqueue adds the queue's min_vruntime back). */
static void task_fork_fair(struct task_struct *p)
{
	struct cfs_rq *cfs_rq = &this_rq()->cfs;
	struct sched_entity *se = &p->se;

	se->on_rq = 0;
	se->vruntime = 0;
	se->sum_exec_runtime = 0;
	se->prev_sum_exec_runtime = 0;
	se->nr_migrations = 0;
	place_entity(cfs_rq, se, true);
	se->vruntime -= cfs_rq->min_vruntime;
}

/* Nice changed: the new weight applies from now on; a lowered priority may mean preemption. */
static void prio_changed_fair(struct rq *rq, struct task_struct *p, int oldprio)
{
	if (task_current(rq, p)) {
		if (p->prio > oldprio)
			resched_curr(rq);
	} else {
		check_preempt_curr(rq, p, 0);
	}
}

/*
 * Is @p's vruntime relative to a queue's min_vruntime? A queued task's is while a class change
 * has it off the queue (DEQUEUE_SAVE), a new task's is from task_fork_fair() until its first
 * enqueue, and a task of another class keeps it relative (switched_from_fair()); only a fair
 * sleeper's is absolute (Linux's vruntime_normalized()).
 */
static bool vruntime_normalized(struct task_struct *p)
{
	return p->on_rq || READ_ONCE(p->__state) == TASK_NEW;
}

/*
 * A sleeper leaves the fair class: make its vruntime relative, so that while another class
 * has it (and moves it between CPUs without re-basing) it is on no CPU's clock, and
 * switched_to_fair() puts it on the right one (Linux's detach_task_cfs_rq(), which places it
 * first, as a wake-up would).
 */
static void switched_from_fair(struct rq *rq, struct task_struct *p)
{
	if (vruntime_normalized(p))
		return;
	/* Its sleeper credit, bounded now, while it is still measured on this queue. */
	place_entity(&rq->cfs, &p->se, false);
	p->se.vruntime -= rq->cfs.min_vruntime;
}

static void switched_to_fair(struct rq *rq, struct task_struct *p)
{
	if (!vruntime_normalized(p)) {
		/* A sleeper joins: absolute on this queue's clock (attach_task_cfs_rq()). */
		p->se.vruntime += rq->cfs.min_vruntime;
		return;
	}
	if (!p->on_rq)
		return;
	if (task_current(rq, p))
		resched_curr(rq);
	else
		check_preempt_curr(rq, p, 0);
}

static void set_next_task_fair(struct rq *rq, struct task_struct *p)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se = &p->se;

	if (se->on_rq)
		__dequeue_entity(cfs_rq, se);
	cfs_rq->curr = se;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
}

/**
 * init_cfs_rq - empty fair queue: no tasks, min_vruntime just below the 64-bit wrap
 * @cfs_rq: the queue being set up
 *
 * The starting min_vruntime is Linux's, so vruntime comparisons meet the wrap early.
 * Linux 6.1: one tree per queue; Spindle's second one keeps SCHED_IDLE tasks apart
 * (se_is_idle()).
 *
 * Context: boot (sched_init()), before the CPU schedules. Return: nothing.
 */
void init_cfs_rq(struct cfs_rq *cfs_rq)
{
	cfs_rq->tasks_timeline = RB_ROOT_CACHED;
	cfs_rq->idle_timeline = RB_ROOT_CACHED;
	cfs_rq->min_vruntime = (u64)(-(1LL << 20));
}

/**
 * init_sched_fair_class - open SCHED_SOFTIRQ for the periodic balance
 *
 * Linux 6.1: __init, and also allocates the balancer's CPU masks and sets up the nohz state;
 * Spindle's are static and start empty.
 *
 * Context: boot (sched_init()), once. Return: nothing.
 */
void init_sched_fair_class(void)
{
	open_softirq(SCHED_SOFTIRQ, run_rebalance_domains);
}

DEFINE_SCHED_CLASS(fair) = {
	.enqueue_task		= enqueue_task_fair,
	.dequeue_task		= dequeue_task_fair,
	.yield_task		= yield_task_fair,
	.check_preempt_curr	= check_preempt_wakeup,
	.pick_next_task		= pick_next_task_fair,
	.put_prev_task		= put_prev_task_fair,
	.set_next_task		= set_next_task_fair,
	.task_tick		= task_tick_fair,
	.prio_changed		= prio_changed_fair,
	.switched_from		= switched_from_fair,
	.switched_to		= switched_to_fair,
	.rq_online		= rq_online_fair,
	.rq_offline		= rq_offline_fair,
	.task_fork		= task_fork_fair,
	.select_task_rq		= select_task_rq_fair,
	.migrate_task_rq	= migrate_task_rq_fair,
};
