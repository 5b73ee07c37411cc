/* Spinlocks: a ticket lock (FIFO-fair, so no CPU starves), with the _irqsave variants; holding
 * one disables preemption, as in Linux. */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <asm/processor.h>

typedef struct {
	volatile u16 next;	/* ticket handed to the next arrival */
	volatile u16 owner;	/* ticket now being served */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(x)	{ 0, 0 }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *l)
{
	l->next = 0;
	l->owner = 0;
}

static inline void arch_spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline bool arch_spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	u16 expect = owner;

	return __atomic_compare_exchange_n(&l->next, &expect, (u16)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
	return l->next != l->owner;
}

/*
 * A task holding a spinlock must not be switched out: another task on this CPU spinning for the
 * same lock would wait for a holder that cannot run. So the count goes up before the lock is
 * taken and down only after it is released.
 */
static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	arch_spin_lock(l);
}

static inline bool spin_trylock(spinlock_t *l)
{
	preempt_disable();
	if (arch_spin_trylock(l))
		return true;
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *l)
{
	arch_spin_unlock(l);
	preempt_enable();
}

/* Interrupts go off before the count rises and come back before preempt_enable(), so that a
 * reschedule it triggers runs with interrupts on, as Linux orders them. */
#define spin_lock_irqsave(l, f)						\
	do { local_irq_save(f); preempt_disable(); arch_spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)					\
	do { arch_spin_unlock(l); local_irq_restore(f); preempt_enable(); } while (0)
#define spin_lock_irq(l)						\
	do { local_irq_disable(); preempt_disable(); arch_spin_lock(l); } while (0)
#define spin_unlock_irq(l)						\
	do { arch_spin_unlock(l); local_irq_enable(); preempt_enable(); } while (0)

#endif
