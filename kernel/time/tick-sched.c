/* Tickless idle (Linux's kernel/time/tick-sched.c, NO_HZ_IDLE without high-resolution timers):
 * jiffies advanced by whichever CPU ticks, and an idle CPU's tick stopped until its next timer. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/nohz.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>
#include "tick-internal.h"

DEFINE_PER_CPU(struct tick_sched, tick_cpu_sched);

/*
 * Protects jiffies and last_jiffies_update as a pair while they change, and the load average
 * update that follows (Linux's jiffies_lock with jiffies_seq). Taken with interrupts off: from
 * the tick, from an interrupt's entry on an idle CPU, and from the idle loop. jiffies alone is
 * read without it.
 */
static DEFINE_SPINLOCK(jiffies_lock);
/* sched_clock() at the last jiffies boundary. */
static u64 last_jiffies_update;

/*
 * Idle CPUs stop their ticks unless nohz=off (Linux's tick_nohz_enabled, on by default as in
 * Linux 6.1); set before any CPU idles, read-only after.
 */
static bool tick_nohz_on = true;

static int setup_tick_nohz(char *value)
{
	if (!strcmp(value, "on"))
		tick_nohz_on = true;
	else if (!strcmp(value, "off"))
		tick_nohz_on = false;
	else
		return -EINVAL;
	return 0;
}
__setup("nohz=", setup_tick_nohz);

/**
 * tick_nohz_enabled - whether idle CPUs stop their tick (unless "nohz=off" on the command line)
 *
 * Context: any. Return: true if they do.
 */
bool tick_nohz_enabled(void)
{
	return tick_nohz_on;
}

/*
 * jiffies follow the clock, not the count of interrupts: a tick that comes late (interrupts
 * were off, the host did not run this virtual CPU, or the CPU slept with its tick stopped)
 * advances them by every period that has passed; an early one adds none.
 */
static void tick_do_update_jiffies64(u64 now)
{
	unsigned long ticks;
	u64 delta;

	/* Most callers come inside the current period: they need not take the lock. */
	if ((s64)(now - READ_ONCE(last_jiffies_update)) < (s64)TICK_NSEC)
		return;
	spin_lock(&jiffies_lock);
	delta = now - last_jiffies_update;
	if ((s64)delta >= (s64)TICK_NSEC) {
		ticks = delta / TICK_NSEC;
		WRITE_ONCE(last_jiffies_update, last_jiffies_update + (u64)ticks * TICK_NSEC);
		jiffies += ticks;
		calc_global_load();
	}
	spin_unlock(&jiffies_lock);
}

/**
 * tick_sched_init_jiffies - jiffies count from now
 *
 * Context: boot, tick_setup_device(), interrupts off. Return: nothing.
 */
void tick_sched_init_jiffies(void)
{
	last_jiffies_update = sched_clock();
}

/* Ticks of this CPU that may see jiffies stand still before it updates them itself. */
#define MAX_STALLED_JIFFIES	5

static void tick_sched_do_timer(struct tick_sched *ts, u64 now)
{
	int cpu = smp_processor_id();

	/* A CPU that stopped its tick dropped the duty: the first CPU to tick takes it. */
	if (unlikely(READ_ONCE(tick_do_timer_cpu) == TICK_DO_TIMER_NONE))
		WRITE_ONCE(tick_do_timer_cpu, cpu);
	if (READ_ONCE(tick_do_timer_cpu) == cpu)
		tick_do_update_jiffies64(now);
	/*
	 * The duty's holder may tick without running for a while (the host stopped its virtual
	 * CPU, or it waits in stop_machine with interrupts off): rather than freeze everyone's
	 * jiffies, a CPU that saw them stand still for a few of its own ticks updates them.
	 */
	if (ts->last_tick_jiffies != jiffies) {
		ts->stalled_jiffies = 0;
		ts->last_tick_jiffies = jiffies;
	} else if (++ts->stalled_jiffies == MAX_STALLED_JIFFIES) {
		tick_do_update_jiffies64(now);
		ts->stalled_jiffies = 0;
		ts->last_tick_jiffies = jiffies;
	}
	if (ts->inidle)
		ts->got_idle_tick = true;
}

/*
 * A tick taken while the tick is stopped is the one-shot event armed for a timer: the stopped
 * period then starts one jiffy later, so that tick is not counted twice (once in tick_count,
 * once in the stopped period), and the device must be armed again.
 */
static void tick_sched_handle(struct tick_sched *ts, struct pt_regs *regs)
{
	if (ts->tick_stopped) {
		spin_lock(&ts->lock);
		if (is_idle_task(current))
			ts->idle_jiffies++;
		spin_unlock(&ts->lock);
		ts->next_tick = 0;
	}
	update_process_times(user_mode(regs));
}

/**
 * tick_sched_timer_handler - one tick's work on this CPU
 *
 * Context: the local timer interrupt (tick_handle_periodic()), interrupts off. Return: nothing.
 */
void tick_sched_timer_handler(void)
{
	struct tick_sched *ts = this_cpu_ptr(&tick_cpu_sched);

	tick_sched_do_timer(ts, sched_clock());
	tick_sched_handle(ts, get_irq_regs());
}

/*
 * When this CPU next needs its tick, as sched_clock() time: its first timer (U64_MAX for none,
 * Linux's KTIME_MAX), or 0 when that is within the next period and the tick still runs (it
 * serves it without being stopped). jiffies follow the 64-bit TSC, which does not wrap in a
 * sleep, so no CPU has to wake to keep them.
 * Linux 6.1: the do_timer CPU's sleep is also bounded by timekeeping_max_deferment().
 */
static u64 tick_nohz_next_event(struct tick_sched *ts)
{
	unsigned long basejiff;
	u64 basemono, next_tick;

	spin_lock(&jiffies_lock);
	basemono = last_jiffies_update;
	basejiff = jiffies;
	spin_unlock(&jiffies_lock);
	ts->last_jiffies = basejiff;

	if (local_softirq_pending() & (1U << TIMER_SOFTIRQ))
		next_tick = basemono + TICK_NSEC;
	else
		next_tick = get_next_timer_interrupt(basejiff, basemono);
	if (next_tick - basemono <= TICK_NSEC) {
		timer_clear_idle();
		if (!ts->tick_stopped)
			return 0;
	}
	return next_tick;
}

/* Stop the tick (or move its one-shot event) to @expires, dropping the do_timer duty. */
static void tick_nohz_stop_tick(struct tick_sched *ts, u64 expires)
{
	int cpu = smp_processor_id();

	if (READ_ONCE(tick_do_timer_cpu) == cpu)
		WRITE_ONCE(tick_do_timer_cpu, TICK_DO_TIMER_NONE);
	/* Already armed for that time: spare the device a write (a VM exit under emulation). */
	if (ts->tick_stopped && expires == ts->next_tick)
		return;
	if (!ts->tick_stopped) {
		calc_load_nohz_start();
		tick_dev->set_state_oneshot(tick_dev);
		spin_lock(&ts->lock);
		ts->idle_jiffies = ts->last_jiffies;
		ts->tick_stopped = true;
		spin_unlock(&ts->lock);
		nohz_balance_enter_idle(cpu);
	}
	ts->next_tick = expires;
	if (expires == U64_MAX)
		tick_dev->set_state_oneshot_stopped(tick_dev);
	else
		clockevents_program_event(tick_dev, expires);
}

/* The tick runs again: jiffies caught up, the stopped period counted, the device periodic. */
static void tick_nohz_restart_sched_tick(struct tick_sched *ts, u64 now)
{
	unsigned long ticks;

	tick_do_update_jiffies64(now);
	timer_clear_idle();
	calc_load_nohz_stop();
	nohz_balance_exit_idle(smp_processor_id());
	spin_lock(&ts->lock);
	ticks = jiffies - ts->idle_jiffies;
	if ((long)ticks > 0) {
		ts->stopped_jiffies += ticks;
		/* Linux's tick_nohz_account_idle_time(): the ticks idle did not take. */
		account_idle_ticks(ticks);
	}
	ts->tick_stopped = false;
	spin_unlock(&ts->lock);
	ts->next_tick = 0;
	tick_dev->set_state_periodic(tick_dev);
}

/**
 * tick_nohz_idle_enter - this CPU enters the idle loop
 *
 * Context: the idle task, interrupts on. Return: nothing.
 */
void tick_nohz_idle_enter(void)
{
	struct tick_sched *ts = this_cpu_ptr(&tick_cpu_sched);

	local_irq_disable();
	ts->inidle = true;
	ts->got_idle_tick = false;
	local_irq_enable();
}

/**
 * tick_nohz_idle_stop_tick - stop this CPU's tick until its next timer, before it halts
 *
 * Called on every pass of the idle loop, so an interrupt that queued a timer here moves the
 * event. The tick stays when the next timer is within a period, with nohz=off, and before the
 * tick device is set up. It also stays until one tick has come in this idle period, so an idle
 * period shorter than a tick (most wake-ups of a busy machine) pays neither the stop nor the
 * restart.
 * Linux 6.1: a cpuidle governor predicts the idle length; without one the tick always stops.
 *
 * Context: the idle loop, interrupts off (the halt that follows enables them). Return: nothing.
 */
void tick_nohz_idle_stop_tick(void)
{
	struct tick_sched *ts = this_cpu_ptr(&tick_cpu_sched);
	u64 expires;

	if (!tick_nohz_on || !tick_dev || (!ts->tick_stopped && !ts->got_idle_tick))
		return;
	expires = tick_nohz_next_event(ts);
	if (expires)
		tick_nohz_stop_tick(ts, expires);
}

/**
 * tick_nohz_idle_exit - this CPU leaves the idle loop to run a task: restart its tick
 *
 * Context: the idle task, interrupts on. Return: nothing.
 */
void tick_nohz_idle_exit(void)
{
	struct tick_sched *ts = this_cpu_ptr(&tick_cpu_sched);

	local_irq_disable();
	ts->inidle = false;
	if (ts->tick_stopped)
		tick_nohz_restart_sched_tick(ts, sched_clock());
	local_irq_enable();
}

/**
 * tick_irq_enter - an interrupt came to a CPU whose tick is stopped: catch jiffies up first
 *
 * Its handler then sees the time it runs at, though no CPU may have ticked for a while
 * (Linux's tick_nohz_irq_enter()). Idle time needs nothing here: cpu_idle_time_ns() times the
 * idle task itself.
 * Linux 6.1: also stops the tick_sched idle clock (tick_nohz_stop_idle()).
 *
 * Context: irq_enter(), the outermost interrupt over the idle task, interrupts off.
 * Return: nothing.
 */
void tick_irq_enter(void)
{
	if (this_cpu_ptr(&tick_cpu_sched)->tick_stopped)
		tick_do_update_jiffies64(sched_clock());
}

/**
 * tick_nohz_tick_stopped_cpu - whether @cpu's tick is stopped now
 * @cpu: any CPU
 *
 * Context: any; a snapshot. Return: true if it is.
 */
bool tick_nohz_tick_stopped_cpu(int cpu)
{
	return READ_ONCE(per_cpu(tick_cpu_sched, cpu).tick_stopped);
}

/**
 * tick_nohz_idle_jiffies - the jiffies @cpu let pass idle without its tick, since boot
 * @cpu: any CPU
 *
 * With tick_count, it accounts for every jiffy of a CPU that lost none: a tick it should have
 * taken and did not is one neither counts (the host held its interrupt back).
 *
 * Context: any; takes @cpu's tick_sched lock with interrupts off. Return: the count, the
 * stopped period under way included.
 */
unsigned long tick_nohz_idle_jiffies(int cpu)
{
	struct tick_sched *ts = &per_cpu(tick_cpu_sched, cpu);
	unsigned long flags, n;

	spin_lock_irqsave(&ts->lock, flags);
	n = ts->stopped_jiffies;
	if (ts->tick_stopped && time_after(jiffies, ts->idle_jiffies))
		n += jiffies - ts->idle_jiffies;
	spin_unlock_irqrestore(&ts->lock, flags);
	return n;
}

/**
 * tick_sched_cpu_dying - forget a dying CPU's tick state; it comes back with a periodic tick
 * @cpu: the dying CPU, the caller
 *
 * It runs its stopper, so its tick already runs; the idle-jiffies count is kept.
 *
 * Context: tick_cpu_dying(), on @cpu, interrupts off. Return: nothing.
 */
void tick_sched_cpu_dying(unsigned int cpu)
{
	struct tick_sched *ts = this_cpu_ptr(&tick_cpu_sched);

	WARN_ON_ONCE(ts->tick_stopped);
	timer_clear_idle();
	ts->next_tick = 0;
	ts->stalled_jiffies = 0;
}

