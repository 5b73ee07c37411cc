/* Self-tests of the hung-task detector (kernel/hung_task.c, suite "hung_task"): khungtaskd
 * reports a task stuck in D past the timeout, in Linux's words, and nothing else. */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/sysctl.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <ktest.h>
#include "sched_test_util.h"

#define HUNG_TIMEOUT_S	1
/* Each case watches for this many checks of khungtaskd at most (a count of looks, so a slow
 * host makes it longer, not different). */
#define HUNG_LOOKS	60
#define HUNG_LOG_SIZE	(64 * 1024)

struct victim {
	unsigned int state;		/* the state it sleeps in */
	unsigned int wake_every_ms;	/* 0: never woken until released */
	bool release;
	struct timer_list timer;
	struct task_struct *task;
};

/* Sleeps in v->state until released; a timer may wake it now and then, as I/O would. */
static int victim_fn(void *data)
{
	struct victim *v = data;

	for (;;) {
		set_current_state(v->state);
		if (READ_ONCE(v->release))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return sleep_until_stopped(0);
}

static void victim_timer_fn(struct timer_list *t)
{
	struct victim *v = from_timer(v, t, timer);

	wake_up_process(v->task);
	if (!READ_ONCE(v->release))
		mod_timer(&v->timer, jiffies + msecs_to_jiffies(v->wake_every_ms));
}

/* Does the log hold a report for @p, and (with @full) its hint line and task line after it? */
static bool reported(struct task_struct *p, bool full)
{
	char *log = kmalloc(HUNG_LOG_SIZE, GFP_KERNEL), head[64], line[64];
	bool found = false;
	char *at;
	size_t n;

	if (!log)
		return false;
	n = log_buf_copy(log, HUNG_LOG_SIZE - 1);
	log[n] = '\0';
	snprintf(head, sizeof(head), "INFO: task %s:%d blocked for more than ", p->comm, p->pid);
	snprintf(line, sizeof(line), "task:%-15.15s state:D", p->comm);
	at = strstr(log, head);
	if (at && full)
		found = strstr(at, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables "
				   "this message.") && strstr(at, line) && strstr(at, "Call Trace:");
	else
		found = at;
	kfree(log);
	return found;
}

struct hung_setup {
	unsigned long old_timeout;
	int old_warnings;
};

/*
 * A 1 s timeout, and @warnings reports allowed (-1: any number). A thread left in D is
 * reported again at every check until it is woken, and how many checks pass before the case
 * wakes it depends on how the host schedules the case's vCPU: a budget of one report keeps
 * the log, which tests/run counts report by report, the same on every boot.
 */
static void hung_enter(struct hung_setup *hs, int warnings)
{
	hs->old_warnings = sysctl_hung_task_warnings;
	sysctl_hung_task_warnings = warnings;
	hs->old_timeout = hung_task_set_timeout(HUNG_TIMEOUT_S);
}

static void hung_leave(struct hung_setup *hs)
{
	hung_task_set_timeout(hs->old_timeout);
	sysctl_hung_task_warnings = hs->old_warnings;
}

/* Start a victim sleeping in @state, woken every @wake_every_ms (0: never). */
static struct task_struct *start_victim(struct victim *v, unsigned int state,
					unsigned int wake_every_ms, const char *name)
{
	struct task_struct *p;

	memset(v, 0, sizeof(*v));
	v->state = state;
	v->wake_every_ms = wake_every_ms;
	timer_setup(&v->timer, victim_timer_fn, 0);
	p = kthread_run(victim_fn, v, "%s", name);
	if (IS_ERR(p))
		return p;
	v->task = p;
	if (wake_every_ms)
		mod_timer(&v->timer, jiffies + msecs_to_jiffies(wake_every_ms));
	return p;
}

static void stop_victim(struct victim *v, struct task_struct *p)
{
	WRITE_ONCE(v->release, true);
	del_timer_sync(&v->timer);
	wake_up_process(p);
	kthread_stop(p);
}

/*
 * A thread in TASK_UNINTERRUPTIBLE that nothing wakes is reported once it has not been switched
 * for hung_task_timeout_secs: "INFO: task NAME:PID blocked for more than N seconds.", the line
 * telling how to silence it, and the task with its stack, in Linux's format.
 */
static void reports_task_blocked_past_timeout(struct ktest *test)
{
	struct victim v;
	struct hung_setup hs;
	struct task_struct *p;
	int looks;

	hung_enter(&hs, 1);
	p = start_victim(&v, TASK_UNINTERRUPTIBLE, 0, "hung_victim");
	if (IS_ERR(p)) {
		hung_leave(&hs);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	}
	for (looks = 0; looks < HUNG_LOOKS && !reported(p, false); looks++)
		msleep(100);
	/* The rest of the report is printed right after its first line. */
	msleep(50);
	KTEST_EXPECT_TRUE(test, reported(p, true));
	KTEST_EXPECT_EQ(test, task_state_to_char(p), 'D');
	stop_victim(&v, p);
	hung_leave(&hs);
	ktest_info(test, "reported after %d looks of 100 ms", looks);
}

/*
 * No false reports: a thread that sleeps in D but is woken every 200 ms (as one waiting for
 * I/O that keeps completing), one sleeping in TASK_IDLE and one in TASK_KILLABLE are never
 * reported. A never-woken D sleeper started with them is, at the check that would have
 * reported them too; it is then woken and stopped (its one report allowed), and the three are
 * watched for two more of khungtaskd's checks, with any number of reports allowed, so a wrong
 * one would be printed. The checks are counted, not timed: each one that finds the woken
 * thread's switch count moved stamps its last_switch_time with that check's jiffies.
 */
static void no_report_for_woken_idle_or_killable(struct ktest *test)
{
	static const struct {
		unsigned int state, wake_ms;
		const char *name;
	} kinds[] = {
		{ TASK_UNINTERRUPTIBLE, 200, "hung_woken" },
		{ TASK_IDLE, 0, "hung_idle" },
		{ TASK_KILLABLE, 0, "hung_killable" },
		{ TASK_UNINTERRUPTIBLE, 0, "hung_stuck" },
	};
	struct victim *v = kcalloc(ARRAY_SIZE(kinds), sizeof(*v), GFP_KERNEL);
	struct task_struct *p[ARRAY_SIZE(kinds)];
	struct hung_setup hs;
	unsigned int i, started = 0, running, checks = 0;
	unsigned long stamp;
	int looks;

	KTEST_ASSERT_NOT_NULL(test, v);
	hung_enter(&hs, 1);
	for (i = 0; i < ARRAY_SIZE(kinds); i++, started++) {
		p[i] = start_victim(&v[i], kinds[i].state, kinds[i].wake_ms, kinds[i].name);
		if (IS_ERR(p[i]))
			break;
	}
	running = started;
	if (started == ARRAY_SIZE(kinds)) {
		for (looks = 0; looks < HUNG_LOOKS && !reported(p[3], false); looks++)
			msleep(100);
		KTEST_EXPECT_TRUE(test, reported(p[3], false));
		stop_victim(&v[3], p[3]);
		running = 3;
		sysctl_hung_task_warnings = -1;
		/* In short sleeps: one long one would rightly get this case's own thread
		 * reported. */
		stamp = READ_ONCE(p[0]->last_switch_time);
		for (looks = 0; looks < HUNG_LOOKS && checks < 2; looks++) {
			msleep(100);
			if (READ_ONCE(p[0]->last_switch_time) != stamp) {
				stamp = READ_ONCE(p[0]->last_switch_time);
				checks++;
			}
		}
		KTEST_EXPECT_EQ(test, checks, 2U);
		for (i = 0; i < 3; i++)
			if (reported(p[i], false))
				KTEST_FAIL(test, "%s (state %c) was reported", kinds[i].name,
					   task_state_to_char(p[i]));
		KTEST_EXPECT_GT(test, p[0]->nvcsw, 5UL);
	}
	for (i = 0; i < running; i++)
		stop_victim(&v[i], p[i]);
	hung_leave(&hs);
	kfree(v);
	KTEST_EXPECT_EQ(test, started, (unsigned int)ARRAY_SIZE(kinds));
}

static struct ktest_case hung_task_cases[] = {
	KTEST_CASE_TIMEOUT(reports_task_blocked_past_timeout, 30),
	KTEST_CASE_TIMEOUT(no_report_for_woken_idle_or_killable, 30),
	{}
};

static struct ktest_suite hung_task_suite = {
	.name = "hung_task",
	.cases = hung_task_cases,
};
ktest_register_suite(hung_task_suite);
