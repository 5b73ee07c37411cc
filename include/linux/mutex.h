/* Mutexes: sleeping locks with an owner. A task that cannot take one sleeps instead of
 * spinning, so unlike a spinlock it may be held across sleeps, but never in interrupts. */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct mutex {
	struct task_struct *owner;	/* NULL when free; changed with compare-and-swap */
	spinlock_t wait_lock;
	struct list_head wait_list;	/* sleepers, first come first woken */
};

#define __MUTEX_INITIALIZER(name) {					\
	.owner = NULL,							\
	.wait_lock = __SPIN_LOCK_UNLOCKED(name.wait_lock),		\
	.wait_list = LIST_HEAD_INIT(name.wait_list) }
#define DEFINE_MUTEX(name)	struct mutex name = __MUTEX_INITIALIZER(name)

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
/* 0 when taken, -EINTR when a signal came first. */
int mutex_lock_interruptible(struct mutex *lock);
int mutex_lock_killable(struct mutex *lock);
/* 1 when taken, 0 when it was held. */
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

static inline bool mutex_is_locked(struct mutex *lock)
{
	return READ_ONCE(lock->owner) != NULL;
}

#endif
