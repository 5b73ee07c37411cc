/* System sleep (Linux 6.1's include/linux/suspend.h): the sleep states /sys/power/state names,
 * pm_suspend() and the mutex that serialises every transition. Spindle can rehearse a suspend
 * up to the freezer (pm_test) but enter none (docs/freezer.md). */
#ifndef _LINUX_SUSPEND_H
#define _LINUX_SUSPEND_H

#include <linux/mutex.h>

typedef int suspend_state_t;

#define PM_SUSPEND_ON		0
#define PM_SUSPEND_TO_IDLE	1
#define PM_SUSPEND_STANDBY	2
#define PM_SUSPEND_MEM		3
#define PM_SUSPEND_MIN		PM_SUSPEND_TO_IDLE
#define PM_SUSPEND_MAX		4

/* Held across a whole suspend, and by whoever changes how the next one behaves. */
extern struct mutex system_transition_mutex;

unsigned int lock_system_sleep(void);
void unlock_system_sleep(unsigned int flags);
int pm_suspend(suspend_state_t state);
void pm_init(void);

#endif
