/* Self-tests for kthread_worker (kernel/kthread.c): a dedicated thread that runs queued works one
 * at a time in queue order, delayed works on a timer, flush, cancel and destroy. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <ktest.h>
#include "sched_test_util.h"

#define NR_ORDER_WORKS	8

/* A work that records what it saw when it ran. */
struct probe_work {
	struct kthread_work work;
	unsigned int runs;
	unsigned long ran_at;		/* jiffies when it last ran */
	struct task_struct *ran_in;	/* current when it ran */
	int ran_on;			/* smp_processor_id() when it ran */
};

static void probe_fn(struct kthread_work *work)
{
	struct probe_work *pw = container_of(work, struct probe_work, work);

	pw->ran_at = jiffies;
	pw->ran_in = current;
	pw->ran_on = smp_processor_id();
	WRITE_ONCE(pw->runs, pw->runs + 1);
}

static void init_probe(struct probe_work *pw)
{
	memset(pw, 0, sizeof(*pw));
	kthread_init_work(&pw->work, probe_fn);
	pw->ran_on = -1;
}

struct probe_dwork {
	struct kthread_delayed_work dwork;
	unsigned int runs;
	unsigned long ran_at;
	unsigned int ran_cpu;
};

static void probe_dfn(struct kthread_work *work)
{
	struct probe_dwork *pd = container_of(work, struct probe_dwork, dwork.work);

	pd->ran_at = jiffies;
	pd->ran_cpu = smp_processor_id();
	WRITE_ONCE(pd->runs, pd->runs + 1);
}

static void init_probe_d(struct probe_dwork *pd)
{
	memset(pd, 0, sizeof(*pd));
	kthread_init_delayed_work(&pd->dwork, probe_dfn);
}

/*
 * A work that holds the worker busy until the test lets it go: whatever is queued meanwhile is
 * surely still pending, so order and "already pending" do not depend on scheduling luck.
 */
struct gate_work {
	struct kthread_work work;
	struct completion entered;
	struct completion release;
};

static void gate_fn(struct kthread_work *work)
{
	struct gate_work *gw = container_of(work, struct gate_work, work);

	complete(&gw->entered);
	wait_for_completion(&gw->release);
}

static void close_gate(struct kthread_worker *worker, struct gate_work *gw)
{
	kthread_init_work(&gw->work, gate_fn);
	init_completion(&gw->entered);
	init_completion(&gw->release);
	kthread_queue_work(worker, &gw->work);
	wait_for_completion(&gw->entered);
}

static struct kthread_worker *new_worker(struct ktest *test)
{
	struct kthread_worker *worker = kthread_create_worker(0, "ktw-test");

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, worker);
	return worker;
}

/* kthread_create_worker: a kthreadd child named from the format, running the works. */
static void create_worker_names_thread(struct ktest *test)
{
	struct kthread_worker *worker = kthread_create_worker(0, "ktw-name/%d", 42);
	struct task_struct *task;
	struct probe_work pw;

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, worker);
	task = worker->task;
	KTEST_EXPECT_STREQ(test, task->comm, "ktw-name/42");
	KTEST_EXPECT_EQ(test, task->real_parent->pid, 2);
	KTEST_EXPECT_TRUE(test, task->flags & PF_KTHREAD);
	KTEST_EXPECT_NULL(test, task->mm);
	KTEST_EXPECT_EQ(test, task->nr_cpus_allowed, (int)cpumask_weight(cpu_possible_mask));

	init_probe(&pw);
	KTEST_EXPECT_TRUE(test, kthread_queue_work(worker, &pw.work));
	kthread_flush_work(&pw.work);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_PTR_EQ(test, pw.ran_in, task);
	kthread_destroy_worker(worker);
}

/* kthread_create_worker_on_cpu: bound to its CPU (one CPU allowed, affinity fixed). */
static void create_worker_on_cpu_is_bound(struct ktest *test)
{
	struct kthread_worker *worker = kthread_create_worker_on_cpu(0, 0, "ktw-cpu/%d", 0);
	struct task_struct *task;
	struct probe_work pw;

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, worker);
	task = worker->task;
	KTEST_EXPECT_STREQ(test, task->comm, "ktw-cpu/0");
	KTEST_EXPECT_EQ(test, task->real_parent->pid, 2);
	KTEST_EXPECT_EQ(test, task->nr_cpus_allowed, 1);
	KTEST_EXPECT_TRUE(test, cpumask_test_cpu(0, &task->cpus_mask));
	KTEST_EXPECT_TRUE(test, task->flags & PF_NO_SETAFFINITY);
	KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(task));

	init_probe(&pw);
	kthread_queue_work(worker, &pw.work);
	kthread_flush_work(&pw.work);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_PTR_EQ(test, pw.ran_in, task);
	KTEST_EXPECT_EQ(test, pw.ran_on, 0);
	kthread_destroy_worker(worker);
}

static unsigned int order_log[NR_ORDER_WORKS];
static unsigned int order_len;

struct order_work {
	struct kthread_work work;
	unsigned int index;
};

static void order_fn(struct kthread_work *work)
{
	struct order_work *ow = container_of(work, struct order_work, work);

	order_log[order_len++] = ow->index;
}

/* One thread, one list: works run one after the other in the order they were queued. */
static void works_run_in_queue_order(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct order_work ow[NR_ORDER_WORKS];
	struct gate_work gate;

	order_len = 0;
	close_gate(worker, &gate);
	/* Queued in a shuffled index order, so "sorted" and "queue order" differ. */
	for (unsigned int i = 0; i < NR_ORDER_WORKS; i++) {
		kthread_init_work(&ow[i].work, order_fn);
		ow[i].index = (i * 5) % NR_ORDER_WORKS;
		KTEST_EXPECT_TRUE(test, kthread_queue_work(worker, &ow[i].work));
	}
	KTEST_EXPECT_EQ(test, order_len, 0);
	complete(&gate.release);
	kthread_flush_worker(worker);
	KTEST_EXPECT_EQ(test, order_len, NR_ORDER_WORKS);
	for (unsigned int i = 0; i < NR_ORDER_WORKS; i++)
		KTEST_EXPECT_EQ(test, order_log[i], (i * 5) % NR_ORDER_WORKS);
	kthread_destroy_worker(worker);
}

/* A pending work cannot be queued twice; once it has run it can be queued again. */
static void queue_work_false_when_pending(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct gate_work gate;
	struct probe_work pw;

	init_probe(&pw);
	close_gate(worker, &gate);
	KTEST_EXPECT_TRUE(test, kthread_queue_work(worker, &pw.work));
	KTEST_EXPECT_FALSE(test, kthread_queue_work(worker, &pw.work));
	KTEST_EXPECT_FALSE(test, kthread_queue_work(worker, &pw.work));
	complete(&gate.release);
	kthread_flush_work(&pw.work);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_TRUE(test, kthread_queue_work(worker, &pw.work));
	kthread_flush_work(&pw.work);
	KTEST_EXPECT_EQ(test, pw.runs, 2);
	kthread_destroy_worker(worker);
}

struct slow_work {
	struct kthread_work work;
	bool started;
	bool finished;
};

/* Sleeps in the middle, so a flush that does not wait would see started && !finished. */
static void slow_fn(struct kthread_work *work)
{
	struct slow_work *sw = container_of(work, struct slow_work, work);

	WRITE_ONCE(sw->started, true);
	msleep(20);
	WRITE_ONCE(sw->finished, true);
}

static void flush_work_waits_for_completion(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct slow_work sw = { 0 };

	kthread_init_work(&sw.work, slow_fn);
	kthread_queue_work(worker, &sw.work);
	kthread_flush_work(&sw.work);
	KTEST_EXPECT_TRUE(test, sw.started);
	KTEST_EXPECT_TRUE(test, sw.finished);

	/* Flushing a work that is idle returns at once and runs nothing. */
	kthread_flush_work(&sw.work);
	kthread_destroy_worker(worker);
}

static void flush_worker_waits_for_all(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct slow_work sw[3] = { 0 };
	struct probe_work pw;

	init_probe(&pw);
	for (unsigned int i = 0; i < ARRAY_SIZE(sw); i++) {
		kthread_init_work(&sw[i].work, slow_fn);
		kthread_queue_work(worker, &sw[i].work);
	}
	kthread_queue_work(worker, &pw.work);
	kthread_flush_worker(worker);
	for (unsigned int i = 0; i < ARRAY_SIZE(sw); i++)
		KTEST_EXPECT_TRUE(test, sw[i].finished);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	kthread_destroy_worker(worker);
}

/* Jiffies from just before and just after queueing to the work's run (-1 if it never ran),
 * and the ticks the host swallowed meanwhile. */
struct latency {
	long from_before;
	long from_after;
	long lost;
};

/* True when the run was not early and at most one tick late, the ticks the host swallowed
 * aside. */
static bool latency_ok(struct latency l, unsigned long delay)
{
	return l.from_before >= (long)delay && l.from_after >= 0 &&
	       l.from_after <= (long)delay + 1 + l.lost;
}

/* Queue (or re-time, with @mod_ret) @pd after @delay ticks and wait until it ran. */
static struct latency delayed_latency(struct kthread_worker *worker, struct probe_dwork *pd,
				      unsigned long delay, bool *mod_ret)
{
	unsigned int runs = READ_ONCE(pd->runs);
	unsigned long before, after, deadline;
	struct latency l = { -1, -1, 0 };
	struct tick_watch *w = kmalloc(sizeof(*w), GFP_KERNEL);
	struct cpumask cpus;

	if (!w)
		return l;
	tick_watch_start(w);
	cpumask_clear(&cpus);
	preempt_disable();
	before = jiffies;
	if (mod_ret)
		*mod_ret = kthread_mod_delayed_work(worker, &pd->dwork, delay);
	else
		kthread_queue_delayed_work(worker, &pd->dwork, delay);
	after = jiffies;
	/* The timer is on this CPU's base. */
	cpumask_set_cpu(smp_processor_id(), &cpus);
	preempt_enable();
	deadline = after + delay + HZ;
	while (READ_ONCE(pd->runs) == runs && time_before(jiffies, deadline))
		msleep(1);
	if (READ_ONCE(pd->runs) != runs) {
		l.from_before = (long)(pd->ran_at - before);
		l.from_after = (long)(pd->ran_at - after);
		cpumask_set_cpu(pd->ran_cpu, &cpus);
		l.lost = (long)tick_watch_lost(w, &cpus);
	}
	kfree(w);
	return l;
}

/*
 * The work runs after its delay, never before, and at most one tick late beyond the ticks the
 * host swallowed (tick_watch). Early is always a failure; late is retried twice, since a host
 * that stops the worker's CPU, not the timer's, delays the run without losing a tick there.
 */
static void delayed_work_fires_after_delay(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	static const unsigned long delays[] = { 1, 7, 25 };
	struct probe_dwork pd;

	init_probe_d(&pd);
	for (unsigned int i = 0; i < ARRAY_SIZE(delays); i++) {
		unsigned long d = delays[i];
		struct latency l;

		for (int attempt = 0; attempt < 3; attempt++) {
			l = delayed_latency(worker, &pd, d, NULL);
			KTEST_EXPECT_GE(test, l.from_before, (long)d);
			if (latency_ok(l, d))
				break;
		}
		KTEST_EXPECT_LE(test, l.from_after, (long)d + 1 + l.lost);
	}
	kthread_destroy_worker(worker);
}

/*
 * Not yet run while its delay lasts: it stays pending, with the expiry it was queued with, and a
 * second queueing (sooner, or at once) is refused. The delay is 10 s, which the case never
 * waits out: a shorter one (30 ticks) ran out during the 10 ms sleep on a busy host.
 */
#define PENDING_DELAY	(10 * HZ)

static void delayed_work_waits_while_pending(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct probe_dwork pd;
	unsigned long before;

	init_probe_d(&pd);
	before = jiffies;
	KTEST_EXPECT_TRUE(test, kthread_queue_delayed_work(worker, &pd.dwork, PENDING_DELAY));
	KTEST_EXPECT_FALSE(test, kthread_queue_delayed_work(worker, &pd.dwork, 1));
	KTEST_EXPECT_FALSE(test, kthread_queue_work(worker, &pd.dwork.work));
	/* Long enough for a wrongly re-armed 1-tick timer, or a wrongly queued work, to run. */
	msleep(10);
	KTEST_EXPECT_EQ(test, pd.runs, 0);
	KTEST_EXPECT_TRUE(test, timer_pending(&pd.dwork.timer));
	KTEST_EXPECT_GE(test, (long)(pd.dwork.timer.expires - before), PENDING_DELAY);
	KTEST_EXPECT_TRUE(test, kthread_cancel_delayed_work_sync(&pd.dwork));
	kthread_destroy_worker(worker);
}

/*
 * kthread_mod_delayed_work re-times a pending work (true) and runs it once, at the new time;
 * on an idle work it just queues (false); a zero delay runs it at once.
 */
static void mod_delayed_work_retimes(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct probe_dwork pd;
	bool was_pending = false;
	unsigned int attempts = 0;
	struct latency l;

	init_probe_d(&pd);
	KTEST_EXPECT_FALSE(test, kthread_mod_delayed_work(worker, &pd.dwork, 200));
	KTEST_EXPECT_TRUE(test, timer_pending(&pd.dwork.timer));
	/* Pending for 200 ticks: re-timed to 5, it runs after 5, once. */
	while (attempts++ < 3) {
		l = delayed_latency(worker, &pd, 5, &was_pending);
		KTEST_EXPECT_TRUE(test, was_pending);
		KTEST_EXPECT_GE(test, l.from_before, 5L);
		/* After the last try it must not be queued again: the checks below expect it
		 * idle (a late third try used to leave it pending and fail them all). */
		if (latency_ok(l, 5) || attempts == 3)
			break;
		kthread_queue_delayed_work(worker, &pd.dwork, 200);
	}
	KTEST_EXPECT_LE(test, l.from_after, 6L + l.lost);
	KTEST_EXPECT_EQ(test, pd.runs, min(attempts, 3U));
	KTEST_EXPECT_FALSE(test, timer_pending(&pd.dwork.timer));

	/* Pending again, then moved to "now": it runs at once, and only then. */
	KTEST_EXPECT_TRUE(test, kthread_queue_delayed_work(worker, &pd.dwork, 200));
	pd.runs = 0;
	KTEST_EXPECT_TRUE(test, kthread_mod_delayed_work(worker, &pd.dwork, 0));
	KTEST_EXPECT_FALSE(test, timer_pending(&pd.dwork.timer));
	kthread_flush_work(&pd.dwork.work);
	KTEST_EXPECT_EQ(test, pd.runs, 1);
	msleep(10);
	KTEST_EXPECT_EQ(test, pd.runs, 1);

	/* Idle (it ran): a zero-delay mod queues it, returns false, and it runs. */
	KTEST_EXPECT_FALSE(test, kthread_mod_delayed_work(worker, &pd.dwork, 0));
	kthread_flush_work(&pd.dwork.work);
	KTEST_EXPECT_EQ(test, pd.runs, 2);
	kthread_destroy_worker(worker);
}

/* Cancel a pending work (true, it never runs), an idle one (false), a running one (waits). */
static void cancel_work_sync_cases(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct slow_work sw = { 0 };
	struct gate_work gate;
	struct probe_work pw;

	init_probe(&pw);
	KTEST_EXPECT_FALSE(test, kthread_cancel_work_sync(&pw.work));

	close_gate(worker, &gate);
	kthread_queue_work(worker, &pw.work);
	KTEST_EXPECT_TRUE(test, kthread_cancel_work_sync(&pw.work));
	KTEST_EXPECT_FALSE(test, kthread_cancel_work_sync(&pw.work));
	complete(&gate.release);
	kthread_flush_worker(worker);
	KTEST_EXPECT_EQ(test, pw.runs, 0);

	/* Running, not pending: false, and it returns only after the function ended. */
	kthread_init_work(&sw.work, slow_fn);
	kthread_queue_work(worker, &sw.work);
	while (!READ_ONCE(sw.started))
		msleep(1);
	KTEST_EXPECT_FALSE(test, kthread_cancel_work_sync(&sw.work));
	KTEST_EXPECT_TRUE(test, sw.finished);
	kthread_destroy_worker(worker);
}

static void cancel_delayed_work_sync_cases(struct ktest *test)
{
	struct kthread_worker *worker = new_worker(test);
	struct probe_dwork pd;

	init_probe_d(&pd);
	KTEST_EXPECT_FALSE(test, kthread_cancel_delayed_work_sync(&pd.dwork));
	KTEST_EXPECT_TRUE(test, kthread_queue_delayed_work(worker, &pd.dwork, 10));
	KTEST_EXPECT_TRUE(test, kthread_cancel_delayed_work_sync(&pd.dwork));
	KTEST_EXPECT_FALSE(test, timer_pending(&pd.dwork.timer));
	KTEST_EXPECT_FALSE(test, kthread_cancel_delayed_work_sync(&pd.dwork));
	/* Well past its delay: a cancelled delayed work never runs. */
	msleep(30);
	KTEST_EXPECT_EQ(test, pd.runs, 0);

	/* After a cancel it can be queued again and runs normally. */
	KTEST_EXPECT_TRUE(test, kthread_queue_delayed_work(worker, &pd.dwork, 2));
	while (!READ_ONCE(pd.runs))
		msleep(1);
	KTEST_EXPECT_EQ(test, pd.runs, 1);
	kthread_destroy_worker(worker);
}

/* Wait until a dead task we hold a reference to is off the CPU for good, then let it go. */
static void reap_task(struct task_struct *p)
{
	wait_task_inactive(p, 0);
	put_task_struct(p);
}

static void destroy_one_worker(struct ktest *test, unsigned int nr_works)
{
	struct kthread_worker *worker = new_worker(test);
	struct task_struct *task = get_task_struct(worker->task);
	struct probe_work pw[4];

	for (unsigned int i = 0; i < nr_works && i < ARRAY_SIZE(pw); i++) {
		init_probe(&pw[i]);
		kthread_queue_work(worker, &pw[i].work);
	}
	kthread_destroy_worker(worker);
	/* Destroy flushes first: every work queued before it has run. */
	for (unsigned int i = 0; i < nr_works && i < ARRAY_SIZE(pw); i++)
		KTEST_EXPECT_EQ(test, pw[i].runs, 1);
	KTEST_EXPECT_TRUE(test, task->flags & PF_EXITING);
	reap_task(task);
	KTEST_EXPECT_EQ(test, READ_ONCE(task->__state), TASK_DEAD);
}

/* The thread exits, and its stack, task_struct, struct kthread and the worker are all freed. */
static void destroy_worker_stops_thread(struct ktest *test)
{
	unsigned long pages, objects;

	/* Warm up the slab caches, then empty the stack cache for an exact page count. */
	destroy_one_worker(test, 1);
	drain_cached_stacks();
	pages = nr_free_pages();
	objects = slab_objects_in_use();
	for (int i = 0; i < 5; i++)
		destroy_one_worker(test, 4);
	drain_cached_stacks();
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
}

static struct ktest_case kthread_worker_cases[] = {
	KTEST_CASE(create_worker_names_thread),
	KTEST_CASE(create_worker_on_cpu_is_bound),
	KTEST_CASE(works_run_in_queue_order),
	KTEST_CASE(queue_work_false_when_pending),
	KTEST_CASE(flush_work_waits_for_completion),
	KTEST_CASE(flush_worker_waits_for_all),
	KTEST_CASE(delayed_work_fires_after_delay),
	KTEST_CASE(delayed_work_waits_while_pending),
	KTEST_CASE(mod_delayed_work_retimes),
	KTEST_CASE(cancel_work_sync_cases),
	KTEST_CASE(cancel_delayed_work_sync_cases),
	KTEST_CASE(destroy_worker_stops_thread),
	{}
};

static struct ktest_suite kthread_worker_suite = {
	.name = "kthread_worker",
	.cases = kthread_worker_cases,
};
ktest_register_suite(kthread_worker_suite);
