/* The scheduler's internals (Linux's kernel/sched/sched.h), shared by core.c and the classes:
 * struct rq (one per CPU), the per-class run queues, and struct sched_class. */
#ifndef _SCHED_SCHED_H
#define _SCHED_SCHED_H

#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/mm_types.h>
#include <linux/bitmap.h>

/* 100 ms, Linux's RR_TIMESLICE, in ticks at HZ=1000. */
#define RR_TIMESLICE		100

/* The fair class's queue: tasks sorted by vruntime; the leftmost is the one owed most time.
 * Every field is under the rq lock of the rq it is in (struct rq). */
struct cfs_rq {
	struct rb_root_cached tasks_timeline;
	struct rb_root_cached idle_timeline;	/* SCHED_IDLE tasks: picked only when the other is empty */
	unsigned int nr_running;
	unsigned long load_weight;	/* sum of the queued tasks' weights, curr included */
	u64 min_vruntime;		/* monotonic floor of the queue's vruntimes */
	struct sched_entity *curr;	/* the running fair task, not in the tree */
};

/* The RT class's queue: one list per priority and a bitmap of the non-empty ones, so the
 * highest-priority task is one find-first-bit away, O(1) in the number of tasks. */
struct rt_prio_array {
	DECLARE_BITMAP(bitmap, MAX_RT_PRIO + 1);	/* one extra bit, always set, as a delimiter */
	struct list_head queue[MAX_RT_PRIO];
};

/* Under the rq lock of the rq it is in, except highest_prio's lockless readers. */
struct rt_rq {
	struct rt_prio_array active;
	unsigned int rt_nr_running;
	/* The highest priority queued here, the running task included (MAX_RT_PRIO: none).
	 * Other CPUs read it without the lock to place RT tasks: a hint they re-check. */
	int highest_prio;
	unsigned int rt_nr_migratory;	/* queued RT tasks allowed on more than one CPU */
	bool overloaded;		/* in rt_overload_mask */
};

/*
 * One per CPU. Its lock protects everything in it, except the fields marked otherwise below,
 * and the scheduling fields of every task queued on it (a task off every queue is held still
 * by its pi_lock); it is taken with interrupts off because the tick and wake-ups from
 * interrupt handlers take it too. Two rq locks are taken lower CPU first (double_rq_lock()),
 * or the second only by trylock; p->pi_lock, when held as well, is taken before.
 * Linux 6.1: a raw_spinlock_t __lock, reached through rq_lockp() (core scheduling may share
 * one lock between SMT siblings); Spindle's spinlock_t never sleeps, and it has no core
 * scheduling.
 */
struct rq {
	spinlock_t lock;
	/* Written under the lock; read without it by other CPUs (balancing, idle_cpu()). */
	unsigned int nr_running;
	/* Tasks that went to sleep here counted in the load average, less those woken here
	 * (either may happen on another CPU): only the sum over CPUs means anything. */
	unsigned int nr_uninterruptible;
	/* The next two are this CPU's own: its tick folds under the lock, its idle loop (tick
	 * stopping or restarting) and its dying stopper fold without it, interrupts off. */
	unsigned long calc_load_update;	/* jiffies of this CPU's next fold (sched/loadavg.c) */
	long calc_load_active;		/* what it folded last */
	unsigned int cpu;		/* constant from sched_init() */
	u64 clock;			/* sched_clock() at the last update_rq_clock() */
	u64 nr_switches;		/* read without the lock by kernel/cpu_stats.c */
	struct cfs_rq cfs;
	struct rt_rq rt;
	/* Written under the lock in __schedule(); read without it by idle_cpu(), task_curr()
	 * and the statistics. */
	struct task_struct *curr;
	struct task_struct *idle;	/* set by init_idle() before the CPU schedules */
	/* migration/N, the stop class's only task. Written without the lock by
	 * sched_set_stop_task(), before the stopper is first woken. */
	struct task_struct *stop;
	struct mm_struct *prev_mm;	/* lazy-TLB reference to drop after the switch */
	u64 idle_time;			/* ns spent in the idle task */
	/* SMP balancing: RQ_BALANCE_* work noted under the lock, done by sched_balance() once
	 * it is dropped (it takes other CPUs' rq locks). */
	unsigned int balance_flags;
	/* The next three are this CPU's own: written by its SCHED_SOFTIRQ without the lock and
	 * by newidle_balance() under it. Other CPUs read next_balance without the lock
	 * (nohz_balancer_kick()). */
	unsigned long next_balance;	/* jiffies of the next periodic fair balance */
	unsigned long last_balance;	/* jiffies of the last one */
	unsigned int balance_interval;	/* ms between periodic balances while idle */
	/* A busy CPU asked this one, asleep with its tick stopped, to balance (nohz_balancer_kick);
	 * set by the busy CPU, cleared by the reschedule IPI it then sends. */
	bool nohz_kick;
	/* The classes were told this rq is online (set_rq_online()); under the lock. */
	bool online;
};

#define RQ_BALANCE_PUSH_RT	0x01	/* an RT task waits here that may run elsewhere */
#define RQ_BALANCE_PULL_RT	0x02	/* this CPU's RT priority dropped: look for waiting ones */

DECLARE_PER_CPU(struct rq, runqueues);

extern bool sched_smp_initialized;

#define cpu_rq(cpu)		(&per_cpu(runqueues, (cpu)))
#define this_rq()		this_cpu_ptr(&runqueues)
#define task_rq(p)		cpu_rq(task_cpu(p))

/* Flags for enqueue_task/dequeue_task. */
#define ENQUEUE_WAKEUP		0x01
#define ENQUEUE_RESTORE		0x02	/* put back after a property change */
#define ENQUEUE_HEAD		0x04
#define DEQUEUE_SLEEP		0x01
#define DEQUEUE_SAVE		0x02

/*
 * A scheduling class. The classes are tried in order stop → rt → fair → idle
 * (for_each_class()), and the first that has a task runs it. Every callback runs with rq->lock
 * held, except task_fork, select_task_rq and migrate_task_rq (see each).
 * Linux 6.1: a deadline class (SCHED_DEADLINE) sits between stop and rt; Spindle has none, so
 * sched_setscheduler() refuses SCHED_DEADLINE as an unknown policy.
 */
struct sched_class {
	void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*yield_task)(struct rq *rq);
	/* A task of this class became runnable: should it preempt rq->curr (same class)? */
	void (*check_preempt_curr)(struct rq *rq, struct task_struct *p, int flags);
	/* Pick the next task and make it the class's current one; NULL if none. */
	struct task_struct *(*pick_next_task)(struct rq *rq);
	/* prev stops running (it may stay queued). */
	void (*put_prev_task)(struct rq *rq, struct task_struct *prev);
	/* p becomes the running task without going through pick_next_task (after a change);
	 * optional. */
	void (*set_next_task)(struct rq *rq, struct task_struct *p);
	/* The tick, for the running task; optional. */
	void (*task_tick)(struct rq *rq, struct task_struct *p);
	/* p's priority changed while queued or running. */
	void (*prio_changed)(struct rq *rq, struct task_struct *p, int oldprio);
	/* p left this class for another one, queued or not; optional. */
	void (*switched_from)(struct rq *rq, struct task_struct *p);
	/* p joined this class from another one, queued or not. */
	void (*switched_to)(struct rq *rq, struct task_struct *p);
	/* A new task: set up its class-private fields (fair: place its vruntime). No rq lock:
	 * the task is not visible yet (sched_fork()). */
	void (*task_fork)(struct task_struct *p);
	/* Wake-up placement for a task allowed on several CPUs: the CPU it should run on.
	 * Called with p->pi_lock held, and no rq lock on a wake-up (a mask change moving p,
	 * affine_move_task(), holds p's); the answer is checked against the mask and online
	 * CPUs. */
	int (*select_task_rq)(struct task_struct *p, int prev_cpu, int wake_flags);
	/* p's CPU mask changed while it is queued; optional. */
	void (*set_cpus_allowed)(struct rq *rq, struct task_struct *p);
	/* The rq's CPU became active, or stops being active; optional. */
	void (*rq_online)(struct rq *rq);
	void (*rq_offline)(struct rq *rq);
	/* p, on no queue (asleep or being woken), moves to new_cpu; optional. p->pi_lock held,
	 * and no rq lock except when a mask change moves p (affine_move_task(), p's). */
	void (*migrate_task_rq)(struct task_struct *p, unsigned int new_cpu);
};

/*
 * Each class instance goes in a section of its own, and linker.ld lays those sections out one
 * after another, highest class first, between __sched_class_highest and __sched_class_lowest:
 * walking the classes is walking an array, and comparing two classes compares two addresses.
 * The alignment is the instance's, so the instances are packed with no gap between them.
 */
#define DEFINE_SCHED_CLASS(name)					\
const struct sched_class name##_sched_class				\
	__aligned(__alignof__(struct sched_class))			\
	__section("__" #name "_sched_class")

/* Bounds of the class array (linker.ld). */
extern struct sched_class __sched_class_highest[];
extern struct sched_class __sched_class_lowest[];

#define for_class_range(class, _from, _to)				\
	for (class = (_from); class < (_to); class++)

#define for_each_class(class)						\
	for_class_range(class, __sched_class_highest, __sched_class_lowest)

/* Is class @_a above class @_b (tried first, and preempting @_b's tasks)? */
#define sched_class_above(_a, _b)	((_a) < (_b))

extern const struct sched_class stop_sched_class;
extern const struct sched_class rt_sched_class;
extern const struct sched_class fair_sched_class;
extern const struct sched_class idle_sched_class;

/*
 * Linux 6.1: also keeps clock_task (less interrupt and steal time), which tasks are charged by,
 * and skips updates the caller flags; Spindle charges sched_clock() time directly.
 */
static inline void update_rq_clock(struct rq *rq)
{
	rq->clock = sched_clock();
}

static inline u64 rq_clock(struct rq *rq)
{
	return rq->clock;
}

/* Undo task_rq_lock() (sched/core.c): the rq lock, then @p's pi_lock with its saved flags. */
static inline void task_rq_unlock(struct rq *rq, struct task_struct *p, unsigned long flags)
{
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/*
 * The task a fair scheduling entity belongs to.
 * Linux 6.1: only for entities that are tasks (with group scheduling an entity can be a group);
 * Spindle has no task groups, so every entity is a task.
 */
static inline struct task_struct *task_of(struct sched_entity *se)
{
	return container_of(se, struct task_struct, se);
}

static inline bool task_current(struct rq *rq, struct task_struct *p)
{
	return rq->curr == p;
}

/*
 * p->on_rq, Linux's values: 0 off every queue (asleep), TASK_ON_RQ_QUEUED on one, and
 * TASK_ON_RQ_MIGRATING while it is moved from one queue to another. The last keeps a lockless
 * reader (try_to_wake_up()'s test of on_rq) from taking a task in transit for one asleep: a
 * waker that saw 0 there would queue it a second time, on another CPU (seen under the kthread
 * torture as one thread running on two CPUs, and run queue trees corrupted).
 */
#define TASK_ON_RQ_QUEUED	1
#define TASK_ON_RQ_MIGRATING	2

static inline bool task_on_rq_queued(struct task_struct *p)
{
	return p->on_rq == TASK_ON_RQ_QUEUED;
}

static inline bool task_on_rq_migrating(struct task_struct *p)
{
	return READ_ONCE(p->on_rq) == TASK_ON_RQ_MIGRATING;
}

static inline bool fair_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static inline bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static inline bool task_has_rt_policy(struct task_struct *p)
{
	return rt_policy(p->policy);
}

/* Linux 6.1: also accepts SCHED_DEADLINE; Spindle has no deadline class. */
static inline bool valid_policy(int policy)
{
	return fair_policy(policy) || rt_policy(policy);
}

/* Linux's nice-to-weight table and its inverse (2^32 / weight). */
extern const int sched_prio_to_weight[NICE_WIDTH];
extern const u32 sched_prio_to_wmult[NICE_WIDTH];

#define NICE_0_LOAD		1024
#define WEIGHT_IDLEPRIO		3
#define WMULT_IDLEPRIO		1431655765

void resched_curr(struct rq *rq);
bool idle_cpu(int cpu);
void double_rq_lock(struct rq *rq1, struct rq *rq2);
bool double_rq_trylock(struct rq *this_rq, struct rq *busiest);

/* Unlock what double_rq_lock() or a successful double_rq_trylock() took; interrupts stay as
 * they are. */
static inline void double_rq_unlock(struct rq *rq1, struct rq *rq2)
{
	if (rq1 != rq2)
		spin_unlock(&rq2->lock);
	spin_unlock(&rq1->lock);
}

void move_queued_task_locked(struct rq *src, struct rq *dst, struct task_struct *p);
void sched_balance(struct rq *rq, unsigned int flags);
void sched_balance_init(struct rq *rq);
void calc_load_init_rq(struct rq *rq);
void calc_global_load_tick(struct rq *rq);
void calc_load_migrate(struct rq *rq);
void init_sched_fair_class(void);
void sched_init_granularity(void);
void set_rq_online(struct rq *rq);
void set_rq_offline(struct rq *rq);
/* The CFS tunables in ns, scaled for the online CPUs (sched/fair.c). */
extern unsigned int sysctl_sched_latency;
extern unsigned int sysctl_sched_min_granularity;
extern unsigned int sysctl_sched_wakeup_granularity;
void trigger_load_balance(struct rq *rq);
void newidle_balance(struct rq *rq);
void push_rt_tasks(struct rq *rq);
void pull_rt_task(struct rq *rq);

/* Note balancing work for after the rq lock is dropped (rq->lock held). */
static inline void queue_balance(struct rq *rq, unsigned int flags)
{
	rq->balance_flags |= flags;
}

/* Take the noted work before dropping the lock, to hand to sched_balance(). */
static inline unsigned int take_balance(struct rq *rq)
{
	unsigned int flags = rq->balance_flags;

	if (unlikely(flags))
		rq->balance_flags = 0;
	return flags;
}
void check_preempt_curr(struct rq *rq, struct task_struct *p, int flags);
void activate_task(struct rq *rq, struct task_struct *p, int flags);
void deactivate_task(struct rq *rq, struct task_struct *p, int flags);
void set_load_weight(struct task_struct *p);
/*
 * Charge rq's running task for the time since it was last charged; returns that time (0 when
 * none passed: a second charge under the same rq clock). Inline: it is on every switch and
 * every wake-up, and a call costs as much as the work.
 */
static inline u64 update_curr_common(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	s64 delta = (s64)(rq_clock(rq) - curr->se.exec_start);

	if (delta <= 0)
		return 0;
	curr->se.exec_start = rq_clock(rq);
	curr->se.sum_exec_runtime += delta;
	return delta;
}

/* Wait-time statistics (/proc/<pid>/sched's wait_sum), kept for every class. */
void update_stats_wait_start(struct rq *rq, struct task_struct *p);
void update_stats_wait_end(struct rq *rq, struct task_struct *p);

/* Give @cpu its stop-class task (the CPU stopper), or none with NULL. */
void sched_set_stop_task(int cpu, struct task_struct *stop);

void init_cfs_rq(struct cfs_rq *cfs_rq);
void init_rt_rq(struct rt_rq *rt_rq);

#endif
