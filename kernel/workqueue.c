/*
 * kernel/workqueue.c - deferred work, run by kworker threads that all workqueues share.
 * A reduced Linux 6.1 file: the names, the order and the locking rules are Linux's, so the
 * two can be read side by side.
 *
 * A work item is a function to run in process context. Workqueues do not own threads: per-CPU
 * worker pools (one at nice 0, one at nice -20 on every CPU) and unbound pools (any CPU) keep
 * kworker threads, created on demand through kthreadd, and a workqueue is a set of
 * pool_workqueues that link it to the pools it queues on. Concurrency management (CMWQ) keeps
 * one worker of a bound pool running while work is pending: the scheduler tells the pool when
 * its running worker sleeps (wq_worker_sleeping) and the pool wakes or creates another.
 *
 * Where Spindle departs from Linux 6.1, the departure is said at the definition. The large
 * ones: no RCU (pools are never freed, so a pool id read from a work item always names a live
 * pool; the workqueue list is read under a spinlock), no NUMA, unbound workqueues use one of
 * the two standard unbound pools (no workqueue_attrs API, no sysfs), and flushers of one
 * workqueue take turns instead of overlapping by colour.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/time.h>
#include "workqueue_internal.h"

enum {
	/*
	 * worker_pool flags
	 *
	 * A per-CPU pool is tied to its CPU or cut loose from it. Tied (no DISASSOCIATED),
	 * every worker is pinned to that CPU, none carries %WORKER_UNBOUND, and the pool
	 * manages concurrency. Cut loose (CPU offline, or an unbound pool), workers run on any
	 * CPU with %WORKER_UNBOUND set and nothing counts them. Flipping the flag needs both
	 * wq_pool_attach_mutex and pool->lock.
	 */
	/* Linux 6.9: POOL_BH and POOL_BH_DRAINING, and the manager bit moved to make room. */
	POOL_BH			= 1 << 0,	/* is a BH pool */
	POOL_MANAGER_ACTIVE	= 1 << 1,	/* a worker holds the manager role */
	POOL_DISASSOCIATED	= 1 << 2,	/* workers are not tied to the CPU */
	POOL_BH_DRAINING	= 1 << 3,	/* emptying a dead CPU's BH pool */

	/* worker flags */
	WORKER_DIE		= 1 << 1,	/* told to exit */
	WORKER_IDLE		= 1 << 2,	/* on the idle list */
	WORKER_PREP		= 1 << 3,	/* not yet counted as running */
	WORKER_CPU_INTENSIVE	= 1 << 6,	/* runs a CPU hog, not counted */
	WORKER_UNBOUND		= 1 << 7,	/* may run on any CPU */
	WORKER_REBOUND		= 1 << 8,	/* pinned again after hotplug */

	WORKER_NOT_RUNNING	= WORKER_PREP | WORKER_CPU_INTENSIVE |
				  WORKER_UNBOUND | WORKER_REBOUND,

	NR_STD_WORKER_POOLS	= 2,		/* normal and highpri, per CPU */

	BUSY_WORKER_HASH_ORDER	= 6,		/* busy_hash has 64 buckets */

	MAX_IDLE_WORKERS_RATIO	= 4,		/* idle may be a quarter of busy */
	IDLE_WORKER_TIMEOUT	= 300 * HZ,	/* surplus idle worker lives 5 min */

	MAYDAY_INITIAL_TIMEOUT	= HZ / 100 >= 2 ? HZ / 100 : 2,
						/* ask rescuers after 10 ms,
						   at least two ticks */
	MAYDAY_INTERVAL		= HZ / 10,	/* then ask again each 100 ms */
	CREATE_COOLDOWN		= HZ,		/* pause after a failed create */

	/*
	 * Linux 6.9: a BH worker gives the softirq back after this many rounds or about 2 ms
	 * (at least a tick), whichever comes first, and raises it again for what is left.
	 */
	BH_WORKER_JIFFIES	= HZ / 500 ?: 1,
	BH_WORKER_RESTARTS	= 10,

	/* Rescue workers run at the highest priority a normal task has, as the highpri pools. */
	RESCUER_NICE_LEVEL	= MIN_NICE,
	HIGHPRI_NICE_LEVEL	= MIN_NICE,

	WQ_NAME_LEN		= 24,

	/*
	 * Linux 6.1 numbers pools with an idr. Spindle's pools are the per-CPU ones (BH and
	 * kworker) and the standard unbound ones, never freed: an array of that many is the idr.
	 */
	WQ_MAX_POOLS		= 2 * NR_CPUS * NR_STD_WORKER_POOLS + NR_STD_WORKER_POOLS,
};

/*
 * Linux 6.1 allocates a pool's attributes (struct workqueue_attrs) and shares unbound pools by
 * hashing them; Spindle has only the two standard sets, nice 0 and nice -20 over every CPU, so
 * a pool embeds its attributes.
 */
struct workqueue_attrs {
	int nice;			/* nice level of the workers */
	struct cpumask cpumask;		/* CPUs the workers may run on */
};

/*
 * The letter before a field's comment says what guards it:
 *
 * I: set while the object is made or torn down; only read after that.
 *
 * L: read and written under pool->lock.
 *
 * X: written under pool->lock, and only on the pool's own CPU; a reader needs either the
 *    lock or preemption off on that CPU. Once POOL_DISASSOCIATED is set this is just L.
 *
 * A: guarded by wq_pool_attach_mutex.
 *
 * PL: guarded by wq_pool_mutex.
 *
 * WQ: guarded by wq->mutex.
 *
 * MD: guarded by wq_mayday_lock.
 */

struct worker_pool {
	/*
	 * Protects everything marked L here and in the pool's workers and pool_workqueues.
	 * Taken with interrupts off: work is queued from interrupt handlers and timers. Linux
	 * 6.1: a raw_spinlock_t (the same thing in a kernel without PREEMPT_RT).
	 */
	spinlock_t		lock;
	int			cpu;		/* I: CPU served, or -1 for unbound */
	int			id;		/* I: index in worker_pool_idr */
	unsigned int		flags;		/* X: POOL_* bits */

	unsigned long		watchdog_ts;	/* L: jiffies of the last progress */

	/*
	 * Workers of this pool that are awake and counted. Raised on the pool's CPU with
	 * preemption off, lowered or zeroed there with pool->lock held; anyone who reads it
	 * under pool->lock therefore sees the drop to zero.
	 */
	int			nr_running;

	struct list_head	worklist;	/* L: works waiting for a worker */

	int			nr_workers;	/* L: workers attached */
	int			nr_idle;	/* L: of those, how many are idle */

	struct list_head	idle_list;	/* L: the idle workers */
	struct timer_list	idle_timer;	/* L: reaps surplus idle workers */
	struct timer_list	mayday_timer;	/* L: calls rescuers if creation stalls */

	/* Each worker sits in busy_hash or on idle_list, unless it is the manager. */
	struct list_head	busy_hash[1 << BUSY_WORKER_HASH_ORDER];
						/* L: running workers, by work */

	struct worker		*manager;	/* L: only read by the state dumps */
	struct list_head	workers;	/* A: every attached worker */

	struct workqueue_attrs	attrs;		/* I: nice level and CPUs */
	int			refcnt;		/* PL: pwqs using an unbound pool */
};

/*
 * The link between one workqueue and one pool. A queued work's data holds a pointer to its
 * pwq with WORK_STRUCT_FLAG_BITS of flags packed in the low bits, so a pwq must be aligned
 * to 1 << WORK_STRUCT_FLAG_BITS for those bits to be free.
 */
struct pool_workqueue {
	struct worker_pool	*pool;		/* I: the pool it feeds */
	struct workqueue_struct *wq;		/* I: the workqueue it belongs to */
	int			work_color;	/* L: colour given to new works */
	int			flush_color;	/* L: colour being flushed, or -1 */
	int			nr_in_flight[WORK_NR_COLORS];
						/* L: queued or running, by colour */

	/*
	 * How max_active is enforced. A work queued while nr_active has reached max_active
	 * goes onto inactive_works, not the pool's worklist, with WORK_STRUCT_INACTIVE set.
	 *
	 * A work with WORK_STRUCT_INACTIVE is never counted in nr_active, and every work on
	 * inactive_works has the bit. The converse holds only for ordinary works: the barriers
	 * that flush_work() inserts (struct wq_barrier) carry the bit too, so that they do not
	 * use up max_active, yet they sit on pool->worklist or worker->scheduled ready to run.
	 */
	int			nr_active;	/* L: works counted against the limit */
	int			max_active;	/* L: the limit */
	struct list_head	inactive_works;	/* L: works held back by the limit */
	struct list_head	pwqs_node;	/* WQ: entry in wq->pwqs */
	struct list_head	mayday_node;	/* MD: entry in wq->maydays */
} __aligned(1 << WORK_STRUCT_FLAG_BITS);

/*
 * One caller of flush_workqueue(), waiting for every work of a colour to finish.
 */
struct wq_flusher {
	int			flush_color;	/* WQ: the colour it waits on */
	struct completion	done;		/* completed when that colour drains */
};

/*
 * What callers see as a workqueue: a name, flags and a list of pool_workqueues, one per pool
 * its works may run in. Queueing picks the pwq and the pwq's pool does the running.
 */
struct workqueue_struct {
	struct list_head	pwqs;		/* WQ: its pool_workqueues */
	struct list_head	list;		/* PL: entry in workqueues */

	/*
	 * Serialises the workqueue's own changes (its pwq list, max_active, drainers) and,
	 * in Spindle, its flushers. Sleeping lock, process context only; never taken by a
	 * worker on the way to run a work.
	 */
	struct mutex		mutex;
	int			work_color;	/* WQ: colour new works get */
	int			flush_color;	/* WQ: colour being flushed */
	int			nr_pwqs_to_flush; /* pwqs still busy with it (atomic) */
	struct wq_flusher	*first_flusher;	/* WQ: the flusher in charge */

	struct list_head	maydays;	/* MD: pwqs asking the rescuer */
	struct worker		*rescuer;	/* MD: the rescuer, if WQ_MEM_RECLAIM */

	int			nr_drainers;	/* WQ: drain_workqueue() callers */
	int			saved_max_active; /* WQ: max_active asked for */

	char			name[WQ_NAME_LEN]; /* I: as given at creation */
#ifdef CONFIG_LOCKDEP
	/* "Held" by a worker running one of its works, taken for a moment by a flush of the
	 * workqueue: the lock validator then sees a flush from under a lock that the works take
	 * (Linux's wq->lockdep_map). Its class is the alloc_workqueue() call site's. */
	struct lockdep_map	lockdep_map;
	char			lock_name[WQ_NAME_LEN + 16];	/* "(wq_completion)<name>" */
#endif

	unsigned int		flags;		/* WQ: WQ_* bits */

	/*
	 * Linux 6.1: cpu_pwqs is alloc_percpu() and unbound workqueues have a table of pwqs by
	 * NUMA node. Spindle has neither per-CPU allocation nor NUMA: a pointer per CPU, and
	 * the one unbound pwq.
	 */
	struct pool_workqueue	*cpu_pwqs[NR_CPUS];	/* I: per-cpu pwqs */
	struct pool_workqueue	*dfl_pwq;		/* I: the unbound pwq */
};

static struct kmem_cache *pwq_cache;

/*
 * PL: the pools, serialises worker creation outside the managers, the workqueues list. A mutex:
 * process context only, never from interrupts; the holder may sleep. Taken before wq->mutex.
 */
static DEFINE_MUTEX(wq_pool_mutex);
/* Protects worker attach/detach, PF_WQ_WORKER and POOL_DISASSOCIATED changes. A mutex: process
 * context only (workers, the manager, CPU hotplug); the holder may sleep. */
static DEFINE_MUTEX(wq_pool_attach_mutex);
/*
 * Protects wq->maydays and wq->rescuer. Always taken with interrupts off: nested inside
 * pool->lock (the mayday timer, the rescuer listing a pwq again) or alone with spin_lock_irq()
 * (the rescuer, destroy_workqueue()). The holder never sleeps.
 */
static DEFINE_SPINLOCK(wq_mayday_lock);

static LIST_HEAD(workqueues);		/* PL: every workqueue made */
/*
 * Linux 6.1 reads the workqueue list under RCU (show_all_workqueues from SysRq). Spindle has
 * no RCU: the list changes under wq_pool_mutex and this lock, and readers that cannot sleep
 * take this lock alone (interrupts off).
 */
static DEFINE_SPINLOCK(workqueues_lock);

/* PL: set by workqueue_init(); before it no worker can be made and no flush can wait. */
static bool wq_online;

/*
 * Linux 6.9: the per-cpu BH worker pools, normal and highpri. Their one worker has no task: it
 * is run by TASKLET_SOFTIRQ and HI_SOFTIRQ on the pool's CPU (workqueue_softirq_action()).
 */
static DEFINE_PER_CPU(struct worker_pool [NR_STD_WORKER_POOLS], bh_worker_pools);

/*
 * Linux 6.9: an irq_work per BH pool raises the softirq on the pool's CPU when work is queued
 * there from another; Spindle has no irq_work, an async cross-CPU call does the same. Owned by
 * smp_call_function_single_async() while in flight; a kick that finds it busy needs none.
 */
static DEFINE_PER_CPU(call_single_data_t [NR_STD_WORKER_POOLS], bh_pool_csds);

/* The per-cpu worker pools, normal and highpri (Linux: DEFINE_PER_CPU_SHARED_ALIGNED). */
static DEFINE_PER_CPU(struct worker_pool [NR_STD_WORKER_POOLS], cpu_worker_pools);

/* The standard unbound pools (Linux: made on demand and hashed by attributes). */
static struct worker_pool unbound_std_pools[NR_STD_WORKER_POOLS];

/* I: the pools by id; a work item off queue names the pool it last ran on by its id. */
static struct worker_pool *worker_pool_idr[WQ_MAX_POOLS];
static int nr_worker_pools;

/* Linux 6.1: uses IDLE_WORKER_TIMEOUT directly; a variable here so that the tests of idle
 * workers being reaped (tests/workqueue*_test.c) need not wait five minutes. */
unsigned long wq_idle_worker_timeout = IDLE_WORKER_TIMEOUT;

struct workqueue_struct *system_wq;
struct workqueue_struct *system_highpri_wq;
struct workqueue_struct *system_long_wq;
struct workqueue_struct *system_unbound_wq;
struct workqueue_struct *system_freezable_wq;
/* Linux 6.9: the system BH workqueues, run from TASKLET_SOFTIRQ and HI_SOFTIRQ. */
struct workqueue_struct *system_bh_wq;
struct workqueue_struct *system_bh_highpri_wq;

/* PL: set while the freezer holds freezable workqueues (freeze_workqueues_begin()). */
static bool workqueue_freezing;

static int worker_thread(void *__worker);

/* Linux 6.9: the two BH pools of @cpu, normal then highpri. */
#define for_each_bh_worker_pool(pool, cpu)					\
	for ((pool) = &per_cpu(bh_worker_pools, cpu)[0];			\
	     (pool) < &per_cpu(bh_worker_pools, cpu)[NR_STD_WORKER_POOLS];	\
	     (pool)++)

#define for_each_cpu_worker_pool(pool, cpu)					\
	for ((pool) = &per_cpu(cpu_worker_pools, cpu)[0];			\
	     (pool) < &per_cpu(cpu_worker_pools, cpu)[NR_STD_WORKER_POOLS];	\
	     (pool)++)

/* for_each_pool - visit each pool in worker_pool_idr, lowest id first */
#define for_each_pool(pool, pi)						\
	for ((pi) = 0; (pi) < nr_worker_pools && ((pool) = worker_pool_idr[pi]); (pi)++)

/* for_each_pool_worker - visit each worker attached to @pool; caller holds A */
#define for_each_pool_worker(worker, pool)				\
	list_for_each_entry((worker), &(pool)->workers, node)

/* for_each_pwq - visit each pool_workqueue on @wq's pwqs list */
#define for_each_pwq(pwq, wq)						\
	list_for_each_entry((pwq), &(wq)->pwqs, pwqs_node)

/**
 * worker_pool_assign_id - give @pool the next free id
 * @pool: the pool to number
 *
 * Only workqueue_init_early() calls this, at boot, so no lock is needed.
 *
 * Return: 0 with @pool in worker_pool_idr, or -ENOSPC when WQ_MAX_POOLS are in use.
 */
static int worker_pool_assign_id(struct worker_pool *pool)
{
	if (WARN_ON(nr_worker_pools >= WQ_MAX_POOLS))
		return -ENOSPC;
	pool->id = nr_worker_pools;
	worker_pool_idr[nr_worker_pools++] = pool;
	return 0;
}

static unsigned int work_color_to_flags(int color)
{
	return color << WORK_STRUCT_COLOR_SHIFT;
}

static int get_work_color(unsigned long work_data)
{
	return (work_data >> WORK_STRUCT_COLOR_SHIFT) &
		((1 << WORK_STRUCT_COLOR_BITS) - 1);
}

static int work_next_color(int color)
{
	return (color + 1) % WORK_NR_COLORS;
}

/*
 * work->data has two shapes. On a queue, %WORK_STRUCT_PWQ is set and the bits above the flags
 * are the pwq pointer. Off the queue (from the moment it starts running), the bit is clear and
 * the upper bits hold the id of the pool it last ran in; find_worker_executing_work() needs
 * that to tell whether the work is still running somewhere.
 *
 * The setters below (set_work_pwq(), set_work_pool_and_clear_pending(),
 * mark_work_canceling(), clear_work_data()) may be used only by whoever owns the work, that
 * is, whoever set its PENDING bit.
 *
 * The readers are get_work_pwq(), valid only while the work is queued, and get_work_pool(),
 * valid from the first queueing after init until a synchronous cancel clears it.
 */
static inline void set_work_data(struct work_struct *work, unsigned long data,
				 unsigned long flags)
{
	WARN_ON_ONCE(!work_pending(work));
	WRITE_ONCE(work->data, data | flags);
}

static void set_work_pwq(struct work_struct *work, struct pool_workqueue *pwq,
			 unsigned long extra_flags)
{
	set_work_data(work, (unsigned long)pwq,
		      WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | extra_flags);
}

static void set_work_pool_and_keep_pending(struct work_struct *work, int pool_id)
{
	set_work_data(work, (unsigned long)pool_id << WORK_OFFQ_POOL_SHIFT,
		      WORK_STRUCT_PENDING);
}

static void set_work_pool_and_clear_pending(struct work_struct *work, int pool_id)
{
	/*
	 * Release: whoever next wins test_and_set_bit(PENDING) (a full barrier) must see every
	 * store we made to @work before we let go of it.
	 */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	set_work_data(work, (unsigned long)pool_id << WORK_OFFQ_POOL_SHIFT, 0);
	/*
	 * The full barrier orders the clearing of PENDING before the loads of the work's
	 * function that follows: a queue_work() that sees PENDING still set relies on the
	 * running instance seeing what it stored before queueing.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void clear_work_data(struct work_struct *work)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* as in set_work_pool_and_clear_pending() */
	set_work_data(work, WORK_STRUCT_NO_POOL, 0);
}

static struct pool_workqueue *get_work_pwq(struct work_struct *work)
{
	unsigned long data = READ_ONCE(work->data);

	if (data & WORK_STRUCT_PWQ)
		return (void *)(data & WORK_STRUCT_WQ_DATA_MASK);
	else
		return NULL;
}

/*
 * get_work_pool - the pool @work is queued in or last ran in; NULL if it never was queued.
 *
 * Linux 6.1 needs RCU or a pool lock here, as unbound pools are freed. Spindle's pools live
 * for good, so the answer is always a live pool; that the work is still associated with it is
 * for the caller to check under its lock.
 */
static struct worker_pool *get_work_pool(struct work_struct *work)
{
	unsigned long data = READ_ONCE(work->data);
	unsigned long pool_id;

	if (data & WORK_STRUCT_PWQ)
		return ((struct pool_workqueue *)
			(data & WORK_STRUCT_WQ_DATA_MASK))->pool;

	pool_id = data >> WORK_OFFQ_POOL_SHIFT;
	if (pool_id == WORK_OFFQ_POOL_NONE || pool_id >= (unsigned long)nr_worker_pools)
		return NULL;

	return worker_pool_idr[pool_id];
}

/* The id of the pool @work is or was last associated with, or %WORK_OFFQ_POOL_NONE. */
static int get_work_pool_id(struct work_struct *work)
{
	unsigned long data = READ_ONCE(work->data);

	if (data & WORK_STRUCT_PWQ)
		return ((struct pool_workqueue *)
			(data & WORK_STRUCT_WQ_DATA_MASK))->pool->id;

	return data >> WORK_OFFQ_POOL_SHIFT;
}

static void mark_work_canceling(struct work_struct *work)
{
	unsigned long pool_id = get_work_pool_id(work);

	pool_id <<= WORK_OFFQ_POOL_SHIFT;
	set_work_data(work, pool_id | WORK_OFFQ_CANCELING, WORK_STRUCT_PENDING);
}

static bool work_is_canceling(struct work_struct *work)
{
	unsigned long data = READ_ONCE(work->data);

	return !(data & WORK_STRUCT_PWQ) && (data & WORK_OFFQ_CANCELING);
}

/*
 * The questions a pool asks about itself to decide when to wake, create or retire workers.
 * The caller holds pool->lock unless a comment says otherwise.
 */

static bool __need_more_worker(struct worker_pool *pool)
{
	return !pool->nr_running;
}

/*
 * Is there pending work and nobody counted as running it? Asked by anyone except a running
 * worker. An unbound pool's workers are never counted, so there the answer is simply whether
 * the worklist has anything on it.
 */
static bool need_more_worker(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && __need_more_worker(pool);
}

/* May a worker still in PREP start? Only if another stays idle for the next wake-up. */
static bool may_start_working(struct worker_pool *pool)
{
	return pool->nr_idle;
}

/* Should a running worker take another work? Yes if work waits and no other is counted. */
static bool keep_working(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && (pool->nr_running <= 1);
}

/* Work is waiting and no idle worker can take it: the manager must create one. */
static bool need_to_create_worker(struct worker_pool *pool)
{
	return need_more_worker(pool) && !may_start_working(pool);
}

/* Over two idle, and idle minus two is a quarter of busy or more: the timer may reap. */
static bool too_many_workers(struct worker_pool *pool)
{
	bool managing = pool->flags & POOL_MANAGER_ACTIVE;
	int nr_idle = pool->nr_idle + managing; /* the manager counts as idle */
	int nr_busy = pool->nr_workers - nr_idle;

	return nr_idle > 2 && (nr_idle - 2) * MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

/*
 * Waking workers.
 */

/* The idle worker to wake: the head of idle_list, the one that went idle last. Needs L. */
static struct worker *first_idle_worker(struct worker_pool *pool)
{
	if (unlikely(list_empty(&pool->idle_list)))
		return NULL;

	return list_first_entry(&pool->idle_list, struct worker, entry);
}

/*
 * Linux 6.9: raise @info's softirq on this CPU, the pool's: at once from kick_bh_pool(), or in
 * the cross-CPU call's interrupt, whose exit then runs it.
 */
static void bh_pool_kick(void *info)
{
	struct worker_pool *pool = info;

	raise_softirq_irqoff(pool->attrs.nice == HIGHPRI_NICE_LEVEL ?
			     HI_SOFTIRQ : TASKLET_SOFTIRQ);
}

/*
 * Linux 6.9: a BH pool's worker is its CPU's softirq, so waking it is raising that. From
 * another CPU the raise has to happen there; a dead CPU's pool being drained by
 * drain_dead_softirq_workfn() is run by the drainer, and a raise here is harmless. As in
 * Linux, queueing on a CPU that is offline is the caller's error: nothing kicks that pool.
 *
 * Context: pool->lock held, interrupts off.
 */
static void kick_bh_pool(struct worker_pool *pool)
{
	if (unlikely(pool->cpu != (int)smp_processor_id() &&
		     !(pool->flags & POOL_BH_DRAINING))) {
		bool highpri = pool->attrs.nice == HIGHPRI_NICE_LEVEL;

		smp_call_function_single_async(pool->cpu,
					       &per_cpu(bh_pool_csds, pool->cpu)[highpri]);
		return;
	}
	bh_pool_kick(pool);
}

/**
 * wake_up_worker - get an idle worker of @pool running
 * @pool: the pool with work to do
 *
 * Wakes the most recently idled worker, if there is one. Linux 6.9: for a BH pool, raise its
 * softirq instead; its worker is idle unless bh_worker() is running it, and bh_worker() looks
 * at the worklist again before it leaves.
 *
 * Context: pool->lock held, interrupts off.
 */
static void wake_up_worker(struct worker_pool *pool)
{
	struct worker *worker = first_idle_worker(pool);

	if (unlikely(!worker))
		return;
	if (pool->flags & POOL_BH)
		kick_bh_pool(pool);
	else
		wake_up_process(worker->task);
}

/**
 * wq_worker_running - count a worker back in after it wakes
 * @task: the worker's task
 *
 * Called from schedule() when a workqueue worker comes back from a sleep that
 * wq_worker_sleeping() counted: it counts in its pool's nr_running again.
 *
 * Context: the worker itself, in schedule() after the switch back.
 * Return: nothing.
 */
void wq_worker_running(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);

	if (!worker->sleeping)
		return;

	/*
	 * Preemption stays off across the flag test and the increment: unbind_workers()
	 * running between them would zero nr_running, and our late increment would then
	 * leave an unbound pool with a count of 1 that nobody will ever drop.
	 */
	preempt_disable();
	if (!(worker->flags & WORKER_NOT_RUNNING))
		worker->pool->nr_running++;
	preempt_enable();
	worker->sleeping = 0;
}

/**
 * wq_worker_sleeping - count a worker out as it blocks
 * @task: the worker's task
 *
 * Called from schedule() when a busy worker is going to sleep: it no longer counts in its
 * pool's nr_running, and if that leaves work pending with nothing running, an idle worker is
 * woken to take it (the heart of concurrency management).
 *
 * Context: the worker itself, in schedule() before the switch, preemption disabled.
 * Return: nothing.
 */
void wq_worker_sleeping(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);
	struct worker_pool *pool;

	/*
	 * A rescuer comes through here too, and its fields are not all set as a kworker's
	 * are; test NOT_RUNNING (always set for it) before touching anything else.
	 */
	if (worker->flags & WORKER_NOT_RUNNING)
		return;

	pool = worker->pool;

	/* Already counted out: preempted earlier, wq_worker_running() has not run since. */
	if (worker->sleeping)
		return;

	worker->sleeping = 1;
	spin_lock_irq(&pool->lock);

	/*
	 * Test again under the lock: unbind_workers() may have run since the first test and
	 * zeroed nr_running, which must not then be decremented.
	 */
	if (worker->flags & WORKER_NOT_RUNNING) {
		spin_unlock_irq(&pool->lock);
		return;
	}

	pool->nr_running--;
	if (need_more_worker(pool))
		wake_up_worker(pool);
	spin_unlock_irq(&pool->lock);
}

/**
 * wq_worker_last_func - the work function @task ran most recently
 * @task: a workqueue worker
 *
 * For reports about a worker, such as the console's wq command.
 *
 * Context: pool->lock of the worker's pool, or a worker that cannot change meanwhile.
 * Return: that function, or NULL if the worker has run nothing yet.
 */
work_func_t wq_worker_last_func(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);

	return worker->last_func;
}

/**
 * worker_set_flags - set bits in a worker's flags, keeping nr_running right
 * @worker: the calling worker
 * @flags: WORKER_* bits to set
 *
 * If this makes @worker NOT_RUNNING where it was not, it stops counting in nr_running.
 *
 * Context: pool->lock held, interrupts off.
 */
static inline void worker_set_flags(struct worker *worker, unsigned int flags)
{
	struct worker_pool *pool = worker->pool;

	/* Linux 6.9: a BH worker runs in whatever task its softirq interrupted. */
	WARN_ON_ONCE(worker->task != current && worker->task);

	/* Becoming NOT_RUNNING: no longer counted. */
	if ((flags & WORKER_NOT_RUNNING) &&
	    !(worker->flags & WORKER_NOT_RUNNING)) {
		pool->nr_running--;
	}

	worker->flags |= flags;
}

/**
 * worker_clr_flags - clear bits in a worker's flags, keeping nr_running right
 * @worker: the calling worker
 * @flags: WORKER_* bits to clear
 *
 * If this leaves @worker with no NOT_RUNNING bit at all, it counts in nr_running again.
 *
 * Context: pool->lock held, interrupts off.
 */
static inline void worker_clr_flags(struct worker *worker, unsigned int flags)
{
	struct worker_pool *pool = worker->pool;
	unsigned int oflags = worker->flags;

	/* Linux 6.9: a BH worker runs in whatever task its softirq interrupted. */
	WARN_ON_ONCE(worker->task != current && worker->task);

	worker->flags &= ~flags;

	/*
	 * WORKER_NOT_RUNNING is several bits. Clearing one of them while another stays set
	 * changes nothing; only clearing the last one makes the worker count again.
	 */
	if ((flags & WORKER_NOT_RUNNING) && (oflags & WORKER_NOT_RUNNING))
		if (!(worker->flags & WORKER_NOT_RUNNING))
			pool->nr_running++;
}

/* Linux's hash_ptr() into the busy hash: the golden-ratio multiply, top bits. */
static struct list_head *busy_hash_head(struct worker_pool *pool, struct work_struct *work)
{
	unsigned long h = (unsigned long)work * 0x61C8864680B583EBUL;

	return &pool->busy_hash[h >> (BITS_PER_LONG - BUSY_WORKER_HASH_ORDER)];
}

/**
 * find_worker_executing_work - which worker of @pool is running @work, if any
 * @pool: the pool to look in
 * @work: the work to look for
 *
 * Looks in the bucket of @pool->busy_hash for @work's address. A match needs both the same
 * address and the same function. Why the function: a work's function may free the work as
 * soon as it starts, and the memory may come back as a different work. Matching on the
 * address alone would then treat the newcomer as the one still running and hold it back
 * behind a stranger; comparing the function as well rules most such cases out.
 *
 * Context: pool->lock held, interrupts off.
 *
 * Return: the worker running @work, or %NULL.
 */
static struct worker *find_worker_executing_work(struct worker_pool *pool,
						 struct work_struct *work)
{
	struct worker *worker;

	list_for_each_entry(worker, busy_hash_head(pool, work), hentry)
		if (worker->current_work == work &&
		    worker->current_func == work->func)
			return worker;

	return NULL;
}

/**
 * move_linked_works - move a work and the barriers chained to it onto a list
 * @work: the first work of the chain
 * @head: the list to append the chain to
 * @nextp: if not NULL, receives the entry after the chain
 *
 * A chain is @work plus each following entry whose predecessor has WORK_STRUCT_LINKED set;
 * flush_work() links a barrier to the work it waits on this way so they move together.
 *
 * A caller walking a list with list_for_each_entry_safe() passes its cursor as @nextp, so
 * the walk resumes after everything that was moved, not just after @work.
 *
 * Context: pool->lock held, interrupts off.
 */
static void move_linked_works(struct work_struct *work, struct list_head *head,
			      struct work_struct **nextp)
{
	struct work_struct *n;

	/*
	 * The last work of a chain never has LINKED set, so the loop stops before it could
	 * reach the list head; no head is needed to stop at.
	 */
	for (;;) {
		n = list_next_entry(work, entry);
		list_move_tail(&work->entry, head);
		if (!(*work_data_bits(work) & WORK_STRUCT_LINKED))
			break;
		work = n;
	}

	/* The caller's _safe cursor may point into what we moved: hand it the entry after. */
	if (nextp)
		*nextp = n;
}

static void pwq_activate_inactive_work(struct work_struct *work)
{
	struct pool_workqueue *pwq = get_work_pwq(work);

	if (list_empty(&pwq->pool->worklist))
		pwq->pool->watchdog_ts = jiffies;
	move_linked_works(work, &pwq->pool->worklist, NULL);
	__clear_bit(WORK_STRUCT_INACTIVE_BIT, work_data_bits(work));
	pwq->nr_active++;
}

static void pwq_activate_first_inactive(struct pool_workqueue *pwq)
{
	struct work_struct *work = list_first_entry(&pwq->inactive_works,
						    struct work_struct, entry);

	pwq_activate_inactive_work(work);
}

/**
 * pwq_dec_nr_in_flight - account for a work that has left @pwq
 * @pwq: the work's pwq
 * @work_data: the work's data word as it was while queued (colour and INACTIVE bit)
 *
 * Called when a work finishes or is taken off a queue. Frees its max_active slot (letting an
 * inactive work in), drops its colour's count, and, if that ends the flush of the colour
 * on the last pwq, completes the waiting flusher.
 *
 * Linux 6.1 also drops the pwq reference the work held (put_pwq()); Spindle's pwqs live
 * until destroy_workqueue(), which waits for every work, so they are not counted.
 *
 * Context: pool->lock held, interrupts off.
 */
static void pwq_dec_nr_in_flight(struct pool_workqueue *pwq, unsigned long work_data)
{
	int color = get_work_color(work_data);

	if (!(work_data & WORK_STRUCT_INACTIVE)) {
		pwq->nr_active--;
		if (!list_empty(&pwq->inactive_works)) {
			/* a slot is free: let the oldest held-back work in */
			if (pwq->nr_active < pwq->max_active)
				pwq_activate_first_inactive(pwq);
		}
	}

	pwq->nr_in_flight[color]--;

	/* Does this colour have a flush waiting on it? */
	if (likely(pwq->flush_color != color))
		return;

	/* Not yet, if works of the colour remain. */
	if (pwq->nr_in_flight[color])
		return;

	/* this pwq has nothing left of the colour */
	pwq->flush_color = -1;

	/* and if no other pwq has either, the flusher may go */
	if (__atomic_sub_fetch(&pwq->wq->nr_pwqs_to_flush, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&pwq->wq->first_flusher->done);
}

/**
 * try_to_grab_pending - take ownership of @work's PENDING bit, with interrupts off
 * @work: the work to take
 * @is_dwork: @work is the work of a delayed_work, so its timer may hold it
 * @flags: where the saved interrupt state goes
 *
 * Works whether @work is idle, waiting on its timer or sitting on a worklist; in the last
 * two cases it is taken off the timer or list.
 *
 * Return:
 *
 *  ========	================================================================
 *  1		@work was queued or on its timer; it is off both and PENDING is ours
 *  0		@work was idle; we set PENDING
 *  -EAGAIN	someone is midway through queueing it; spin and call again
 *  -ENOENT	another task is cancelling @work, which may take any length of
 *		time
 *  ========	================================================================
 *
 * Note:
 * Whoever holds PENDING with @work off every list keeps others spinning on -EAGAIN, so that
 * window must be short: queueing is done with interrupts off, and the delayed_work timer is
 * irqsafe. This function turns interrupts off for the same reason.
 *
 * On a return of 0 or 1 interrupts are still off; the caller turns them back on with
 * local_irq_restore(*@flags) once done with @work.
 *
 * Any context may call this, interrupt handlers included.
 */
static int try_to_grab_pending(struct work_struct *work, bool is_dwork,
			       unsigned long *flags)
{
	struct worker_pool *pool;
	struct pool_workqueue *pwq;

	local_irq_save(*flags);

	/* a delayed work may be parked on its timer: take it off */
	if (is_dwork) {
		struct delayed_work *dwork = to_delayed_work(work);

		/*
		 * The timer is irqsafe and our interrupts are off, so it cannot be running on
		 * this CPU. If del_timer() finds it not pending, it either never was armed or
		 * it already fired and the work is being queued or is queued.
		 */
		if (likely(del_timer(&dwork->timer)))
			return 1;
	}

	/* idle: PENDING is free for the taking */
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return 0;

	/*
	 * PENDING was already set: @work is on a list or about to be. Take it off the list
	 * and keep PENDING set, which makes it ours.
	 */
	pool = get_work_pool(work);
	if (!pool)
		goto fail;

	spin_lock(&pool->lock);
	/*
	 * work->data names a pwq only while the work is queued, and it is switched to a pwq
	 * when queued and back to a pool id when taken off, both under that pool's lock.
	 * So with the pool locked, a pwq of this pool in work->data means @work is on one of
	 * this pool's lists right now.
	 */
	pwq = get_work_pwq(work);
	if (pwq && pwq->pool == pool) {
		/*
		 * An inactive work may have flush barriers chained behind it. Taking the work
		 * alone would strand them on inactive_works, where they would later upset
		 * nr_active and could stall the pwq. Activating it first moves the chain to
		 * the worklist, which the barriers can run from.
		 */
		if (*work_data_bits(work) & WORK_STRUCT_INACTIVE)
			pwq_activate_inactive_work(work);

		list_del_init(&work->entry);
		pwq_dec_nr_in_flight(pwq, *work_data_bits(work));

		/* off the queue now: work->data must name the pool, not the pwq */
		set_work_pool_and_keep_pending(work, pool->id);

		spin_unlock(&pool->lock);
		return 1;
	}
	spin_unlock(&pool->lock);
fail:
	local_irq_restore(*flags);
	if (work_is_canceling(work))
		return -ENOENT;
	cpu_relax();
	return -EAGAIN;
}

/**
 * insert_work - put @work on a list of @pwq's pool and wake a worker if needed
 * @pwq: the pwq @work is queued through
 * @work: the work; the caller owns its PENDING bit
 * @head: the list entry to add @work before (the tail, when @head is a list head)
 * @extra_flags: WORK_STRUCT_* bits to store with the pwq pointer
 *
 * Context: pool->lock held, interrupts off.
 */
static void insert_work(struct pool_workqueue *pwq, struct work_struct *work,
			struct list_head *head, unsigned int extra_flags)
{
	struct worker_pool *pool = pwq->pool;

	/* PENDING is ours, so nobody else writes work->data meanwhile */
	set_work_pwq(work, pwq, extra_flags);
	list_add_tail(&work->entry, head);

	if (__need_more_worker(pool))
		wake_up_worker(pool);
}

/*
 * Is the caller a worker running a work of @wq? A draining workqueue still accepts works
 * queued that way, since they are part of what the drain waits for.
 */
static bool is_chained_work(struct workqueue_struct *wq)
{
	struct worker *worker;

	worker = current_wq_worker();
	/* @worker is current, so its fields cannot change under us: no lock needed. */
	return worker && worker->current_pwq->wq == wq;
}

static void __queue_work(int cpu, struct workqueue_struct *wq,
			 struct work_struct *work)
{
	struct pool_workqueue *pwq;
	struct worker_pool *last_pool;
	struct list_head *worklist;
	unsigned int work_flags;

	/*
	 * Between setting PENDING and landing on a list, @work makes try_to_grab_pending()
	 * callers spin. Interrupts stay off over that stretch so that it is short.
	 */
	WARN_ON_ONCE(!irqs_disabled());

	/* a draining workqueue takes new work only from its own works */
	if (unlikely(wq->flags & __WQ_DRAINING) &&
	    WARN_ON_ONCE(!is_chained_work(wq)))
		return;

	/*
	 * Pick the pwq; the test below may override it if @work still runs elsewhere. Linux
	 * 6.1 picks the unbound pwq of the CPU's NUMA node; Spindle's unbound workqueues have one.
	 */
	if (wq->flags & WQ_UNBOUND) {
		pwq = wq->dfl_pwq;
	} else {
		if (cpu == WORK_CPU_UNBOUND)
			cpu = smp_processor_id();
		pwq = wq->cpu_pwqs[cpu];
	}

	/*
	 * A work must never run twice at once. If it last ran in another pool and is still
	 * running there, queue it behind itself in that pool instead.
	 */
	last_pool = get_work_pool(work);
	if (last_pool && last_pool != pwq->pool) {
		struct worker *worker;

		spin_lock(&last_pool->lock);

		worker = find_worker_executing_work(last_pool, work);

		if (worker && worker->current_pwq->wq == wq) {
			pwq = worker->current_pwq;
		} else {
			/* finished there: the chosen pwq is fine */
			spin_unlock(&last_pool->lock);
			spin_lock(&pwq->pool->lock);
		}
	} else {
		spin_lock(&pwq->pool->lock);
	}

	if (WARN_ON(!list_empty(&work->entry)))
		goto out;

	pwq->nr_in_flight[pwq->work_color]++;
	work_flags = work_color_to_flags(pwq->work_color);

	if (likely(pwq->nr_active < pwq->max_active)) {
		pwq->nr_active++;
		worklist = &pwq->pool->worklist;
		if (list_empty(worklist))
			pwq->pool->watchdog_ts = jiffies;
	} else {
		work_flags |= WORK_STRUCT_INACTIVE;
		worklist = &pwq->inactive_works;
	}

	insert_work(pwq, work, worklist, work_flags);

out:
	spin_unlock(&pwq->pool->lock);
}

/**
 * queue_work_on - queue @work on @wq to run on @cpu
 * @cpu: the CPU whose pool should run it (ignored for an unbound @wq)
 * @wq: the workqueue
 * @work: the work
 *
 * Keeping @cpu online until the work runs is the caller's job. If the CPU goes down first,
 * its pool is disassociated and the work runs on some other CPU. Naming a CPU that was
 * never online is a caller bug.
 *
 * Context: any, interrupt handlers included.
 * Return: %false if @work was already on a queue, %true otherwise.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq,
		   struct work_struct *work)
{
	bool ret = false;
	unsigned long flags;

	local_irq_save(flags);

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_work(cpu, wq, work);
		ret = true;
	}

	local_irq_restore(flags);
	return ret;
}

/**
 * delayed_work_timer_fn - the timer of a delayed work: queue it
 * @t: the delayed work's timer
 *
 * Context: timer callback, interrupts off (TIMER_IRQSAFE).
 * Return: nothing.
 */
void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	/* the timer is irqsafe: interrupts are already off, as __queue_work() wants */
	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}

static void __queue_delayed_work(int cpu, struct workqueue_struct *wq,
				 struct delayed_work *dwork, unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct work_struct *work = &dwork->work;

	WARN_ON_ONCE(!wq);
	WARN_ON_ONCE(timer->function != delayed_work_timer_fn);
	WARN_ON_ONCE(timer_pending(timer));
	WARN_ON_ONCE(!list_empty(&work->entry));

	/*
	 * No delay means queue now, not via the timer: a timer fires at the next tick at the
	 * earliest, and callers of a zero delay count on the work being queued at once.
	 */
	if (!delay) {
		__queue_work(cpu, wq, &dwork->work);
		return;
	}

	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;

	/*
	 * Linux 6.1 arms the timer on @cpu (add_timer_on) when one is given. Spindle's timers
	 * fire on the CPU that armed them; the work still goes to dwork->cpu when it fires.
	 */
	add_timer(timer);
}

/**
 * queue_delayed_work_on - queue @dwork on @wq for @cpu once @delay has passed
 * @cpu: the CPU whose pool should run it
 * @wq: the workqueue
 * @dwork: the delayed_work to arm
 * @delay: jiffies to wait before queueing; 0 queues at once
 *
 * Context: any.
 * Return: %false if @dwork was already pending (on its timer or a queue), so nothing changed; %true
 * if it was idle and is now armed or queued.
 */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	bool ret = false;
	unsigned long flags;

	/* interrupts off while we hold PENDING: see __queue_work() */
	local_irq_save(flags);

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		ret = true;
	}

	local_irq_restore(flags);
	return ret;
}

/**
 * mod_delayed_work_on - (re)arm @dwork to be queued on @wq for @cpu after @delay
 * @cpu: the CPU whose pool should run it
 * @wq: the workqueue
 * @dwork: the delayed_work to (re)arm
 * @delay: jiffies from now; 0 queues at once
 *
 * Whatever state @dwork is in, it is pulled back (off its timer or its queue) and armed
 * afresh for @delay, so a zero @delay always ends with it queued right away.
 *
 * Context: any, interrupt handlers included.
 * Return: %false if @dwork was idle before the call, %true if it was already pending (or being
 * cancelled) and has been re-armed.
 */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(&dwork->work, true, &flags);
	} while (unlikely(ret == -EAGAIN));

	if (likely(ret >= 0)) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		local_irq_restore(flags);
	}

	/* ret is 0 or 1 here, or -ENOENT (being cancelled), which reads as %true */
	return ret;
}

/**
 * worker_enter_idle - put @worker on its pool's idle list
 * @worker: the worker, with nothing to run
 *
 * Counts it idle and, if the pool now has more idle workers than it needs, arms the timer
 * that will retire the surplus.
 *
 * Context: pool->lock held, interrupts off.
 */
static void worker_enter_idle(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (WARN_ON_ONCE(worker->flags & WORKER_IDLE) ||
	    WARN_ON_ONCE(worker->current_work))
		return;

	/* set by hand: create_worker() calls us for a worker that is not current */
	worker->flags |= WORKER_IDLE;
	pool->nr_idle++;
	worker->last_active = jiffies;

	/* at the head: the next wake-up takes the worker idle the shortest time */
	list_add(&worker->entry, &pool->idle_list);

	if (too_many_workers(pool) && !timer_pending(&pool->idle_timer))
		mod_timer(&pool->idle_timer, jiffies + READ_ONCE(wq_idle_worker_timeout));

	/* every worker idle yet somebody counted as running: the count is off */
	WARN_ON_ONCE(pool->nr_workers == pool->nr_idle && pool->nr_running);
}

/**
 * worker_leave_idle - take @worker off its pool's idle list
 * @worker: the worker, about to look for work
 *
 * Context: pool->lock held, interrupts off.
 */
static void worker_leave_idle(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (WARN_ON_ONCE(!(worker->flags & WORKER_IDLE)))
		return;
	worker_clr_flags(worker, WORKER_IDLE);
	pool->nr_idle--;
	list_del_init(&worker->entry);
}

static struct worker *alloc_worker(void)
{
	struct worker *worker;

	worker = kzalloc(sizeof(*worker), GFP_KERNEL);
	if (worker) {
		INIT_LIST_HEAD(&worker->entry);
		INIT_LIST_HEAD(&worker->scheduled);
		INIT_LIST_HEAD(&worker->node);
		/* new workers start busy but uncounted (PREP) */
		worker->flags = WORKER_PREP;
	}
	return worker;
}

/* The CPUs a worker of @pool may run on now: its own, or all of them while disassociated. */
static const struct cpumask *pool_allowed_cpus(struct worker_pool *pool)
{
	if (pool->flags & POOL_DISASSOCIATED)
		return cpu_possible_mask;
	return &pool->attrs.cpumask;
}

/**
 * worker_attach_to_pool() - make @worker one of @pool's workers
 * @worker: a new worker, or a rescuer moving to the pool it is about to serve
 * @pool: the pool to join
 *
 * From here on CPU hotplug treats @worker with the rest of the pool: its %WORKER_UNBOUND
 * bit and its allowed CPUs follow the pool as the CPU goes down and comes back.
 *
 * Linux 6.1 binds a new worker to the pool's CPUs in create_worker() (kthread_bind_mask) even
 * when that CPU is offline, and its scheduler's fallback widens the mask on wake-up. Spindle's
 * scheduler warns about a task that allows no online CPU, so the mask is chosen here, under
 * wq_pool_attach_mutex where POOL_DISASSOCIATED is stable: a worker not yet woken is bound with
 * kthread_bind_mask(), a rescuer (running) moved with set_cpus_allowed_ptr().
 */
static void worker_attach_to_pool(struct worker *worker, struct worker_pool *pool)
{
	mutex_lock(&wq_pool_attach_mutex);

	/* Hotplug changes %POOL_DISASSOCIATED only under the mutex we hold. */
	if (pool->flags & POOL_DISASSOCIATED) {
		worker->flags |= WORKER_UNBOUND;
	} else {
		WARN_ON_ONCE(pool->flags & POOL_BH);
		kthread_set_per_cpu(worker->task, pool->cpu);
	}

	if (worker->rescue_wq)
		set_cpus_allowed_ptr(worker->task, pool_allowed_cpus(pool));
	else if (worker->task)
		kthread_bind_mask(worker->task, pool_allowed_cpus(pool));

	list_add_tail(&worker->node, &pool->workers);
	worker->pool = pool;

	mutex_unlock(&wq_pool_attach_mutex);
}

/**
 * worker_detach_from_pool() - the reverse of worker_attach_to_pool()
 * @worker: the calling worker
 *
 * Afterwards @worker->pool is NULL; the caller must not touch the pool again unless it has
 * some other reason to know the pool is there.
 */
static void worker_detach_from_pool(struct worker *worker)
{
	mutex_lock(&wq_pool_attach_mutex);

	kthread_set_per_cpu(worker->task, -1);
	list_del(&worker->node);
	worker->pool = NULL;

	mutex_unlock(&wq_pool_attach_mutex);

	/* no pool, so no pool->lock to take: nobody else looks at these flags now */
	worker->flags &= ~(WORKER_UNBOUND | WORKER_REBOUND);
}

/*
 * The lowest worker id of @pool not in use: the M of kworker/N:M. Linux 6.1 keeps an ida per
 * pool; Spindle looks at the attached workers (a pool has a handful), under
 * wq_pool_attach_mutex. Only one task creates workers for a pool at a time (its manager, or
 * the boot and hotplug paths under wq_pool_mutex), so the id stays free until the new worker
 * is attached.
 */
static int worker_pool_alloc_id(struct worker_pool *pool)
{
	struct worker *worker;
	int id = 0;

	mutex_lock(&wq_pool_attach_mutex);
again:
	for_each_pool_worker(worker, pool) {
		if (worker->id == id) {
			id++;
			goto again;
		}
	}
	mutex_unlock(&wq_pool_attach_mutex);
	return id;
}

/**
 * create_worker - make a kworker for @pool and start it idle
 * @pool: the pool it will serve
 *
 * Context: process context; sleeps (GFP_KERNEL allocation, thread creation).
 *
 * Return: the new worker, or NULL if memory or the thread could not be had.
 */
static struct worker *create_worker(struct worker_pool *pool)
{
	struct worker *worker;
	char id_buf[16];

	worker = alloc_worker();
	if (!worker)
		return NULL;

	/* the thread's name includes the id */
	worker->id = worker_pool_alloc_id(pool);

	if (pool->cpu >= 0)
		snprintf(id_buf, sizeof(id_buf), "%d:%d%s", pool->cpu, worker->id,
			 pool->attrs.nice < 0 ? "H" : "");
	else
		snprintf(id_buf, sizeof(id_buf), "u%d:%d", pool->id, worker->id);

	/* Linux 6.9: a BH pool's worker is its CPU's softirq; it has no task. */
	if (!(pool->flags & POOL_BH)) {
		worker->task = kthread_create_on_node(worker_thread, worker, NUMA_NO_NODE,
						      "kworker/%s", id_buf);
		if (IS_ERR(worker->task))
			goto fail;

		set_user_nice(worker->task, pool->attrs.nice);
	}

	/* the thread exists: join the pool */
	worker_attach_to_pool(worker, pool);

	/* count it and park it idle; it finds its way to work from there */
	spin_lock_irq(&pool->lock);
	worker->pool->nr_workers++;
	worker_enter_idle(worker);
	if (worker->task)
		wake_up_process(worker->task);
	spin_unlock_irq(&pool->lock);

	return worker;

fail:
	kfree(worker);
	return NULL;
}

/**
 * destroy_worker - tell an idle worker to exit
 * @worker: the worker; it must be idle with nothing scheduled
 *
 * Takes @worker out of the pool's counts and idle list and sets WORKER_DIE; the worker
 * itself detaches and frees its memory when it wakes.
 *
 * Context: pool->lock held, interrupts off.
 */
static void destroy_worker(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	/* only an idle worker with nothing in hand may go */
	if (WARN_ON(worker->current_work) ||
	    WARN_ON(!list_empty(&worker->scheduled)) ||
	    WARN_ON(!(worker->flags & WORKER_IDLE)))
		return;

	pool->nr_workers--;
	pool->nr_idle--;

	list_del_init(&worker->entry);
	worker->flags |= WORKER_DIE;
	wake_up_process(worker->task);
}

static void idle_worker_timeout(struct timer_list *t)
{
	struct worker_pool *pool = from_timer(pool, t, idle_timer);

	spin_lock_irq(&pool->lock);

	while (too_many_workers(pool)) {
		struct worker *worker;
		unsigned long expires;

		/* the tail of idle_list has been idle longest */
		worker = list_entry(pool->idle_list.prev, struct worker, entry);
		expires = worker->last_active + READ_ONCE(wq_idle_worker_timeout);

		if (time_before(jiffies, expires)) {
			mod_timer(&pool->idle_timer, expires);
			break;
		}

		destroy_worker(worker);
	}

	spin_unlock_irq(&pool->lock);
}

static void send_mayday(struct work_struct *work)
{
	struct pool_workqueue *pwq = get_work_pwq(work);
	struct workqueue_struct *wq = pwq->wq;

	if (!wq->rescuer)
		return;

	/* put the pwq on the rescuer's list once, and wake the rescuer */
	if (list_empty(&pwq->mayday_node)) {
		list_add_tail(&pwq->mayday_node, &wq->maydays);
		wake_up_process(wq->rescuer->task);
	}
}

static void pool_mayday_timeout(struct timer_list *t)
{
	struct worker_pool *pool = from_timer(pool, t, mayday_timer);
	struct work_struct *work;

	spin_lock_irq(&pool->lock);
	spin_lock(&wq_mayday_lock);		/* for wq->maydays */

	if (need_to_create_worker(pool)) {
		/*
		 * Worker creation has not succeeded for a while; perhaps memory can be freed
		 * only by works stuck on this list. Ask the rescuer of each one's workqueue.
		 */
		list_for_each_entry(work, &pool->worklist, entry)
			send_mayday(work);
	}

	spin_unlock(&wq_mayday_lock);
	spin_unlock_irq(&pool->lock);

	mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL);
}

/**
 * maybe_create_worker - keep creating workers until @pool has an idle one or no need
 * @pool: the pool being managed
 *
 * Retries after CREATE_COOLDOWN while creation fails. If no worker appears within
 * MAYDAY_INITIAL_TIMEOUT the mayday timer starts asking rescuers to run @pool's works, in
 * case creation is waiting for memory that only those works would free.
 *
 * When it returns, need_to_create_worker() is %false: either an idle worker exists or there
 * is no work left waiting.
 *
 * Context: pool->lock held, interrupts off; dropped and retaken, possibly many times.
 * Sleeps (GFP_KERNEL). Only the pool's manager calls it.
 */
static void maybe_create_worker(struct worker_pool *pool)
{
restart:
	spin_unlock_irq(&pool->lock);

	/* rescuers get called if this takes longer than MAYDAY_INITIAL_TIMEOUT */
	mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT);

	while (true) {
		if (create_worker(pool) || !need_to_create_worker(pool))
			break;

		schedule_timeout_interruptible(CREATE_COOLDOWN);

		if (!need_to_create_worker(pool))
			break;
	}

	del_timer_sync(&pool->mayday_timer);
	spin_lock_irq(&pool->lock);
	/*
	 * Test again even after a success: the lock was dropped, and the new worker may have
	 * already taken work and left the pool with no idle one.
	 */
	if (need_to_create_worker(pool))
		goto restart;
}

/**
 * manage_workers - take the manager role of @worker's pool and create workers as needed
 * @worker: the calling worker
 *
 * A pool has at most one manager at a time, marked by POOL_MANAGER_ACTIVE. If another
 * worker already holds the role, this returns at once; that manager will see to the pool.
 *
 * Context: pool->lock held, interrupts off; dropped and retaken, possibly many times.
 * Sleeps (GFP_KERNEL).
 *
 * Return: %false if someone else is managing, so the caller may go on and run work; %true if
 * we managed, in which case the lock was dropped and the caller must look at the pool again.
 */
static bool manage_workers(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (pool->flags & POOL_MANAGER_ACTIVE)
		return false;

	pool->flags |= POOL_MANAGER_ACTIVE;
	pool->manager = worker;

	maybe_create_worker(pool);

	pool->manager = NULL;
	pool->flags &= ~POOL_MANAGER_ACTIVE;
	return true;
}

/**
 * process_one_work - run one work and do the bookkeeping around it
 * @worker: the calling worker
 * @work: the work, on the pool's worklist or on @worker->scheduled
 *
 * Hands @work to the worker already running it if there is one. Otherwise marks @worker busy
 * with it, takes it off its list, clears PENDING, runs the function with the pool unlocked,
 * then settles its pwq's counts (which may let another work in or end a flush). Kworkers,
 * rescuers and BH workers all come through here.
 *
 * Context: pool->lock held, interrupts off; dropped and retaken on the way.
 */
static void process_one_work(struct worker *worker, struct work_struct *work)
{
	struct pool_workqueue *pwq = get_work_pwq(work);
	struct worker_pool *pool = worker->pool;
	bool cpu_intensive = pwq->wq->flags & WQ_CPU_INTENSIVE;
	unsigned long work_data;
	struct worker *collision;
#ifdef CONFIG_LOCKDEP
	/*
	 * The function may free @work, so the validator is given a copy of its map to hold
	 * (Linux's reason too).
	 */
	struct lockdep_map lockdep_map;

	lockdep_copy_map(&lockdep_map, &work->lockdep_map);
#endif

	/* an associated pool's worker must be on the pool's CPU */
	WARN_ON_ONCE(!(pool->flags & POOL_DISASSOCIATED) &&
		     (int)smp_processor_id() != pool->cpu);

	/*
	 * If another worker of this pool is still in @work's function (it was requeued while
	 * running), running it here too would run it twice at once. Give it to that worker,
	 * which will run it again when it finishes.
	 */
	collision = find_worker_executing_work(pool, work);
	if (unlikely(collision)) {
		move_linked_works(work, &collision->scheduled, NULL);
		return;
	}

	/* mark ourselves busy with @work where find_worker_executing_work() will look */
	list_add(&worker->hentry, busy_hash_head(pool, work));
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;
	work_data = *work_data_bits(work);
	worker->current_color = get_work_color(work_data);

	/* The workqueue's name describes the worker in reports until the work says more. */
	strscpy(worker->desc, pwq->wq->name, WORKER_DESC_LEN);

	list_del_init(&work->entry);

	/*
	 * A WQ_CPU_INTENSIVE work would keep nr_running up for its whole run and hold back the
	 * rest of the pool, so the worker stops counting while it runs one; sharing the CPU is
	 * then left to the scheduler. The wake-up just below starts the next work.
	 */
	if (unlikely(cpu_intensive))
		worker_set_flags(worker, WORKER_CPU_INTENSIVE);

	/*
	 * A counted per-CPU worker makes nr_running at least 1, so this wakes nobody for it.
	 * It matters for uncounted workers (unbound, CPU-intensive): each one that starts a work
	 * wakes the next, so pending works keep getting picked up.
	 */
	if (need_more_worker(pool))
		wake_up_worker(pool);

	/*
	 * From here @work may be queued again or freed, so this is our last write to it.
	 * Doing it under pool->lock, interrupts off, means that leaving the queue and giving
	 * up PENDING look like one step to anyone taking the lock.
	 */
	set_work_pool_and_clear_pending(work, pool->id);

	spin_unlock_irq(&pool->lock);

	/*
	 * While the function runs the worker "holds" its workqueue and the work: a lock the
	 * function takes comes after both, which is what a flush under that lock contradicts. A
	 * dead CPU's BH pool is drained from inside a BH work of the same workqueue
	 * (drain_dead_softirq_workfn()): one level of nesting the validator is told of.
	 */
	lock_acquire_exclusive(&pwq->wq->lockdep_map,
			       (pool->flags & POOL_BH_DRAINING) ? SINGLE_DEPTH_NESTING : 0, 0,
			       _LOCK_IP_);
	lock_map_acquire(&lockdep_map);
	/* A plain call: /proc/PID/stack of the worker shows the function while it runs. */
	worker->current_func(work);
	lock_map_release(&lockdep_map);
	lock_map_release(&pwq->wq->lockdep_map);

	/* Linux 6.9: a BH worker runs works in softirq context, atomic by nature. */
	if (unlikely((preempt_count() && worker->task) || irqs_disabled())) {
		pr_err("BUG: workqueue leaked lock or atomic: %s/0x%08x/%d\n"
		       "     last function: %ps\n",
		       current->comm, preempt_count(), current->pid, worker->current_func);
		dump_stack();
	}

	/*
	 * Without kernel preemption, a work that requeues itself to poll for some event could
	 * keep this CPU forever. If every other CPU sits in stop_machine waiting for this one,
	 * that is a deadlock; yielding here between works breaks it (in Linux it also lets
	 * RCU see a quiescent state). A BH worker cannot sleep: bh_worker() bounds its own run.
	 */
	if (worker->task)
		cond_resched();

	spin_lock_irq(&pool->lock);

	/* counted again from here */
	if (unlikely(cpu_intensive))
		worker_clr_flags(worker, WORKER_CPU_INTENSIVE);

	/* what wq_worker_last_func() reports */
	worker->last_func = worker->current_func;

	/* no longer busy with @work */
	list_del_init(&worker->hentry);
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	worker->current_color = INT_MAX;
	pwq_dec_nr_in_flight(pwq, work_data);
}

/**
 * process_scheduled_works - run everything on @worker->scheduled
 * @worker: the calling worker
 *
 * Running a work may add to the list (a colliding work handed over by another worker), so
 * the loop takes the first entry afresh each time rather than walking the list.
 *
 * Context: pool->lock held, interrupts off; dropped and retaken, possibly many times.
 */
static void process_scheduled_works(struct worker *worker)
{
	while (!list_empty(&worker->scheduled)) {
		struct work_struct *work = list_first_entry(&worker->scheduled,
							    struct work_struct, entry);
		process_one_work(worker, work);
	}
}

static void set_pf_worker(bool val)
{
	mutex_lock(&wq_pool_attach_mutex);
	if (val)
		current->flags |= PF_WQ_WORKER;
	else
		current->flags &= ~PF_WQ_WORKER;
	mutex_unlock(&wq_pool_attach_mutex);
}

/*
 * One step of a worker's loop, shared by worker_thread() and bh_worker(): run the pool's first
 * work, with any works chained behind it (Linux 6.9 shares the step as assign_work()).
 * Called with pool->lock held, interrupts off; process_one_work() drops it around the function.
 */
static __always_inline void process_first_work(struct worker *worker, struct worker_pool *pool)
{
	struct work_struct *work = list_first_entry(&pool->worklist, struct work_struct, entry);

	pool->watchdog_ts = jiffies;
	if (likely(!(*work_data_bits(work) & WORK_STRUCT_LINKED))) {
		/* common case: no chain, so skip moving it to ->scheduled */
		process_one_work(worker, work);
		if (unlikely(!list_empty(&worker->scheduled)))
			process_scheduled_works(worker);
	} else {
		move_linked_works(work, &worker->scheduled, NULL);
		process_scheduled_works(worker);
	}
}

/**
 * worker_thread - the main loop of a kworker
 * @__worker: the worker this thread is
 *
 * A kworker serves one pool, per-CPU or unbound, and runs whatever work reaches that pool,
 * whichever workqueue it came from. It sleeps idle when there is nothing to do and exits
 * when destroy_worker() marks it WORKER_DIE. Rescuers use rescuer_thread() instead.
 *
 * Return: 0
 */
static int worker_thread(void *__worker)
{
	struct worker *worker = __worker;
	struct worker_pool *pool = worker->pool;

	/* PF_WQ_WORKER makes schedule() call wq_worker_sleeping() and wq_worker_running() */
	set_pf_worker(true);
woke_up:
	spin_lock_irq(&pool->lock);

	/* destroy_worker() woke us to exit */
	if (unlikely(worker->flags & WORKER_DIE)) {
		spin_unlock_irq(&pool->lock);
		WARN_ON_ONCE(!list_empty(&worker->entry));
		set_pf_worker(false);

		set_task_comm(worker->task, "kworker/dying");
		worker_detach_from_pool(worker);
		kfree(worker);
		return 0;
	}

	worker_leave_idle(worker);
recheck:
	/* nothing waiting, or a counted worker already on it: back to sleep */
	if (!need_more_worker(pool))
		goto sleep;

	/* no idle worker left to take over: create one before starting */
	if (unlikely(!may_start_working(pool)) && manage_workers(worker))
		goto recheck;

	/* Only a busy worker gets works on ->scheduled; an idle one's list must be empty. */
	WARN_ON_ONCE(!list_empty(&worker->scheduled));

	/*
	 * Leave PREP: the pool has an idle worker to spare, or another worker is managing it.
	 * From here this worker counts in nr_running (if the pool counts at all); clearing
	 * REBOUND is where a worker rebound after hotplug starts counting again, see
	 * rebind_workers().
	 */
	worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND);

	do {
		process_first_work(worker, pool);
	} while (keep_working(pool));

	worker_set_flags(worker, WORKER_PREP);
sleep:
	/*
	 * Nothing to do. Whoever wakes a worker does so holding pool->lock (or on this CPU),
	 * so setting our state before the lock is dropped means no wake-up can slip between
	 * the unlock and schedule().
	 */
	worker_enter_idle(worker);
	__set_current_state(TASK_IDLE);
	spin_unlock_irq(&pool->lock);
	schedule();
	goto woke_up;
}

/**
 * rescuer_thread - the main loop of a workqueue's rescuer
 * @__rescuer: the rescuer this thread is
 *
 * Each WQ_MEM_RECLAIM workqueue gets one rescuer, made when the workqueue is.
 *
 * Why: a pool that needs a new worker allocates with GFP_KERNEL. If memory is short and
 * what would free it is a work waiting in that same pool, the pool waits on memory and the
 * memory waits on the pool. The rescuer breaks the loop: it exists in advance, so it needs no
 * allocation to run.
 *
 * When creation stalls, the mayday timer puts the stuck pwqs on their workqueues' maydays
 * lists. The rescuer visits each pool asked of it, runs that workqueue's works there, and
 * leaves. It is normally asleep.
 *
 * Return: 0
 */
static int rescuer_thread(void *__rescuer)
{
	struct worker *rescuer = __rescuer;
	struct workqueue_struct *wq = rescuer->rescue_wq;
	struct list_head *scheduled = &rescuer->scheduled;
	bool should_stop;

	set_user_nice(current, RESCUER_NICE_LEVEL);

	/*
	 * PF_WQ_WORKER so that current_wq_worker() and the scheduler hooks know it; WORKER_PREP
	 * stays set for good, so it is never counted in nr_running.
	 */
	set_pf_worker(true);
repeat:
	set_current_state(TASK_IDLE);

	/*
	 * When told to stop, the workqueue has no work left, yet pwqs can still be on
	 * @wq->maydays: kworkers may have run their works before the rescuer got there. Empty
	 * the list first and only then obey should_stop, so nothing is left on it.
	 */
	should_stop = kthread_should_stop();

	/* serve each pwq that asked for help */
	spin_lock_irq(&wq_mayday_lock);

	while (!list_empty(&wq->maydays)) {
		struct pool_workqueue *pwq = list_first_entry(&wq->maydays,
					struct pool_workqueue, mayday_node);
		struct worker_pool *pool = pwq->pool;
		struct work_struct *work, *n;
		bool first = true;

		__set_current_state(TASK_RUNNING);
		list_del_init(&pwq->mayday_node);

		spin_unlock_irq(&wq_mayday_lock);

		worker_attach_to_pool(rescuer, pool);

		spin_lock_irq(&pool->lock);

		/* Take every work of this pwq off the pool's worklist and run them. */
		WARN_ON_ONCE(!list_empty(scheduled));
		list_for_each_entry_safe(work, n, &pool->worklist, entry) {
			if (get_work_pwq(work) == pwq) {
				if (first)
					pool->watchdog_ts = jiffies;
				move_linked_works(work, scheduled, &n);
			}
			first = false;
		}

		if (!list_empty(scheduled)) {
			process_scheduled_works(rescuer);

			/*
			 * Running those may have produced more for this pwq: inactive works let
			 * in as slots freed, or works queueing works. If the pool still cannot
			 * get a worker, list the pwq again now rather than wait MAYDAY_INTERVAL
			 * for the timer; such works may be what frees the memory.
			 */
			if (pwq->nr_active && need_to_create_worker(pool)) {
				spin_lock(&wq_mayday_lock);
				/*
				 * Not if destroy_workqueue() has taken the rescuer away, nor if
				 * the pwq is already listed.
				 */
				if (wq->rescuer && list_empty(&pwq->mayday_node))
					list_add_tail(&pwq->mayday_node, &wq->maydays);
				spin_unlock(&wq_mayday_lock);
			}
		}

		/*
		 * Before leaving, wake a kworker if work remains with nobody counted running;
		 * the rescuer never counts, so nothing else may notice the pool needs one.
		 */
		if (need_more_worker(pool))
			wake_up_worker(pool);

		spin_unlock_irq(&pool->lock);

		worker_detach_from_pool(rescuer);

		spin_lock_irq(&wq_mayday_lock);
	}

	spin_unlock_irq(&wq_mayday_lock);

	if (should_stop) {
		__set_current_state(TASK_RUNNING);
		set_pf_worker(false);
		return 0;
	}

	/* PREP was never cleared, so a rescuer is never counted */
	WARN_ON_ONCE(!(rescuer->flags & WORKER_NOT_RUNNING));
	schedule();
	goto repeat;
}

/*
 * Linux 6.9: bh_worker - run a BH pool's works, from its CPU's softirq
 * @worker: the pool's one worker
 *
 * The same steps as worker_thread(), without the sleeping: run the pending works, but give the
 * softirq back after BH_WORKER_RESTARTS rounds or BH_WORKER_JIFFIES, raising it again for what
 * is left, so that a stream of BH work cannot keep the CPU from its tasks. A BH pool is always
 * disassociated: its worker never counts in nr_running, and the pool runs from another CPU
 * only while a dead CPU's works are drained.
 *
 * CONTEXT: softirq, pool->lock not held.
 */
static void bh_worker(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;
	int nr_restarts = BH_WORKER_RESTARTS;
	unsigned long end = jiffies + BH_WORKER_JIFFIES;

	spin_lock_irq(&pool->lock);
	worker_leave_idle(worker);

	/* This follows worker_thread(); see there for each step. */
	if (!need_more_worker(pool))
		goto done;

	WARN_ON_ONCE(!list_empty(&worker->scheduled));
	worker_clr_flags(worker, WORKER_PREP | WORKER_REBOUND);

	do {
		process_first_work(worker, pool);
	} while (keep_working(pool) &&
		 --nr_restarts && time_before(jiffies, end));

	worker_set_flags(worker, WORKER_PREP);
done:
	worker_enter_idle(worker);
	if (need_more_worker(pool))
		wake_up_worker(pool);
	spin_unlock_irq(&pool->lock);
}

/**
 * workqueue_softirq_action - run this CPU's BH pool
 * @highpri: the highpri pool (HI_SOFTIRQ) rather than the normal one (TASKLET_SOFTIRQ)
 *
 * Linux 6.9: called by tasklet_hi_action() and tasklet_action(), before the tasklets.
 *
 * Context: softirq, interrupts on.
 * Return: nothing.
 */
void workqueue_softirq_action(bool highpri)
{
	struct worker_pool *pool = &per_cpu(bh_worker_pools, smp_processor_id())[highpri];

	if (need_more_worker(pool))
		bh_worker(list_first_entry(&pool->workers, struct worker, node));
}

/* Linux 6.9: a dead CPU's BH pool to drain, and the completion its drainer's waiter sleeps on. */
struct wq_drain_dead_softirq_work {
	struct work_struct	work;
	struct worker_pool	*pool;
	struct completion	done;
};

/*
 * Linux 6.9: run a dead CPU's BH pool from a BH work on this CPU. The dead CPU can be kicked no
 * more, so POOL_BH_DRAINING makes kick_bh_pool() leave the raise here; bh_worker() may stop at
 * its bound with works left, then this work queues itself again rather than hold this CPU's
 * softirq longer.
 */
static void drain_dead_softirq_workfn(struct work_struct *work)
{
	struct wq_drain_dead_softirq_work *dead_work =
		container_of(work, struct wq_drain_dead_softirq_work, work);
	struct worker_pool *pool = dead_work->pool;
	bool repeat;

	spin_lock_irq(&pool->lock);
	pool->flags |= POOL_BH_DRAINING;
	spin_unlock_irq(&pool->lock);

	bh_worker(list_first_entry(&pool->workers, struct worker, node));

	spin_lock_irq(&pool->lock);
	pool->flags &= ~POOL_BH_DRAINING;
	repeat = need_more_worker(pool);
	spin_unlock_irq(&pool->lock);

	if (repeat) {
		if (pool->attrs.nice == HIGHPRI_NICE_LEVEL)
			queue_work(system_bh_highpri_wq, work);
		else
			queue_work(system_bh_wq, work);
	} else {
		complete(&dead_work->done);
	}
}

/**
 * workqueue_softirq_dead - run the works left on a dead CPU's BH pools
 * @cpu: the dead CPU
 *
 * Linux 6.9: called by takeover_tasklets() at CPUHP_SOFTIRQ_DEAD. Each pool with works left
 * is drained by a BH work of the same priority on this CPU, one pool after the other, and this
 * waits for it: a drain overlapping @cpu's return, or one dead CPU's drain queued on another
 * dead one, cannot happen. BH works are short and do not requeue on a dead CPU, so it ends.
 *
 * Context: the hotplug control task, process context; sleeps.
 * Return: nothing.
 */
void workqueue_softirq_dead(unsigned int cpu)
{
	int i;

	for (i = 0; i < NR_STD_WORKER_POOLS; i++) {
		struct worker_pool *pool = &per_cpu(bh_worker_pools, cpu)[i];
		struct wq_drain_dead_softirq_work dead_work;

		if (!need_more_worker(pool))
			continue;

		INIT_WORK_ONSTACK(&dead_work.work, drain_dead_softirq_workfn);
		dead_work.pool = pool;
		init_completion(&dead_work.done);

		if (pool->attrs.nice == HIGHPRI_NICE_LEVEL)
			queue_work(system_bh_highpri_wq, &dead_work.work);
		else
			queue_work(system_bh_wq, &dead_work.work);

		wait_for_completion(&dead_work.done);
	}
}

/**
 * check_flush_dependency - warn when a reclaim-safe work waits on a workqueue that is not
 * @target_wq: the workqueue %current is about to wait on
 * @target_work: the one work %current waits for, or NULL when it waits for all of @target_wq
 *
 * A %WQ_MEM_RECLAIM workqueue has a rescuer, so its works get run even when memory is too
 * short to create a worker. If such a work then waits on a workqueue without a rescuer, it
 * can wait for a worker that never comes, and the rescuer's promise is void: warn once.
 * (Linux 6.1 also warns when %current is in memory reclaim, PF_MEMALLOC; Spindle does not.)
 */
static void check_flush_dependency(struct workqueue_struct *target_wq,
				   struct work_struct *target_work)
{
	work_func_t target_func = target_work ? target_work->func : NULL;
	struct worker *worker;

	if (target_wq->flags & WQ_MEM_RECLAIM)
		return;

	worker = current_wq_worker();

	WARN_ONCE(worker && (worker->current_pwq->wq->flags & WQ_MEM_RECLAIM),
		  "workqueue: WQ_MEM_RECLAIM %s:%ps is flushing !WQ_MEM_RECLAIM %s:%ps",
		  worker->current_pwq->wq->name, worker->current_func,
		  target_wq->name, target_func);
}

struct wq_barrier {
	struct work_struct	work;
	struct completion	done;
	struct task_struct	*task;	/* the flusher; show_pwq() prints its pid */
};

static void wq_barrier_func(struct work_struct *work)
{
	struct wq_barrier *barr = container_of(work, struct wq_barrier, work);

	complete(&barr->done);
}

/**
 * insert_wq_barrier - queue a work that completes @barr once @target has run
 * @pwq: the pool_workqueue the barrier goes on
 * @barr: the barrier, on the flusher's stack
 * @target: the work the flusher waits for
 * @worker: the worker running @target now, or NULL if @target is only queued
 *
 * The barrier is placed right behind @target, so the pool's workers reach it only after
 * @target is done; running it completes @barr->done and wakes the flusher. It orders the
 * flusher after @target alone: other works of the workqueue may still be queued or running.
 *
 * Once queued, a barrier cannot be canceled: try_to_grab_pending() cannot tell whether the
 * work it takes heads a chain, so it could not clear the LINKED bit of the work in front,
 * and a work with LINKED set must always have a next one.
 *
 * When @worker is set, @target's data names a pool, not a pwq, and @target may even be
 * queued again meanwhile; so the caller passes the pwq the worker runs @target for.
 *
 * CONTEXT: pool->lock held, interrupts off.
 */
static void insert_wq_barrier(struct pool_workqueue *pwq,
			      struct wq_barrier *barr,
			      struct work_struct *target, struct worker *worker)
{
	static __maybe_unused struct lock_class_key bh_key, thr_key;
	unsigned int work_flags = 0;
	unsigned int work_color;
	struct list_head *head;

	/*
	 * Set up by hand, PENDING included: insert_work() below links the barrier in directly,
	 * it never goes through queue_work(). Spindle has no debug objects, so pool->lock being
	 * held makes no difference to INIT_WORK_ONSTACK(). A barrier runs in a softirq on a BH
	 * workqueue and in a kworker otherwise: two lock classes, or the validator would see one
	 * class used in a softirq and with softirqs on ("inconsistent lock state"), as Linux 6.9
	 * found.
	 */
	INIT_WORK_ONSTACK_KEY(&barr->work, wq_barrier_func,
			      (pwq->wq->flags & WQ_BH) ? &bh_key : &thr_key);
	__set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&barr->work));

	init_completion(&barr->done);
	barr->task = current;

	/* Never counted in nr_active, so pwq_dec_nr_in_flight() must not count it out. */
	work_flags |= WORK_STRUCT_INACTIVE;

	/*
	 * A running @target is on no list: put the barrier at the front of its worker's
	 * scheduled list, which the worker runs next. A queued @target: right behind it.
	 */
	if (worker) {
		head = worker->scheduled.next;
		work_color = worker->current_color;
	} else {
		unsigned long *bits = work_data_bits(target);

		head = target->entry.next;
		/* keep a chain behind @target whole: the barrier takes over its LINKED bit */
		work_flags |= *bits & WORK_STRUCT_LINKED;
		work_color = get_work_color(*bits);
		__set_bit(WORK_STRUCT_LINKED_BIT, bits);
	}

	pwq->nr_in_flight[work_color]++;
	work_flags |= work_color_to_flags(work_color);

	insert_work(pwq, &barr->work, head, work_flags);
}

/**
 * flush_workqueue_prep_pwqs - start waiting for a color and/or move every pwq to a new color
 * @wq: the workqueue being flushed
 * @flush_color: the color to wait for; negative to start no wait
 * @work_color: the color works take from now on; negative to keep the current one
 *
 * Each work carries the color that was current when it was queued, and each pwq counts its
 * in-flight works by color, so a flush only has to wait until one color's counts reach zero.
 *
 * With @flush_color >= 0, no pwq may have a wait going (all flush_color are -1). Every pwq
 * with works of that color in flight gets pwq->flush_color set and is counted in
 * @wq->nr_pwqs_to_flush; pwq_dec_nr_in_flight() takes it off the count when its last such
 * work ends, and the last one completes @wq->first_flusher, which the caller must have set.
 * The count starts at one, dropped only after the scan, so it cannot hit zero too early.
 *
 * With @work_color >= 0, every pwq must be on the color just before it, and all move on.
 *
 * CONTEXT: wq->mutex held.
 *
 * Return: %true if some works of @flush_color are in flight to wait for, %false otherwise
 * (always for a negative @flush_color).
 */
static bool flush_workqueue_prep_pwqs(struct workqueue_struct *wq,
				      int flush_color, int work_color)
{
	bool wait = false;
	struct pool_workqueue *pwq;

	if (flush_color >= 0) {
		WARN_ON_ONCE(__atomic_load_n(&wq->nr_pwqs_to_flush, __ATOMIC_RELAXED));
		__atomic_store_n(&wq->nr_pwqs_to_flush, 1, __ATOMIC_RELAXED);
	}

	for_each_pwq(pwq, wq) {
		struct worker_pool *pool = pwq->pool;

		spin_lock_irq(&pool->lock);

		if (flush_color >= 0) {
			WARN_ON_ONCE(pwq->flush_color != -1);

			if (pwq->nr_in_flight[flush_color]) {
				pwq->flush_color = flush_color;
				__atomic_add_fetch(&wq->nr_pwqs_to_flush, 1, __ATOMIC_RELAXED);
				wait = true;
			}
		}

		if (work_color >= 0) {
			WARN_ON_ONCE(work_color != work_next_color(pwq->work_color));
			pwq->work_color = work_color;
		}

		spin_unlock_irq(&pool->lock);
	}

	if (flush_color >= 0 &&
	    __atomic_sub_fetch(&wq->nr_pwqs_to_flush, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&wq->first_flusher->done);

	return wait;
}

/*
 * A flush waits for works, which the validator sees as taking their maps for a moment: a lock
 * held here that a work's function takes closes a cycle. A BH workqueue's works run in a
 * softirq, so its maps are taken with bottom halves off, as there (Linux 6.10's
 * touch_wq_lockdep_map() and touch_work_lockdep_map()).
 */
static void touch_wq_lockdep_map(struct workqueue_struct *wq)
{
#ifdef CONFIG_LOCKDEP
	if (wq->flags & WQ_BH)
		local_bh_disable();
	lock_map_acquire(&wq->lockdep_map);
	lock_map_release(&wq->lockdep_map);
	if (wq->flags & WQ_BH)
		local_bh_enable();
#endif
}

static void touch_work_lockdep_map(struct work_struct *work, bool bh)
{
#ifdef CONFIG_LOCKDEP
	if (bh)
		local_bh_disable();
	lock_map_acquire(&work->lockdep_map);
	lock_map_release(&work->lockdep_map);
	if (bh)
		local_bh_enable();
#endif
}

/**
 * __flush_workqueue - wait for every work already queued on @wq to finish
 * @wq: the workqueue to flush
 *
 * Sleeps until each work that was on @wq when the call began has run to its end. Works
 * queued later are not waited for, so a workqueue that never goes quiet cannot keep the
 * caller here forever.
 *
 * Linux 6.1 lets concurrent flushers overlap: each takes the next flush colour and waits on
 * wq->flusher_queue, the first one passing the baton on. Spindle's flushers take turns under
 * wq->mutex, each advancing the colour once and waiting for the works of the old colour; a
 * second flusher waits for the first, then for what was queued meanwhile. The guarantee is
 * the same.
 *
 * Context: process context, sleeps.
 * Return: nothing.
 */
void __flush_workqueue(struct workqueue_struct *wq)
{
	struct wq_flusher this_flusher;

	might_sleep();
	if (WARN_ON(!wq_online))
		return;

	touch_wq_lockdep_map(wq);
	check_flush_dependency(wq, NULL);

	mutex_lock(&wq->mutex);

	this_flusher.flush_color = wq->work_color;
	init_completion(&this_flusher.done);
	wq->first_flusher = &this_flusher;
	wq->flush_color = this_flusher.flush_color;
	wq->work_color = work_next_color(wq->work_color);

	if (flush_workqueue_prep_pwqs(wq, wq->flush_color, wq->work_color))
		wait_for_completion(&this_flusher.done);

	wq->flush_color = wq->work_color;
	wq->first_flusher = NULL;

	mutex_unlock(&wq->mutex);
}

/**
 * drain_workqueue - wait until @wq holds no work at all
 * @wq: the workqueue to drain
 *
 * Unlike a flush, this also waits for the works that @wq's own works queue on it. Meanwhile
 * __queue_work() turns away (with a warning) any work queued on @wq from outside its own
 * works. @wq is flushed over and over until no pwq has an active or inactive work; that takes
 * as many rounds as the longest chain of works queuing works, and a warning is printed if the
 * rounds run into the tens.
 *
 * Context: process context, sleeps.
 * Return: nothing.
 */
void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int flush_cnt = 0;
	struct pool_workqueue *pwq;

	/*
	 * nr_drainers counts overlapping drains; the first sets __WQ_DRAINING and the last
	 * clears it. The flag is what __queue_work() reads: it runs far more often than this
	 * and reads wq->flags anyway.
	 */
	mutex_lock(&wq->mutex);
	if (!wq->nr_drainers++)
		wq->flags |= __WQ_DRAINING;
	mutex_unlock(&wq->mutex);
reflush:
	__flush_workqueue(wq);

	mutex_lock(&wq->mutex);

	for_each_pwq(pwq, wq) {
		bool drained;

		spin_lock_irq(&pwq->pool->lock);
		drained = !pwq->nr_active && list_empty(&pwq->inactive_works);
		spin_unlock_irq(&pwq->pool->lock);

		if (drained)
			continue;

		if (++flush_cnt == 10 ||
		    (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("workqueue %s: %s() isn't complete after %u tries\n",
				wq->name, __func__, flush_cnt);

		mutex_unlock(&wq->mutex);
		goto reflush;
	}

	if (!--wq->nr_drainers)
		wq->flags &= ~__WQ_DRAINING;
	mutex_unlock(&wq->mutex);
}

static bool start_flush_work(struct work_struct *work, struct wq_barrier *barr,
			     bool from_cancel)
{
	struct worker *worker = NULL;
	struct worker_pool *pool;
	struct pool_workqueue *pwq;

	might_sleep();

	pool = get_work_pool(work);
	if (!pool)
		return false;

	spin_lock_irq(&pool->lock);
	/* a work's data names its pwq only while queued under that pwq's pool->lock */
	pwq = get_work_pwq(work);
	if (pwq) {
		if (unlikely(pwq->pool != pool))
			goto already_gone;
	} else {
		worker = find_worker_executing_work(pool, work);
		if (!worker)
			goto already_gone;
		pwq = worker->current_pwq;
	}

	check_flush_dependency(pwq->wq, work);

	insert_wq_barrier(pwq, barr, work, worker);
	spin_unlock_irq(&pool->lock);

	/*
	 * On a workqueue whose works run one at a time (max_active 1) or that may have to rely
	 * on its one rescuer, waiting for this work also waits for the works ahead of it: as
	 * Linux 6.1 does, the flush counts as taking the whole workqueue.
	 */
	if (!from_cancel && (pwq->wq->saved_max_active == 1 || pwq->wq->rescuer))
		touch_wq_lockdep_map(pwq->wq);
	return true;
already_gone:
	spin_unlock_irq(&pool->lock);
	return false;
}

static bool __flush_work(struct work_struct *work, bool from_cancel)
{
	struct wq_barrier barr;

	if (WARN_ON(!wq_online))
		return false;

	if (WARN_ON(!work->func))
		return false;

	/* Linux 6.1 takes the work's map whether or not it is queued: the order is wrong even
	 * on the runs where the work happens to be idle. Its last pool says whether it is BH. */
	if (!from_cancel) {
		struct worker_pool *last = get_work_pool(work);

		touch_work_lockdep_map(work, last && (last->flags & POOL_BH));
	}

	if (!start_flush_work(work, &barr, from_cancel))
		return false;

	/*
	 * Linux 6.9: a canceled BH work that was running is running in a softirq, on another
	 * CPU (a softirq is not preempted by a task on its own): it ends soon, so spin for it
	 * as tasklet_unlock_spin_wait() does. Linux 6.9 tells by WORK_OFFQ_BH in the work's
	 * data; the pool it names here says the same.
	 */
	if (from_cancel) {
		struct worker_pool *pool = get_work_pool(work);

		if (pool && (pool->flags & POOL_BH)) {
			while (!try_wait_for_completion(&barr.done))
				cpu_relax();
			return true;
		}
	}

	wait_for_completion(&barr.done);
	return true;
}

/**
 * flush_work - wait until the latest queueing of @work has run
 * @work: the work to wait for
 *
 * Sleeps until @work's last queueing has run to its end. Unless someone queued @work again
 * in the meantime, it is idle on return.
 *
 * Context: process context, sleeps.
 * Return: %true if there was a queued or running @work to wait for, %false if it was idle already.
 */
bool flush_work(struct work_struct *work)
{
	return __flush_work(work, false);
}

/*
 * Cancelers that find another cancel of the same work in progress sleep here until it is
 * done (Linux 6.1: a custom wake function wakes only the waiters of that work; here every
 * waiter rechecks its own work).
 */
static DECLARE_WAIT_QUEUE_HEAD(cancel_waitq);

static bool __cancel_work_timer(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(work, is_dwork, &flags);
		/*
		 * -ENOENT: another task is canceling @work. Sleep until it has cleared
		 * CANCELING. Waiting with flush_work() instead would not do: once @work has
		 * run, it returns at once, we retry and get -ENOENT again, and without
		 * preemption that loop could keep the other task, which is to clear the bit,
		 * off our CPU for good.
		 */
		if (unlikely(ret == -ENOENT))
			wait_event(cancel_waitq, !work_is_canceling(work));
	} while (unlikely(ret < 0));

	/* others' try_to_grab_pending() now fail with -ENOENT, and PENDING blocks queueing */
	mark_work_canceling(work);
	local_irq_restore(flags);

	/*
	 * Before workqueue_init() sets wq_online no worker has run anything, so @work cannot
	 * be running; skipping the wait lets early boot code cancel too.
	 */
	if (wq_online)
		__flush_work(work, true);

	clear_work_data(work);

	/*
	 * This full fence and the one in wait_event()'s set_current_state() make sure a
	 * waiter is either seen by waitqueue_active() here or sees CANCELING cleared there;
	 * it cannot go to sleep unnoticed.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (waitqueue_active(&cancel_waitq))
		wake_up_all(&cancel_waitq);

	return ret;
}

/**
 * cancel_work_sync - dequeue @work and wait out a run in progress
 * @work: what to cancel
 *
 * Dequeues @work if it is pending and waits for a run in progress to end. While this goes on
 * nobody can queue @work, so it works for a work that queues itself again or moves to
 * another workqueue as well: on return @work is neither pending nor running anywhere.
 *
 * The workqueue that @work was last queued on must stay alive until this returns.
 *
 * Context: process context, sleeps.
 * Return: %true if @work was queued when the cancel took it, %false if it was not.
 */
bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work_timer(work, false);
}

/**
 * flush_delayed_work - run a delayed work now and wait for it
 * @dwork: what to run now and wait for
 *
 * If @dwork's timer has not fired yet, it is stopped and the work queued at once. Then this
 * waits as flush_work() does, for the latest queueing only.
 *
 * Context: process context, sleeps.
 * Return: %true if there was a queued or running @dwork to wait for, %false if it was idle already.
 */
bool flush_delayed_work(struct delayed_work *dwork)
{
	local_irq_disable();
	if (del_timer_sync(&dwork->timer))
		__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	local_irq_enable();
	return flush_work(&dwork->work);
}

static bool __cancel_work(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(work, is_dwork, &flags);
	} while (unlikely(ret == -EAGAIN));

	if (unlikely(ret < 0))
		return false;

	set_work_pool_and_clear_pending(work, get_work_pool_id(work));
	local_irq_restore(flags);
	return ret;
}

/**
 * cancel_delayed_work - take a delayed work off its timer or its queue
 * @dwork: what to cancel
 *
 * Removes @dwork whether its timer is still counting or it is queued already. A run that has
 * begun goes on and may still be going on return: cancel_delayed_work_sync() waits for it.
 *
 * Context: any, interrupt handlers included.
 * Return: %true if this took @dwork off its timer or queue, %false if it was on neither.
 */
bool cancel_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true);
}

/**
 * cancel_delayed_work_sync - cancel_work_sync() for a delayed work
 * @dwork: what to cancel
 *
 * Stops @dwork's timer or dequeues it, then waits for a run in progress to end.
 *
 * Context: process context, sleeps.
 * Return: %true if this took @dwork off its timer or queue, %false if it was on neither.
 */
bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_timer(&dwork->work, true);
}

/**
 * init_worker_pool - set up the lists, lock and timers of a zeroed worker_pool
 * @pool: the pool, all zeroes
 *
 * @pool is left with no CPU, id or workers, and DISASSOCIATED until a CPU takes it. Linux
 * allocates @pool->attrs here as well; Spindle's pools embed theirs, so this cannot fail.
 */
static void init_worker_pool(struct worker_pool *pool)
{
	spin_lock_init(&pool->lock);
	pool->id = -1;
	pool->cpu = -1;
	pool->flags |= POOL_DISASSOCIATED;
	pool->watchdog_ts = jiffies;
	INIT_LIST_HEAD(&pool->worklist);
	INIT_LIST_HEAD(&pool->idle_list);
	for (unsigned int i = 0; i < ARRAY_SIZE(pool->busy_hash); i++)
		INIT_LIST_HEAD(&pool->busy_hash[i]);

	timer_setup(&pool->idle_timer, idle_worker_timeout, 0);
	timer_setup(&pool->mayday_timer, pool_mayday_timeout, 0);

	INIT_LIST_HEAD(&pool->workers);
}

/**
 * get_unbound_pool - take a use of one of the two standard unbound pools
 * @highpri: the nice -20 pool rather than the nice 0 one
 *
 * Linux 6.1 finds or makes the pool that matches a workqueue_attrs. Spindle's unbound
 * workqueues all use the standard attributes, so this takes a use of one of the two standard
 * unbound pools, and gives it its first worker if it has none and workers can be created.
 *
 * Context: wq_pool_mutex held.
 *
 * Return: The pool, or %NULL if its first worker could not be created.
 */
static struct worker_pool *get_unbound_pool(bool highpri)
{
	struct worker_pool *pool = &unbound_std_pools[highpri];

	if (wq_online && !pool->nr_workers && !create_worker(pool))
		return NULL;
	pool->refcnt++;
	return pool;
}

/*
 * Drop a use of an unbound pool. Linux 6.1 destroys the pool's workers and frees it at the
 * last put; Spindle's two unbound pools stay, and their idle workers beyond the reserve are
 * reaped by the idle timer like any pool's.
 */
static void put_unbound_pool(struct worker_pool *pool)
{
	pool->refcnt--;
}

/**
 * pwq_adjust_max_active - give @pwq its workqueue's max_active, or zero while frozen
 * @pwq: the pool_workqueue to update
 *
 * Normally @pwq->max_active becomes the workqueue's saved_max_active, and works waiting on
 * inactive_works are activated up to it. While a freeze is on and the workqueue is
 * freezable, it becomes zero: new works then wait on inactive_works until thaw_workqueues()
 * calls this again.
 *
 * CONTEXT: wq->mutex (and wq_pool_mutex for workqueue_freezing) held.
 */
static void pwq_adjust_max_active(struct pool_workqueue *pwq)
{
	struct workqueue_struct *wq = pwq->wq;
	bool freezable = wq->flags & WQ_FREEZABLE;
	unsigned long flags;

	/* a freeze never touches a non-freezable wq: nothing to do if the limit is current */
	if (!freezable && pwq->max_active == wq->saved_max_active)
		return;

	spin_lock_irqsave(&pwq->pool->lock, flags);

	if (!freezable || !workqueue_freezing) {
		bool kick = false;

		pwq->max_active = wq->saved_max_active;

		while (!list_empty(&pwq->inactive_works) &&
		       pwq->nr_active < pwq->max_active) {
			pwq_activate_first_inactive(pwq);
			kick = true;
		}

		/*
		 * Works just became active (after a thaw, or with a higher limit) and no
		 * worker may be awake to see them: wake one. It may find them taken by a
		 * busy worker and sleep again, a wasted wakeup that latency-sensitive
		 * systems may notice.
		 */
		if (kick)
			wake_up_worker(pwq->pool);
	} else {
		pwq->max_active = 0;
	}

	spin_unlock_irqrestore(&pwq->pool->lock, flags);
}

/* Set up a fresh @pwq joining @wq to @pool; link_pwq() puts it in use. */
static void init_pwq(struct pool_workqueue *pwq, struct workqueue_struct *wq,
		     struct worker_pool *pool)
{
	BUG_ON((unsigned long)pwq & WORK_STRUCT_FLAG_MASK);

	memset(pwq, 0, sizeof(*pwq));

	pwq->pool = pool;
	pwq->wq = wq;
	pwq->flush_color = -1;
	INIT_LIST_HEAD(&pwq->inactive_works);
	INIT_LIST_HEAD(&pwq->pwqs_node);
	INIT_LIST_HEAD(&pwq->mayday_node);
}

/* Bring @pwq to @wq's work color and max_active, then add it to @wq's pwqs. */
static void link_pwq(struct pool_workqueue *pwq)
{
	struct workqueue_struct *wq = pwq->wq;

	/* works queued through @pwq take the color the wq's others take */
	pwq->work_color = wq->work_color;

	/* the wq's limit, or zero during a freeze */
	pwq_adjust_max_active(pwq);

	/* link in @pwq */
	list_add_tail(&pwq->pwqs_node, &wq->pwqs);
}

/* Free @wq's pwqs (unlinked or not) and drop their uses of unbound pools. PL held. */
static void free_pwqs(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	unsigned int cpu;

	if (wq->dfl_pwq) {
		put_unbound_pool(wq->dfl_pwq->pool);
		kmem_cache_free(pwq_cache, wq->dfl_pwq);
		wq->dfl_pwq = NULL;
	}
	for_each_possible_cpu(cpu) {
		pwq = wq->cpu_pwqs[cpu];
		if (pwq)
			kmem_cache_free(pwq_cache, pwq);
		wq->cpu_pwqs[cpu] = NULL;
	}
	INIT_LIST_HEAD(&wq->pwqs);
}

static int alloc_and_link_pwqs(struct workqueue_struct *wq)
{
	bool highpri = wq->flags & WQ_HIGHPRI;
	struct worker_pool *pool;
	unsigned int cpu;

	mutex_lock(&wq_pool_mutex);
	if (!(wq->flags & WQ_UNBOUND)) {
		for_each_possible_cpu(cpu) {
			struct pool_workqueue *pwq;

			pwq = kmem_cache_alloc(pwq_cache, GFP_KERNEL);
			if (!pwq)
				goto enomem;
			if (wq->flags & WQ_BH)
				init_pwq(pwq, wq, &per_cpu(bh_worker_pools, cpu)[highpri]);
			else
				init_pwq(pwq, wq, &per_cpu(cpu_worker_pools, cpu)[highpri]);
			wq->cpu_pwqs[cpu] = pwq;
		}
	} else {
		pool = get_unbound_pool(highpri);
		if (!pool)
			goto enomem;
		wq->dfl_pwq = kmem_cache_alloc(pwq_cache, GFP_KERNEL);
		if (!wq->dfl_pwq) {
			put_unbound_pool(pool);
			goto enomem;
		}
		init_pwq(wq->dfl_pwq, wq, pool);
	}

	mutex_lock(&wq->mutex);
	if (wq->dfl_pwq)
		link_pwq(wq->dfl_pwq);
	for_each_possible_cpu(cpu)
		if (wq->cpu_pwqs[cpu])
			link_pwq(wq->cpu_pwqs[cpu]);
	mutex_unlock(&wq->mutex);
	mutex_unlock(&wq_pool_mutex);
	return 0;

enomem:
	free_pwqs(wq);
	mutex_unlock(&wq_pool_mutex);
	return -ENOMEM;
}

static int wq_clamp_max_active(int max_active, unsigned int flags,
			       const char *name)
{
	if (max_active < 1 || max_active > WQ_MAX_ACTIVE)
		pr_warn("workqueue: max_active %d requested for %s is out of range, clamping between %d and %d\n",
			max_active, name, 1, WQ_MAX_ACTIVE);

	return clamp(max_active, 1, WQ_MAX_ACTIVE);
}

/*
 * A WQ_MEM_RECLAIM workqueue gets a rescuer thread of its own: when memory is too short for a
 * pool to create a worker, the rescuer runs the workqueue's works, so reclaim that waits on
 * them still moves.
 */
static int init_rescuer(struct workqueue_struct *wq)
{
	struct worker *rescuer;
	int ret;

	if (!(wq->flags & WQ_MEM_RECLAIM))
		return 0;

	rescuer = alloc_worker();
	if (!rescuer)
		return -ENOMEM;

	rescuer->rescue_wq = wq;
	rescuer->task = kthread_create(rescuer_thread, rescuer, "%s", wq->name);
	if (IS_ERR(rescuer->task)) {
		ret = PTR_ERR(rescuer->task);
		kfree(rescuer);
		return ret;
	}

	wq->rescuer = rescuer;
	kthread_bind_mask(rescuer->task, cpu_possible_mask);
	wake_up_process(rescuer->task);

	return 0;
}

/**
 * __alloc_workqueue_key - allocate a workqueue (alloc_workqueue(), a macro, calls this)
 * @fmt: printf-style format of the workqueue's name
 * @flags: WQ_* flags
 * @max_active: how many works may be active at once per CPU (per pool if unbound), 0: default
 * @key: the lock class key of its "(wq_completion)" map (the call site's), or NULL
 * @...: the values for @fmt
 *
 * Creates a workqueue with its pool_workqueues, and a rescuer if it asks for one.
 * docs/workqueue.md explains the WQ_* flags.
 *
 * Linux 6.1: alloc_workqueue() itself is the function, and the lock class key is made inside it
 * (the macro and the key argument are those of Linux before 5.1).
 *
 * Context: process context, sleeps.
 * Return: the new workqueue, or %NULL if it could not be made.
 */
struct workqueue_struct *__alloc_workqueue_key(const char *fmt, unsigned int flags,
					       int max_active, struct lock_class_key *key, ...)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;
	unsigned long irqflags;
	va_list args;

	/*
	 * Older callers ask for one-at-a-time order with WQ_UNBOUND and a max_active of 1.
	 * Linux's per-NUMA-node pwqs broke that promise, so such a workqueue is marked ordered
	 * to keep it; new code should call alloc_ordered_workqueue().
	 */
	if ((flags & WQ_UNBOUND) && max_active == 1)
		flags |= __WQ_ORDERED;

	/* Linux 6.9: BH workqueues take WQ_HIGHPRI and no other flag, and no max_active. */
	if (flags & WQ_BH) {
		if (WARN_ON_ONCE(flags & ~__WQ_BH_ALLOWS))
			return NULL;
		if (WARN_ON_ONCE(max_active))
			return NULL;
	}

	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;

	va_start(args, key);
	vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);
#ifdef CONFIG_LOCKDEP
	snprintf(wq->lock_name, sizeof(wq->lock_name), "(wq_completion)%s", wq->name);
	lockdep_init_map(&wq->lockdep_map, wq->lock_name, key, 0);
#endif

	if (flags & WQ_BH) {
		/*
		 * Linux 6.9: no limit for BH workqueues: each CPU's softirq runs their works
		 * one by one anyway, all of them in the one BH worker.
		 */
		max_active = INT_MAX;
	} else {
		max_active = max_active ?: WQ_DFL_ACTIVE;
		max_active = wq_clamp_max_active(max_active, flags, wq->name);
	}

	/* init wq */
	wq->flags = flags;
	wq->saved_max_active = max_active;
	mutex_init(&wq->mutex);
	INIT_LIST_HEAD(&wq->pwqs);
	INIT_LIST_HEAD(&wq->maydays);
	INIT_LIST_HEAD(&wq->list);

	if (alloc_and_link_pwqs(wq) < 0)
		goto err_free_wq;

	if (wq_online && init_rescuer(wq) < 0)
		goto err_destroy;

	/*
	 * Under wq_pool_mutex no freeze begins or ends: give the pwqs the max_active the
	 * current freeze state calls for, then list @wq so that later freezes find it.
	 */
	mutex_lock(&wq_pool_mutex);

	mutex_lock(&wq->mutex);
	for_each_pwq(pwq, wq)
		pwq_adjust_max_active(pwq);
	mutex_unlock(&wq->mutex);

	spin_lock_irqsave(&workqueues_lock, irqflags);
	list_add_tail(&wq->list, &workqueues);
	spin_unlock_irqrestore(&workqueues_lock, irqflags);

	mutex_unlock(&wq_pool_mutex);

	return wq;

err_destroy:
	mutex_lock(&wq_pool_mutex);
	free_pwqs(wq);
	mutex_unlock(&wq_pool_mutex);
err_free_wq:
	kfree(wq);
	return NULL;
}

static bool pwq_busy(struct pool_workqueue *pwq)
{
	int i;

	for (i = 0; i < WORK_NR_COLORS; i++)
		if (pwq->nr_in_flight[i])
			return true;

	if (pwq->nr_active || !list_empty(&pwq->inactive_works))
		return true;

	return false;
}

static void show_pwq(struct pool_workqueue *pwq);

/**
 * destroy_workqueue - drain a workqueue, then free it
 * @wq: the workqueue to destroy
 *
 * Every work still on @wq runs first, with the works they queue. If a pwq is busy even so
 * (someone queued from outside), warn, print it, and leave @wq allocated.
 *
 * Context: process context, sleeps.
 * Return: nothing.
 */
void destroy_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	unsigned long flags;

	/* no work may be left once the pwqs go */
	drain_workqueue(wq);

	/* the rescuer goes first; if a check below fails, @wq stays without one */
	if (wq->rescuer) {
		struct worker *rescuer = wq->rescuer;

		/* send_mayday() finds no rescuer from now on and adds no pwq */
		spin_lock_irq(&wq_mayday_lock);
		wq->rescuer = NULL;
		spin_unlock_irq(&wq_mayday_lock);

		/* rescuer_thread() serves the maydays still listed before it returns */
		kthread_stop(rescuer->task);
		kfree(rescuer);
	}

	/*
	 * Every pwq must be idle now. Taking each lock also waits for anyone still inside a
	 * section it guards.
	 */
	mutex_lock(&wq_pool_mutex);
	mutex_lock(&wq->mutex);
	for_each_pwq(pwq, wq) {
		spin_lock_irq(&pwq->pool->lock);
		if (WARN_ON(pwq_busy(pwq))) {
			pr_warn("%s: %s has the following busy pwq\n",
				__func__, wq->name);
			show_pwq(pwq);
			spin_unlock_irq(&pwq->pool->lock);
			mutex_unlock(&wq->mutex);
			mutex_unlock(&wq_pool_mutex);
			show_one_workqueue(wq);
			return;
		}
		spin_unlock_irq(&pwq->pool->lock);
	}
	mutex_unlock(&wq->mutex);

	/*
	 * @wq left the workqueues list only now: a freeze or thaw during the drain had to find
	 * it there, or a thaw would not give its pwqs their max_active back and the drain
	 * would wait forever.
	 */
	spin_lock_irqsave(&workqueues_lock, flags);
	list_del(&wq->list);
	spin_unlock_irqrestore(&workqueues_lock, flags);

	/* Linux 6.1 frees the pwqs and @wq after an RCU grace period; nothing reads them now. */
	free_pwqs(wq);
	mutex_unlock(&wq_pool_mutex);
	kfree(wq);
}

/**
 * current_work - the work that %current runs, if it is a worker
 *
 * Lets code find out whether it runs inside a work function, and for which work.
 *
 * Context: any.
 * Return: the work %current runs, or %NULL if %current is not a worker (or is one between works).
 */
struct work_struct *current_work(void)
{
	struct worker *worker = current_wq_worker();

	return worker ? worker->current_work : NULL;
}

/**
 * current_is_workqueue_rescuer - whether %current is a rescuer thread
 *
 * A work function can call this to learn that it runs on its workqueue's rescuer, that is,
 * that its pool was short of workers.
 *
 * Context: any.
 * Return: whether %current is a rescuer.
 */
bool current_is_workqueue_rescuer(void)
{
	struct worker *worker = current_wq_worker();

	return worker && worker->rescue_wq;
}

/**
 * work_busy - whether @work is pending and/or running, at this instant
 * @work: the work to look at
 *
 * Nothing keeps @work from changing state right after the test, so the answer is good for
 * debugging output and hints, never for correctness.
 *
 * Context: any.
 * Return: WORK_BUSY_PENDING and WORK_BUSY_RUNNING as they apply, or 0.
 */
unsigned int work_busy(struct work_struct *work)
{
	struct worker_pool *pool;
	unsigned long flags;
	unsigned int ret = 0;

	if (work_pending(work))
		ret |= WORK_BUSY_PENDING;

	pool = get_work_pool(work);
	if (pool) {
		spin_lock_irqsave(&pool->lock, flags);
		if (find_worker_executing_work(pool, work))
			ret |= WORK_BUSY_RUNNING;
		spin_unlock_irqrestore(&pool->lock, flags);
	}

	return ret;
}

static void pr_cont_pool_info(struct worker_pool *pool)
{
	char cpus[64];

	cpumap_print_list(cpus, sizeof(cpus), &pool->attrs.cpumask);
	pr_cont(" cpus=%s", cpus);
	pr_cont(" flags=0x%x nice=%d", pool->flags, pool->attrs.nice);
}

static void pr_cont_work(bool comma, struct work_struct *work)
{
	if (work->func == wq_barrier_func) {
		struct wq_barrier *barr;

		barr = container_of(work, struct wq_barrier, work);

		pr_cont("%s BAR(%d)", comma ? "," : "", barr->task->pid);
	} else {
		pr_cont("%s %ps", comma ? "," : "", work->func);
	}
}

static void show_pwq(struct pool_workqueue *pwq)
{
	struct worker_pool *pool = pwq->pool;
	struct work_struct *work;
	struct worker *worker;
	bool has_in_flight = false, has_pending = false;
	unsigned int bkt;

	pr_info("  pwq %d:", pool->id);
	pr_cont_pool_info(pool);

	pr_cont(" active=%d/%d%s\n",
		pwq->nr_active, pwq->max_active,
		!list_empty(&pwq->mayday_node) ? " MAYDAY" : "");

	for (bkt = 0; bkt < ARRAY_SIZE(pool->busy_hash); bkt++) {
		list_for_each_entry(worker, &pool->busy_hash[bkt], hentry) {
			if (worker->current_pwq == pwq) {
				has_in_flight = true;
				break;
			}
		}
	}
	if (has_in_flight) {
		bool comma = false;

		pr_info("    in-flight:");
		for (bkt = 0; bkt < ARRAY_SIZE(pool->busy_hash); bkt++) {
			list_for_each_entry(worker, &pool->busy_hash[bkt], hentry) {
				if (worker->current_pwq != pwq)
					continue;

				pr_cont("%s %d%s:%ps", comma ? "," : "",
					worker->task->pid,
					worker->rescue_wq ? "(RESCUER)" : "",
					worker->current_func);
				list_for_each_entry(work, &worker->scheduled, entry)
					pr_cont_work(false, work);
				comma = true;
			}
		}
		pr_cont("\n");
	}

	list_for_each_entry(work, &pool->worklist, entry) {
		if (get_work_pwq(work) == pwq) {
			has_pending = true;
			break;
		}
	}
	if (has_pending) {
		bool comma = false;

		pr_info("    pending:");
		list_for_each_entry(work, &pool->worklist, entry) {
			if (get_work_pwq(work) != pwq)
				continue;

			pr_cont_work(comma, work);
			comma = !(*work_data_bits(work) & WORK_STRUCT_LINKED);
		}
		pr_cont("\n");
	}

	if (!list_empty(&pwq->inactive_works)) {
		bool comma = false;

		pr_info("    inactive:");
		list_for_each_entry(work, &pwq->inactive_works, entry) {
			pr_cont_work(comma, work);
			comma = !(*work_data_bits(work) & WORK_STRUCT_LINKED);
		}
		pr_cont("\n");
	}
}

/**
 * show_one_workqueue - print a workqueue's busy pool_workqueues
 * @wq: the workqueue to show
 *
 * Prints the busy pool_workqueues of @wq (nothing for an idle one), in Linux's format.
 *
 * Context: any; takes the pools' locks with interrupts off.
 * Return: nothing.
 */
void show_one_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	bool idle = true;
	unsigned long flags;

	for_each_pwq(pwq, wq) {
		if (pwq->nr_active || !list_empty(&pwq->inactive_works)) {
			idle = false;
			break;
		}
	}
	if (idle) /* an idle wq prints nothing */
		return;

	pr_info("workqueue %s: flags=0x%x\n", wq->name, wq->flags);

	for_each_pwq(pwq, wq) {
		spin_lock_irqsave(&pwq->pool->lock, flags);
		if (pwq->nr_active || !list_empty(&pwq->inactive_works))
			show_pwq(pwq);
		spin_unlock_irqrestore(&pwq->pool->lock, flags);
	}
}

/**
 * show_one_worker_pool - print a pool's workers, unless all of them are idle
 * @pool: the pool to show
 */
static void show_one_worker_pool(struct worker_pool *pool)
{
	struct worker *worker;
	bool first = true;
	unsigned long flags;
	unsigned long hung = 0;

	spin_lock_irqsave(&pool->lock, flags);
	if (pool->nr_workers == pool->nr_idle)
		goto next_pool;

	/* seconds since the pool last began a work (watchdog_ts), if works are waiting */
	if (!list_empty(&pool->worklist))
		hung = jiffies_to_msecs(jiffies - pool->watchdog_ts) / MSEC_PER_SEC;

	pr_info("pool %d:", pool->id);
	pr_cont_pool_info(pool);
	pr_cont(" hung=%lus workers=%d", hung, pool->nr_workers);
	if (pool->manager)
		pr_cont(" manager: %d", pool->manager->task->pid);
	list_for_each_entry(worker, &pool->idle_list, entry) {
		pr_cont(" %s%d", first ? "idle: " : "", worker->task->pid);
		first = false;
	}
	pr_cont("\n");
next_pool:
	spin_unlock_irqrestore(&pool->lock, flags);
}

/**
 * show_all_workqueues - print every busy workqueue and worker pool
 *
 * Called from SysRq-T (show_state()): the busy workqueues, then the busy pools.
 *
 * Context: any, interrupts included.
 * Return: nothing.
 */
void show_all_workqueues(void)
{
	struct workqueue_struct *wq;
	struct worker_pool *pool;
	unsigned long flags;
	int pi;

	pr_info("Showing busy workqueues and worker pools:\n");

	spin_lock_irqsave(&workqueues_lock, flags);
	list_for_each_entry(wq, &workqueues, list)
		show_one_workqueue(wq);
	spin_unlock_irqrestore(&workqueues_lock, flags);

	for_each_pool(pool, pi)
		show_one_worker_pool(pool);
}

/**
 * wq_worker_comm - the name ps shows for a workqueue worker
 * @buf: where to write it
 * @size: its size
 * @task: a task with PF_WQ_WORKER (or that had it)
 *
 * The comm, then "+wq" while the worker runs a work of workqueue wq, or "-wq" for the one it
 * ran last: kworker/1:0-events. Used by proc_task_name() for ps and /proc.
 *
 * Context: process context, sleeps (wq_pool_attach_mutex).
 * Return: nothing.
 */
void wq_worker_comm(char *buf, size_t size, struct task_struct *task)
{
	int off;

	/* the task's own comm comes first in every case */
	off = strscpy(buf, task->comm, size);
	if (off < 0)
		return;

	/* the task can neither leave its pool nor lose PF_WQ_WORKER while we look */
	mutex_lock(&wq_pool_attach_mutex);

	if (task->flags & PF_WQ_WORKER) {
		struct worker *worker = kthread_data(task);
		struct worker_pool *pool = worker->pool;

		if (pool) {
			spin_lock_irq(&pool->lock);
			/*
			 * desc holds the wq name, or what set_worker_desc() wrote, for the
			 * latest work: '+' in front while it runs, '-' once it is done.
			 */
			if (worker->desc[0] != '\0') {
				if (worker->current_work)
					scnprintf(buf + off, size - off, "+%s",
						  worker->desc);
				else
					scnprintf(buf + off, size - off, "-%s",
						  worker->desc);
			}
			spin_unlock_irq(&pool->lock);
		}
	}

	mutex_unlock(&wq_pool_attach_mutex);
}

/**
 * wq_dump_show - the pools, their workers and works, and which pool each workqueue uses
 * @m: where to print
 * @unused: nothing
 *
 * The console's wq command. Linux 6.1 has no such function: its tools/workqueue/wq_dump.py
 * reads these structures from a live kernel with drgn. Spindle's console has no drgn, so the
 * file that owns the structures prints them, in the script's spirit: one line per pool, its
 * workers with what each runs (in-flight) and the works waiting (pending), then the
 * workqueue -> pool table by CPU.
 *
 * Context: process context, sleeps (wq_pool_mutex).
 * Return: 0.
 */
int wq_dump_show(struct seq_file *m, void *unused)
{
	struct workqueue_struct *wq;
	struct worker_pool *pool;
	unsigned int cpu;
	int pi;

	mutex_lock(&wq_pool_mutex);
	seq_puts(m, "Worker Pools\n============\n");
	for_each_pool(pool, pi) {
		struct work_struct *work;
		struct worker *worker;
		char cpus[64];
		int pending = 0;

		cpumap_print_list(cpus, sizeof(cpus), &pool->attrs.cpumask);
		mutex_lock(&wq_pool_attach_mutex);
		spin_lock_irq(&pool->lock);
		list_for_each_entry(work, &pool->worklist, entry)
			pending++;
		seq_printf(m, "pool[%02d] nice=%3d idle/workers=%3d/%3d running=%d pending=%d "
			   "cpus=%s%s%s\n", pool->id, pool->attrs.nice, pool->nr_idle,
			   pool->nr_workers, pool->nr_running, pending, cpus,
			   pool->flags & POOL_BH ? " BH" :
			   pool->cpu >= 0 && (pool->flags & POOL_DISASSOCIATED) ?
			   " DISASSOCIATED" : "", pool->manager ? " MANAGING" : "");
		for_each_pool_worker(worker, pool) {
			if (worker->task)
				seq_printf(m, "  %-16s pid=%-5d %s", worker->task->comm,
					   worker->task->pid, worker->rescue_wq ? "rescuer " : "");
			else
				seq_printf(m, "  %-16s %-9s ", pool->attrs.nice < 0 ?
					   "HI_SOFTIRQ" : "TASKLET_SOFTIRQ", "");
			if (worker->current_work)
				seq_printf(m, "in-flight: %ps (%s)\n", worker->current_func,
					   worker->current_pwq->wq->name);
			else if (worker->flags & WORKER_IDLE)
				seq_puts(m, "idle\n");
			else
				seq_puts(m, "busy\n");
		}
		list_for_each_entry(work, &pool->worklist, entry) {
			struct pool_workqueue *pwq = get_work_pwq(work);

			if (work->func == wq_barrier_func)
				seq_puts(m, "  pending: flush barrier\n");
			else
				seq_printf(m, "  pending: %ps (%s)\n", work->func,
					   pwq ? pwq->wq->name : "?");
		}
		spin_unlock_irq(&pool->lock);
		mutex_unlock(&wq_pool_attach_mutex);
	}

	seq_puts(m, "\nWorkqueue CPU -> pool\n=====================\n");
	seq_printf(m, "%-24s", "[workqueue \\ CPU");
	for_each_possible_cpu(cpu)
		seq_printf(m, " %3u", cpu);
	seq_puts(m, " dfl] flags max_active\n");
	list_for_each_entry(wq, &workqueues, list) {
		seq_printf(m, "%-24s", wq->name);
		for_each_possible_cpu(cpu) {
			if (wq->cpu_pwqs[cpu])
				seq_printf(m, " %3d", wq->cpu_pwqs[cpu]->pool->id);
			else
				seq_printf(m, " %3s", wq->dfl_pwq ? "" : "-");
		}
		if (wq->dfl_pwq)
			seq_printf(m, " %3d", wq->dfl_pwq->pool->id);
		else
			seq_printf(m, " %3s", "-");
		seq_printf(m, "  0x%05x %d%s%s\n", wq->flags, wq->saved_max_active,
			   wq->flags & __WQ_ORDERED ? " ordered" : "",
			   wq->rescuer ? " rescuer" : "");
	}
	mutex_unlock(&wq_pool_mutex);
	return 0;
}

/*
 * CPU hotplug.
 *
 * Moving a dying CPU's works to other pools would undo the ties between a work, its pwq and
 * its pool that the fast paths count on; waiting for the pools to empty is no better, as
 * some works run for a very long time.
 *
 * So the pools stay where they are: they become DISASSOCIATED, their workers may run on any
 * CPU and concurrency management stops, as in an unbound pool. If the CPU comes back,
 * rebind_workers() ties them to it again.
 */

static void unbind_worker(struct worker *worker)
{
	kthread_set_per_cpu(worker->task, -1);
	WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task, cpu_possible_mask) < 0);
}

static void unbind_workers(int cpu)
{
	struct worker_pool *pool;
	struct worker *worker;

	for_each_cpu_worker_pool(pool, cpu) {
		mutex_lock(&wq_pool_attach_mutex);
		spin_lock_irq(&pool->lock);

		/*
		 * wq_pool_attach_mutex keeps workers from joining or leaving. Each is marked
		 * UNBOUND, and the pool DISASSOCIATED, while all of them are still on this
		 * CPU; their scheduler hooks run here too, with preemption off, so from now on
		 * they see WORKER_UNBOUND. Only after this may the workers move elsewhere.
		 */
		for_each_pool_worker(worker, pool)
			worker->flags |= WORKER_UNBOUND;

		pool->flags |= POOL_DISASSOCIATED;

		/*
		 * The scheduler hooks leave nr_running alone from here on, so zero it for
		 * good. With it at zero, need_more_worker() and keep_working() hold whenever
		 * works wait: for concurrency, the pool acts as an unbound one, served by its
		 * own workers.
		 */
		pool->nr_running = 0;

		/*
		 * A worker that blocks no longer brings another one in, so waiting works
		 * could sit for long. Wake a worker now; as in an unbound pool, each one that
		 * starts a work wakes the next while works remain.
		 */
		wake_up_worker(pool);

		spin_unlock_irq(&pool->lock);

		for_each_pool_worker(worker, pool)
			unbind_worker(worker);

		mutex_unlock(&wq_pool_attach_mutex);
	}
}

/**
 * rebind_workers - tie a pool's workers to its CPU again
 * @pool: a pool of the CPU
 *
 * Called with wq_pool_attach_mutex held as @pool->cpu comes back online.
 */
static void rebind_workers(struct worker_pool *pool)
{
	struct worker *worker;

	/*
	 * Affinity first, UNBOUND cleared after: once concurrency management is back, idle
	 * workers are woken from this CPU and must already sit on its run-queue. The CPU is
	 * online by now, so setting the affinity should not fail.
	 */
	for_each_pool_worker(worker, pool) {
		kthread_set_per_cpu(worker->task, pool->cpu);
		WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task,
						  &pool->attrs.cpumask) < 0);
	}

	spin_lock_irq(&pool->lock);

	pool->flags &= ~POOL_DISASSOCIATED;

	for_each_pool_worker(worker, pool) {
		unsigned int worker_flags = worker->flags;

		/*
		 * Only the worker itself may call worker_clr_flags(), which touches
		 * nr_running. So swap UNBOUND for REBOUND, another NOT_RUNNING flag, in one
		 * store; the worker drops REBOUND itself when it next looks for works, and
		 * only then does it count in nr_running again. When, or whether, that happens
		 * does not matter for correctness.
		 *
		 * WRITE_ONCE(): wq_worker_running() reads worker->flags without a lock; a
		 * torn store could show it no NOT_RUNNING flag and count the worker too soon.
		 */
		WARN_ON_ONCE(!(worker_flags & WORKER_UNBOUND));
		worker_flags |= WORKER_REBOUND;
		worker_flags &= ~WORKER_UNBOUND;
		WRITE_ONCE(worker->flags, worker_flags);
	}

	spin_unlock_irq(&pool->lock);
}

/**
 * workqueue_prepare_cpu - CPUHP_WORKQUEUE_PREP: give @cpu's pools a worker each
 * @cpu: the CPU about to be started
 *
 * Context: the control CPU's hotplug path, sleeps.
 * Return: 0, or -ENOMEM.
 */
int workqueue_prepare_cpu(unsigned int cpu)
{
	struct worker_pool *pool;

	for_each_cpu_worker_pool(pool, cpu) {
		if (pool->nr_workers)
			continue;
		if (!create_worker(pool))
			return -ENOMEM;
	}
	return 0;
}

/**
 * workqueue_online_cpu - CPUHP_AP_WORKQUEUE_ONLINE: bind @cpu's pools to it again
 * @cpu: the CPU being brought online
 *
 * Context: cpuhp/@cpu, sleeps.
 * Return: 0.
 */
int workqueue_online_cpu(unsigned int cpu)
{
	struct worker_pool *pool;

	mutex_lock(&wq_pool_mutex);

	for_each_cpu_worker_pool(pool, cpu) {
		mutex_lock(&wq_pool_attach_mutex);
		rebind_workers(pool);
		mutex_unlock(&wq_pool_attach_mutex);
	}

	mutex_unlock(&wq_pool_mutex);
	return 0;
}

/**
 * workqueue_offline_cpu - CPUHP_AP_WORKQUEUE_ONLINE teardown: let @cpu's workers run anywhere
 * @cpu: the CPU going down
 *
 * Context: cpuhp/@cpu on @cpu itself, sleeps.
 * Return: 0, or -1 off @cpu.
 */
int workqueue_offline_cpu(unsigned int cpu)
{
	/* unbind_workers() counts on running on @cpu itself */
	if (WARN_ON(cpu != smp_processor_id()))
		return -1;

	unbind_workers(cpu);
	return 0;
}

/**
 * freeze_workqueues_begin - start the freeze of the freezable workqueues
 *
 * Sets workqueue_freezing and takes every freezable workqueue's pwqs to a max_active of
 * zero, so that their new works wait on inactive_works rather than reach pool->worklist.
 * Works already active run to their end; freeze_workqueues_busy() tells when they have.
 *
 * Context: process context, the freezer (system_transition_mutex held); sleeps (wq_pool_mutex,
 * wq->mutex).
 * Return: nothing.
 */
void freeze_workqueues_begin(void)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;

	mutex_lock(&wq_pool_mutex);

	WARN_ON_ONCE(workqueue_freezing);
	workqueue_freezing = true;

	list_for_each_entry(wq, &workqueues, list) {
		mutex_lock(&wq->mutex);
		for_each_pwq(pwq, wq)
			pwq_adjust_max_active(pwq);
		mutex_unlock(&wq->mutex);
	}

	mutex_unlock(&wq_pool_mutex);
}

/**
 * freeze_workqueues_busy - whether a freezable workqueue still has active works
 *
 * Check whether freezing is complete: whether any freezable workqueue still has an active
 * work (queued before freeze_workqueues_begin(), or running).
 *
 * Context: process context, between freeze_workqueues_begin() and thaw_workqueues(); sleeps
 * (wq_pool_mutex).
 * Return: %true while some are left, %false once none is.
 */
bool freeze_workqueues_busy(void)
{
	bool busy = false;
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;

	mutex_lock(&wq_pool_mutex);

	WARN_ON_ONCE(!workqueue_freezing);

	list_for_each_entry(wq, &workqueues, list) {
		if (!(wq->flags & WQ_FREEZABLE))
			continue;
		/*
		 * With max_active at zero, nr_active can only go down, so a read without
		 * pool->lock is enough: a stale nonzero value just means the freezer asks
		 * again. Linux 6.1 reads the pwq list under RCU; wq_pool_mutex keeps it here.
		 */
		for_each_pwq(pwq, wq) {
			WARN_ON_ONCE(pwq->nr_active < 0);
			if (READ_ONCE(pwq->nr_active)) {
				busy = true;
				goto out_unlock;
			}
		}
	}
out_unlock:
	mutex_unlock(&wq_pool_mutex);
	return busy;
}

/**
 * thaw_workqueues - end the freeze
 *
 * Clears workqueue_freezing and gives each pwq its max_active back, which moves the works
 * held on inactive_works to their pools' worklists. Does nothing if no freeze began.
 *
 * Context: process context, the freezer; sleeps (wq_pool_mutex, wq->mutex).
 * Return: nothing.
 */
void thaw_workqueues(void)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;

	mutex_lock(&wq_pool_mutex);

	if (!workqueue_freezing)
		goto out_unlock;

	workqueue_freezing = false;

	/* pwq_adjust_max_active() activates the works held back during the freeze */
	list_for_each_entry(wq, &workqueues, list) {
		mutex_lock(&wq->mutex);
		for_each_pwq(pwq, wq)
			pwq_adjust_max_active(pwq);
		mutex_unlock(&wq->mutex);
	}

out_unlock:
	mutex_unlock(&wq_pool_mutex);
}

/* Linux 6.9's init_cpu_worker_pool(), for the kworker and BH pools; the id is the caller's. */
static void init_cpu_worker_pool(struct worker_pool *pool, int cpu, int nice)
{
	init_worker_pool(pool);
	pool->cpu = cpu;
	cpumask_copy(&pool->attrs.cpumask, cpumask_of(cpu));
	pool->attrs.nice = nice;
}

/**
 * workqueue_init_early - first stage of workqueue setup, before threads exist
 *
 * Runs once kmalloc and cpumasks work. Sets up the pools and the system workqueues, so that
 * early boot code can already create workqueues and queue or cancel works. None of them runs
 * until workqueue_init() gives the pools their workers, just before the early initcalls.
 *
 * Context: start_kernel(), one CPU.
 * Return: nothing.
 */
void workqueue_init_early(void)
{
	int std_nice[NR_STD_WORKER_POOLS] = { 0, HIGHPRI_NICE_LEVEL };
	unsigned int cpu;
	int i;

	pwq_cache = kmem_cache_create("pool_workqueue", sizeof(struct pool_workqueue),
				      1 << WORK_STRUCT_FLAG_BITS, 0, NULL);
	BUG_ON(!pwq_cache);

	/* each CPU's two kworker pools, normal then highpri */
	for_each_possible_cpu(cpu) {
		struct worker_pool *pool;

		i = 0;
		for_each_cpu_worker_pool(pool, cpu) {
			init_cpu_worker_pool(pool, cpu, std_nice[i++]);

			/* alloc pool ID */
			BUG_ON(worker_pool_assign_id(pool));
		}
	}

	/*
	 * Linux 6.9: the BH pools, always disassociated. Linux 6.9 numbers them before the
	 * kworker pools; Spindle numbers them after the unbound ones, keeping the others' ids.
	 */
	for_each_possible_cpu(cpu) {
		struct worker_pool *pool;

		i = 0;
		for_each_bh_worker_pool(pool, cpu) {
			per_cpu(bh_pool_csds, cpu)[i] =
				(call_single_data_t)CSD_INIT(bh_pool_kick, pool);
			init_cpu_worker_pool(pool, cpu, std_nice[i++]);
			pool->flags |= POOL_BH;
		}
	}

	/* the standard unbound pools, after the per-CPU ones as Linux numbers them */
	for (i = 0; i < NR_STD_WORKER_POOLS; i++) {
		struct worker_pool *pool = &unbound_std_pools[i];

		init_worker_pool(pool);
		cpumask_copy(&pool->attrs.cpumask, cpu_possible_mask);
		pool->attrs.nice = std_nice[i];
		BUG_ON(worker_pool_assign_id(pool));
	}

	for_each_possible_cpu(cpu) {
		struct worker_pool *pool;

		for_each_bh_worker_pool(pool, cpu)
			BUG_ON(worker_pool_assign_id(pool));
	}

	system_wq = alloc_workqueue("events", 0, 0);
	system_highpri_wq = alloc_workqueue("events_highpri", WQ_HIGHPRI, 0);
	system_long_wq = alloc_workqueue("events_long", 0, 0);
	system_unbound_wq = alloc_workqueue("events_unbound", WQ_UNBOUND,
					    WQ_MAX_ACTIVE);
	system_freezable_wq = alloc_workqueue("events_freezable",
					      WQ_FREEZABLE, 0);
	system_bh_wq = alloc_workqueue("events_bh", WQ_BH, 0);
	system_bh_highpri_wq = alloc_workqueue("events_bh_highpri",
					       WQ_BH | WQ_HIGHPRI, 0);
	BUG_ON(!system_wq || !system_highpri_wq || !system_long_wq ||
	       !system_unbound_wq || !system_freezable_wq ||
	       !system_bh_wq || !system_bh_highpri_wq);
}

/**
 * workqueue_init - second stage: give the pools workers, so works start to run
 *
 * Runs once kernel threads can be made. Works may have been queued since
 * workqueue_init_early(), but none has run. Creates the rescuers of the early
 * WQ_MEM_RECLAIM workqueues and each pool's first worker, then sets wq_online: from then on
 * flushes and cancels wait, and a new workqueue gets its rescuer and workers at once.
 *
 * Context: kernel_init, before the other CPUs come up.
 * Return: nothing.
 */
void workqueue_init(void)
{
	struct workqueue_struct *wq;
	struct worker_pool *pool;
	unsigned int cpu;
	int i;

	mutex_lock(&wq_pool_mutex);

	list_for_each_entry(wq, &workqueues, list) {
		WARN(init_rescuer(wq),
		     "workqueue: failed to create early rescuer for %s",
		     wq->name);
	}

	mutex_unlock(&wq_pool_mutex);

	/* Linux 6.9: a BH pool's worker is never woken, so every possible CPU gets one now. */
	for_each_possible_cpu(cpu) {
		for_each_bh_worker_pool(pool, cpu)
			BUG_ON(!create_worker(pool));
	}

	/* the online CPUs' pools are associated from here, each with its first worker */
	for_each_online_cpu(cpu) {
		for_each_cpu_worker_pool(pool, cpu) {
			pool->flags &= ~POOL_DISASSOCIATED;
			BUG_ON(!create_worker(pool));
		}
	}

	for (i = 0; i < NR_STD_WORKER_POOLS; i++) {
		pool = &unbound_std_pools[i];
		if (pool->refcnt)
			BUG_ON(!create_worker(pool));
	}

	wq_online = true;
}
