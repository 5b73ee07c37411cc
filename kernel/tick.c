/* The periodic tick: the boot CPU advances jiffies; every CPU counts its ticks, runs its expired
 * timers and charges its running task (scheduler_tick). */
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/timer.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <linux/sched/clock.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

volatile unsigned long jiffies;
DEFINE_PER_CPU(unsigned long, tick_count);

/* sched_clock() at the last jiffies boundary. */
static u64 last_jiffies_update;

void tick_setup_periodic(void)
{
	last_jiffies_update = sched_clock();
}

/*
 * As Linux's tick_do_update_jiffies64(): jiffies follow the clock, not the count of interrupts.
 * A tick that arrives late (interrupts were off, or a virtual CPU was not running) advances
 * jiffies by every period that has passed, so time never falls behind; an early one adds none.
 */
static void tick_do_update_jiffies64(u64 now)
{
	u64 delta = now - last_jiffies_update;
	unsigned long ticks;

	if (delta < TICK_NSEC)
		return;
	ticks = delta / TICK_NSEC;
	last_jiffies_update += (u64)ticks * TICK_NSEC;
	jiffies += ticks;
	calc_global_load();
}

void tick_periodic(void)
{
	/* One CPU owns jiffies so it advances exactly once per period however many CPUs tick. */
	if (smp_processor_id() == 0)
		tick_do_update_jiffies64(sched_clock());
	this_cpu_inc(tick_count);
	/* Linux's update_process_times(): charge the tick, run the timers, tick the scheduler. */
	account_process_tick(current, user_mode(get_irq_regs()));
	run_local_timers();
	scheduler_tick();
}
