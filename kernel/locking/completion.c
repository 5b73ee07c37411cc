/* Completions on top of a simple wait queue (swait): complete() counts and wakes the first
 * waiter, complete_all() wakes all for good, and the waits consume one count each. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/completion.h>
#include <linux/sched.h>

/**
 * complete - signal a single thread waiting on this completion
 * @x: the completion
 *
 * Count one completion and wake a single thread waiting on @x, the first queued: threads are
 * woken in the order in which they queued. A complete() with nobody waiting is kept for the
 * next wait. O(1) plus one wake-up.
 *
 * Context: any, interrupt context included; takes @x's lock with interrupts saved.
 * Return: nothing.
 */
void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != UINT_MAX)
		x->done++;
	swake_up_locked(&x->wait);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/**
 * complete_all - signal all threads waiting on this completion
 * @x: the completion
 *
 * Wake every thread waiting on @x, and mark it done for good, so every later wait returns at
 * once. To use @x again, reinit_completion() it, after making sure all waiters have woken and
 * finished. completion_done() cannot tell whether waiters remain after complete_all().
 *
 * Context: any, interrupt context included; takes @x's lock with interrupts saved.
 * Return: nothing.
 */
void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = UINT_MAX;
	swake_up_all_locked(&x->wait);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* Linux's signal_pending_state(): the state is tested first, so for an uninterruptible wait
 * (a constant once the wait below is inlined) the whole test folds away. */
static __always_inline bool signal_ends_wait(unsigned int state)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return false;
	if (!signal_pending(current))
		return false;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(current);
}

/* schedule_timeout() without the call when the wait has no timeout, its most common form. */
static __always_inline long completion_sleep(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	return schedule_timeout(timeout);
}

/*
 * Wait with the queue's lock held except while asleep. The waiter queues itself (again, if a
 * wake-up took it off but done was consumed by another waiter first), sets its state under the
 * lock, and re-tests done after every wake-up. Returns the timeout left, 0 on timeout, or
 * -ERESTARTSYS.
 */
static __always_inline long do_wait_for_common(struct completion *x, long timeout,
					       unsigned int state)
{
	DECLARE_SWAITQUEUE(wait);

	if (!x->done) {
		do {
			if (signal_ends_wait(state)) {
				timeout = -ERESTARTSYS;
				break;
			}
			__prepare_to_swait(&x->wait, &wait);
			__set_current_state(state);
			spin_unlock_irq(&x->wait.lock);
			timeout = completion_sleep(timeout);
			spin_lock_irq(&x->wait.lock);
		} while (!x->done && timeout);
		__finish_swait(&x->wait, &wait);
		if (!x->done)
			return timeout;
	}
	if (x->done != UINT_MAX)
		x->done--;
	return timeout ? timeout : 1;
}

/*
 * Always inlined into each wait_for_completion*() below, as Linux's __wait_for_common() is
 * inlined into its callers: each then has its state and timeout as constants, and the
 * uninterruptible, untimed wait (the common one) has neither a signal test nor a timer path.
 * O(1) plus the sleep.
 */
static __always_inline long wait_for_common(struct completion *x, long timeout,
					    unsigned int state)
{
	might_sleep();
	spin_lock_irq(&x->wait.lock);
	timeout = do_wait_for_common(x, timeout, state);
	spin_unlock_irq(&x->wait.lock);
	return timeout;
}

/**
 * wait_for_completion - wait for completion of a task
 * @x: the completion
 *
 * Wait, uninterruptibly and without a timeout, until @x is signalled, and consume one
 * complete() (none after complete_all()).
 *
 * Context: process context, may sleep; the caller must not hold a spinlock. Return: nothing.
 */
void __sched wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

/**
 * wait_for_completion_timeout - wait for completion of a task, with a timeout
 * @x: the completion
 * @timeout: the timeout in jiffies (MAX_SCHEDULE_TIMEOUT: none)
 *
 * Wait for either @x to be signalled or @timeout to expire. The wait is not interruptible.
 *
 * Context: process context, may sleep; the caller must not hold a spinlock.
 * Return: 0 if timed out, else the jiffies left until the timeout (at least 1): completed.
 */
unsigned long __sched wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_UNINTERRUPTIBLE);
}

/**
 * wait_for_completion_state_timeout - wait for @x in task state @state, at most @timeout jiffies
 * @x: the completion
 * @state: TASK_IDLE, TASK_UNINTERRUPTIBLE, TASK_INTERRUPTIBLE or TASK_KILLABLE
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Linux 6.1 has wait_for_completion_state() without a timeout; this is its timed form, for a
 * waiter whose sleep is idle by design (TASK_IDLE: not load, not a hung task), as the
 * self-test runner waiting out a case.
 *
 * Context: process context, may sleep. Return: jiffies left (at least 1) when completed, 0 on
 * timeout, -ERESTARTSYS when a signal @state accepts ended the wait.
 */
long __sched wait_for_completion_state_timeout(struct completion *x, unsigned int state,
				       unsigned long timeout)
{
	return wait_for_common(x, timeout, state);
}

/**
 * wait_for_completion_interruptible - wait for completion of a task, interruptibly
 * @x: the completion
 *
 * Wait for @x to be signalled; a pending signal ends the wait without consuming a count.
 *
 * Context: process context, may sleep; the caller must not hold a spinlock.
 * Return: 0 if completed, -ERESTARTSYS if interrupted by a signal.
 */
int __sched wait_for_completion_interruptible(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_INTERRUPTIBLE);

	return t == -ERESTARTSYS ? t : 0;
}

/**
 * wait_for_completion_killable - wait for completion of a task, killably
 * @x: the completion
 *
 * Wait for @x to be signalled; only a fatal signal (SIGKILL) ends the wait early, without
 * consuming a count.
 *
 * Context: process context, may sleep; the caller must not hold a spinlock.
 * Return: 0 if completed, -ERESTARTSYS if interrupted by a fatal signal.
 */
int __sched wait_for_completion_killable(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return t == -ERESTARTSYS ? t : 0;
}

/**
 * try_wait_for_completion - try to decrement a completion without blocking
 * @x: the completion
 *
 * For a completion used as a counter: consume one complete() if there is one, without
 * waiting, so a caller can avoid sleeping when the resource @x guards is not available.
 *
 * Context: any; does not sleep; takes @x's lock with interrupts saved.
 * Return: true if a count was consumed (or complete_all() was called), false if it would
 * have had to wait.
 */
bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ret = false;

	if (!READ_ONCE(x->done))
		return false;
	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		if (x->done != UINT_MAX)
			x->done--;
		ret = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

/**
 * completion_done - test whether a completion has been signalled and not yet consumed
 * @x: the completion
 *
 * Always true after complete_all().
 *
 * Linux 6.1 then also takes and drops @x's lock, so that a complete() still running has let
 * go of @x before the caller frees it; Spindle only reads the count, so a caller that frees
 * @x on this answer must order that against complete() itself.
 *
 * Context: any; lockless. Return: true if a complete() is pending (no wait would block),
 * false if a wait_for_completion() would block.
 */
bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}
