/* Self-tests of the workqueue API (kernel/workqueue.c, suite "workqueue"): where works run,
 * ordering, flush and cancel, delayed works, the rescuer under failed worker creation,
 * allocation failure at each site of alloc_workqueue() and of worker creation, and the
 * kworkers the boot leaves (names, nice, CPU, PPID). */
#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fault-inject.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <asm/pgtable.h>
#include <ktest.h>
#include "../kernel/workqueue_internal.h"

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
	/* 50 ms: long enough that it is still pending at the second call even when the host
	 * deschedules this vCPU for a few ticks between the two (a CI run saw 5 ms pass). */
	t0 = jiffies;
	KTEST_ASSERT_TRUE(test, queue_delayed_work_on(cpu, system_wq, &pd.dwork, 50));
	KTEST_EXPECT_FALSE(test, schedule_delayed_work(&pd.dwork, 50));
	KTEST_EXPECT_TRUE(test, wait_uint(&pd.runs, 1, 1000));
	KTEST_EXPECT_GE(test, (long)(pd.ran_at - t0), 50);
	KTEST_EXPECT_EQ(test, pd.ran_on, (int)cpu);

	/* Cancelled before its timer: never runs. */
	KTEST_EXPECT_TRUE(test, schedule_delayed_work(&pd.dwork, 100));
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

/* Set make_it_fail on (or clear it from) every worker of @cpu's highpri pool: kworker/N:MH. */
static void mark_highpri_workers(int cpu, int make_it_fail)
{
	struct task_struct *p;
	unsigned long flags;
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "kworker/%d:", cpu);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		size_t len = strlen(p->comm);

		if (!strncmp(p->comm, prefix, strlen(prefix)) && len && p->comm[len - 1] == 'H')
			p->make_it_fail = make_it_fail;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void rescuer_runs_when_creation_fails(struct ktest *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wq_test_reclaim", WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	struct gate_work *gates = kcalloc(NR_GATES, sizeof(*gates), GFP_KERNEL);
	struct probe_work pw;
	int cpu = cpumask_last(cpu_online_mask), n = 0;
	bool stuck = false;

	KTEST_ASSERT_NOT_NULL(test, wq);
	KTEST_ASSERT_NOT_NULL(test, gates);
	/*
	 * Every allocation of the pool's workers fails, whichever of them manages (and
	 * kthreadd's for them): the task filter with the pool's workers marked. No other task's
	 * allocation fails, and no new worker can join unmarked, since none can be created.
	 */
	mark_highpri_workers(cpu, 1);
	fault_inject_task_filter(true);
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
	mark_highpri_workers(cpu, 0);
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
 * alloc_workqueue (and the workers and rescuer it may create) with each of this task's
 * allocations failing in turn (fail-nth: kthreadd's for the rescuer count as ours, a kworker's
 * do not): a clean NULL each time, nothing leaked; then it succeeds.
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
		for (unsigned int i = 1; i < 200; i++) {
			unsigned int left;

			set_fail_nth(current, i);
			wq = alloc_workqueue("wq_test_fail", flags[f], 0);
			left = set_fail_nth(current, 0);
			if (wq) {
				/* Nothing failed: the count had not run out. */
				KTEST_EXPECT_GT(test, left, 0);
				destroy_workqueue(wq);
				break;
			}
			KTEST_EXPECT_EQ(test, left, 0);
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

/*
 * Worker creation failing at each of its allocations in turn: create_worker()'s struct worker,
 * kthread_create()'s request and name, and in kthreadd the task_struct, the stack's pages and
 * the struct kthread (with whatever vmalloc and the slabs need underneath). One CPU's highpri
 * pool is brought down to a single idle worker, every other worker held in a gate; a probe
 * queued then wakes that worker, which finds no idle worker behind it and, as the pool's
 * manager, must create exactly one before the probe may run. While the manager sleeps out
 * CREATE_COOLDOWN, the failed attempt must have left nothing: no memory, task or PID, no
 * worker in the pool and no id taken; the retry then creates exactly one worker, with the
 * lowest free id, and the probe runs. The pool is read through the console's wq dump
 * (wq_dump_show()), which reads its counters under the pool's lock.
 */
#define CW_WQ_NAME	"wq_test_create"
#define CW_GATES	96
#define CW_MAX_IDS	128
#define CW_MAX_SITES	40

/* What wq_dump_show() shows of the pool. */
struct pool_snap {
	int nr_workers, nr_idle, nr_running, nr_pending;
	bool managing;
	int listed;				/* worker lines under the pool */
	int bad;				/* lines not kworker/N:MH, or an id seen twice */
	DECLARE_BITMAP(ids, CW_MAX_IDS);	/* the M of each worker listed */
	int idle_pid;				/* an idle worker's PID, 0 if none */
};

/* Everything a failed creation could leave behind. */
struct cw_usage {
	unsigned long pages, objects, tasks;
	int pids;
};

struct cw_state {
	struct workqueue_struct *wq;
	int cpu;
	struct gate_work *gates;
	int nr_gates;
};

/*
 * Allocated once before the walk, so that reading the pool allocates nothing; not static, so
 * that the kernel image (whose .bss every boot clears) does not carry it.
 */
#define CW_DUMP_SIZE	(64 * 1024)
static char *cw_dump;

/* The number after any spaces at *@p, which moves past it; -1 if there is none. */
static int cw_number(const char **p)
{
	const char *s = *p;
	int v = 0;

	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	*p = s;
	return v;
}

/* Where @key is in the line @line..@end, just past it; NULL if it is not there. */
static const char *cw_key(const char *line, const char *end, const char *key)
{
	const char *p = strstr(line, key);

	return p && p < end ? p + strlen(key) : NULL;
}

/* One worker line of the dump: "  kworker/N:MH    pid=P     idle". */
static void cw_worker_line(struct pool_snap *s, int cpu, const char *line, const char *end)
{
	char prefix[24];
	const char *p = line + 2;
	int id;

	s->listed++;
	snprintf(prefix, sizeof(prefix), "kworker/%d:", cpu);
	if (strncmp(p, prefix, strlen(prefix))) {
		s->bad++;
		return;
	}
	p += strlen(prefix);
	id = cw_number(&p);
	if (id < 0 || id >= CW_MAX_IDS || *p != 'H' || p[1] != ' ' || test_bit(id, s->ids)) {
		s->bad++;
		return;
	}
	__set_bit(id, s->ids);
	if (end - line >= 4 && !strncmp(end - 4, "idle", 4)) {
		p = cw_key(line, end, "pid=");
		s->idle_pid = p ? cw_number(&p) : -1;
	}
}

/* Read @cpu's highpri pool (the one the test workqueue uses there); false if not found. */
static bool pool_snapshot(int cpu, struct pool_snap *s)
{
	struct seq_file m = SEQ_FILE_INIT(cw_dump, CW_DUMP_SIZE - 1);
	const char *line, *end, *p;
	char key[32];
	int pool_id = -1;
	unsigned int c;

	memset(s, 0, sizeof(*s));
	wq_dump_show(&m, NULL);
	if (m.count >= m.size)
		return false;
	cw_dump[m.count] = '\0';

	/* The workqueue's row of the CPU -> pool table: one pool id per possible CPU. */
	snprintf(key, sizeof(key), "\n%-24s", CW_WQ_NAME);
	p = strstr(cw_dump, key);
	if (!p)
		return false;
	p += strlen(key);
	for_each_possible_cpu(c) {
		int id = cw_number(&p);

		if ((int)c == cpu)
			pool_id = id;
	}
	if (pool_id < 0)
		return false;

	snprintf(key, sizeof(key), "pool[%02d] ", pool_id);
	line = strstr(cw_dump, key);
	if (!line)
		return false;
	end = strchr(line, '\n');
	p = cw_key(line, end, "idle/workers=");
	if (!end || !p)
		return false;
	s->nr_idle = cw_number(&p);
	if (*p++ != '/')
		return false;
	s->nr_workers = cw_number(&p);
	p = cw_key(line, end, "running=");
	s->nr_running = p ? cw_number(&p) : -1;
	p = cw_key(line, end, "pending=");
	s->nr_pending = p ? cw_number(&p) : -1;
	s->managing = cw_key(line, end, " MANAGING");

	/* Its workers and pending works follow, indented, up to the next pool. */
	for (line = end + 1; !strncmp(line, "  ", 2); line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			return false;
		if (strncmp(line, "  pending: ", 11))
			cw_worker_line(s, cpu, line, end);
	}
	return true;
}

static void cw_usage_read(struct cw_usage *u)
{
	/* Stacks of freed tasks wait in a cache; give them back so the page count is exact. */
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

static int cw_tasks_named(const char *name)
{
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n += !strcmp(p->comm, name);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

static bool cw_quiet(const struct pool_snap *s)
{
	return !s->nr_running && !s->nr_pending && !s->managing;
}

/*
 * Hold workers in gates until the pool is quiet with exactly one idle worker: the next work
 * queued then makes that worker create one more. Each gate takes one idle worker; the one
 * that takes the last creates a spare before running it, which leaves one idle again.
 */
static bool cw_one_idle(struct ktest *test, struct cw_state *cw, struct pool_snap *s)
{
	for (int i = 0; i < 10000; i++) {
		struct gate_work *gw;

		if (!pool_snapshot(cw->cpu, s)) {
			KTEST_FAIL(test, "CPU %d's highpri pool not found in the wq dump", cw->cpu);
			return false;
		}
		if (!cw_quiet(s) || s->nr_idle < 1) {
			msleep(1);
			continue;
		}
		if (s->nr_idle == 1)
			return true;
		if (cw->nr_gates == CW_GATES) {
			KTEST_FAIL(test, "%d gates, still %d idle", CW_GATES, s->nr_idle);
			return false;
		}
		gw = &cw->gates[cw->nr_gates++];
		init_gate(gw);
		queue_work_on(cw->cpu, cw->wq, &gw->work);
		if (!wait_for_completion_timeout(&gw->entered, 10 * HZ)) {
			KTEST_FAIL(test, "gate %d never started", cw->nr_gates);
			return false;
		}
	}
	KTEST_FAIL(test, "never one idle worker: %d idle of %d, %d running, %d pending",
		   s->nr_idle, s->nr_workers, s->nr_running, s->nr_pending);
	return false;
}

/*
 * Read usage and pool while @mgr sleeps out CREATE_COOLDOWN after a failed attempt. True only
 * if it was asleep in TASK_INTERRUPTIBLE (which nothing else on the creation path uses) from
 * before the readings to after them, without a switch in between: then they show what the
 * failure left, not a retry under way.
 */
static bool cw_read_cooldown(int cpu, struct task_struct *mgr, struct cw_usage *u,
			     struct pool_snap *s)
{
	unsigned long switches = READ_ONCE(mgr->nvcsw) + READ_ONCE(mgr->nivcsw);

	if (READ_ONCE(mgr->__state) != TASK_INTERRUPTIBLE)
		return false;
	cw_usage_read(u);
	if (!pool_snapshot(cpu, s))
		return false;
	return READ_ONCE(mgr->__state) == TASK_INTERRUPTIBLE &&
	       READ_ONCE(mgr->nvcsw) + READ_ONCE(mgr->nivcsw) == switches;
}

enum cw_outcome {
	CW_FAILED,	/* allocation @i failed, the pool recovered */
	CW_CLEAN,	/* nothing injected: the walk is over */
	CW_MISSED,	/* injected, but the cooldown was over before we looked: try again */
	CW_BROKEN,	/* the pool did not get back to work: stop */
};

/*
 * One creation with the manager's @i-th allocation failing (under the task filter, with the
 * manager the only task marked: no other task's allocation counts or fails). The first failure
 * of a walk is left to the pool's own retry after CREATE_COOLDOWN; later ones wake the manager
 * out of its cooldown (an interruptible sleep, so a spurious wake-up it must already survive)
 * to save a second.
 */
static enum cw_outcome cw_create_once(struct ktest *test, struct cw_state *cw,
				      void (*inject)(long, unsigned long),
				      unsigned long (*injected)(void), unsigned long i, bool kick)
{
	struct pool_snap base, mid, after;
	struct cw_usage ub, um;
	struct task_struct *mgr;
	struct probe_work pw;
	DECLARE_BITMAP(want, CW_MAX_IDS);
	bool failed = false, settled = false;
	char name[24];
	unsigned long n;
	int new_id, ok;

	if (!cw_one_idle(test, cw, &base))
		return CW_BROKEN;
	mgr = base.idle_pid > 0 ? find_task_by_pid(base.idle_pid) : NULL;
	if (!mgr) {
		KTEST_FAIL(test, "no task for the idle worker's PID %d", base.idle_pid);
		return CW_BROKEN;
	}
	init_probe(&pw);
	cw_usage_read(&ub);

	/* Only the manager's allocations (and kthreadd's for it) count and fail. */
	fault_inject_task_filter(true);
	mgr->make_it_fail = 1;
	inject(1, i);
	queue_work_on(cw->cpu, cw->wq, &pw.work);
	for (int t = 0; t < 10000 && !READ_ONCE(pw.runs); t++) {
		if (injected() && cw_read_cooldown(cw->cpu, mgr, &um, &mid)) {
			failed = true;
			break;
		}
		msleep(1);
	}
	n = injected();
	fault_inject_reset();
	mgr->make_it_fail = 0;

	if (failed) {
		/* Nothing of the attempt is left: memory, task, PID, worker, id. */
		KTEST_EXPECT_EQ(test, n, 1);
		KTEST_EXPECT_EQ(test, um.pages, ub.pages);
		KTEST_EXPECT_EQ(test, um.objects, ub.objects);
		KTEST_EXPECT_EQ(test, um.tasks, ub.tasks);
		KTEST_EXPECT_EQ(test, um.pids, ub.pids);
		KTEST_EXPECT_EQ(test, mid.nr_workers, base.nr_workers);
		KTEST_EXPECT_EQ(test, mid.listed, base.listed);
		KTEST_EXPECT_TRUE(test, bitmap_equal(mid.ids, base.ids, CW_MAX_IDS));
		/* The probe waits for the creation; the manager has left the idle list. */
		KTEST_EXPECT_EQ(test, mid.nr_idle, 0);
		KTEST_EXPECT_EQ(test, mid.nr_pending, 1);
		KTEST_EXPECT_TRUE(test, mid.managing);
		KTEST_EXPECT_EQ(test, READ_ONCE(pw.runs), 0);
		if (kick)
			wake_up_state(mgr, TASK_INTERRUPTIBLE);
	}
	put_task_struct(mgr);

	/* The retry (or the one attempt) succeeds and the probe runs. */
	if (!wait_uint(&pw.runs, 1, 10000)) {
		KTEST_FAIL(test, "allocation %lu: the probe never ran", i);
		return CW_BROKEN;
	}
	/*
	 * create_worker() lists the new worker idle before it wakes it, and the worker sets
	 * PF_WQ_WORKER itself when it first runs: on a busy host that can come after the probe
	 * ran in the manager (count_tasks()'s check failed once on uefi-cd-smp2). Settled is
	 * every worker of the pool seen as one, however long the new one takes to start.
	 */
	snprintf(name, sizeof(name), "kworker/%d:", cw->cpu);
	for (int t = 0; t < 10000 && !settled; t++) {
		if (t)
			msleep(1);
		settled = pool_snapshot(cw->cpu, &after) && cw_quiet(&after) &&
			  after.nr_idle == base.nr_idle + 1 &&
			  count_tasks(name, "H", &ok, cw->cpu) == after.nr_workers && ok;
	}
	KTEST_EXPECT_TRUE(test, settled);
	KTEST_EXPECT_EQ(test, pw.runs, 1);
	KTEST_EXPECT_EQ(test, pw.ran_on, cw->cpu);
	KTEST_EXPECT_FALSE(test, pw.rescuer);

	/* Exactly one worker more, with the lowest free id: no hole, no id taken twice. */
	new_id = find_first_zero_bit(base.ids, CW_MAX_IDS);
	bitmap_copy(want, base.ids, CW_MAX_IDS);
	__set_bit(new_id, want);
	KTEST_EXPECT_EQ(test, after.nr_workers, base.nr_workers + 1);
	KTEST_EXPECT_EQ(test, after.listed, after.nr_workers);
	KTEST_EXPECT_EQ(test, after.bad, 0);
	KTEST_EXPECT_TRUE(test, bitmap_equal(after.ids, want, CW_MAX_IDS));
	snprintf(name, sizeof(name), "kworker/%d:%dH", cw->cpu, new_id);
	KTEST_EXPECT_EQ(test, cw_tasks_named(name), 1);
	snprintf(name, sizeof(name), "kworker/%d:", cw->cpu);
	KTEST_EXPECT_EQ(test, count_tasks(name, "H", &ok, cw->cpu), after.nr_workers);
	KTEST_EXPECT_TRUE(test, ok);
	KTEST_EXPECT_EQ(test, nr_tasks(), ub.tasks + 1);

	if (failed)
		return CW_FAILED;
	return n ? CW_MISSED : CW_CLEAN;
}

/* Fail allocation 1, 2, ... of a creation until one goes through; returns how many failed. */
static int cw_walk(struct ktest *test, struct cw_state *cw, void (*inject)(long, unsigned long),
		   unsigned long (*injected)(void), const char *what)
{
	int sites = 0, missed = 0;

	for (unsigned long i = 1; i <= CW_MAX_SITES; i++) {
		switch (cw_create_once(test, cw, inject, injected, i, sites > 0)) {
		case CW_CLEAN:
			return sites;
		case CW_FAILED:
			sites++;
			break;
		case CW_MISSED:
			/* A starved test thread: this allocation again, a few times at most. */
			if (++missed > 3) {
				KTEST_FAIL(test, "%s allocation %lu: injected, never seen failed",
					   what, i);
				return -1;
			}
			i--;
			break;
		case CW_BROKEN:
			return -1;
		}
	}
	KTEST_FAIL(test, "%s: creation still failing at allocation %d", what, CW_MAX_SITES);
	return -1;
}

static void create_worker_fails_cleanly_at_each_site(struct ktest *test)
{
	struct cw_state cw = { .cpu = cpumask_last(cpu_online_mask) };
	unsigned long saved = wq_idle_worker_timeout;
	struct pool_snap s;
	int slab, pages, before;

	cw_dump = vmalloc(CW_DUMP_SIZE);
	KTEST_ASSERT_NOT_NULL(test, cw_dump);
	cw.wq = alloc_workqueue(CW_WQ_NAME, WQ_HIGHPRI, 0);
	cw.gates = kcalloc(CW_GATES, sizeof(*cw.gates), GFP_KERNEL);
	if (!cw.wq || !cw.gates) {
		if (cw.wq)
			destroy_workqueue(cw.wq);
		kfree(cw.gates);
		vfree(cw_dump);
		KTEST_ASSERT_NOT_NULL(test, cw.wq);
		KTEST_ASSERT_NOT_NULL(test, cw.gates);
	}
	before = pool_snapshot(cw.cpu, &s) ? s.nr_workers : 0;

	/*
	 * A first creation with nothing failing (allocation 1000 is never reached before the
	 * reset), so that caches filled on first use do not count.
	 */
	slab = pages = -1;
	if (cw_create_once(test, &cw, fault_inject_slab, failslab_injected, 1000, false) ==
	    CW_CLEAN)
		slab = cw_walk(test, &cw, fault_inject_slab, failslab_injected, "slab");
	if (slab >= 0)
		pages = cw_walk(test, &cw, fault_inject_pages, fail_page_alloc_injected, "page");
	ktest_info(test, "CPU %d's highpri pool: %d slab and %d page allocations failed cleanly",
		   cw.cpu, slab, pages);
	/*
	 * The worker, then kthread_create()'s five: its request and name, the task_struct, the
	 * stack's vmap_area (the stack cache was drained), the struct kthread.
	 */
	KTEST_EXPECT_GE(test, slab, 6);
	/* At least the stack's pages. */
	KTEST_EXPECT_GE(test, pages, THREAD_SIZE / PAGE_SIZE);

	/*
	 * Release the gates with a short idle timeout, so that the extra idle workers are reaped
	 * now and the pool's idle timer is not left armed for five minutes (the workqueue_cmwq
	 * suite counts this pool's workers after its own short timeout).
	 */
	wq_idle_worker_timeout = msecs_to_jiffies(100);
	for (int g = 0; g < cw.nr_gates; g++)
		complete(&cw.gates[g].release);
	for (int g = 0; g < cw.nr_gates; g++)
		flush_work(&cw.gates[g].work);
	for (int t = 0; t < 5000; t++) {
		if (pool_snapshot(cw.cpu, &s) && s.nr_workers <= max(before, 2))
			break;
		msleep(1);
	}
	wq_idle_worker_timeout = saved;
	ktest_info(test, "%d gates; the pool had %d workers, %d after", cw.nr_gates, before,
		   s.nr_workers);
	destroy_workqueue(cw.wq);
	kfree(cw.gates);
	vfree(cw_dump);
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
	KTEST_CASE_TIMEOUT(create_worker_fails_cleanly_at_each_site, 120),
	{}
};

static struct ktest_suite workqueue_suite = {
	.name = "workqueue",
	.cases = workqueue_cases,
};
ktest_register_suite(workqueue_suite);
