/* Ending a task (Linux's kernel/exit.c): do_exit() gives up what the task holds, hands its
 * children to a reaper and tells whoever waits (kthread_stop, or a parent in wait4()); its
 * stack and task_struct are freed by the next task, after the final switch away from it,
 * because until then the CPU runs on them. A user process stays a zombie until wait4(). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/time.h>
#include <asm/fpu.h>
#include <asm/mmu_context.h>
#include <trace/events/sched.h>

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WCONTINUED	0x00000008
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* wait4() sleeps here until a child exits. Linux 6.1 has one queue per process
 * (signal->wait_chldexit); one for all is simpler, and each waiter checks its own children. */
/* Its lock is the wait queue's own (taken with interrupts saved by wake_up() and the waiters). */
static DECLARE_WAIT_QUEUE_HEAD(wait_chldexit);

/*
 * A process whose parent reaps it with wait4(): one forked by a user process (it has an exit
 * signal) whose parent is not a kernel thread. Kernel threads, and programs the kernel starts
 * (kernel_init, call_usermodehelper()), are reaped at once, as Linux's kthreadd and its
 * children ignore SIGCHLD; whoever waits for those uses vfork_done.
 */
static bool exits_as_zombie(const struct task_struct *tsk, const struct task_struct *parent)
{
	return tsk->exit_signal && !(parent->flags & PF_KTHREAD) && parent->pid > 0;
}

/*
 * Linux's release_task(): a reaped zombie leaves its parent's list and gives back its PID and
 * the reference it held for the parent. Under nothing; the task must already be off the
 * parent's children list (the waiter took it off under tasklist_lock).
 */
static void release_task(struct task_struct *p)
{
	free_pid(p->pid);
	WRITE_ONCE(p->exit_state, EXIT_DEAD);
	put_task_struct(p);
}

/* Who adopts the children of an exiting task: kernel_init (PID 1) once it exists, as in Linux. */
struct task_struct *child_reaper = &init_task;

/*
 * Hand the children to the reaper and leave the parent's list, or, for a user process whose
 * parent will wait4() for it, stay on it as a zombie. The task stays on the task list, shown
 * as X (or Z) by ps, until its last reference goes (__put_task_struct). Zombie children
 * handed to a reaper that never waits (a kernel thread, before /init runs) are reaped here.
 * Returns true if the task became a zombie.
 */
static bool exit_notify(struct task_struct *tsk, struct task_struct *reaper)
{
	struct task_struct *child, *tmp;
	LIST_HEAD(orphans);
	unsigned long flags;
	bool zombie, wake = false, reaper_waits = !(reaper->flags & PF_KTHREAD) && reaper->pid > 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry_safe(child, tmp, &tsk->children, sibling) {
		child->real_parent = reaper;
		if (child->exit_state == EXIT_ZOMBIE && !reaper_waits) {
			list_move_tail(&child->sibling, &orphans);
		} else {
			list_move_tail(&child->sibling, &reaper->children);
			wake |= child->exit_state == EXIT_ZOMBIE;
		}
	}
	zombie = exits_as_zombie(tsk, tsk->real_parent);
	if (zombie) {
		get_task_struct(tsk);	/* the parent's, until wait4() */
		WRITE_ONCE(tsk->exit_state, EXIT_ZOMBIE);
	} else {
		list_del_init(&tsk->sibling);
		WRITE_ONCE(tsk->exit_state, EXIT_DEAD);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	list_for_each_entry_safe(child, tmp, &orphans, sibling) {
		list_del_init(&child->sibling);
		release_task(child);
	}
	/* A parent (or the reaper) has a zombie to reap now: Linux's __wake_up_parent(). */
	if (zombie || wake)
		wake_up(&wait_chldexit);
	return zombie;
}

/*
 * Give up the address space. A kernel thread that borrowed one with kthread_use_mm() gives it
 * back; a user process keeps running on it, now lazily (as active_mm, held by mmgrab() until
 * the switch away, as Linux's exit_mm()), and drops its use, which frees the memory if it was
 * the last.
 */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	if (tsk->flags & PF_KTHREAD) {
		kthread_unuse_mm(mm);
		return;
	}
	mmgrab(mm);
	spin_lock_irq(&tsk->pi_lock);
	WARN_ON_ONCE(tsk->active_mm != mm);
	tsk->mm = NULL;
	enter_lazy_tlb(mm, tsk);
	spin_unlock_irq(&tsk->pi_lock);
	mmput(mm);
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
 * Linux 6.1 also gives up signals, namespaces and the rest a task holds.
 *
 * Context: process context, the task itself; never from an interrupt.
 * Return: never.
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
	/* Linux's mm_release(): a thread library waits on this word (futex) for the exit. */
	if (tsk->clear_child_tid && tsk->mm)
		put_user(0, tsk->clear_child_tid);
	if (tsk->mm && !(tsk->flags & PF_KTHREAD))
		fpu_drop(tsk);
	exit_mm(tsk);
	exit_files(tsk);
	if (child_reaper == tsk)
		panic("Attempted to kill init! exitcode=0x%08lx", code);
	trace_sched_process_exit(tsk);
	/* A zombie keeps its PID until its parent reaps it. */
	if (!exit_notify(tsk, child_reaper))
		free_pid(tsk->pid);
	/* Linux's complete_vfork_done(): for a kthread, kthread_stop() is waiting on this. */
	if (tsk->vfork_done)
		complete(tsk->vfork_done);
	do_task_dead();
}

/*
 * One look at the caller's children for one that @pid selects (> 0: that child; -1, 0 or
 * < -1: any, as Spindle has no process groups). A zombie found is taken off the list (under
 * tasklist_lock) and returned through @zombie. Returns its PID, 0 when matching children run
 * on, -ECHILD when none matches.
 */
static int wait_scan_children(int pid, struct task_struct **zombie)
{
	struct task_struct *p;
	unsigned long flags;
	int ret = -ECHILD;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &current->children, sibling) {
		if (pid > 0 && p->pid != pid)
			continue;
		ret = 0;
		if (READ_ONCE(p->exit_state) == EXIT_ZOMBIE) {
			list_del_init(&p->sibling);
			*zombie = p;
			ret = p->pid;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* struct rusage, as wait4() fills it: the times, and zero for what Spindle does not count. */
struct rusage {
	long ru_utime[2];
	long ru_stime[2];
	long ru_rest[14];
};

static void ns_to_timeval(u64 ns, long tv[2])
{
	tv[0] = ns / NSEC_PER_SEC;
	tv[1] = (ns % NSEC_PER_SEC) / NSEC_PER_USEC;
}

/**
 * kernel_wait4 - wait for a child of the current task to exit, and reap it
 * @pid: which child (> 0), or any (-1; also 0 and < -1, as there are no process groups)
 * @stat_addr: where the status goes (user memory; may be NULL)
 * @options: WNOHANG to return 0 at once if no child has exited
 * @ru: where its resource usage goes (user memory; may be NULL)
 *
 * Linux 6.1: @ru is a kernel struct rusage that the syscall copies out; the PID and options select
 * by process group, thread group and stop state too.
 *
 * Context: process context; sleeps interruptibly.
 * Return: the reaped child's PID, 0 (WNOHANG and nothing yet), -ECHILD (no such child),
 * -ERESTARTSYS (a signal or the freezer woke it: the call is restarted), or -EFAULT (bad pointers:
 * the child is reaped all the same, as in Linux).
 */
long kernel_wait4(int pid, int __user *stat_addr, int options, void __user *ru)
{
	struct task_struct *zombie = NULL;
	struct rusage r = { 0 };
	long ret;
	int status;

	ret = wait_scan_children(pid, &zombie);
	if (!ret && !(options & WNOHANG) &&
	    wait_event_interruptible(wait_chldexit, (ret = wait_scan_children(pid, &zombie))))
		return -ERESTARTSYS;
	if (!zombie)
		return ret;
	status = zombie->exit_code;
	ns_to_timeval(zombie->utime, r.ru_utime);
	ns_to_timeval(zombie->stime, r.ru_stime);
	release_task(zombie);
	if (stat_addr && put_user(status, stat_addr))
		return -EFAULT;
	if (ru && copy_to_user(ru, &r, sizeof(r)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE4(wait4, int, upid, int __user *, stat_addr, int, options, void __user *, ru)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	/* -INT_MIN would overflow: Linux refuses it. */
	if (upid == -2147483647 - 1)
		return -ESRCH;
	return kernel_wait4(upid, stat_addr, options, ru);
}

/* The exit status as wait4() reports a normal exit: the low byte of @error_code, shifted. */
SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/* Spindle's processes have one thread each, so ending the group is ending the task. */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}
