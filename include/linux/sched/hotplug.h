/* The scheduler's CPU hotplug steps (sched/core.c), as Linux's include/linux/sched/hotplug.h. */
#ifndef _LINUX_SCHED_HOTPLUG_H
#define _LINUX_SCHED_HOTPLUG_H

/* CPUHP_AP_ACTIVE: @cpu joins, or leaves, the CPUs work is placed on and balanced across. */
int sched_cpu_activate(unsigned int cpu);
int sched_cpu_deactivate(unsigned int cpu);
/* CPUHP_AP_SCHED_STARTING, on the CPU with interrupts off: the run queue is fresh. */
int sched_cpu_starting(unsigned int cpu);
/* Its teardown, on the dying CPU under stop_machine: every task that is not a parked per-CPU
 * thread leaves for an online CPU; the run queue keeps its idle task and the stopper. */
int sched_cpu_dying(unsigned int cpu);
/* The dead CPU's idle task lets go of any borrowed address space before the CPU halts. */
void idle_task_exit(void);

#endif
