/* Wait queues: a list of sleeping tasks and the wait_event family that sleeps until a condition
 * holds, in the order that loses no wake-up: join the queue, set the state, test, then
 * schedule() (Linux's include/linux/wait.h ___wait_event()). */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);

#define WQ_FLAG_EXCLUSIVE	0x01
#define WQ_FLAG_WOKEN		0x02

struct wait_queue_entry {
	unsigned int flags;
	void *private;			/* the task */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	/* Protects head (the waiters); taken with interrupts off: wake-ups come from interrupt
	 * handlers too. */
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),			\
	.head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/* A queue on the stack: its lock cannot be its own key (see DECLARE_COMPLETION_ONSTACK). */
#ifdef CONFIG_LOCKDEP
# define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name)				\
	struct wait_queue_head name = ({ init_waitqueue_head(&name); name; })
#else
# define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name)	DECLARE_WAIT_QUEUE_HEAD(name)
#endif

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key);

#define DEFINE_WAIT_FUNC(name, function)				\
	struct wait_queue_entry name = {				\
		.private = current,					\
		.func = function,					\
		.entry = LIST_HEAD_INIT((name).entry),			\
	}
#define DEFINE_WAIT(name)	DEFINE_WAIT_FUNC(name, autoremove_wake_function)
#define DECLARE_WAITQUEUE(name, tsk)					\
	struct wait_queue_entry name = {				\
		.private = tsk,						\
		.func = default_wake_function,				\
		.entry = { NULL, NULL },				\
	}

void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key);

/* A macro as in Linux: the queues made at one call site share one lock class. */
#ifdef CONFIG_LOCKDEP
# define init_waitqueue_head(wq_head)					\
	do {								\
		static struct lock_class_key __key;			\
									\
		__init_waitqueue_head((wq_head), #wq_head, &__key);	\
	} while (0)
#else
# define init_waitqueue_head(wq_head)	__init_waitqueue_head((wq_head), NULL, NULL)
#endif
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);

static inline bool waitqueue_active(struct wait_queue_head *wq_head)
{
	return !list_empty(&wq_head->head);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry);
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

static inline void __add_wait_queue(struct wait_queue_head *wq_head,
				    struct wait_queue_entry *wq_entry)
{
	list_add(&wq_entry->entry, &wq_head->head);
}

static inline void __add_wait_queue_entry_tail(struct wait_queue_head *wq_head,
					       struct wait_queue_entry *wq_entry)
{
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

static inline void __remove_wait_queue(struct wait_queue_head *wq_head,
				       struct wait_queue_entry *wq_entry)
{
	list_del(&wq_entry->entry);
}

/* Wake up to @nr_exclusive exclusive waiters (and every non-exclusive one) in @mode. */
void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive, void *key);
void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr);

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_locked(x)		__wake_up_locked((x), TASK_NORMAL, 1)
#define wake_up_all_locked(x)		__wake_up_locked((x), TASK_NORMAL, 0)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state);
/* Join the queue (once) and set @state; a signal in an interruptible state ends the wait. */
long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			   int state);
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/*
 * The loop behind every wait_event: the state is set (inside prepare_to_wait_event) before the
 * condition is tested, so a waker that makes the condition true and calls wake_up() between
 * the test and schedule() has already made us RUNNING, and schedule() returns at once.
 */
#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)	\
({									\
	__label__ __out;						\
	struct wait_queue_entry __wq_entry;				\
	long __ret = ret;						\
									\
	init_wait_entry(&__wq_entry, exclusive ? WQ_FLAG_EXCLUSIVE : 0); \
	for (;;) {							\
		long __int = prepare_to_wait_event(&wq_head, &__wq_entry, state); \
									\
		if (condition)						\
			break;						\
		if (__int) {						\
			__ret = __int;					\
			goto __out;					\
		}							\
		cmd;							\
	}								\
	finish_wait(&wq_head, &__wq_entry);				\
__out:	__ret;								\
})

#define wait_event(wq_head, condition)					\
do {									\
	might_sleep();							\
	if (condition)							\
		break;							\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0, schedule()); \
} while (0)

/* 0 when the condition became true, -ERESTARTSYS when a signal came first. */
#define wait_event_interruptible(wq_head, condition)			\
({									\
	int __ret = 0;							\
	might_sleep();							\
	if (!(condition))						\
		__ret = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, 0, \
				      schedule());			\
	__ret;								\
})

#define wait_event_killable(wq_head, condition)				\
({									\
	int __ret = 0;							\
	might_sleep();							\
	if (!(condition))						\
		__ret = ___wait_event(wq_head, condition, TASK_KILLABLE, 0, 0, schedule()); \
	__ret;								\
})

/*
 * The freezable waits (Linux 6.1): TASK_INTERRUPTIBLE, so the sleep is not load, plus
 * TASK_FREEZABLE, so the freezer freezes the sleeper where it sleeps instead of waking it. The
 * thaw's wake-up sends it round the loop to test the condition again.
 */
#define __wait_event_freezable(wq_head, condition)			\
	___wait_event(wq_head, condition, (TASK_INTERRUPTIBLE | TASK_FREEZABLE), 0, 0, \
		      schedule())

/* 0 when the condition became true, -ERESTARTSYS when a signal came first. */
#define wait_event_freezable(wq_head, condition)			\
({									\
	int __ret = 0;							\
	might_sleep();							\
	if (!(condition))						\
		__ret = __wait_event_freezable(wq_head, condition);	\
	__ret;								\
})

/* The timeout forms evaluate to the jiffies left (at least 1) when the condition became true,
 * 0 when the time ran out with it still false, as Linux's. */
#define ___wait_cond_timeout(condition)					\
({									\
	bool __cond = (condition);					\
	if (__cond && !__ret)						\
		__ret = 1;						\
	__cond || !__ret;						\
})

#define __wait_event_timeout(wq_head, condition, state, timeout)	\
	___wait_event(wq_head, ___wait_cond_timeout(condition), state, 0, timeout, \
		      __ret = schedule_timeout(__ret))

#define wait_event_timeout(wq_head, condition, timeout)			\
({									\
	long __ret = timeout;						\
	might_sleep();							\
	if (!___wait_cond_timeout(condition))				\
		__ret = __wait_event_timeout(wq_head, condition, TASK_UNINTERRUPTIBLE, timeout); \
	__ret;								\
})

#define wait_event_interruptible_timeout(wq_head, condition, timeout)	\
({									\
	long __ret = timeout;						\
	might_sleep();							\
	if (!___wait_cond_timeout(condition))				\
		__ret = __wait_event_timeout(wq_head, condition, TASK_INTERRUPTIBLE, timeout); \
	__ret;								\
})

/* wait_event_timeout() in a freezable, interruptible sleep. Time spent frozen counts against
 * @timeout: the timer may expire meanwhile, and the wait then ends on the thaw. */
#define wait_event_freezable_timeout(wq_head, condition, timeout)	\
({									\
	long __ret = timeout;						\
	might_sleep();							\
	if (!___wait_cond_timeout(condition))				\
		__ret = __wait_event_timeout(wq_head, condition,	\
					     (TASK_INTERRUPTIBLE | TASK_FREEZABLE), timeout); \
	__ret;								\
})

#endif
