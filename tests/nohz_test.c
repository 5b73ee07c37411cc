/* Self-tests of tickless idle (suite "nohz", kernel/time/tick-sched.c): an idle CPU takes fewer
 * than 10 ticks a second and a busy one HZ, jiffies and idle time stay right, timers on an idle
 * CPU fire on time; with nohz=off the periodic tick runs on idle CPUs too. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tick.h>
#include <linux/timer.h>
#include <linux/cpu_stats.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

#define NSEC_PER_TICK	(1000000000ULL / HZ)
/* How late a timer may run: the host (TCG, shared cores) stalls the guest. */
#define SLACK_TICKS	40
/*
 * How far jiffies read on a running CPU may lag the clock: the part of a period since the last
 * update, and up to five periods more while the do_timer CPU's vCPU is not run by the host
 * (another ticking CPU then updates them, tick-sched.c's MAX_STALLED_JIFFIES). A timer one
 * uncaught-up idle stretch early or late is hundreds of ticks off.
 */
#define ARM_LAG_TICKS	7

/* What one CPU did over a stretch: ticks taken, jiffies skipped idle, idle time. */
struct cpu_sample {
	unsigned long ticks;
	unsigned long skipped;
	u64 idle_ns;
};

static void sample_cpus(struct cpu_sample *s)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		s[cpu].ticks = READ_ONCE(per_cpu(tick_count, cpu));
		s[cpu].skipped = tick_nohz_idle_jiffies(cpu);
		s[cpu].idle_ns = cpu_idle_time_ns(cpu);
	}
}

static void sample_delta(struct cpu_sample *d, const struct cpu_sample *before)
{
	unsigned int cpu;

	sample_cpus(d);
	for_each_online_cpu(cpu) {
		d[cpu].ticks -= before[cpu].ticks;
		d[cpu].skipped -= before[cpu].skipped;
		d[cpu].idle_ns -= before[cpu].idle_ns;
	}
}

/* The CPU that took the fewest ticks: the idlest, whatever else runs on the others. */
static unsigned int quietest_cpu(const struct cpu_sample *d)
{
	unsigned int cpu, best = cpumask_first(cpu_online_mask);

	for_each_online_cpu(cpu)
		if (d[cpu].ticks < d[best].ticks)
			best = cpu;
	return best;
}

struct idle_second {
	struct cpu_sample d[NR_CPUS];
	unsigned long jiffies;
	u64 ns;
	unsigned int cpu;
};

/* Sleep a second of jiffies and see what every CPU did meanwhile. */
static void observe_idle_second(struct ktest *test, struct idle_second *o)
{
	struct cpu_sample before[NR_CPUS];
	unsigned long j0;
	u64 t0;

	sample_cpus(before);
	j0 = jiffies;
	t0 = sched_clock();
	msleep(1000);
	sample_delta(o->d, before);
	o->jiffies = jiffies - j0;
	o->ns = sched_clock() - t0;
	o->cpu = quietest_cpu(o->d);
	ktest_info(test, "%lu jiffies asleep: CPU%u took %lu ticks, skipped %lu jiffies, idle %llu ms",
		   o->jiffies, o->cpu, o->d[o->cpu].ticks, o->d[o->cpu].skipped,
		   (unsigned long long)(o->d[o->cpu].idle_ns / 1000000));
}

#define BUSY_GAPS	200

struct busy_sample {
	unsigned long ticks, jiffies, skipped;
	unsigned int gaps;
	u64 gap[BUSY_GAPS];	/* sched_clock() between one tick and the next */
};

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Spin on this CPU, preemption off so it stays here, for BUSY_GAPS ticks or 10 * BUSY_GAPS
 * jiffies: the CPU is busy and its tick must run. Records the time between each tick and the
 * next, the ticks and jiffies, and the jiffies its tick was stopped meanwhile.
 */
static void busy_ticks(struct busy_sample *b)
{
	unsigned long j0, t0, s0, last;
	unsigned int cpu;
	u64 at = 0, now;

	preempt_disable();
	cpu = smp_processor_id();
	j0 = jiffies;
	last = t0 = this_cpu_read(tick_count);
	s0 = tick_nohz_idle_jiffies(cpu);
	b->gaps = 0;
	while (b->gaps < BUSY_GAPS && time_before(jiffies, j0 + 10 * BUSY_GAPS)) {
		if (this_cpu_read(tick_count) == last) {
			cpu_relax();
			continue;
		}
		last = this_cpu_read(tick_count);
		now = sched_clock();
		if (at)
			b->gap[b->gaps++] = now - at;
		at = now;
	}
	b->ticks = this_cpu_read(tick_count) - t0;
	b->skipped = tick_nohz_idle_jiffies(cpu) - s0;
	b->jiffies = jiffies - j0;
	preempt_enable();
}

/*
 * What tickless idle must achieve: an idle CPU takes fewer than 10 ticks a second (with nohz=off, the
 * periodic tick, and no stopped period at all), while a busy one takes HZ: its tick never
 * stops, and the median time between two ticks is one period. The median, because a host that
 * does not run the vCPU for a while swallows the ticks meanwhile (jiffies then jump) and makes
 * a few gaps long; a tick at 100 Hz, or one that stops, makes most of them long.
 */
static void idle_cpu_few_ticks_busy_cpu_hz(struct ktest *test)
{
	struct idle_second *o = kmalloc(sizeof(*o), GFP_KERNEL);
	struct busy_sample *b = kmalloc(sizeof(*b), GFP_KERNEL);
	unsigned int cpu;
	u64 median;

	KTEST_ASSERT_NOT_NULL(test, o);
	KTEST_ASSERT_NOT_NULL(test, b);
	observe_idle_second(test, o);
	cpu = o->cpu;
	KTEST_EXPECT_UGE(test, o->jiffies, HZ);
	if (tick_nohz_enabled()) {
		KTEST_EXPECT_ULT(test, o->d[cpu].ticks * HZ, 10 * o->jiffies);
		KTEST_EXPECT_UGE(test, o->d[cpu].skipped, o->jiffies / 2);
	} else {
		KTEST_EXPECT_UGE(test, o->d[cpu].ticks * HZ, 10 * o->jiffies);
		for_each_online_cpu(cpu)
			KTEST_EXPECT_UEQ(test, o->d[cpu].skipped, 0);
	}
	kfree(o);

	busy_ticks(b);
	sort(b->gap, b->gaps, sizeof(b->gap[0]), cmp_u64, NULL);
	median = b->gaps ? b->gap[b->gaps / 2] : 0;
	ktest_info(test, "busy: %lu ticks in %lu jiffies, %lu skipped, median gap %llu us",
		   b->ticks, b->jiffies, b->skipped, (unsigned long long)(median / 1000));
	KTEST_EXPECT_UEQ(test, b->skipped, 0);
	KTEST_EXPECT_UGE(test, b->gaps, BUSY_GAPS / 2);
	KTEST_EXPECT_UGE(test, median, NSEC_PER_TICK * 3 / 4);
	KTEST_EXPECT_ULE(test, median, NSEC_PER_TICK * 5 / 4);
	KTEST_EXPECT_ULE(test, b->ticks, b->jiffies + 2);
	kfree(b);
}

/*
 * Idle time counts while the tick is stopped: the quietest CPU was idle for most of the second
 * (not for the ticks it took) and never for longer than the second itself. The measured time is
 * what /proc/stat and top show.
 */
static void idle_time_counts_with_tick_stopped(struct ktest *test)
{
	struct idle_second *o = kmalloc(sizeof(*o), GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, o);
	observe_idle_second(test, o);
	KTEST_EXPECT_UGE(test, o->d[o->cpu].idle_ns, o->ns / 10 * 9);
	KTEST_EXPECT_ULE(test, o->d[o->cpu].idle_ns, o->ns + NSEC_PER_TICK);
	if (tick_nohz_enabled())
		KTEST_EXPECT_UGE(test, o->d[o->cpu].skipped * NSEC_PER_TICK, o->ns / 2);
	kfree(o);
}

struct fired {
	struct timer_list timer;
	struct completion done;
	unsigned long armed_at, expires, fired_at;
	u64 armed_ns, fired_ns;
	int cpu;
	bool pinned;
	unsigned long delay;
};

static void fired_fn(struct timer_list *t)
{
	struct fired *f = from_timer(f, t, timer);

	f->fired_at = jiffies;
	f->fired_ns = sched_clock();
	f->cpu = smp_processor_id();
	complete(&f->done);
}

/* Bound to the CPU under test: arm the timer there, then sleep and leave the CPU idle. */
static int arm_and_sleep(void *arg)
{
	struct fired *f = arg;

	timer_setup(&f->timer, fired_fn, f->pinned ? TIMER_PINNED : 0);
	f->armed_ns = sched_clock();
	f->armed_at = jiffies;
	f->expires = f->armed_at + f->delay;
	mod_timer(&f->timer, f->expires);
	return sleep_until_stopped(0);
}

/*
 * A CPU other than the caller's, where it can leave a thread and a timer to sleep; the caller
 * stays on its own CPU meanwhile (@saved keeps its mask for unpin()), so the other is idle.
 */
static unsigned int pin_and_pick_other_cpu(struct cpumask *saved)
{
	unsigned int self, cpu;

	cpumask_copy(saved, &current->cpus_mask);
	preempt_disable();
	self = smp_processor_id();
	preempt_enable();
	set_cpus_allowed_ptr(current, cpumask_of(self));
	for_each_online_cpu(cpu)
		if (cpu != self)
			return cpu;
	return self;
}

static void unpin(const struct cpumask *saved)
{
	set_cpus_allowed_ptr(current, saved);
}

/*
 * A timer 300 ticks away on a CPU left idle: its tick stops (most of the wait is skipped), and
 * the one-shot event armed for the timer runs it on that CPU no earlier than its expiry, by
 * jiffies and by the clock (less the lag of jiffies read at arming), and no later than the slack plus the ticks the host swallowed.
 * jiffies when it runs agree with the clock: the CPU that woke caught them up.
 */
static void timer_on_idle_cpu_fires_on_time(struct ktest *test)
{
	struct fired *f = kzalloc(sizeof(*f), GFP_KERNEL);
	unsigned long s0, skipped;
	struct cpumask saved;
	unsigned int cpu;
	struct task_struct *k;
	struct tick_watch tw;

	KTEST_ASSERT_NOT_NULL(test, f);
	cpu = pin_and_pick_other_cpu(&saved);
	init_completion(&f->done);
	f->delay = 300;
	f->cpu = -1;
	tick_watch_start(&tw);
	s0 = tick_nohz_idle_jiffies(cpu);
	k = kthread_create_on_cpu(arm_and_sleep, f, cpu, "nohz_arm/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	KTEST_EXPECT_NE(test, wait_for_completion_timeout(&f->done, 10 * HZ), 0);
	skipped = tick_nohz_idle_jiffies(cpu) - s0;
	kthread_stop(k);
	del_timer_sync(&f->timer);
	unpin(&saved);
	ktest_info(test, "CPU%u: armed at %lu for %lu, ran at %lu on CPU%d, %llu us later; %lu jiffies skipped",
		   cpu, f->armed_at, f->expires, f->fired_at, f->cpu,
		   (unsigned long long)((f->fired_ns - f->armed_ns) / 1000), skipped);
	KTEST_EXPECT_EQ(test, f->cpu, (int)cpu);
	KTEST_EXPECT_TRUE(test, time_after_eq(f->fired_at, f->expires));
	/* Not early by the clock either, less the lag jiffies read at arming may have had. */
	KTEST_EXPECT_UGE(test, f->fired_ns - f->armed_ns, (f->delay - ARM_LAG_TICKS) * NSEC_PER_TICK);
	KTEST_EXPECT_ULE(test, f->fired_at - f->expires,
			 SLACK_TICKS + tick_watch_lost(&tw, cpumask_of(cpu)));
	/* Caught up: jiffies on running are those the clock says passed since arming. */
	KTEST_EXPECT_UGE(test, f->fired_at - f->armed_at + 1,
			 (unsigned long)((f->fired_ns - f->armed_ns) / NSEC_PER_TICK));
	KTEST_EXPECT_ULE(test, f->fired_at - f->armed_at,
			 (unsigned long)((f->fired_ns - f->armed_ns) / NSEC_PER_TICK) + ARM_LAG_TICKS);
	if (tick_nohz_enabled())
		KTEST_EXPECT_UGE(test, skipped, f->delay / 2);
	kfree(f);
}

/*
 * Another CPU moves a pinned timer on an idle CPU's base from 10 s away to 50 ticks away:
 * the idle CPU, armed for 10 s, must be woken to arm its tick again (wake_up_nohz_cpu()), and
 * the timer runs there about 50 ticks on, not 10 s.
 */
static void timer_moved_earlier_wakes_idle_cpu(struct ktest *test)
{
	struct fired *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct task_struct *k;
	struct tick_watch tw;
	unsigned long expires;
	struct cpumask saved;
	unsigned int cpu;
	int waits = 0;

	KTEST_ASSERT_NOT_NULL(test, f);
	if (num_online_cpus() < 2) {
		kfree(f);
		ktest_skip(test, "needs 2 online CPUs, 1 online");
	}
	cpu = pin_and_pick_other_cpu(&saved);
	init_completion(&f->done);
	f->delay = 10 * HZ;
	f->pinned = true;
	f->cpu = -1;
	k = kthread_create_on_cpu(arm_and_sleep, f, cpu, "nohz_arm/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, k);
	wake_up_process(k);
	/* Until the thread armed the timer and its CPU went idle and stopped its tick. */
	while ((!timer_pending(&f->timer) || !wait_until_sleeping(k, TASK_INTERRUPTIBLE) ||
		(tick_nohz_enabled() && !tick_nohz_tick_stopped_cpu(cpu))) && waits++ < 2000)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_TRUE(test, timer_pending(&f->timer));
	if (tick_nohz_enabled())
		KTEST_EXPECT_TRUE(test, tick_nohz_tick_stopped_cpu(cpu));
	tick_watch_start(&tw);
	expires = jiffies + 50;
	mod_timer(&f->timer, expires);
	KTEST_EXPECT_NE(test, wait_for_completion_timeout(&f->done, 20 * HZ), 0);
	kthread_stop(k);
	del_timer_sync(&f->timer);
	unpin(&saved);
	ktest_info(test, "moved to %lu on CPU%u, ran at %lu on CPU%d", expires, cpu, f->fired_at,
		   f->cpu);
	KTEST_EXPECT_EQ(test, f->cpu, (int)cpu);
	KTEST_EXPECT_TRUE(test, time_after_eq(f->fired_at, expires));
	KTEST_EXPECT_ULE(test, f->fired_at - expires,
			 SLACK_TICKS + tick_watch_lost(&tw, cpumask_of(cpu)));
	kfree(f);
}

/* The mode follows the command line: idle CPUs stop their ticks unless nohz=off. */
static void mode_follows_command_line(struct ktest *test)
{
	bool on = strstr(saved_command_line, "nohz=off") == NULL;

	KTEST_EXPECT_EQ(test, tick_nohz_enabled(), on);
	ktest_info(test, "tickless idle %s", on ? "on" : "off (nohz=off)");
}

static struct ktest_case nohz_cases[] = {
	KTEST_CASE(mode_follows_command_line),
	KTEST_CASE_TIMEOUT(idle_cpu_few_ticks_busy_cpu_hz, 30),
	KTEST_CASE_TIMEOUT(idle_time_counts_with_tick_stopped, 30),
	KTEST_CASE_TIMEOUT(timer_on_idle_cpu_fires_on_time, 30),
	KTEST_CASE_TIMEOUT(timer_moved_earlier_wakes_idle_cpu, 60),
	{}
};

static struct ktest_suite nohz_suite = {
	.name = "nohz",
	.cases = nohz_cases,
};
ktest_register_suite(nohz_suite);
