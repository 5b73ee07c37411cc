/*
 * The fault_inject suite: Linux's per-task fault injection (fail-nth, make-it-fail and the task
 * filter), and a walk of every injection site on the kthread paths: smpboot thread creation, each
 * add_cpu() and remove_cpu() step, cpuhp_setup_state(), stop_machine(), kthread_create_worker()
 * and vmalloc() at every page. Each failure must return its error, roll back (a CPU that fails
 * to come up is offline with its per-CPU threads parked, one that fails to go down is online
 * and active) and leak nothing; then the same operation succeeds.
 */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smpboot.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <ktest.h>

#define GFP_TEST	(GFP_KERNEL | __GFP_NOWARN)
/* More calls than any walked operation makes: a walk that gets here never succeeded. */
#define MAX_SITES	200
/* Ticks to wait for stopped threads and reaped workers to be freed before a leak check. */
#define SETTLE_TICKS	2000

/* ---- Leak checks ---------------------------------------------------------------------------- */

struct usage {
	unsigned long pages, objects, tasks;
	int pids;
};

/*
 * Pages are counted free, in kernel page tables or in slabs: a rollback that frees threads
 * and makes them again (the smpboot walk) may leave the same objects spread over one slab more
 * than before, which is not a leak, while a leaked object shows in the object count.
 */
static void usage_read(struct usage *u)
{
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages() + nr_slab_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

static bool usage_equal(const struct usage *a, const struct usage *b)
{
	return a->pages == b->pages && a->objects == b->objects && a->tasks == b->tasks &&
	       a->pids == b->pids;
}

/* A thread stopped by a rollback is freed after its last switch: give that a moment, no more. */
static void expect_usage(struct ktest *test, const struct usage *base, const char *what, int k)
{
	struct usage now;

	for (int i = 0; i < SETTLE_TICKS; i++) {
		usage_read(&now);
		if (usage_equal(&now, base))
			return;
		schedule_timeout_uninterruptible(1);
	}
	KTEST_FAIL(test, "%s, call %d: pages %lu/%lu, objects %lu/%lu, tasks %lu/%lu, pids %d/%d",
		   what, k, now.pages, base->pages, now.objects, base->objects, now.tasks,
		   base->tasks, now.pids, base->pids);
}

/* How many tasks are named @name (comm). */
static int tasks_named(const char *name)
{
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (!strcmp(p->comm, name) && !(p->flags & PF_EXITING))
			n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

static struct task_struct *task_named(const char *fmt, unsigned int cpu)
{
	char name[TASK_COMM_LEN];
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	snprintf(name, sizeof(name), fmt, cpu);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!strcmp(p->comm, name) && !(p->flags & PF_EXITING)) {
			found = get_task_struct(p);
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static int fault_inject_test_init(struct ktest *test)
{
	fault_inject_reset();
	set_fail_nth(current, 0);
	current->make_it_fail = 0;
	return 0;
}

/* Disarm first: a case that ended on a failed ASSERT may have left something armed. */
static void fault_inject_test_exit(struct ktest *test)
{
	unsigned int cpu;

	fault_inject_reset();
	set_fail_nth(current, 0);
	current->make_it_fail = 0;
	for_each_possible_cpu(cpu)
		cpuhp_set_fail(cpu, CPUHP_INVALID);
	/* Nobody holds a count now: the allocation hot path is back to its single branch. */
	KTEST_EXPECT_EQ(test, READ_ONCE(fail_nth_tasks), 0);
}

/* The last online CPU, which the hotplug walks take down and up; skips on one CPU. */
static unsigned int walk_cpu(struct ktest *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);

	if (!cpu)
		ktest_skip(test, "needs two online CPUs (one to take down and up)");
	return cpu;
}

/* ---- The knobs themselves ------------------------------------------------------------------- */

struct other {
	struct completion done;
	int ok;
};

static int alloc_a_few(void *data)
{
	struct other *o = data;

	for (int i = 0; i < 10; i++) {
		void *p = kmalloc(64, GFP_TEST);

		o->ok += p != NULL;
		kfree(p);
	}
	complete(&o->done);
	while (!kthread_should_stop())
		schedule_timeout_uninterruptible(1);
	return 0;
}

/* Another task's ten allocations, made while ours are armed: how many succeeded. */
static int other_task_allocations(void)
{
	struct task_struct *p;
	struct other o = { .ok = 0 };

	init_completion(&o.done);
	p = kthread_run(alloc_a_few, &o, "fi_other");
	if (IS_ERR(p))
		return -1;
	wait_for_completion(&o.done);
	kthread_stop(p);
	return o.ok;
}

/*
 * fail-nth: the Nth fault-injectable call of this task fails, whichever attribute it goes
 * through, and the count is this task's alone; /proc/self/fail-nth reads and writes it.
 */
static void fail_nth_fails_this_tasks_nth_call(struct ktest *test)
{
	unsigned long slab = failslab_injected(), pages = fail_page_alloc_injected();
	struct page *page;
	char *buf = NULL;
	void *p;

	KTEST_EXPECT_EQ(test, set_fail_nth(current, 3), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(fail_nth_tasks), 1);
	p = kmalloc(32, GFP_TEST);
	KTEST_EXPECT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, get_fail_nth(current), 2);
	/* kthread_run() allocates too, but as the creator: so fail-nth is handed to kthreadd and
	 * back (kthread suite); here the count is reset around it. */
	set_fail_nth(current, 0);
	KTEST_EXPECT_EQ(test, other_task_allocations(), 10);
	set_fail_nth(current, 2);
	page = alloc_pages(GFP_TEST, 0);
	KTEST_EXPECT_NOT_NULL(test, page);
	KTEST_EXPECT_EQ(test, get_fail_nth(current), 1);
	KTEST_EXPECT_NULL(test, kmalloc(32, GFP_TEST));
	KTEST_EXPECT_EQ(test, get_fail_nth(current), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(fail_nth_tasks), 0);
	KTEST_EXPECT_EQ(test, failslab_injected(), slab + 1);
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), pages);
	/* Used up: the next call works, and the attributes were never armed. */
	KTEST_EXPECT_FALSE(test, failslab_armed);
	kfree(p);
	p = kmalloc(32, GFP_TEST);
	KTEST_EXPECT_NOT_NULL(test, p);
	kfree(p);
	if (page)
		__free_pages(page, 0);

	/* The same through /proc/self/fail-nth, as a Linux test writes it. */
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/fail-nth", "1\n", 2), 2);
	KTEST_EXPECT_EQ(test, get_fail_nth(current), 1);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, 0));
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), pages + 1);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc/self/fail-nth", &buf), 2);
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "0\n");
	kfree(buf);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/fail-nth", "x\n", 2), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/fail-nth", "-1", 2), -EINVAL);
	KTEST_EXPECT_EQ(test, get_fail_nth(current), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(fail_nth_tasks), 0);
}

/*
 * make-it-fail and the task filter: an armed attribute with the filter on fails only tasks
 * that have make_it_fail; another task allocating all the while is untouched.
 */
static void task_filter_fails_only_marked_tasks(struct ktest *test)
{
	char *buf = NULL;

	fault_inject_task_filter(true);
	fault_inject_slab(-1, 1);
	/* Not marked yet: nobody fails. */
	KTEST_EXPECT_EQ(test, other_task_allocations(), 10);
	buf = kmalloc(16, GFP_TEST);
	KTEST_EXPECT_NOT_NULL(test, buf);
	kfree(buf);
	KTEST_EXPECT_EQ(test, failslab_injected(), 0);

	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/make-it-fail", "1\n", 2), 2);
	KTEST_EXPECT_EQ(test, current->make_it_fail, 1);
	KTEST_EXPECT_NULL(test, kmalloc(16, GFP_TEST));
	KTEST_EXPECT_NULL(test, kmalloc(16, GFP_TEST));
	KTEST_EXPECT_EQ(test, failslab_injected(), 2);
	current->make_it_fail = 0;
	/* The other task is not marked, so its ten allocations (and its creation, which kthreadd
	 * makes for an unmarked creator) all succeed. */
	KTEST_EXPECT_EQ(test, other_task_allocations(), 10);
	KTEST_EXPECT_EQ(test, failslab_injected(), 2);
	fault_inject_reset();

	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/make-it-fail", "2", 1), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/self/make-it-fail", "0", 1), 1);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc/self/make-it-fail", &buf), 2);
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "0\n");
	kfree(buf);
}

static int quick_fn(void *unused)
{
	return 0;
}

/*
 * kthread_create() with fail-nth: the creator's count runs on through kthreadd's fork (the
 * task_struct, the stack, the struct kthread are made by kthreadd for the creator), so every
 * allocation of the creation is walked; what kthreadd left of the count comes back to the
 * creator, who goes on counting from there.
 */
static void kthread_create_counts_kthreadds_calls(struct ktest *test)
{
	unsigned long slab0, pages0;
	struct usage base;
	int k, slab = 0, pages = 0;

	for (k = 1; k <= MAX_SITES; k++) {
		struct task_struct *p;
		unsigned int left;

		usage_read(&base);
		slab0 = failslab_injected();
		pages0 = fail_page_alloc_injected();
		set_fail_nth(current, k);
		p = kthread_create(quick_fn, NULL, "fi_create");
		left = set_fail_nth(current, 0);
		if (!IS_ERR(p)) {
			/* Nothing failed, and the count came back less what the creation used. */
			KTEST_EXPECT_GT(test, left, 0);
			KTEST_EXPECT_LT(test, left, (unsigned int)k);
			KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
			break;
		}
		KTEST_EXPECT_EQ(test, PTR_ERR(p), -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		slab += failslab_injected() - slab0;
		pages += fail_page_alloc_injected() - pages0;
		KTEST_EXPECT_EQ(test, failslab_injected() - slab0 +
				fail_page_alloc_injected() - pages0, 1);
		expect_usage(test, &base, "kthread_create", k);
	}
	KTEST_EXPECT_LE(test, k, MAX_SITES);
	ktest_info(test, "kthread_create: %d slab and %d page calls failed in turn", slab, pages);
	/* The request and the name (the creator's), the task_struct, the stack's vmap_area and
	 * the struct kthread (kthreadd's), and the stack's pages (kthreadd's). */
	KTEST_EXPECT_GE(test, slab, 5);
	KTEST_EXPECT_GE(test, pages, (int)(THREAD_SIZE / PAGE_SIZE));
	KTEST_EXPECT_EQ(test, get_fail_nth(kthreadd_task), 0);
	KTEST_EXPECT_EQ(test, kthreadd_task->make_it_fail, 0);

	/* After a creation the creator's count goes on: the second kmalloc after it fails. */
	drain_cached_stacks();
	set_fail_nth(current, MAX_SITES);
	{
		struct task_struct *p = kthread_create(quick_fn, NULL, "fi_create");
		unsigned int left = get_fail_nth(current);
		void *a;

		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		KTEST_EXPECT_LT(test, left, (unsigned int)MAX_SITES - 5);
		set_fail_nth(current, 2);
		a = kmalloc(8, GFP_TEST);
		KTEST_EXPECT_NOT_NULL(test, a);
		KTEST_EXPECT_NULL(test, kmalloc(8, GFP_TEST));
		kfree(a);
		KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
	}
}

/* ---- vmalloc at every page ------------------------------------------------------------------ */

#define VMALLOC_PAGES	8

/*
 * vmalloc() of VMALLOC_PAGES pages failing at each of its calls in turn (the area's
 * descriptor, every page, any page-table page): NULL, and every page mapped so far given back.
 */
static void vmalloc_fails_at_every_page(struct ktest *test)
{
	int k, pages = 0, slab = 0;

	/* A first one, so that page tables made on first use do not move the baseline. */
	vfree(vmalloc(VMALLOC_PAGES * PAGE_SIZE));
	for (k = 1; k <= MAX_SITES; k++) {
		unsigned long slab0 = failslab_injected(), pages0 = fail_page_alloc_injected();
		struct usage base;
		unsigned int left;
		void *v;

		usage_read(&base);
		set_fail_nth(current, k);
		v = vmalloc(VMALLOC_PAGES * PAGE_SIZE);
		left = set_fail_nth(current, 0);
		if (v) {
			KTEST_EXPECT_GT(test, left, 0);
			memset(v, 0x5a, VMALLOC_PAGES * PAGE_SIZE);
			vfree(v);
			break;
		}
		KTEST_EXPECT_EQ(test, left, 0);
		pages += fail_page_alloc_injected() - pages0;
		slab += failslab_injected() - slab0;
		expect_usage(test, &base, "vmalloc", k);
	}
	KTEST_EXPECT_LE(test, k, MAX_SITES);
	ktest_info(test, "vmalloc of %d pages: %d page and %d slab calls failed in turn",
		   VMALLOC_PAGES, pages, slab);
	KTEST_EXPECT_GE(test, pages, VMALLOC_PAGES);
	KTEST_EXPECT_GE(test, slab, 1);
}

/* ---- kthread_create_worker ------------------------------------------------------------------ */

static void kthread_create_worker_fails_cleanly_at_each_call(struct ktest *test)
{
	int k;

	/* Once first, so that caches filled on first use do not count. */
	kthread_destroy_worker(kthread_create_worker(0, "fi_worker"));
	for (k = 1; k <= MAX_SITES; k++) {
		struct kthread_worker *w;
		struct usage base;
		unsigned int left;

		usage_read(&base);
		set_fail_nth(current, k);
		w = kthread_create_worker(0, "fi_worker");
		left = set_fail_nth(current, 0);
		if (!IS_ERR(w)) {
			KTEST_EXPECT_GT(test, left, 0);
			KTEST_EXPECT_EQ(test, tasks_named("fi_worker"), 1);
			kthread_destroy_worker(w);
			break;
		}
		KTEST_EXPECT_EQ(test, PTR_ERR(w), -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		KTEST_EXPECT_EQ(test, tasks_named("fi_worker"), 0);
		expect_usage(test, &base, "kthread_create_worker", k);
	}
	KTEST_EXPECT_LE(test, k, MAX_SITES);
	ktest_info(test, "kthread_create_worker: %d calls failed in turn", k - 1);
	/* The worker, then kthread_create()'s five and the stack's pages. */
	KTEST_EXPECT_GE(test, k - 1, 6 + (int)(THREAD_SIZE / PAGE_SIZE));
}

/* ---- smpboot thread creation ---------------------------------------------------------------- */

static DEFINE_PER_CPU(struct task_struct *, fi_threads);

static int fi_thread_should_run(unsigned int cpu)
{
	return 0;
}

static void fi_thread_fn(unsigned int cpu)
{
}

static struct smp_hotplug_thread fi_hotplug_thread = {
	.store			= &fi_threads,
	.thread_should_run	= fi_thread_should_run,
	.thread_fn		= fi_thread_fn,
	.thread_comm		= "fi_smpboot/%u",
};

static int fi_threads_alive(void)
{
	unsigned int cpu;
	int n = 0;

	for_each_possible_cpu(cpu) {
		struct task_struct *p = task_named("fi_smpboot/%u", cpu);

		if (p) {
			n++;
			put_task_struct(p);
		}
	}
	return n;
}

/*
 * smpboot_register_percpu_thread() failing at each call in turn: -ENOMEM, and none of the
 * threads it made for the CPUs before the failing one is left.
 */
static void smpboot_register_fails_cleanly_at_each_call(struct ktest *test)
{
	int k;

	for (k = 1; k <= MAX_SITES; k++) {
		struct usage base;
		unsigned int left;
		int ret;

		usage_read(&base);
		set_fail_nth(current, k);
		ret = smpboot_register_percpu_thread(&fi_hotplug_thread);
		left = set_fail_nth(current, 0);
		if (!ret) {
			KTEST_EXPECT_GT(test, left, 0);
			KTEST_EXPECT_EQ(test, fi_threads_alive(), (int)num_online_cpus());
			smpboot_unregister_percpu_thread(&fi_hotplug_thread);
			break;
		}
		KTEST_EXPECT_EQ(test, ret, -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		KTEST_EXPECT_EQ(test, fi_threads_alive(), 0);
		expect_usage(test, &base, "smpboot_register_percpu_thread", k);
	}
	KTEST_EXPECT_LE(test, k, MAX_SITES);
	ktest_info(test, "smpboot_register_percpu_thread on %u CPUs: %d calls failed in turn",
		   num_online_cpus(), k - 1);
	/* Per CPU: the thread data and kthread_create()'s five. */
	KTEST_EXPECT_GE(test, k - 1, 6 * (int)num_online_cpus());
	KTEST_EXPECT_EQ(test, fi_threads_alive(), 0);
}

/* Is @cpu down with its state machine at CPUHP_OFFLINE and its smpboot threads parked? */
static void expect_cpu_offline(struct ktest *test, unsigned int cpu, const char *what, int k)
{
	static const char *const fmt[] = { "cpuhp/%u", "migration/%u", "ksoftirqd/%u" };

	if (cpu_online(cpu) || cpu_active(cpu) || cpuhp_get_state(cpu) != CPUHP_OFFLINE)
		KTEST_FAIL(test, "%s %d: CPU %u online %d active %d at state %d", what, k, cpu,
			   cpu_online(cpu), cpu_active(cpu), cpuhp_get_state(cpu));
	for (unsigned int i = 0; i < ARRAY_SIZE(fmt); i++) {
		struct task_struct *p = task_named(fmt[i], cpu);

		if (!p) {
			KTEST_FAIL(test, "%s %d: no %s for CPU %u", what, k, fmt[i], cpu);
			continue;
		}
		if (READ_ONCE(p->__state) != TASK_PARKED)
			KTEST_FAIL(test, "%s %d: %s not parked (state %#x)", what, k, p->comm,
				   READ_ONCE(p->__state));
		put_task_struct(p);
	}
}

/* Is @cpu up, active, at CPUHP_ONLINE, with its smpboot threads out of the parked state? */
static void expect_cpu_online(struct ktest *test, unsigned int cpu, const char *what, int k)
{
	static const char *const fmt[] = { "cpuhp/%u", "migration/%u", "ksoftirqd/%u" };

	if (!cpu_online(cpu) || !cpu_active(cpu) || cpuhp_get_state(cpu) != CPUHP_ONLINE)
		KTEST_FAIL(test, "%s %d: CPU %u online %d active %d at state %d", what, k, cpu,
			   cpu_online(cpu), cpu_active(cpu), cpuhp_get_state(cpu));
	for (unsigned int i = 0; i < ARRAY_SIZE(fmt); i++) {
		struct task_struct *p = task_named(fmt[i], cpu);

		if (!p) {
			KTEST_FAIL(test, "%s %d: no %s for CPU %u", what, k, fmt[i], cpu);
			continue;
		}
		if (READ_ONCE(p->__state) == TASK_PARKED)
			KTEST_FAIL(test, "%s %d: %s still parked", what, k, p->comm);
		put_task_struct(p);
	}
}

/*
 * add_cpu() of a CPU that has no thread of a newly registered smp_hotplug_thread yet (it was
 * down at registration): CPUHP_CREATE_THREADS makes it, and each of its calls fails in turn.
 * The CPU stays offline, -ENOMEM, nothing leaks; after each failure the registration is made
 * again, so a thread made before the failing call (kept parked, as Linux keeps it) does not
 * shorten the next attempt. Then add_cpu() succeeds and the new thread runs on the CPU.
 */
static void cpu_up_creating_smpboot_thread_fails_at_each_call(struct ktest *test)
{
	unsigned int cpu = walk_cpu(test);
	struct task_struct *t;
	int k, ret = 0;

	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KTEST_ASSERT_EQ(test, smpboot_register_percpu_thread(&fi_hotplug_thread), 0);
	for (k = 1; k <= MAX_SITES; k++) {
		struct usage base;
		unsigned int left;

		usage_read(&base);
		set_fail_nth(current, k);
		ret = add_cpu(cpu);
		left = set_fail_nth(current, 0);
		if (!ret) {
			KTEST_EXPECT_GT(test, left, 0);
			break;
		}
		KTEST_EXPECT_EQ(test, ret, -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		expect_cpu_offline(test, cpu, "cpu_up (thread creation) call", k);
		smpboot_unregister_percpu_thread(&fi_hotplug_thread);
		KTEST_EXPECT_EQ(test, fi_threads_alive(), 0);
		KTEST_ASSERT_EQ(test, smpboot_register_percpu_thread(&fi_hotplug_thread), 0);
		expect_usage(test, &base, "cpu_up (thread creation)", k);
	}
	KTEST_EXPECT_EQ(test, ret, 0);
	ktest_info(test, "add_cpu(%u) creating fi_smpboot/%u: %d calls failed in turn", cpu, cpu,
		   k - 1);
	/* The thread data and kthread_create()'s five. */
	KTEST_EXPECT_GE(test, k - 1, 6);
	expect_cpu_online(test, cpu, "cpu_up (thread creation), then", k);
	t = task_named("fi_smpboot/%u", cpu);
	KTEST_EXPECT_NOT_NULL(test, t);
	if (t) {
		KTEST_EXPECT_NE(test, READ_ONCE(t->__state), TASK_PARKED);
		KTEST_EXPECT_EQ(test, t->nr_cpus_allowed, 1);
		KTEST_EXPECT_TRUE(test, cpumask_test_cpu(cpu, &t->cpus_mask));
		put_task_struct(t);
	}
	smpboot_unregister_percpu_thread(&fi_hotplug_thread);
	KTEST_EXPECT_EQ(test, fi_threads_alive(), 0);
}

/* ---- Every add_cpu() and remove_cpu() step, through the hotplug/fail hook ------------------- */

/* A dynamic state of the walk's own, so that the AP_ONLINE_DYN range is walked too: its
 * callbacks count, and every startup must be matched by a teardown after a rollback. */
static int dyn_up[NR_CPUS], dyn_down[NR_CPUS];

static int dyn_startup(unsigned int cpu)
{
	dyn_up[cpu]++;
	return 0;
}

static int dyn_teardown(unsigned int cpu)
{
	dyn_down[cpu]++;
	return 0;
}

/*
 * add_cpu() failing at each step that has a startup callback (the hotplug/fail hook, Linux's
 * own test mechanism): -EAGAIN, the CPU back offline at CPUHP_OFFLINE with its threads parked,
 * the dynamic state's startups undone, nothing leaked; then it comes up.
 */
static void cpu_up_fails_at_each_step(struct ktest *test)
{
	unsigned int cpu = walk_cpu(test);
	int state, walked = 0;
	char path[64], *buf = NULL;

	memset(dyn_up, 0, sizeof(dyn_up));
	memset(dyn_down, 0, sizeof(dyn_down));
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "fi:dyn", dyn_startup, dyn_teardown);
	KTEST_ASSERT_GE(test, state, (int)CPUHP_AP_ONLINE_DYN);
	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);

	/* Refused as Linux refuses: atomic steps, and states out of range. */
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_AP_SCHED_STARTING), -EINVAL);
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_ONLINE + 1), -EINVAL);
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_BRINGUP_CPU), -EINVAL);
	/* Spindle's: a teardown-only step would not fail on the way up. */
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_TEARDOWN_CPU), -EINVAL);

	for (int s = CPUHP_OFFLINE + 1; s < CPUHP_ONLINE; s++) {
		struct usage base;
		int ret;

		if (!cpuhp_state_has_callback(s, true))
			continue;
		if (cpuhp_set_fail(cpu, s)) {
			/* Only the steps above may be refused. */
			if (s != CPUHP_BRINGUP_CPU &&
			    !(s >= CPUHP_AP_IDLE_DEAD && s < CPUHP_AP_ONLINE))
				KTEST_FAIL(test, "cpuhp_set_fail(%u, %d) refused", cpu, s);
			continue;
		}
		usage_read(&base);
		ret = add_cpu(cpu);
		if (ret != -EAGAIN)
			KTEST_FAIL(test, "add_cpu(%u) failing at %s (%d): %d", cpu,
				   cpuhp_state_name(s), s, ret);
		KTEST_EXPECT_EQ(test, cpuhp_get_fail(cpu), CPUHP_INVALID);
		expect_cpu_offline(test, cpu, "cpu_up failing at step", s);
		if (dyn_up[cpu] != dyn_down[cpu])
			KTEST_FAIL(test, "failing at %d: fi:dyn started %d, torn down %d times", s,
				   dyn_up[cpu], dyn_down[cpu]);
		expect_usage(test, &base, "cpu_up failing at step", s);
		walked++;
	}
	ktest_info(test, "add_cpu(%u): failed at each of %d steps", cpu, walked);
	/* CREATE_THREADS, WORKQUEUE_PREP, KICK_AP, SMPBOOT_THREADS, WORKQUEUE_ONLINE, fi:dyn,
	 * ACTIVE at least. */
	KTEST_EXPECT_GE(test, walked, 7);

	/* Once through the file, then the CPU comes up after all. */
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/hotplug/fail", cpu);
	KTEST_EXPECT_EQ(test, proc_write_path(path, "1\n", 2), 2);
	KTEST_EXPECT_EQ(test, proc_read_path(path, &buf), 2);
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "1\n");
	kfree(buf);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), -EAGAIN);
	KTEST_EXPECT_EQ(test, proc_write_path(path, "-1", 2), 2);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
	expect_cpu_online(test, cpu, "cpu_up after the walk", 0);
	KTEST_EXPECT_EQ(test, dyn_up[cpu], dyn_down[cpu] + 1);
	cpuhp_remove_state(state);
}

/*
 * remove_cpu() failing at each step that has a teardown callback, CPUHP_TEARDOWN_CPU included:
 * -EAGAIN, the CPU rolled back online, active, at CPUHP_ONLINE with its threads running, the
 * dynamic state's teardowns redone; then it goes down and comes up.
 */
static void cpu_down_fails_at_each_step(struct ktest *test)
{
	unsigned int cpu = walk_cpu(test);
	int state, walked = 0;

	memset(dyn_up, 0, sizeof(dyn_up));
	memset(dyn_down, 0, sizeof(dyn_down));
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "fi:dyn", dyn_startup, dyn_teardown);
	KTEST_ASSERT_GE(test, state, (int)CPUHP_AP_ONLINE_DYN);

	/* Refused while the CPU is up: the control CPU's steps (DEAD steps going down). */
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_CREATE_THREADS), -EINVAL);
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_TIMERS_PREPARE), -EINVAL);
	KTEST_EXPECT_EQ(test, cpuhp_set_fail(cpu, CPUHP_AP_SMPCFD_DYING), -EINVAL);

	for (int s = CPUHP_ONLINE - 1; s > CPUHP_BRINGUP_CPU; s--) {
		struct usage base;
		int ret;

		if (!cpuhp_state_has_callback(s, false))
			continue;
		if (cpuhp_set_fail(cpu, s)) {
			if (!(s >= CPUHP_AP_IDLE_DEAD && s < CPUHP_AP_ONLINE))
				KTEST_FAIL(test, "cpuhp_set_fail(%u, %d) refused", cpu, s);
			continue;
		}
		usage_read(&base);
		ret = remove_cpu(cpu);
		if (ret != -EAGAIN)
			KTEST_FAIL(test, "remove_cpu(%u) failing at %s (%d): %d", cpu,
				   cpuhp_state_name(s), s, ret);
		KTEST_EXPECT_EQ(test, cpuhp_get_fail(cpu), CPUHP_INVALID);
		expect_cpu_online(test, cpu, "cpu_down failing at step", s);
		if (dyn_up[cpu] != dyn_down[cpu] + 1)
			KTEST_FAIL(test, "failing at %d: fi:dyn started %d, torn down %d times", s,
				   dyn_up[cpu], dyn_down[cpu]);
		expect_usage(test, &base, "cpu_down failing at step", s);
		walked++;
	}
	ktest_info(test, "remove_cpu(%u): failed at each of %d steps", cpu, walked);
	/* ACTIVE, fi:dyn, WORKQUEUE_ONLINE, SMPBOOT_THREADS, TEARDOWN_CPU at least. */
	KTEST_EXPECT_GE(test, walked, 5);
	KTEST_EXPECT_EQ(test, remove_cpu(cpu), 0);
	expect_cpu_offline(test, cpu, "cpu_down after the walk", 0);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
	expect_cpu_online(test, cpu, "cpu_up after the walk", 0);
	cpuhp_remove_state(state);
}

/* ---- stop_machine ----------------------------------------------------------------------- */

static int stop_ran;

static int count_stop(void *unused)
{
	stop_ran++;
	return 7;
}

/*
 * stop_machine() fails at its fault point with -ENOENT and its function not run; with the
 * task filter on, only the marked caller's call fails. remove_cpu() walked with fail-nth reaches
 * it in takedown_cpu(): the CPU is rolled back online and active, then goes down.
 */
static void stop_machine_fails_and_cpu_down_rolls_back(struct ktest *test)
{
	unsigned int cpu;
	int k, ret = 0;

	stop_ran = 0;
	KTEST_EXPECT_EQ(test, stop_machine(count_stop, NULL, NULL), 7);
	KTEST_EXPECT_EQ(test, stop_ran, 1);
	set_fail_nth(current, 1);
	KTEST_EXPECT_EQ(test, stop_machine(count_stop, NULL, NULL), -ENOENT);
	KTEST_EXPECT_EQ(test, stop_ran, 1);
	KTEST_EXPECT_EQ(test, fail_stop_machine_injected(), 1);
	fault_inject_task_filter(true);
	fault_inject_stop_machine(1, 1);
	KTEST_EXPECT_EQ(test, stop_machine(count_stop, NULL, NULL), 7);
	current->make_it_fail = 1;
	KTEST_EXPECT_EQ(test, stop_machine(count_stop, NULL, NULL), -ENOENT);
	current->make_it_fail = 0;
	KTEST_EXPECT_EQ(test, stop_ran, 2);
	fault_inject_reset();

	cpu = walk_cpu(test);
	for (k = 1; k <= MAX_SITES; k++) {
		unsigned long before = fail_stop_machine_injected();
		struct usage base;
		unsigned int left;

		usage_read(&base);
		set_fail_nth(current, k);
		ret = remove_cpu(cpu);
		left = set_fail_nth(current, 0);
		if (!ret) {
			KTEST_EXPECT_GT(test, left, 0);
			break;
		}
		KTEST_EXPECT_EQ(test, left, 0);
		if (fail_stop_machine_injected() == before + 1)
			KTEST_EXPECT_EQ(test, ret, -ENOENT);
		else
			KTEST_EXPECT_EQ(test, ret, -ENOMEM);
		expect_cpu_online(test, cpu, "cpu_down call", k);
		expect_usage(test, &base, "cpu_down", k);
	}
	KTEST_EXPECT_EQ(test, ret, 0);
	ktest_info(test, "remove_cpu(%u): %d calls failed in turn, stop_machine() among them", cpu,
		   k - 1);
	KTEST_EXPECT_GE(test, k - 1, 1);
	expect_cpu_offline(test, cpu, "cpu_down after the walk", 0);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
}

/* ---- cpuhp_setup_state ------------------------------------------------------------------ */

static void *setup_data[NR_CPUS];

/* As real users do: per-CPU memory made going up, freed going down. */
static int setup_startup(unsigned int cpu)
{
	setup_data[cpu] = kmalloc(128, GFP_TEST);
	return setup_data[cpu] ? 0 : -ENOMEM;
}

static int setup_teardown(unsigned int cpu)
{
	kfree(setup_data[cpu]);
	setup_data[cpu] = NULL;
	return 0;
}

/*
 * cpuhp_setup_state() whose startup fails on each online CPU in turn: the startup runs in that
 * CPU's cpuhp/N, not in the caller, so the caller's fail-nth cannot reach it; the task filter
 * with only that cpuhp/N marked fails its allocation there and nowhere else. The error comes
 * back, the CPUs already done are torn down, the slot is free again, nothing leaks; then the
 * state installs on every CPU.
 */
static void cpuhp_setup_state_fails_on_each_cpu(struct ktest *test)
{
	unsigned int cpu;
	int walked = 0, state;

	/* The slot a dynamic setup takes is the first free one. */
	for (state = CPUHP_AP_ONLINE_DYN; state <= CPUHP_AP_ONLINE_DYN_END; state++)
		if (!cpuhp_state_name(state))
			break;
	KTEST_ASSERT_LE(test, state, (int)CPUHP_AP_ONLINE_DYN_END);

	for_each_online_cpu(cpu) {
		struct task_struct *hp = task_named("cpuhp/%u", cpu);
		struct usage base;
		int ret;

		KTEST_ASSERT_NOT_NULL(test, hp);
		usage_read(&base);
		hp->make_it_fail = 1;
		fault_inject_task_filter(true);
		fault_inject_slab(1, 1);
		ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "fi:setup", setup_startup,
					setup_teardown);
		KTEST_EXPECT_EQ(test, failslab_injected(), 1);
		fault_inject_reset();
		hp->make_it_fail = 0;
		put_task_struct(hp);
		KTEST_EXPECT_EQ(test, ret, -ENOMEM);
		if (ret >= 0) {
			cpuhp_remove_state(ret);
			continue;
		}
		KTEST_EXPECT_NULL(test, cpuhp_state_name(state));
		for (unsigned int c = 0; c < nr_cpu_ids; c++)
			if (setup_data[c])
				KTEST_FAIL(test, "CPU %u's data left after failing on %u", c, cpu);
		expect_usage(test, &base, "cpuhp_setup_state failing on CPU", cpu);
		walked++;
	}
	ktest_info(test, "cpuhp_setup_state: failed on each of %d CPUs", walked);
	KTEST_EXPECT_EQ(test, walked, (int)num_online_cpus());
	KTEST_EXPECT_EQ(test, cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "fi:setup", setup_startup,
						setup_teardown), state);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_NOT_NULL(test, setup_data[cpu]);
	cpuhp_remove_state(state);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_NULL(test, setup_data[cpu]);
}

static struct ktest_case fault_inject_cases[] = {
	KTEST_CASE(fail_nth_fails_this_tasks_nth_call),
	KTEST_CASE(task_filter_fails_only_marked_tasks),
	KTEST_CASE_TIMEOUT(kthread_create_counts_kthreadds_calls, 60),
	KTEST_CASE_TIMEOUT(vmalloc_fails_at_every_page, 60),
	KTEST_CASE_TIMEOUT(kthread_create_worker_fails_cleanly_at_each_call, 60),
	KTEST_CASE_TIMEOUT(smpboot_register_fails_cleanly_at_each_call, 120),
	KTEST_CASE_TIMEOUT(cpu_up_creating_smpboot_thread_fails_at_each_call, 120),
	KTEST_CASE_TIMEOUT(cpu_up_fails_at_each_step, 120),
	KTEST_CASE_TIMEOUT(cpu_down_fails_at_each_step, 120),
	KTEST_CASE_TIMEOUT(stop_machine_fails_and_cpu_down_rolls_back, 60),
	KTEST_CASE_TIMEOUT(cpuhp_setup_state_fails_on_each_cpu, 60),
	{}
};

static struct ktest_suite fault_inject_suite = {
	.name = "fault_inject",
	.cases = fault_inject_cases,
	.init = fault_inject_test_init,
	.exit = fault_inject_test_exit,
};
ktest_register_suite(fault_inject_suite);
