/* What kernel/power/ shares inside itself (Linux 6.1's kernel/power/power.h): the pm_test
 * levels, the state labels, and freezing for a suspend. */
#ifndef _KERNEL_POWER_POWER_H
#define _KERNEL_POWER_POWER_H

#include <linux/freezer.h>
#include <linux/suspend.h>

/* How far a suspend goes before it turns back (/sys/power/pm_test), deepest level last. */
enum {
	/* keep first */
	TEST_NONE,
	TEST_CORE,
	TEST_CPUS,
	TEST_PLATFORM,
	TEST_DEVICES,
	TEST_FREEZER,
	/* keep last */
	__TEST_AFTER_LAST
};

#define TEST_FIRST	TEST_NONE
#define TEST_MAX	(__TEST_AFTER_LAST - 1)

extern int pm_test_level;
extern unsigned int pm_test_delay;
extern const char *const pm_states[PM_SUSPEND_MAX];

/*
 * Freeze user space, then the freezable kernel threads. freeze_processes() thaws everything
 * itself when it fails; freeze_kernel_threads() thaws only the kernel threads, so user space
 * is thawed here.
 */
static inline int suspend_freeze_processes(void)
{
	int error;

	error = freeze_processes();
	if (error)
		return error;

	error = freeze_kernel_threads();
	if (error)
		thaw_processes();

	return error;
}

static inline void suspend_thaw_processes(void)
{
	thaw_processes();
}

#endif
