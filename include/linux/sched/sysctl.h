/* The scheduler's tunables that Linux keeps under /proc/sys/kernel (include/linux/sched/sysctl.h):
 * here the hung-task detector's (kernel/hung_task.c). */
#ifndef _LINUX_SCHED_SYSCTL_H
#define _LINUX_SCHED_SYSCTL_H

extern unsigned long sysctl_hung_task_timeout_secs;
extern int sysctl_hung_task_warnings;
extern unsigned int sysctl_hung_task_panic;

void hung_task_init(void);
unsigned long hung_task_set_timeout(unsigned long secs);

#endif
