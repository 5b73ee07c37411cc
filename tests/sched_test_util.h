/* Helpers shared by the scheduler suites (sched_rt, sched_fair, sched_core): every thread of a
 * case runs on TEST_CPU, so a case means the same on one CPU and on many. */
#ifndef _TESTS_SCHED_TEST_UTIL_H
#define _TESTS_SCHED_TEST_UTIL_H

#include <linux/sched.h>

#define TEST_CPU	0

/* Move the running case to TEST_CPU (suite init) and back to every CPU, SCHED_NORMAL (exit). */
int sched_test_enter(void);
void sched_test_leave(void);
/* A created, not yet woken thread bound to TEST_CPU with @policy and @prio; ERR_PTR on error. */
struct task_struct *create_on_test_cpu(int (*fn)(void *), void *data, int policy, int prio,
				       const char *name);
/* The end of every test thread: sleep (a real block) until kthread_stop(), return @ret. */
int sleep_until_stopped(int ret);

#endif
