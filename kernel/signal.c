/* Signals (Linux's kernel/signal.c), as far as Spindle has them: a kernel thread ignores every
 * signal unless it opted in with allow_signal(); a user process has no handlers, so every
 * signal it gets takes its default action: most end it, SIGCHLD and the other "ignore" ones
 * are dropped. A delivered signal ends interruptible sleeps (-ERESTARTSYS, -EINTR) and, for
 * SIGKILL, killable ones; a user process then dies on its way back to user mode. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/freezer.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/syscalls.h>
#include <asm/syscall.h>

#define SIGURG		23
#define SIGWINCH	28
#define SIGCONT		18
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22

#define __NR_restart_syscall	219

/**
 * allow_signal - let the current kernel thread receive @sig
 * @sig: the signal number, 1 to BITS_PER_LONG - 1
 *
 * A kernel thread ignores every signal it did not allow; an allowed one is queued and wakes
 * its interruptible sleeps, and the thread reads it with signal_pending().
 *
 * Linux 6.1 installs a kernel handler for @sig (kernel_sigaction()); Spindle sets a bit in
 * current->allowed_signals, without a lock, since only current writes it.
 *
 * Context: process context, the kernel thread itself. Return: nothing.
 */
void allow_signal(int sig)
{
	current->allowed_signals |= 1UL << sig;
}

/**
 * flush_signals - discard every pending signal of @p
 * @p: the task
 *
 * Clears the pending set and TIF_SIGPENDING, as a kernel thread does after handling the
 * signals it allowed. Linux 6.1 does this under @p's siglock; Spindle's pending set is guarded
 * by @p->pi_lock.
 *
 * Context: any; takes @p->pi_lock with interrupts saved. Return: nothing.
 */
void flush_signals(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	p->signal = 0;
	clear_tsk_thread_flag(p, TIF_SIGPENDING);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* A task that runs, or will run, a user program (not a kernel thread). */
static bool is_user_process(const struct task_struct *p)
{
	return !(p->flags & PF_KTHREAD) && p->mm;
}

/* Linux's sig_kernel_ignore(): signals whose default action is to do nothing. */
static bool sig_default_ignore(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* Linux's sig_kernel_stop(): stop signals. Spindle has no job control (no stopped state),
 * so they are refused rather than silently ignored. */
static bool sig_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/**
 * send_sig - send signal @sig to task @p
 * @sig: the signal number, 1 to BITS_PER_LONG - 1
 * @p: the task
 * @priv: whether the sender is the kernel; ignored (Spindle checks no permissions)
 *
 * A user process gets every signal whose default action is not to ignore it, unless it is
 * exiting; a kernel thread only the signals it allowed. An ignored signal is dropped. A
 * delivered one wakes @p from an interruptible sleep (a killable one too for SIGKILL, and
 * always for a user process), and a user process running on another CPU is kicked so it
 * acts on it on its way back to user mode.
 *
 * Linux 6.1: signal 0 is valid there (a permission probe) and signals are queued with their
 * info; here 0 is -EINVAL and the pending set is one bit per signal.
 *
 * Context: any; takes @p->pi_lock with interrupts saved, then wakes @p.
 * Return: 0, or -EINVAL for a signal number out of range or a NULL @p.
 */
int send_sig(int sig, struct task_struct *p, int priv)
{
	unsigned long flags;
	bool deliver;

	if (sig <= 0 || sig >= BITS_PER_LONG || !p)
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	if (is_user_process(p))
		deliver = !sig_default_ignore(sig) && !(p->exit_state || (p->flags & PF_EXITING));
	else
		deliver = p->allowed_signals & (1UL << sig);
	if (deliver) {
		p->signal |= 1UL << sig;
		set_tsk_thread_flag(p, TIF_SIGPENDING);
	}
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (deliver) {
		wake_up_state(p, sig == SIGKILL || is_user_process(p) ?
				 TASK_INTERRUPTIBLE | TASK_WAKEKILL : TASK_INTERRUPTIBLE);
		/* Running in user mode elsewhere: it sees the signal on its next way back. */
		if (is_user_process(p))
			kick_process(p);
	}
	return 0;
}

/**
 * force_sig - send @sig to the current task, which may not ignore or block it
 * @sig: the signal number (SIGSEGV for a fault, SIGILL, SIGFPE, SIGTRAP, ...)
 *
 * Linux's force_sig() also unblocks and resets the handler; Spindle's user processes have
 * neither, so this is a delivery that cannot be refused.
 *
 * Context: any context of the current task (a trap handler, process context). Return:
 * nothing.
 */
void force_sig(int sig)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	spin_lock_irqsave(&tsk->pi_lock, flags);
	tsk->signal |= 1UL << sig;
	set_tsk_thread_flag(tsk, TIF_SIGPENDING);
	spin_unlock_irqrestore(&tsk->pi_lock, flags);
}

/**
 * arch_do_signal_or_restart - act on the current task's pending signals
 * @regs: its user registers
 *
 * With no handlers to run, the lowest pending signal's default action is taken: the process
 * ends, and its parent's wait4() sees it killed by that signal. A kernel thread's pending
 * signals are left for it to read (kthread_should_stop-style code checks signal_pending()).
 *
 * Context: the exit to user mode, interrupts on. Return: nothing, or never.
 */
void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct task_struct *tsk = current;
	unsigned long pending, flags;

	/* Linux's get_signal() starts here: a freeze request came as a fake signal. */
	try_to_freeze();
	spin_lock_irqsave(&tsk->pi_lock, flags);
	pending = tsk->signal;
	if (!pending)
		clear_tsk_thread_flag(tsk, TIF_SIGPENDING);
	spin_unlock_irqrestore(&tsk->pi_lock, flags);
	if (pending && is_user_process(tsk))
		do_exit(__builtin_ctzl(pending));
	/*
	 * No signal to act on (a freeze, or one a kernel thread keeps): a system call that a
	 * wake-up interrupted runs again, as Linux does when no handler runs: back up over the
	 * two-byte syscall instruction; a sleep restarts through restart_syscall() with the time
	 * it had left.
	 */
	if (!user_mode(regs) || (long)regs->orig_ax < 0)
		return;
	switch (regs->ax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		regs->ax = regs->orig_ax;
		regs->ip -= 2;
		break;
	case -ERESTART_RESTARTBLOCK:
		regs->ax = __NR_restart_syscall;
		regs->ip -= 2;
		break;
	}
}

/* restart_syscall(): go on with what restart_block says (a sleep's remaining time). */
SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *restart = &current->restart_block;

	return restart->fn ? restart->fn(restart) : -EINTR;
}

/*
 * kill(2): pid > 0 is one process, -1 every process but init and the caller. Spindle has no
 * process groups, so pid 0 and pid < -1 (a group) are refused with -EINVAL; nor stop signals
 * (no job control). Signals to init (PID 1) from user space are dropped, as Linux's
 * SIGNAL_UNKILLABLE does for an init without handlers.
 */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct task_struct *p;
	unsigned long flags;
	int count = 0;

	if (sig < 0 || sig >= 65)
		return -EINVAL;
	if (sig >= BITS_PER_LONG || sig_stop(sig))
		return -EINVAL;
	if (pid > 0) {
		p = find_task_by_pid(pid);
		if (!p || p->exit_state)
			goto srch;
		if (sig && p != child_reaper)
			send_sig(sig, p, 0);
		put_task_struct(p);
		return 0;
	}
	if (pid != -1)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p == current || p == child_reaper || p->pid <= 1 || !is_user_process(p) ||
		    p->exit_state)
			continue;
		if (sig)
			send_sig(sig, p, 0);
		count++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return count ? 0 : -ESRCH;
srch:
	if (p)
		put_task_struct(p);
	return -ESRCH;
}
