/*
 * Workqueues (Linux's include/linux/workqueue.h, reduced): a work item is a function to run in
 * process context; a workqueue says how (bound to a CPU or not, priority, how many at once);
 * shared pools of kworker threads run them (kernel/workqueue.c). kthread_worker, by contrast,
 * is one dedicated thread per worker (include/linux/kthread.h).
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/threads.h>
#include <linux/timer.h>

struct workqueue_struct;
struct work_struct;
struct task_struct;

typedef void (*work_func_t)(struct work_struct *work);
void delayed_work_timer_fn(struct timer_list *t);

/*
 * work->data: while the work is queued, a pointer to its pool_workqueue (aligned to
 * 1 << WORK_STRUCT_FLAG_BITS) plus the flag and colour bits below; off queue, the id of the pool
 * it last ran on, shifted up by WORK_OFFQ_POOL_SHIFT, plus WORK_OFFQ_CANCELING.
 */
enum {
	WORK_STRUCT_PENDING_BIT	= 0,	/* queued, or its timer is */
	WORK_STRUCT_INACTIVE_BIT = 1,	/* waits for max_active; not counted in nr_active */
	WORK_STRUCT_PWQ_BIT	= 2,	/* data points to the pool_workqueue */
	WORK_STRUCT_LINKED_BIT	= 3,	/* the next work (a flush barrier) goes with this one */
	WORK_STRUCT_COLOR_SHIFT	= 4,	/* flush colour, for flush_workqueue() */
	WORK_STRUCT_COLOR_BITS	= 4,

	WORK_STRUCT_PENDING	= 1 << WORK_STRUCT_PENDING_BIT,
	WORK_STRUCT_INACTIVE	= 1 << WORK_STRUCT_INACTIVE_BIT,
	WORK_STRUCT_PWQ		= 1 << WORK_STRUCT_PWQ_BIT,
	WORK_STRUCT_LINKED	= 1 << WORK_STRUCT_LINKED_BIT,

	WORK_NR_COLORS		= 1 << WORK_STRUCT_COLOR_BITS,

	/* No CPU asked for: the local one for a per-CPU workqueue. */
	WORK_CPU_UNBOUND	= NR_CPUS,

	WORK_STRUCT_FLAG_BITS	= WORK_STRUCT_COLOR_SHIFT + WORK_STRUCT_COLOR_BITS,

	WORK_OFFQ_FLAG_BASE	= WORK_STRUCT_COLOR_SHIFT,
	__WORK_OFFQ_CANCELING	= WORK_OFFQ_FLAG_BASE,
	WORK_OFFQ_CANCELING	= 1 << __WORK_OFFQ_CANCELING,
	WORK_OFFQ_FLAG_BITS	= 1,
	WORK_OFFQ_POOL_SHIFT	= WORK_OFFQ_FLAG_BASE + WORK_OFFQ_FLAG_BITS,
	WORK_OFFQ_POOL_BITS	= 31,

	WORK_BUSY_PENDING	= 1 << 0,
	WORK_BUSY_RUNNING	= 1 << 1,

	/* The longest description a worker keeps of what it runs (the workqueue's name). */
	WORKER_DESC_LEN		= 24,
};

#define WORK_STRUCT_FLAG_MASK	((1UL << WORK_STRUCT_FLAG_BITS) - 1)
#define WORK_STRUCT_WQ_DATA_MASK (~WORK_STRUCT_FLAG_MASK)
#define WORK_OFFQ_POOL_NONE	((1UL << WORK_OFFQ_POOL_BITS) - 1)
#define WORK_STRUCT_NO_POOL	(WORK_OFFQ_POOL_NONE << WORK_OFFQ_POOL_SHIFT)

/*
 * Linux 6.1: data is an atomic_long_t. Spindle has no atomic_long_t; the word is only ever
 * changed with the atomic bit operations of <linux/bitops.h> or by its owner (the one who holds
 * PENDING) with WRITE_ONCE, which is what Linux's atomic_long_set() is too.
 */
struct work_struct {
	unsigned long data;
	struct list_head entry;		/* in a pool's worklist, a pwq's inactive_works or a
					 * worker's scheduled list, under the pool's lock */
	work_func_t func;
#ifdef CONFIG_LOCKDEP
	/*
	 * Not a lock: "held" by the worker while the function runs and taken for a moment by
	 * flush_work(), so that flushing a work while holding a lock its function takes is a
	 * circular dependency the lock validator sees, as in Linux (docs/locking.md).
	 */
	struct lockdep_map lockdep_map;
#endif
};

#define WORK_DATA_INIT()	WORK_STRUCT_NO_POOL

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	/* Where the timer queues the work when it fires. */
	struct workqueue_struct *wq;
	int cpu;
};

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline unsigned long *work_data_bits(struct work_struct *work)
{
	return &work->data;
}

/* One lock class per INIT_WORK() call site, named "(work_completion)<the work>" as Linux's. */
#ifdef CONFIG_LOCKDEP
# define __INIT_WORK_LOCKDEP(_work)					\
	do {								\
		static struct lock_class_key __key;			\
									\
		lockdep_init_map(&(_work)->lockdep_map,			\
				 "(work_completion)"#_work, &__key, 0);	\
	} while (0)
/* The name is the work's expression in parentheses, as Linux's __INIT_WORK() prints it. */
# define __INIT_WORK_KEY_LOCKDEP(_work, _key)				\
	lockdep_init_map(&(_work)->lockdep_map, "(work_completion)"#_work, _key, 0)
#else
# define __INIT_WORK_LOCKDEP(_work)	do { } while (0)
# define __INIT_WORK_KEY_LOCKDEP(_work, _key)	do { } while (0)
#endif

#define INIT_WORK(_work, _func)						\
	do {								\
		(_work)->data = WORK_DATA_INIT();			\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
		__INIT_WORK_LOCKDEP((_work));				\
	} while (0)

#define INIT_WORK_ONSTACK(_work, _func)	INIT_WORK(_work, _func)

/* INIT_WORK_ONSTACK() with the lock class key given, for a work initialised at one site for
 * two kinds of workqueue (Linux 6.9's INIT_WORK_ONSTACK_KEY()). */
#define INIT_WORK_ONSTACK_KEY(_work, _func, _key)			\
	do {								\
		(_work)->data = WORK_DATA_INIT();			\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
		__INIT_WORK_KEY_LOCKDEP((_work), (_key));		\
	} while (0)

/* The timer runs with interrupts off, as Linux's does: it queues the work under a pool lock. */
#define INIT_DELAYED_WORK(_work, _func)					\
	do {								\
		INIT_WORK(&(_work)->work, (_func));			\
		timer_setup(&(_work)->timer, delayed_work_timer_fn,	\
			    TIMER_IRQSAFE);				\
	} while (0)

#define work_pending(work) \
	test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))
#define delayed_work_pending(w) \
	work_pending(&(w)->work)

/* alloc_workqueue() flags: Linux's values. */
enum {
	WQ_BH			= 1 << 0,	/* Linux 6.9: run in softirq, on the queueing CPU */
	WQ_UNBOUND		= 1 << 1,	/* workers not bound to any CPU */
	WQ_FREEZABLE		= 1 << 2,	/* stopped by the freezer (see workqueue.c) */
	WQ_MEM_RECLAIM		= 1 << 3,	/* guaranteed progress: has a rescuer */
	WQ_HIGHPRI		= 1 << 4,	/* the nice -20 pools */
	WQ_CPU_INTENSIVE	= 1 << 5,	/* a running work does not hold others back */

	__WQ_DRAINING		= 1 << 16,	/* drain_workqueue() is running */
	__WQ_ORDERED		= 1 << 17,	/* one at a time, in queueing order */
	__WQ_ORDERED_EXPLICIT	= 1 << 19,	/* made by alloc_ordered_workqueue() */

	/* Linux 6.9: the flags a BH workqueue may have */
	__WQ_BH_ALLOWS		= WQ_BH | WQ_HIGHPRI,

	WQ_MAX_ACTIVE		= 512,
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};

extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_freezable_wq;
/* Linux 6.9 */
extern struct workqueue_struct *system_bh_wq;
extern struct workqueue_struct *system_bh_highpri_wq;

__printf(1, 5)
struct workqueue_struct *__alloc_workqueue_key(const char *fmt, unsigned int flags, int max_active,
					       struct lock_class_key *key, ...);

/*
 * A macro, so each call site has a lock class key for the workqueue's "(wq_completion)" map,
 * which flush_workqueue() takes as flush_work() takes a work's (as Linux 4.x made the key):
 * Spindle's validator has static keys only.
 */
/* Linux 6.1: a key registered per workqueue at run time (lockdep_register_key()). */
#ifdef CONFIG_LOCKDEP
# define alloc_workqueue(fmt, flags, max_active, args...)		\
	({								\
		static struct lock_class_key __key;			\
									\
		__alloc_workqueue_key((fmt), (flags), (max_active), &__key, ##args); \
	})
#else
# define alloc_workqueue(fmt, flags, max_active, args...)		\
	__alloc_workqueue_key((fmt), (flags), (max_active), NULL, ##args)
#endif

/* One work at a time, in the order they were queued. */
#define alloc_ordered_workqueue(fmt, flags, args...)			\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED |		\
			__WQ_ORDERED_EXPLICIT | (flags), 1, ##args)

void destroy_workqueue(struct workqueue_struct *wq);

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *work,
			   unsigned long delay);
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay);

void __flush_workqueue(struct workqueue_struct *wq);
#define flush_workqueue(wq)	__flush_workqueue(wq)
void drain_workqueue(struct workqueue_struct *wq);

bool flush_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool flush_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

struct work_struct *current_work(void);
bool current_is_workqueue_rescuer(void);
unsigned int work_busy(struct work_struct *work);

void show_one_workqueue(struct workqueue_struct *wq);
void show_all_workqueues(void);
void wq_worker_comm(char *buf, size_t size, struct task_struct *task);
struct seq_file;
int wq_dump_show(struct seq_file *m, void *unused);

/**
 * queue_work - queue @work on @wq, on the local CPU for a per-CPU workqueue
 * @wq: the workqueue
 * @work: the work
 *
 * Context: any, interrupts included. Return: false if @work was already pending.
 */
static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

/**
 * queue_delayed_work - queue @dwork on @wq after @delay jiffies
 * @wq: the workqueue
 * @dwork: the delayed work
 * @delay: jiffies to wait; 0 queues at once
 *
 * Context: any. Return: false if @dwork was already pending.
 */
static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				      unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * mod_delayed_work - queue @dwork, or move its timer to @delay jiffies from now
 * @wq: the workqueue
 * @dwork: the delayed work
 * @delay: jiffies to wait
 *
 * Context: any. Return: true if @dwork was pending and is now re-timed.
 */
static inline bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				    unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/* schedule_*: the same on system_wq, for the kernel's many small users. */
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_wq, work);
}

static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}

static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

void workqueue_softirq_action(bool highpri);
void workqueue_softirq_dead(unsigned int cpu);

void freeze_workqueues_begin(void);
bool freeze_workqueues_busy(void);
void thaw_workqueues(void);

void workqueue_init_early(void);
void workqueue_init(void);

/* CPU hotplug (kernel/cpu.c's cpuhp_hp_states). */
int workqueue_prepare_cpu(unsigned int cpu);
int workqueue_online_cpu(unsigned int cpu);
int workqueue_offline_cpu(unsigned int cpu);

#endif
