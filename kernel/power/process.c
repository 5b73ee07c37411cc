/* Freezing and thawing the tasks around a suspend (Linux 6.1's kernel/power/process.c): ask
 * every task a freeze covers to freeze, wait until all have or the timeout passes, and report
 * the ones that refused. Callers hold system_transition_mutex (lock_system_sleep()). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/time.h>

/* Timeout for stopping processes. The freezer suite shortens it to see a refusal quickly. */
unsigned int freeze_timeout_msecs = 20 * MSEC_PER_SEC;

static int try_to_freeze_tasks(bool user_only)
{
	const char *what = user_only ? "user space processes" :
				       "remaining freezable tasks";
	struct task_struct *p;
	unsigned long end_time, flags;
	unsigned int todo;
	bool wq_busy = false;
	u64 start, elapsed;
	unsigned int elapsed_msecs;
	int sleep_usecs = USEC_PER_MSEC;

	pr_info("Freezing %s\n", what);

	/* Linux 6.1: ktime_get_boottime(); the same clock here while nothing suspends. */
	start = local_clock();

	end_time = jiffies + msecs_to_jiffies(freeze_timeout_msecs);

	if (!user_only)
		freeze_workqueues_begin();

	while (true) {
		todo = 0;
		spin_lock_irqsave(&tasklist_lock, flags);
		for_each_process(p) {
			if (p == current || !freeze_task(p))
				continue;

			todo++;
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);

		if (!user_only) {
			wq_busy = freeze_workqueues_busy();
			todo += wq_busy;
		}

		if (!todo || time_after(jiffies, end_time))
			break;

		/* Linux 6.1: pm_wakeup_pending() aborts here; Spindle has no wake-up sources. */

		/*
		 * Some tasks are not frozen yet. Sleep a little before looking again, so they
		 * get CPU time to reach the freezer: 1 ms at first, doubling up to 8 ms.
		 */
		usleep_range(sleep_usecs / 2, sleep_usecs);
		if (sleep_usecs < 8 * USEC_PER_MSEC)
			sleep_usecs *= 2;
	}

	elapsed = local_clock() - start;
	elapsed_msecs = elapsed / NSEC_PER_MSEC;

	if (todo) {
		pr_err("Freezing of tasks failed after %d.%03d seconds "
		       "(%d tasks refusing to freeze, wq_busy=%d):\n",
		       elapsed_msecs / 1000, elapsed_msecs % 1000,
		       todo - wq_busy, wq_busy);

		if (wq_busy)
			show_all_workqueues();

		spin_lock_irqsave(&tasklist_lock, flags);
		for_each_process(p) {
			if (p != current && freezing(p) && !frozen(p))
				sched_show_task(p);
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
	} else {
		pr_info("Freezing %s completed (elapsed %d.%03d seconds)\n",
			what, elapsed_msecs / 1000, elapsed_msecs % 1000);
	}

	return todo ? -EBUSY : 0;
}

/**
 * freeze_processes - freeze every task that is not a kernel thread
 *
 * current is marked PF_SUSPEND_TASK and stays unfrozen; it must call thaw_processes() later.
 * Linux 6.1: also disables user-mode helpers and the OOM killer (none here).
 *
 * Context: process context, system_transition_mutex held; sleeps for up to
 * freeze_timeout_msecs. Return: 0, or -EBUSY with everything thawed again.
 */
int freeze_processes(void)
{
	int error;

	/* PF_SUSPEND_TASK exempts us: the task running the freeze must not freeze itself */
	current->flags |= PF_SUSPEND_TASK;

	if (!pm_freezing)
		WRITE_ONCE(freezer_active, freezer_active + 1);

	pm_freezing = true;
	error = try_to_freeze_tasks(true);

	BUG_ON(in_atomic());

	if (error)
		thaw_processes();
	return error;
}

/**
 * freeze_kernel_threads - freeze the freezable kernel threads
 *
 * After freeze_processes(), which turned the freezer on: the kernel threads that called
 * set_freezable() enter the refrigerator or are frozen in their freezable sleeps, and the
 * freezable workqueues stop starting works and finish the ones in flight.
 *
 * Context: process context, system_transition_mutex held; sleeps for up to
 * freeze_timeout_msecs. Return: 0, or -EBUSY with the kernel threads thawed again (user space
 * stays frozen: the caller thaws it, as suspend_freeze_processes() does).
 */
int freeze_kernel_threads(void)
{
	int error;

	pm_nosig_freezing = true;
	error = try_to_freeze_tasks(false);

	BUG_ON(in_atomic());

	if (error)
		thaw_kernel_threads();
	return error;
}

/**
 * thaw_processes - end the freeze and thaw every frozen task
 *
 * Context: process context, the task that called freeze_processes(), system_transition_mutex
 * held. Return: nothing.
 */
void thaw_processes(void)
{
	struct task_struct *p;
	struct task_struct *curr = current;
	unsigned long flags;

	if (pm_freezing)
		WRITE_ONCE(freezer_active, freezer_active - 1);
	pm_freezing = false;
	pm_nosig_freezing = false;

	pr_info("Restarting tasks ... ");

	/* Linux 6.1: re-enables user-mode helpers and the OOM killer (none here). */
	thaw_workqueues();

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		/* only the task doing the suspend may carry PF_SUSPEND_TASK */
		WARN_ON((p != curr) && (p->flags & PF_SUSPEND_TASK));
		__thaw_task(p);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);

	WARN_ON(!(curr->flags & PF_SUSPEND_TASK));
	curr->flags &= ~PF_SUSPEND_TASK;

	/* Let the thawed tasks run before saying so. */
	schedule();
	pr_cont("done.\n");
}

/**
 * thaw_kernel_threads - thaw the kernel threads, leaving user space frozen
 *
 * Context: process context, system_transition_mutex held. Return: nothing.
 */
void thaw_kernel_threads(void)
{
	struct task_struct *p;
	unsigned long flags;

	pm_nosig_freezing = false;
	pr_info("Restarting kernel threads ... ");

	thaw_workqueues();

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->flags & PF_KTHREAD)
			__thaw_task(p);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);

	schedule();
	pr_cont("done.\n");
}
