/* The lock validator's types that lock structures embed (Linux's include/linux/lockdep_types.h):
 * the class key a lock's initialisation site provides, the per-lock map that points at its
 * class, and the per-task record of a held lock. The validator itself is kernel/locking/lockdep.c
 * and docs/locking.md; with LOCKDEP=0 (make bench) none of this is in any lock. */
#ifndef _LINUX_LOCKDEP_TYPES_H
#define _LINUX_LOCKDEP_TYPES_H

#include <linux/types.h>

/* A lock may be taken in up to this many nesting levels of its class (spin_lock_nested()). */
#define MAX_LOCKDEP_SUBCLASSES	8

/*
 * A class key: the address of a static object that names a lock class. spin_lock_init(),
 * mutex_init() and the other init macros declare one per call site, so every lock initialised
 * at one line of source is one class. A statically initialised lock is its own key (its
 * address). Subclass n of a class is keyed by the address n bytes into the key, which is why it
 * has a byte per subclass.
 */
struct lock_class_key {
	char subkeys[MAX_LOCKDEP_SUBCLASSES];
};

/*
 * What the validator knows about the context a lock may be waited for in, printed as "{2:2}"
 * after a class name as Linux does: spinning locks are 2 (LD_WAIT_SPIN; Linux 6.1's
 * LD_WAIT_CONFIG equals it without PREEMPT_RT), sleeping locks 3, and annotations such as a
 * work's "lock" 0 (not checked).
 */
enum lockdep_wait_type {
	LD_WAIT_INV = 0,
	LD_WAIT_FREE,
	LD_WAIT_SPIN,
	LD_WAIT_SLEEP,
};

struct lock_class;

/*
 * The part of every lock the validator reads: the key its class is found by, the class once
 * found (so the lookup happens once per lock, not once per acquisition) and the name the class
 * is printed by ("&rq->lock", "vmap_lock", "(work_completion)(&w->work)").
 */
struct lockdep_map {
	struct lock_class_key *key;
	struct lock_class *class_cache;
	const char *name;
	u8 wait_type;
};

/* How deep one task's locks may nest (Linux's MAX_LOCK_DEPTH). */
#define MAX_LOCK_DEPTH		48

/*
 * One lock a task holds, in the order taken (task_struct.held_locks). prev_chain_key is the
 * hash of the locks held before this one in the same context, so releasing it restores the
 * task's chain key without recomputing it.
 */
struct held_lock {
	u64 prev_chain_key;
	unsigned long acquire_ip;	/* where it was taken (printed "at: func+0x../0x..") */
	struct lockdep_map *instance;	/* the lock itself */
	u16 class_idx;			/* its class, an index into lock_classes[] */
	u8 irq_context;			/* 0 task, 1 softirq, 2 hardirq: chains do not cross these */
	u8 trylock;			/* a trylock adds no dependency of its own */
	u8 check;			/* validated (0: only kept on the stack) */
	u8 hardirqs_off;		/* interrupts were off when it was taken */
};				/* 32 bytes: whole fields, no bit-field shifting on every lock */

#endif
