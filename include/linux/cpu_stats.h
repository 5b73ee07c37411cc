/* show_cpu_stats(): the per-CPU counters as one table (kernel/cpu_stats.c), for the shell. */
#ifndef _LINUX_CPU_STATS_H
#define _LINUX_CPU_STATS_H

/* One row per counter, one column per online CPU, printed at KERN_INFO. */
void show_cpu_stats(void);

#endif
