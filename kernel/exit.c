/* Ending a task: do_exit() gives up what the task holds, hands its children to a reaper and
 * tells whoever waits (kthread_stop); its stack and task_struct are freed by the next task,
 * after the final switch away from it, because until then the CPU runs on them. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <trace/events/sched.h>

/* Who adopts the children of an exiting task: kernel_init (PID 1) once it exists, as in Linux. */
struct task_struct *child_reaper = &init_task;

/*
 * Hand the children to the reaper and leave the parent's list. The task stays on the task
 * list, shown as X by ps, until its last reference goes (__put_task_struct), like a zombie.
 */
static void exit_notify(struct task_struct *tsk, struct task_struct *reaper)
{
	struct task_struct *child, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry_safe(child, tmp, &tsk->children, sibling) {
		child->real_parent = reaper;
		list_move_tail(&child->sibling, &reaper->children);
	}
	list_del_init(&tsk->sibling);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	/* Back to init_mm, dropping the thread's use of mm, so the last user can free it. */
	kthread_unuse_mm(mm);
}

/**
 * do_exit - end the current task with @code
 * @code: its exit code (a kthread's return value reaches kthread_stop() through it)
 *
 * Leaves its mm, hands its children to the reaper, frees its PID, completes vfork_done (what
 * kthread_stop() waits on) and switches away for the last time; the task_struct and stack are
 * freed once that switch is over. A WARN for an exit with preemption or interrupts off, the
 * lock validator's report for one with locks held.
 *
 * Context: process context, the task itself; never from an interrupt. Return: never.
 */
__noreturn void do_exit(long code)
{
	struct task_struct *tsk = current;

	if (WARN(in_interrupt(), "do_exit() called in interrupt context\n"))
		halt_forever();
	if (unlikely(tsk->flags & PF_EXITING)) {
		pr_emerg("Recursive do_exit() in %s/%d; stopping this CPU\n", tsk->comm, tsk->pid);
		halt_forever();
	}
	if (WARN(preempt_count() || irqs_disabled(),
		 "note: %s[%d] exited with preempt_count %d%s\n", tsk->comm, tsk->pid,
		 preempt_count(), irqs_disabled() ? " and interrupts off" : "")) {
		while (preempt_count())
			preempt_count_dec();
		local_irq_enable();
	}
	/* Linux's lockdep check: a lock held by a task that is gone can never be released. */
	debug_check_no_locks_held();
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	exit_mm(tsk);
	exit_notify(tsk, child_reaper == tsk ? &init_task : child_reaper);
	trace_sched_process_exit(tsk);
	free_pid(tsk->pid);
	/* Linux's complete_vfork_done(): for a kthread, kthread_stop() is waiting on this. */
	if (tsk->vfork_done)
		complete(tsk->vfork_done);
	do_task_dead();
}
