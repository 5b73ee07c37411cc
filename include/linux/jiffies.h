/* jiffies: the tick count since boot, HZ ticks a second, and wrap-safe comparisons on it. */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ		1000

/*
 * Advanced by the tick of whichever CPU holds the do_timer duty, or by a CPU waking from
 * tickless idle (kernel/time/tick-sched.c), by the periods of the TSC clock that passed. 64 bits
 * wide, so it never wraps in practice; the comparisons below are still written wrap-safe, as in Linux, because code that
 * keeps a jiffies value in a narrower variable relies on them.
 */
extern volatile unsigned long jiffies;

/* a is after b, even across a wrap, as long as they are less than half the range apart. */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/* Round up: a timeout of 1 ms must never become 0 jiffies. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

/* Round up too; a span too long for a timeout is cut to a day (a sleeper looks again). */
static inline unsigned long nsecs_to_jiffies(u64 n)
{
	u64 per_jiffy = 1000000000ULL / HZ;

	if (n > 86400ULL * 1000000000ULL)
		n = 86400ULL * 1000000000ULL;
	return (n + per_jiffy - 1) / per_jiffy;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * 1000 / HZ);
}

#endif
