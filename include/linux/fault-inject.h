/* Fault injection for allocations (Linux's failslab and fail_page_alloc, simplified): make
 * kmalloc, kmem_cache_alloc and alloc_pages fail on purpose so tests can walk error paths. */
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
	spinlock_t lock;
	unsigned long probability;	/* percent, 0..100 */
	unsigned long interval;		/* >= 1 */
	long times;
	long space;
	unsigned long count;		/* eligible calls seen since arming */
	unsigned long nr_injected;	/* failures injected since arming */
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

bool __should_failslab(struct kmem_cache *s, gfp_t gfp);
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order);

static inline bool should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	if (likely(!READ_ONCE(failslab_armed)))
		return false;
	return __should_failslab(s, gfp);
}

static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (likely(!READ_ONCE(fail_page_alloc_armed)))
		return false;
	return __should_fail_alloc_page(gfp, order);
}

/*
 * Parse Linux's "<interval>,<probability>,<space>,<times>" or the short "<interval>,<times>"
 * (probability 100, space 0) into 'attr' without arming it. -EINVAL for anything else.
 */
int setup_fault_attr(struct fault_attr *attr, const char *str);

/* For tests: fail the next 'times' eligible calls (-1: all of them), every 'interval'-th one. */
void fault_inject_slab(long times, unsigned long interval);
void fault_inject_pages(long times, unsigned long interval);
/* Disarm both and zero their counters. */
void fault_inject_reset(void);
/* Failures injected since the last arming or reset. */
unsigned long failslab_injected(void);
unsigned long fail_page_alloc_injected(void);

#endif
