/* /proc/stat (Linux's fs/proc/stat.c): time by kind for all CPUs and each, then interrupts,
 * context switches, forks, runnable tasks and softirqs. top reads its %Cpu(s) from here. */
#include <linux/kernel.h>
#include <linux/cpu_stats.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/time.h>
#include <asm/hardirq.h>
#include "../../sched/sched.h"
#include "internal.h"

/*
 * Linux's get_idle_time(): the measured idle time where there is one (Linux's NO_HZ
 * get_cpu_idle_time_us()), here always: cpu_idle_time_ns() times the idle task exactly,
 * where the tick's count of idle ticks would miss what a busy host stole.
 */
static u64 get_idle_time(unsigned int cpu)
{
	return cpu_idle_time_ns(cpu);
}

/* Linux's column order, which is not the enum's. */
static const enum cpu_usage_stat stat_order[] = {
	CPUTIME_USER, CPUTIME_NICE, CPUTIME_SYSTEM, CPUTIME_IDLE, CPUTIME_IOWAIT, CPUTIME_IRQ,
	CPUTIME_SOFTIRQ, CPUTIME_STEAL, CPUTIME_GUEST, CPUTIME_GUEST_NICE,
};

static void show_cpu_line(struct seq_file *p, const char *label, const u64 *t)
{
	seq_puts(p, label);
	for (size_t i = 0; i < ARRAY_SIZE(stat_order); i++)
		seq_printf(p, " %llu", nsec_to_clock_t(t[stat_order[i]]));
	seq_putc(p, '\n');
}

/* @cpu's times, idle measured. */
static void cpu_times(unsigned int cpu, u64 *t)
{
	for (int i = 0; i < NR_STATS; i++)
		t[i] = READ_ONCE(kcpustat_cpu(cpu).cpustat[i]);
	t[CPUTIME_IDLE] = get_idle_time(cpu);
}

static int show_stat(struct seq_file *p, void *v)
{
	unsigned long long ctxt = 0, irqs = 0, softirqs = 0;
	u64 sum[NR_STATS] = { 0 }, t[NR_STATS];
	unsigned int i, j;
	char label[16];

	for_each_possible_cpu(i) {
		cpu_times(i, t);
		for (j = 0; j < NR_STATS; j++)
			sum[j] += t[j];
		ctxt += READ_ONCE(cpu_rq(i)->nr_switches);
		irqs += READ_ONCE(per_cpu(irq_stat, i).irq_total);
		for (j = 0; j < NR_SOFTIRQS; j++)
			softirqs += kstat_softirqs_cpu(j, i);
	}
	/* Linux's "cpu " has two blanks: the label is padded to the width of "cpuN". */
	show_cpu_line(p, "cpu ", sum);
	for_each_online_cpu(i) {
		snprintf(label, sizeof(label), "cpu%u", i);
		cpu_times(i, t);
		show_cpu_line(p, label, t);
	}
	/* Linux then lists each IRQ number's count; Spindle's counts are per vector. */
	seq_printf(p, "intr %llu\n", irqs);
	seq_printf(p, "ctxt %llu\n", ctxt);
	/* The boot time in seconds since 1970: CLOCK_REALTIME less the time since boot. */
	seq_printf(p, "btime %llu\n",
		   (unsigned long long)((ktime_get_real_ns() - ktime_get_ns()) / NSEC_PER_SEC));
	seq_printf(p, "processes %lu\n", READ_ONCE(total_forks));
	seq_printf(p, "procs_running %u\n", nr_running());
	/* Linux counts tasks in I/O wait here; nothing waits for I/O in Spindle. */
	seq_puts(p, "procs_blocked 0\n");
	seq_printf(p, "softirq %llu", softirqs);
	for (i = 0; i < NR_SOFTIRQS; i++) {
		unsigned long long n = 0;

		for_each_possible_cpu(j)
			n += kstat_softirqs_cpu(i, j);
		seq_printf(p, " %llu", n);
	}
	seq_putc(p, '\n');
	return 0;
}

/**
 * proc_stat_init - make /proc/stat
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_stat_init(void)
{
	proc_create_single("stat", 0444, NULL, show_stat);
}
