/* Per-CPU time by kind (Linux's include/linux/kernel_stat.h), charged by the tick
 * (sched/cputime.c) and read by /proc/stat, /proc/uptime and top. */
#ifndef _LINUX_KERNEL_STAT_H
#define _LINUX_KERNEL_STAT_H

#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct task_struct;

enum cpu_usage_stat {
	CPUTIME_USER,
	CPUTIME_NICE,
	CPUTIME_SYSTEM,
	CPUTIME_SOFTIRQ,
	CPUTIME_IRQ,
	CPUTIME_IDLE,
	CPUTIME_IOWAIT,
	CPUTIME_STEAL,
	CPUTIME_GUEST,
	CPUTIME_GUEST_NICE,
	NR_STATS,
};

/* Nanoseconds by kind; each CPU adds to its own from its tick, others read without locks. */
struct kernel_cpustat {
	u64 cpustat[NR_STATS];
};

DECLARE_PER_CPU(struct kernel_cpustat, kernel_cpustat);

#define kcpustat_cpu(cpu)	per_cpu(kernel_cpustat, cpu)

void account_process_tick(struct task_struct *p, int user_tick);
/* Ticks an idle CPU let pass with its tick stopped, charged as idle when it restarts. */
void account_idle_ticks(unsigned long ticks);

/*
 * Each CPU's count of the softirqs it ran, by kind: __do_softirq() adds to its own CPU's,
 * /proc/softirqs reads them all without locks. Linux's struct kernel_stat, the part Spindle
 * keeps; defined in kernel/softirq.c, beside its one writer.
 * Linux 6.1: also sums the interrupts here (irqs_sum); Spindle counts them per line instead.
 */
struct kernel_stat {
	unsigned int softirqs[NR_SOFTIRQS];
};

DECLARE_PER_CPU(struct kernel_stat, kstat);

/* How many times softirq @irq has run on @cpu: a snapshot (/proc/softirqs). */
static inline unsigned int kstat_softirqs_cpu(unsigned int irq, int cpu)
{
	return READ_ONCE(per_cpu(kstat, cpu).softirqs[irq]);
}

/* Interrupts IRQ line @irq brought to @cpu (kernel/irq/irqdesc.c), /proc/interrupts' columns. */
unsigned int kstat_irqs_cpu(unsigned int irq, int cpu);

/* Linux's TICK_NSEC: one tick at HZ, in nanoseconds. */
#define TICK_NSEC		(1000000000UL / HZ)
/* Linux's USER_HZ: /proc/stat and /proc/PID/stat count time in hundredths of a second. */
#define USER_HZ			100
#define nsec_to_clock_t(ns)	((unsigned long long)(ns) / (1000000000ULL / USER_HZ))

#endif
