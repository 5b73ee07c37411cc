/* The idle class and the idle loop (Linux's kernel/sched/idle.c): each CPU's swapper/N runs when
 * no other task can, halting the CPU with its tick stopped until the next interrupt. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpu.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include "sched.h"

/*
 * The idle loop. The need_resched() test and the halt must be atomic with respect to
 * interrupts, or a wake-up arriving between them would be slept through until the next tick:
 * "sti; hlt" enables interrupts only after the hlt has begun, so a pending one wakes it. Each
 * pass stops the tick until the next timer (or moves its event, after an interrupt queued a
 * timer here); leaving the loop to run a task starts it again (Linux's do_idle()).
 * Linux 6.1: halts through cpuidle or arch_cpu_idle() (on x86 the same "sti; hlt") and can
 * poll instead; Spindle has no cpuidle drivers and always halts.
 */
static void do_idle(void)
{
	tick_nohz_idle_enter();
	while (!need_resched()) {
		local_irq_disable();
		/* Taken down: its last task has left (Linux's do_idle()); play dead for good. Its
		 * tick was shut down by tick_cpu_dying(). */
		if (!cpu_online(smp_processor_id())) {
			cpuhp_report_idle_dead();
			arch_cpu_idle_dead();
		}
		if (need_resched()) {
			local_irq_enable();
			break;
		}
		tick_nohz_idle_stop_tick();
		/*
		 * Linux's default_idle_call() tests again: stopping the tick may have woken a task
		 * here (a softirq's thread). Halting then would sleep through it, and no other CPU
		 * sends an IPI for a need_resched already set, so the CPU would wait for an
		 * interrupt a stopped tick may never bring.
		 */
		if (need_resched()) {
			local_irq_enable();
			break;
		}
		__asm__ __volatile__("sti; hlt" ::: "memory");
	}
	tick_nohz_idle_exit();
	schedule_idle();
}

/**
 * cpu_startup_entry - become this CPU's idle loop, for good
 *
 * As Linux, the idle task runs with preemption off: an interrupt must not switch away from it
 * in the middle of the loop, or a task would run with the tick stopped; the loop itself sees
 * need_resched() and leaves through tick_nohz_idle_exit() and schedule_idle().
 * Linux 6.1: takes the CPU's hotplug state and reports the CPU online itself; its idle task's
 * preempt count is set up beforehand, not here. Spindle's callers report it (smpboot.c).
 *
 * Context: the idle task, at the end of rest_init() on CPU 0 or of an AP's start, interrupts
 * on. Return: never.
 */
void __noreturn cpu_startup_entry(void)
{
	preempt_disable();
	for (;;)
		do_idle();
}

/*
 * check_preempt_curr() calls this only for a task of the idle class woken while the idle task
 * runs, which does not happen: idle tasks are never queued (enqueue_task_idle() warns). A task
 * of any other class preempts idle there, through sched_class_above(), without coming here.
 * Should it be called, the idle task is rescheduled unconditionally, as in Linux 6.1.
 */
static void check_preempt_curr_idle(struct rq *rq, struct task_struct *p, int flags)
{
	resched_curr(rq);
}

/*
 * Idle time is the time the idle task held the CPU.
 * Linux 6.1: does nothing here; idle time is counted tick by tick (account_idle_time()).
 * Spindle measures it at the switch, exact to the nanosecond.
 */
static void put_prev_task_idle(struct rq *rq, struct task_struct *prev)
{
	u64 delta = rq_clock(rq) - prev->se.exec_start;

	if ((s64)delta > 0)
		rq->idle_time += delta;
}

static struct task_struct *pick_next_task_idle(struct rq *rq)
{
	return rq->idle;
}

/*
 * The idle task is never queued: it is what runs when every queue is empty.
 * Linux 6.1: the idle class has no enqueue_task at all; Spindle warns rather than call NULL.
 */
static void enqueue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	WARN_ONCE(1, "idle task %s enqueued\n", p->comm);
}

static void dequeue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	WARN_ONCE(1, "idle task %s dequeued\n", p->comm);
}

/* No tick work, no yield, no priority changes: the idle task has none of these. */
DEFINE_SCHED_CLASS(idle) = {
	.enqueue_task		= enqueue_task_idle,
	.dequeue_task		= dequeue_task_idle,
	.check_preempt_curr	= check_preempt_curr_idle,
	.pick_next_task		= pick_next_task_idle,
	.put_prev_task		= put_prev_task_idle,
};
