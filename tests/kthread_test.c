/* Self-tests for kernel threads (suite "kthread"): PIDs 0/1/2 and PPID 2, the classic state
 * diagram (created, running, sleeping, parked, dead), the kthread API's return values, misuse
 * warnings, fault injection on creation and leak checks. */
#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <asm/pgtable.h>
#include <ktest.h>

/* What a test thread reports back. */
struct probe {
	int ran;			/* the thread function has started */
	int step;			/* how far the controller allows the state walk to go */
	int loops;
	int parks;			/* times kthread_should_park() was seen */
	char self_state;		/* task_state_to_char(current) while running */
	struct mm_struct *active_mm;	/* current->active_mm while running */
	void *data_seen;		/* kthread_data(current) */
	struct completion started;
};

static void probe_init(struct probe *pr)
{
	memset(pr, 0, sizeof(*pr));
	init_completion(&pr->started);
}

static void probe_start(struct probe *pr)
{
	pr->self_state = task_state_to_char(current);
	pr->active_mm = current->active_mm;
	pr->data_seen = kthread_data(current);
	WRITE_ONCE(pr->ran, 1);
	complete(&pr->started);
}

/* Runs until stopped, parking when asked: the classic parkable thread. */
static int loop_fn(void *data)
{
	struct probe *pr = data;

	probe_start(pr);
	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			pr->parks++;
			kthread_parkme();
			continue;
		}
		WRITE_ONCE(pr->loops, pr->loops + 1);
		schedule_timeout_interruptible(1);
	}
	return 42;
}

/* Returns at once: for threads that exit on their own. */
static int quick_fn(void *data)
{
	struct probe *pr = data;

	if (pr)
		probe_start(pr);
	return 7;
}

/* Sleep in @state until the controller lets step reach @n. */
static void wait_step(struct probe *pr, int n, unsigned int state)
{
	for (;;) {
		set_current_state(state);
		if (READ_ONCE(pr->step) >= n)
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static int walk_fn(void *data)
{
	struct probe *pr = data;

	probe_start(pr);
	wait_step(pr, 1, TASK_INTERRUPTIBLE);
	wait_step(pr, 2, TASK_UNINTERRUPTIBLE);
	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			pr->parks++;
			kthread_parkme();
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop() && !kthread_should_park())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 3;
}

static __noreturn void exit_with(long value)
{
	kthread_exit(value);
}

static int exit_fn(void *data)
{
	struct probe *pr = data;

	probe_start(pr);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	exit_with(55);
}

/* Wait (bounded) until @p sleeps off its CPU in exactly @state. */
static bool wait_for_state(struct task_struct *p, unsigned int state)
{
	for (int i = 0; i < 2000; i++) {
		if (READ_ONCE(p->__state) == state && wait_task_inactive(p, state))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/*
 * kthread_stop() returns once the thread completed its exit notification, as in Linux; the
 * thread may still be on its way into do_task_dead(). Leak checks wait until it is dead and
 * switched out, so the last reference frees it here.
 */
static int stop_and_reap(struct task_struct *p)
{
	int ret;

	get_task_struct(p);
	ret = kthread_stop(p);
	wait_for_state(p, TASK_DEAD);
	put_task_struct(p);
	return ret;
}

static unsigned long pages_accounted(void)
{
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

struct usage {
	unsigned long pages, objects, tasks;
	int pids;
};

static void usage_read(struct usage *u)
{
	drain_cached_stacks();
	u->pages = pages_accounted();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

static void expect_usage(struct ktest *test, const struct usage *base)
{
	struct usage now;

	usage_read(&now);
	KTEST_EXPECT_EQ(test, now.pages, base->pages);
	KTEST_EXPECT_EQ(test, now.objects, base->objects);
	KTEST_EXPECT_EQ(test, now.tasks, base->tasks);
	KTEST_EXPECT_EQ(test, now.pids, base->pids);
}

/* ---- PIDs ----------------------------------------------------------------------------------- */

static void pids_0_1_2(struct ktest *test)
{
	struct task_struct *idle = find_task_by_pid(0);
	struct task_struct *init = find_task_by_pid(1);
	struct task_struct *kthreadd_p = find_task_by_pid(2);

	KTEST_EXPECT_PTR_EQ(test, idle, &init_task);
	KTEST_EXPECT_EQ(test, init_task.pid, 0);
	KTEST_EXPECT_STREQ(test, init_task.comm, "swapper/0");
	KTEST_EXPECT_TRUE(test, init_task.flags & PF_IDLE);
	KTEST_ASSERT_NOT_NULL(test, init);
	KTEST_EXPECT_STREQ(test, init->comm, "kernel_init");
	KTEST_EXPECT_FALSE(test, init->flags & PF_KTHREAD);
	KTEST_EXPECT_EQ(test, init->real_parent->pid, 0);
	KTEST_ASSERT_NOT_NULL(test, kthreadd_p);
	KTEST_EXPECT_PTR_EQ(test, kthreadd_p, kthreadd_task);
	KTEST_EXPECT_STREQ(test, kthreadd_p->comm, "kthreadd");
	KTEST_EXPECT_TRUE(test, kthreadd_p->flags & PF_KTHREAD);
	KTEST_EXPECT_EQ(test, kthreadd_p->real_parent->pid, 0);
	/* The case itself runs in a kthread_create() thread: a child of kthreadd. */
	KTEST_EXPECT_PTR_EQ(test, current->real_parent, kthreadd_task);
	put_task_struct(idle);
	put_task_struct(init);
	put_task_struct(kthreadd_p);
}

static void new_thread_is_child_of_kthreadd(struct ktest *test)
{
	struct task_struct *p[3], *found;
	struct probe pr;

	probe_init(&pr);
	for (int i = 0; i < 3; i++) {
		p[i] = kthread_create(i ? quick_fn : loop_fn, i ? NULL : &pr, "kt_child%d", i);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[i]);
	}
	/* Increasing PIDs, none of them reusing 0, 1 or 2. */
	KTEST_EXPECT_GT(test, p[0]->pid, 2);
	KTEST_EXPECT_GT(test, p[1]->pid, p[0]->pid);
	KTEST_EXPECT_GT(test, p[2]->pid, p[1]->pid);
	found = find_task_by_pid(p[0]->pid);
	KTEST_EXPECT_PTR_EQ(test, found, p[0]);
	if (found)
		put_task_struct(found);
	KTEST_EXPECT_PTR_EQ(test, p[0]->real_parent, kthreadd_task);
	KTEST_EXPECT_EQ(test, p[0]->real_parent->pid, 2);
	KTEST_EXPECT_TRUE(test, p[0]->flags & PF_KTHREAD);
	KTEST_EXPECT_NULL(test, p[0]->mm);
	wake_up_process(p[0]);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	KTEST_EXPECT_NOT_NULL(test, pr.active_mm);
	KTEST_EXPECT_PTR_EQ(test, pr.data_seen, &pr);
	KTEST_EXPECT_PTR_EQ(test, kthread_data(p[0]), &pr);
	KTEST_EXPECT_EQ(test, kthread_stop(p[0]), 42);
	KTEST_EXPECT_EQ(test, kthread_stop(p[1]), -EINTR);
	KTEST_EXPECT_EQ(test, kthread_stop(p[2]), -EINTR);
}

/* A private namespace: increasing PIDs, no reuse before the wrap, -EAGAIN when full. */
static void pid_allocator_wraps(struct ktest *test)
{
	static unsigned long bitmap[BITS_TO_LONGS(16)];
	struct pid_namespace ns;
	unsigned long w;

	pid_ns_init(&ns, bitmap, 16, 4);
	for (int i = 1; i <= 6; i++)
		KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), i);
	free_pid_ns(&ns, 2);
	KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), 7);
	free_pid_ns(&ns, 7);
	KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), 8);
	for (int i = 9; i <= 15; i++)
		KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), i);
	/* 2 is below 'reserved', 7 is not: the wrap starts at 4 and finds 7. */
	KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), 7);
	KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), -EAGAIN);
	KTEST_EXPECT_EQ(test, ns.nr_allocated, 15);
	free_pid_ns(&ns, 5);
	KTEST_EXPECT_EQ(test, alloc_pid_ns(&ns), 5);
	w = warn_count_read();
	free_pid_ns(&ns, 2);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 1);
	KTEST_EXPECT_EQ(test, ns.nr_allocated, 15);
}

/* ---- Creation and the state diagram --------------------------------------------------------- */

static void created_thread_waits_for_wake_up(struct ktest *test)
{
	struct task_struct *p;
	struct probe pr;

	probe_init(&pr);
	p = kthread_create(loop_fn, &pr, "kt_wait");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(pr.ran), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(p->__state), TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');
	KTEST_EXPECT_EQ(test, wake_up_process(p), 1);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(pr.ran), 1);
	KTEST_EXPECT_EQ(test, kthread_stop(p), 42);
}

/* CREATED(D) -> RUNNING(R) -> INTERRUPTIBLE(S) -> UNINTERRUPTIBLE(D) -> PARKED(P) -> DEAD(X). */
static void state_diagram(struct ktest *test)
{
	struct task_struct *p;
	struct probe pr;

	probe_init(&pr);
	p = kthread_create(walk_fn, &pr, "kt_walk");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');
	wake_up_process(p);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	KTEST_EXPECT_EQ(test, pr.self_state, 'R');
	KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'S');
	WRITE_ONCE(pr.step, 1);
	wake_up_process(p);
	KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');
	WRITE_ONCE(pr.step, 2);
	wake_up_process(p);
	KTEST_EXPECT_EQ(test, kthread_park(p), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(p->__state), TASK_PARKED);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');
	kthread_unpark(p);
	KTEST_EXPECT_EQ(test, kthread_stop(p), 3);
	KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_DEAD));
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'X');
	KTEST_EXPECT_TRUE(test, p->flags & PF_EXITING);
	KTEST_EXPECT_EQ(test, pr.parks, 1);
	put_task_struct(p);
}

/* kthreadd's own policy, nice and CPU mask must not leak into its children. */
static void new_thread_is_normal_on_all_cpus(struct ktest *test)
{
	static const struct sched_param fifo = { .sched_priority = 50 };
	static const struct sched_param normal = { .sched_priority = 0 };
	struct task_struct *p;

	KTEST_ASSERT_EQ(test, sched_setscheduler_nocheck(kthreadd_task, SCHED_FIFO, &fifo), 0);
	set_user_nice(kthreadd_task, -10);
	set_cpus_allowed_ptr(kthreadd_task, cpumask_of(0));
	p = kthread_create(quick_fn, NULL, "kt_normal");
	sched_setscheduler_nocheck(kthreadd_task, SCHED_NORMAL, &normal);
	set_user_nice(kthreadd_task, 0);
	set_cpus_allowed_ptr(kthreadd_task, cpu_possible_mask);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, kthreadd_task->policy, SCHED_NORMAL);
	KTEST_EXPECT_EQ(test, task_nice(kthreadd_task), 0);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_NORMAL);
	KTEST_EXPECT_EQ(test, task_nice(p), 0);
	KTEST_EXPECT_EQ(test, p->prio, DEFAULT_PRIO);
	KTEST_EXPECT_EQ(test, p->rt_priority, 0);
	KTEST_EXPECT_TRUE(test, cpumask_equal(&p->cpus_mask, cpu_possible_mask));
	KTEST_EXPECT_EQ(test, p->nr_cpus_allowed, cpumask_weight(cpu_possible_mask));
	KTEST_EXPECT_FALSE(test, p->flags & PF_NO_SETAFFINITY);
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
}

static void names_from_namefmt(struct ktest *test)
{
	struct task_struct *p, *c;

	p = kthread_create(quick_fn, NULL, "%s-%d", "abcdefghijklmnopqrstuvwxyz", 42);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_STREQ(test, p->comm, "abcdefghijklmno");
	KTEST_EXPECT_STREQ(test, kthread_full_name(p), "abcdefghijklmnopqrstuvwxyz-42");
	KTEST_EXPECT_NULL(test, kthread_full_name(kthreadd_task));
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);

	c = kthread_create_on_cpu(quick_fn, NULL, 0, "name/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, c);
	KTEST_EXPECT_STREQ(test, c->comm, "name/0");
	KTEST_EXPECT_TRUE(test, cpumask_equal(&c->cpus_mask, cpumask_of(0)));
	KTEST_EXPECT_EQ(test, c->nr_cpus_allowed, 1);
	KTEST_EXPECT_TRUE(test, c->flags & PF_NO_SETAFFINITY);
	KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(c));
	KTEST_EXPECT_EQ(test, kthread_stop(c), -EINTR);
}

/* ---- Stop, exit, park ----------------------------------------------------------------------- */

static void stop_returns_value(struct ktest *test)
{
	struct task_struct *p;
	struct probe pr;

	probe_init(&pr);
	p = kthread_create(loop_fn, &pr, "kt_never");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	/* Never woken: the function never runs and kthread_stop says so. */
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
	KTEST_EXPECT_EQ(test, READ_ONCE(pr.ran), 0);

	probe_init(&pr);
	p = kthread_run(loop_fn, &pr, "kt_stop");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	/* Returning from the loop means kthread_should_stop() was seen. */
	KTEST_EXPECT_EQ(test, kthread_stop(p), 42);

	probe_init(&pr);
	p = kthread_run(exit_fn, &pr, "kt_exit");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	KTEST_EXPECT_EQ(test, kthread_stop(p), 55);
}

static void park_unpark_from_another_thread(struct ktest *test)
{
	struct task_struct *p;
	struct probe pr;
	int loops;

	probe_init(&pr);
	p = kthread_run(loop_fn, &pr, "kt_park");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);
	KTEST_EXPECT_EQ(test, kthread_park(p), 0);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');
	loops = READ_ONCE(pr.loops);
	/* An ordinary wake-up does not end TASK_PARKED. */
	KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(pr.loops), loops);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');
	KTEST_EXPECT_EQ(test, kthread_park(p), -EBUSY);
	kthread_unpark(p);
	for (int i = 0; i < 2000 && READ_ONCE(pr.loops) == loops; i++)
		msleep(1);
	KTEST_EXPECT_GT(test, READ_ONCE(pr.loops), loops);
	KTEST_EXPECT_EQ(test, pr.parks, 1);
	/* A parked thread can be stopped. */
	KTEST_EXPECT_EQ(test, kthread_park(p), 0);
	KTEST_EXPECT_EQ(test, kthread_stop(p), 42);
	KTEST_EXPECT_EQ(test, pr.parks, 2);
}

/* A thread that returned on its own but is still referenced is exiting: -ENOSYS. */
static void park_exiting_thread(struct ktest *test)
{
	struct task_struct *p;
	struct probe pr;
	unsigned long w;

	probe_init(&pr);
	p = kthread_create(quick_fn, &pr, "kt_exiting");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	wake_up_process(p);
	KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_DEAD));
	KTEST_EXPECT_TRUE(test, p->flags & PF_EXITING);
	w = warn_count_read();
	KTEST_EXPECT_EQ(test, kthread_park(p), -ENOSYS);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 1);
	/* As in Linux, stopping an exited but referenced thread gives its value. */
	KTEST_EXPECT_EQ(test, kthread_stop(p), 7);
	put_task_struct(p);
}

/* ---- Misuse: a WARN and an error, no damage ------------------------------------------------- */

static void misuse_warns(struct ktest *test)
{
	struct task_struct *p, *init;
	struct probe pr;
	unsigned long w;

	probe_init(&pr);
	p = kthread_run(loop_fn, &pr, "kt_misuse");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	KTEST_EXPECT_GT(test, wait_for_completion_timeout(&pr.started, HZ), 0);

	w = warn_count_read();
	KTEST_EXPECT_EQ(test, kthread_bind(p, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 1);
	KTEST_EXPECT_TRUE(test, cpumask_equal(&p->cpus_mask, cpu_possible_mask));
	KTEST_EXPECT_FALSE(test, p->flags & PF_NO_SETAFFINITY);

	KTEST_EXPECT_EQ(test, kthread_stop(p), 42);
	w = warn_count_read();
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINVAL);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 1);
	put_task_struct(p);

	init = find_task_by_pid(1);
	KTEST_ASSERT_NOT_NULL(test, init);
	w = warn_count_read();
	KTEST_EXPECT_EQ(test, kthread_park(init), -EINVAL);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 1);
	KTEST_EXPECT_EQ(test, kthread_park(kthreadd_task), -EINVAL);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 2);
	KTEST_EXPECT_EQ(test, kthread_stop(kthreadd_task), -EINVAL);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 3);
	KTEST_EXPECT_EQ(test, wake_up_process(NULL), 0);
	KTEST_EXPECT_EQ(test, warn_count_read(), w + 4);
	put_task_struct(init);
}

/* ---- Fault injection and leaks -------------------------------------------------------------- */

/*
 * Fail call k of the creation path, k = 1, 2, ... until creation succeeds, through this task's
 * fail-nth count (only this task's calls, and kthreadd's on its behalf, count: a kworker
 * allocating meanwhile neither takes the failure nor moves it). Each failure must be -ENOMEM
 * with nothing leaked and no PID taken. Counts the slab and page calls that failed.
 */
static void fail_each_site(struct ktest *test, int *slab_sites, int *page_sites)
{
	struct usage base;
	int k;

	*slab_sites = *page_sites = 0;
	for (k = 1; k < 100; k++) {
		unsigned long slab0 = failslab_injected(), pages0 = fail_page_alloc_injected();
		struct task_struct *p;
		unsigned int left;
		int last_pid;

		usage_read(&base);
		last_pid = READ_ONCE(init_pid_ns.last_pid);
		set_fail_nth(current, k);
		p = kthread_create(quick_fn, NULL, "kt_fault%d", k);
		left = set_fail_nth(current, 0);
		if (!IS_ERR(p)) {
			/* Not reached: the count is still running. */
			KTEST_EXPECT_GT(test, left, 0);
			KTEST_EXPECT_EQ(test, stop_and_reap(p), -EINTR);
			return;
		}
		KTEST_EXPECT_EQ(test, PTR_ERR(p), -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		*slab_sites += failslab_injected() - slab0;
		*page_sites += fail_page_alloc_injected() - pages0;
		KTEST_EXPECT_EQ(test, *slab_sites + *page_sites, k);
		KTEST_EXPECT_EQ(test, READ_ONCE(init_pid_ns.last_pid), last_pid);
		expect_usage(test, &base);
	}
	KTEST_FAIL(test, "kthread_create still failing at call %d", k);
}

static void create_fails_cleanly_at_every_site(struct ktest *test)
{
	struct task_struct *warm = kthread_create(quick_fn, NULL, "kt_warm");
	int slab_sites, page_sites;

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, warm);
	/* Reaped, not just stopped: a stack freed into the cache later would let one creation
	 * below skip the vmalloc and hide a site. */
	KTEST_EXPECT_EQ(test, stop_and_reap(warm), -EINTR);
	fail_each_site(test, &slab_sites, &page_sites);
	ktest_info(test, "creation path: %d slab and %d page allocations", slab_sites, page_sites);
	/* kthread_create_info, full name, task_struct, vmap area, struct kthread. */
	KTEST_EXPECT_GE(test, slab_sites, 5);
	/* At least the stack's pages. */
	KTEST_EXPECT_GE(test, page_sites, THREAD_SIZE / PAGE_SIZE);
}

/* Every Nth allocation of the creation failing (this task's and kthreadd's for it, under the task
 * filter): whatever the outcome, -ENOMEM or a thread, nothing leaks. */
static void create_under_periodic_failures(struct ktest *test)
{
	struct usage base;

	for (unsigned long n = 1; n <= 6; n++) {
		for (int pages = 0; pages < 2; pages++) {
			struct task_struct *p;

			usage_read(&base);
			/* Only this task's calls (and kthreadd's for it) fail: the task filter. */
			fault_inject_task_filter(true);
			current->make_it_fail = 1;
			if (pages)
				fault_inject_pages(-1, n);
			else
				fault_inject_slab(-1, n);
			p = kthread_create(quick_fn, NULL, "kt_every%lu", n);
			current->make_it_fail = 0;
			fault_inject_reset();
			if (IS_ERR(p))
				KTEST_EXPECT_EQ(test, PTR_ERR(p), -ENOMEM);
			else
				KTEST_EXPECT_EQ(test, stop_and_reap(p), -EINTR);
			expect_usage(test, &base);
		}
	}
}

#define NR_CYCLES	10000

static void create_stop_cycles_leak_nothing(struct ktest *test)
{
	unsigned long start, errors = 0;
	struct task_struct *p;
	struct usage base;
	struct probe pr;

	probe_init(&pr);
	p = kthread_create(quick_fn, NULL, "kt_warm");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, stop_and_reap(p), -EINTR);
	usage_read(&base);
	start = jiffies;
	for (int i = 0; i < NR_CYCLES; i++) {
		/* Half are never woken (-EINTR), half run their function first. A thread stopped
		 * after its wake-up but before it first ran also gets -EINTR, as in Linux: so wait
		 * until it has started. */
		reinit_completion(&pr.started);
		if (i & 1)
			p = kthread_create(quick_fn, NULL, "kt_cycle");
		else
			p = kthread_run(loop_fn, &pr, "kt_cycle");
		if (IS_ERR(p)) {
			errors++;
			continue;
		}
		if (!(i & 1))
			wait_for_completion(&pr.started);
		if ((i == NR_CYCLES - 1 ? stop_and_reap(p) : kthread_stop(p)) !=
		    ((i & 1) ? -EINTR : 42))
			errors++;
	}
	ktest_info(test, "%d create/stop cycles in %lu ms", NR_CYCLES,
		   (jiffies - start) * 1000 / HZ);
	KTEST_EXPECT_EQ(test, errors, 0);
	expect_usage(test, &base);
}

static void kthread_test_exit(struct ktest *test)
{
	fault_inject_reset();
	set_fail_nth(current, 0);
	current->make_it_fail = 0;
}

static struct ktest_case kthread_cases[] = {
	KTEST_CASE(pids_0_1_2),
	KTEST_CASE(new_thread_is_child_of_kthreadd),
	KTEST_CASE(pid_allocator_wraps),
	KTEST_CASE(created_thread_waits_for_wake_up),
	KTEST_CASE(state_diagram),
	KTEST_CASE(new_thread_is_normal_on_all_cpus),
	KTEST_CASE(names_from_namefmt),
	KTEST_CASE(stop_returns_value),
	KTEST_CASE(park_unpark_from_another_thread),
	KTEST_CASE(park_exiting_thread),
	KTEST_CASE(misuse_warns),
	KTEST_CASE(create_fails_cleanly_at_every_site),
	KTEST_CASE(create_under_periodic_failures),
	KTEST_CASE_TIMEOUT(create_stop_cycles_leak_nothing, 120),
	{}
};

static struct ktest_suite kthread_suite = {
	.name = "kthread",
	.cases = kthread_cases,
	.exit = kthread_test_exit,
};
ktest_register_suite(kthread_suite);
