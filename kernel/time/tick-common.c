/* The tick device and its CPUs (Linux's kernel/time/tick-common.c): the LAPIC timer ticks every
 * CPU, one CPU at a time advances jiffies, and a CPU going offline gives both up. */
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include "tick-internal.h"

volatile unsigned long jiffies;
DEFINE_PER_CPU(unsigned long, tick_count);

/*
 * Written by the CPU that takes or drops the duty, read by every tick without a lock: two CPUs
 * may both take it after it was dropped (as in Linux), and jiffies_lock makes that harmless.
 */
int tick_do_timer_cpu = TICK_DO_TIMER_NONE;
struct clock_event_device *tick_dev;

/**
 * tick_setup_device - start the tick on the boot CPU with @dev
 * @dev: the clock event device every CPU ticks with (the LAPIC timer, already calibrated)
 *
 * The boot CPU takes the do_timer duty and jiffies start counting from now. The APs start
 * their own periodic tick as they come up (apic_ap_setup()).
 *
 * Context: boot, the boot CPU, interrupts off. Return: nothing.
 */
void tick_setup_device(struct clock_event_device *dev)
{
	tick_dev = dev;
	tick_do_timer_cpu = smp_processor_id();
	tick_sched_init_jiffies();
	dev->set_state_periodic(dev);
}

/**
 * tick_handle_periodic - the local timer interrupt: count it and do one tick's work
 *
 * The device stays periodic while the tick runs and is one-shot only while it is stopped,
 * saving a register write per tick, so one handler serves both (tick-sched.c).
 * Linux 6.1: with NO_HZ, tick_nohz_handler() on a one-shot device re-armed every period.
 *
 * Context: hard interrupt, interrupts off. Return: nothing.
 */
void tick_handle_periodic(void)
{
	this_cpu_inc(tick_count);
	tick_sched_timer_handler();
}

/**
 * tick_cpu_dying - a CPU going offline stops its tick and drops the do_timer duty
 * @cpu: the dying CPU, the caller
 *
 * Dropping the duty lets the next CPU that ticks take it at once.
 * Linux 6.1: hands it to the first online CPU (tick_handover_do_timer()), maybe tick-stopped.
 *
 * Context: the CPUHP_AP_TICK_DYING teardown, on @cpu, interrupts off. Return: 0.
 */
int tick_cpu_dying(unsigned int cpu)
{
	if (tick_do_timer_cpu == (int)cpu)
		tick_do_timer_cpu = TICK_DO_TIMER_NONE;
	tick_sched_cpu_dying(cpu);
	tick_dev->set_state_shutdown(tick_dev);
	return 0;
}
