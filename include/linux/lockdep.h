/* The lock validator (Linux's lockdep, include/linux/lockdep.h): every lock acquisition and
 * release is reported to kernel/locking/lockdep.c, which keeps each task's held locks, the graph
 * of "taken while holding" dependencies between lock classes, and each class's interrupt usage,
 * and prints Linux's reports when a new acquisition could deadlock. Built in with LOCKDEP=1 (the
 * default, and what tests/run boots); with LOCKDEP=0 (make bench) every hook here is empty.
 * docs/locking.md explains it. */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <linux/lockdep_types.h>
#include <linux/compiler.h>
#include <linux/bug.h>

struct task_struct;

/* The address a function returns to: inside its caller. */
#define _RET_IP_	((unsigned long)__builtin_return_address(0))
/*
 * "Where lock_acquire() (or lock_release()) is called from": it then takes its own return
 * address, which lies in the function that took the lock even when the lock function was
 * inlined there. Linux passes _THIS_IP_, the address of a label, which GCC does not always
 * keep where it was written once the code is inlined and optimised.
 */
#define _LOCK_IP_	0UL

/* The nesting annotation for a second lock of the same class (double_rq_lock()). */
#define SINGLE_DEPTH_NESTING	1

/*
 * 1 while the validator checks; it drops to 0 at its first report (or a panic), as Linux's
 * does, because after one deadlock report the rest of what it would say is unreliable.
 */
extern int debug_locks;

/* What the validator found, for its own self-tests (tests/lockdep_test.c). */
enum lockdep_report {
	LOCKDEP_NO_REPORT,
	LOCKDEP_CIRCULAR,	/* "possible circular locking dependency detected" */
	LOCKDEP_RECURSIVE,	/* "possible recursive locking detected" */
	LOCKDEP_INCONSISTENT,	/* "inconsistent lock state" */
	LOCKDEP_IRQ_ORDER,	/* "HARDIRQ-safe -> HARDIRQ-unsafe lock order detected" */
	LOCKDEP_IRQ_INVERSION,	/* "possible irq lock inversion dependency detected" */
	LOCKDEP_BAD_UNLOCK,	/* "bad unlock balance detected!" */
	LOCKDEP_HELD_AT_EXIT,	/* "... is exiting with locks still held!" */
	LOCKDEP_SLEEP_ATOMIC,	/* "sleeping function called from invalid context" */
	LOCKDEP_BAD_KEY,	/* "trying to register non-static key." */
	LOCKDEP_LIMIT,		/* a table ran out: the validator turned itself off */
	LOCKDEP_NR_REPORTS
};

/* The last report a silenced task made (lockdep_selftest_silence()), and the two classes it
 * named (the lock being taken or changed, and the one it conflicts with). */
struct lockdep_selftest_result {
	enum lockdep_report kind;
	const char *lock;
	const char *other;
};

#ifdef CONFIG_LOCKDEP

void lockdep_init_map_wait(struct lockdep_map *lock, const char *name,
			   struct lock_class_key *key, int subclass, u8 wait_type);
void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int check,
		  unsigned long ip);
void lock_release(struct lockdep_map *lock, unsigned long ip);
bool lock_is_held(const struct lockdep_map *lock);
void lockdep_copy_map(struct lockdep_map *to, const struct lockdep_map *from);

void lockdep_init_task(struct task_struct *p);
void lockdep_print_held_locks(struct task_struct *p);
void debug_show_held_locks(struct task_struct *p);
void debug_check_no_locks_held(void);
int debug_locks_off(void);
void lockdep_off(void);
void lockdep_on(void);
void lockdep_info(void);

/* Reporting hooks for the sleep checks in sched/core.c (__might_sleep). */
bool lockdep_report_begin(enum lockdep_report kind, const char *lock, const char *other);
unsigned long lockdep_report_count(enum lockdep_report kind);

/* Self-test support: silence this task's reports (recorded instead), read what was recorded,
 * forget a test class's usage and dependencies so a case can run again, and turn the validator
 * back on after a printed report (crashtest=lockdep only). */
void lockdep_selftest_silence(bool on);
struct lockdep_selftest_result lockdep_selftest_take(void);
void lockdep_reset_key(struct lock_class_key *key);
void lockdep_selftest_rearm(void);

static inline void lockdep_init_map(struct lockdep_map *lock, const char *name,
				    struct lock_class_key *key, int subclass)
{
	lockdep_init_map_wait(lock, name, key, subclass, LD_WAIT_INV);
}

/* Give a lock another class than its init site's (Linux's names). */
#define lockdep_set_class(lock, key)					\
	lockdep_init_map_wait(&(lock)->dep_map, #key, key, 0, (lock)->dep_map.wait_type)
#define lockdep_set_class_and_name(lock, key, name)			\
	lockdep_init_map_wait(&(lock)->dep_map, name, key, 0, (lock)->dep_map.wait_type)

#define STATIC_LOCKDEP_MAP_INIT(_name, _key)				\
	{ .key = (void *)(_key), .name = (_name) }

/* WARN unless this task holds @l (a lock with a dep_map). */
#define lockdep_assert_held(l)						\
	WARN_ON(debug_locks && !lock_is_held(&(l)->dep_map))
#define lockdep_is_held(l)	lock_is_held(&(l)->dep_map)

#else /* !CONFIG_LOCKDEP */

/* Macros, not functions: a lock without LOCKDEP has no dep_map to take the address of. */
#define lock_acquire(lock, subclass, trylock, check, ip)	do { } while (0)
#define lock_release(lock, ip)					do { } while (0)
static inline void lockdep_init_task(struct task_struct *p) { }
static inline void lockdep_print_held_locks(struct task_struct *p) { }
static inline void debug_show_held_locks(struct task_struct *p) { }
static inline void debug_check_no_locks_held(void) { }
static inline int debug_locks_off(void) { return 0; }
static inline void lockdep_off(void) { }
static inline void lockdep_on(void) { }
static inline void lockdep_info(void) { }

#define lockdep_init_map(lock, name, key, sub)		do { } while (0)
#define lockdep_init_map_wait(lock, name, key, sub, w)	do { } while (0)
#define lockdep_copy_map(to, from)			do { } while (0)
#define lockdep_set_class(lock, key)			do { (void)(key); } while (0)
#define lockdep_set_class_and_name(lock, key, name)	do { (void)(key); } while (0)
#define lockdep_assert_held(l)				do { (void)(l); } while (0)

#endif /* CONFIG_LOCKDEP */

/* The annotations lock code makes, in Linux's names: an exclusive acquisition (trylock when it
 * only tried), and its release. */
#define lock_acquire_exclusive(l, s, t, i)	lock_acquire(l, s, t, 1, i)
#define spin_acquire(l, s, t, i)		lock_acquire_exclusive(l, s, t, i)
#define spin_release(l, i)			lock_release(l, i)
#define mutex_acquire(l, s, t, i)		lock_acquire_exclusive(l, s, t, i)
#define mutex_release(l, i)			lock_release(l, i)
/* A map that is not a lock but is "held" around something others wait for (a running work
 * for flush_work()): acquiring it where one waits for that something makes the wait a
 * dependency like a lock's. */
#define lock_map_acquire(l)			lock_acquire_exclusive(l, 0, 0, _LOCK_IP_)
#define lock_map_release(l)			lock_release(l, _LOCK_IP_)

#endif
