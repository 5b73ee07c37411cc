/* Helpers shared by the self-test suites: for the scheduler suites (sched_rt, sched_fair,
 * sched_core) every thread of a case runs on TEST_CPU, so a case means the same on one CPU and
 * on many; and the ticks a busy host swallowed, for cases that bound lateness in ticks. */
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
/* Yield until @k sleeps in @state off its run queue and CPU; false if it never does. */
bool wait_until_sleeping(struct task_struct *k, unsigned int state);

/*
 * Ticks the host swallowed: jiffies follow the clock (kernel/time/tick-sched.c, advanced by
 * whichever CPU ticks), so when the host does not run a virtual CPU for a few milliseconds,
 * jiffies jump past the timer interrupts it took. A CPU accounts for a jiffy by taking its tick
 * or by sleeping through it with the tick stopped (tick_nohz_idle_jiffies()). A case that
 * bounds how late something may be, in ticks, allows exactly the jiffies not accounted for
 * meanwhile on CPU 0 and on the CPUs in @cpus that its timer and its thread ran on (the most
 * any one lost): lateness the kernel caused is not excused.
 */
struct tick_watch {
	unsigned long jiffies;
	unsigned long ticks[NR_CPUS];
};
void tick_watch_start(struct tick_watch *w);
unsigned long tick_watch_lost(const struct tick_watch *w, const struct cpumask *cpus);

#endif
