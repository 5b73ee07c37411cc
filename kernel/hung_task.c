/* The hung-task detector (Linux's kernel/hung_task.c): khungtaskd wakes every
 * hung_task_timeout_secs and reports each task stuck that long in TASK_UNINTERRUPTIBLE. */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/sched/sysctl.h>

/* Linux's CONFIG_DEFAULT_HUNG_TASK_TIMEOUT: two minutes. 0 disables the checks. */
unsigned long sysctl_hung_task_timeout_secs = 120;
/* Reports left to print (Linux's sysctl_hung_task_warnings); -1: no limit. */
int sysctl_hung_task_warnings = 10;
/* Panic instead of only reporting (Linux's hung_task_panic= and kernel.hung_task_panic). */
unsigned int sysctl_hung_task_panic;

static struct task_struct *watchdog_task;

static int hung_task_panic_setup(char *value)
{
	return kstrtouint(value, 0, &sysctl_hung_task_panic);
}
__setup("hung_task_panic=", hung_task_panic_setup);

/* Linux 6.1: sets the timeout through sysctl only (kernel.hung_task_timeout_secs); Spindle
 * also takes it from the command line, so that a test row can shorten it from the start. */
static int hung_task_timeout_setup(char *value)
{
	return kstrtoul(value, 0, &sysctl_hung_task_timeout_secs);
}
__setup("hung_task_timeout_secs=", hung_task_timeout_setup);

/*
 * Linux's check_hung_task(): @t is in TASK_UNINTERRUPTIBLE. It is hung if it has not been
 * switched in or out (its switch count has not moved) for @timeout seconds. A task never
 * switched out yet is skipped, as a fresh one may start in D. Returns true if it was reported.
 */
static bool check_hung_task(struct task_struct *t, unsigned long timeout)
{
	unsigned long switch_count = t->nvcsw + t->nivcsw;

	if (unlikely(!switch_count))
		return false;
	if (switch_count != t->last_switch_count) {
		t->last_switch_count = switch_count;
		t->last_switch_time = jiffies;
		return false;
	}
	if (time_after(t->last_switch_time + timeout * HZ, jiffies))
		return false;
	if (!sysctl_hung_task_warnings)
		return true;
	if (sysctl_hung_task_warnings > 0)
		sysctl_hung_task_warnings--;
	pr_err("INFO: task %s:%d blocked for more than %lu seconds.\n", t->comm, t->pid,
	       (jiffies - t->last_switch_time) / HZ);
	pr_err("      Spindle %s\n", SPINDLE_VERSION);
	pr_err("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n");
	sched_show_task(t);
	return true;
}

/*
 * Linux's check_hung_uninterruptible_tasks(): every task in TASK_UNINTERRUPTIBLE, not
 * TASK_KILLABLE (a fatal signal can end it) nor TASK_IDLE (an idle wait, by design long). The
 * task list is walked under tasklist_lock, interrupts off, so no task is freed meanwhile;
 * Linux walks it under RCU and breaks the walk every HZ / 10, which Spindle, with at most a few
 * thousand tasks, does not need. O(tasks).
 */
static void check_hung_uninterruptible_tasks(unsigned long timeout)
{
	struct task_struct *t;
	unsigned long flags;
	bool hung = false;

	if (oops_in_progress)
		return;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(t) {
		unsigned int state = READ_ONCE(t->__state);

		if ((state & TASK_UNINTERRUPTIBLE) && !(state & TASK_WAKEKILL) &&
		    !(state & TASK_NOLOAD))
			hung |= check_hung_task(t, timeout);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (hung && sysctl_hung_task_panic)
		panic("hung_task: blocked tasks");
}

/* Jiffies until the next check is due; a timeout of 0 disables the checks. */
static long hung_timeout_jiffies(unsigned long last_checked, unsigned long timeout)
{
	return timeout ? (long)(last_checked - jiffies + timeout * HZ) : MAX_SCHEDULE_TIMEOUT;
}

/* khungtaskd: checks every hung_task_timeout_secs, sleeping interruptibly in between (so it is
 * never a hung task itself). Linux's watchdog(). */
static int watchdog(void *dummy)
{
	unsigned long hung_last_checked = jiffies;

	set_user_nice(current, 0);
	for (;;) {
		unsigned long timeout = READ_ONCE(sysctl_hung_task_timeout_secs);
		long t = hung_timeout_jiffies(hung_last_checked, timeout);

		if (t <= 0) {
			check_hung_uninterruptible_tasks(timeout);
			hung_last_checked = jiffies;
			continue;
		}
		schedule_timeout_interruptible(t);
	}
	return 0;
}

/**
 * hung_task_set_timeout - change hung_task_timeout_secs and let khungtaskd know
 * @secs: the new timeout in seconds, 0 to disable the checks
 *
 * What a write to /proc/sys/kernel/hung_task_timeout_secs does in Linux
 * (proc_dohung_task_timeout_secs): store the value and wake the detector, so a shorter
 * timeout takes effect at once rather than at the end of the old one.
 *
 * Context: any context that may wake a task.
 * Return: the previous timeout.
 */
unsigned long hung_task_set_timeout(unsigned long secs)
{
	unsigned long old = __atomic_exchange_n(&sysctl_hung_task_timeout_secs, secs,
						__ATOMIC_RELAXED);

	if (watchdog_task)
		wake_up_process(watchdog_task);
	return old;
}

/**
 * hung_task_init - start khungtaskd
 *
 * Linux's hung_task_init(), a subsys_initcall: it runs in kernel_init once the CPUs are up.
 *
 * Context: process context; sleeps (kthread_run).
 * Return: nothing; without memory for the thread the detector is off, and it says so.
 */
void hung_task_init(void)
{
	struct task_struct *p = kthread_run(watchdog, NULL, "khungtaskd");

	if (IS_ERR(p)) {
		pr_err("hung_task: cannot start khungtaskd (%ld); no hung-task checks\n",
		       PTR_ERR(p));
		return;
	}
	watchdog_task = p;
}
