/* Self-tests of tasklets (suite "tasklet"): where and when a scheduled tasklet runs, that it never
 * runs on two CPUs at once or while disabled, tasklet_kill(), HI before normal, the exemption
 * from the wait for a runnable ksoftirqd, and the hand-over of a dead CPU's tasklets. */
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
#include <linux/timer.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

#define TASKLET_TEST_VECTOR	0xda
#define WAIT_MS			2000	/* a tasklet that has not run by then never will */

/* What the runs of one test tasklet saw. */
struct tl_probe {
	struct tasklet_struct tasklet;
	int runs;
	int cpu;
	struct task_struct *task;
	bool serving;		/* in_serving_softirq() */
	bool irqs_off;
	unsigned long data;	/* tasklet_init()'s argument, as the function got it */
	int order;		/* its place among the runs of the case's tasklets */
};

static int run_order;

static void record(struct tl_probe *p)
{
	p->cpu = smp_processor_id();
	p->task = current;
	p->serving = in_serving_softirq();
	p->irqs_off = irqs_disabled();
	p->order = ++run_order;
	WRITE_ONCE(p->runs, p->runs + 1);
}

static void probe_callback(struct tasklet_struct *t)
{
	struct tl_probe *p = from_tasklet(p, t, tasklet);

	record(p);
}

static void probe_init(struct tl_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->cpu = -1;
	tasklet_setup(&p->tasklet, probe_callback);
}

/* Sleep until @p ran @runs times or WAIT_MS went by; true if it did. */
static bool wait_runs(struct tl_probe *p, int runs)
{
	for (int i = 0; i < WAIT_MS && READ_ONCE(p->runs) < runs; i++)
		msleep(1);
	return READ_ONCE(p->runs) >= runs;
}

static int sched_fn(void *data)
{
	struct tl_probe *p = data;

	tasklet_schedule(&p->tasklet);
	return sleep_until_stopped(0);
}

/*
 * A thread bound to each online CPU in turn schedules the tasklet from task context: it runs
 * once, on that CPU, serving a softirq with interrupts on (from task context the softirq is
 * ksoftirqd's, unless an interrupt exit gets there first).
 */
static void runs_on_the_scheduling_cpu(struct ktest *test)
{
	struct tl_probe p;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_struct *k;

		probe_init(&p);
		k = kthread_create_on_cpu(sched_fn, &p, cpu, "tl_sched/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
		wake_up_process(k);
		KTEST_EXPECT_TRUE(test, wait_runs(&p, 1));
		kthread_stop(k);
		tasklet_kill(&p.tasklet);
		KTEST_EXPECT_EQ(test, p.runs, 1);
		KTEST_EXPECT_EQ(test, p.cpu, (int)cpu);
		KTEST_EXPECT_TRUE(test, p.serving);
		KTEST_EXPECT_FALSE(test, p.irqs_off);
		KTEST_EXPECT_UEQ(test, p.tasklet.state, 0);
	}
}

static void init_func(unsigned long data)
{
	struct tl_probe *p = (struct tl_probe *)data;

	p->data = data;
	record(p);
}

static struct tl_probe declared_probe;

static void declared_callback(struct tasklet_struct *t)
{
	record(&declared_probe);
}

static DECLARE_TASKLET(declared, declared_callback);

/*
 * Scheduled with bottom halves off, a tasklet waits, through ticks whose exits see in_softirq(),
 * and runs once in local_bh_enable(), in this task, serving a softirq; scheduling it again
 * before it ran changes nothing (SCHED is a bit). The three ways to set one up call their
 * functions as they should: tasklet_setup() and DECLARE_TASKLET with the tasklet,
 * tasklet_init() with its data.
 */
static void runs_once_at_local_bh_enable(struct ktest *test)
{
	struct tl_probe setup, init;
	int cpu;

	probe_init(&setup);
	memset(&init, 0, sizeof(init));
	tasklet_init(&init.tasklet, init_func, (unsigned long)&init);
	memset(&declared_probe, 0, sizeof(declared_probe));

	local_bh_disable();
	cpu = smp_processor_id();
	tasklet_schedule(&setup.tasklet);
	tasklet_schedule(&setup.tasklet);
	tasklet_schedule(&init.tasklet);
	tasklet_schedule(&declared);
	KTEST_EXPECT_TRUE(test, test_bit(TASKLET_STATE_SCHED, &setup.tasklet.state));
	mdelay(3);
	KTEST_EXPECT_EQ(test, READ_ONCE(setup.runs), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(init.runs), 0);
	local_bh_enable();

	KTEST_EXPECT_EQ(test, setup.runs, 1);
	KTEST_EXPECT_EQ(test, setup.cpu, cpu);
	KTEST_EXPECT_PTR_EQ(test, setup.task, current);
	KTEST_EXPECT_TRUE(test, setup.serving);
	KTEST_EXPECT_UEQ(test, setup.tasklet.state, 0);
	KTEST_EXPECT_EQ(test, init.runs, 1);
	KTEST_EXPECT_UEQ(test, init.data, (unsigned long)&init);
	KTEST_EXPECT_EQ(test, declared_probe.runs, 1);
	KTEST_EXPECT_PTR_EQ(test, declared_probe.task, current);
}

/*
 * Both scheduled in one bottom-half-off section, the normal one first: the HI tasklet runs
 * first, as HI_SOFTIRQ (0) comes before TASKLET_SOFTIRQ (6) in __do_softirq()'s pass.
 */
static void hi_runs_before_normal(struct ktest *test)
{
	struct tl_probe normal, hi;

	probe_init(&normal);
	probe_init(&hi);
	run_order = 0;
	local_bh_disable();
	tasklet_schedule(&normal.tasklet);
	tasklet_hi_schedule(&hi.tasklet);
	local_bh_enable();
	KTEST_EXPECT_EQ(test, hi.runs, 1);
	KTEST_EXPECT_EQ(test, normal.runs, 1);
	KTEST_EXPECT_EQ(test, hi.order, 1);
	KTEST_EXPECT_EQ(test, normal.order, 2);
}

/* ---- One CPU at a time ------------------------------------------------------------------- */

#define HAMMER_ROUNDS	1500
#define HAMMER_RUN_US	20	/* each run lasts this long: the window for a second CPU */

static struct {
	struct tasklet_struct tasklet;
	int running;
	int overlaps;		/* runs that began while another was running */
	int runs;
	int sched_while_running; /* schedules that found the RUN bit set */
	unsigned long cpus;	/* bit n: it ran on CPU n */
	int threads_done;
} hammer;

static void hammer_callback(struct tasklet_struct *t)
{
	if (__atomic_exchange_n(&hammer.running, 1, __ATOMIC_ACQUIRE))
		__atomic_add_fetch(&hammer.overlaps, 1, __ATOMIC_RELAXED);
	__atomic_or_fetch(&hammer.cpus, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
	udelay(HAMMER_RUN_US);
	__atomic_add_fetch(&hammer.runs, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&hammer.running, 0, __ATOMIC_RELEASE);
}

/* Scheduled with bottom halves off, it runs (or is found running elsewhere) at once, in
 * local_bh_enable(); every fourth round schedules from plain task context (ksoftirqd). */
static int hammer_fn(void *unused)
{
	for (int i = 0; i < HAMMER_ROUNDS; i++) {
		bool bh = i % 4;

		if (bh)
			local_bh_disable();
		if (test_bit(TASKLET_STATE_RUN, &hammer.tasklet.state))
			__atomic_add_fetch(&hammer.sched_while_running, 1, __ATOMIC_RELAXED);
		tasklet_schedule(&hammer.tasklet);
		if (bh)
			local_bh_enable();
		udelay(1 + i % 7);
	}
	__atomic_add_fetch(&hammer.threads_done, 1, __ATOMIC_RELEASE);
	return sleep_until_stopped(0);
}

/*
 * Threads on every online CPU schedule one tasklet over and over, often while it runs on
 * another CPU (its SCHED bit is clear by then, so the schedule queues it there). Each run holds
 * a flag for HAMMER_RUN_US: no run ever finds it taken, because a CPU whose softirq finds the
 * RUN bit held re-queues the tasklet instead of running it.
 */
static void never_on_two_cpus_at_once(struct ktest *test)
{
	struct task_struct *k[NR_CPUS];
	unsigned int cpu, n = 0;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	memset(&hammer, 0, sizeof(hammer));
	tasklet_setup(&hammer.tasklet, hammer_callback);
	for_each_online_cpu(cpu) {
		k[n] = kthread_create_on_cpu(hammer_fn, NULL, cpu, "tl_hammer/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, k[n]);
		n++;
	}
	for (unsigned int i = 0; i < n; i++)
		wake_up_process(k[i]);
	for (int i = 0; i < 5 * WAIT_MS && READ_ONCE(hammer.threads_done) < (int)n; i++)
		msleep(1);
	for (unsigned int i = 0; i < n; i++)
		kthread_stop(k[i]);
	tasklet_kill(&hammer.tasklet);

	ktest_info(test, "%d runs on CPUs %#lx; %d of %d schedules found it running",
		   hammer.runs, hammer.cpus, hammer.sched_while_running, n * HAMMER_ROUNDS);
	KTEST_EXPECT_EQ(test, hammer.threads_done, (int)n);
	KTEST_EXPECT_EQ(test, hammer.overlaps, 0);
	KTEST_EXPECT_GT(test, hammer.runs, 0);
	KTEST_EXPECT_GT(test, hammer.sched_while_running, 0);
	KTEST_EXPECT_GE(test, (int)hweight_long(hammer.cpus), 2);
	KTEST_EXPECT_UEQ(test, hammer.tasklet.state, 0);
}

/* ---- Disable, kill ----------------------------------------------------------------------- */

/*
 * Disabled (twice: disables nest), a scheduled tasklet stays scheduled and does not run, though
 * its softirq keeps coming round; one enable is not enough; the last one lets it run, once.
 */
static void disabled_is_held_back_then_runs(struct ktest *test)
{
	struct tl_probe p;

	probe_init(&p);
	tasklet_disable(&p.tasklet);
	tasklet_disable(&p.tasklet);
	tasklet_schedule(&p.tasklet);
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(p.runs), 0);
	KTEST_EXPECT_TRUE(test, test_bit(TASKLET_STATE_SCHED, &p.tasklet.state));
	tasklet_enable(&p.tasklet);
	msleep(10);
	KTEST_EXPECT_EQ(test, READ_ONCE(p.runs), 0);
	tasklet_enable(&p.tasklet);
	KTEST_EXPECT_TRUE(test, wait_runs(&p, 1));
	tasklet_kill(&p.tasklet);
	KTEST_EXPECT_EQ(test, p.runs, 1);
	KTEST_EXPECT_UEQ(test, p.tasklet.state, 0);
}

#define SLOW_RUN_MS	30

static struct {
	struct tasklet_struct tasklet;
	struct timer_list release_timer;
	int cpu;
	bool started, release, done;
} slow;

/* Runs until the tester's timer releases it (or a second went by, a failure). */
static void slow_callback(struct tasklet_struct *t)
{
	WRITE_ONCE(slow.cpu, smp_processor_id());
	WRITE_ONCE(slow.started, true);
	for (int i = 0; i < 100000 && !READ_ONCE(slow.release); i++)
		udelay(10);
	WRITE_ONCE(slow.done, true);
}

static void slow_release(struct timer_list *timer)
{
	WRITE_ONCE(slow.release, true);
}

static int slow_sched_fn(void *unused)
{
	tasklet_schedule(&slow.tasklet);
	return sleep_until_stopped(0);
}

/*
 * tasklet_kill() of a tasklet running on another CPU returns only once its function has: it
 * sleeps on the RUN bit, and the timer that releases the function fires meanwhile.
 */
static void kill_waits_for_a_running_one(struct ktest *test)
{
	struct task_struct *k;
	unsigned long start, took;
	unsigned int cpu;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	cpu = cpumask_next(smp_processor_id(), cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	memset(&slow, 0, sizeof(slow));
	tasklet_setup(&slow.tasklet, slow_callback);
	timer_setup(&slow.release_timer, slow_release, 0);
	k = kthread_create_on_cpu(slow_sched_fn, NULL, cpu, "tl_slow/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	for (int i = 0; i < WAIT_MS && !READ_ONCE(slow.started); i++)
		msleep(1);
	KTEST_ASSERT_TRUE(test, READ_ONCE(slow.started));
	KTEST_EXPECT_TRUE(test, test_bit(TASKLET_STATE_RUN, &slow.tasklet.state));

	start = jiffies;
	mod_timer(&slow.release_timer, jiffies + msecs_to_jiffies(SLOW_RUN_MS));
	tasklet_kill(&slow.tasklet);
	took = jiffies - start;
	del_timer_sync(&slow.release_timer);
	kthread_stop(k);

	ktest_info(test, "ran on CPU %d; tasklet_kill() took %lu ms", slow.cpu,
		   (unsigned long)jiffies_to_msecs(took));
	KTEST_EXPECT_EQ(test, slow.cpu, (int)cpu);
	KTEST_EXPECT_TRUE(test, READ_ONCE(slow.done));
	KTEST_EXPECT_GE(test, (long)took, (long)msecs_to_jiffies(SLOW_RUN_MS) - 1);
	KTEST_EXPECT_UEQ(test, slow.tasklet.state, 0);
}

#define AGAIN_GAP_US	300	/* a run schedules the next this long after it began */
#define AGAIN_RUNS	20

static struct {
	struct tasklet_struct tasklet;
	int runs;
	int cpu;
} again;

/*
 * Schedules itself again on every run, for ever: only tasklet_kill() ends it. The SCHED bit is
 * clear from the start of a run to its tasklet_schedule(), AGAIN_GAP_US later.
 */
static void again_callback(struct tasklet_struct *t)
{
	WRITE_ONCE(again.cpu, smp_processor_id());
	WRITE_ONCE(again.runs, again.runs + 1);
	udelay(AGAIN_GAP_US);
	tasklet_schedule(t);
}

static int again_sched_fn(void *unused)
{
	tasklet_schedule(&again.tasklet);
	return sleep_until_stopped(0);
}

/*
 * tasklet_kill() of a scheduled tasklet does not take it off its CPU's list (no CPU edits
 * another's): it lets the scheduled run happen, then returns with the tasklet neither
 * scheduled nor running, and it runs no more. So a tasklet that schedules itself on every run,
 * on another CPU, stops: woken by a run's clearing of SCHED, kill takes the bit before the run
 * schedules again, and that schedule then queues nothing. (On the tasklet's own CPU the gap
 * is inside the softirq, where the killer cannot run: Linux's tasklet_kill() never ends there,
 * so the driver stops the re-scheduling first.)
 */
static void kill_stops_a_scheduled_one(struct ktest *test)
{
	struct task_struct *k;
	struct tl_probe p;
	unsigned int cpu;
	int runs;

	probe_init(&p);
	tasklet_schedule(&p.tasklet);
	tasklet_kill(&p.tasklet);
	KTEST_EXPECT_EQ(test, p.runs, 1);
	KTEST_EXPECT_UEQ(test, p.tasklet.state, 0);

	if (num_online_cpus() < 2) {
		ktest_info(test, "one CPU online: no tasklet re-scheduling itself on another");
		return;
	}
	cpu = cpumask_next(smp_processor_id(), cpu_online_mask);
	memset(&again, 0, sizeof(again));
	tasklet_setup(&again.tasklet, again_callback);
	k = kthread_create_on_cpu(again_sched_fn, NULL, cpu, "tl_again/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	for (int i = 0; i < WAIT_MS && READ_ONCE(again.runs) < AGAIN_RUNS; i++)
		msleep(1);
	KTEST_EXPECT_GE(test, READ_ONCE(again.runs), AGAIN_RUNS);
	tasklet_kill(&again.tasklet);
	runs = READ_ONCE(again.runs);
	kthread_stop(k);
	KTEST_EXPECT_UEQ(test, again.tasklet.state, 0);
	msleep(10);
	KTEST_EXPECT_EQ(test, READ_ONCE(again.runs), runs);
	KTEST_EXPECT_EQ(test, again.cpu, (int)cpu);
	KTEST_EXPECT_EQ(test, p.runs, 1);
}

/* ---- Interrupt exit while ksoftirqd is runnable ------------------------------------------ */

static struct tl_probe irq_probe;
static bool irq_schedules;

static void scheduling_vector_handler(struct pt_regs *regs, void *data)
{
	if (READ_ONCE(irq_schedules))
		tasklet_schedule(&irq_probe.tasklet);
}

static bool pending_here(unsigned int nr)
{
	return local_softirq_pending() & (1U << nr);
}

/*
 * ksoftirqd_running(): while this CPU's ksoftirqd is runnable, interrupt exits and
 * local_bh_enable() leave it the softirqs, so a raised BLOCK (no handler in Spindle) stays
 * pending through both; a tasklet scheduled meanwhile (TASKLET is in SOFTIRQ_NOW_MASK) still
 * runs at once, at the end of the interrupt that scheduled it or of the bottom-half-off section,
 * and the whole pending mask with it. An RT task on the CPU (Spindle does not throttle RT, so
 * ksoftirqd would wait for it to sleep) gets no such wait: BLOCK runs at its interrupt's exit.
 */
static void tasklets_do_not_wait_for_ksoftirqd(struct ktest *test)
{
	struct task_struct *ksoftirqd;
	struct tl_probe bh;
	int cpu;

	probe_init(&irq_probe);
	probe_init(&bh);
	WRITE_ONCE(irq_schedules, false);
	KTEST_ASSERT_EQ(test, request_vector(TASKLET_TEST_VECTOR, scheduling_vector_handler, NULL),
			0);
	preempt_disable();
	cpu = smp_processor_id();
	ksoftirqd = this_cpu_ksoftirqd();
	/* From task context the raise wakes ksoftirqd, which cannot run before preempt_enable(). */
	raise_softirq(BLOCK_SOFTIRQ);
	KTEST_EXPECT_TRUE(test, task_is_running(ksoftirqd));

	__asm__ __volatile__("int %0" : : "i"(TASKLET_TEST_VECTOR) : "memory");
	KTEST_EXPECT_TRUE(test, pending_here(BLOCK_SOFTIRQ));
	local_bh_disable();
	raise_softirq(BLOCK_SOFTIRQ);
	local_bh_enable();
	KTEST_EXPECT_TRUE(test, pending_here(BLOCK_SOFTIRQ));

	local_bh_disable();
	tasklet_schedule(&bh.tasklet);
	local_bh_enable();
	KTEST_EXPECT_EQ(test, bh.runs, 1);
	KTEST_EXPECT_PTR_EQ(test, bh.task, current);
	KTEST_EXPECT_FALSE(test, pending_here(BLOCK_SOFTIRQ));

	raise_softirq(BLOCK_SOFTIRQ);
	WRITE_ONCE(irq_schedules, true);
	__asm__ __volatile__("int %0" : : "i"(TASKLET_TEST_VECTOR) : "memory");
	KTEST_EXPECT_EQ(test, READ_ONCE(irq_probe.runs), 1);
	KTEST_EXPECT_EQ(test, irq_probe.cpu, cpu);
	KTEST_EXPECT_PTR_EQ(test, irq_probe.task, current);
	KTEST_EXPECT_FALSE(test, pending_here(BLOCK_SOFTIRQ));

	WRITE_ONCE(irq_schedules, false);
	sched_set_fifo(current);
	raise_softirq(BLOCK_SOFTIRQ);
	KTEST_EXPECT_TRUE(test, task_is_running(ksoftirqd));
	__asm__ __volatile__("int %0" : : "i"(TASKLET_TEST_VECTOR) : "memory");
	KTEST_EXPECT_FALSE(test, pending_here(BLOCK_SOFTIRQ));
	sched_set_normal(current, 0);
	preempt_enable();
	free_vector(TASKLET_TEST_VECTOR);
	tasklet_kill(&irq_probe.tasklet);
}

/* ---- CPU hotplug ------------------------------------------------------------------------- */

/* Static: if the hand-over failed they would stay on the dead CPU's lists until it is back. */
static struct tl_probe dead_normal, dead_hi;
static bool dead_scheduled;

static int dead_sched_fn(void *unused)
{
	tasklet_schedule(&dead_normal.tasklet);
	tasklet_hi_schedule(&dead_hi.tasklet);
	WRITE_ONCE(dead_scheduled, true);
	return sleep_until_stopped(0);
}

/*
 * Two disabled tasklets, one HI, scheduled on a CPU that then goes offline: they cannot run
 * there before it dies (disabled), nor after. takeover_tasklets() (CPUHP_SOFTIRQ_DEAD, on the
 * control task) moves them to the CPU that took the CPU down, and enabled they run there, once.
 */
static void dead_cpus_tasklets_run_elsewhere(struct ktest *test)
{
	struct task_struct *k;
	unsigned int cpu;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	cpu = cpumask_next(0, cpu_online_mask);
	probe_init(&dead_normal);
	probe_init(&dead_hi);
	tasklet_disable(&dead_normal.tasklet);
	tasklet_disable(&dead_hi.tasklet);
	WRITE_ONCE(dead_scheduled, false);
	k = kthread_create_on_cpu(dead_sched_fn, NULL, cpu, "tl_dead/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	for (int i = 0; i < WAIT_MS && !READ_ONCE(dead_scheduled); i++)
		msleep(1);
	kthread_stop(k);
	KTEST_ASSERT_TRUE(test, READ_ONCE(dead_scheduled));

	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(dead_normal.runs), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(dead_hi.runs), 0);
	tasklet_enable(&dead_normal.tasklet);
	tasklet_enable(&dead_hi.tasklet);
	KTEST_EXPECT_TRUE(test, wait_runs(&dead_normal, 1));
	KTEST_EXPECT_TRUE(test, wait_runs(&dead_hi, 1));
	KTEST_EXPECT_FALSE(test, cpu_online(cpu));
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
	if (dead_normal.runs && dead_hi.runs) {
		tasklet_kill(&dead_normal.tasklet);
		tasklet_kill(&dead_hi.tasklet);
	}
	ktest_info(test, "scheduled on CPU %u, ran on CPU %d and %d (HI) after it went down", cpu,
		   dead_normal.cpu, dead_hi.cpu);
	KTEST_EXPECT_EQ(test, dead_normal.runs, 1);
	KTEST_EXPECT_EQ(test, dead_hi.runs, 1);
	KTEST_EXPECT_EQ(test, dead_normal.cpu, TEST_CPU);
	KTEST_EXPECT_EQ(test, dead_hi.cpu, TEST_CPU);
}

static struct ktest_case tasklet_cases[] = {
	KTEST_CASE(runs_on_the_scheduling_cpu),
	KTEST_CASE(runs_once_at_local_bh_enable),
	KTEST_CASE(hi_runs_before_normal),
	KTEST_CASE(never_on_two_cpus_at_once),
	KTEST_CASE(disabled_is_held_back_then_runs),
	KTEST_CASE(kill_waits_for_a_running_one),
	KTEST_CASE(kill_stops_a_scheduled_one),
	KTEST_CASE(tasklets_do_not_wait_for_ksoftirqd),
	KTEST_CASE(dead_cpus_tasklets_run_elsewhere),
	{}
};

/* Every case on TEST_CPU (0, which never goes offline): "this CPU" stays one across sleeps. */
static int tasklet_test_init(struct ktest *test)
{
	return sched_test_enter();
}

static void tasklet_test_exit(struct ktest *test)
{
	sched_test_leave();
}

static struct ktest_suite tasklet_suite = {
	.name = "tasklet",
	.cases = tasklet_cases,
	.init = tasklet_test_init,
	.exit = tasklet_test_exit,
};
ktest_register_suite(tasklet_suite);
