/* Mutexes: sleeping locks with an owner. A task that cannot take one sleeps instead of
 * spinning, so unlike a spinlock it may be held across sleeps, but never in interrupts. */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct mutex {
	struct task_struct *owner;	/* NULL when free; changed with compare-and-swap */
	spinlock_t wait_lock;		/* protects wait_list; irqs off, never slept on */
	struct list_head wait_list;	/* sleepers, first come first woken */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;	/* the mutex's own class (its wait_lock has another) */
#endif
};

#ifdef CONFIG_LOCKDEP
# define __DEP_MAP_MUTEX_INITIALIZER(lockname)				\
	, .dep_map = { .name = #lockname, .wait_type = LD_WAIT_SLEEP }
#else
# define __DEP_MAP_MUTEX_INITIALIZER(lockname)
#endif

#define __MUTEX_INITIALIZER(name) {					\
	.owner = NULL,							\
	.wait_lock = __SPIN_LOCK_UNLOCKED(name.wait_lock),		\
	.wait_list = LIST_HEAD_INIT(name.wait_list)			\
	__DEP_MAP_MUTEX_INITIALIZER(name) }
#define DEFINE_MUTEX(name)	struct mutex name = __MUTEX_INITIALIZER(name)

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);

/* A macro as in Linux: each call site is one lock class (docs/locking.md). */
#ifdef CONFIG_LOCKDEP
# define mutex_init(mutex)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		__mutex_init((mutex), #mutex, &__key);			\
	} while (0)
#else
# define mutex_init(mutex)	__mutex_init((mutex), NULL, NULL)
#endif

void mutex_lock(struct mutex *lock);
/* mutex_lock() of a second mutex of a class already held, in an order the caller keeps by a
 * rule of its own (see spin_lock_nested()). */
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
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
