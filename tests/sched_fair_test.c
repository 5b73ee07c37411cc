/* Self-tests of the fair class (sched/fair.c): Linux's nice-to-weight table, CPU time split by
 * weight, no starvation among equals, SCHED_IDLE and SCHED_BATCH, yield(), and a sleeper's place
 * when it wakes. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/timer.h>
#include <ktest.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

/* Every thread of a case runs on this CPU, so the cases mean the same with -smp 4. */
/* No test thread spins longer than this: a broken scheduler fails a case, it never hangs it. */
/* A spinner's own bound, past any case's loop: nice0_vs_nice5_split may look for 6 s in all. */
#define SPIN_LIMIT		(8 * HZ)
#define YIELD_ROUNDS		5
#define LOG_MAX			(2 * YIELD_ROUNDS + 2)

static const struct sched_param fifo99 = { .sched_priority = MAX_RT_PRIO - 1 };

/* Every case runs on TEST_CPU. */
static int sched_fair_init(struct ktest *test)
{
	return sched_test_enter();
}

static void sched_fair_exit(struct ktest *test)
{
	sched_test_leave();
}

/* The case as SCHED_FIFO 99: the fair threads it wakes run only while it sleeps, which makes
 * its sleeps the measurement windows. */
static void become_fifo99(void)
{
	sched_setscheduler_nocheck(current, SCHED_FIFO, &fifo99);
}

/* A fair thread on TEST_CPU with @policy and @nice. */
static struct task_struct *create_fair_on_test_cpu(int (*fn)(void *), void *data, int policy,
						   int nice, const char *name)
{
	struct task_struct *p = create_on_test_cpu(fn, data, policy, 0, name);

	if (!IS_ERR(p))
		set_user_nice(p, nice);
	return p;
}

/* A CPU-bound thread: spins, never calling schedule(), until told to stop or SPIN_LIMIT. */
struct spinner {
	int stop;
	bool gave_up;
	u64 first_ns;		/* sched_clock() at its first instruction */
	unsigned long loops;
};

static int spinner_fn(void *data)
{
	struct spinner *s = data;
	unsigned long end = jiffies + SPIN_LIMIT;

	s->first_ns = sched_clock();
	while (!READ_ONCE(s->stop)) {
		if (time_after(jiffies, end)) {
			s->gave_up = true;
			break;
		}
		WRITE_ONCE(s->loops, s->loops + 1);
		cpu_relax();
	}
	return sleep_until_stopped(0);
}

/* Stop the spinners and wait until they are off the CPU, so their runtimes are final. */
static void stop_spinners(struct task_struct **p, struct spinner *s, int n)
{
	for (int i = 0; i < n; i++)
		WRITE_ONCE(s[i].stop, 1);
	for (int i = 0; i < n; i++)
		if (!IS_ERR_OR_NULL(p[i]))
			kthread_stop(p[i]);
}

/* ---- Numbers ----------------------------------------------------------------------------- */

static int never_runs_fn(void *data)
{
	return sleep_until_stopped(0);
}

static void nice_to_weight(struct ktest *test)
{
	struct task_struct *p = kthread_create(never_runs_fn, NULL, "fair-nice");
	static const struct { int nice, weight; } table[] = {
		{ 0, 1024 }, { 5, 335 }, { -20, 88761 }, { 19, 15 }, { 1, 820 }, { -1, 1277 },
	};

	KTEST_EXPECT_EQ(test, sched_prio_to_weight[0 - MIN_NICE], 1024);
	KTEST_EXPECT_EQ(test, sched_prio_to_weight[5 - MIN_NICE], 335);
	KTEST_EXPECT_EQ(test, sched_prio_to_weight[-20 - MIN_NICE], 88761);
	KTEST_EXPECT_EQ(test, sched_prio_to_weight[19 - MIN_NICE], 15);
	/* The inverse table: 2^32 / weight, to the nearest integer (Linux rounds either way). */
	for (int i = 0; i < NICE_WIDTH; i++) {
		s64 err = (s64)sched_prio_to_wmult[i] * sched_prio_to_weight[i] - (1LL << 32);

		KTEST_EXPECT_LT(test, err < 0 ? -err : err, sched_prio_to_weight[i]);
	}

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_NORMAL);
	KTEST_EXPECT_EQ(test, task_nice(p), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(table); i++) {
		set_user_nice(p, table[i].nice);
		KTEST_EXPECT_EQ(test, task_nice(p), table[i].nice);
		KTEST_EXPECT_EQ(test, p->static_prio, 120 + table[i].nice);
		KTEST_EXPECT_EQ(test, p->prio, 120 + table[i].nice);
		KTEST_EXPECT_EQ(test, p->se.load.weight, table[i].weight);
	}
	/* Out of range: ignored. */
	set_user_nice(p, 20);
	KTEST_EXPECT_EQ(test, task_nice(p), -1);
	set_user_nice(p, -21);
	KTEST_EXPECT_EQ(test, task_nice(p), -1);
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
}

/*
 * The CFS tunables are Linux's one-CPU values times 1 + ilog2(online CPUs, at most 8) (fair.c
 * update_sysctl()), rescaled as CPUs come and go; with every CPU up (no hotplug case running)
 * the factor matches the online count.
 */
static void tunables_scale_with_cpus(struct ktest *test)
{
	unsigned int factor = 1 + ilog2(min_t(unsigned int, num_online_cpus(), 8));

	ktest_info(test, "%u CPUs online: latency %u us, min granularity %u us, wake-up %u us",
		   num_online_cpus(), sysctl_sched_latency / 1000,
		   sysctl_sched_min_granularity / 1000, sysctl_sched_wakeup_granularity / 1000);
	KTEST_EXPECT_EQ(test, sysctl_sched_latency, factor * 6000000U);
	KTEST_EXPECT_EQ(test, sysctl_sched_min_granularity, factor * 750000U);
	KTEST_EXPECT_EQ(test, sysctl_sched_wakeup_granularity, factor * 1000000U);
}

/* ---- Time split by weight ---------------------------------------------------------------- */

/* (ran0 / ran5) / (1024 / 335), in thousandths: 1000 is the exact split. */
static long split_permille(const u64 *ran)
{
	return ran[1] ? (long)(ran[0] * 335 * 1000 / (ran[1] * 1024)) : LONG_MAX;
}

/*
 * nice 0 and nice 5 spinning on one CPU: their se.sum_exec_runtime grows 1024 : 335. What CFS
 * keeps is the weighted runtimes (vruntime, runtime * 1024 / weight) of the two within about a
 * slice of each other; it does not keep the raw split exact at every moment. Runtime is wall
 * time, so a host that stalls the virtual CPU charges the stall to whichever thread ran, and
 * CFS pays it back to the other afterwards: at a random moment the split can be far off (283
 * of 1000 was seen on a busy host), though the scheduler did everything right.
 *
 * So the case (FIFO 99, on the same CPU) looks every NICE_SAMPLE_MS at the runtimes both
 * threads gathered since the warm-up, weighted by Linux's table, and passes at the first look
 * where they have had NICE_WINDOW_NS between them and their weighted runtimes are within
 * NICE_LAG_NS: the two vruntimes meet, which is the property. With a wrong weight they drift
 * apart for good (4 % off is 1.6 latency periods after the window) and the case fails at
 * NICE_GIVE_UP_MS.
 * Only what the threads were charged is measured, never how long the case slept.
 *
 * A look after the host stopped the vCPU is not judged: the case's timer fires as soon as the
 * vCPU runs again, so that look always finds the stall just charged to the spinner that was
 * running, not yet paid back (on a host running many QEMUs, 454 looks in a row did). The
 * ticks the host swallowed during the look's sleep (tick_watch) tell such a look, and the
 * runtime charged across it does not count towards NICE_GIVE_UP_MS: a stall of half a second
 * charged to nice 0 took a third of that budget at once, and CFS was still paying it back to
 * nice 5 when the case gave up. NICE_DEADLINE_S bounds the whole.
 *
 * The runtimes count from a look at which the two vruntimes are level (within
 * NICE_START_GAP_NS, the gap then added to the lag), not from the end of the warm-up: a new
 * task's vruntime starts a slice above min_vruntime, and a stall during the warm-up is charged
 * to one of them, so at that moment the gap can be anything (-29 ms on a busy host, which the
 * lag then never came within a latency period of). CFS levels its vruntimes whatever the
 * weights, so the level start is always found; a wrong weight then drifts from it and never
 * comes back.
 */
/*
 * Met at NICE_MET_LOOKS clean looks in a row, not one: CFS pays a stall back within a few
 * milliseconds, so a wrong weight's drift that a stall's offset happens to cancel at one look
 * (one run in six with nice 5 at 360 on a busy host) does not stay cancelled for three.
 */
#define NICE_MET_LOOKS		3
#define NICE_START_GAP_NS	1000000LL
#define NICE_START_LOOKS	500
/* 40 latency periods (240 ms on one CPU, 960 ms from 8): a lag of one period is then 2.5 % of
 * the window, well inside the split's 5 % bound. */
#define NICE_WINDOW_NS		(40 * (u64)sysctl_sched_latency)
#define NICE_SAMPLE_MS		2
/* One sched latency period (6 ms times the CPU scaling): a slice and change. */
#define NICE_LAG_NS		((s64)sysctl_sched_latency)
#define NICE_GIVE_UP_MS		1500
#define NICE_DEADLINE_S		5

static void nice0_vs_nice5_split(struct ktest *test)
{
	struct spinner s[2] = { { 0 } };
	struct task_struct *p[2];
	u64 start[2], ran[2] = { 0, 0 }, clean = 0, before = 0;
	s64 gap;
	unsigned long deadline;
	struct tick_watch tw;
	s64 lag = 0;
	bool met = false;
	int i, looks = 0, stalled = 0, streak = 0;

	become_fifo99();
	p[0] = create_fair_on_test_cpu(spinner_fn, &s[0], SCHED_NORMAL, 0, "fair-nice0");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[0]);
	p[1] = create_fair_on_test_cpu(spinner_fn, &s[1], SCHED_NORMAL, 5, "fair-nice5");
	if (IS_ERR(p[1])) {
		stop_spinners(p, s, 1);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[1]);
	}
	wake_up_process(p[0]);
	wake_up_process(p[1]);
	msleep(20);
	/* We preempted whichever ran: its runtime was charged at the switch. */
	for (i = 0; i < NICE_START_LOOKS; i++) {
		tick_watch_start(&tw);
		msleep(NICE_SAMPLE_MS);
		gap = (s64)(p[0]->se.vruntime - p[1]->se.vruntime);
		if (!tick_watch_lost(&tw, cpumask_of(TEST_CPU)) && gap <= NICE_START_GAP_NS &&
		    gap >= -NICE_START_GAP_NS)
			break;
	}
	KTEST_EXPECT_LT(test, i, NICE_START_LOOKS);
	for (i = 0; i < 2; i++)
		start[i] = p[i]->se.sum_exec_runtime;
	deadline = jiffies + NICE_DEADLINE_S * HZ;
	while (clean < NICE_GIVE_UP_MS * 1000000ULL && time_before(jiffies, deadline)) {
		tick_watch_start(&tw);
		msleep(NICE_SAMPLE_MS);
		looks++;
		for (i = 0; i < 2; i++)
			ran[i] = p[i]->se.sum_exec_runtime - start[i];
		lag = (s64)ran[0] - (s64)(ran[1] * 1024 / 335) + gap;
		if (s[0].gave_up || s[1].gave_up)
			break;
		if (tick_watch_lost(&tw, cpumask_of(TEST_CPU))) {
			stalled++;
			streak = 0;
			before = ran[0] + ran[1];
			continue;
		}
		clean += ran[0] + ran[1] - before;
		before = ran[0] + ran[1];
		if (ran[0] + ran[1] >= NICE_WINDOW_NS &&
		    lag <= NICE_LAG_NS && lag >= -NICE_LAG_NS)
			streak++;
		else
			streak = 0;
		if (streak == NICE_MET_LOOKS) {
			met = true;
			break;
		}
	}
	stop_spinners(p, s, 2);

	ktest_info(test, "nice 0 ran %llu us, nice 5 ran %llu us: %ld/1000 of 1024:335, weighted "
		   "lag %lld us from a gap of %lld us, after %d looks (%d after a host stall)",
		   (unsigned long long)ran[0] / 1000, (unsigned long long)ran[1] / 1000,
		   split_permille(ran), (long long)lag / 1000, (long long)gap / 1000, looks, stalled);
	KTEST_EXPECT_FALSE(test, s[0].gave_up);
	KTEST_EXPECT_FALSE(test, s[1].gave_up);
	KTEST_EXPECT_TRUE(test, met);
	/* The split, counted from level vruntimes: nice 0's runtime with the gap it started at. */
	ran[0] = (s64)ran[0] + gap > 0 ? ran[0] + gap : 0;
	KTEST_EXPECT_GE(test, split_permille(ran), 950);
	KTEST_EXPECT_LE(test, split_permille(ran), 1050);
}

/*
 * A nice-0 thread spins without ever calling schedule(); the case, also SCHED_NORMAL nice 0,
 * spins too, on the same CPU, until it has had 100 ms of CPU. Only the tick can take the CPU
 * from either: the case gets its 100 ms well before its deadline (it is not starved), and the
 * spinner keeps running meanwhile, at least 30 ms (a share, not asserted exactly: a host stall
 * is charged to one of them as runtime).
 */
static void equal_spinners_both_progress(struct ktest *test)
{
	struct spinner s = { 0 };
	struct task_struct *p;
	u64 me0, other0, me, other;
	unsigned long end = jiffies + SPIN_LIMIT / 2;
	unsigned long loops0;

	KTEST_ASSERT_EQ(test, task_cpu(current), TEST_CPU);
	KTEST_ASSERT_EQ(test, current->policy, SCHED_NORMAL);
	KTEST_ASSERT_EQ(test, task_nice(current), 0);
	p = create_fair_on_test_cpu(spinner_fn, &s, SCHED_NORMAL, 0, "fair-hog");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	wake_up_process(p);
	me0 = current->se.sum_exec_runtime;
	other0 = p->se.sum_exec_runtime;
	loops0 = READ_ONCE(s.loops);
	while (current->se.sum_exec_runtime - me0 < 100 * 1000000ULL && time_before(jiffies, end))
		cpu_relax();
	me = current->se.sum_exec_runtime - me0;
	other = p->se.sum_exec_runtime - other0;
	KTEST_EXPECT_UGT(test, READ_ONCE(s.loops), loops0);
	stop_spinners(&p, &s, 1);

	ktest_info(test, "case ran %llu us, spinner %llu us", (unsigned long long)me / 1000,
		   (unsigned long long)other / 1000);
	KTEST_EXPECT_FALSE(test, s.gave_up);
	KTEST_EXPECT_UGE(test, me, 100 * 1000000ULL);
	KTEST_EXPECT_UGE(test, other, 30 * 1000000ULL);
}

/* ---- SCHED_IDLE, SCHED_BATCH ------------------------------------------------------------- */

/*
 * A SCHED_IDLE spinner and a SCHED_NORMAL spinner, both runnable: the idle-policy one does not
 * run at all (runtime unchanged) while the normal one spins, and runs once that one stops.
 */
static void sched_idle_runs_only_when_nothing_else(struct ktest *test)
{
	struct spinner s[2] = { { 0 } };	/* 0: normal, 1: idle policy */
	struct task_struct *p[2];
	u64 idle_before, idle_during, stopped_ns;

	become_fifo99();
	p[0] = create_fair_on_test_cpu(spinner_fn, &s[0], SCHED_NORMAL, 0, "fair-normal");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[0]);
	p[1] = create_fair_on_test_cpu(spinner_fn, &s[1], SCHED_IDLE, 0, "fair-idle");
	if (IS_ERR(p[1])) {
		stop_spinners(p, s, 1);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[1]);
	}
	KTEST_EXPECT_EQ(test, p[1]->policy, SCHED_IDLE);
	KTEST_EXPECT_EQ(test, p[1]->prio, 120);
	idle_before = p[1]->se.sum_exec_runtime;
	wake_up_process(p[0]);
	wake_up_process(p[1]);
	msleep(50);
	idle_during = p[1]->se.sum_exec_runtime - idle_before;
	KTEST_EXPECT_UEQ(test, idle_during, 0);
	KTEST_EXPECT_UEQ(test, s[1].first_ns, 0);
	KTEST_EXPECT_UGT(test, READ_ONCE(s[0].loops), 0);

	stopped_ns = sched_clock();
	WRITE_ONCE(s[0].stop, 1);
	kthread_stop(p[0]);
	p[0] = NULL;
	msleep(20);
	KTEST_EXPECT_UGT(test, p[1]->se.sum_exec_runtime - idle_before, 0);
	KTEST_EXPECT_UGE(test, s[1].first_ns, stopped_ns);
	stop_spinners(p, s, 2);
	KTEST_EXPECT_FALSE(test, s[0].gave_up);
}

static int batch_fn(void *data)
{
	complete(data);
	return sleep_until_stopped(7);
}

static void sched_batch_accepted(struct ktest *test)
{
	struct sched_param sp = { .sched_priority = 0 };
	struct completion ran;
	struct task_struct *p;

	init_completion(&ran);
	p = create_fair_on_test_cpu(batch_fn, &ran, SCHED_BATCH, 3, "fair-batch");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_BATCH);
	KTEST_EXPECT_EQ(test, p->prio, 123);
	KTEST_EXPECT_EQ(test, p->se.load.weight, 526);
	sp.sched_priority = 1;
	KTEST_EXPECT_EQ(test, sched_setscheduler(p, SCHED_BATCH, &sp), -EINVAL);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_BATCH);
	wake_up_process(p);
	KTEST_EXPECT_TRUE(test, wait_for_completion_timeout(&ran, HZ) != 0);
	KTEST_EXPECT_EQ(test, kthread_stop(p), 7);
}

/* ---- yield() ------------------------------------------------------------------------------ */

struct yield_probe {
	int started;
	int n;
	int ev[LOG_MAX];
};

struct yielder {
	struct yield_probe *probe;
	int id;
	bool gave_up;
};

/*
 * Wait (spinning, so both are runnable) until both threads have started, then log and yield
 * YIELD_ROUNDS times. Each turn takes microseconds, far below a fair slice, so without yield()
 * one thread would log all its rounds in a row; with it, the log alternates.
 */
static int yielder_fn(void *data)
{
	struct yielder *y = data;
	struct yield_probe *yp = y->probe;
	unsigned long end = jiffies + SPIN_LIMIT / 2;

	__atomic_add_fetch(&yp->started, 1, __ATOMIC_SEQ_CST);
	while (READ_ONCE(yp->started) < 2) {
		if (time_after(jiffies, end)) {
			y->gave_up = true;
			return sleep_until_stopped(0);
		}
		cpu_relax();
	}
	for (int i = 0; i < YIELD_ROUNDS; i++) {
		int slot = __atomic_fetch_add(&yp->n, 1, __ATOMIC_RELAXED);

		if (slot < LOG_MAX)
			yp->ev[slot] = y->id;
		yield();
	}
	return sleep_until_stopped(0);
}

/* How many consecutive log entries come from different threads. */
static int yield_handovers(const struct yield_probe *yp)
{
	int n = 0;

	for (int i = 0; i + 1 < 2 * YIELD_ROUNDS; i++)
		n += yp->ev[i] != yp->ev[i + 1];
	return n;
}

static void yield_lets_equal_task_run(struct ktest *test)
{
	struct yield_probe yp = { 0 };
	struct yielder y[2] = { { &yp, 0, false }, { &yp, 1, false } };
	struct task_struct *p[2];

	become_fifo99();
	for (int i = 0; i < 2; i++) {
		p[i] = create_fair_on_test_cpu(yielder_fn, &y[i], SCHED_NORMAL, 0,
					  i ? "fair-yield1" : "fair-yield0");
		if (IS_ERR(p[i])) {
			if (i)
				kthread_stop(p[0]);
			KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[i]);
		}
	}
	wake_up_process(p[0]);
	wake_up_process(p[1]);
	msleep(50);
	kthread_stop(p[0]);
	kthread_stop(p[1]);

	KTEST_EXPECT_FALSE(test, y[0].gave_up);
	KTEST_EXPECT_FALSE(test, y[1].gave_up);
	KTEST_ASSERT_EQ(test, yp.n, 2 * YIELD_ROUNDS);
	/*
	 * Every yield hands over, so the log alternates. A tick that preempts a thread between its
	 * log entry and its yield (a host stall can make its slice look used up) legitimately puts
	 * two entries of the other thread in a row once; without yield() there would be none.
	 */
	KTEST_EXPECT_GE(test, yield_handovers(&yp), 2 * YIELD_ROUNDS - 3);
}

/* ---- Sleepers ------------------------------------------------------------------------------ */

static int sleeper_fn(void *data)
{
	return sleep_until_stopped(0);
}

/* @p's vruntime less the spinner's, both on TEST_CPU's clock, in ns. */
static s64 vruntime_lag(struct task_struct *p, struct task_struct *spinner)
{
	return (s64)(READ_ONCE(p->se.vruntime) - READ_ONCE(spinner->se.vruntime));
}

/*
 * A sleeper keeps its vruntime while the queue's min_vruntime moves on (Linux's
 * dequeue_entity() with DEQUEUE_SLEEP), so after 60 ms asleep beside a spinner it wakes behind
 * it, within place_entity()'s half latency period, and runs first. And a class change while
 * asleep keeps that straight: to FIFO asleep, woken as RT, back to SCHED_NORMAL while queued,
 * it lands next to the spinner, not a whole min_vruntime ahead of it (switched_from_fair()).
 * The case runs as FIFO 99, so nothing fair runs while it reads the two vruntimes.
 */
static void sleeper_wakes_behind_a_spinner(struct ktest *test)
{
	const struct sched_param fifo1 = { .sched_priority = 1 }, normal = { 0 };
	struct spinner sp = { 0 };
	struct task_struct *p, *spinner;
	s64 lag;

	become_fifo99();
	p = create_fair_on_test_cpu(sleeper_fn, NULL, SCHED_NORMAL, 0, "fair-sleeper");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	spinner = create_fair_on_test_cpu(spinner_fn, &sp, SCHED_NORMAL, 0, "fair-spinner");
	if (IS_ERR_OR_NULL(spinner)) {
		kthread_stop(p);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, spinner);
	}
	wake_up_process(p);
	wake_up_process(spinner);
	msleep(60);
	wake_up_process(p);
	lag = vruntime_lag(p, spinner);
	ktest_info(test, "woken after 60 ms asleep: %ld us behind the spinner", (long)(-lag / 1000));
	KTEST_EXPECT_LT(test, lag, 0);

	msleep(10);	/* it runs, and sleeps again */
	sched_setscheduler_nocheck(p, SCHED_FIFO, &fifo1);
	msleep(30);
	wake_up_process(p);
	sched_setscheduler_nocheck(p, SCHED_NORMAL, &normal);
	lag = vruntime_lag(p, spinner);
	ktest_info(test, "FIFO while asleep, woken, fair again: %ld us from the spinner", (long)(lag / 1000));
	/* Within a latency period of it: placed as a sleeper when it left the class. */
	KTEST_EXPECT_LT(test, lag, (s64)sysctl_sched_latency);
	KTEST_EXPECT_GT(test, lag, -(s64)sysctl_sched_latency);

	stop_spinners(&spinner, &sp, 1);
	kthread_stop(p);
	KTEST_EXPECT_FALSE(test, sp.gave_up);
}

static struct ktest_case sched_fair_cases[] = {
	KTEST_CASE(nice_to_weight),
	KTEST_CASE(tunables_scale_with_cpus),
	KTEST_CASE(nice0_vs_nice5_split),
	KTEST_CASE(equal_spinners_both_progress),
	KTEST_CASE(sched_idle_runs_only_when_nothing_else),
	KTEST_CASE(sched_batch_accepted),
	KTEST_CASE(yield_lets_equal_task_run),
	KTEST_CASE(sleeper_wakes_behind_a_spinner),
	{}
};

static struct ktest_suite sched_fair_suite = {
	.name = "sched_fair",
	.cases = sched_fair_cases,
	.init = sched_fair_init,
	.exit = sched_fair_exit,
};
ktest_register_suite(sched_fair_suite);
