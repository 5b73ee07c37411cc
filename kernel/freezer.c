/* The freezer (Linux 6.1's kernel/freezer.c): a task is frozen in TASK_FROZEN, either where it
 * sleeps, if that sleep is TASK_FREEZABLE (freeze_task() rewrites its state without waking it),
 * or in the refrigerator, __refrigerator(), which try_to_freeze() enters. Thawing wakes every
 * TASK_FROZEN task; the sleepers go round their wait loops again. kernel/power/process.c
 * decides when, and whom. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

/* Raised by freeze_processes() and lowered by thaw_processes(), under system_transition_mutex. */
unsigned int freezer_active;

/* Whether PM freezing is in effect: written under system_transition_mutex, read anywhere. */
bool pm_freezing;
bool pm_nosig_freezing;

/*
 * Protects the freezing and frozen transitions: a task's test of freezing() in the refrigerator
 * against freeze_task() and __thaw_task(), and set_freezable()'s change of PF_NOFREEZE. Taken
 * with interrupts off: freeze_task() is called under tasklist_lock, which is. Never taken from
 * a hard interrupt; the holder never sleeps (wake-ups under it are fine, schedule() is not).
 */
static DEFINE_SPINLOCK(freezer_lock);

/**
 * freezing_slow_path - does a freeze in effect cover @p?
 * @p: the task
 *
 * freezing() calls it once freezer_active is set. A task with PF_NOFREEZE (every kernel thread
 * until set_freezable()) or PF_SUSPEND_TASK (the one freezing the others) is never covered;
 * freeze_processes() covers the tasks that are not kernel threads, freeze_kernel_threads()
 * the rest. Linux 6.1: also spares an OOM victim and asks the cgroup freezer (none here).
 *
 * Context: any.
 * Return: true if @p should freeze.
 */
bool freezing_slow_path(struct task_struct *p)
{
	if (p->flags & (PF_NOFREEZE | PF_SUSPEND_TASK))
		return false;

	if (pm_nosig_freezing)
		return true;

	if (pm_freezing && !(p->flags & PF_KTHREAD))
		return true;

	return false;
}

/**
 * frozen - is @p frozen?
 * @p: the task
 *
 * Context: any; the answer is a snapshot.
 * Return: true while @p is in TASK_FROZEN.
 */
bool frozen(struct task_struct *p)
{
	return READ_ONCE(p->__state) & TASK_FROZEN;
}

/**
 * __refrigerator - stay in TASK_FROZEN for as long as a freeze covers current
 * @check_kthr_stop: a kernel thread asked to stop leaves (or never enters) the refrigerator
 *
 * The state is set before freezing() is tested under freezer_lock, so a thaw that comes
 * between the test and schedule() finds the task TASK_FROZEN and wakes it: no thaw is lost.
 * A wake-up of any other kind does not end TASK_FROZEN; only __thaw_task()'s does.
 *
 * Context: process context; sleeps.
 * Return: true if current was frozen.
 */
bool __refrigerator(bool check_kthr_stop)
{
	unsigned int state = READ_ONCE(current->__state);
	bool was_frozen = false;

	/* Called running, or just after setting a TASK_NORMAL sleep it then does not take. */
	WARN_ON_ONCE(state && !(state & TASK_NORMAL));

	for (;;) {
		bool freeze;

		set_current_state(TASK_FROZEN);

		spin_lock_irq(&freezer_lock);
		freeze = freezing(current) && !(check_kthr_stop && kthread_should_stop());
		spin_unlock_irq(&freezer_lock);

		if (!freeze)
			break;

		was_frozen = true;
		schedule();
	}
	__set_current_state(TASK_RUNNING);

	return was_frozen;
}

/*
 * Under task_call_func(): @p is pinned. A task asleep (off its run queue and its CPU) in a
 * TASK_FREEZABLE sleep becomes TASK_FROZEN where it is; nothing else can.
 */
/* Linux 6.1: TASK_STOPPED and TASK_TRACED freeze so too, and lockdep checks for held locks. */
static int __set_task_frozen(struct task_struct *p, void *arg)
{
	unsigned int state = READ_ONCE(p->__state);

	if (p->on_rq)
		return 0;

	if (p != current && task_curr(p))
		return 0;

	if (!(state & TASK_FREEZABLE))
		return 0;

	/*
	 * Only TASK_NORMAL sleeps may be TASK_FREEZABLE: their sleepers re-test their condition
	 * after any wake-up, so the thaw's wake-up is as harmless as a spurious one.
	 */
	WARN_ON_ONCE(!(state & TASK_NORMAL));

	WRITE_ONCE(p->__state, TASK_FROZEN);
	return TASK_FROZEN;
}

static bool __freeze_task(struct task_struct *p)
{
	/* TASK_FREEZABLE -> TASK_FROZEN */
	return task_call_func(p, __set_task_frozen, NULL);
}

/**
 * freeze_task - send a freeze request to @p
 * @p: the task
 *
 * A task asleep in a TASK_FREEZABLE sleep is frozen at once. Any other is woken from a
 * TASK_NORMAL sleep, so it comes to its next try_to_freeze(); one that never calls it, or
 * sleeps in a way the wake-up does not end, refuses to freeze. A user process gets a fake
 * signal, as Linux's fake_signal_wake_up(): its sleep ends, its system call is to be
 * restarted, and on the way back to user mode it freezes (arch_do_signal_or_restart()).
 *
 * Context: any; takes freezer_lock and @p's pi_lock with interrupts off.
 * Return: false if @p is not to freeze or is frozen now; true if it has yet to freeze.
 */
bool freeze_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&freezer_lock, flags);
	if (!freezing(p) || frozen(p) || __freeze_task(p)) {
		spin_unlock_irqrestore(&freezer_lock, flags);
		return false;
	}

	if (!(p->flags & PF_KTHREAD) && p->mm) {
		unsigned long pflags;

		spin_lock_irqsave(&p->pi_lock, pflags);
		set_tsk_thread_flag(p, TIF_SIGPENDING);
		spin_unlock_irqrestore(&p->pi_lock, pflags);
		/* A user task running in user mode needs a kick to come into the kernel. */
		kick_process(p);
	}
	wake_up_state(p, TASK_NORMAL);

	spin_unlock_irqrestore(&freezer_lock, flags);
	return true;
}

/**
 * __thaw_task - wake @p if it is frozen
 * @p: the task; no freeze may cover it any more
 *
 * The wake-up matches TASK_FROZEN alone: a task frozen in its own sleep returns from
 * schedule() into its wait loop, which tests its condition again. Linux 6.1: first gives a
 * task frozen in TASK_STOPPED or TASK_TRACED that state back (Spindle has neither).
 *
 * Context: any; takes freezer_lock and @p's pi_lock with interrupts off.
 * Return: nothing.
 */
void __thaw_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&freezer_lock, flags);
	if (WARN_ON_ONCE(freezing(p)))
		goto unlock;

	wake_up_state(p, TASK_FROZEN);
unlock:
	spin_unlock_irqrestore(&freezer_lock, flags);
}

/**
 * set_freezable - make current freezable
 *
 * Clears PF_NOFREEZE, which every kernel thread inherits from kthreadd, and enters the
 * refrigerator at once if a freeze covering current is already in effect.
 *
 * Context: process context, a kernel thread; may sleep.
 * Return: true if current was frozen.
 */
bool set_freezable(void)
{
	might_sleep();

	/*
	 * Under freezer_lock: either the freezer sees the flag cleared (and waits for this task),
	 * or the freeze it began is visible to try_to_freeze() below.
	 */
	spin_lock_irq(&freezer_lock);
	current->flags &= ~PF_NOFREEZE;
	spin_unlock_irq(&freezer_lock);

	return try_to_freeze();
}
