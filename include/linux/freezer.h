/* The freezer (Linux 6.1's include/linux/freezer.h): before a suspend, every freezable task is
 * stopped in a known place, TASK_FROZEN, and after it thawed. Kernel threads are unfreezable
 * (PF_NOFREEZE) unless they call set_freezable(). */
#ifndef FREEZER_H_INCLUDED
#define FREEZER_H_INCLUDED

#include <linux/sched.h>
#include <linux/wait.h>

/* How many freezing conditions are in effect; freezing() looks no further while it is 0. */
/* Linux 6.1: a static key (it replaced the atomic system_freezing_cnt); here a plain count. */
extern unsigned int freezer_active;

extern bool pm_freezing;		/* PM freezing of tasks that are not kthreads */
extern bool pm_nosig_freezing;		/* and of the freezable kthreads too */

/* How long try_to_freeze_tasks() waits for all to freeze (/sys/power/pm_freeze_timeout). */
extern unsigned int freeze_timeout_msecs;

bool frozen(struct task_struct *p);
bool freezing_slow_path(struct task_struct *p);

/**
 * freezing - should @p enter the refrigerator (and stay there)?
 * @p: the task
 *
 * The test a freezable thread makes, through try_to_freeze(), at the points where it may stop.
 * Code that must hold back work during a freeze (a freezable workqueue) can ask it of current.
 *
 * Context: any. Return: true while a freeze in effect covers @p.
 */
static inline bool freezing(struct task_struct *p)
{
	if (unlikely(READ_ONCE(freezer_active)))
		return freezing_slow_path(p);
	return false;
}

void __thaw_task(struct task_struct *t);

bool __refrigerator(bool check_kthr_stop);
int freeze_processes(void);
int freeze_kernel_threads(void);
void thaw_processes(void);
void thaw_kernel_threads(void);

/**
 * try_to_freeze - enter the refrigerator if a freeze covers current
 *
 * A freezable thread calls it where it holds nothing another task may need: it stays in
 * TASK_FROZEN (ps shows D) until thawed. Linux 6.1: also checks that no lock is held (lockdep).
 *
 * Context: process context; may sleep (for as long as the freeze lasts).
 * Return: true if current was frozen, false if it went straight on.
 */
static inline bool try_to_freeze(void)
{
	might_sleep();
	if (likely(!freezing(current)))
		return false;
	return __refrigerator(false);
}

bool freeze_task(struct task_struct *p);
bool set_freezable(void);

#endif
