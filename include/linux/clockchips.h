/* A timer that interrupts its own CPU at a set time, as the tick code drives it (Linux's
 * include/linux/clockchips.h, cut to what the tick uses: the LAPIC timer is the only one). */
#ifndef _LINUX_CLOCKCHIPS_H
#define _LINUX_CLOCKCHIPS_H

#include <linux/types.h>

/*
 * One description serves every CPU, each operation acting on the calling CPU's own device; the
 * tick (kernel/time/) keeps each CPU's mode itself.
 * Linux 6.1: one copy per CPU (lapic_events), with the mode kept by the clockevents core.
 */
struct clock_event_device {
	const char *name;
	/* Interrupt once, @delta device cycles from now (one-shot mode must be set). */
	int (*set_next_event)(unsigned long delta, struct clock_event_device *evt);
	/* Interrupt every tick period, from one period after now. */
	int (*set_state_periodic)(struct clock_event_device *evt);
	/* Switch to one-shot mode, with no event armed. */
	int (*set_state_oneshot)(struct clock_event_device *evt);
	/* In one-shot mode, cancel the armed event. */
	int (*set_state_oneshot_stopped)(struct clock_event_device *evt);
	/* No more interrupts (the CPU is going offline). */
	int (*set_state_shutdown)(struct clock_event_device *evt);
	/* Nanoseconds to cycles: cycles = ns * mult >> shift. */
	u32 mult;
	u32 shift;
	u64 min_delta_ns;
	u64 max_delta_ns;
	unsigned long min_delta_ticks;
	unsigned long max_delta_ticks;
};

/* Set @dev's mult, shift and delta bounds from its rate in Hz (kernel/time/clockevents.c). */
void clockevents_config(struct clock_event_device *dev, u32 freq);
/* Arm @dev's one-shot event for sched_clock() time @expires, clamped to its bounds. */
int clockevents_program_event(struct clock_event_device *dev, u64 expires);

#endif
