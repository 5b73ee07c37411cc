/* The clocks user space reads (Linux's kernel/time/timekeeping.c, much reduced): CLOCK_MONOTONIC
 * is sched_clock() (the calibrated TSC since boot), CLOCK_REALTIME that plus the wall-clock
 * time the CMOS clock gave at boot. Linux steers both with NTP; Spindle does not. */
#include <linux/kernel.h>
#include <linux/sched/clock.h>
#include <linux/time.h>

/* CLOCK_REALTIME - CLOCK_MONOTONIC, in ns; written once at boot. */
static s64 wall_to_monotonic_offset;

long long mach_get_cmos_time(void);

/**
 * timekeeping_init - set CLOCK_REALTIME from the CMOS clock
 *
 * Context: boot, after the TSC is calibrated. Return: nothing.
 */
void timekeeping_init(void)
{
	long long now = mach_get_cmos_time();

	wall_to_monotonic_offset = now * NSEC_PER_SEC - (s64)sched_clock();
	pr_info("clocksource: wall clock from the CMOS RTC: %lld s since 1970\n", now);
}

/**
 * ktime_get_ns - CLOCK_MONOTONIC in nanoseconds
 *
 * Context: any. Return: nanoseconds since boot.
 */
u64 ktime_get_ns(void)
{
	return sched_clock();
}

/**
 * ktime_get_real_ns - CLOCK_REALTIME in nanoseconds
 *
 * Context: any. Return: nanoseconds since 1970-01-01 UTC.
 */
u64 ktime_get_real_ns(void)
{
	return sched_clock() + wall_to_monotonic_offset;
}
