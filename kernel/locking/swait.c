/* Simple wait queues (Linux's swait): the waker pops the first waiter and wakes it directly,
 * with no per-entry callback; completions are built on them. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/swait.h>

/**
 * swake_up_all_locked - wake every waiter on a simple wait queue
 * @q: the queue
 *
 * Each waiter is taken off the queue as it is woken. O(number of waiters).
 *
 * Context: the caller holds @q's lock with interrupts off. Return: nothing.
 */
void swake_up_all_locked(struct swait_queue_head *q)
{
	while (!list_empty(&q->task_list))
		swake_up_locked(q);
}
