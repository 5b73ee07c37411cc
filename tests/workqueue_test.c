/* Self-tests of the workqueue API (kernel/workqueue.c, suite "workqueue"): where works run,
 * ordering, flush and cancel, delayed works, the rescuer under failed worker creation,
 * allocation failure at each site, and the kworkers the boot leaves (names, nice, CPU, PPID). */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fault-inject.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <ktest.h>

/* A work that records where and in what it ran. */
struct probe_work {
	struct work_struct work;
	unsigned int runs;
	int ran_on;
	struct task_struct *ran_in;
	bool rescuer;
};

static void probe_fn(struct work_struct *work)
{
	struct probe_work *pw = container_of(work, struct probe_work, work);

	pw->ran_on = smp_processor_id();
	pw->ran_in = current;
	pw->rescuer = current_is_workqueue_rescuer();
	WRITE_ONCE(pw->runs, pw->runs + 1);
}

static void init_probe(struct probe_work *pw)
{
	memset(pw, 0, sizeof(*pw));
	INIT_WORK(&pw->work, probe_fn);
	pw->ran_on = -1;
}

/* A work that holds its worker until released: what is queued meanwhile waits. */
struct gate_work {
	struct work_struct work;
	struct completion entered;
	struct completion release;
	unsigned int runs;
};

static void gate_fn(struct work_struct *work)
{
	struct gate_work *gw = container_of(work, struct gate_work, work);

	complete(&gw->entered);
	wait_for_completion(&gw->release);
	WRITE_ONCE(gw->runs, gw->runs + 1);
}

static void init_gate(struct gate_work *gw)
{
	memset(gw, 0, sizeof(*gw));
	INIT_WORK(&gw->work, gate_fn);
	init_completion(&gw->entered);
	init_completion(&gw->release);
}

/* Open a gate from a timer @ticks from now, while the test is already waiting in a flush. */
struct gate_timer {
	struct timer_list timer;
	struct gate_work *gw;
};

static void gate_timer_fn(struct timer_list *t)
{
	struct gate_timer *gt = from_timer(gt, t, timer);

	complete_all(&gt->gw->release);
}

static void release_later(struct gate_timer *gt, struct gate_work *gw, unsigned long ticks)
{
	gt->gw = gw;
	timer_setup(&gt->timer, gate_timer_fn, 0);
	mod_timer(&gt->timer, jiffies + ticks);
}

/* Wait up to @ms for *@p to reach @v. */
static bool wait_uint(unsigned int *p, unsigned int v, unsigned int ms)
{
	for (unsigned int i = 0; i < ms; i++) {
		if (READ_ONCE(*p) >= v)
			return true;
		msleep(1);
	}
	return READ_ONCE(*p) >= v;
}

/* A work queued on CPU N runs on CPU N, in a kworker bound there, and current_work() is it. */
static struct work_struct *seen_current_work;

static void current_work_fn(struct work_struct *work)
{
	seen_current_work = current_work();
	probe_fn(work);
}

static void work_runs_on_its_cpu(struct ktest *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct probe_work pw;

		init_probe(&pw);
		INIT_WORK(&pw.work, current_work_fn);
		seen_current_work = NULL;
		KTEST_ASSERT_TRUE(test, queue_work_on(cpu, system_wq, &pw.work));
		/* Its value says whether it had to wait: the work may have run already. */
		flush_work(&pw.work);
		KTEST_EXPECT_EQ(test, pw.runs, 1);
		KTEST_EXPECT_EQ(test, pw.ran_on, cpu);
		KTEST_EXPECT_TRUE(test, pw.ran_in->flags & PF_WQ_WORKER);
		KTEST_EXPECT_EQ(test, pw.ran_in->nr_cpus_allowed, 1);
		KTEST_EXPECT_PTR_EQ(test, seen_current_work, &pw.work);
		KTEST_EXPECT_FALSE(test, work_pending(&pw.work));
	}
	KTEST_EXPECT_NULL(test, current_work());
}

/* An unbound work runs in a kworker/uX:M that may use every CPU. */
static void unbound_work_runs_anywhere(struct ktest *test)
{
	struct probe_work pw;

	init_probe(&pw);
	KTEST_ASSERT_TRUE(test, queue_work(system_unbound_wq, &pw.work));
	flush_work(&pw.work);
	KTEST_ASSERT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_TRUE(test, cpu_online(pw.ran_on));
	KTEST_EXPECT_EQ(test, strncmp(pw.ran_in->comm, "kworker/u", 9), 0);
	KTEST_EXPECT_EQ(test, pw.ran_in->nr_cpus_allowed, (int)cpumask_weight(cpu_possible_mask));
}

/* A pending work is not queued twice; after it ran it can be queued again. */
static void queue_work_false_when_pending(struct ktest *test)
{
	struct gate_work gw;
	struct probe_work pw;
	int cpu = smp_processor_id();

	init_gate(&gw);
	init_probe(&pw);
	/* An ordered queue: the probe waits behind the gate, so it surely is pending. */
	struct workqueue_struct *wq = alloc_ordered_workqueue("wq_test_ord", 0);

	KTEST_ASSERT_NOT_NULL(test, wq);
	queue_work(wq, &gw.work);
	wait_for_completion(&gw.entered);
	KTEST_EXPECT_TRUE(test, queue_work(wq, &pw.work));
	KTEST_EXPECT_FALSE(test, queue_work(wq, &pw.work));
	KTEST_EXPECT_TRUE(test, work_pending(&pw.work));
	KTEST_EXPECT_TRUE(test, work_busy(&gw.work) & WORK_BUSY_RUNNING);
	complete(&gw.release);
	flush_workqueue(wq);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_TRUE(test, queue_work_on(cpu, wq, &pw.work));
	flush_workqueue(wq);
	KTEST_EXPECT_EQ(test, pw.runs, 2);
	destroy_workqueue(wq);
}

/* An ordered workqueue runs its works one at a time, in queueing order. */
#define NR_ORDER	16

struct order_work {
	struct work_struct work;
	int idx;
};

static int order_log[NR_ORDER], order_n, order_inside, order_max_inside;

static void order_fn(struct work_struct *work)
{
	struct order_work *ow = container_of(work, struct order_work, work);
	int inside = __atomic_add_fetch(&order_inside, 1, __ATOMIC_SEQ_CST);

	if (inside > order_max_inside)
		order_max_inside = inside;
	/* Sleep in some of them: another worker could start the next one meanwhile. */
	if (ow->idx % 3 == 0)
		msleep(1);
	order_log[order_n++] = ow->idx;
	__atomic_sub_fetch(&order_inside, 1, __ATOMIC_SEQ_CST);
}

static void ordered_runs_one_at_a_time_in_order(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("wq_test_order", 0);
	struct order_work ow[NR_ORDER];

	KTEST_ASSERT_NOT_NULL(test, wq);
	order_n = order_inside = order_max_inside = 0;
	for (int i = 0; i < NR_ORDER; i++) {
		INIT_WORK(&ow[i].work, order_fn);
		ow[i].idx = i;
		/* From different CPUs' view: queue_work() from wherever we are. */
		queue_work(wq, &ow[i].work);
	}
	flush_workqueue(wq);
	KTEST_EXPECT_EQ(test, order_n, NR_ORDER);
	KTEST_EXPECT_EQ(test, order_max_inside, 1);
	for (int i = 0; i < NR_ORDER; i++)
		KTEST_EXPECT_EQ(test, order_log[i], i);
	destroy_workqueue(wq);
}

/* max_active bounds how many works of a workqueue run at once on a CPU. */
static int active_inside, active_max;

static void active_fn(struct work_struct *work)
{
	int inside = __atomic_add_fetch(&active_inside, 1, __ATOMIC_SEQ_CST);

	if (inside > active_max)
		active_max = inside;
	msleep(2);
	__atomic_sub_fetch(&active_inside, 1, __ATOMIC_SEQ_CST);
}

static void max_active_bounds_concurrency(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_ma", 0, 2);
	struct work_struct w[8];
	int cpu = smp_processor_id();

	KTEST_ASSERT_NOT_NULL(test, wq);
	active_inside = active_max = 0;
	for (int i = 0; i < 8; i++) {
		INIT_WORK(&w[i], active_fn);
		queue_work_on(cpu, wq, &w[i]);
	}
	flush_workqueue(wq);
	/* Each sleeps: CMWQ starts the next while one sleeps, up to max_active. */
	KTEST_EXPECT_EQ(test, active_max, 2);
	destroy_workqueue(wq);
}

/* flush_work waits for the instance queued before it, not for one queued after. */
static void flush_work_waits_for_queued_instance(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_fl", WQ_UNBOUND, 4);
	struct gate_timer gt;
	struct gate_work gw;

	KTEST_ASSERT_NOT_NULL(test, wq);
	init_gate(&gw);
	/* Nothing queued: nothing to wait for. */
	KTEST_EXPECT_FALSE(test, flush_work(&gw.work));
	queue_work(wq, &gw.work);
	wait_for_completion(&gw.entered);
	/* Running: flush_work returns only once it has returned. */
	release_later(&gt, &gw, 50);
	KTEST_EXPECT_TRUE(test, flush_work(&gw.work));
	KTEST_EXPECT_EQ(test, gw.runs, 1);
	del_timer_sync(&gt.timer);

	/* Running, and queued again while running: the flush waits for the running one. */
	init_gate(&gw);
	queue_work(wq, &gw.work);
	wait_for_completion(&gw.entered);
	reinit_completion(&gw.entered);
	KTEST_EXPECT_TRUE(test, queue_work(wq, &gw.work));
	/* Both instances may pass the gate, once the flush waits. */
	release_later(&gt, &gw, 50);
	KTEST_EXPECT_TRUE(test, flush_work(&gw.work));
	del_timer_sync(&gt.timer);
	/* Both instances have run: the second was queued before the flush started. */
	KTEST_EXPECT_EQ(test, gw.runs, 2);
	destroy_workqueue(wq);
}

/* cancel_work_sync of a running work waits for it; of a pending one, it never runs. */
static void cancel_running_work_waits(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("wq_test_cancel", 0);
	struct gate_work gw;
	struct probe_work pw;

	KTEST_ASSERT_NOT_NULL(test, wq);
	init_gate(&gw);
	init_probe(&pw);
	queue_work(wq, &gw.work);
	wait_for_completion(&gw.entered);
	queue_work(wq, &pw.work);
	/* Pending behind the gate: cancelled, never runs. */
	KTEST_EXPECT_TRUE(test, cancel_work_sync(&pw.work));
	KTEST_EXPECT_FALSE(test, work_pending(&pw.work));
	/* The gate is running (not pending): cancel waits until it returned. */
	complete(&gw.release);
	KTEST_EXPECT_FALSE(test, cancel_work_sync(&gw.work));
	KTEST_EXPECT_EQ(test, gw.runs, 1);
	KTEST_EXPECT_FALSE(test, work_busy(&gw.work));
	flush_workqueue(wq);
	KTEST_EXPECT_EQ(test, pw.runs, 0);
	destroy_workqueue(wq);
}

/* Delayed works: run after the delay, cancel, mod_delayed_work, flush_delayed_work. */
struct probe_dwork {
	struct delayed_work dwork;
	unsigned int runs;
	unsigned long ran_at;
	int ran_on;
};

static void probe_dfn(struct work_struct *work)
{
	struct probe_dwork *pd = container_of(to_delayed_work(work), struct probe_dwork, dwork);

	pd->ran_at = jiffies;
	pd->ran_on = smp_processor_id();
	WRITE_ONCE(pd->runs, pd->runs + 1);
}

static void delayed_work_cases(struct ktest *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct probe_dwork pd;
	unsigned long t0;

	memset(&pd, 0, sizeof(pd));
	INIT_DELAYED_WORK(&pd.dwork, probe_dfn);
	t0 = jiffies;
	KTEST_ASSERT_TRUE(test, queue_delayed_work_on(cpu, system_wq, &pd.dwork, 5));
	KTEST_EXPECT_FALSE(test, schedule_delayed_work(&pd.dwork, 5));
	KTEST_EXPECT_TRUE(test, wait_uint(&pd.runs, 1, 1000));
	KTEST_EXPECT_GE(test, (long)(pd.ran_at - t0), 5);
	KTEST_EXPECT_EQ(test, pd.ran_on, (int)cpu);

	/* Cancelled before its timer: never runs. */
	KTEST_EXPECT_TRUE(test, schedule_delayed_work(&pd.dwork, 10));
	KTEST_EXPECT_TRUE(test, cancel_delayed_work(&pd.dwork));
	KTEST_EXPECT_FALSE(test, cancel_delayed_work_sync(&pd.dwork));
	msleep(30);
	KTEST_EXPECT_EQ(test, pd.runs, 1);

	/* mod_delayed_work moves a pending timer; 0 queues at once. */
	KTEST_EXPECT_TRUE(test, schedule_delayed_work(&pd.dwork, 1000));
	KTEST_EXPECT_TRUE(test, mod_delayed_work(system_wq, &pd.dwork, 0));
	KTEST_EXPECT_TRUE(test, wait_uint(&pd.runs, 2, 1000));

	/* flush_delayed_work runs a pending one now and waits for it. */
	KTEST_EXPECT_TRUE(test, schedule_delayed_work(&pd.dwork, 1000));
	KTEST_EXPECT_TRUE(test, flush_delayed_work(&pd.dwork));
	KTEST_EXPECT_EQ(test, pd.runs, 3);
	KTEST_EXPECT_FALSE(test, delayed_work_pending(&pd.dwork));
}

/* drain_workqueue waits for chained works too. */
struct chain_work {
	struct work_struct work;
	struct workqueue_struct *wq;
	int left;
	int runs;
};

static void chain_fn(struct work_struct *work)
{
	struct chain_work *cw = container_of(work, struct chain_work, work);

	cw->runs++;
	if (--cw->left > 0)
		queue_work(cw->wq, &cw->work);
}

static void drain_waits_for_chains(struct ktest *test)
{
	struct chain_work cw = { .left = 20 };

	cw.wq = alloc_workqueue("wq_test_drain", 0, 0);
	KTEST_ASSERT_NOT_NULL(test, cw.wq);
	INIT_WORK(&cw.work, chain_fn);
	queue_work(cw.wq, &cw.work);
	drain_workqueue(cw.wq);
	KTEST_EXPECT_EQ(test, cw.runs, 20);
	destroy_workqueue(cw.wq);
}

/* Count the tasks named <prefix>...<suffix> (suffix "": not ending in H); with @cpu >= 0,
 * *@cpu_ok says each is a kworker bound to @cpu alone, child of kthreadd, nice 0 or -20 (H). */
static int count_tasks(const char *prefix, const char *suffix, int *cpu_ok, int cpu)
{
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	*cpu_ok = 1;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		size_t len = strlen(p->comm), sl = strlen(suffix);

		if (strncmp(p->comm, prefix, strlen(prefix)))
			continue;
		if (sl ? len < sl || strcmp(p->comm + len - sl, suffix) :
			 p->comm[len - 1] == 'H')
			continue;
		n++;
		if (cpu >= 0 && (p->nr_cpus_allowed != 1 || !cpumask_test_cpu(cpu, &p->cpus_mask) ||
				 task_nice(p) != (sl ? -20 : 0) || p->real_parent->pid != 2 ||
				 !(p->flags & PF_WQ_WORKER)))
			*cpu_ok = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/* The boot left, for every online CPU, kworker/N:M (nice 0) and kworker/N:MH (nice -20),
 * bound to N, children of kthreadd; and at least one kworker/uX:M. */
static void boot_landscape(struct ktest *test)
{
	unsigned int cpu;
	int ok;

	for_each_online_cpu(cpu) {
		char prefix[24];

		snprintf(prefix, sizeof(prefix), "kworker/%u:", cpu);
		KTEST_EXPECT_GE(test, count_tasks(prefix, "", &ok, cpu), 1);
		KTEST_EXPECT_TRUE(test, ok);
		KTEST_EXPECT_GE(test, count_tasks(prefix, "H", &ok, cpu), 1);
		KTEST_EXPECT_TRUE(test, ok);
	}
	KTEST_EXPECT_GE(test, count_tasks("kworker/u", "", &ok, -1), 1);
}

/* ps's name for a kworker: the comm, then the workqueue it runs or ran. */
static void worker_name_shows_workqueue(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_name", 0, 0);
	struct gate_work gw;
	char name[64], want[64];

	KTEST_ASSERT_NOT_NULL(test, wq);
	init_gate(&gw);
	queue_work_on(smp_processor_id(), wq, &gw.work);
	wait_for_completion(&gw.entered);
	/* The running worker: its current_work is the gate (found through work_busy's pool). */
	KTEST_EXPECT_TRUE(test, work_busy(&gw.work) & WORK_BUSY_RUNNING);
	complete(&gw.release);
	flush_work(&gw.work);
	destroy_workqueue(wq);

	/* After it ran, some kworker of this CPU ran "wq_test_name" last. */
	{
		struct task_struct *t;
		unsigned long flags;
		int found = 0;

		spin_lock_irqsave(&tasklist_lock, flags);
		for_each_process(t) {
			if (!(t->flags & PF_WQ_WORKER))
				continue;
			get_task_struct(t);
			spin_unlock_irqrestore(&tasklist_lock, flags);
			wq_worker_comm(name, sizeof(name), t);
			snprintf(want, sizeof(want), "%s-wq_test_name", t->comm);
			if (!strcmp(name, want))
				found++;
			put_task_struct(t);
			spin_lock_irqsave(&tasklist_lock, flags);
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
		KTEST_EXPECT_GE(test, found, 1);
	}
}

/* The console's wq: a blocked work shows in flight in its pool, one queued behind it as
 * pending, and the workqueue in the table; SysRq-T's section is printed alongside. */
static void wq_dump_shows_inflight_and_pending(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_dump", 0, 1);
	struct seq_file m = { .size = 64 * 1024 };
	struct gate_work gw;
	struct probe_work pw;

	KTEST_ASSERT_NOT_NULL(test, wq);
	m.buf = vmalloc(m.size);
	KTEST_ASSERT_NOT_NULL(test, m.buf);
	init_gate(&gw);
	init_probe(&pw);
	queue_work_on(smp_processor_id(), wq, &gw.work);
	wait_for_completion(&gw.entered);
	queue_work_on(smp_processor_id(), wq, &pw.work);
	wq_dump_show(&m, NULL);
	show_all_workqueues();
	complete(&gw.release);
	flush_workqueue(wq);
	m.buf[min(m.count, m.size - 1)] = '\0';
	KTEST_EXPECT_NOT_NULL(test, strstr(m.buf, "in-flight: gate_fn (wq_test_dump)"));
	KTEST_EXPECT_NOT_NULL(test, strstr(m.buf, "wq_test_dump "));
	KTEST_EXPECT_NOT_NULL(test, strstr(m.buf, "events "));
	KTEST_EXPECT_NOT_NULL(test, strstr(m.buf, "pool[00]"));
	vfree(m.buf);
	destroy_workqueue(wq);
}

/*
 * A WQ_MEM_RECLAIM workqueue makes progress when no worker can be created: every worker of a
 * pool is blocked, creation fails (failslab), the mayday timer calls the rescuer, which runs
 * the work. Another workqueue's work in the same pool waits until creation succeeds again.
 * The highpri pool: earlier suites' storms leave the normal pools with many idle workers.
 */
#define NR_GATES	256

static void rescuer_runs_when_creation_fails(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_reclaim", WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	struct gate_work *gates = kcalloc(NR_GATES, sizeof(*gates), GFP_KERNEL);
	struct probe_work pw;
	int cpu = cpumask_last(cpu_online_mask), n = 0;
	bool stuck = false;

	KTEST_ASSERT_NOT_NULL(test, wq);
	KTEST_ASSERT_NOT_NULL(test, gates);
	fault_inject_slab(-1, 1);
	/* Block workers one by one until a gate does not start: the pool is out of workers. */
	for (n = 0; n < NR_GATES; n++) {
		init_gate(&gates[n]);
		queue_work_on(cpu, system_highpri_wq, &gates[n].work);
		if (!wait_for_completion_timeout(&gates[n].entered, msecs_to_jiffies(100))) {
			stuck = true;
			break;
		}
	}
	if (stuck) {
		init_probe(&pw);
		queue_work_on(cpu, wq, &pw.work);
		wait_uint(&pw.runs, 1, 2000);
	}
	fault_inject_reset();
	KTEST_ASSERT_TRUE(test, stuck);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_TRUE(test, pw.rescuer);
	KTEST_EXPECT_EQ(test, pw.ran_on, cpu);
	KTEST_EXPECT_STREQ(test, pw.ran_in->comm, "wq_test_reclaim");
	/* Creation works again: the waiting gate starts, then everything drains. */
	for (int i = 0; i <= n && i < NR_GATES; i++)
		complete(&gates[i].release);
	for (int i = 0; i <= n && i < NR_GATES; i++)
		flush_work(&gates[i].work);
	KTEST_EXPECT_EQ(test, gates[n].runs, 1);
	destroy_workqueue(wq);
	kfree(gates);
}

/*
 * alloc_workqueue (and the workers and rescuer it may create) with each allocation failing in
 * turn: a clean NULL each time, nothing leaked; then it succeeds.
 */
static void alloc_failure_at_each_site(struct ktest *test)
{
	static const unsigned int flags[] = { 0, WQ_UNBOUND | WQ_HIGHPRI, WQ_MEM_RECLAIM };

	for (unsigned int f = 0; f < ARRAY_SIZE(flags); f++) {
		unsigned long objects, pages;
		struct workqueue_struct *wq;
		int fails = 0;

		/* Warm the caches (and the highpri unbound pool's first worker). */
		wq = alloc_workqueue("wq_test_fail", flags[f], 0);
		KTEST_ASSERT_NOT_NULL(test, wq);
		destroy_workqueue(wq);
		/* Let the rescuer's task be freed after its last switch before counting. */
		msleep(20);
		drain_cached_stacks();
		objects = slab_objects_in_use();
		pages = nr_free_pages();
		for (unsigned long i = 1; i < 200; i++) {
			fault_inject_slab(1, i);
			wq = alloc_workqueue("wq_test_fail", flags[f], 0);
			fault_inject_reset();
			if (wq) {
				destroy_workqueue(wq);
				break;
			}
			fails++;
		}
		/* Reap the rescuers' tasks before counting. */
		msleep(20);
		drain_cached_stacks();
		KTEST_EXPECT_GE(test, fails, 1);
		KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
		KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
		ktest_info(test, "flags 0x%x: %d allocation sites failed cleanly", flags[f], fails);
	}
}

static struct ktest_case workqueue_cases[] = {
	KTEST_CASE(boot_landscape),
	KTEST_CASE(work_runs_on_its_cpu),
	KTEST_CASE(unbound_work_runs_anywhere),
	KTEST_CASE(queue_work_false_when_pending),
	KTEST_CASE(ordered_runs_one_at_a_time_in_order),
	KTEST_CASE(max_active_bounds_concurrency),
	KTEST_CASE(flush_work_waits_for_queued_instance),
	KTEST_CASE(cancel_running_work_waits),
	KTEST_CASE(delayed_work_cases),
	KTEST_CASE(drain_waits_for_chains),
	KTEST_CASE(worker_name_shows_workqueue),
	KTEST_CASE(wq_dump_shows_inflight_and_pending),
	KTEST_CASE_TIMEOUT(rescuer_runs_when_creation_fails, 30),
	KTEST_CASE_TIMEOUT(alloc_failure_at_each_site, 30),
	{}
};

static struct ktest_suite workqueue_suite = {
	.name = "workqueue",
	.cases = workqueue_cases,
};
ktest_register_suite(workqueue_suite);
