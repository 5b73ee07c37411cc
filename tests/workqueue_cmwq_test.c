/* Self-tests of concurrency management (kernel/workqueue.c, suite "workqueue_cmwq"): a pool
 * whose running worker sleeps starts its next work at once in another worker; a busy-running
 * worker holds the next work back; idle workers beyond the reserve are reaped. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <ktest.h>
#include "../kernel/workqueue_internal.h"
#include "sched_test_util.h"

struct stamp_work {
	struct work_struct work;
	unsigned long started;		/* jiffies when it began */
	struct task_struct *ran_in;
	bool done;
};

/* Sleeps 50 ms in msleep (TASK_UNINTERRUPTIBLE): its worker is counted out of the pool. */
static void sleeper_fn(struct work_struct *work)
{
	struct stamp_work *sw = container_of(work, struct stamp_work, work);

	sw->started = jiffies;
	sw->ran_in = current;
	msleep(50);
	WRITE_ONCE(sw->done, true);
}

static void stamp_fn(struct work_struct *work)
{
	struct stamp_work *sw = container_of(work, struct stamp_work, work);

	sw->started = jiffies;
	sw->ran_in = current;
	WRITE_ONCE(sw->done, true);
}

/*
 * The pool's only running worker blocks in msleep: the next work of the same pool starts
 * within a tick (an idle worker is woken from wq_worker_sleeping), in another worker, long
 * before the sleeper returns.
 */
static void blocked_worker_does_not_stall_pool(struct ktest *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct stamp_work a = {}, b = {};
	struct tick_watch tw;

	INIT_WORK(&a.work, sleeper_fn);
	INIT_WORK(&b.work, stamp_fn);
	tick_watch_start(&tw);
	queue_work_on(cpu, system_wq, &a.work);
	queue_work_on(cpu, system_wq, &b.work);
	flush_work(&b.work);
	KTEST_EXPECT_TRUE(test, b.done);
	/* b ran while a was still asleep. */
	KTEST_EXPECT_FALSE(test, READ_ONCE(a.done));
	KTEST_EXPECT_PTR_NE(test, a.ran_in, b.ran_in);
	/*
	 * Within a tick on a quiet host, plus the ticks it swallowed meanwhile
	 * (sched_test_util.h). A host busy with other QEMUs delays the woken worker's vCPU by a
	 * few more milliseconds that the tick count does not see (2-3 ticks, seen under CI-like
	 * load), so allow 10: still a fifth of the 50 ms b would wait without concurrency
	 * management.
	 */
	KTEST_EXPECT_LE(test, (long)(b.started - a.started),
			10 + (long)tick_watch_lost(&tw, cpumask_of(cpu)));
	flush_work(&a.work);
	KTEST_EXPECT_TRUE(test, a.done);
}

/*
 * The CPU the next two cases' works run on, with this case's thread pinned to another CPU to
 * watch from; -1 on one CPU. Wake-up placement may start the case thread on any CPU, the
 * works' CPU included (about one boot in two on a two-CPU row), and a watcher sharing the
 * spinner's CPU cannot see what the pool does meanwhile.
 */
static int watch_from_another_cpu(void)
{
	int cpu = cpumask_last(cpu_online_mask);

	if (num_online_cpus() < 2 ||
	    set_cpus_allowed_ptr(current, cpumask_of(cpumask_first(cpu_online_mask))))
		return -1;
	return cpu;
}

/* Spins without sleeping until told: its worker stays counted as running. */
static bool spin_release;
static unsigned long spin_started;

static void spinner_fn(struct work_struct *work)
{
	spin_started = jiffies;
	while (!READ_ONCE(spin_release))
		cpu_relax();
}

/*
 * A work that runs without sleeping keeps its pool's concurrency at one: the next work of the
 * pool waits for it (CMWQ does not start a second worker while one runs). From another CPU we
 * watch the second work stay pending, then run once the spinner returns.
 */
static void running_worker_holds_next_work(struct ktest *test)
{
	int cpu = watch_from_another_cpu();
	struct work_struct spin;
	struct stamp_work b = {};

	if (cpu < 0)
		ktest_skip(test, "needs a second CPU to watch from");
	KTEST_ASSERT_NE(test, (int)smp_processor_id(), cpu);
	INIT_WORK(&spin, spinner_fn);
	INIT_WORK(&b.work, stamp_fn);
	spin_release = false;
	spin_started = 0;
	queue_work_on(cpu, system_wq, &spin);
	while (!READ_ONCE(spin_started))
		msleep(1);
	queue_work_on(cpu, system_wq, &b.work);
	msleep(20);
	KTEST_EXPECT_FALSE(test, READ_ONCE(b.done));
	KTEST_EXPECT_TRUE(test, work_pending(&b.work));
	WRITE_ONCE(spin_release, true);
	flush_work(&b.work);
	KTEST_EXPECT_TRUE(test, b.done);
	flush_work(&spin);
}

/* WQ_CPU_INTENSIVE works do not hold the pool back: the next work runs meanwhile. */
static void cpu_intensive_does_not_hold_pool(struct ktest *test)
{
	int cpu = watch_from_another_cpu();
	struct workqueue_struct *wq;
	struct work_struct spin;
	struct stamp_work b = {};

	if (cpu < 0)
		ktest_skip(test, "needs a second CPU to watch from");
	KTEST_ASSERT_NE(test, (int)smp_processor_id(), cpu);
	wq = alloc_workqueue("wq_test_ci", WQ_CPU_INTENSIVE, 0);
	KTEST_ASSERT_NOT_NULL(test, wq);
	INIT_WORK(&spin, spinner_fn);
	INIT_WORK(&b.work, stamp_fn);
	spin_release = false;
	spin_started = 0;
	queue_work_on(cpu, wq, &spin);
	while (!READ_ONCE(spin_started))
		msleep(1);
	queue_work_on(cpu, system_wq, &b.work);
	/* b's worker shares the CPU with the spinner (same nice): it runs within a few ticks. */
	for (int i = 0; i < 500 && !READ_ONCE(b.done); i++)
		msleep(1);
	KTEST_EXPECT_TRUE(test, READ_ONCE(b.done));
	WRITE_ONCE(spin_release, true);
	flush_work(&spin);
	destroy_workqueue(wq);
}

/* The highpri pool's kworkers of @cpu (kworker/N:MH): the other tests here use the normal
 * pool, whose idle timer may already be armed with the full timeout. */
static int count_pool_workers(int cpu)
{
	char prefix[24];
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	snprintf(prefix, sizeof(prefix), "kworker/%d:", cpu);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		size_t len = strlen(p->comm);

		if (!strncmp(p->comm, prefix, strlen(prefix)) && p->comm[len - 1] == 'H' &&
		    (p->flags & PF_WQ_WORKER))
			n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/*
 * Many blocking works at once make the pool create workers (through its manager); once idle,
 * those beyond the reserve (more than 2 idle and idle >= busy/4 + 2) are reaped after the idle
 * timeout (shortened here from Linux's 300 s).
 */
#define NR_BLOCKERS	8

static int blockers_in;
static DECLARE_COMPLETION(blockers_go);

/* Blocks until every blocker has started: each needs a worker of its own. */
static void blocker_fn(struct work_struct *work)
{
	__atomic_add_fetch(&blockers_in, 1, __ATOMIC_SEQ_CST);
	wait_for_completion(&blockers_go);
}

static void idle_workers_reaped_after_timeout(struct ktest *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct work_struct w[NR_BLOCKERS];
	unsigned long saved = wq_idle_worker_timeout;
	int before, peak, after = 0;

	before = count_pool_workers(cpu);
	wq_idle_worker_timeout = msecs_to_jiffies(100);
	blockers_in = 0;
	reinit_completion(&blockers_go);
	for (int i = 0; i < NR_BLOCKERS; i++) {
		INIT_WORK(&w[i], blocker_fn);
		queue_work_on(cpu, system_highpri_wq, &w[i]);
	}
	for (int i = 0; i < 5000 && READ_ONCE(blockers_in) < NR_BLOCKERS; i++)
		msleep(1);
	peak = count_pool_workers(cpu);
	complete_all(&blockers_go);
	for (int i = 0; i < NR_BLOCKERS; i++)
		flush_work(&w[i]);
	/* All eight blocked at once, each in its own worker, all started through CMWQ. */
	KTEST_EXPECT_EQ(test, blockers_in, NR_BLOCKERS);
	KTEST_EXPECT_GE(test, peak, NR_BLOCKERS);
	for (int i = 0; i < 100; i++) {
		msleep(20);
		after = count_pool_workers(cpu);
		if (after <= 2)
			break;
	}
	wq_idle_worker_timeout = saved;
	ktest_info(test, "CPU %d's highpri pool: %d workers before, %d at the peak, %d after reaping",
		   cpu, before, peak, after);
	KTEST_EXPECT_LE(test, after, 2);
	KTEST_EXPECT_GE(test, after, 1);
}

static struct ktest_case workqueue_cmwq_cases[] = {
	KTEST_CASE(blocked_worker_does_not_stall_pool),
	KTEST_CASE(running_worker_holds_next_work),
	KTEST_CASE(cpu_intensive_does_not_hold_pool),
	KTEST_CASE(idle_workers_reaped_after_timeout),
	{}
};

static struct ktest_suite workqueue_cmwq_suite = {
	.name = "workqueue_cmwq",
	.cases = workqueue_cmwq_cases,
};
ktest_register_suite(workqueue_cmwq_suite);
