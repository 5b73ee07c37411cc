/* Spinlocks: a ticket lock (FIFO-fair, so no CPU starves), with the _irqsave variants; holding
 * one disables preemption, as in Linux. With LOCKDEP=1 each lock also carries a lockdep_map and
 * every acquisition and release is told to the lock validator (docs/locking.md). */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/lockdep.h>
#include <asm/processor.h>

/*
 * The two tickets share one word (owner in the low half, next in the high half), so taking a
 * ticket and seeing whether it is already being served is a single xadd: the uncontended lock
 * never reads the lock again.
 */
typedef struct {
	union {
		u32 val;
		struct {
			volatile u16 owner;	/* ticket now being served */
			volatile u16 next;	/* ticket handed to the next arrival */
		};
	};
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;	/* its class: the init site, or the lock if static */
#endif
} spinlock_t;

#define TICKET_SHIFT		16

#ifdef CONFIG_LOCKDEP
/* A statically initialised lock has no key yet: the validator makes its address the key, so
 * each such lock is a class of its own, named after it. */
# define SPIN_DEP_MAP_INIT(lockname)					\
	, .dep_map = { .name = #lockname, .wait_type = LD_WAIT_SPIN }
#else
# define SPIN_DEP_MAP_INIT(lockname)
#endif

#define __SPIN_LOCK_UNLOCKED(x)	{ { 0 } SPIN_DEP_MAP_INIT(x) }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

/**
 * __spin_lock_init - make @l a free spinlock of the lock class @key
 * @l: the lock
 * @name: the class's name in the lock validator's reports
 * @key: the class key, a static object (spin_lock_init() declares one per call site)
 *
 * Context: any. Return: nothing.
 */
static inline void __spin_lock_init(spinlock_t *l, const char *name, struct lock_class_key *key)
{
	l->val = 0;
	lockdep_init_map_wait(&l->dep_map, name, key, 0, LD_WAIT_SPIN);
}

/*
 * As Linux's: a macro, so that each call site has a key of its own and every lock initialised
 * there is one class, named by the argument's text ("&rq->lock").
 */
#ifdef CONFIG_LOCKDEP
# define spin_lock_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		__spin_lock_init((lock), #lock, &__key);		\
	} while (0)
#else
# define spin_lock_init(lock)	__spin_lock_init((lock), NULL, NULL)
#endif

/* O(1) uncontended: one xadd and a compare; contended, FIFO by ticket. */
static inline void arch_spin_lock(spinlock_t *l)
{
	u32 old = __atomic_fetch_add(&l->val, 1U << TICKET_SHIFT, __ATOMIC_ACQUIRE);
	u16 me = old >> TICKET_SHIFT;

	if (likely((u16)old == me))
		return;
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline bool arch_spin_trylock(spinlock_t *l)
{
	u32 old = __atomic_load_n(&l->val, __ATOMIC_RELAXED);

	if ((u16)old != (u16)(old >> TICKET_SHIFT))
		return false;
	return __atomic_compare_exchange_n(&l->val, &old, old + (1U << TICKET_SHIFT), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Only the holder writes owner, so a plain 16-bit add is enough: it cannot carry into next,
 * which other CPUs may be incrementing meanwhile, and x86 stores are releases (the clobber keeps
 * the compiler from sinking the critical section's accesses below it). One instruction.
 */
static inline void arch_spin_unlock(spinlock_t *l)
{
	__asm__ __volatile__("addw $1, %0" : "+m"(l->owner) : : "memory");
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return l->next != l->owner;
}

/*
 * Linux's smp_mb__after_spinlock(): make taking the lock a full barrier, so stores before it
 * are ordered before loads inside (try_to_wake_up's state test). On x86 the locked xadd that
 * takes the lock already is one, so, as in Linux, only the compiler needs telling.
 */
#define smp_mb__after_spinlock()	barrier()

/*
 * A task holding a spinlock must not be switched out: another task on this CPU spinning for the
 * same lock would wait for a holder that cannot run. So the count goes up before the lock is
 * taken and down only after it is released.
 */
/*
 * The validator hears of an acquisition before the lock is taken, as in Linux, so a real
 * deadlock is reported before the CPU spins in it for good; and of a release before the lock is
 * let go. With LOCKDEP=0 both hooks are empty. The address recorded is where lock_acquire()
 * is called from (_LOCK_IP_), in the function that took the lock, since these are inlined.
 */

static __always_inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	spin_acquire(&l->dep_map, 0, 0, _LOCK_IP_);
	arch_spin_lock(l);
}

/*
 * A second lock of a class already held, which the caller orders by some rule of its own
 * (double_rq_lock() takes the lower CPU's first): @subclass (SINGLE_DEPTH_NESTING) makes it a
 * class of its own for the validator, so the nesting is not reported as recursion.
 */
static __always_inline void spin_lock_nested(spinlock_t *l, unsigned int subclass)
{
	preempt_disable();
	spin_acquire(&l->dep_map, subclass, 0, _LOCK_IP_);
	arch_spin_lock(l);
}

static __always_inline bool spin_trylock(spinlock_t *l)
{
	preempt_disable();
	if (arch_spin_trylock(l)) {
		spin_acquire(&l->dep_map, 0, 1, _LOCK_IP_);
		return true;
	}
	preempt_enable();
	return false;
}

static __always_inline void spin_unlock(spinlock_t *l)
{
	spin_release(&l->dep_map, _LOCK_IP_);
	arch_spin_unlock(l);
	preempt_enable();
}

/* Interrupts go off before the count rises and come back before preempt_enable(), so that a
 * reschedule it triggers runs with interrupts on, as Linux orders them. */
#define spin_lock_irqsave(l, f)						\
	do {								\
		local_irq_save(f);					\
		preempt_disable();					\
		spin_acquire(&(l)->dep_map, 0, 0, _LOCK_IP_);		\
		arch_spin_lock(l);					\
	} while (0)
#define spin_lock_irqsave_nested(l, f, subclass)			\
	do {								\
		local_irq_save(f);					\
		preempt_disable();					\
		spin_acquire(&(l)->dep_map, subclass, 0, _LOCK_IP_);	\
		arch_spin_lock(l);					\
	} while (0)
#define spin_unlock_irqrestore(l, f)					\
	do {								\
		spin_release(&(l)->dep_map, _LOCK_IP_);			\
		arch_spin_unlock(l);					\
		local_irq_restore(f);					\
		preempt_enable();					\
	} while (0)
#define spin_lock_irq(l)						\
	do {								\
		local_irq_disable();					\
		preempt_disable();					\
		spin_acquire(&(l)->dep_map, 0, 0, _LOCK_IP_);		\
		arch_spin_lock(l);					\
	} while (0)
#define spin_unlock_irq(l)						\
	do {								\
		spin_release(&(l)->dep_map, _LOCK_IP_);			\
		arch_spin_unlock(l);					\
		local_irq_enable();					\
		preempt_enable();					\
	} while (0)

#endif
