/* Signals, only as far as kernel threads use them: a thread ignores every signal unless it opted
 * in with allow_signal(); a delivered signal ends its interruptible sleeps (-ERESTARTSYS, -EINTR)
 * and, for SIGKILL, its killable ones. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

void allow_signal(int sig)
{
	current->allowed_signals |= 1UL << sig;
}

void flush_signals(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	p->signal = 0;
	clear_tsk_thread_flag(p, TIF_SIGPENDING);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* Returns 0, or -EINVAL for a signal number out of range. An ignored signal is dropped. */
int send_sig(int sig, struct task_struct *p, int priv)
{
	unsigned long flags;
	bool deliver;

	if (sig <= 0 || sig >= BITS_PER_LONG || !p)
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	deliver = p->allowed_signals & (1UL << sig);
	if (deliver) {
		p->signal |= 1UL << sig;
		set_tsk_thread_flag(p, TIF_SIGPENDING);
	}
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (deliver)
		wake_up_state(p, sig == SIGKILL ? TASK_INTERRUPTIBLE | TASK_WAKEKILL :
						  TASK_INTERRUPTIBLE);
	return 0;
}

/**
 * force_sig - send @sig to the current task, which may not ignore or block it
 * @sig: the signal number
 *
 * Context: any context of the current task (a trap handler, process context). Return: nothing.
 */
void force_sig(int sig)
{
	struct task_struct *p = current;
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	p->signal |= 1UL << sig;
	set_tsk_thread_flag(p, TIF_SIGPENDING);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}
