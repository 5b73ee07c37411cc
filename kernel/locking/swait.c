/* Simple wait queues (Linux's swait): the waker pops the first waiter and wakes it directly,
 * with no per-entry callback; completions are built on them. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/swait.h>

/*
 * The woken waiter is taken off the list here, by the waker: a second complete() then wakes the
 * next waiter instead of the same one twice. O(1).
 */
void swake_up_locked(struct swait_queue_head *q)
{
	struct swait_queue *curr;

	if (list_empty(&q->task_list))
		return;
	curr = list_first_entry(&q->task_list, struct swait_queue, task_list);
	wake_up_process(curr->task);
	list_del_init(&curr->task_list);
}

void swake_up_all_locked(struct swait_queue_head *q)
{
	while (!list_empty(&q->task_list))
		swake_up_locked(q);
}
