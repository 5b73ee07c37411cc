/* Mutexes: an uncontended lock and unlock are one compare-and-swap each; a contended lock
 * sleeps on the wait list, and unlock wakes the first sleeper, which then competes for the lock. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/sched.h>

struct mutex_waiter {
	struct list_head list;
	struct task_struct *task;
};

/**
 * __mutex_init - make @lock a free mutex of the class @key
 * @lock: the mutex
 * @name: the class's name, for the validator's reports (the text mutex_init() was given)
 * @key: the class key (mutex_init() declares one per call site)
 *
 * Context: any. Return: nothing.
 */
void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	lock->owner = NULL;
	spin_lock_init(&lock->wait_lock);
	INIT_LIST_HEAD(&lock->wait_list);
	lockdep_init_map_wait(&lock->dep_map, name, key, 0, LD_WAIT_SLEEP);
}

/* The compare-and-swap alone: the slow path retries with it, and must not tell the validator
 * again of an acquisition __mutex_lock() already told it of. */
static inline bool __mutex_trylock(struct mutex *lock)
{
	struct task_struct *expect = NULL;

	return __atomic_compare_exchange_n(&lock->owner, &expect, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/**
 * mutex_trylock - take @lock if it is free, without waiting
 * @lock: the mutex
 *
 * A trylock cannot wait, so the lock validator records no dependency for it (docs/locking.md).
 *
 * Context: process context; does not sleep. Return: 1 if taken, 0 if it was held.
 */
int mutex_trylock(struct mutex *lock)
{
	if (!__mutex_trylock(lock))
		return 0;
	mutex_acquire(&lock->dep_map, 0, 1, _RET_IP_);
	return 1;
}

/*
 * The slow path. The waiter is on the list and its state is set before it tries the lock
 * again, so an unlock between the try and schedule() wakes it (the rule of every sleep: set the
 * state, then test, then schedule(); Linux's kernel/locking/mutex.c __mutex_lock_common()).
 */
static int __sched __mutex_lock_slowpath(struct mutex *lock, unsigned int state)
{
	struct mutex_waiter waiter = { .task = current };
	int ret = 0;

	spin_lock_irq(&lock->wait_lock);
	list_add_tail(&waiter.list, &lock->wait_list);
	for (;;) {
		set_current_state(state);
		if (__mutex_trylock(lock))
			break;
		if ((state & TASK_INTERRUPTIBLE && signal_pending(current)) ||
		    (state & TASK_WAKEKILL && fatal_signal_pending(current))) {
			ret = -EINTR;
			break;
		}
		spin_unlock_irq(&lock->wait_lock);
		schedule();
		spin_lock_irq(&lock->wait_lock);
	}
	__set_current_state(TASK_RUNNING);
	list_del(&waiter.list);
	spin_unlock_irq(&lock->wait_lock);
	return ret;
}

/*
 * Spindle's own misuse checks come first (a recursive lock would deadlock for good, so it is
 * refused with a WARN), then the validator hears of the acquisition before any waiting, as in
 * Linux's __mutex_lock_common(); an interrupted wait takes it back.
 */
static int __sched __mutex_lock(struct mutex *lock, unsigned int state, unsigned int subclass,
				unsigned long ip)
{
	int ret;

	might_sleep();
	if (WARN(READ_ONCE(lock->owner) == current, "mutex %p: recursive lock by %s/%d\n", lock,
		 current->comm, current->pid))
		return -EDEADLK;
	mutex_acquire(&lock->dep_map, subclass, 0, ip);
	if (__mutex_trylock(lock))
		return 0;
	ret = __mutex_lock_slowpath(lock, state);
	if (ret)
		mutex_release(&lock->dep_map, ip);
	return ret;
}

/**
 * mutex_lock - acquire the mutex
 * @lock: the mutex to be acquired
 *
 * Lock the mutex exclusively for this task. If the mutex is not available right now, it
 * sleeps (uninterruptibly) until it can get it. The mutex must later be released by the same
 * task that acquired it, and the task may not exit while holding it.
 *
 * Linux 6.1: a recursive lock deadlocks there; here it is refused with a WARN and the call
 * returns at once, the mutex still held once by current. There is no optimistic spinning and
 * no hand-off: a woken waiter competes with new lockers.
 *
 * Context: process context, may sleep; the caller must not hold @lock or any spinlock.
 * Return: nothing.
 */
void __sched mutex_lock(struct mutex *lock)
{
	__mutex_lock(lock, TASK_UNINTERRUPTIBLE, 0, _RET_IP_);
}

/**
 * mutex_lock_nested - mutex_lock() of a second mutex of a class already held
 * @lock: the mutex
 * @subclass: its nesting level for the lock validator (SINGLE_DEPTH_NESTING)
 *
 * For a caller that orders two mutexes of one class by a rule of its own: the validator then
 * checks @lock as a class of its own instead of reporting recursion. Otherwise mutex_lock().
 *
 * Context: process context, sleeps. Return: nothing.
 */
void __sched mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	__mutex_lock(lock, TASK_UNINTERRUPTIBLE, subclass, _RET_IP_);
}

/**
 * mutex_lock_interruptible - acquire the mutex, interruptible by signals
 * @lock: the mutex to be acquired
 *
 * Lock the mutex like mutex_lock(). If a signal is pending while the task sleeps for it, this
 * returns without acquiring the mutex.
 *
 * Context: process context, may sleep; the caller must not hold @lock or any spinlock.
 * Return: 0 if the lock was acquired, -EINTR if a signal arrived first, -EDEADLK (with a WARN)
 * if current already holds @lock (Linux 6.1 would deadlock).
 */
int __sched mutex_lock_interruptible(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_INTERRUPTIBLE, 0, _RET_IP_);
}

/**
 * mutex_lock_killable - acquire the mutex, interruptible by fatal signals
 * @lock: the mutex to be acquired
 *
 * Lock the mutex like mutex_lock(). If a signal that is fatal to the task (SIGKILL) is pending
 * while it sleeps for the mutex, this returns without acquiring it.
 *
 * Context: process context, may sleep; the caller must not hold @lock or any spinlock.
 * Return: 0 if the lock was acquired, -EINTR if a fatal signal arrived first, -EDEADLK (with
 * a WARN) if current already holds @lock (Linux 6.1 would deadlock).
 */
int __sched mutex_lock_killable(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_KILLABLE, 0, _RET_IP_);
}

/**
 * mutex_unlock - release the mutex
 * @lock: the mutex to be released
 *
 * Unlock a mutex that this task locked before, and wake the first waiter, if any, which then
 * competes for the lock. Unlocking a mutex that is not locked is not allowed.
 *
 * A non-owner's unlock is refused with Spindle's WARN before the validator sees it (its
 * report would be "bad unlock balance"), so the misuse test's WARN stays the only report.
 * Linux 6.1 (with CONFIG_DEBUG_MUTEXES) warns but unlocks anyway.
 *
 * Context: process context, the owner of @lock; does not sleep. Not for interrupt context.
 * Return: nothing.
 */
void mutex_unlock(struct mutex *lock)
{
	struct mutex_waiter *first;
	unsigned long flags;

	if (WARN(READ_ONCE(lock->owner) != current, "mutex %p: unlocked by %s/%d, not its owner\n",
		 lock, current->comm, current->pid))
		return;
	mutex_release(&lock->dep_map, _RET_IP_);
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELEASE);
	spin_lock_irqsave(&lock->wait_lock, flags);
	first = list_first_entry_or_null(&lock->wait_list, struct mutex_waiter, list);
	if (first)
		wake_up_process(first->task);
	spin_unlock_irqrestore(&lock->wait_lock, flags);
}
