/* Completions on top of a simple wait queue (swait): complete() counts and wakes the first
 * waiter, complete_all() wakes all for good, and the waits consume one count each. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/completion.h>
#include <linux/sched.h>

/* O(1) plus one wake-up. */
void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != UINT_MAX)
		x->done++;
	swake_up_locked(&x->wait);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

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

void __sched wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

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

int __sched wait_for_completion_interruptible(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_INTERRUPTIBLE);

	return t == -ERESTARTSYS ? t : 0;
}

int __sched wait_for_completion_killable(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return t == -ERESTARTSYS ? t : 0;
}

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

bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}
