/* The load average's fixed point (Linux's include/linux/sched/loadavg.h): avenrun[] has
 * FSHIFT fractional bits; /proc/loadavg prints it with LOAD_INT and LOAD_FRAC. */
#ifndef _LINUX_SCHED_LOADAVG_H
#define _LINUX_SCHED_LOADAVG_H

#include <linux/jiffies.h>

extern unsigned long avenrun[3];

#define FSHIFT		11			/* bits of fraction */
#define FIXED_1		(1 << FSHIFT)		/* 1.0 */
#define LOAD_FREQ	(5 * HZ + 1)		/* 5 s between samples */
#define EXP_1		1884			/* 1/exp(5s/1min) in fixed point */
#define EXP_5		2014			/* 1/exp(5s/5min) */
#define EXP_15		2037			/* 1/exp(5s/15min) */

#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

void calc_global_load(void);

#endif
