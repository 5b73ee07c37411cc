/* What the scheduler does for tickless idle (Linux's include/linux/sched/nohz.h): wake a CPU
 * whose tick is stopped, keep such CPUs in the load balance and the load average. */
#ifndef _LINUX_SCHED_NOHZ_H
#define _LINUX_SCHED_NOHZ_H

/* A timer was queued for @cpu, asleep with its tick stopped: make it arm its device again. */
void wake_up_nohz_cpu(int cpu);
/* This CPU stopped (or restarted) its tick: busy CPUs kick it when work waits. */
void nohz_balance_enter_idle(int cpu);
void nohz_balance_exit_idle(int cpu);
/* This CPU stopped (or restarted) its tick: fold its count into the load average now. */
void calc_load_nohz_start(void);
void calc_load_nohz_stop(void);

#endif
