/* /proc/uptime (Linux's fs/proc/uptime.c): seconds since boot, and the idle time of all CPUs
 * added up (so it can exceed the first on SMP). */
#include <linux/kernel.h>
#include <linux/cpu_stats.h>
#include <linux/cpumask.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/time.h>
#include "internal.h"

static int uptime_proc_show(struct seq_file *m, void *v)
{
	unsigned long long uptime = sched_clock(), idle = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		idle += cpu_idle_time_ns(cpu);
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", uptime / NSEC_PER_SEC,
		   uptime % NSEC_PER_SEC / (NSEC_PER_SEC / 100), idle / NSEC_PER_SEC,
		   idle % NSEC_PER_SEC / (NSEC_PER_SEC / 100));
	return 0;
}

/**
 * proc_uptime_init - make /proc/uptime
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_uptime_init(void)
{
	proc_create_single("uptime", 0444, NULL, uptime_proc_show);
}
