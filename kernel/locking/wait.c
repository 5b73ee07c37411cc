/* Wait queues: joining, leaving, and waking. The queue's lock orders a waiter's "join, then
 * set state" against a waker's "walk the list, wake each", so no wake-up falls in between. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/wait.h>

/**
 * __init_waitqueue_head - make @wq_head an empty wait queue whose lock is of the class @key
 * @wq_head: the queue
 * @name: the lock class's name (init_waitqueue_head()'s argument text)
 * @key: the class key, one per init_waitqueue_head() call site
 *
 * Context: any. Return: nothing.
 */
void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key)
{
	__spin_lock_init(&wq_head->lock, name, key);
	INIT_LIST_HEAD(&wq_head->head);
}

/**
 * init_wait_entry - make @wq_entry current's wait entry, off any queue
 * @wq_entry: the entry, usually on the waiter's stack
 * @flags: WQ_FLAG_EXCLUSIVE or 0
 *
 * The entry wakes current with autoremove_wake_function(), which also takes it off the queue.
 *
 * Context: process context. Return: nothing.
 */
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

/**
 * default_wake_function - wake the task of a wait entry
 * @wq_entry: the entry; its private field is the task
 * @mode: the task states to wake from (TASK_NORMAL, TASK_INTERRUPTIBLE, ...)
 * @flags: wake flags; ignored (Linux 6.1 passes them on to try_to_wake_up(), for WF_SYNC)
 * @key: ignored
 *
 * The entry stays on the queue: its owner removes it (remove_wait_queue(), finish_wait()).
 *
 * Context: any; called by the wakers with the queue's lock held and interrupts off.
 * Return: 1 if the task was woken, 0 if it was not in a state of @mode.
 */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key)
{
	return wake_up_state(wq_entry->private, mode);
}

/**
 * autoremove_wake_function - wake the task of a wait entry and take the entry off its queue
 * @wq_entry: the entry
 * @mode: the task states to wake from
 * @flags: wake flags, passed on to default_wake_function()
 * @key: passed on to default_wake_function()
 *
 * Wake, and leave the queue if the wake-up took: finish_wait() then has nothing to do.
 *
 * Context: any; called by the wakers with the queue's lock held and interrupts off.
 * Return: 1 if the task was woken (and the entry removed), 0 otherwise.
 */
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key)
{
	int ret = default_wake_function(wq_entry, mode, flags, key);

	if (ret)
		list_del_init_careful(&wq_entry->entry);
	return ret;
}

/**
 * add_wait_queue - put a non-exclusive waiter at the head of a wait queue
 * @wq_head: the queue
 * @wq_entry: the entry, not on any queue
 *
 * Clears WQ_FLAG_EXCLUSIVE, so every wake-up of the queue wakes this waiter.
 *
 * Context: any; takes @wq_head's lock with interrupts saved. Return: nothing.
 */
void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * add_wait_queue_exclusive - put an exclusive waiter at the tail of a wait queue
 * @wq_head: the queue
 * @wq_entry: the entry, not on any queue
 *
 * Exclusive waiters go last: a wake_up() wakes every non-exclusive one and one exclusive.
 *
 * Context: any; takes @wq_head's lock with interrupts saved. Return: nothing.
 */
void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue_entry_tail(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * remove_wait_queue - take a waiter off a wait queue
 * @wq_head: the queue
 * @wq_entry: the entry, on @wq_head
 *
 * Context: any; takes @wq_head's lock with interrupts saved. Return: nothing.
 */
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	__remove_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/* O(number of waiters woken): every non-exclusive waiter, and up to @nr_exclusive exclusive
 * ones (0 = all). */
static void __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode,
			     int nr_exclusive, void *key)
{
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, 0, key);

		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

/**
 * __wake_up - wake up threads blocked on a wait queue
 * @wq_head: the wait queue
 * @mode: which threads: the task states to wake from
 * @nr_exclusive: how many exclusive waiters to wake (0: all); non-exclusive ones all wake
 * @key: passed directly to each entry's wake function
 *
 * Linux 6.1 drops the lock every 64 entries on a long queue (bookmarks); Spindle walks the
 * whole queue under the lock.
 *
 * Context: any, interrupt context included; takes @wq_head's lock with interrupts saved.
 * Return: nothing.
 */
void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive, void *key)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	__wake_up_common(wq_head, mode, nr_exclusive, key);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * __wake_up_locked - __wake_up() for a caller that holds the queue's lock
 * @wq_head: the wait queue
 * @mode: the task states to wake from
 * @nr: how many exclusive waiters to wake (0: all)
 *
 * Context: the caller holds @wq_head's lock with interrupts off. Return: nothing.
 */
void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr)
{
	__wake_up_common(wq_head, mode, nr, NULL);
}

/**
 * prepare_to_wait - join a wait queue as a non-exclusive waiter and set the task state
 * @wq_head: the queue
 * @wq_entry: current's entry (DEFINE_WAIT())
 * @state: the task state to sleep in
 *
 * Queues the entry at the head unless it is queued already, then sets @state under the
 * queue's lock, so a wake-up after this cannot be missed: the caller then tests its condition
 * and calls schedule(), and ends with finish_wait().
 *
 * Context: process context; takes @wq_head's lock with interrupts saved. Return: nothing.
 */
void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state)
{
	unsigned long flags;

	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	if (list_empty(&wq_entry->entry))
		__add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/**
 * prepare_to_wait_exclusive - prepare_to_wait() as an exclusive waiter, at the tail
 * @wq_head: the queue
 * @wq_entry: current's entry (DEFINE_WAIT())
 * @state: the task state to sleep in
 *
 * Linux 6.1 returns whether the queue was empty before; no Spindle caller needs that.
 *
 * Context: process context; takes @wq_head's lock with interrupts saved. Return: nothing.
 */
void prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	if (list_empty(&wq_entry->entry))
		__add_wait_queue_entry_tail(wq_head, wq_entry);
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

static bool signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)) || !signal_pending(p))
		return false;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

/**
 * prepare_to_wait_event - one step of a wait_event loop: join the queue and set the state
 * @wq_head: the queue
 * @wq_entry: current's entry (init_wait_entry()); WQ_FLAG_EXCLUSIVE puts it at the tail
 * @state: the task state to sleep in
 *
 * Join the queue (once) and set @state; a signal that @state accepts ends the wait instead,
 * and the entry leaves the queue.
 *
 * Context: process context; takes @wq_head's lock with interrupts saved.
 * Return: 0, or -ERESTARTSYS if a signal ended the wait.
 */
long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			   int state)
{
	unsigned long flags;
	long ret = 0;

	spin_lock_irqsave(&wq_head->lock, flags);
	if (signal_pending_state(state, current)) {
		/* Leave the queue, so a wake-up meant for a waiter goes to one still waiting. */
		list_del_init(&wq_entry->entry);
		ret = -ERESTARTSYS;
	} else {
		if (list_empty(&wq_entry->entry)) {
			if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
				__add_wait_queue_entry_tail(wq_head, wq_entry);
			else
				__add_wait_queue(wq_head, wq_entry);
		}
		set_current_state(state);
	}
	spin_unlock_irqrestore(&wq_head->lock, flags);
	return ret;
}

/**
 * finish_wait - clean up after waiting in a queue
 * @wq_head: the wait queue waited on
 * @wq_entry: the wait entry
 *
 * Set the current task back to TASK_RUNNING and remove the entry from the queue if it is
 * still queued.
 *
 * Context: process context; may take @wq_head's lock with interrupts saved. Return: nothing.
 */
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	/* Checked without the lock first: autoremove already took us off on a wake-up. */
	if (!list_empty_careful(&wq_entry->entry)) {
		spin_lock_irqsave(&wq_head->lock, flags);
		list_del_init(&wq_entry->entry);
		spin_unlock_irqrestore(&wq_head->lock, flags);
	}
}
