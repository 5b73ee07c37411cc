/* The tick (kernel/time/): HZ interrupts a second on every busy CPU, none on an idle one until
 * its next timer (Linux's include/linux/tick.h, NO_HZ_IDLE). */
#ifndef _LINUX_TICK_H
#define _LINUX_TICK_H

#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct clock_event_device;

/* Boot: tick every CPU with @dev, and start counting jiffies (tick-common.c). */
void tick_setup_device(struct clock_event_device *dev);
/* The local timer interrupt, on the CPU it fired on (tick-common.c). */
void tick_handle_periodic(void);
/* CPUHP_AP_TICK_DYING: the dying CPU's tick stops for good (tick-common.c). */
int tick_cpu_dying(unsigned int cpu);

/* Timer interrupts taken on each CPU since its timer started. */
DECLARE_PER_CPU(unsigned long, tick_count);

/*
 * Each CPU's tick state, written only by that CPU with interrupts off; @lock guards the
 * counts other CPUs read (tick_nohz_idle_jiffies()), and is taken with interrupts off.
 */
struct tick_sched {
	spinlock_t lock;
	bool inidle;			/* in the idle loop, between idle_enter and idle_exit */
	bool tick_stopped;		/* the device is one-shot, armed for next_tick or not */
	bool got_idle_tick;		/* a tick came since the idle loop was entered */
	unsigned long last_jiffies;	/* jiffies when next_tick was worked out */
	u64 next_tick;			/* sched_clock() time armed; 0: arm again */
	unsigned long idle_jiffies;	/* jiffies from which the stopped period counts */
	unsigned long stopped_jiffies;	/* jiffies passed without a tick, finished periods */
	unsigned long last_tick_jiffies;	/* jiffies at this CPU's last tick */
	unsigned int stalled_jiffies;	/* ticks since that saw jiffies not move */
};

DECLARE_PER_CPU(struct tick_sched, tick_cpu_sched);

void tick_nohz_idle_enter(void);
void tick_nohz_idle_stop_tick(void);
void tick_nohz_idle_exit(void);
void tick_irq_enter(void);
bool tick_nohz_enabled(void);
bool tick_nohz_tick_stopped_cpu(int cpu);
unsigned long tick_nohz_idle_jiffies(int cpu);

#endif
