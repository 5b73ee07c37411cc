/* Self-tests of the real-time class (sched/rt.c): Linux's priority numbers, SCHED_FIFO running
 * until it blocks, wake-up preemption by a higher priority, and SCHED_RR's 100 ms rotation. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/tick.h>
#include <linux/timer.h>
#include <ktest.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

/* Every thread of a case runs on this CPU, so the cases mean the same with -smp 4. */
/* No test thread spins longer than this: a broken scheduler fails a case, it never hangs it. */
#define SPIN_LIMIT		(HZ / 2)
#define RR_SLICE_TICKS		100	/* Linux's RR_TIMESLICE at HZ=1000 */
#define RR_RECORDS		5	/* 5 switches seen = 4 whole slices measured */
#define LOG_MAX			16

/*
 * Each case itself runs as SCHED_FIFO 99 on TEST_CPU: the threads it wakes cannot run until it
 * blocks, so every experiment starts at a known point (the case's wait) with all threads queued.
 */
static int sched_rt_init(struct ktest *test)
{
	static const struct sched_param fifo99 = { .sched_priority = MAX_RT_PRIO - 1 };
	int err = sched_test_enter();

	return err ? err : sched_setscheduler_nocheck(current, SCHED_FIFO, &fifo99);
}

static void sched_rt_exit(struct ktest *test)
{
	sched_test_leave();
}

/* Busy for @n jiffies without blocking; cond_resched() must not hand the CPU to an equal FIFO. */
static void spin_jiffies(unsigned long n)
{
	unsigned long end = jiffies + n;

	while (time_before(jiffies, end)) {
		cond_resched();
		cpu_relax();
	}
}

/* Wait for @n completions of @done, at most a second each (a thread that never ran). */
static bool wait_done(struct completion *done, int n)
{
	while (n--)
		if (!wait_for_completion_timeout(done, HZ))
			return false;
	return true;
}

/* ---- Priority numbers ------------------------------------------------------------------ */

static int never_runs_fn(void *data)
{
	return sleep_until_stopped(0);
}

static int setsched(struct task_struct *p, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(p, policy, &sp);
}

static void prio_numbers(struct ktest *test)
{
	struct task_struct *p = kthread_create(never_runs_fn, NULL, "rt-prio");

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, p->prio, 120);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_FIFO, 10), 0);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_FIFO);
	KTEST_EXPECT_EQ(test, p->rt_priority, 10);
	KTEST_EXPECT_EQ(test, p->prio, 99 - 10);
	KTEST_EXPECT_EQ(test, p->normal_prio, 99 - 10);
	KTEST_EXPECT_TRUE(test, rt_task(p));
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_RR, 99), 0);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_RR);
	KTEST_EXPECT_EQ(test, p->prio, 0);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_RR, 1), 0);
	KTEST_EXPECT_EQ(test, p->prio, 98);

	sched_set_fifo(p);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_FIFO);
	KTEST_EXPECT_EQ(test, p->rt_priority, 50);
	KTEST_EXPECT_EQ(test, p->prio, 49);
	sched_set_fifo_low(p);
	KTEST_EXPECT_EQ(test, p->rt_priority, 1);
	KTEST_EXPECT_EQ(test, p->prio, 98);

	/* Out of range for the policy, or no such policy: refused, nothing changed. */
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_FIFO, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_FIFO, 100), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_RR, -1), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_NORMAL, 1), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, SCHED_IDLE, 5), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, 4, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, 6, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, setsched(p, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, sched_setscheduler(p, SCHED_FIFO, NULL), -EINVAL);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_FIFO);
	KTEST_EXPECT_EQ(test, p->rt_priority, 1);
	KTEST_EXPECT_EQ(test, p->prio, 98);

	sched_set_normal(p, 0);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_NORMAL);
	KTEST_EXPECT_EQ(test, p->rt_priority, 0);
	KTEST_EXPECT_EQ(test, p->prio, 120);
	KTEST_EXPECT_FALSE(test, rt_task(p));
	/* Never woken: kthread_stop says so. */
	KTEST_EXPECT_EQ(test, kthread_stop(p), -EINTR);
}

/* ---- SCHED_FIFO: runs until it blocks ------------------------------------------------------ */

struct order_log {
	int n;
	int ev[LOG_MAX];
	struct completion done;
};

static void log_event(struct order_log *log, int ev)
{
	int i = __atomic_fetch_add(&log->n, 1, __ATOMIC_RELAXED);

	if (i < LOG_MAX)
		log->ev[i] = ev;
}

static struct order_log *fifo_log;

/* A: run 3 ticks, block 2 ms, then log again. B: run 10 ticks. A wakes while B runs. */
static int fifo_a_fn(void *data)
{
	log_event(fifo_log, 'A' * 10 + 0);
	spin_jiffies(3);
	log_event(fifo_log, 'A' * 10 + 1);
	msleep(2);
	log_event(fifo_log, 'A' * 10 + 2);
	complete(&fifo_log->done);
	return sleep_until_stopped(0);
}

static int fifo_b_fn(void *data)
{
	log_event(fifo_log, 'B' * 10 + 0);
	spin_jiffies(10);
	log_event(fifo_log, 'B' * 10 + 1);
	complete(&fifo_log->done);
	return sleep_until_stopped(0);
}

/*
 * Two SCHED_FIFO 50 threads, A woken first. FIFO means: A runs until it blocks, ticks and
 * cond_resched() notwithstanding (A0 A1 before B0); when A wakes from its sleep while B runs,
 * it waits for B to finish (B1 before A2), because an equal priority never preempts.
 */
static void fifo_runs_until_block(struct ktest *test)
{
	static const int expected[] = { 'A' * 10 + 0, 'A' * 10 + 1, 'B' * 10 + 0, 'B' * 10 + 1,
					'A' * 10 + 2 };
	struct order_log log = { 0 };
	struct task_struct *a, *b;

	init_completion(&log.done);
	fifo_log = &log;
	a = create_on_test_cpu(fifo_a_fn, NULL, SCHED_FIFO, 50, "fifo-A");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = create_on_test_cpu(fifo_b_fn, NULL, SCHED_FIFO, 50, "fifo-B");
	if (IS_ERR(b)) {
		kthread_stop(a);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, b);
	}
	wake_up_process(a);
	wake_up_process(b);
	KTEST_EXPECT_EQ(test, log.n, 0);	/* both wait for us (FIFO 99) to block */
	KTEST_EXPECT_TRUE(test, wait_done(&log.done, 2));
	kthread_stop(a);
	kthread_stop(b);
	KTEST_ASSERT_EQ(test, log.n, ARRAY_SIZE(expected));
	for (int i = 0; i < (int)ARRAY_SIZE(expected); i++)
		KTEST_EXPECT_EQ(test, log.ev[i], expected[i]);
}

/* ---- Wake-up preemption ---------------------------------------------------------------------- */

/*
 * A spinner that never calls schedule() arms a timer; the timer callback wakes a sleeping RT
 * thread ("high"). With full preemption the switch happens on the way out of that very
 * interrupt, so the spinner never sees the wake-up done while high has not yet run.
 */
struct preempt_probe {
	struct timer_list timer;
	struct task_struct *high;
	struct completion done;
	int go, woken, high_ran;
	unsigned long woken_tick, ran_tick;
	u64 woken_ns, ran_ns;
	unsigned long gaps;	/* spinner iterations that saw woken && !high_ran */
	bool gave_up;
	u64 spin_end_ns, equal_ns;
};

static void probe_timer_fn(struct timer_list *t)
{
	struct preempt_probe *pp = from_timer(pp, t, timer);

	WRITE_ONCE(pp->go, 1);
	pp->woken_tick = this_cpu_read(tick_count);
	pp->woken_ns = sched_clock();
	WRITE_ONCE(pp->woken, 1);
	wake_up_process(pp->high);
}

static int probe_high_fn(void *data)
{
	struct preempt_probe *pp = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(pp->go) || kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	pp->ran_ns = sched_clock();
	pp->ran_tick = this_cpu_read(tick_count);
	WRITE_ONCE(pp->high_ran, 1);
	return sleep_until_stopped(0);
}

static int probe_spinner_fn(void *data)
{
	struct preempt_probe *pp = data;
	unsigned long end = jiffies + SPIN_LIMIT;

	mod_timer(&pp->timer, jiffies + 2);
	while (!READ_ONCE(pp->high_ran)) {
		if (READ_ONCE(pp->woken) && !READ_ONCE(pp->high_ran))
			pp->gaps++;
		if (time_after(jiffies, end)) {
			pp->gave_up = true;
			break;
		}
		cpu_relax();
	}
	del_timer_sync(&pp->timer);
	pp->spin_end_ns = sched_clock();
	complete(&pp->done);
	return sleep_until_stopped(0);
}

/* Queued behind the spinner at its priority: when does it get the CPU? */
static int probe_equal_fn(void *data)
{
	struct preempt_probe *pp = data;

	pp->equal_ns = sched_clock();
	complete(&pp->done);
	return sleep_until_stopped(0);
}

/* One probe: every check but the latency in ticks, which it returns. */
static unsigned long preempt_probe_once(struct ktest *test, int spin_policy, int spin_prio,
					int high_prio)
{
	struct preempt_probe pp = { 0 };
	struct task_struct *spinner, *equal = NULL;

	init_completion(&pp.done);
	timer_setup(&pp.timer, probe_timer_fn, 0);
	pp.high = create_on_test_cpu(probe_high_fn, &pp, SCHED_FIFO, high_prio, "rt-high");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, pp.high);
	spinner = create_on_test_cpu(probe_spinner_fn, &pp, spin_policy, spin_prio, "rt-spinner");
	if (IS_ERR(spinner)) {
		kthread_stop(pp.high);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, spinner);
	}
	/* An RT spinner gets a waiter of its own priority, queued behind it. */
	if (rt_policy(spin_policy))
		equal = create_on_test_cpu(probe_equal_fn, &pp, spin_policy, spin_prio, "rt-equal");
	/* high runs first (it outranks the spinner), finds go == 0 and sleeps. */
	wake_up_process(pp.high);
	wake_up_process(spinner);
	if (!IS_ERR_OR_NULL(equal))
		wake_up_process(equal);
	KTEST_EXPECT_TRUE(test, wait_done(&pp.done, IS_ERR_OR_NULL(equal) ? 1 : 2));
	kthread_stop(spinner);
	kthread_stop(pp.high);
	if (!IS_ERR_OR_NULL(equal)) {
		kthread_stop(equal);
		/* Preempted, the spinner kept its place at the head of its list (POSIX FIFO):
		 * when high slept, the spinner resumed, and its equal ran only after it. */
		KTEST_EXPECT_UGT(test, pp.equal_ns, pp.spin_end_ns);
	} else if (rt_policy(spin_policy)) {
		KTEST_FAIL(test, "cannot create the equal-priority waiter: %ld", PTR_ERR(equal));
	}

	KTEST_EXPECT_FALSE(test, pp.gave_up);
	KTEST_ASSERT_EQ(test, pp.high_ran, 1);
	KTEST_EXPECT_EQ(test, pp.gaps, 0);
	KTEST_EXPECT_UGE(test, pp.ran_ns, pp.woken_ns);
	ktest_info(test, "wake-up to first instruction: %llu ns, %lu ticks",
		   (unsigned long long)(pp.ran_ns - pp.woken_ns), pp.ran_tick - pp.woken_tick);
	return pp.ran_tick - pp.woken_tick;
}

#define PROBE_TRIES	3

/*
 * high preempts at once: the spinner never runs between the wake-up and high's first
 * instruction (gaps, on every try), and that instruction comes within one tick, at most one
 * timer interrupt after the wake-up (which happens inside one). A host that stops the vCPU
 * between the two lets a second tick in (2 ticks in 1.3 ms were seen on a busy host): the
 * latency is the best of a few tries, and a scheduler that waits for a later tick fails all.
 */
static void run_preempt_probe(struct ktest *test, int spin_policy, int spin_prio, int high_prio)
{
	unsigned long ticks = ULONG_MAX;

	for (int try = 0; try < PROBE_TRIES && ticks > 1; try++)
		ticks = min(ticks, preempt_probe_once(test, spin_policy, spin_prio, high_prio));
	KTEST_EXPECT_ULE(test, ticks, 1);
}

/* FIFO 60 woken while FIFO 10 spins: it runs at once, not when FIFO 10 blocks; FIFO 10 then
 * resumes ahead of another FIFO 10 that was waiting. */
static void higher_rt_preempts_on_wakeup(struct ktest *test)
{
	run_preempt_probe(test, SCHED_FIFO, 10, 60);
}

/* FIFO 50 woken while a SCHED_NORMAL thread spins without ever calling schedule(). */
static void rt_preempts_normal_spinner(struct ktest *test)
{
	run_preempt_probe(test, SCHED_NORMAL, 0, 50);
}

/* ---- SCHED_RR: 100 ms rotation ------------------------------------------------------------ */

struct rr_probe {
	int last;		/* id of the thread that ran last */
	int nr;
	struct task_struct *task[2];
	int who[RR_RECORDS];
	/* Ticks charged to each spinner before either was woken, and by each switch: the ticks
	 * it was current for, the unit task_tick_rt() counts its slice in. */
	unsigned long woken[2];
	unsigned long own[RR_RECORDS][2];
	unsigned long tick[RR_RECORDS];	/* the CPU's ticks at each switch */
	unsigned long jif[RR_RECORDS];
	u64 ns[RR_RECORDS];
	bool stop;
	struct completion done;
};

/* The ticks charged to @p so far (cputime.c charges whole ticks to what each one interrupts). */
static unsigned long ticks_charged(struct task_struct *p)
{
	return (READ_ONCE(p->utime) + READ_ONCE(p->stime)) / TICK_NSEC;
}

struct rr_thread {
	struct rr_probe *probe;
	int id;
};

/* Record the moment this thread finds it was not the one that ran last: a switch. */
static void rr_record(struct rr_probe *rp, int id)
{
	int i;

	preempt_disable();
	i = rp->nr;
	if (i < RR_RECORDS) {
		rp->who[i] = id;
		rp->own[i][0] = ticks_charged(rp->task[0]);
		rp->own[i][1] = ticks_charged(rp->task[1]);
		rp->tick[i] = this_cpu_read(tick_count);
		rp->jif[i] = jiffies;
		rp->ns[i] = sched_clock();
		rp->nr = i + 1;
	}
	rp->last = id;
	if (rp->nr >= RR_RECORDS)
		WRITE_ONCE(rp->stop, true);
	preempt_enable();
}

static int rr_spinner_fn(void *data)
{
	struct rr_thread *t = data;
	struct rr_probe *rp = t->probe;
	/* Bounded in this CPU's ticks, like the slices: with more vCPUs than host cores the
	 * emulator drops ticks, and a bound in jiffies (wall time) would end before 5 slices. */
	unsigned long end = this_cpu_read(tick_count) + 2 * RR_RECORDS * RR_SLICE_TICKS;

	while (!READ_ONCE(rp->stop) && time_before(this_cpu_read(tick_count), end)) {
		if (READ_ONCE(rp->last) != t->id)
			rr_record(rp, t->id);
		cpu_relax();
	}
	complete(&rp->done);
	return sleep_until_stopped(0);
}

/*
 * Two SCHED_RR 20 spinners that never block. Each runs one whole slice, then the other: the
 * switches alternate, and each slice is 100 ticks (±1) of its thread's own, the ticks charged
 * to it. Not wall time, which a host that stalls the virtual CPU stretches; nor the CPU's
 * ticks, which count those a higher priority (an interrupt thread at FIFO 50) took in the
 * middle of a slice: a busy host's serial line made that 102 and the next 98. The CPU's
 * ticks, jiffies and ns are printed alongside.
 *
 * A slice runs from the thread's switch-in to its switch-out, and task_tick_rt() counts every
 * tick in between, those that land before the thread's code gets to rr_record() included (the
 * switch's tail, an interrupt and its softirqs, a host stall with a coalesced tick after it).
 * So a slice starts from the thread's count read while it was off the CPU: at the other
 * thread's record of the switch before, or before the wake-ups for the first. Counted from
 * its own record, a first slice that took 2 ticks there measured 98 (a CI run, tickless on;
 * 2.5 ms of busy wait put there makes it 97 with or without the tick stopped in idle).
 */
static void rr_alternates_every_100ms(struct ktest *test)
{
	struct rr_probe rp = { .last = -1 };
	struct rr_thread t[2] = { { &rp, 0 }, { &rp, 1 } };
	struct task_struct *p[2];
	int i;

	init_completion(&rp.done);
	for (i = 0; i < 2; i++) {
		p[i] = create_on_test_cpu(rr_spinner_fn, &t[i], SCHED_RR, 20, i ? "rr-1" : "rr-0");
		if (IS_ERR(p[i])) {
			if (i)
				kthread_stop(p[0]);
			KTEST_ASSERT_NOT_ERR_OR_NULL(test, p[i]);
		}
		rp.task[i] = p[i];
	}
	/* Asleep since created: their counts cannot move until they run. */
	rp.woken[0] = ticks_charged(p[0]);
	rp.woken[1] = ticks_charged(p[1]);
	wake_up_process(p[0]);
	wake_up_process(p[1]);
	/* The spinners give up after 2 * 5 slices of ticks at most; 5 s of wall time covers a
	 * host that delivers only a fraction of the ticks. */
	KTEST_EXPECT_TRUE(test, wait_for_completion_timeout(&rp.done, 5 * HZ) &&
			  wait_done(&rp.done, 1));
	kthread_stop(p[0]);
	kthread_stop(p[1]);

	KTEST_ASSERT_EQ(test, rp.nr, RR_RECORDS);
	for (i = 0; i + 1 < RR_RECORDS; i++)
		KTEST_ASSERT_NE(test, rp.who[i], rp.who[i + 1]);
	for (i = 0; i + 1 < RR_RECORDS; i++) {
		int w = rp.who[i];
		/* Its count at its switch-in: read while it was off the CPU (the switches
		 * alternate), by the other thread's record of the switch before this one. */
		unsigned long start = i ? rp.own[i - 1][w] : rp.woken[w];
		long ticks = rp.own[i + 1][w] - start;

		KTEST_EXPECT_GE(test, ticks, RR_SLICE_TICKS - 1);
		KTEST_EXPECT_LE(test, ticks, RR_SLICE_TICKS + 1);
		ktest_info(test, "slice %d (rr-%d): %ld of its ticks (%lu before its record), "
			   "%lu of the CPU's, %lu jiffies, %llu us", i, w, ticks,
			   rp.own[i][w] - start, rp.tick[i + 1] - rp.tick[i],
			   rp.jif[i + 1] - rp.jif[i],
			   (unsigned long long)(rp.ns[i + 1] - rp.ns[i]) / 1000);
	}
}

static struct ktest_case sched_rt_cases[] = {
	KTEST_CASE(prio_numbers),
	KTEST_CASE(fifo_runs_until_block),
	KTEST_CASE(higher_rt_preempts_on_wakeup),
	KTEST_CASE(rt_preempts_normal_spinner),
	KTEST_CASE(rr_alternates_every_100ms),
	{}
};

static struct ktest_suite sched_rt_suite = {
	.name = "sched_rt",
	.cases = sched_rt_cases,
	.init = sched_rt_init,
	.exit = sched_rt_exit,
};
ktest_register_suite(sched_rt_suite);
