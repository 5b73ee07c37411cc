/* show_cpu_stats(): what each online CPU has done since boot, as a table with one column per CPU
 * (like /proc/interrupts and /proc/softirqs side by side): switches, interrupts, IPIs, the ticks
 * an idle CPU skipped with its tick stopped, softirqs, CR3 writes and what lazy TLB saved, and
 * idle time. */
#include <linux/kernel.h>
#include <linux/cpu_stats.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <linux/time.h>
#include <asm/hardirq.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include "../sched/sched.h"

#define LABEL_WIDTH	22
#define COLUMN_WIDTH	12
#define LINE_LEN	(LABEL_WIDTH + COLUMN_WIDTH * NR_CPUS + 2)

/* One counter per CPU, read without locks: each value is a single word its CPU updates. */
typedef unsigned long long (*cpu_stat_fn)(unsigned int cpu, unsigned int arg);

static unsigned long long stat_switches(unsigned int cpu, unsigned int arg)
{
	return READ_ONCE(cpu_rq(cpu)->nr_switches);
}

/**
 * cpu_idle_time_ns - the time a CPU's idle task has held it since boot
 * @cpu: the CPU
 *
 * rq->idle_time grows only when the idle task is switched out, so an AP idle since boot would
 * show 0: add the period under way, which began at the idle task's se.exec_start (stamped when
 * it is switched to, and by start_secondary() when its CPU comes online). Under the rq lock so
 * curr, exec_start and idle_time are one snapshot. An offline CPU has no period under way: its
 * idle task has halted, and the time it spends offline is not idle time. O(1).
 *
 * Linux 6.1 has no such function: /proc/stat reads get_cpu_idle_time_us(), NO_HZ's idle
 * sleep time, or the tick-sampled idle cputime without NO_HZ.
 *
 * Context: any that does not hold @cpu's rq lock; takes it with interrupts saved.
 * Return: nanoseconds of idle time, the idle period under way included.
 */
u64 cpu_idle_time_ns(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;
	u64 idle;

	spin_lock_irqsave(&rq->lock, flags);
	idle = rq->idle_time;
	if (rq->curr == rq->idle && cpu_online(cpu)) {
		s64 delta = (s64)(sched_clock() - rq->idle->se.exec_start);

		if (delta > 0)
			idle += delta;
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	return idle;
}

static unsigned long long stat_idle_ms(unsigned int cpu, unsigned int arg)
{
	return cpu_idle_time_ns(cpu) / NSEC_PER_MSEC;
}

static unsigned long long stat_idle_jiffies(unsigned int cpu, unsigned int arg)
{
	return tick_nohz_idle_jiffies(cpu);
}

static unsigned long long stat_cr3(unsigned int cpu, unsigned int arg)
{
	return READ_ONCE(per_cpu(nr_cr3_writes, cpu));
}

/* arg: the offset of a struct tlb_stats member (arch/x86/tlb.c's lazy-TLB counters). */
static unsigned long long stat_tlb(unsigned int cpu, unsigned int offset)
{
	return READ_ONCE(*(unsigned long *)((char *)&per_cpu(tlb_stats, cpu) + offset));
}

static unsigned long long stat_softirq(unsigned int cpu, unsigned int nr)
{
	return kstat_softirqs_cpu(nr, cpu);
}

/* arg: the offset of an irq_cpustat_t member. */
static unsigned long long stat_irq(unsigned int cpu, unsigned int offset)
{
	return READ_ONCE(*(unsigned long *)((char *)&per_cpu(irq_stat, cpu) + offset));
}

/* Each line is built whole and printed with one printk, so another CPU's output cannot split
 * it. O(online CPUs). */
static void print_row(const char *label, cpu_stat_fn fn, unsigned int arg)
{
	char line[LINE_LEN];
	unsigned int cpu;
	int n;

	n = snprintf(line, sizeof(line), "%-*s", LABEL_WIDTH, label);
	for_each_online_cpu(cpu)
		n += snprintf(line + n, sizeof(line) - n, "%*llu", COLUMN_WIDTH, fn(cpu, arg));
	pr_info("%s\n", line);
}

#define IRQ_ROW(label, member)	\
	print_row(label, stat_irq, offsetof(irq_cpustat_t, member))

#define TLB_ROW(label, member)	\
	print_row(label, stat_tlb, offsetof(struct tlb_stats, member))

/**
 * show_cpu_stats - print what each online CPU has done since boot
 *
 * One row per counter, one column per online CPU, printed at KERN_INFO, each row with one
 * printk. The counters are read without locks, so the table is not one snapshot: each value is
 * a word its own CPU updates, read once. A Spindle diagnostic; Linux 6.1 shows these counts
 * in /proc/interrupts, /proc/softirqs and /proc/stat.
 *
 * Context: process context (the shell, a test); takes each CPU's rq lock in turn for its idle
 * time. Return: nothing.
 */
void show_cpu_stats(void)
{
	char line[LINE_LEN], name[COLUMN_WIDTH + 1], label[LABEL_WIDTH + 1];
	unsigned int cpu;
	int n;

	n = snprintf(line, sizeof(line), "%-*s", LABEL_WIDTH, "cpu stats:");
	for_each_online_cpu(cpu) {
		snprintf(name, sizeof(name), "CPU%u", cpu);
		n += snprintf(line + n, sizeof(line) - n, "%*s", COLUMN_WIDTH, name);
	}
	pr_info("%s\n", line);
	print_row("context switches", stat_switches, 0);
	IRQ_ROW("interrupts", irq_total);
	IRQ_ROW("  local timer", apic_timer_irqs);
	print_row("  ticks skipped idle", stat_idle_jiffies, 0);
	IRQ_ROW("  device", irq_device_count);
	IRQ_ROW("  IPI reschedule", irq_resched_count);
	IRQ_ROW("  IPI function call", irq_call_count);
	IRQ_ROW("  IPI TLB shootdown", irq_tlb_count);
	IRQ_ROW("  NMI stop", irq_stop_count);
	IRQ_ROW("  spurious", irq_spurious_count);
	for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++) {
		snprintf(label, sizeof(label), "softirq %s", softirq_to_name[nr]);
		print_row(label, stat_softirq, nr);
	}
	print_row("CR3 writes", stat_cr3, 0);
	TLB_ROW("  switch kept mm", mm_kept);
	TLB_ROW("  kthread borrowed mm", lazy_borrow);
	TLB_ROW("  lazy TLB entered", lazy_enter);
	TLB_ROW("  flush IPIs sent", ipi_sent);
	TLB_ROW("  IPIs skipped, lazy", ipi_skipped_lazy);
	TLB_ROW("  deferred flushes", deferred_flush);
	print_row("idle ms", stat_idle_ms, 0);
}
