/* Helpers shared by the self-test suites: pinning the case and its threads to TEST_CPU, the way
 * every test thread waits for kthread_stop(), and the ticks a busy host swallowed. */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include "sched_test_util.h"

/* set_cpus_allowed_ptr() moves the running case through its CPU's stopper before it returns. */
int sched_test_enter(void)
{
	int err = set_cpus_allowed_ptr(current, cpumask_of(TEST_CPU));

	if (!err && smp_processor_id() != TEST_CPU)
		err = -EAGAIN;
	return err;
}

void sched_test_leave(void)
{
	sched_set_normal(current, 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

struct task_struct *create_on_test_cpu(int (*fn)(void *), void *data, int policy, int prio,
				       const char *name)
{
	struct sched_param sp = { .sched_priority = prio };
	struct task_struct *p = kthread_create(fn, data, "%s", name);
	int err;

	if (IS_ERR(p))
		return p;
	err = kthread_bind(p, TEST_CPU);
	if (!err)
		err = sched_setscheduler_nocheck(p, policy, &sp);
	if (err) {
		kthread_stop(p);
		return ERR_PTR(err);
	}
	return p;
}

int sleep_until_stopped(int ret)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return ret;
}

void tick_watch_start(struct tick_watch *w)
{
	unsigned int cpu;

	w->jiffies = jiffies;
	for_each_online_cpu(cpu)
		w->ticks[cpu] = READ_ONCE(per_cpu(tick_count, cpu)) + tick_nohz_idle_jiffies(cpu);
}

unsigned long tick_watch_lost(const struct tick_watch *w, const struct cpumask *cpus)
{
	unsigned long passed = jiffies - w->jiffies, lost = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		unsigned long took = READ_ONCE(per_cpu(tick_count, cpu)) +
				     tick_nohz_idle_jiffies(cpu) - w->ticks[cpu];

		if (cpu && !cpumask_test_cpu(cpu, cpus))
			continue;

		if (took < passed)
			lost = max(lost, passed - took);
	}
	return lost;
}

/* Yield until @k sleeps in @state off the run queue and off its CPU (a benchmark's sample then
 * starts from a thread idling in schedule()); false if it never does within 10000 yields. */
bool wait_until_sleeping(struct task_struct *k, unsigned int state)
{
	for (unsigned int i = 0; i < 10000; i++) {
		if (READ_ONCE(k->__state) == state && !READ_ONCE(k->on_rq) &&
		    !READ_ONCE(k->on_cpu))
			return true;
		yield();
	}
	return false;
}
