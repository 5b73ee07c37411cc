/* Waiting for a variable to change (Linux's include/linux/wait_bit.h, the wait_var_event part):
 * no wait queue of one's own, a shared table of them hashed by the variable's address. */
#ifndef _LINUX_WAIT_BIT_H
#define _LINUX_WAIT_BIT_H

#include <linux/wait.h>

/* What a waiter waits for: the variable's address (bit_nr -1: a variable, not a bit in it). */
struct wait_bit_key {
	void *flags;
	int bit_nr;
};

struct wait_bit_queue_entry {
	struct wait_bit_key key;
	struct wait_queue_entry wq_entry;
};

/* The shared queue @p hashes to; several variables may share one, each waiter's key tells
 * them apart. */
struct wait_queue_head *__var_waitqueue(void *p);
/* Make @wbq_entry a waiter on @var for current (the macro below does it). */
void init_wait_var_entry(struct wait_bit_queue_entry *wbq_entry, void *var, int flags);
/* Wake the tasks in wait_var_event(@var, ...); the caller's change to @var is ordered first. */
void wake_up_var(void *var);
/* The table's queues, set up in sched_init() before anything can wait. */
void wait_bit_init(void);

#define ___wait_var_event(var, condition, state, exclusive, ret, cmd)	\
({									\
	__label__ __out;						\
	struct wait_queue_head *__wq_head = __var_waitqueue(var);	\
	struct wait_bit_queue_entry __wbq_entry;			\
	long __ret = ret;						\
									\
	init_wait_var_entry(&__wbq_entry, var,				\
			    exclusive ? WQ_FLAG_EXCLUSIVE : 0);		\
	for (;;) {							\
		long __int = prepare_to_wait_event(__wq_head,		\
						   &__wbq_entry.wq_entry, \
						   state);		\
		if (condition)						\
			break;						\
		if (__int) {						\
			__ret = __int;					\
			goto __out;					\
		}							\
		cmd;							\
	}								\
	finish_wait(__wq_head, &__wbq_entry.wq_entry);			\
__out:	__ret;								\
})

/* Sleep (TASK_UNINTERRUPTIBLE) until @condition, which concerns @var, holds; whoever makes it
 * true calls wake_up_var(@var). */
#define wait_var_event(var, condition)					\
do {									\
	might_sleep();							\
	if (condition)							\
		break;							\
	(void)___wait_var_event(var, condition, TASK_UNINTERRUPTIBLE, 0, 0, schedule()); \
} while (0)

#endif
