/* Time as the system calls exchange it (Linux's include/linux/time64.h and uapi time types) and
 * the clocks behind them (kernel/time/timekeeping.c, posix-timers.c). */
#ifndef _LINUX_TIME_H
#define _LINUX_TIME_H

#include <linux/types.h>

/* Linux 6.1: in include/vdso/time64.h; Spindle keeps them here with the rest of time. */
#define MSEC_PER_SEC	1000L
#define USEC_PER_MSEC	1000L
#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define USEC_PER_SEC	1000000L
#define NSEC_PER_SEC	1000000000L

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7

#define TIMER_ABSTIME	0x01

/* struct __kernel_timespec: 64-bit seconds and nanoseconds. */
struct __kernel_timespec {
	long long tv_sec;
	long long tv_nsec;
};

void timekeeping_init(void);
u64 ktime_get_ns(void);
u64 ktime_get_real_ns(void);

#endif
