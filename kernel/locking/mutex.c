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

void mutex_init(struct mutex *lock)
{
	lock->owner = NULL;
	spin_lock_init(&lock->wait_lock);
	INIT_LIST_HEAD(&lock->wait_list);
}

int mutex_trylock(struct mutex *lock)
{
	struct task_struct *expect = NULL;

	return __atomic_compare_exchange_n(&lock->owner, &expect, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
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
		if (mutex_trylock(lock))
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

static int __sched __mutex_lock(struct mutex *lock, unsigned int state)
{
	might_sleep();
	if (WARN(READ_ONCE(lock->owner) == current, "mutex %p: recursive lock by %s/%d\n", lock,
		 current->comm, current->pid))
		return -EDEADLK;
	if (mutex_trylock(lock))
		return 0;
	return __mutex_lock_slowpath(lock, state);
}

void __sched mutex_lock(struct mutex *lock)
{
	__mutex_lock(lock, TASK_UNINTERRUPTIBLE);
}

int __sched mutex_lock_interruptible(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_INTERRUPTIBLE);
}

int __sched mutex_lock_killable(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_KILLABLE);
}

void mutex_unlock(struct mutex *lock)
{
	struct mutex_waiter *first;
	unsigned long flags;

	if (WARN(READ_ONCE(lock->owner) != current, "mutex %p: unlocked by %s/%d, not its owner\n",
		 lock, current->comm, current->pid))
		return;
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELEASE);
	spin_lock_irqsave(&lock->wait_lock, flags);
	first = list_first_entry_or_null(&lock->wait_list, struct mutex_waiter, list);
	if (first)
		wake_up_process(first->task);
	spin_unlock_irqrestore(&lock->wait_lock, flags);
}
