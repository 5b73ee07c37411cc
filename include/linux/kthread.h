/* The kthread API (Linux's kernel/kthread.c): create, run, stop, park/unpark, bind, per-CPU
 * threads, and kthread_worker (a thread that runs queued works, also after a delay). Linux's names
 * and return values. */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/completion.h>

#define NUMA_NO_NODE	(-1)

__printf(4, 5)
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...);

/* Create a thread that sleeps (TASK_UNINTERRUPTIBLE) until woken; ERR_PTR on failure. */
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)

/* namefmt may contain "%u", replaced by the CPU number ("ksoftirqd/%u"). */
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt);

/* kthread_create() and wake_up_process() in one. */
#define kthread_run(threadfn, data, namefmt, ...)			   \
({									   \
	struct task_struct *__k						   \
		= kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \
	if (!IS_ERR(__k))						   \
		wake_up_process(__k);					   \
	__k;								   \
})

/* Bind a created, not yet woken thread to @cpu; -EINVAL (and a WARN) once it has been woken. */
int kthread_bind(struct task_struct *k, unsigned int cpu);
int kthread_bind_mask(struct task_struct *k, const struct cpumask *mask);
void kthread_set_per_cpu(struct task_struct *k, int cpu);
bool kthread_is_per_cpu(struct task_struct *k);

bool kthread_should_stop(void);
bool __kthread_should_park(struct task_struct *k);
bool kthread_should_park(void);
bool kthread_freezable_should_stop(bool *was_frozen);
/* Ask @k to stop, wake it, wait for it to exit; its return value, or -EINTR if it never ran. */
int kthread_stop(struct task_struct *k);
/* Ask @k to park and wait until it is parked (TASK_PARKED). -ENOSYS if it is exiting,
 * -EBUSY if a park is already requested, -EINVAL for a task that is not a kthread_create()
 * thread. */
int kthread_park(struct task_struct *k);
void kthread_unpark(struct task_struct *k);
void kthread_parkme(void);
__noreturn void kthread_exit(long result);
void *kthread_data(struct task_struct *k);
/* The full name given at creation (comm keeps only 15 characters); NULL for other tasks. */
const char *kthread_full_name(struct task_struct *k);
bool set_kthread_struct(struct task_struct *p);

int kthreadd(void *unused);
extern struct task_struct *kthreadd_task;

/* ---- kthread_worker ----------------------------------------------------------------------- */

struct kthread_work;
typedef void (*kthread_work_func_t)(struct kthread_work *work);

struct kthread_worker {
	unsigned int flags;
	/* Protects work_list, delayed_work_list, current_work and each queued work's worker
	 * link; taken with interrupts off (a work may be queued from an interrupt, a delayed
	 * work's timer queues it in softirq context). Linux 6.1: a raw_spinlock_t. */
	spinlock_t lock;
	struct list_head work_list;
	struct list_head delayed_work_list;
	struct task_struct *task;
	struct kthread_work *current_work;
};

struct kthread_work {
	struct list_head node;
	kthread_work_func_t func;
	struct kthread_worker *worker;
	int canceling;	/* kthread_cancel_work_sync() is running: queueing is refused */
};

struct kthread_delayed_work {
	struct kthread_work work;
	struct timer_list timer;
};

#define KTW_FREEZABLE	(1 << 0)

void kthread_init_worker(struct kthread_worker *worker);
int kthread_worker_fn(void *worker_ptr);

__printf(2, 3)
struct kthread_worker *kthread_create_worker(unsigned int flags, const char namefmt[], ...);
__printf(3, 4)
struct kthread_worker *kthread_create_worker_on_cpu(int cpu, unsigned int flags,
						    const char namefmt[], ...);

void kthread_delayed_work_timer_fn(struct timer_list *t);

/* Make @work an idle work that runs @fn; it must not be queued. */
#define kthread_init_work(work, fn)					\
	do {								\
		memset((work), 0, sizeof(struct kthread_work));		\
		INIT_LIST_HEAD(&(work)->node);				\
		(work)->func = (fn);					\
	} while (0)

/* The same for a delayed work, whose IRQ-safe timer queues it (kthread_delayed_work_timer_fn). */
#define kthread_init_delayed_work(dwork, fn)				\
	do {								\
		kthread_init_work(&(dwork)->work, (fn));		\
		timer_setup(&(dwork)->timer, kthread_delayed_work_timer_fn,	\
			    TIMER_IRQSAFE);				\
	} while (0)

/* Each returns true when it queued the work, false when it was already pending. */
bool kthread_queue_work(struct kthread_worker *worker, struct kthread_work *work);
bool kthread_queue_delayed_work(struct kthread_worker *worker,
				struct kthread_delayed_work *dwork, unsigned long delay);
/* Queue or re-time: false when the work was idle and is queued now, true otherwise (it was
 * pending and is re-timed, or a cancel in progress keeps it). */
bool kthread_mod_delayed_work(struct kthread_worker *worker,
			      struct kthread_delayed_work *dwork, unsigned long delay);
void kthread_flush_work(struct kthread_work *work);
void kthread_flush_worker(struct kthread_worker *worker);
/* Cancel and wait for a running instance; true when it was pending. */
bool kthread_cancel_work_sync(struct kthread_work *work);
bool kthread_cancel_delayed_work_sync(struct kthread_delayed_work *dwork);
void kthread_destroy_worker(struct kthread_worker *worker);

#endif
