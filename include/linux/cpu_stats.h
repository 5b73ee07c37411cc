/* show_cpu_stats(): the per-CPU counters as one table (kernel/cpu_stats.c), for the shell. */
#ifndef _LINUX_CPU_STATS_H
#define _LINUX_CPU_STATS_H

#include <linux/types.h>

/* One row per counter, one column per online CPU, printed at KERN_INFO. */
void show_cpu_stats(void);
/* Nanoseconds @cpu's idle task has held it since boot, the idle period under way included. */
u64 cpu_idle_time_ns(unsigned int cpu);

#endif
