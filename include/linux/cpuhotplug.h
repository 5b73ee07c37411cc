/* The CPU hotplug states (Linux's include/linux/cpuhotplug.h, reduced): the steps a CPU goes
 * through from OFFLINE to ONLINE, each with a startup and a teardown callback (kernel/cpu.c). */
#ifndef _LINUX_CPUHOTPLUG_H
#define _LINUX_CPUHOTPLUG_H

#include <linux/types.h>

/*
 * In bring-up order; teardown runs them backwards. Who runs a step depends on its range:
 *   OFFLINE+1 .. BRINGUP_CPU       the control CPU (the task calling cpu_up/cpu_down)
 *   AP_OFFLINE+1 .. AP_ONLINE      the CPU itself, interrupts off: startup from
 *                                  start_secondary(), teardown in take_cpu_down() under
 *                                  stop_machine
 *   TEARDOWN_CPU                   the control CPU (takedown_cpu on the way down)
 *   AP_ONLINE_IDLE+1 .. ONLINE     the CPU's own cpuhp/N thread
 * Linux 6.1: has no CPUHP_BP_KICK_AP (Linux 6.5 split the AP's start out of CPUHP_BRINGUP_CPU so
 * that APs start in parallel), and moves tasks off a dying CPU from CPUHP_AP_ACTIVE's teardown
 * on; Spindle kicks each AP while the previous one finishes, and still migrates at DYING.
 * Linux 6.1: has no CPUHP_AP_TICK_DYING either (later Linux's; 6.1's take_cpu_down() hands the
 * tick over), and 30 dynamic slots; Spindle gives the tick its own DYING step, and has 4 slots.
 */
enum cpuhp_state {
	CPUHP_INVALID = -1,
	CPUHP_OFFLINE = 0,
	CPUHP_CREATE_THREADS,		/* smpboot threads of the CPU, created parked */
	CPUHP_SOFTIRQ_DEAD,		/* teardown: the dead CPU's tasklets move to a live one */
	CPUHP_WORKQUEUE_PREP,		/* a first kworker for each of the CPU's pools */
	CPUHP_TIMERS_PREPARE,		/* teardown: the dead CPU's timers move to a live one */
	CPUHP_BP_KICK_AP,		/* INIT-SIPI-SIPI; the AP calls in (Linux 6.5's) */
	CPUHP_BRINGUP_CPU,		/* wait until it is online; unpark stopper and cpuhp/N */
	CPUHP_AP_IDLE_DEAD,		/* the dead CPU's idle task reached play_dead */
	CPUHP_AP_OFFLINE,
	CPUHP_AP_SCHED_STARTING,	/* teardown: sched_cpu_dying moves the tasks away
					 * (migrate_tasks, before Linux's balance_push) */
	CPUHP_AP_TICK_DYING,		/* teardown: the local timer stops */
	CPUHP_AP_SMPCFD_DYING,		/* teardown: queued cross-CPU calls are run */
	CPUHP_AP_ONLINE,
	CPUHP_TEARDOWN_CPU,		/* teardown: takedown_cpu, stop_machine(take_cpu_down) */
	CPUHP_AP_ONLINE_IDLE,		/* the CPU runs its idle task and its cpuhp/N */
	CPUHP_AP_SMPBOOT_THREADS,	/* unpark / park the smpboot threads (ksoftirqd/N, ...) */
	CPUHP_AP_WORKQUEUE_ONLINE,	/* bind the CPU's kworkers to it / let them run anywhere */
	CPUHP_AP_ONLINE_DYN,		/* slots handed out by cpuhp_setup_state() */
	CPUHP_AP_ONLINE_DYN_END = CPUHP_AP_ONLINE_DYN + 3,
	CPUHP_AP_ACTIVE,		/* the scheduler may place and balance work here */
	CPUHP_ONLINE,
};

int __cpuhp_setup_state(enum cpuhp_state state, const char *name, bool invoke,
			int (*startup)(unsigned int cpu), int (*teardown)(unsigned int cpu));

/*
 * Install @startup/@teardown at @state (or, with CPUHP_AP_ONLINE_DYN, at the first free dynamic
 * slot) and run @startup for every online CPU in its cpuhp/N thread. Returns the dynamic slot
 * (> 0), else 0, or a negative errno; a failing @startup undoes the CPUs done. Sleeps; takes
 * the hotplug lock.
 */
static inline int cpuhp_setup_state(enum cpuhp_state state, const char *name,
				    int (*startup)(unsigned int cpu),
				    int (*teardown)(unsigned int cpu))
{
	return __cpuhp_setup_state(state, name, true, startup, teardown);
}

/*
 * Install @startup/@teardown at @state (or the first free dynamic slot) without running either
 * now: they run for CPUs that come and go later. Any state between OFFLINE and ONLINE, so also
 * a control-task one (CPUHP_SOFTIRQ_DEAD). Returns as cpuhp_setup_state(). Sleeps.
 */
static inline int cpuhp_setup_state_nocalls(enum cpuhp_state state, const char *name,
					    int (*startup)(unsigned int cpu),
					    int (*teardown)(unsigned int cpu))
{
	return __cpuhp_setup_state(state, name, false, startup, teardown);
}

void __cpuhp_remove_state(enum cpuhp_state state, bool invoke);

/* Run @state's teardown on every online CPU (in cpuhp/N) and free the slot. Sleeps. */
static inline void cpuhp_remove_state(enum cpuhp_state state)
{
	__cpuhp_remove_state(state, true);
}

#endif
