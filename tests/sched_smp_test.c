/* Self-tests for SMP scheduling (suite "sched_smp"): wake-up placement, fair load balancing, RT
 * push and pull, moving a running task through its stopper, and CPU affinity held under load.
 * Every case needs a second CPU and skips on one. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <ktest.h>
#include "../sched/sched.h"
#include "sched_test_util.h"

/* Generous bounds for what the balancer does within a few of its intervals: a TCG vCPU may get
 * a quarter of a host core, and guest time runs on regardless. */
#define SETTLE_MS	3000
#define WINDOW_MS	200
#define MAX_SPINNERS	(NR_CPUS + 1)

/* A thread that spins until stopped, saying where it runs and whether it ever ran outside
 * @allowed (when set): what a student would watch in `ps` (PSR) and /proc/<pid>/sched. */
struct spinner {
	struct task_struct *task;
	const struct cpumask *allowed;
	unsigned long count;
	unsigned long outside;
	int cpu;
};

static int spinner_fn(void *data)
{
	struct spinner *s = data;

	while (!kthread_should_stop()) {
		int cpu = smp_processor_id();

		if (s->allowed && !cpumask_test_cpu(cpu, s->allowed))
			WRITE_ONCE(s->outside, s->outside + 1);
		WRITE_ONCE(s->cpu, cpu);
		WRITE_ONCE(s->count, s->count + 1);
	}
	return 0;
}

/* Create @s on @mask with @policy (@prio for RT), not yet running. The mask is set before the
 * first wake-up, so the thread starts there; later masks are the scheduler's business. */
static int create_spinner(struct spinner *s, const struct cpumask *mask, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	s->count = 0;
	s->outside = 0;
	s->cpu = -1;
	s->task = kthread_create(spinner_fn, s, "smp-spin");
	if (IS_ERR(s->task))
		return PTR_ERR(s->task);
	if (set_cpus_allowed_ptr(s->task, mask) ||
	    sched_setscheduler_nocheck(s->task, policy, &sp)) {
		kthread_stop(s->task);
		s->task = NULL;
		return -EINVAL;
	}
	return 0;
}

static int start_spinner(struct spinner *s, const struct cpumask *mask, int policy, int prio)
{
	int err = create_spinner(s, mask, policy, prio);

	if (!err)
		wake_up_process(s->task);
	return err;
}

/* Highest first: a lower RT spinner that waits for a CPU can only exit once one is free. */
static void stop_spinners(struct spinner *s, int nr)
{
	for (int i = nr - 1; i >= 0; i--)
		if (!IS_ERR_OR_NULL(s[i].task))
			kthread_stop(s[i].task);
}

static void need_cpus(struct ktest *test, unsigned int nr)
{
	if (num_online_cpus() < nr)
		ktest_skip(test, "needs %u online CPUs", nr);
}

/* The case itself as FIFO 99, so the RT spinners never keep it from stopping them. */
static void case_becomes_fifo99(void)
{
	struct sched_param sp = { .sched_priority = MAX_RT_PRIO - 1 };

	sched_setscheduler_nocheck(current, SCHED_FIFO, &sp);
}

/* Are the spinners on pairwise different CPUs? */
static bool spread_out(struct spinner *s, int nr)
{
	struct cpumask seen;

	cpumask_clear(&seen);
	for (int i = 0; i < nr; i++) {
		unsigned int cpu = task_cpu(s[i].task);

		if (cpumask_test_cpu(cpu, &seen))
			return false;
		cpumask_set_cpu(cpu, &seen);
	}
	return true;
}

/* One fair spinner per CPU, all started on CPU 0 and then allowed everywhere: the periodic and
 * new-idle balancing spread them one per CPU. */
static void spinners_spread_one_per_cpu(struct ktest *test)
{
	struct spinner s[NR_CPUS] = {};
	int nr = num_online_cpus(), i, err = 0;
	u64 start;

	need_cpus(test, 2);
	for (i = 0; i < nr && !err; i++)
		err = start_spinner(&s[i], cpumask_of(0), SCHED_NORMAL, 0);
	KTEST_ASSERT_EQ(test, err, 0);
	for (i = 0; i < nr; i++)
		KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(s[i].task, cpu_online_mask), 0);
	start = sched_clock();
	while (!spread_out(s, nr) && sched_clock() - start < SETTLE_MS * 1000000ULL)
		msleep(10);
	ktest_info(test, "%d spinners one per CPU after %lu ms", nr,
		   (unsigned long)((sched_clock() - start) / 1000000));
	KTEST_EXPECT_TRUE(test, spread_out(s, nr));
	stop_spinners(s, nr);
}

struct sleeper {
	struct completion go;
	int woke_on;
};

static int sleeper_fn(void *data)
{
	struct sleeper *sl = data;

	wait_for_completion(&sl->go);
	WRITE_ONCE(sl->woke_on, smp_processor_id());
	return sleep_until_stopped(0);
}

/* Wait up to 100 ms for an online CPU other than @cpu to be idle. */
static bool another_cpu_idle(unsigned int cpu)
{
	for (int i = 0; i < 100; i++) {
		unsigned int other;

		for_each_online_cpu(other)
			if (other != cpu && idle_cpu(other))
				return true;
		msleep(1);
	}
	return false;
}

/* A task whose last CPU is busy wakes on an idle one (select_task_rq_fair). */
static void wakeup_lands_on_idle_cpu(struct ktest *test)
{
	struct sleeper sl = { .woke_on = -1 };
	struct spinner busy = {};
	struct task_struct *p;
	unsigned long mig;

	need_cpus(test, 2);
	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	init_completion(&sl.go);
	p = kthread_create(sleeper_fn, &sl, "smp-sleeper");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	set_cpus_allowed_ptr(p, cpumask_of(TEST_CPU));
	wake_up_process(p);
	/* It ran on TEST_CPU and sleeps in wait_for_completion(); TEST_CPU now gets busy. */
	while (READ_ONCE(p->__state) != TASK_UNINTERRUPTIBLE || READ_ONCE(p->on_cpu))
		msleep(1);
	KTEST_EXPECT_EQ(test, start_spinner(&busy, cpumask_of(TEST_CPU), SCHED_NORMAL, 0), 0);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(p, cpu_online_mask), 0);
	KTEST_EXPECT_EQ(test, (int)task_cpu(p), TEST_CPU);
	/* kthreadd and the threads just started settle first: another CPU is idle. */
	KTEST_EXPECT_TRUE(test, another_cpu_idle(TEST_CPU));
	mig = p->se.nr_migrations;
	complete(&sl.go);
	while (READ_ONCE(sl.woke_on) < 0)
		msleep(1);
	KTEST_EXPECT_NE(test, sl.woke_on, TEST_CPU);
	KTEST_EXPECT_EQ(test, p->se.nr_migrations - mig, 1UL);
	kthread_stop(p);
	stop_spinners(&busy, 1);
	sched_test_leave();
}

/*
 * N+1 FIFO spinners of distinct priorities on N CPUs, the lowest first; returns how many. All
 * are created before any runs: once N spin, kthreadd (SCHED_NORMAL) gets no CPU to create more.
 */
static int start_rt_spinners(struct ktest *test, struct spinner *s)
{
	int nr = num_online_cpus() + 1, err = 0, i;

	case_becomes_fifo99();
	for (i = 0; i < nr && !err; i++)
		err = create_spinner(&s[i], cpu_online_mask, SCHED_FIFO, 10 + i);
	KTEST_EXPECT_EQ(test, err, 0);
	if (err) {
		stop_spinners(s, i);
		return 0;
	}
	for (i = 0; i < nr; i++)
		wake_up_process(s[i].task);
	msleep(WINDOW_MS);
	return nr;
}

/*
 * Progress of each spinner over a window of the case asleep: WINDOW_MS at least, then until
 * every spinner from @first on has been seen running, WINDOW_LIMIT_MS at most. A busy host can
 * leave a vCPU unscheduled for most of 200 ms (two spinners showed no progress at all on one),
 * so the window ends on the spinners' own progress, not on the clock; one that must not run
 * then had the whole of it to show that it does not.
 */
#define WINDOW_LIMIT_MS	5000

static void window_progress(struct spinner *s, int nr, unsigned long *ran, int first)
{
	unsigned long before[MAX_SPINNERS];
	bool all;

	for (int i = 0; i < nr; i++)
		before[i] = READ_ONCE(s[i].count);
	msleep(WINDOW_MS);
	for (int waited = WINDOW_MS;; waited += 10) {
		all = true;
		for (int i = 0; i < nr; i++) {
			ran[i] = READ_ONCE(s[i].count) - before[i];
			if (i >= first && !ran[i])
				all = false;
		}
		if (all || waited >= WINDOW_LIMIT_MS)
			break;
		msleep(10);
	}
}

/* N+1 FIFO spinners on N CPUs, one window: the N highest ran and the lowest did not. Returns
 * how many there are. */
static int rt_n_highest_run(struct ktest *test, struct spinner *s)
{
	unsigned long ran[MAX_SPINNERS];
	int nr = start_rt_spinners(test, s);

	window_progress(s, nr, ran, 1);
	KTEST_EXPECT_UEQ(test, ran[0], 0UL);
	for (int i = 1; i < nr; i++)
		KTEST_EXPECT_UGT(test, ran[i], 0UL);
	return nr;
}

/* With N CPUs the N highest-priority RT tasks run, one per CPU, and the lowest waits
 * (placement and push). */
static void rt_highest_n_run(struct ktest *test)
{
	struct spinner s[MAX_SPINNERS] = {};
	int nr;

	need_cpus(test, 2);
	nr = rt_n_highest_run(test, s);
	KTEST_EXPECT_TRUE(test, spread_out(s + 1, nr - 1));
	stop_spinners(s, nr);
	sched_set_normal(current, 0);
}

/* When the highest leaves, its CPU pulls the waiting lowest one (pull_rt_task). */
static void rt_pull_when_highest_leaves(struct ktest *test)
{
	struct spinner s[MAX_SPINNERS] = {};
	unsigned long ran[MAX_SPINNERS];
	int nr;

	need_cpus(test, 2);
	nr = rt_n_highest_run(test, s);
	kthread_stop(s[nr - 1].task);
	window_progress(s, nr - 1, ran, 0);
	for (int i = 0; i < nr - 1; i++)
		KTEST_EXPECT_UGT(test, ran[i], 0UL);
	stop_spinners(s, nr - 1);
	sched_set_normal(current, 0);
}

/* An RT task waiting behind a higher one on its CPU, once allowed elsewhere, is pushed to a CPU
 * with nothing better to do. */
static void rt_stranded_task_moves(struct ktest *test)
{
	unsigned int cpu = cpumask_next(0, cpu_online_mask);
	struct spinner high = {}, low = {};
	unsigned long before;

	need_cpus(test, 2);
	case_becomes_fifo99();
	KTEST_ASSERT_EQ(test, create_spinner(&low, cpumask_of(cpu), SCHED_FIFO, 10), 0);
	KTEST_ASSERT_EQ(test, start_spinner(&high, cpumask_of(cpu), SCHED_FIFO, 20), 0);
	wake_up_process(low.task);
	msleep(WINDOW_MS / 4);
	before = READ_ONCE(low.count);
	msleep(WINDOW_MS / 4);
	KTEST_EXPECT_UEQ(test, READ_ONCE(low.count) - before, 0UL);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(low.task, cpu_online_mask), 0);
	msleep(WINDOW_MS / 4);
	/* Seen running, however long a busy host keeps its new CPU's vCPU away. */
	before = READ_ONCE(low.count);
	for (int waited = 0; READ_ONCE(low.count) == before && waited < WINDOW_LIMIT_MS;
	     waited += 10)
		msleep(10);
	KTEST_EXPECT_UGT(test, READ_ONCE(low.count) - before, 0UL);
	KTEST_EXPECT_NE(test, (unsigned int)READ_ONCE(low.cpu), cpu);
	stop_spinners(&low, 1);
	stop_spinners(&high, 1);
	sched_set_normal(current, 0);
}

/* set_cpus_allowed_ptr() of a task running elsewhere returns with it moved: its CPU's stopper
 * preempted it and migration_cpu_stop() took it across. */
static void running_task_moved_by_stopper(struct ktest *test)
{
	unsigned int from = cpumask_next(0, cpu_online_mask), to = 0;
	struct spinner s = {};
	unsigned long before;

	need_cpus(test, 2);
	KTEST_ASSERT_EQ(test, start_spinner(&s, cpumask_of(from), SCHED_NORMAL, 0), 0);
	while (READ_ONCE(s.count) == 0)
		msleep(1);
	KTEST_EXPECT_EQ(test, READ_ONCE(s.cpu), (int)from);
	/* Catch it running: another task on its CPU may have it waiting for a moment. */
	for (int i = 0; i < 100 && !READ_ONCE(s.task->on_cpu); i++)
		msleep(1);
	KTEST_EXPECT_TRUE(test, READ_ONCE(s.task->on_cpu));
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(s.task, cpumask_of(to)), 0);
	KTEST_EXPECT_EQ(test, task_cpu(s.task), to);
	before = READ_ONCE(s.count);
	while (READ_ONCE(s.count) == before)
		msleep(1);
	KTEST_EXPECT_EQ(test, READ_ONCE(s.cpu), (int)to);
	stop_spinners(&s, 1);
}

struct bound_check {
	unsigned int cpu;
	unsigned long iterations;
	unsigned long elsewhere;
	bool stop;
	struct completion done;
};

/* Check the CPU on every iteration until told to stop (or 20 s, so a broken case ends). */
static int bound_check_fn(void *data)
{
	struct bound_check *b = data;
	u64 end = sched_clock() + 20000000000ULL;

	while (!READ_ONCE(b->stop) && sched_clock() < end) {
		if (smp_processor_id() != b->cpu)
			b->elsewhere++;
		WRITE_ONCE(b->iterations, b->iterations + 1);
	}
	complete(&b->done);
	return sleep_until_stopped(0);
}

#define BOUND_MOVES	20

/* A thread bound with kthread_bind() never runs on another CPU, while spinners are balanced
 * around it and one of them is moved from CPU to CPU by its stopper, BOUND_MOVES times (a
 * count, not a time: a busy host makes each move slower, not fewer). Two more spinners pinned
 * to its CPU keep that CPU the busiest, so the balancers keep looking there for a task to
 * pull: an unbound thread would be taken. */
static void bound_thread_never_runs_elsewhere(struct ktest *test)
{
	struct bound_check b = { .cpu = cpumask_next(0, cpu_online_mask) };
	int nr = min(num_online_cpus() + 3, (unsigned int)MAX_SPINNERS), err = 0, moves = 0;
	struct spinner s[MAX_SPINNERS] = {};
	struct task_struct *p;
	int ran_meanwhile = 0;

	need_cpus(test, 2);
	init_completion(&b.done);
	for (int i = 0; i < nr && !err; i++)
		err = start_spinner(&s[i], i >= nr - 2 ? cpumask_of(b.cpu) : cpu_online_mask,
				    SCHED_NORMAL, 0);
	KTEST_ASSERT_EQ(test, err, 0);
	p = kthread_create(bound_check_fn, &b, "smp-bound");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	kthread_bind(p, b.cpu);
	wake_up_process(p);
	while (moves < BOUND_MOVES && !try_wait_for_completion(&b.done)) {
		unsigned int cpu = moves % num_online_cpus();
		unsigned long before = READ_ONCE(b.iterations);

		if (cpu_online(cpu))
			set_cpus_allowed_ptr(s[0].task, cpumask_of(cpu));
		moves++;
		msleep(5);
		ran_meanwhile += READ_ONCE(b.iterations) != before;
	}
	WRITE_ONCE(b.stop, true);
	wait_for_completion(&b.done);
	ktest_info(test, "%lu iterations on CPU %u, %d moves of a neighbour, %d with it running",
		   b.iterations, b.cpu, moves, ran_meanwhile);
	KTEST_EXPECT_EQ(test, moves, BOUND_MOVES);
	KTEST_EXPECT_GT(test, ran_meanwhile, 0);
	KTEST_EXPECT_UEQ(test, b.elsewhere, 0UL);
	kthread_stop(p);
	stop_spinners(s, nr);
}

/* Spinners allowed on two CPUs only are spread over those two and never seen elsewhere, however
 * idle the other CPUs are. */
static void balancer_respects_affinity(struct ktest *test)
{
	struct spinner s[4] = {};
	struct cpumask two;
	unsigned int first, second;
	int on_first = 0, err = 0;
	u64 start;

	need_cpus(test, 3);
	first = cpumask_first(cpu_online_mask);
	second = cpumask_next(first, cpu_online_mask);
	cpumask_clear(&two);
	cpumask_set_cpu(first, &two);
	cpumask_set_cpu(second, &two);
	for (int i = 0; i < 4 && !err; i++) {
		s[i].allowed = &two;
		err = start_spinner(&s[i], cpumask_of(first), SCHED_NORMAL, 0);
	}
	KTEST_ASSERT_EQ(test, err, 0);
	for (int i = 0; i < 4; i++)
		set_cpus_allowed_ptr(s[i].task, &two);
	start = sched_clock();
	do {
		msleep(10);
		on_first = 0;
		for (int i = 0; i < 4; i++)
			on_first += task_cpu(s[i].task) == first;
	} while (on_first != 2 && sched_clock() - start < SETTLE_MS * 1000000ULL);
	msleep(WINDOW_MS);
	KTEST_EXPECT_EQ(test, on_first, 2);
	for (int i = 0; i < 4; i++) {
		KTEST_EXPECT_UEQ(test, READ_ONCE(s[i].outside), 0UL);
		KTEST_EXPECT_TRUE(test, cpumask_test_cpu(task_cpu(s[i].task), &two));
	}
	stop_spinners(s, 4);
}

static struct ktest_case sched_smp_cases[] = {
	KTEST_CASE(spinners_spread_one_per_cpu),
	KTEST_CASE(wakeup_lands_on_idle_cpu),
	KTEST_CASE(rt_highest_n_run),
	KTEST_CASE(rt_pull_when_highest_leaves),
	KTEST_CASE(rt_stranded_task_moves),
	KTEST_CASE(running_task_moved_by_stopper),
	KTEST_CASE(bound_thread_never_runs_elsewhere),
	KTEST_CASE(balancer_respects_affinity),
	{}
};

static struct ktest_suite sched_smp_suite = {
	.name = "sched_smp",
	.cases = sched_smp_cases,
};
ktest_register_suite(sched_smp_suite);
