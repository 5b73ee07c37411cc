/* Self-tests of BH workqueues (suite "workqueue_bh", Linux 6.9's WQ_BH in kernel/workqueue.c):
 * a BH work runs in softirq context on the queueing CPU, never on two CPUs at once, flush and
 * cancel, highpri before normal, at the exit of the hard IRQ that queued it, the flags refused,
 * and the works of a CPU that goes offline run elsewhere. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

#define BH_TEST_VECTOR	0xdb
#define WAIT_MS		2000	/* a BH work that has not run by then never will */

/* What the runs of one test work saw. */
struct bh_probe {
	struct work_struct work;
	int runs;
	int cpu;
	bool serving;		/* in_serving_softirq() */
	bool irqs_off;
	int order;		/* its place among the runs of the case's works */
};

static int run_order;

static void bh_probe_fn(struct work_struct *work)
{
	struct bh_probe *p = container_of(work, struct bh_probe, work);

	p->cpu = smp_processor_id();
	p->serving = in_serving_softirq();
	p->irqs_off = irqs_disabled();
	p->order = ++run_order;
	WRITE_ONCE(p->runs, p->runs + 1);
}

static void bh_probe_init(struct bh_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->cpu = -1;
	INIT_WORK(&p->work, bh_probe_fn);
}

/* Sleep until @p ran @runs times or WAIT_MS went by; true if it did. */
static bool wait_runs(struct bh_probe *p, int runs)
{
	for (int i = 0; i < WAIT_MS && READ_ONCE(p->runs) < runs; i++)
		msleep(1);
	return READ_ONCE(p->runs) >= runs;
}

/* A thread that queues @work on @wq from the CPU it is bound to. */
struct queuer {
	struct work_struct *work;
	struct workqueue_struct *wq;
	bool queued;
};

static int queue_fn(void *data)
{
	struct queuer *q = data;

	queue_work(q->wq, q->work);
	WRITE_ONCE(q->queued, true);
	return sleep_until_stopped(0);
}

/*
 * From a thread bound to each online CPU in turn, on system_bh_wq and system_bh_highpri_wq: the
 * work runs once, on that CPU, serving a softirq with interrupts on, and no kworker is involved.
 */
static void runs_in_softirq_on_the_queueing_cpu(struct ktest *test)
{
	struct workqueue_struct *wqs[] = { system_bh_wq, system_bh_highpri_wq };
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		for (unsigned int i = 0; i < ARRAY_SIZE(wqs); i++) {
			struct bh_probe p;
			struct queuer q = { .work = &p.work, .wq = wqs[i] };
			struct task_struct *k;

			bh_probe_init(&p);
			k = kthread_create_on_cpu(queue_fn, &q, cpu, "bh_queue/%u");
			KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
			wake_up_process(k);
			KTEST_EXPECT_TRUE(test, wait_runs(&p, 1));
			kthread_stop(k);
			flush_work(&p.work);
			KTEST_EXPECT_EQ(test, p.runs, 1);
			KTEST_EXPECT_EQ(test, p.cpu, (int)cpu);
			KTEST_EXPECT_TRUE(test, p.serving);
			KTEST_EXPECT_FALSE(test, p.irqs_off);
		}
	}
}

/*
 * Both queued in one bottom-half-off section, the normal one first: at local_bh_enable() the
 * highpri one runs first, as HI_SOFTIRQ (0) comes before TASKLET_SOFTIRQ (6).
 */
static void highpri_runs_before_normal(struct ktest *test)
{
	struct bh_probe normal, hi;

	bh_probe_init(&normal);
	bh_probe_init(&hi);
	run_order = 0;
	local_bh_disable();
	queue_work(system_bh_wq, &normal.work);
	queue_work(system_bh_highpri_wq, &hi.work);
	KTEST_EXPECT_EQ(test, READ_ONCE(normal.runs) + READ_ONCE(hi.runs), 0);
	local_bh_enable();
	KTEST_EXPECT_EQ(test, hi.runs, 1);
	KTEST_EXPECT_EQ(test, normal.runs, 1);
	KTEST_EXPECT_EQ(test, hi.order, 1);
	KTEST_EXPECT_EQ(test, normal.order, 2);
}

/* ---- From a hard IRQ ----------------------------------------------------------------------- */

static struct bh_probe irq_probe;
static bool irq_ran_in_handler;

static void queueing_vector_handler(struct pt_regs *regs, void *data)
{
	queue_work(system_bh_wq, &irq_probe.work);
	/* Still in the handler: the softirq waits for irq_exit(). */
	irq_ran_in_handler = READ_ONCE(irq_probe.runs) != 0;
}

/* Queued from a hard IRQ, the work has run when the interrupt returns, on that CPU. */
static void queued_from_hardirq_runs_at_its_exit(struct ktest *test)
{
	int cpu;

	bh_probe_init(&irq_probe);
	irq_ran_in_handler = false;
	KTEST_ASSERT_EQ(test, request_vector(BH_TEST_VECTOR, queueing_vector_handler, NULL), 0);
	preempt_disable();
	cpu = smp_processor_id();
	__asm__ __volatile__("int %0" : : "i"(BH_TEST_VECTOR) : "memory");
	KTEST_EXPECT_EQ(test, READ_ONCE(irq_probe.runs), 1);
	preempt_enable();
	free_vector(BH_TEST_VECTOR);
	KTEST_EXPECT_FALSE(test, irq_ran_in_handler);
	KTEST_EXPECT_EQ(test, irq_probe.cpu, cpu);
	KTEST_EXPECT_TRUE(test, irq_probe.serving);
}

/* ---- One CPU at a time --------------------------------------------------------------------- */

#define HAMMER_ROUNDS	1000
#define HAMMER_RUN_US	20	/* each run lasts this long: the window for a second CPU */

static struct {
	struct work_struct work;
	int running;
	int overlaps;		/* runs that began while another was running */
	int runs;
	unsigned long cpus;	/* bit n: it ran on CPU n */
	int threads_done;
} hammer;

static void hammer_fn(struct work_struct *work)
{
	if (__atomic_exchange_n(&hammer.running, 1, __ATOMIC_ACQUIRE))
		__atomic_add_fetch(&hammer.overlaps, 1, __ATOMIC_RELAXED);
	hammer.cpus |= 1UL << smp_processor_id();
	udelay(HAMMER_RUN_US);
	hammer.runs++;
	__atomic_store_n(&hammer.running, 0, __ATOMIC_RELEASE);
}

static int hammer_thread(void *unused)
{
	for (int i = 0; i < HAMMER_ROUNDS; i++) {
		queue_work(system_bh_wq, &hammer.work);
		if (!(i % 64))
			cond_resched();
	}
	__atomic_add_fetch(&hammer.threads_done, 1, __ATOMIC_RELEASE);
	return sleep_until_stopped(0);
}

/*
 * One work queued over and over from a thread on every online CPU: a queueing that finds it
 * running on another CPU queues it there (the 6.1 non-reentrancy rule), so no run ever starts
 * while another is under way.
 */
static void never_runs_concurrently_with_itself(struct ktest *test)
{
	struct task_struct *k[NR_CPUS] = {};
	unsigned int cpu, n = 0;

	memset(&hammer, 0, sizeof(hammer));
	INIT_WORK(&hammer.work, hammer_fn);
	for_each_online_cpu(cpu) {
		k[cpu] = kthread_create_on_cpu(hammer_thread, NULL, cpu, "bh_hammer/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, k[cpu]);
		n++;
	}
	for_each_online_cpu(cpu)
		wake_up_process(k[cpu]);
	for (int i = 0; i < 10 * WAIT_MS &&
	     __atomic_load_n(&hammer.threads_done, __ATOMIC_ACQUIRE) < (int)n; i++)
		msleep(1);
	for_each_online_cpu(cpu)
		kthread_stop(k[cpu]);
	flush_work(&hammer.work);
	ktest_info(test, "%d runs on CPUs %#lx, %d overlapping", hammer.runs, hammer.cpus,
		   hammer.overlaps);
	KTEST_EXPECT_EQ(test, hammer.threads_done, (int)n);
	KTEST_EXPECT_GE(test, hammer.runs, 1);
	KTEST_EXPECT_EQ(test, hammer.overlaps, 0);
}

/* ---- flush and cancel ---------------------------------------------------------------------- */

/* A BH work that keeps its CPU's softirq for SPIN_MS: what flush and cancel wait for. */
#define SPIN_MS		30

static struct {
	struct work_struct work;
	int entered;
	int done;
} spinner;

static void spinner_fn(struct work_struct *work)
{
	WRITE_ONCE(spinner.entered, 1);
	mdelay(SPIN_MS);
	WRITE_ONCE(spinner.done, 1);
}

/*
 * Queue the spinner from a thread on @cpu and wait until it runs. The thread is stopped later,
 * by the caller: stopping it now would wait for the softirq to end.
 */
static struct task_struct *spinner_start(struct queuer *q, unsigned int cpu)
{
	struct task_struct *k;

	memset(&spinner, 0, sizeof(spinner));
	INIT_WORK(&spinner.work, spinner_fn);
	q->work = &spinner.work;
	q->wq = system_bh_wq;
	k = kthread_create_on_cpu(queue_fn, q, cpu, "bh_spin/%u");
	if (IS_ERR_OR_NULL(k))
		return k;
	wake_up_process(k);
	for (int i = 0; i < WAIT_MS && !READ_ONCE(spinner.entered); i++)
		udelay(500);
	return k;
}

/*
 * flush_work() on a queued BH work returns after it ran, on an idle one returns false. With a
 * second CPU, whose BH pool a spinning work holds: cancel_work_sync() takes a work pending
 * behind it off the queue, and flush_work() and cancel_work_sync() on the running one wait for
 * the end (cancel_work_sync() spinning, as Linux 6.9's does).
 */
static void flush_and_cancel(struct ktest *test)
{
	struct task_struct *k;
	struct bh_probe p;
	struct queuer q;
	unsigned int other;
	int ret;

	bh_probe_init(&p);
	queue_work(system_bh_wq, &p.work);
	/* Whether it had to wait depends on whether a softirq ran it first: not asserted. */
	flush_work(&p.work);
	KTEST_EXPECT_EQ(test, p.runs, 1);
	KTEST_EXPECT_FALSE(test, flush_work(&p.work));
	KTEST_EXPECT_FALSE(test, cancel_work_sync(&p.work));

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs for a running BH work (%u online)",
			   num_online_cpus());
	other = cpumask_next(TEST_CPU, cpu_online_mask);
	KTEST_ASSERT_LT(test, other, nr_cpu_ids);

	/* A work pending behind the spinner is canceled; flush_work() waits for the spinner. */
	bh_probe_init(&p);
	k = spinner_start(&q, other);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	KTEST_EXPECT_TRUE(test, READ_ONCE(spinner.entered));
	queue_work_on(other, system_bh_wq, &p.work);
	KTEST_EXPECT_TRUE(test, cancel_work_sync(&p.work));
	KTEST_EXPECT_FALSE(test, READ_ONCE(spinner.done));
	ret = flush_work(&spinner.work);
	KTEST_EXPECT_TRUE(test, ret);
	KTEST_EXPECT_TRUE(test, READ_ONCE(spinner.done));
	kthread_stop(k);
	KTEST_EXPECT_EQ(test, READ_ONCE(p.runs), 0);
	KTEST_EXPECT_FALSE(test, work_pending(&p.work));

	/* cancel_work_sync() on a running one: nothing pending, it waits for the run to end. */
	k = spinner_start(&q, other);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	KTEST_EXPECT_TRUE(test, READ_ONCE(spinner.entered));
	ret = cancel_work_sync(&spinner.work);
	KTEST_EXPECT_FALSE(test, ret);
	KTEST_EXPECT_TRUE(test, READ_ONCE(spinner.done));
	kthread_stop(k);
}

/* ---- Flags --------------------------------------------------------------------------------- */

/* WQ_BH takes WQ_HIGHPRI and nothing else, and no max_active (Linux 6.9's rules). */
static void refused_flags(struct ktest *test)
{
	struct workqueue_struct *wq;
	struct bh_probe p;

	ktest_info(test, "WARNINGs follow: the refusals (each check warns once)");
	KTEST_EXPECT_NULL(test, alloc_workqueue("bh_test", WQ_BH | WQ_UNBOUND, 0));
	KTEST_EXPECT_NULL(test, alloc_workqueue("bh_test", WQ_BH | WQ_FREEZABLE, 0));
	KTEST_EXPECT_NULL(test, alloc_workqueue("bh_test", WQ_BH | WQ_MEM_RECLAIM, 0));
	KTEST_EXPECT_NULL(test, alloc_workqueue("bh_test", WQ_BH, 4));

	wq = alloc_workqueue("bh_test", WQ_BH | WQ_HIGHPRI, 0);
	KTEST_ASSERT_NOT_NULL(test, wq);
	bh_probe_init(&p);
	queue_work(wq, &p.work);
	flush_workqueue(wq);
	KTEST_EXPECT_EQ(test, p.runs, 1);
	KTEST_EXPECT_TRUE(test, p.serving);
	destroy_workqueue(wq);
}

/* ---- CPU hotplug --------------------------------------------------------------------------- */

/*
 * A BH work that queues itself again as long as it runs on the CPU being taken down: the CPU
 * dies with an instance pending (it stops serving softirqs with interrupts off in
 * take_cpu_down(), after which the work cannot run there). Static: if the drain failed it
 * would stay on the dead CPU's pool until the CPU is back.
 */
static struct {
	struct work_struct normal, hi;
	int cpu;			/* the CPU going down */
	int normal_runs, hi_runs;	/* runs on it */
	int normal_cpu, hi_cpu;		/* where each ran once it was not there */
	bool queued;
} dead;

static void dead_fn(struct work_struct *work)
{
	bool hi = work == &dead.hi;

	if ((int)smp_processor_id() == dead.cpu) {
		if (hi)
			WRITE_ONCE(dead.hi_runs, dead.hi_runs + 1);
		else
			WRITE_ONCE(dead.normal_runs, dead.normal_runs + 1);
		udelay(50);
		queue_work(hi ? system_bh_highpri_wq : system_bh_wq, work);
		return;
	}
	if (hi)
		WRITE_ONCE(dead.hi_cpu, smp_processor_id());
	else
		WRITE_ONCE(dead.normal_cpu, smp_processor_id());
}

static int dead_queue_fn(void *unused)
{
	queue_work(system_bh_wq, &dead.normal);
	queue_work(system_bh_highpri_wq, &dead.hi);
	WRITE_ONCE(dead.queued, true);
	return sleep_until_stopped(0);
}

/*
 * The works pending on a CPU when it dies run on the CPU that took it down, by the time
 * remove_cpu() returns (workqueue_softirq_dead() at CPUHP_SOFTIRQ_DEAD), once each.
 */
static void dead_cpus_bh_works_run_elsewhere(struct ktest *test)
{
	struct task_struct *k;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	memset(&dead, 0, sizeof(dead));
	dead.cpu = cpumask_next(TEST_CPU, cpu_online_mask);
	dead.normal_cpu = dead.hi_cpu = -1;
	INIT_WORK(&dead.normal, dead_fn);
	INIT_WORK(&dead.hi, dead_fn);
	k = kthread_create_on_cpu(dead_queue_fn, NULL, dead.cpu, "bh_dead/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	for (int i = 0; i < WAIT_MS && !READ_ONCE(dead.queued); i++)
		msleep(1);
	kthread_stop(k);
	KTEST_ASSERT_TRUE(test, READ_ONCE(dead.queued));
	for (int i = 0; i < WAIT_MS && (!READ_ONCE(dead.normal_runs) || !READ_ONCE(dead.hi_runs));
	     i++)
		msleep(1);

	KTEST_ASSERT_EQ(test, remove_cpu(dead.cpu), 0);
	/* No wait: the drain is synchronous. */
	ktest_info(test, "CPU %d went down after %d + %d (HI) runs; then ran on CPU %d and %d (HI)",
		   dead.cpu, dead.normal_runs, dead.hi_runs, READ_ONCE(dead.normal_cpu),
		   READ_ONCE(dead.hi_cpu));
	KTEST_EXPECT_GE(test, dead.normal_runs, 1);
	KTEST_EXPECT_GE(test, dead.hi_runs, 1);
	KTEST_EXPECT_EQ(test, READ_ONCE(dead.normal_cpu), TEST_CPU);
	KTEST_EXPECT_EQ(test, READ_ONCE(dead.hi_cpu), TEST_CPU);
	KTEST_EXPECT_FALSE(test, work_pending(&dead.normal));
	KTEST_EXPECT_FALSE(test, work_pending(&dead.hi));
	KTEST_EXPECT_EQ(test, add_cpu(dead.cpu), 0);
	flush_work(&dead.normal);
	flush_work(&dead.hi);
}

static struct ktest_case workqueue_bh_cases[] = {
	KTEST_CASE(runs_in_softirq_on_the_queueing_cpu),
	KTEST_CASE(highpri_runs_before_normal),
	KTEST_CASE(queued_from_hardirq_runs_at_its_exit),
	KTEST_CASE(never_runs_concurrently_with_itself),
	KTEST_CASE(flush_and_cancel),
	KTEST_CASE(refused_flags),
	KTEST_CASE(dead_cpus_bh_works_run_elsewhere),
	{}
};

/* Every case on TEST_CPU (0, which never goes offline): "this CPU" stays one across sleeps. */
static int workqueue_bh_test_init(struct ktest *test)
{
	return sched_test_enter();
}

static void workqueue_bh_test_exit(struct ktest *test)
{
	sched_test_leave();
}

static struct ktest_suite workqueue_bh_suite = {
	.name = "workqueue_bh",
	.cases = workqueue_bh_cases,
	.init = workqueue_bh_test_init,
	.exit = workqueue_bh_test_exit,
};
ktest_register_suite(workqueue_bh_suite);
