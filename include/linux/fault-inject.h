/* Fault injection (Linux's lib/fault-inject.c, failslab and fail_page_alloc, simplified): make
 * kmalloc, kmem_cache_alloc, alloc_pages and Spindle's named fault points fail on purpose so
 * tests can walk error paths, for every task or only for the task under test. */
#ifndef _LINUX_FAULT_INJECT_H
#define _LINUX_FAULT_INJECT_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/*
 * When an attribute is armed, each eligible call first uses up 'space' bytes without failing;
 * after that every 'interval'-th call is a candidate, which fails with 'probability' percent
 * (a deterministic pseudo-random sequence, so a run can be repeated) until 'times' failures
 * have been injected ('times' == -1: no limit).
 */
struct fault_attr {
	spinlock_t lock;		/* the fields below and *armed's changes; irqs off */
	unsigned long probability;	/* percent, 0..100 */
	unsigned long interval;		/* >= 1 */
	long times;
	long space;
	unsigned long count;		/* eligible calls seen since arming */
	unsigned long nr_injected;	/* failures injected since arming (fail-nth's too) */
	bool task_filter;		/* only tasks with make_it_fail take failures */
	u32 rand_state;
	bool *armed;			/* the hot-path flag this attribute drives */
	const char *name;
};

struct kmem_cache;

/*
 * These flags are what the allocation hot paths test. Disarmed, should_failslab() and
 * should_fail_alloc_page() cost one load and one never-taken branch; the attribute, its lock
 * and its counters are touched only while a test or a boot option armed them.
 */
extern bool failslab_armed;
extern bool fail_page_alloc_armed;
extern bool fail_stop_machine_armed;
/*
 * How many tasks hold a fail-nth count (current->fail_nth != 0): the disarmed hot path costs
 * one more global load, and goes to current only while some task counts.
 */
/* Linux 6.1: reads current->fail_nth in every should_fail(). */
extern int fail_nth_tasks;

bool __should_failslab(struct kmem_cache *s, gfp_t gfp);
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order);
bool __should_fail_stop_machine(void);

static inline bool should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	if (likely(!READ_ONCE(failslab_armed) && !READ_ONCE(fail_nth_tasks)))
		return false;
	return __should_failslab(s, gfp);
}

static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (likely(!READ_ONCE(fail_page_alloc_armed) && !READ_ONCE(fail_nth_tasks)))
		return false;
	return __should_fail_alloc_page(gfp, order);
}

/*
 * Spindle's named fault point in stop_machine(): it does not allocate, and fails only when a
 * stopper is disabled (-ENOENT). Consulted once per call by the calling task, so fail-nth
 * walks of remove_cpu() reach it.
 */
/* Linux 6.1: has no fault point in stop_machine(). */
static inline bool should_fail_stop_machine(void)
{
	if (likely(!READ_ONCE(fail_stop_machine_armed) && !READ_ONCE(fail_nth_tasks)))
		return false;
	return __should_fail_stop_machine();
}

struct task_struct;

/* Make @p's @n-th fault-injectable call fail (/proc/PID/fail-nth); see mm/failslab.c. */
unsigned int set_fail_nth(struct task_struct *p, unsigned int n);

/* What is left of @p's fail-nth count; see mm/failslab.c. */
unsigned int get_fail_nth(struct task_struct *p);

/* Forget a fail-nth count no task will use up; see mm/failslab.c. */
void fail_nth_drop(unsigned int n);

/*
 * Parse Linux's "<interval>,<probability>,<space>,<times>" or the short "<interval>,<times>"
 * (probability 100, space 0) into 'attr' without arming it. -EINVAL for anything else.
 */
int setup_fault_attr(struct fault_attr *attr, const char *str);

/* For tests: fail the next 'times' eligible calls (-1: all of them), every 'interval'-th one. */
void fault_inject_slab(long times, unsigned long interval);
void fault_inject_pages(long times, unsigned long interval);
void fault_inject_stop_machine(long times, unsigned long interval);
/*
 * Linux's task-filter attribute file, for all three: while on, only tasks with make_it_fail
 * set take the armed failures. fault_inject_reset() turns it off.
 */
void fault_inject_task_filter(bool on);
/* Disarm all three, turn the task filter off and zero their counters. */
void fault_inject_reset(void);
/* Failures injected since the last arming or reset, by the attribute or a fail-nth count. */
unsigned long failslab_injected(void);
unsigned long fail_page_alloc_injected(void);
unsigned long fail_stop_machine_injected(void);

#endif
