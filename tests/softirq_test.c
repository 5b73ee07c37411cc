/* Self-tests of softirqs (suite "softirq"): where and when a raised softirq runs, its per-kind
 * counts, the hand-over to ksoftirqd/N past MAX_SOFTIRQ_RESTART, and timers in TIMER_SOFTIRQ. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/timer.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

/* A kind Spindle has no user for: the tests borrow it. */
#define TEST_SOFTIRQ		IRQ_POLL_SOFTIRQ
#define SOFTIRQ_TEST_VECTOR	0xd8
#define SETTLE_TICKS		2000

/* What each run of the test handler saw. */
struct softirq_seen {
	int runs;
	int cpu;
	struct task_struct *task;
	bool serving;		/* in_serving_softirq() */
	bool hardirq;		/* in_irq() */
	bool irqs_off;
	bool hard_done;		/* the raising hard-interrupt handler ran before this run */
	int hard_runs;
};

static void (*test_handler)(struct softirq_seen *seen);
static struct softirq_seen *test_seen;

static void record_run(struct softirq_seen *s)
{
	s->cpu = smp_processor_id();
	s->task = current;
	s->serving = in_serving_softirq();
	s->hardirq = in_irq();
	s->irqs_off = irqs_disabled();
	WRITE_ONCE(s->runs, s->runs + 1);
}

/* The borrowed kind's handler stays registered; it acts only while a case set test_handler. */
static void test_softirq_action(struct softirq_action *h)
{
	void (*fn)(struct softirq_seen *) = READ_ONCE(test_handler);

	if (fn)
		fn(test_seen);
}

static void use_handler(void (*fn)(struct softirq_seen *), struct softirq_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	seen->cpu = -1;
	test_seen = seen;
	open_softirq(TEST_SOFTIRQ, test_softirq_action);
	WRITE_ONCE(test_handler, fn);
}

static void drop_handler(void)
{
	WRITE_ONCE(test_handler, NULL);
}

static bool test_pending_on(int cpu)
{
	return READ_ONCE(per_cpu(__softirq_pending, cpu)) & (1U << TEST_SOFTIRQ);
}

static void expect_ran_here(struct ktest *test, const struct softirq_seen *s, int cpu)
{
	KTEST_EXPECT_EQ(test, s->cpu, cpu);
	KTEST_EXPECT_PTR_EQ(test, s->task, current);
	KTEST_EXPECT_TRUE(test, s->serving);
	KTEST_EXPECT_FALSE(test, s->hardirq);
	KTEST_EXPECT_FALSE(test, s->irqs_off);
}

/*
 * Raised with bottom halves off, the softirq waits, even while ticks come and end (their
 * irq_exit sees in_softirq()), and runs exactly once in local_bh_enable(), on this CPU, in this
 * task, serving a softirq (bit 8 of the count) with interrupts on.
 */
static void runs_once_at_local_bh_enable(struct ktest *test)
{
	struct softirq_seen seen;
	unsigned int before;
	int cpu;

	use_handler(record_run, &seen);
	local_bh_disable();
	cpu = smp_processor_id();
	before = kstat_softirqs_cpu(TEST_SOFTIRQ, cpu);
	KTEST_EXPECT_TRUE(test, in_softirq());
	KTEST_EXPECT_FALSE(test, in_serving_softirq());
	raise_softirq(TEST_SOFTIRQ);
	KTEST_EXPECT_TRUE(test, test_pending_on(cpu));
	mdelay(3);
	KTEST_EXPECT_EQ(test, READ_ONCE(seen.runs), 0);
	local_bh_enable();
	drop_handler();

	KTEST_EXPECT_EQ(test, seen.runs, 1);
	expect_ran_here(test, &seen, cpu);
	KTEST_EXPECT_FALSE(test, test_pending_on(cpu));
	KTEST_EXPECT_UEQ(test, kstat_softirqs_cpu(TEST_SOFTIRQ, cpu), before + 1);
	KTEST_EXPECT_FALSE(test, in_softirq());
}

static void record_after_hardirq(struct softirq_seen *s)
{
	s->hard_done = READ_ONCE(s->hard_runs) == s->runs + 1;
	record_run(s);
}

static void raising_vector_handler(struct pt_regs *regs, void *data)
{
	struct softirq_seen *s = data;

	raise_softirq_irqoff(TEST_SOFTIRQ);
	WRITE_ONCE(s->hard_runs, s->hard_runs + 1);
}

/*
 * Raised from a hard-interrupt handler, the softirq runs on that interrupt's exit: after the
 * handler returned and before the interrupted code goes on, on the same CPU, with interrupts on
 * again and out of hard-interrupt context. Once through 'int $n' and once through a self-IPI
 * the local APIC delivers.
 */
static void runs_on_interrupt_exit(struct ktest *test)
{
	struct softirq_seen seen;
	unsigned long flags;
	int cpu;

	use_handler(record_after_hardirq, &seen);
	KTEST_ASSERT_EQ(test, request_vector(SOFTIRQ_TEST_VECTOR, raising_vector_handler, &seen), 0);
	/*
	 * While this CPU's ksoftirqd is runnable, an interrupt's exit leaves softirqs to it (Linux's
	 * ksoftirqd_running() in invoke_softirq()): start with it asleep, so the exit runs them.
	 */
	for (int i = 0; ; i++) {
		struct task_struct *k;

		preempt_disable();
		k = this_cpu_ksoftirqd();
		if (i == 1000 ||
		    (READ_ONCE(k->__state) == TASK_INTERRUPTIBLE && !READ_ONCE(k->on_rq)))
			break;
		preempt_enable();
		msleep(1);
	}
	cpu = smp_processor_id();
	__asm__ __volatile__("int %0" : : "i"(SOFTIRQ_TEST_VECTOR) : "memory");
	KTEST_EXPECT_EQ(test, READ_ONCE(seen.runs), 1);
	KTEST_EXPECT_EQ(test, seen.hard_runs, 1);
	KTEST_EXPECT_TRUE(test, seen.hard_done);
	expect_ran_here(test, &seen, cpu);

	local_irq_save(flags);
	apic_send_IPI_self(SOFTIRQ_TEST_VECTOR);
	local_irq_restore(flags);
	/* The IPI is taken at the latest within a few instructions of the sti. */
	for (int i = 0; i < 1000 && READ_ONCE(seen.runs) < 2; i++)
		udelay(10);
	KTEST_EXPECT_EQ(test, READ_ONCE(seen.runs), 2);
	KTEST_EXPECT_EQ(test, seen.hard_runs, 2);
	KTEST_EXPECT_TRUE(test, seen.hard_done);
	expect_ran_here(test, &seen, cpu);
	preempt_enable();
	free_vector(SOFTIRQ_TEST_VECTOR);
	drop_handler();
	KTEST_EXPECT_FALSE(test, test_pending_on(cpu));
}

/*
 * Pending is a bit, not a count: raised twice before it can run, it runs once. Each run adds one
 * to this CPU's count for that kind only and leaves every other CPU's count alone. (The case is
 * pinned to TEST_CPU by the suite's init.)
 */
static void counts_per_kind_and_cpu(struct ktest *test)
{
	unsigned int before[NR_CPUS], timer_before;
	struct softirq_seen seen;
	unsigned int c;
	int cpu = TEST_CPU, i;

	KTEST_ASSERT_EQ(test, (int)task_cpu(current), cpu);
	use_handler(record_run, &seen);
	for_each_possible_cpu(c)
		before[c] = kstat_softirqs_cpu(TEST_SOFTIRQ, c);
	timer_before = kstat_softirqs_cpu(TIMER_SOFTIRQ, cpu);
	local_bh_disable();
	raise_softirq(TEST_SOFTIRQ);
	raise_softirq(TEST_SOFTIRQ);
	local_bh_enable();
	KTEST_EXPECT_EQ(test, seen.runs, 1);
	KTEST_EXPECT_UEQ(test, kstat_softirqs_cpu(TEST_SOFTIRQ, cpu), before[cpu] + 1);

	for (i = 0; i < 5; i++) {
		local_bh_disable();
		raise_softirq(TEST_SOFTIRQ);
		local_bh_enable();
	}
	drop_handler();
	KTEST_EXPECT_EQ(test, seen.runs, 6);
	KTEST_EXPECT_EQ(test, seen.cpu, cpu);
	for_each_possible_cpu(c)
		KTEST_EXPECT_UEQ(test, kstat_softirqs_cpu(TEST_SOFTIRQ, c),
				 before[c] + ((int)c == cpu ? 6 : 0));
	/* The name table is Linux's. */
	KTEST_EXPECT_STREQ(test, softirq_to_name[TIMER_SOFTIRQ], "TIMER");
	KTEST_EXPECT_STREQ(test, softirq_to_name[SCHED_SOFTIRQ], "SCHED");
	KTEST_EXPECT_STREQ(test, softirq_to_name[RCU_SOFTIRQ], "RCU");
	KTEST_EXPECT_EQ(test, NR_SOFTIRQS, 10);
	/* msleep() sleeps on a timer, which only TIMER_SOFTIRQ runs: its count went up here. */
	msleep(5);
	KTEST_EXPECT_UGT(test, kstat_softirqs_cpu(TIMER_SOFTIRQ, cpu), timer_before);
}

struct raiser {
	struct softirq_seen seen;
	unsigned int count_before[NR_CPUS];
	int done;
};

static void raise_in_thread_bh(struct softirq_seen *s)
{
	record_run(s);
}

static int raiser_fn(void *data)
{
	struct raiser *r = data;

	local_bh_disable();
	raise_softirq(TEST_SOFTIRQ);
	local_bh_enable();
	WRITE_ONCE(r->done, 1);
	return sleep_until_stopped(0);
}

/*
 * On every online CPU in turn, a thread bound there raises the softirq: it runs on that CPU, in
 * that thread, and only that CPU's count moves. With one CPU online there is nothing to compare.
 */
static void runs_on_the_raising_cpu(struct ktest *test)
{
	struct raiser r;
	unsigned int cpu, c;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	for_each_online_cpu(cpu) {
		struct task_struct *p;
		int i;

		memset(&r, 0, sizeof(r));
		use_handler(raise_in_thread_bh, &r.seen);
		for_each_possible_cpu(c)
			r.count_before[c] = kstat_softirqs_cpu(TEST_SOFTIRQ, c);
		p = kthread_create_on_cpu(raiser_fn, &r, cpu, "softirq_raise/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		get_task_struct(p);
		wake_up_process(p);
		for (i = 0; i < SETTLE_TICKS && !READ_ONCE(r.done); i++)
			schedule_timeout_uninterruptible(1);
		kthread_stop(p);
		drop_handler();
		KTEST_EXPECT_EQ(test, r.seen.runs, 1);
		KTEST_EXPECT_EQ(test, r.seen.cpu, (int)cpu);
		KTEST_EXPECT_PTR_EQ(test, r.seen.task, p);
		put_task_struct(p);
		for_each_possible_cpu(c)
			KTEST_EXPECT_UEQ(test, kstat_softirqs_cpu(TEST_SOFTIRQ, c),
					 r.count_before[c] + (c == cpu));
	}
}

/* ---- ksoftirqd takes over --------------------------------------------------------------- */

#define RERAISE_LIMIT		10000	/* the loop ends even if ksoftirqd never ran it */
#define KSOFTIRQD_RUNS_WANTED	3

struct reraise {
	struct task_struct *tester;
	int cpu;
	int runs;
	int runs_in_enable;	/* in the tester, inside its local_bh_enable() */
	int ksoftirqd_runs;	/* current == this CPU's ksoftirqd */
	int first_ksoftirqd_run;
	int wrong_cpu;
	bool in_enable;
	bool done;
};

static struct reraise rr;

/* Re-raises itself until ksoftirqd has run it a few times (or the limit is reached). */
static void reraise_action(struct softirq_seen *unused)
{
	rr.runs++;
	if ((int)smp_processor_id() != rr.cpu)
		rr.wrong_cpu++;
	if (rr.in_enable && current == rr.tester)
		rr.runs_in_enable++;
	if (current == this_cpu_ksoftirqd()) {
		if (!rr.ksoftirqd_runs)
			rr.first_ksoftirqd_run = rr.runs;
		rr.ksoftirqd_runs++;
	}
	if (rr.ksoftirqd_runs < KSOFTIRQD_RUNS_WANTED && rr.runs < RERAISE_LIMIT)
		raise_softirq(TEST_SOFTIRQ);
	else
		WRITE_ONCE(rr.done, true);
}

/*
 * A softirq that raises itself again from its handler: the loop in local_bh_enable() runs it at
 * most MAX_SOFTIRQ_RESTART times, then wakes ksoftirqd/N, and it goes on running in that thread,
 * on the same CPU, until it stops re-raising; then nothing is pending and it runs no more.
 */
static void reraise_handed_to_ksoftirqd(struct ktest *test)
{
	struct softirq_seen seen;
	struct task_struct *ksoftirqd_task;
	unsigned long irqs;
	int runs, i;

	memset(&rr, 0, sizeof(rr));
	rr.tester = current;
	use_handler(reraise_action, &seen);
	local_bh_disable();
	rr.cpu = smp_processor_id();
	ksoftirqd_task = this_cpu_ksoftirqd();
	KTEST_ASSERT_NOT_NULL(test, ksoftirqd_task);
	raise_softirq(TEST_SOFTIRQ);
	irqs = this_cpu_read(irq_stat.irq_total);
	rr.in_enable = true;
	local_bh_enable();
	rr.in_enable = false;
	/* An interrupt whose exit came just as bottom halves were back on runs a loop of its own
	 * in this task (the suite pins the case, so this CPU's count is the one to read). */
	irqs = this_cpu_read(irq_stat.irq_total) - irqs;
	for (i = 0; i < SETTLE_TICKS && !READ_ONCE(rr.done); i++)
		schedule_timeout_uninterruptible(1);
	runs = READ_ONCE(rr.runs);
	msleep(5);
	drop_handler();

	ktest_info(test, "%d runs: %d in local_bh_enable (%lu interrupts), first in ksoftirqd/%d at %d",
		   rr.runs, rr.runs_in_enable, irqs, rr.cpu, rr.first_ksoftirqd_run);
	KTEST_EXPECT_TRUE(test, rr.done);
	KTEST_EXPECT_GE(test, rr.runs_in_enable, 1);
	KTEST_EXPECT_LE(test, rr.runs_in_enable, MAX_SOFTIRQ_RESTART * (1 + (int)irqs));
	KTEST_EXPECT_GE(test, rr.ksoftirqd_runs, KSOFTIRQD_RUNS_WANTED);
	KTEST_EXPECT_GT(test, rr.first_ksoftirqd_run, rr.runs_in_enable);
	KTEST_EXPECT_LT(test, rr.runs, RERAISE_LIMIT);
	KTEST_EXPECT_EQ(test, rr.wrong_cpu, 0);
	KTEST_EXPECT_EQ(test, (int)task_cpu(ksoftirqd_task), rr.cpu);
	/* The loop ended: nothing pending, no further run. */
	KTEST_EXPECT_EQ(test, rr.runs, runs);
	KTEST_EXPECT_FALSE(test, test_pending_on(rr.cpu));
}

/* ---- Timers ----------------------------------------------------------------------------- */

struct softirq_timer {
	struct timer_list timer;
	struct softirq_seen seen;
	unsigned int timer_count;	/* this CPU's TIMER_SOFTIRQ count inside the callback */
};

static void softirq_timer_fn(struct timer_list *t)
{
	struct softirq_timer *st = from_timer(st, t, timer);

	st->timer_count = kstat_softirqs_cpu(TIMER_SOFTIRQ, smp_processor_id());
	record_run(&st->seen);
}

/*
 * A timer's callback runs inside a TIMER_SOFTIRQ run (the count of that kind on its CPU went up
 * before it was called), serving a softirq with interrupts on, on the CPU it was queued on.
 */
static void timers_run_in_timer_softirq(struct ktest *test)
{
	struct softirq_timer st;
	unsigned int before;
	int cpu, i;

	memset(&st, 0, sizeof(st));
	timer_setup(&st.timer, softirq_timer_fn, 0);
	preempt_disable();
	cpu = smp_processor_id();
	before = kstat_softirqs_cpu(TIMER_SOFTIRQ, cpu);
	mod_timer(&st.timer, jiffies + 3);
	preempt_enable();
	for (i = 0; i < SETTLE_TICKS && !READ_ONCE(st.seen.runs); i++)
		schedule_timeout_uninterruptible(1);
	del_timer_sync(&st.timer);
	KTEST_EXPECT_EQ(test, st.seen.runs, 1);
	KTEST_EXPECT_EQ(test, st.seen.cpu, cpu);
	KTEST_EXPECT_TRUE(test, st.seen.serving);
	KTEST_EXPECT_FALSE(test, st.seen.hardirq);
	KTEST_EXPECT_FALSE(test, st.seen.irqs_off);
	KTEST_EXPECT_UGT(test, st.timer_count, before);
}

static struct ktest_case softirq_cases[] = {
	KTEST_CASE(runs_once_at_local_bh_enable),
	KTEST_CASE(runs_on_interrupt_exit),
	KTEST_CASE(counts_per_kind_and_cpu),
	KTEST_CASE(runs_on_the_raising_cpu),
	KTEST_CASE(reraise_handed_to_ksoftirqd),
	KTEST_CASE(timers_run_in_timer_softirq),
	{}
};

/* Every case on TEST_CPU, so "this CPU" and "this CPU's ksoftirqd" stay the same across sleeps. */
static int softirq_test_init(struct ktest *test)
{
	return sched_test_enter();
}

static void softirq_test_exit(struct ktest *test)
{
	sched_test_leave();
}

static struct ktest_suite softirq_suite = {
	.name = "softirq",
	.cases = softirq_cases,
	.init = softirq_test_init,
	.exit = softirq_test_exit,
};
ktest_register_suite(softirq_suite);
