/* Suspend (Linux 6.1's kernel/power/suspend.c), as far as Spindle can go: pm_suspend() freezes
 * the tasks and, at pm_test level "freezer", waits pm_test_delay seconds, thaws them and
 * returns. Spindle has no device suspend and no platform sleep (ACPI S3 or suspend-to-idle),
 * so every deeper level is refused. */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/time.h>
#include "power.h"

/* The labels /sys/power/state offers and takes: both, for the rehearsal, all Spindle can do. */
/* Linux 6.1: "freeze" always, "mem" and "standby" only if the platform's suspend_ops can. */
const char *const pm_states[PM_SUSPEND_MAX] = {
	[PM_SUSPEND_TO_IDLE]	= "freeze",
	[PM_SUSPEND_MEM]	= "mem",
};

/* What the kernel log calls each state; "mem" is "deep" (Linux's mem_sleep_current). */
static const char *const mem_sleep_labels[PM_SUSPEND_MAX] = {
	[PM_SUSPEND_TO_IDLE]	= "s2idle",
	[PM_SUSPEND_STANDBY]	= "shallow",
	[PM_SUSPEND_MEM]	= "deep",
};

/*
 * Seconds the rehearsal waits with everything frozen: Linux's default, 5, its module parameter
 * suspend.pm_test_delay (/sys/module/suspend/parameters/pm_test_delay, or the boot option), so
 * a test can make the wait short.
 */
unsigned int pm_test_delay = 5;

static int pm_test_delay_setup(char *value)
{
	return kstrtouint(value, 10, &pm_test_delay);
}
__setup("suspend.pm_test_delay=", pm_test_delay_setup);

static int suspend_test(int level)
{
	if (pm_test_level == level) {
		pr_info("PM: suspend debug: Waiting for %u second(s).\n", pm_test_delay);
		mdelay(pm_test_delay * MSEC_PER_SEC);
		return 1;
	}
	return 0;
}

/* Spindle has no way into either sleep: a state is valid only for the freezer rehearsal. */
/* Linux 6.1: asks the platform's suspend_ops, and suspend-to-idle is always valid. */
static bool valid_state(suspend_state_t state)
{
	return pm_test_level == TEST_FREEZER;
}

/* Linux's enter_state() up to its first test point: freeze, rehearse, thaw. */
/* Linux 6.1: also syncs file systems, the console and PM notifiers around it (none here). */
static int enter_state(suspend_state_t state)
{
	int error;

	if (!valid_state(state))
		return -EINVAL;
	if (!mutex_trylock(&system_transition_mutex))
		return -EBUSY;

	error = suspend_freeze_processes();
	if (error)
		goto Unlock;

	/* valid_state() let only this level through: the rehearsal ends here. */
	suspend_test(TEST_FREEZER);

	suspend_thaw_processes();
 Unlock:
	mutex_unlock(&system_transition_mutex);
	return error;
}

/**
 * pm_suspend - suspend the system into @state, as far as Spindle can
 * @state: PM_SUSPEND_TO_IDLE or PM_SUSPEND_MEM
 *
 * Prints Linux's "PM: suspend entry (deep)" and "PM: suspend exit" around the attempt. Only
 * the pm_test "freezer" rehearsal gets through: the freezable tasks are frozen, stay so for
 * pm_test_delay seconds, and are thawed. Linux 6.1: also counts the outcome in suspend_stats.
 *
 * Context: process context, not holding system_transition_mutex; sleeps for the freeze and
 * busy-waits the delay, as Linux does. Return: 0 after the rehearsal; -EINVAL for a state
 * out of range or at any other pm_test level (Spindle cannot suspend); -EBUSY if a transition
 * is under way or a task refused to freeze.
 */
int pm_suspend(suspend_state_t state)
{
	int error;

	if (state <= PM_SUSPEND_ON || state >= PM_SUSPEND_MAX)
		return -EINVAL;

	pr_info("PM: suspend entry (%s)\n", mem_sleep_labels[state]);
	error = enter_state(state);
	pr_info("PM: suspend exit\n");
	return error;
}
