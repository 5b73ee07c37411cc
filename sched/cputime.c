/* CPU time accounting by the tick (Linux's kernel/sched/cputime.c, tick-based, without
 * CONFIG_VIRT_CPU_ACCOUNTING or CONFIG_IRQ_TIME_ACCOUNTING): each tick charges one whole tick
 * to whatever it interrupted, the task's utime or stime and its CPU's cpustat by kind. */
#include <linux/kernel.h>
#include <linux/hardirq.h>
#include <linux/kernel_stat.h>
#include "sched.h"

DEFINE_PER_CPU(struct kernel_cpustat, kernel_cpustat);

/* Linux's account_user_time(): time in user mode, "nice" for a task with positive nice. */
static void account_user_time(struct task_struct *p, u64 cputime)
{
	p->utime += cputime;
	this_cpu_ptr(&kernel_cpustat)->cpustat[task_nice(p) > 0 ? CPUTIME_NICE : CPUTIME_USER] +=
		cputime;
}

/*
 * Linux's account_system_time(): time in the kernel, by what was running: an interrupt
 * handler (other than the tick's own, @hardirq_offset), a softirq, or the task itself. Kernel
 * threads spend all their time here: top shows them as sy, never ni, as on Linux.
 */
static void account_system_time(struct task_struct *p, int hardirq_offset, u64 cputime)
{
	enum cpu_usage_stat index;

	if (hardirq_count() - hardirq_offset)
		index = CPUTIME_IRQ;
	else if (in_serving_softirq())
		index = CPUTIME_SOFTIRQ;
	else
		index = CPUTIME_SYSTEM;
	p->stime += cputime;
	this_cpu_ptr(&kernel_cpustat)->cpustat[index] += cputime;
}

/**
 * account_process_tick - charge one tick to what the timer interrupt interrupted
 * @p: the task that was running (current)
 * @user_tick: the tick came from user mode
 *
 * The idle task's time is idle time unless the tick interrupted an interrupt handler or a
 * softirq running on top of it (Linux's irq_count() != HARDIRQ_OFFSET test).
 *
 * Context: the tick, hard interrupt, interrupts off. Return: nothing.
 */
void account_process_tick(struct task_struct *p, int user_tick)
{
	if (user_tick)
		account_user_time(p, TICK_NSEC);
	else if (p != this_rq()->idle || irq_count() != HARDIRQ_OFFSET)
		account_system_time(p, HARDIRQ_OFFSET, TICK_NSEC);
	else
		this_cpu_ptr(&kernel_cpustat)->cpustat[CPUTIME_IDLE] += TICK_NSEC;
}

/**
 * account_idle_ticks - charge the ticks an idle CPU skipped with its tick stopped
 * @ticks: jiffies it slept through
 *
 * /proc/stat reads the measured idle time (cpu_idle_time_ns()), not this count; it is kept so
 * the tick-charged times still sum to the time that passed, as in Linux.
 *
 * Context: tick_nohz_idle_exit(), interrupts off. Return: nothing.
 */
void account_idle_ticks(unsigned long ticks)
{
	this_cpu_ptr(&kernel_cpustat)->cpustat[CPUTIME_IDLE] += (u64)ticks * TICK_NSEC;
}
