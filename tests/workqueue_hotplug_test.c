/* Self-tests of workqueues across CPU hotplug (kernel/workqueue.c, suite "workqueue_hotplug"):
 * an offline CPU's pools are disassociated (their workers run elsewhere) and bound again when
 * it comes back; under a storm of works, 100 down/up cycles lose none and run none twice. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <ktest.h>

#define NR_STORM	64
#define NR_CYCLES	100

struct storm_work {
	struct work_struct work;
	unsigned int queued;		/* times queue_work_on() said it queued */
	unsigned int runs;		/* times the function ran */
	int inside;			/* running now: must never reach 2 */
	bool overlap;
};

static void storm_fn(struct work_struct *work)
{
	struct storm_work *sw = container_of(work, struct storm_work, work);

	if (__atomic_add_fetch(&sw->inside, 1, __ATOMIC_SEQ_CST) > 1)
		sw->overlap = true;
	__atomic_add_fetch(&sw->runs, 1, __ATOMIC_RELAXED);
	if (sw->runs % 4 == 0)
		msleep(1);
	__atomic_sub_fetch(&sw->inside, 1, __ATOMIC_SEQ_CST);
}

struct storm {
	struct storm_work *works;
	unsigned int cpu;
	bool stop;
};

/* Queue the storm's works on the CPU being cycled, again and again, until told to stop. */
static int storm_thread(void *data)
{
	struct storm *s = data;
	unsigned int i = 0;

	while (!READ_ONCE(s->stop)) {
		struct storm_work *sw = &s->works[i++ % NR_STORM];

		if (queue_work_on(s->cpu, system_wq, &sw->work))
			sw->queued++;
		if (i % NR_STORM == 0)
			usleep_range(200, 400);
	}
	return 0;
}

static void storm_survives_hotplug_cycles(struct ktest *test)
{
	struct storm s = { .cpu = cpumask_last(cpu_online_mask) };
	struct task_struct *t;
	int downs = 0;

	if (s.cpu == 0)
		ktest_skip(test, "needs a CPU that can go offline");
	s.works = kcalloc(NR_STORM, sizeof(*s.works), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, s.works);
	for (int i = 0; i < NR_STORM; i++)
		INIT_WORK(&s.works[i].work, storm_fn);
	t = kthread_create(storm_thread, &s, "wq_storm");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	kthread_bind(t, 0);
	wake_up_process(t);
	for (int c = 0; c < NR_CYCLES; c++) {
		if (remove_cpu(s.cpu) == 0)
			downs++;
		msleep(1);
		KTEST_ASSERT_EQ(test, add_cpu(s.cpu), 0);
	}
	WRITE_ONCE(s.stop, true);
	kthread_stop(t);
	for (int i = 0; i < NR_STORM; i++)
		flush_work(&s.works[i].work);
	KTEST_EXPECT_EQ(test, downs, NR_CYCLES);
	for (int i = 0; i < NR_STORM; i++) {
		struct storm_work *sw = &s.works[i];

		/* Every queueing ran exactly once (a pending work is not queued again). */
		KTEST_EXPECT_EQ(test, sw->runs, sw->queued);
		KTEST_EXPECT_FALSE(test, sw->overlap);
		KTEST_EXPECT_FALSE(test, work_pending(&sw->work));
	}
	kfree(s.works);
}

struct where_work {
	struct work_struct work;
	int ran_on;
	int nr_allowed;
	bool per_cpu;
};

static void where_fn(struct work_struct *work)
{
	struct where_work *ww = container_of(work, struct where_work, work);

	ww->ran_on = smp_processor_id();
	ww->nr_allowed = current->nr_cpus_allowed;
	ww->per_cpu = kthread_is_per_cpu(current);
}

/* Work queued for an offline CPU runs elsewhere (disassociated pool); back online, on it. */
static void offline_pool_runs_elsewhere_then_rebinds(struct ktest *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct where_work ww;

	if (cpu == 0)
		ktest_skip(test, "needs a CPU that can go offline");
	INIT_WORK(&ww.work, where_fn);
	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	queue_work_on(cpu, system_wq, &ww.work);
	flush_work(&ww.work);
	KTEST_EXPECT_NE(test, ww.ran_on, (int)cpu);
	KTEST_EXPECT_GT(test, ww.nr_allowed, 1);
	KTEST_EXPECT_FALSE(test, ww.per_cpu);
	KTEST_ASSERT_EQ(test, add_cpu(cpu), 0);
	queue_work_on(cpu, system_highpri_wq, &ww.work);
	flush_work(&ww.work);
	KTEST_EXPECT_EQ(test, ww.ran_on, (int)cpu);
	KTEST_EXPECT_EQ(test, ww.nr_allowed, 1);
	KTEST_EXPECT_TRUE(test, ww.per_cpu);
}

static struct ktest_case workqueue_hotplug_cases[] = {
	KTEST_CASE(offline_pool_runs_elsewhere_then_rebinds),
	KTEST_CASE_TIMEOUT(storm_survives_hotplug_cycles, 120),
	{}
};

static struct ktest_suite workqueue_hotplug_suite = {
	.name = "workqueue_hotplug",
	.cases = workqueue_hotplug_cases,
};
ktest_register_suite(workqueue_hotplug_suite);
