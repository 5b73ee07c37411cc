/* /sys/power (Linux 6.1's kernel/power/main.c): "state" starts a suspend, "pm_test" chooses how
 * far it goes before turning back, "pm_freeze_timeout" bounds the freezer's wait; and the lock
 * that serialises them all. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include "power.h"

/*
 * Serialises system sleep transitions, and the changes of what the next one does (pm_test
 * level). A mutex: a transition sleeps for seconds. Never taken in interrupt context.
 */
DEFINE_MUTEX(system_transition_mutex);

/**
 * lock_system_sleep - take system_transition_mutex, unfreezable meanwhile
 *
 * The caller is made unfreezable first: waiting here for a suspend under way, it sleeps
 * uninterruptibly, which cannot freeze, and would make that suspend's freeze fail.
 *
 * Context: process context; sleeps. Return: current's flags before, for unlock_system_sleep().
 */
unsigned int lock_system_sleep(void)
{
	unsigned int flags = current->flags;

	current->flags |= PF_NOFREEZE;
	mutex_lock(&system_transition_mutex);
	return flags;
}

/**
 * unlock_system_sleep - release system_transition_mutex
 * @flags: what lock_system_sleep() returned; PF_NOFREEZE is cleared if it was clear then
 *
 * Context: process context, after lock_system_sleep(). Return: nothing.
 */
void unlock_system_sleep(unsigned int flags)
{
	if (!(flags & PF_NOFREEZE))
		current->flags &= ~PF_NOFREEZE;
	mutex_unlock(&system_transition_mutex);
}

/* The length of @buf's first line, as the attribute stores compare it. */
static int attr_len(const char *buf, size_t n)
{
	const char *p = memchr(buf, '\n', n);

	return p ? p - buf : (int)n;
}

int pm_test_level = TEST_NONE;

static const char *const pm_tests[__TEST_AFTER_LAST] = {
	[TEST_NONE] = "none",
	[TEST_CORE] = "core",
	[TEST_CPUS] = "processors",
	[TEST_PLATFORM] = "platform",
	[TEST_DEVICES] = "devices",
	[TEST_FREEZER] = "freezer",
};

/* Every level, the chosen one in brackets: "[none] core processors platform devices freezer". */
static int pm_test_show(struct seq_file *m, void *data)
{
	int level;

	for (level = TEST_FIRST; level <= TEST_MAX; level++)
		seq_printf(m, level == pm_test_level ? "[%s]%s" : "%s%s", pm_tests[level],
			   level == TEST_MAX ? "\n" : " ");
	return 0;
}

static ssize_t pm_test_store(void *data, const char *buf, size_t n)
{
	unsigned int sleep_flags;
	int error = -EINVAL;
	int level, len = attr_len(buf, n);

	sleep_flags = lock_system_sleep();

	for (level = TEST_FIRST; level <= TEST_MAX; level++)
		if (len == (int)strlen(pm_tests[level]) && !strncmp(buf, pm_tests[level], len)) {
			pm_test_level = level;
			error = 0;
			break;
		}

	unlock_system_sleep(sleep_flags);

	return error ? error : (ssize_t)n;
}

static const struct proc_ops pm_test_ops = {
	.proc_show = pm_test_show,
	.proc_write = pm_test_store,
};

/* The labels of the states offered, on one line: "freeze mem". */
static int state_show(struct seq_file *m, void *data)
{
	const char *sep = "";
	suspend_state_t i;

	for (i = PM_SUSPEND_MIN; i < PM_SUSPEND_MAX; i++)
		if (pm_states[i]) {
			seq_printf(m, "%s%s", sep, pm_states[i]);
			sep = " ";
		}
	seq_puts(m, "\n");
	return 0;
}

/* A label to its state; "disk" is hibernation, PM_SUSPEND_MAX; anything else PM_SUSPEND_ON. */
static suspend_state_t decode_state(const char *buf, size_t n)
{
	suspend_state_t state;
	int len = attr_len(buf, n);

	/* Check hibernation first. */
	if (len == 4 && !strncmp(buf, "disk", 4))
		return PM_SUSPEND_MAX;

	for (state = PM_SUSPEND_MIN; state < PM_SUSPEND_MAX; state++) {
		const char *label = pm_states[state];

		if (label && len == (int)strlen(label) && !strncmp(buf, label, len))
			return state;
	}

	return PM_SUSPEND_ON;
}

/*
 * "mem" or "freeze": pm_suspend(), which with pm_test at "freezer" rehearses and returns, and
 * otherwise refuses (-EINVAL); anything else is PM_SUSPEND_ON, which pm_suspend() refuses too.
 * "disk" is hibernation, which Spindle has not: -ENOSYS, Linux's without CONFIG_HIBERNATION.
 */
/* Linux 6.1: first refuses while autosleep runs (-EBUSY); Spindle has no autosleep. */
static ssize_t state_store(void *data, const char *buf, size_t n)
{
	suspend_state_t state;
	int error;

	state = decode_state(buf, n);
	if (state < PM_SUSPEND_MAX)
		error = pm_suspend(state);
	else
		error = -ENOSYS;

	return error ? error : (ssize_t)n;
}

static const struct proc_ops state_ops = {
	.proc_show = state_show,
	.proc_write = state_store,
};

static int pm_freeze_timeout_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%u\n", freeze_timeout_msecs);
	return 0;
}

static ssize_t pm_freeze_timeout_store(void *data, const char *buf, size_t n)
{
	unsigned long val;

	if (kstrtoul(buf, 10, &val))
		return -EINVAL;

	freeze_timeout_msecs = val;
	return n;
}

static const struct proc_ops pm_freeze_timeout_ops = {
	.proc_show = pm_freeze_timeout_show,
	.proc_write = pm_freeze_timeout_store,
};

/* suspend.pm_test_delay, as Linux's param_get_uint and param_set_uint read and write it. */
static int pm_test_delay_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%u\n", pm_test_delay);
	return 0;
}

static ssize_t pm_test_delay_store(void *data, const char *buf, size_t n)
{
	unsigned int val;
	int error = kstrtouint(buf, 10, &val);

	if (error)
		return error;
	pm_test_delay = val;
	return n;
}

static const struct proc_ops pm_test_delay_ops = {
	.proc_show = pm_test_delay_show,
	.proc_write = pm_test_delay_store,
};

/**
 * pm_init - make /sys/power and suspend's parameter file
 *
 * /sys/power/{state,pm_test,pm_freeze_timeout}, and
 * /sys/module/suspend/parameters/pm_test_delay for the rehearsal's wait.
 *
 * Context: boot, after proc_root_init() (Linux: a core_initcall). Return: nothing; what
 * cannot be made is missing.
 */
void pm_init(void)
{
	struct proc_dir_entry *power = proc_mkdir_path("/sys/power");
	struct proc_dir_entry *params = proc_mkdir_path("/sys/module/suspend/parameters");

	if (power) {
		proc_create_data("state", 0644, power, &state_ops, NULL);
		proc_create_data("pm_test", 0644, power, &pm_test_ops, NULL);
		proc_create_data("pm_freeze_timeout", 0644, power, &pm_freeze_timeout_ops, NULL);
	}
	if (params)
		proc_create_data("pm_test_delay", 0644, params, &pm_test_delay_ops, NULL);
}
