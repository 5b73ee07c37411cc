/* Self-tests of the core scheduler (sched/core.c): the stop class, wake-up return values and
 * states, per-task statistics, sleeping and preemption rules, and lazy-TLB address spaces. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/timer.h>
#include <asm/hardirq.h>
#include <asm/mmu_context.h>
#include <ktest.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

/* Every thread of a case runs on this CPU, so the cases mean the same with -smp 4. */
/* No test thread spins longer than this: a broken scheduler fails a case, it never hangs it. */
#define SPIN_LIMIT		(HZ / 2)
#define PINGPONG_SWITCHES	10000

static int sched_core_init(struct ktest *test)
{
	return sched_test_enter();
}

static void sched_core_exit(struct ktest *test)
{
	sched_test_leave();
}

/* The case itself as SCHED_FIFO @prio: the threads it wakes run only when it sleeps. */
static void case_becomes_fifo(int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	sched_setscheduler_nocheck(current, SCHED_FIFO, &sp);
}

/* Wait (sleeping, so @p can run) until @p is off the CPU and off the queue in @state. */
static bool wait_asleep(struct task_struct *p, unsigned int state)
{
	unsigned long end = jiffies + HZ / 2;

	while (READ_ONCE(p->__state) != state || READ_ONCE(p->on_rq) || READ_ONCE(p->on_cpu)) {
		if (time_after(jiffies, end))
			return false;
		msleep(1);
	}
	return true;
}

/* ---- The stop class ---------------------------------------------------------------------- */

/*
 * The stop class is above SCHED_FIFO 99. stop_one_cpu() from a FIFO 99 task wakes its own
 * CPU's stopper (migration/N), which must preempt the caller right at that wake-up, before the
 * caller reaches its wait_for_completion(). So the stop function finds the caller still
 * runnable, switched out involuntarily; were the stopper only as high as FIFO 99, the caller
 * would go on to sleep in the wait first, and the function would find it asleep.
 */
struct stop_probe {
	struct task_struct *caller;
	int ran;
	unsigned int cpu;
	bool in_stop_class;	/* fn ran in this CPU's stop task, in the stop class */
	bool caller_preempted;	/* the caller was queued and TASK_RUNNING, not asleep */
};

static int stop_probe_fn(void *arg)
{
	struct stop_probe *sp = arg;

	sp->ran++;
	sp->cpu = smp_processor_id();
	sp->in_stop_class = current == cpu_rq(sp->cpu)->stop &&
			    current->sched_class == &stop_sched_class;
	sp->caller_preempted = task_on_rq_queued(sp->caller) && task_is_running(sp->caller) &&
			       task_cpu(sp->caller) == sp->cpu && !READ_ONCE(sp->caller->on_cpu);
	return 0;
}

static void stop_class_preempts_fifo99(struct ktest *test)
{
	struct stop_probe sp = { .caller = current };
	unsigned long nivcsw, nvcsw;

	case_becomes_fifo(MAX_RT_PRIO - 1);
	KTEST_ASSERT_EQ(test, smp_processor_id(), TEST_CPU);
	KTEST_ASSERT_NOT_NULL(test, cpu_rq(TEST_CPU)->stop);
	nivcsw = current->nivcsw;
	nvcsw = current->nvcsw;
	KTEST_EXPECT_EQ(test, stop_one_cpu(TEST_CPU, stop_probe_fn, &sp), 0);
	KTEST_EXPECT_EQ(test, sp.ran, 1);
	KTEST_EXPECT_EQ(test, sp.cpu, TEST_CPU);
	KTEST_EXPECT_TRUE(test, sp.in_stop_class);
	KTEST_EXPECT_TRUE(test, sp.caller_preempted);
	/* Switched out once, by preemption; the wait found the work done and never slept. */
	KTEST_EXPECT_UGE(test, current->nivcsw - nivcsw, 1);
	KTEST_EXPECT_UEQ(test, current->nvcsw - nvcsw, 0);
}

/* ---- Wake-ups ----------------------------------------------------------------------------- */

/* Sleeps in s->state (read at every round) until kthread_stop; parks when asked. */
struct sleeper {
	unsigned int state;
	int wakeups;
};

static int sleeper_fn(void *data)
{
	struct sleeper *s = data;

	for (;;) {
		if (kthread_should_park())
			kthread_parkme();
		set_current_state(READ_ONCE(s->state));
		if (kthread_should_stop())
			break;
		if (kthread_should_park()) {
			__set_current_state(TASK_RUNNING);
			continue;
		}
		schedule();
		s->wakeups++;
	}
	__set_current_state(TASK_RUNNING);
	return s->wakeups;
}

static void wake_up_process_return_values(struct ktest *test)
{
	struct sleeper s = { .state = TASK_INTERRUPTIBLE };
	struct task_struct *p;

	case_becomes_fifo(MAX_RT_PRIO - 1);
	p = create_on_test_cpu(sleeper_fn, &s, SCHED_NORMAL, 0, "core-sleeper");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');	/* created, never woken */
	KTEST_EXPECT_EQ(test, wake_up_process(p), 1);
	/* Runnable but not yet run (we are FIFO 99): already awake. */
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'R');
	KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
	KTEST_EXPECT_EQ(test, wake_up_process(current), 0);
	KTEST_ASSERT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, s.wakeups, 0);
	KTEST_EXPECT_EQ(test, wake_up_process(p), 1);
	KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, s.wakeups, 1);
	/* kthread_stop's own wake-up is the second. */
	KTEST_EXPECT_EQ(test, kthread_stop(p), 2);
}

static void wake_up_state_matches_states(struct ktest *test)
{
	struct sleeper s = { .state = TASK_UNINTERRUPTIBLE };
	struct task_struct *p;

	case_becomes_fifo(MAX_RT_PRIO - 1);
	p = create_on_test_cpu(sleeper_fn, &s, SCHED_NORMAL, 0, "core-states");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	wake_up_process(p);
	KTEST_ASSERT_TRUE(test, wait_asleep(p, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_INTERRUPTIBLE), 0);
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_PARKED), 0);
	KTEST_EXPECT_EQ(test, p->__state, TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, p->on_rq, 0);
	WRITE_ONCE(s.state, TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_UNINTERRUPTIBLE), 1);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, s.wakeups, 1);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'S');
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_UNINTERRUPTIBLE), 0);
	KTEST_EXPECT_EQ(test, p->__state, TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_NORMAL), 1);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, s.wakeups, 2);

	/* Parked: only kthread_unpark() may wake it; wake_up_process() leaves it be. */
	KTEST_EXPECT_EQ(test, kthread_park(p), 0);
	KTEST_EXPECT_EQ(test, p->__state, TASK_PARKED);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');
	KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
	KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_NORMAL), 0);
	msleep(2);
	KTEST_EXPECT_EQ(test, p->__state, TASK_PARKED);
	KTEST_EXPECT_EQ(test, p->on_rq, 0);
	kthread_unpark(p);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_GE(test, kthread_stop(p), 3);
}

/* ---- Statistics --------------------------------------------------------------------------- */

struct stat_spinner {
	int stop;
	bool gave_up;
};

static int stat_spinner_fn(void *data)
{
	struct stat_spinner *s = data;
	unsigned long end = jiffies + SPIN_LIMIT;

	while (!READ_ONCE(s->stop)) {
		if (time_after(jiffies, end)) {
			s->gave_up = true;
			break;
		}
		cpu_relax();
	}
	return sleep_until_stopped(0);
}

/*
 * A NORMAL thread is woken while we (FIFO 99) keep the CPU for 2 ms: it waits (wait_sum). We
 * sleep, it spins; our wake-up preempts it (an involuntary switch); then it blocks once (a
 * voluntary one). Bound to one CPU, it never migrates.
 */
static void per_task_statistics(struct ktest *test)
{
	struct stat_spinner s = { 0 };
	unsigned long nv, niv, my_nv;
	u64 mig, wait_sum, wait_count, runtime;
	struct task_struct *p;

	case_becomes_fifo(MAX_RT_PRIO - 1);
	p = create_on_test_cpu(stat_spinner_fn, &s, SCHED_NORMAL, 0, "core-stats");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	nv = p->nvcsw;
	niv = p->nivcsw;
	wait_sum = p->se.wait_sum;
	wait_count = p->se.wait_count;
	runtime = p->se.sum_exec_runtime;
	my_nv = current->nvcsw;

	wake_up_process(p);
	/* Counted from here: kthreadd started it on whichever CPU was idle, and the first wake-up
	 * after kthread_bind() moved it to TEST_CPU, one migration as in Linux. */
	mig = p->se.nr_migrations;
	mdelay(2);
	/*
	 * Asleep until the spinner has been charged 2 ms, not for 5 ms: a sleep that starts on
	 * jiffies a stalled vCPU left stale ends at the next tick (the spinner got 0.35 ms of a
	 * msleep(5) on a busy host). Each wake-up preempts it and brings its runtime up to date.
	 */
	for (int i = 0; i < 400 && p->se.sum_exec_runtime - runtime < 2000000; i++)
		msleep(1);
	KTEST_EXPECT_UGE(test, p->nivcsw - niv, 1);
	KTEST_EXPECT_UEQ(test, p->nvcsw - nv, 0);
	WRITE_ONCE(s.stop, 1);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));

	KTEST_EXPECT_FALSE(test, s.gave_up);
	KTEST_EXPECT_UEQ(test, p->nvcsw - nv, 1);
	KTEST_EXPECT_UGE(test, p->se.wait_sum - wait_sum, 2000000);
	KTEST_EXPECT_UGE(test, p->se.wait_count - wait_count, 1);
	KTEST_EXPECT_UGE(test, p->se.wait_max, 2000000);
	KTEST_EXPECT_UEQ(test, p->se.nr_migrations - mig, 0);
	KTEST_EXPECT_UEQ(test, task_cpu(p), TEST_CPU);
	KTEST_EXPECT_UGT(test, p->se.sum_exec_runtime - runtime, 1000000);
	KTEST_EXPECT_UGE(test, current->nvcsw - my_nv, 2);

	/* With a second CPU online, moving the sleeping thread there is one migration. */
	if (num_online_cpus() > 1) {
		unsigned int other = cpumask_next(TEST_CPU, cpu_online_mask);

		KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(p, cpumask_of(other)), 0);
		KTEST_EXPECT_UEQ(test, task_cpu(p), other);
		KTEST_EXPECT_UEQ(test, p->se.nr_migrations - mig, 1);
	} else {
		ktest_info(test, "one CPU online: migration count checked only for staying put");
	}
	kthread_stop(p);
}

/* sched_show_task() and show_state() run (no lock held, nothing blocks) and what they print
 * is what the task holds: the full name, its state letter, its counters. */
static void show_task_and_state(struct ktest *test)
{
	static const char full[] = "core-show-a-long-thread-name";
	struct sleeper s = { .state = TASK_INTERRUPTIBLE };
	struct task_struct *p, *q;
	unsigned long flags;
	bool listed = false;

	case_becomes_fifo(MAX_RT_PRIO - 1);
	p = create_on_test_cpu(sleeper_fn, &s, SCHED_NORMAL, 0, full);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	wake_up_process(p);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	sched_show_task(p);
	show_state();

	KTEST_EXPECT_STREQ(test, p->comm, "core-show-a-lon");
	KTEST_EXPECT_STREQ(test, kthread_full_name(p), full);
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'S');
	KTEST_EXPECT_EQ(test, task_state_to_char(current), 'R');
	KTEST_EXPECT_UGE(test, p->nvcsw, 2);	/* after creation, after the first wake-up */
	KTEST_EXPECT_UGT(test, p->se.sum_exec_runtime, 0);
	KTEST_EXPECT_EQ(test, p->se.load.weight, 1024);
	KTEST_EXPECT_EQ(test, p->prio, 120);
	KTEST_EXPECT_EQ(test, p->real_parent->pid, 2);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(q)
		if (q == p)
			listed = true;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KTEST_EXPECT_TRUE(test, listed);
	kthread_stop(p);
}

/* ---- Sleeping and preemption ------------------------------------------------------------- */

struct timed_wake {
	struct timer_list timer;
	struct task_struct *task;
};

static void timed_wake_fn(struct timer_list *t)
{
	struct timed_wake *tw = from_timer(tw, t, timer);

	wake_up_process(tw->task);
}

static void schedule_timeout_returns_remaining(struct ktest *test)
{
	struct timed_wake tw = { .task = current };
	unsigned long j0;
	long ret;

	timer_setup(&tw.timer, timed_wake_fn, 0);
	set_current_state(TASK_INTERRUPTIBLE);
	mod_timer(&tw.timer, jiffies + 5);
	ret = schedule_timeout(HZ);
	del_timer_sync(&tw.timer);
	KTEST_EXPECT_EQ(test, current->__state, TASK_RUNNING);
	KTEST_EXPECT_LE(test, ret, HZ - 4);
	KTEST_EXPECT_GE(test, ret, HZ / 2);

	/* Nobody wakes us: the full timeout passes and 0 is left. */
	j0 = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	ret = schedule_timeout(5);
	KTEST_EXPECT_EQ(test, ret, 0);
	KTEST_EXPECT_GE(test, (long)(jiffies - j0), 5);
	KTEST_EXPECT_EQ(test, current->__state, TASK_RUNNING);
	KTEST_EXPECT_EQ(test, schedule_timeout_interruptible(3), 0);
}

/* A FIFO 60 thread that logs when it first runs after its wake-up. */
struct high_probe {
	int go;
	int n;
	char ev[4];
};

static void probe_log(struct high_probe *hp, char c)
{
	if (hp->n < (int)sizeof(hp->ev))
		hp->ev[hp->n] = c;
	hp->n++;
}

static int high_fn(void *data)
{
	struct high_probe *hp = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(hp->go) || kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	if (READ_ONCE(hp->go))
		probe_log(hp, 'H');
	return sleep_until_stopped(0);
}

static struct task_struct *start_high(struct ktest *test, struct high_probe *hp)
{
	struct task_struct *p = create_on_test_cpu(high_fn, hp, SCHED_FIFO, 60, "core-high");

	if (IS_ERR(p))
		return p;
	wake_up_process(p);	/* it outranks us: runs at once and sleeps */
	if (!wait_asleep(p, TASK_INTERRUPTIBLE))
		KTEST_FAIL(test, "core-high did not go to sleep");
	return p;
}

/*
 * preempt_disable() holds a wake-up's reschedule back: need_resched is set (and folded into the
 * per-CPU count), the woken thread waits. The preempt_enable() that brings the count to zero
 * switches right there, before the next statement.
 */
static void preempt_enable_switches_at_once(struct ktest *test)
{
	struct high_probe hp = { 0 };
	bool nr_before, folded, nr_after;
	int count_inside, count_before;
	struct task_struct *p;

	case_becomes_fifo(50);
	p = start_high(test, &hp);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	count_before = preempt_count();
	preempt_disable();
	WRITE_ONCE(hp.go, 1);
	wake_up_process(p);
	count_inside = preempt_count();
	nr_before = need_resched();
	folded = test_preempt_need_resched();
	probe_log(&hp, 'D');
	preempt_enable();
	probe_log(&hp, 'E');
	nr_after = need_resched();
	kthread_stop(p);

	KTEST_EXPECT_EQ(test, count_before, 0);
	KTEST_EXPECT_EQ(test, count_inside, 1);
	KTEST_EXPECT_TRUE(test, nr_before);
	KTEST_EXPECT_TRUE(test, folded);
	KTEST_EXPECT_FALSE(test, nr_after);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_ASSERT_EQ(test, hp.n, 3);
	KTEST_EXPECT_EQ(test, hp.ev[0], 'D');
	KTEST_EXPECT_EQ(test, hp.ev[1], 'H');
	KTEST_EXPECT_EQ(test, hp.ev[2], 'E');
}

/*
 * cond_resched(): nothing to do without a pending reschedule or inside preempt_disable();
 * switches (and says so) once one is pending and preemption is allowed. An interrupt that
 * lands between preempt_enable_no_resched() and cond_resched() switches on its way out, and
 * cond_resched() then rightly has nothing left to do: a host that holds interrupts back and
 * delivers them late makes that window likely. Such a try is counted by this CPU's
 * interrupts and run again, a few times at most.
 */
#define COND_RESCHED_TRIES	5

static void cond_resched_switches_when_needed(struct ktest *test)
{
	int idle_ret, atomic_ret, ret = 0, ran_in_atomic, try;
	struct high_probe hp;
	struct task_struct *p;
	unsigned long irqs;

	case_becomes_fifo(50);
	for (try = 0; try < COND_RESCHED_TRIES; try++) {
		hp = (struct high_probe){ 0 };
		p = start_high(test, &hp);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		idle_ret = cond_resched();
		preempt_disable();
		WRITE_ONCE(hp.go, 1);
		wake_up_process(p);
		atomic_ret = cond_resched();
		ran_in_atomic = hp.n;
		irqs = this_cpu_read(irq_stat.irq_total);
		preempt_enable_no_resched();
		ret = cond_resched();
		irqs = per_cpu(irq_stat.irq_total, TEST_CPU) - irqs;
		probe_log(&hp, 'C');
		kthread_stop(p);

		KTEST_EXPECT_EQ(test, idle_ret, 0);
		KTEST_EXPECT_EQ(test, atomic_ret, 0);
		KTEST_EXPECT_EQ(test, ran_in_atomic, 0);
		KTEST_ASSERT_EQ(test, hp.n, 2);
		KTEST_EXPECT_EQ(test, hp.ev[0], 'H');
		KTEST_EXPECT_EQ(test, hp.ev[1], 'C');
		if (ret || !irqs)
			break;
		ktest_info(test, "try %d: %lu interrupt(s) switched before cond_resched()", try + 1,
			   irqs);
	}
	KTEST_EXPECT_EQ(test, ret, 1);
}

struct irq_sleep {
	struct timer_list timer;
	struct completion done;
	bool in_irq;
	unsigned long warns_before, warns_after;
	u64 switches_before, switches_after;
	int preempt_count_before, preempt_count;
};

/* From interrupt context (a timer callback runs in TIMER_SOFTIRQ): schedule() and msleep() must
 * refuse with a WARN and return. */
static void sleep_in_irq_fn(struct timer_list *t)
{
	struct irq_sleep *is = from_timer(is, t, timer);

	is->in_irq = in_interrupt();
	is->preempt_count_before = preempt_count();
	is->warns_before = warn_count_read();
	is->switches_before = this_rq()->nr_switches;
	schedule();
	msleep(5);
	is->switches_after = this_rq()->nr_switches;
	is->warns_after = warn_count_read();
	is->preempt_count = preempt_count();
	complete(&is->done);
}

static void sleeping_in_atomic_warns(struct ktest *test)
{
	struct irq_sleep is = { 0 };
	unsigned long w0, j0, switches;
	unsigned int state;
	int count;

	/* Refused at once: no switch at all (the WARN's printing takes time, so time is not
	 * what tells it; the switch counts are). */
	w0 = warn_count_read();
	preempt_disable();
	switches = current->nvcsw + current->nivcsw;
	msleep(10);
	switches = current->nvcsw + current->nivcsw - switches;
	state = current->__state;
	count = preempt_count();
	preempt_enable();
	KTEST_EXPECT_UGT(test, warn_count_read(), w0);
	KTEST_EXPECT_UEQ(test, switches, 0);
	KTEST_EXPECT_EQ(test, state, TASK_RUNNING);
	KTEST_EXPECT_EQ(test, count, 1);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);

	/*
	 * Two ticks away, so the callback runs over the idle task once this thread sleeps: with
	 * its CPU holding the do_timer duty (the others idle, their ticks stopped), the very next
	 * tick, which may come at once, advances jiffies and would run a timer one tick away
	 * before this thread got to sleep.
	 */
	init_completion(&is.done);
	timer_setup(&is.timer, sleep_in_irq_fn, 0);
	mod_timer(&is.timer, jiffies + 2);
	KTEST_ASSERT_TRUE(test, wait_for_completion_timeout(&is.done, HZ) != 0);
	del_timer_sync(&is.timer);
	KTEST_EXPECT_TRUE(test, is.in_irq);
	KTEST_EXPECT_UGE(test, is.warns_after - is.warns_before, 2);
	KTEST_EXPECT_UEQ(test, is.switches_after, is.switches_before);
	/* Unchanged by the refused sleeps. (Not zero: the tick may have interrupted a section that
	 * had preemption disabled.) */
	KTEST_EXPECT_EQ(test, is.preempt_count, is.preempt_count_before);
	/* And sleeping works normally afterwards. */
	j0 = jiffies;
	msleep(3);
	KTEST_EXPECT_GE(test, (long)(jiffies - j0), 3);
	KTEST_EXPECT_EQ(test, current->__state, TASK_RUNNING);
}

/* ---- Lazy TLB ----------------------------------------------------------------------------- */

struct mm_seen {
	struct mm_struct *mm, *active_mm;
};

static int mm_seen_fn(void *data)
{
	struct mm_seen *seen = data;

	seen->mm = current->mm;
	seen->active_mm = current->active_mm;
	return sleep_until_stopped(0);
}

/* A kernel thread has no mm of its own; it runs on the one it borrowed (init_mm here: no task
 * with an address space of its own runs during the suite). */
static void kthread_runs_on_borrowed_mm(struct ktest *test)
{
	struct mm_seen seen = { 0 };
	struct task_struct *p;

	KTEST_EXPECT_PTR_EQ(test, current->mm, NULL);
	KTEST_EXPECT_PTR_EQ(test, current->active_mm, &init_mm);
	p = create_on_test_cpu(mm_seen_fn, &seen, SCHED_NORMAL, 0, "core-mm");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_PTR_EQ(test, p->mm, NULL);
	wake_up_process(p);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	/* Off the CPU, it holds no borrowed mm: the reference went to whoever ran next. */
	KTEST_EXPECT_PTR_EQ(test, p->active_mm, NULL);
	kthread_stop(p);
	KTEST_EXPECT_PTR_EQ(test, seen.mm, NULL);
	KTEST_EXPECT_PTR_EQ(test, seen.active_mm, &init_mm);
}

/*
 * Two FIFO 50 threads hand a turn back and forth, each waking the other and sleeping, for
 * PINGPONG_SWITCHES turns: one context switch each. A thread given an mm adopts it with
 * kthread_use_mm() for the whole game.
 */
struct pingpong {
	struct task_struct *t[2];
	struct mm_struct *mm[2];
	int turn;
	int n;
	struct completion done;
};

struct pingpong_arg {
	struct pingpong *pp;
	int id;
};

static int pingpong_fn(void *data)
{
	struct pingpong_arg *a = data;
	struct pingpong *pp = a->pp;
	int me = a->id;

	if (pp->mm[me])
		kthread_use_mm(pp->mm[me]);
	for (;;) {
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (READ_ONCE(pp->turn) == me || READ_ONCE(pp->n) >= PINGPONG_SWITCHES)
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		if (pp->n >= PINGPONG_SWITCHES)
			break;
		pp->n++;
		WRITE_ONCE(pp->turn, !me);
		wake_up_process(pp->t[!me]);
	}
	wake_up_process(pp->t[!me]);
	if (pp->mm[me])
		kthread_unuse_mm(pp->mm[me]);
	complete(&pp->done);
	return sleep_until_stopped(0);
}

/* Play one game; returns the CR3 writes on TEST_CPU meanwhile, or -1 if it could not run. */
static long play_pingpong(struct ktest *test, struct mm_struct *mm0, struct mm_struct *mm1)
{
	struct pingpong pp = { .mm = { mm0, mm1 } };
	struct pingpong_arg arg[2] = { { &pp, 0 }, { &pp, 1 } };
	unsigned long cr3_before, cr3_after;
	u64 switches;
	bool finished;
	int i;

	init_completion(&pp.done);
	for (i = 0; i < 2; i++) {
		pp.t[i] = create_on_test_cpu(pingpong_fn, &arg[i], SCHED_FIFO, 50,
					     i ? "core-pong" : "core-ping");
		if (IS_ERR(pp.t[i])) {
			if (i)
				kthread_stop(pp.t[0]);
			KTEST_FAIL(test, "cannot create the ping-pong threads");
			return -1;
		}
	}
	switches = cpu_rq(TEST_CPU)->nr_switches;
	cr3_before = per_cpu(nr_cr3_writes, TEST_CPU);
	wake_up_process(pp.t[0]);
	wake_up_process(pp.t[1]);
	finished = wait_for_completion_timeout(&pp.done, 5 * HZ) &&
		   wait_for_completion_timeout(&pp.done, HZ);
	cr3_after = per_cpu(nr_cr3_writes, TEST_CPU);
	switches = cpu_rq(TEST_CPU)->nr_switches - switches;
	kthread_stop(pp.t[0]);
	kthread_stop(pp.t[1]);
	KTEST_EXPECT_TRUE(test, finished);
	KTEST_EXPECT_EQ(test, pp.n, PINGPONG_SWITCHES);
	KTEST_EXPECT_UGE(test, switches, PINGPONG_SWITCHES);
	ktest_info(test, "%llu switches, %lu CR3 writes (%s / %s)", (unsigned long long)switches,
		   cr3_after - cr3_before, mm0 ? "own mm" : "kthread", mm1 ? "own mm" : "kthread");
	return finished ? (long)(cr3_after - cr3_before) : -1;
}

/*
 * 10,000 switches between two kernel threads write CR3 not once, and leave init_mm's count
 * where it was. Two threads with address spaces of their own write it at every switch (the
 * counter works). A thread with its own mm against a kernel thread: the kernel thread borrows
 * that mm, so switching back needs no write either, and the borrowed references all return.
 */
static void lazy_tlb_pingpong(struct ktest *test)
{
	unsigned long warns = warn_count_read();
	int init_count = init_mm.mm_count;
	struct mm_struct *mm[2];
	long writes;

	/* The kernel's own reference, and the one we hold as init_mm's current borrower. */
	KTEST_EXPECT_GE(test, init_count, 2);
	case_becomes_fifo(MAX_RT_PRIO - 1);
	writes = play_pingpong(test, NULL, NULL);
	KTEST_EXPECT_EQ(test, writes, 0);
	KTEST_EXPECT_EQ(test, init_mm.mm_count, init_count);

	mm[0] = mm_alloc();
	KTEST_ASSERT_NOT_NULL(test, mm[0]);
	mm[1] = mm_alloc();
	if (!mm[1]) {
		mmput(mm[0]);
		KTEST_ASSERT_NOT_NULL(test, mm[1]);
	}
	writes = play_pingpong(test, mm[0], mm[1]);
	KTEST_EXPECT_GE(test, writes, PINGPONG_SWITCHES);
	KTEST_EXPECT_LE(test, writes, PINGPONG_SWITCHES + 8);
	KTEST_EXPECT_EQ(test, init_mm.mm_count, init_count);
	KTEST_EXPECT_EQ(test, mm[1]->mm_count, 1);
	KTEST_EXPECT_EQ(test, mm[1]->mm_users, 1);
	mmput(mm[1]);

	writes = play_pingpong(test, mm[0], NULL);
	KTEST_EXPECT_GE(test, writes, 1);	/* adopting the mm loads it */
	KTEST_EXPECT_LE(test, writes, 4);
	KTEST_EXPECT_EQ(test, init_mm.mm_count, init_count);
	KTEST_EXPECT_EQ(test, mm[0]->mm_count, 1);
	KTEST_EXPECT_EQ(test, mm[0]->mm_users, 1);
	mmput(mm[0]);
	/* No reference dropped twice on the way (__mmdrop of init_mm warns). */
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns);
}

static struct ktest_case sched_core_cases[] = {
	KTEST_CASE(stop_class_preempts_fifo99),
	KTEST_CASE(wake_up_process_return_values),
	KTEST_CASE(wake_up_state_matches_states),
	KTEST_CASE(per_task_statistics),
	KTEST_CASE(show_task_and_state),
	KTEST_CASE(schedule_timeout_returns_remaining),
	KTEST_CASE(preempt_enable_switches_at_once),
	KTEST_CASE(cond_resched_switches_when_needed),
	KTEST_CASE(sleeping_in_atomic_warns),
	KTEST_CASE(kthread_runs_on_borrowed_mm),
	KTEST_CASE(lazy_tlb_pingpong),
	{}
};

static struct ktest_suite sched_core_suite = {
	.name = "sched_core",
	.cases = sched_core_cases,
	.init = sched_core_init,
	.exit = sched_core_exit,
};
ktest_register_suite(sched_core_suite);
