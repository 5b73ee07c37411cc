/* What the tick's files share (Linux's kernel/time/tick-internal.h): the device, the do_timer
 * duty and tick-sched.c's entry points for tick-common.c. */
#ifndef _KERNEL_TIME_TICK_INTERNAL_H
#define _KERNEL_TIME_TICK_INTERNAL_H

#include <linux/clockchips.h>
#include <linux/tick.h>

/* The CPU that advances jiffies; TICK_DO_TIMER_NONE while every CPU's tick is stopped. */
#define TICK_DO_TIMER_NONE	-1
extern int tick_do_timer_cpu;

/* The device that ticks every CPU; NULL until time_init() registers it. */
extern struct clock_event_device *tick_dev;

void tick_sched_init_jiffies(void);
void tick_sched_timer_handler(void);
void tick_sched_cpu_dying(unsigned int cpu);

#endif
