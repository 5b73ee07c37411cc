/* Simple wait queues: a lock and a list of waiting tasks, no callbacks and no exclusive flags.
 * Waking the first waiter is a list pop and wake_up_process(), the cheapest wait there is. */
#ifndef _LINUX_SWAIT_H
#define _LINUX_SWAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct swait_queue_head {
	/* Protects task_list; taken with interrupts off (complete() may run in an interrupt). */
	spinlock_t lock;
	struct list_head task_list;
};

struct swait_queue {
	struct task_struct *task;
	struct list_head task_list;
};

#define __SWAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .task_list = LIST_HEAD_INIT((name).task_list) }

#define DECLARE_SWAITQUEUE(name) \
	struct swait_queue name = { .task = current, .task_list = LIST_HEAD_INIT((name).task_list) }

static inline void __init_swait_queue_head(struct swait_queue_head *q, const char *name,
					   struct lock_class_key *key)
{
	__spin_lock_init(&q->lock, name, key);
	INIT_LIST_HEAD(&q->task_list);
}

/* A macro as in Linux: one lock class per call site. */
#ifdef CONFIG_LOCKDEP
# define init_swait_queue_head(q)					\
	do {								\
		static struct lock_class_key __key;			\
									\
		__init_swait_queue_head((q), #q, &__key);		\
	} while (0)
#else
# define init_swait_queue_head(q)	__init_swait_queue_head((q), NULL, NULL)
#endif

int wake_up_process(struct task_struct *p);

/*
 * Wake the longest waiter; the caller holds q->lock. O(1). The waiter is taken off the list by
 * the waker, so a second complete() wakes the next waiter instead of the same one twice; before
 * the wake-up (the waiter looks at its entry only under q->lock), so nothing of it is kept
 * across the call. Inline: it is the whole of complete() besides the lock.
 */
static inline void swake_up_locked(struct swait_queue_head *q)
{
	struct swait_queue *curr;
	struct task_struct *task;

	if (list_empty(&q->task_list))
		return;
	curr = list_first_entry(&q->task_list, struct swait_queue, task_list);
	task = curr->task;
	list_del_init(&curr->task_list);
	wake_up_process(task);
}

/* Wake every waiter; the caller holds q->lock. O(n). */
void swake_up_all_locked(struct swait_queue_head *q);
/* Queue @wait at the tail unless it is queued already; the caller holds q->lock. Inline, as
 * the two helpers below are: each is a list test and a link on every completion wait. */
static inline void __prepare_to_swait(struct swait_queue_head *q, struct swait_queue *wait)
{
	if (list_empty(&wait->task_list))
		list_add_tail(&wait->task_list, &q->task_list);
}

/* Leave the queue if a wake-up has not taken us off it; the caller holds q->lock. */
static inline void __finish_swait(struct swait_queue_head *q, struct swait_queue *wait)
{
	if (!list_empty(&wait->task_list))
		list_del_init(&wait->task_list);
}

#endif
