/* Self-tests of time (suite "timer"): jiffies at HZ=1000 against the TSC clock, kernel timers
 * (timer_setup, add_timer, mod_timer, del_timer[_sync]) and schedule_timeout() built on them. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <linux/timer.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

#define NSEC_PER_TICK	(1000000000ULL / HZ)
/* Long enough for anything queued on this CPU to have run, however slow the host. */
#define SETTLE_TICKS	2000
/* How much later than asked a sleep may end: the host (TCG, shared cores) stalls the guest. */
#define SLACK_TICKS	40

/*
 * The slack, plus the ticks the host swallowed since @tw started (sched_test_util.h): a vCPU
 * the host stops wakes to find jiffies that far on (a 20-tick schedule_timeout() ended 103
 * ticks after it began on a busy host, its timer on time).
 */
static unsigned long late_slack(const struct tick_watch *tw)
{
	return SLACK_TICKS + tick_watch_lost(tw, cpu_online_mask);
}

struct test_timer {
	struct timer_list timer;
	int fired;			/* callback runs */
	unsigned long fired_at;		/* jiffies in the last run */
	unsigned long expires_seen;	/* timer->expires in the last run */
	bool in_irq;
	bool in_serving_softirq;
	bool irqs_off;
	int rearm;			/* runs left that re-arm the timer */
	unsigned long period;
	unsigned long at[16];		/* jiffies of each run, for the re-arming timer */
};

static void test_timer_fn(struct timer_list *t)
{
	struct test_timer *tt = from_timer(tt, t, timer);

	if (tt->fired < (int)ARRAY_SIZE(tt->at))
		tt->at[tt->fired] = jiffies;
	tt->fired_at = jiffies;
	tt->expires_seen = t->expires;
	tt->in_irq = in_irq();
	tt->in_serving_softirq = in_serving_softirq();
	tt->irqs_off = irqs_disabled();
	WRITE_ONCE(tt->fired, tt->fired + 1);
	if (tt->rearm > 0) {
		tt->rearm--;
		mod_timer(t, jiffies + tt->period);
	}
}

static void test_timer_init(struct test_timer *tt)
{
	memset(tt, 0, sizeof(*tt));
	timer_setup(&tt->timer, test_timer_fn, 0);
}

/* Sleep until the timer has run @n times (or SETTLE_TICKS passed). */
static bool wait_fired(struct test_timer *tt, int n)
{
	int i;

	for (i = 0; i < SETTLE_TICKS && READ_ONCE(tt->fired) < n; i++)
		schedule_timeout_uninterruptible(1);
	return READ_ONCE(tt->fired) >= n;
}

#define PRECISION_TRIES	10

/* jiffies, the clock and the tick count read together: with interrupts off no tick and no
 * preemption can come between the reads. */
static void snapshot(unsigned long *j, u64 *t, unsigned long *ticks)
{
	unsigned long flags;

	local_irq_save(flags);
	*j = jiffies;
	*t = sched_clock();
	*ticks = this_cpu_read(tick_count);
	local_irq_restore(flags);
}

static bool clock_agrees(long got, long expected, unsigned long ticks, long busy)
{
	return got >= expected - 2 && got <= expected + 2 && ticks * 2 >= (unsigned long)busy &&
	       ticks <= (unsigned long)busy + 2;
}

/*
 * Over ~70 ms jiffies advance by the periods of the TSC clock that passed, ±2, and the LAPIC
 * timer really interrupts about once a period while the CPU is busy (the 20 ms of mdelay(); in
 * the sleep before it an idle CPU stops its tick): at least half of them (a 100 Hz tick would
 * give a tenth), never more. A host stall swallows tick interrupts (QEMU does not replay them)
 * or delays one past the reads, so up to ten tries are made and the last must agree; a kernel
 * whose tick or jiffies are wrong fails all ten.
 */
static void jiffies_follow_clock_at_hz(struct ktest *test)
{
	unsigned long j0, j1, jb, ticks0, ticks = 0;
	long expected = 0, busy = 0, got = 0;
	u64 t0, t1, tb;
	int try;

	KTEST_EXPECT_EQ(test, HZ, 1000);
	for (try = 0; try < PRECISION_TRIES; try++) {
		snapshot(&j0, &t0, &ticks0);
		msleep(50);
		preempt_disable();
		snapshot(&jb, &tb, &ticks0);
		mdelay(20);
		snapshot(&j1, &t1, &ticks);
		preempt_enable();
		ticks -= ticks0;
		expected = (long)((t1 - t0) / NSEC_PER_TICK);
		busy = (long)((t1 - tb) / NSEC_PER_TICK);
		got = (long)(j1 - j0);
		ktest_info(test, "%ld jiffies, %ld ms of sched_clock, %lu tick interrupts in %ld ms busy",
			   got, expected, ticks, busy);
		if (clock_agrees(got, expected, ticks, busy))
			break;
	}
	/* msleep(50) waits for 51 jiffies to pass, and jiffies follow the clock: this guards
	 * against no sleep at all. (Not the clock itself: jiffies that lagged it at the first
	 * snapshot, ticks the host had held back, catch up at once and end the sleep early.) */
	KTEST_EXPECT_GE(test, got, 51);
	KTEST_EXPECT_GE(test, got, expected - 2);
	KTEST_EXPECT_LE(test, got, expected + 2);
	KTEST_EXPECT_UGE(test, ticks * 2, (unsigned long)busy);
	KTEST_EXPECT_ULE(test, ticks, (unsigned long)busy + 2);
}

/* One add_timer() @delay ticks ahead: how many ticks after its expiry the callback ran. */
static long add_timer_lateness(struct ktest *test, struct test_timer *tt, unsigned long delay)
{
	test_timer_init(tt);
	KTEST_EXPECT_FALSE(test, timer_pending(&tt->timer));
	tt->timer.expires = jiffies + delay;
	add_timer(&tt->timer);
	KTEST_EXPECT_TRUE(test, timer_pending(&tt->timer));
	KTEST_EXPECT_TRUE(test, wait_fired(tt, 1));
	msleep(20);
	del_timer_sync(&tt->timer);
	KTEST_EXPECT_EQ(test, tt->fired, 1);
	KTEST_EXPECT_FALSE(test, timer_pending(&tt->timer));
	KTEST_EXPECT_FALSE(test, tt->in_irq);
	KTEST_EXPECT_TRUE(test, tt->in_serving_softirq);
	KTEST_EXPECT_FALSE(test, tt->irqs_off);
	return (long)(tt->fired_at - tt->timer.expires);
}

/*
 * add_timer() runs the callback once, in TIMER_SOFTIRQ (raised by the tick, run on its exit with
 * interrupts on, not in the hard interrupt itself), at its expiry (+1 tick at
 * most) and never before. A tick the host delayed advances jiffies by several at once and makes
 * a timer late through no fault of the kernel, so lateness is measured up to ten times and
 * the best try must be on time; running early fails on any try.
 */
static void add_timer_fires_once_at_expires(struct ktest *test)
{
	long late, best = LONG_MAX;
	struct test_timer tt;
	int try;

	for (try = 0; try < PRECISION_TRIES && best > 1; try++) {
		late = add_timer_lateness(test, &tt, 10 + try);
		KTEST_EXPECT_GE(test, late, 0);
		if (late > 1)
			ktest_info(test, "try %d: %ld ticks late", try, late);
		best = min(best, late);
	}
	KTEST_EXPECT_GE(test, best, 0);
	KTEST_EXPECT_LE(test, best, 1);
}

/* mod_timer() on a pending timer returns 1 and moves it; on an inactive one it returns 0 and
 * arms it. (add_timer_fires_once_at_expires checks the precision to the tick.) */
static void mod_timer_pending_and_inactive(struct ktest *test)
{
	unsigned long expires, old_expires;
	struct test_timer tt;
	int fired;

	test_timer_init(&tt);
	old_expires = jiffies + 1000;
	tt.timer.expires = old_expires;
	add_timer(&tt.timer);
	expires = jiffies + 10;
	KTEST_EXPECT_EQ(test, mod_timer(&tt.timer, expires), 1);
	KTEST_EXPECT_UEQ(test, tt.timer.expires, expires);
	KTEST_EXPECT_TRUE(test, wait_fired(&tt, 1));
	KTEST_EXPECT_UEQ(test, tt.expires_seen, expires);
	KTEST_EXPECT_GE(test, (long)(tt.fired_at - expires), 0);
	KTEST_EXPECT_TRUE(test, time_before(tt.fired_at, old_expires));

	/*
	 * Pushed later: it must not run at the old time. Not yet fired 10 ms on, unless the
	 * new expiry has come meanwhile (a busy host can make msleep(10) last 30 ticks): the
	 * count is read before jiffies, so a 2 read means jiffies had reached the expiry.
	 */
	expires = jiffies + 30;
	KTEST_EXPECT_EQ(test, mod_timer(&tt.timer, jiffies + 5), 0);
	KTEST_EXPECT_EQ(test, mod_timer(&tt.timer, expires), 1);
	msleep(10);
	fired = READ_ONCE(tt.fired);
	KTEST_EXPECT_TRUE(test, fired == 1 || !time_before(READ_ONCE(jiffies), expires));
	KTEST_EXPECT_TRUE(test, wait_fired(&tt, 2));
	KTEST_EXPECT_GE(test, (long)(tt.fired_at - expires), 0);
	msleep(5);
	del_timer_sync(&tt.timer);
	KTEST_EXPECT_EQ(test, tt.fired, 2);
}

/* del_timer() returns 1 for a pending timer, whose callback then never runs, 0 otherwise. */
static void del_timer_pending_or_not(struct ktest *test)
{
	struct test_timer tt;

	test_timer_init(&tt);
	KTEST_EXPECT_EQ(test, del_timer(&tt.timer), 0);
	tt.timer.expires = jiffies + 5;
	add_timer(&tt.timer);
	KTEST_EXPECT_EQ(test, del_timer(&tt.timer), 1);
	KTEST_EXPECT_FALSE(test, timer_pending(&tt.timer));
	KTEST_EXPECT_EQ(test, del_timer(&tt.timer), 0);
	msleep(20);
	KTEST_EXPECT_EQ(test, tt.fired, 0);

	tt.timer.expires = jiffies + 2;
	add_timer(&tt.timer);
	KTEST_EXPECT_TRUE(test, wait_fired(&tt, 1));
	KTEST_EXPECT_EQ(test, del_timer(&tt.timer), 0);
	KTEST_EXPECT_EQ(test, del_timer_sync(&tt.timer), 0);
}

#define SYNC_ROUNDS	40

struct sync_timer {
	struct timer_list timer;
	int started;
	int finished;
};

static void slow_timer_fn(struct timer_list *t)
{
	struct sync_timer *st = from_timer(st, t, timer);

	WRITE_ONCE(st->started, st->started + 1);
	udelay(300);
	WRITE_ONCE(st->finished, st->finished + 1);
}

/*
 * del_timer_sync() returns only when the callback is not running: whatever the moment it is
 * called (swept across the expiry here), it either dequeued the timer before it ran (1, and it
 * never runs) or returns after the callback finished (0). With one CPU online the callback
 * interrupts the caller and so always ends first; with more, the caller waits for it.
 */
static void del_timer_sync_waits_for_callback(struct ktest *test)
{
	int round, dequeued = 0, ran = 0, torn = 0, ran_after = 0;
	struct sync_timer st;

	timer_setup(&st.timer, slow_timer_fn, 0);
	for (round = 0; round < SYNC_ROUNDS; round++) {
		int ret;

		st.started = 0;
		st.finished = 0;
		mod_timer(&st.timer, jiffies + 1);
		udelay(round * 50);
		ret = del_timer_sync(&st.timer);
		if (READ_ONCE(st.started) != READ_ONCE(st.finished))
			torn++;
		if (ret == 1) {
			dequeued++;
			mdelay(3);
			if (READ_ONCE(st.started))
				ran_after++;
		} else if (st.finished == 1) {
			ran++;
		}
		KTEST_EXPECT_FALSE(test, timer_pending(&st.timer));
	}
	ktest_info(test, "%d rounds: %d dequeued, %d ran first", SYNC_ROUNDS, dequeued, ran);
	KTEST_EXPECT_EQ(test, torn, 0);
	KTEST_EXPECT_EQ(test, ran_after, 0);
	KTEST_EXPECT_EQ(test, dequeued + ran, SYNC_ROUNDS);
	/* The sweep (0 to 2 ms) covers both sides of the expiry. */
	KTEST_EXPECT_GT(test, dequeued, 0);
	KTEST_EXPECT_GT(test, ran, 0);
}

#define REARM_RUNS	10
#define REARM_PERIOD	2

/* A callback that re-arms its own timer (mod_timer(t, jiffies + period) from the callback) runs
 * N times, each at least a period after the one before, and then stops. */
static void timer_rearms_itself_n_times(struct ktest *test)
{
	struct test_timer tt;
	unsigned long start;
	int i;

	test_timer_init(&tt);
	tt.rearm = REARM_RUNS - 1;
	tt.period = REARM_PERIOD;
	start = jiffies + REARM_PERIOD;
	tt.timer.expires = start;
	add_timer(&tt.timer);
	KTEST_EXPECT_TRUE(test, wait_fired(&tt, REARM_RUNS));
	msleep(10 * REARM_PERIOD);
	del_timer_sync(&tt.timer);
	KTEST_EXPECT_EQ(test, tt.fired, REARM_RUNS);
	KTEST_EXPECT_GE(test, (long)(tt.at[0] - start), 0);
	for (i = 1; i < REARM_RUNS; i++)
		KTEST_EXPECT_GE(test, (long)(tt.at[i] - tt.at[i - 1]), REARM_PERIOD);
	KTEST_EXPECT_FALSE(test, timer_pending(&tt.timer));
}

#define NR_MANY	200

struct many_timers {
	struct timer_list timer[NR_MANY];
	unsigned long fired_at[NR_MANY];
	int fired[NR_MANY];
	int order[NR_MANY];
	int nr;
};

static struct many_timers many;

static void many_timer_fn(struct timer_list *t)
{
	int i = t - many.timer;
	int idx = __atomic_fetch_add(&many.nr, 1, __ATOMIC_SEQ_CST);

	many.fired[i]++;
	many.fired_at[i] = jiffies;
	if (idx < NR_MANY)
		many.order[idx] = i;
}

/* 200 timers queued in a scrambled order run once each, in the order of their expiries, none
 * before its time. */
static void many_timers_fire_in_expiry_order(struct ktest *test)
{
	unsigned long base;
	int i, out_of_order = 0, early = 0, not_once = 0;

	memset(&many, 0, sizeof(many));
	base = jiffies + 5;
	for (i = 0; i < NR_MANY; i++) {
		timer_setup(&many.timer[i], many_timer_fn, 0);
		/* 97 is prime to 61: every offset 0..60 is used, in a scrambled order. */
		many.timer[i].expires = base + (i * 97) % 61;
		add_timer(&many.timer[i]);
	}
	for (i = 0; i < SETTLE_TICKS && READ_ONCE(many.nr) < NR_MANY; i++)
		schedule_timeout_uninterruptible(1);
	msleep(5);
	for (i = 0; i < NR_MANY; i++)
		del_timer_sync(&many.timer[i]);

	KTEST_EXPECT_EQ(test, many.nr, NR_MANY);
	for (i = 0; i < NR_MANY; i++) {
		not_once += many.fired[i] != 1;
		early += time_before(many.fired_at[i], many.timer[i].expires);
	}
	for (i = 1; i < NR_MANY && i < many.nr; i++)
		out_of_order += time_before(many.timer[many.order[i]].expires,
					    many.timer[many.order[i - 1]].expires);
	KTEST_EXPECT_EQ(test, not_once, 0);
	KTEST_EXPECT_EQ(test, early, 0);
	KTEST_EXPECT_EQ(test, out_of_order, 0);
}

struct sleeper {
	long ret;
	int done;
	unsigned long j_start, j_end;
};

static int schedule_timeout_fn(void *data)
{
	struct sleeper *s = data;

	s->j_start = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	s->ret = schedule_timeout(1000);
	s->j_end = jiffies;
	WRITE_ONCE(s->done, 1);
	return 0;
}

/* schedule_timeout() returns 0 once the timeout passed; woken early by wake_up_process(), it
 * returns the jiffies that were left. */
static void schedule_timeout_remaining(struct ktest *test)
{
	struct sleeper s = { };
	struct task_struct *p;
	unsigned long j0, j1, slept;
	struct tick_watch tw;
	long ret;
	int i;

	tick_watch_start(&tw);
	j0 = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	ret = schedule_timeout(20);
	j1 = jiffies;
	KTEST_EXPECT_EQ(test, ret, 0);
	KTEST_EXPECT_UEQ(test, current->__state, TASK_RUNNING);
	KTEST_EXPECT_UGE(test, j1 - j0, 20);
	KTEST_EXPECT_ULE(test, j1 - j0, 20 + late_slack(&tw));

	tick_watch_start(&tw);
	p = kthread_run(schedule_timeout_fn, &s, "sched_timeout");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	for (i = 0; i < SETTLE_TICKS; i++) {
		if (READ_ONCE(p->__state) == TASK_UNINTERRUPTIBLE && !READ_ONCE(p->on_rq))
			break;
		schedule_timeout_uninterruptible(1);
	}
	msleep(10);
	KTEST_EXPECT_EQ(test, READ_ONCE(s.done), 0);
	KTEST_EXPECT_EQ(test, wake_up_process(p), 1);
	for (i = 0; i < SETTLE_TICKS && !READ_ONCE(s.done); i++)
		schedule_timeout_uninterruptible(1);
	kthread_stop(p);
	put_task_struct(p);
	slept = s.j_end - s.j_start;
	KTEST_EXPECT_EQ(test, s.done, 1);
	KTEST_EXPECT_GT(test, s.ret, 0);
	KTEST_EXPECT_LE(test, s.ret, 1000 - 10);
	/* What is returned is what was left: the thread was asleep for most of what it measured
	 * (it can be preempted between its own reads of jiffies and the sleep's). */
	KTEST_EXPECT_GE(test, s.ret, 1000 - (long)slept);
	KTEST_EXPECT_LE(test, s.ret, 1000 - (long)slept + (long)late_slack(&tw));
}

struct irq_sync_timers {
	struct timer_list self;
	struct timer_list other;
	int self_ret;
	int other_ret;
	unsigned long warns_between;	/* WARNs during the del_timer_sync(other) */
	int done;
};

static void del_sync_in_irq_fn(struct timer_list *t)
{
	struct irq_sync_timers *it = from_timer(it, t, self);
	unsigned long warns;

	/* On purpose: the lock validator would see the wait for itself first (as Linux's does)
	 * and switch itself off for the rest of the run; this case is about Spindle's own WARN. */
	lockdep_off();
	it->self_ret = del_timer_sync(t);
	lockdep_on();
	warns = warn_count_read();
	it->other_ret = del_timer_sync(&it->other);
	it->warns_between = warn_count_read() - warns;
	WRITE_ONCE(it->done, 1);
}

static void never_fn(struct timer_list *t)
{
	struct irq_sync_timers *it = from_timer(it, t, other);

	WRITE_ONCE(it->done, -1);
}

/*
 * From a timer callback (TIMER_SOFTIRQ), del_timer_sync() of its own timer would wait for itself
 * for ever: it WARNs and only dequeues. Another timer that is not running is simply dequeued,
 * without a warning: softirq context may wait for a callback on another CPU, as in Linux.
 */
static void del_timer_sync_from_callback(struct ktest *test)
{
	struct irq_sync_timers it = { .self_ret = -1, .other_ret = -1 };
	unsigned long warns = warn_count_read();
	int i;

	timer_setup(&it.self, del_sync_in_irq_fn, 0);
	timer_setup(&it.other, never_fn, 0);
	mod_timer(&it.other, jiffies + 1000);
	mod_timer(&it.self, jiffies + 2);
	for (i = 0; i < SETTLE_TICKS && !READ_ONCE(it.done); i++)
		schedule_timeout_uninterruptible(1);
	del_timer_sync(&it.self);
	del_timer_sync(&it.other);
	KTEST_EXPECT_EQ(test, it.done, 1);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns + 1);
	KTEST_EXPECT_UEQ(test, it.warns_between, 0);
	KTEST_EXPECT_EQ(test, it.self_ret, 0);
	KTEST_EXPECT_EQ(test, it.other_ret, 1);
	KTEST_EXPECT_FALSE(test, timer_pending(&it.other));
}

static void irqsafe_timer_fn(struct timer_list *t)
{
	struct test_timer *tt = from_timer(tt, t, timer);

	tt->irqs_off = irqs_disabled();
	tt->in_serving_softirq = in_serving_softirq();
	WRITE_ONCE(tt->fired, tt->fired + 1);
}

/*
 * A TIMER_IRQSAFE callback runs with interrupts off (still in TIMER_SOFTIRQ), so del_timer_sync()
 * may wait for it with interrupts off: no warning. An ordinary timer with interrupts off WARNs
 * and is only dequeued.
 */
static void del_timer_sync_irqs_off_only_irqsafe(struct ktest *test)
{
	struct test_timer safe, plain;
	unsigned long warns, flags;
	int ret_safe, ret_plain;

	memset(&safe, 0, sizeof(safe));
	timer_setup(&safe.timer, irqsafe_timer_fn, TIMER_IRQSAFE);
	mod_timer(&safe.timer, jiffies + 2);
	KTEST_EXPECT_TRUE(test, wait_fired(&safe, 1));
	KTEST_EXPECT_TRUE(test, safe.irqs_off);
	KTEST_EXPECT_TRUE(test, safe.in_serving_softirq);

	test_timer_init(&plain);
	mod_timer(&safe.timer, jiffies + 1000);
	mod_timer(&plain.timer, jiffies + 1000);
	warns = warn_count_read();
	local_irq_save(flags);
	ret_safe = del_timer_sync(&safe.timer);
	local_irq_restore(flags);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns);
	local_irq_save(flags);
	ret_plain = del_timer_sync(&plain.timer);
	local_irq_restore(flags);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns + 1);
	KTEST_EXPECT_EQ(test, ret_safe, 1);
	KTEST_EXPECT_EQ(test, ret_plain, 1);
	KTEST_EXPECT_FALSE(test, timer_pending(&safe.timer));
	KTEST_EXPECT_FALSE(test, timer_pending(&plain.timer));
	KTEST_EXPECT_EQ(test, safe.fired, 1);
	KTEST_EXPECT_EQ(test, plain.fired, 0);
}

static struct ktest_case timer_cases[] = {
	KTEST_CASE(jiffies_follow_clock_at_hz),
	KTEST_CASE(add_timer_fires_once_at_expires),
	KTEST_CASE(mod_timer_pending_and_inactive),
	KTEST_CASE(del_timer_pending_or_not),
	KTEST_CASE(del_timer_sync_waits_for_callback),
	KTEST_CASE(timer_rearms_itself_n_times),
	KTEST_CASE(many_timers_fire_in_expiry_order),
	KTEST_CASE(schedule_timeout_remaining),
	KTEST_CASE(del_timer_sync_from_callback),
	KTEST_CASE(del_timer_sync_irqs_off_only_irqsafe),
	{}
};

static struct ktest_suite timer_suite = {
	.name = "timer",
	.cases = timer_cases,
};
ktest_register_suite(timer_suite);
