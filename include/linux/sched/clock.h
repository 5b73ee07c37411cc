/* sched_clock(): nanoseconds since boot from the calibrated TSC (arch/x86/tsc.c); 0 until the
 * TSC is calibrated. local_clock() is the name printk and the scheduler use. */
#ifndef _LINUX_SCHED_CLOCK_H
#define _LINUX_SCHED_CLOCK_H

#include <linux/types.h>
#include <asm/tsc.h>

static __always_inline u64 sched_clock(void)
{
	return native_sched_clock();
}
#define local_clock()	sched_clock()

#endif
