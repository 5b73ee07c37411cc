/* Self-tests of sleeping and waking (suite "wait"): wait queues, completions, mutexes, spinlocks
 * with interrupts saved, task states, and the timed sleeps, as kernel-thread code uses them. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/tick.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <asm/processor.h>
#include <ktest.h>
#include "sched_test_util.h"

/* Long enough for any thread on this CPU to reach its sleep, however slow the host. */
#define SETTLE_TICKS	2000
/* How much later than asked a sleep may end: the host (TCG, shared cores) stalls the guest. */
#define SLACK_TICKS	100

/*
 * The slack, plus the ticks the host swallowed since @tw started (sched_test_util.h): a vCPU
 * the host stops for 150 ms wakes to find jiffies 150 further on, and a 20-jiffy timeout
 * returned 167 jiffies after it began on a busy host although its timer was on time.
 */
static unsigned long late_slack(const struct tick_watch *tw)
{
	return SLACK_TICKS + tick_watch_lost(tw, cpu_online_mask);
}
#define NSEC_PER_MSEC	1000000ULL

/* Start @fn in a new kthread. The extra reference keeps kthread_stop() safe even after the
 * function has returned by itself. NULL on failure (reported). */
static struct task_struct *start_waiter_thread(struct ktest *test, int (*fn)(void *), void *data,
					const char *name)
{
	struct task_struct *p = kthread_create(fn, data, "%s", name);

	if (IS_ERR(p)) {
		KTEST_FAIL(test, "kthread_create(%s) failed: %ld", name, PTR_ERR(p));
		return NULL;
	}
	get_task_struct(p);
	wake_up_process(p);
	return p;
}

static int stop_thread(struct task_struct *p)
{
	int ret;

	if (!p)
		return -ESRCH;
	ret = kthread_stop(p);
	put_task_struct(p);
	return ret;
}

/* Has @p gone to sleep in exactly @state, off the run queue and off the CPU? Polled once a
 * tick, so the other threads on this CPU run meanwhile. */
static bool wait_asleep(struct task_struct *p, unsigned int state)
{
	int i;

	if (!p)
		return false;
	for (i = 0; i < SETTLE_TICKS; i++) {
		if (READ_ONCE(p->__state) == state && !READ_ONCE(p->on_rq) &&
		    !READ_ONCE(p->on_cpu))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/* Wait until another thread has advanced *@counter to @val. */
static bool wait_count(int *counter, int val)
{
	int i;

	for (i = 0; i < SETTLE_TICKS && READ_ONCE(*counter) < val; i++)
		schedule_timeout_uninterruptible(1);
	return READ_ONCE(*counter) >= val;
}

static void count_up(int *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST);
}

/* ---- Wait queues ------------------------------------------------------------------------ */

struct wq_ctx {
	struct wait_queue_head wq;
	int cond;
	int checks;		/* how often the waiter evaluated its condition */
	int allow;		/* the waiter opts in to SIGTERM */
	int done;
	int sig;		/* a signal was still pending after the wait */
	long ret;
	unsigned long j_start, j_end;
};

static void wq_ctx_init(struct wq_ctx *c)
{
	memset(c, 0, sizeof(*c));
	init_waitqueue_head(&c->wq);
}

static bool counted_cond(struct wq_ctx *c)
{
	WRITE_ONCE(c->checks, c->checks + 1);
	return READ_ONCE(c->cond);
}

/* Make the condition true and wake everyone: every waiter's way out, also on failure paths. */
static void release_all(struct wq_ctx *c)
{
	WRITE_ONCE(c->cond, 1);
	wake_up_all(&c->wq);
}

static int wait_event_fn(void *data)
{
	struct wq_ctx *c = data;

	wait_event(c->wq, counted_cond(c));
	count_up(&c->done);
	return 7;
}

/* wait_event sleeps in TASK_UNINTERRUPTIBLE, re-tests its condition after every wake-up and
 * goes back to sleep while it is false. */
static void wait_event_sleeps_until_condition(struct ktest *test)
{
	struct wq_ctx c;
	struct task_struct *p;
	int checks;

	wq_ctx_init(&c);
	p = start_waiter_thread(test, wait_event_fn, &c, "wq_waiter");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_TRUE(test, waitqueue_active(&c.wq));
	checks = READ_ONCE(c.checks);
	KTEST_EXPECT_GE(test, checks, 1);

	wake_up(&c.wq);		/* spurious: the condition is still false */
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, READ_ONCE(c.checks), checks + 1);
	KTEST_EXPECT_EQ(test, READ_ONCE(c.done), 0);

	WRITE_ONCE(c.cond, 1);
	wake_up(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	KTEST_EXPECT_FALSE(test, waitqueue_active(&c.wq));
	release_all(&c);
	KTEST_EXPECT_EQ(test, stop_thread(p), 7);
}

static int wait_interruptible_fn(void *data)
{
	struct wq_ctx *c = data;

	if (c->allow)
		allow_signal(SIGTERM);
	c->ret = wait_event_interruptible(c->wq, counted_cond(c));
	c->sig = signal_pending(current);
	count_up(&c->done);
	return 0;
}

/* One run of the interruptible waiter: once it sleeps in "S", send it SIGTERM (@by_signal) or
 * make its condition true; @allow says whether it opted in to the signal. */
static void interruptible_round(struct ktest *test, struct wq_ctx *c, int allow, bool by_signal)
{
	struct task_struct *p;

	wq_ctx_init(c);
	c->allow = allow;
	p = start_waiter_thread(test, wait_interruptible_fn, c, "wq_intr");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	if (by_signal) {
		KTEST_EXPECT_EQ(test, send_sig(SIGTERM, p, 0), 0);
	} else {
		WRITE_ONCE(c->cond, 1);
		wake_up_interruptible(&c->wq);
	}
	if (!allow) {
		/* An ignored signal neither ends nor even interrupts the sleep. */
		KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
		KTEST_EXPECT_EQ(test, READ_ONCE(c->done), 0);
		release_all(c);
	}
	KTEST_EXPECT_TRUE(test, wait_count(&c->done, 1));
	release_all(c);
	stop_thread(p);
}

/* 0 when the condition came true; -ERESTARTSYS, the condition still false and the signal still
 * pending when a signal the thread allowed came first. */
static void wait_event_interruptible_condition_or_signal(struct ktest *test)
{
	struct wq_ctx c;

	interruptible_round(test, &c, 1, false);
	KTEST_EXPECT_EQ(test, c.ret, 0);
	KTEST_EXPECT_EQ(test, c.sig, 0);

	interruptible_round(test, &c, 1, true);
	KTEST_EXPECT_EQ(test, c.ret, -ERESTARTSYS);
	KTEST_EXPECT_EQ(test, c.sig, 1);	/* the wait does not consume it */

	interruptible_round(test, &c, 0, true);
	KTEST_EXPECT_EQ(test, c.ret, 0);
}

static int wait_timeout_fn(void *data)
{
	struct wq_ctx *c = data;

	c->j_start = jiffies;
	c->ret = wait_event_timeout(c->wq, READ_ONCE(c->cond), 1000);
	c->j_end = jiffies;
	count_up(&c->done);
	return 0;
}

/* 0 after about the timeout when the condition stays false; the jiffies left (at least 1)
 * when it comes true; the whole timeout when it was true already. */
static void wait_event_timeout_returns_jiffies_left(struct ktest *test)
{
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	struct task_struct *p;
	unsigned long j0, j1, waited;
	struct tick_watch tw;
	struct wq_ctx c;
	long ret;

	tick_watch_start(&tw);
	j0 = jiffies;
	ret = wait_event_timeout(wq, false, 20);
	j1 = jiffies;
	KTEST_EXPECT_EQ(test, ret, 0);
	KTEST_EXPECT_GE(test, j1 - j0, 20);
	KTEST_EXPECT_LE(test, j1 - j0, 20 + late_slack(&tw));

	KTEST_EXPECT_EQ(test, wait_event_timeout(wq, true, 50), 50);

	wq_ctx_init(&c);
	tick_watch_start(&tw);
	p = start_waiter_thread(test, wait_timeout_fn, &c, "wq_timeout");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_UNINTERRUPTIBLE));
	msleep(10);
	WRITE_ONCE(c.cond, 1);
	wake_up(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	release_all(&c);
	stop_thread(p);
	waited = c.j_end - c.j_start;
	KTEST_EXPECT_GE(test, c.ret, 1);
	KTEST_EXPECT_LE(test, c.ret, 990);
	/* What it returns is what was left of the 1000 jiffies (the thread can be preempted
	 * between its own reads of jiffies and the wait's, hence the slack above). */
	KTEST_EXPECT_GE(test, c.ret, 1000 - (long)waited);
	KTEST_EXPECT_LE(test, c.ret, 1000 - (long)waited + (long)late_slack(&tw));
}

#define NR_EXCL	3
#define NONEXCL_ID	9

struct excl_ctx {
	struct wait_queue_head wq;
	int release;
	int woken;
	int order[NR_EXCL + 1];
};

struct excl_waiter {
	struct excl_ctx *c;
	int id;
};

static void excl_log(struct excl_ctx *c, int id)
{
	int idx = __atomic_fetch_add(&c->woken, 1, __ATOMIC_SEQ_CST);

	if (idx < (int)ARRAY_SIZE(c->order))
		c->order[idx] = id;
}

static int excl_waiter_fn(void *data)
{
	struct excl_waiter *w = data;
	struct excl_ctx *c = w->c;
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait_exclusive(&c->wq, &wait, TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(c->release))
			break;
		schedule();
	}
	finish_wait(&c->wq, &wait);
	excl_log(c, w->id);
	return 0;
}

static int nonexcl_waiter_fn(void *data)
{
	struct excl_waiter *w = data;

	wait_event(w->c->wq, READ_ONCE(w->c->release));
	excl_log(w->c, w->id);
	return 0;
}

static bool logged(struct excl_ctx *c, int n, int id)
{
	int i;

	for (i = 0; i < n; i++)
		if (c->order[i] == id)
			return true;
	return false;
}

/* wake_up() wakes every non-exclusive waiter and the first exclusive one (in the order they
 * queued); the other exclusive waiters sleep on. wake_up_all() wakes them all. */
static void wake_up_one_exclusive_wake_up_all_every(struct ktest *test)
{
	struct task_struct *p[NR_EXCL + 1] = { };
	struct excl_waiter w[NR_EXCL + 1];
	struct excl_ctx c = { };
	int i;

	init_waitqueue_head(&c.wq);
	for (i = 0; i <= NR_EXCL; i++) {
		w[i].c = &c;
		w[i].id = i < NR_EXCL ? i : NONEXCL_ID;
		p[i] = start_waiter_thread(test, i < NR_EXCL ? excl_waiter_fn : nonexcl_waiter_fn, &w[i],
				    "wq_excl");
		KTEST_EXPECT_TRUE(test, wait_asleep(p[i], TASK_UNINTERRUPTIBLE));
	}
	WRITE_ONCE(c.release, 1);
	wake_up(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.woken, 2));
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(c.woken), 2);
	KTEST_EXPECT_TRUE(test, logged(&c, 2, NONEXCL_ID));
	KTEST_EXPECT_TRUE(test, logged(&c, 2, 0));
	for (i = 1; i < NR_EXCL; i++)
		KTEST_EXPECT_TRUE(test, wait_asleep(p[i], TASK_UNINTERRUPTIBLE));

	wake_up_all(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.woken, NR_EXCL + 1));
	KTEST_EXPECT_TRUE(test, logged(&c, NR_EXCL + 1, 1));
	KTEST_EXPECT_TRUE(test, logged(&c, NR_EXCL + 1, 2));
	KTEST_EXPECT_FALSE(test, waitqueue_active(&c.wq));
	for (i = 0; i <= NR_EXCL; i++)
		stop_thread(p[i]);
}

static int wait_event_interruptible_fn(void *data)
{
	struct wq_ctx *c = data;

	c->ret = wait_event_interruptible(c->wq, READ_ONCE(c->cond));
	count_up(&c->done);
	return 0;
}

/* wake_up_interruptible() wakes only TASK_INTERRUPTIBLE sleepers: a wait_event() waiter on the
 * same queue stays asleep (and queued) until a plain wake_up(). */
static void wake_up_interruptible_skips_uninterruptible(struct ktest *test)
{
	struct task_struct *d, *s;
	struct wq_ctx c;

	wq_ctx_init(&c);
	d = start_waiter_thread(test, wait_event_fn, &c, "wq_d");
	KTEST_EXPECT_TRUE(test, wait_asleep(d, TASK_UNINTERRUPTIBLE));
	s = start_waiter_thread(test, wait_event_interruptible_fn, &c, "wq_s");
	KTEST_EXPECT_TRUE(test, wait_asleep(s, TASK_INTERRUPTIBLE));

	WRITE_ONCE(c.cond, 1);
	wake_up_interruptible(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(c.done), 1);
	KTEST_EXPECT_TRUE(test, wait_asleep(d, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_TRUE(test, waitqueue_active(&c.wq));
	KTEST_EXPECT_EQ(test, c.ret, 0);

	wake_up(&c.wq);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 2));
	release_all(&c);
	stop_thread(s);
	KTEST_EXPECT_EQ(test, stop_thread(d), 7);
}

/* ---- Completions ------------------------------------------------------------------------ */

#define NR_COMP_WAITERS	3

struct comp_ctx {
	struct completion comp;
	int done;
	long ret;
};

static int completion_waiter_fn(void *data)
{
	struct comp_ctx *c = data;

	wait_for_completion(&c->comp);
	count_up(&c->done);
	return 0;
}

static void start_comp_waiters(struct ktest *test, struct comp_ctx *c, struct task_struct **p)
{
	int i;

	for (i = 0; i < NR_COMP_WAITERS; i++) {
		p[i] = start_waiter_thread(test, completion_waiter_fn, c, "comp_waiter");
		KTEST_EXPECT_TRUE(test, wait_asleep(p[i], TASK_UNINTERRUPTIBLE));
	}
}

static void stop_comp_waiters(struct comp_ctx *c, struct task_struct **p)
{
	int i;

	complete_all(&c->comp);
	for (i = 0; i < NR_COMP_WAITERS; i++)
		stop_thread(p[i]);
}

/* Each complete() lets exactly one waiter through; the others sleep on. */
static void complete_wakes_exactly_one(struct ktest *test)
{
	struct task_struct *p[NR_COMP_WAITERS];
	struct comp_ctx c = { };
	int i, asleep = 0;

	init_completion(&c.comp);
	start_comp_waiters(test, &c, p);
	complete(&c.comp);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(c.done), 1);
	for (i = 0; i < NR_COMP_WAITERS; i++)
		asleep += p[i] && READ_ONCE(p[i]->__state) == TASK_UNINTERRUPTIBLE;
	KTEST_EXPECT_EQ(test, asleep, NR_COMP_WAITERS - 1);
	KTEST_EXPECT_FALSE(test, completion_done(&c.comp));	/* the one count was consumed */

	complete(&c.comp);
	complete(&c.comp);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, NR_COMP_WAITERS));
	KTEST_EXPECT_FALSE(test, completion_done(&c.comp));
	stop_comp_waiters(&c, p);
}

/* complete_all() wakes every waiter and stays done: later waits return without sleeping. */
static void complete_all_wakes_all_and_stays_done(struct ktest *test)
{
	struct task_struct *p[NR_COMP_WAITERS];
	struct comp_ctx c = { };
	unsigned long nvcsw;

	init_completion(&c.comp);
	start_comp_waiters(test, &c, p);
	complete_all(&c.comp);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, NR_COMP_WAITERS));
	KTEST_EXPECT_TRUE(test, completion_done(&c.comp));

	nvcsw = current->nvcsw;
	wait_for_completion(&c.comp);
	wait_for_completion(&c.comp);
	KTEST_EXPECT_UEQ(test, current->nvcsw, nvcsw);
	KTEST_EXPECT_TRUE(test, try_wait_for_completion(&c.comp));
	KTEST_EXPECT_TRUE(test, try_wait_for_completion(&c.comp));
	KTEST_EXPECT_TRUE(test, completion_done(&c.comp));
	stop_comp_waiters(&c, p);

	reinit_completion(&c.comp);
	KTEST_EXPECT_FALSE(test, completion_done(&c.comp));
}

/* complete() before anyone waits is counted, not lost (the kthread start-up handshake relies on
 * it); try_wait_for_completion() and completion_done() report the count without sleeping. */
static void complete_before_wait_is_not_lost(struct ktest *test)
{
	DECLARE_COMPLETION_ONSTACK(comp);
	unsigned long nvcsw;

	KTEST_EXPECT_FALSE(test, completion_done(&comp));
	KTEST_EXPECT_FALSE(test, try_wait_for_completion(&comp));
	complete(&comp);
	complete(&comp);
	KTEST_EXPECT_TRUE(test, completion_done(&comp));

	nvcsw = current->nvcsw;
	wait_for_completion(&comp);
	KTEST_EXPECT_UEQ(test, current->nvcsw, nvcsw);
	KTEST_EXPECT_TRUE(test, completion_done(&comp));
	KTEST_EXPECT_TRUE(test, try_wait_for_completion(&comp));
	KTEST_EXPECT_FALSE(test, completion_done(&comp));
	KTEST_EXPECT_FALSE(test, try_wait_for_completion(&comp));
}

static int complete_later_fn(void *data)
{
	struct comp_ctx *c = data;

	msleep(10);
	complete(&c->comp);
	return 0;
}

/* 0 after the timeout when nothing completes; the jiffies left (> 0) when something does. */
static void wait_for_completion_timeout_result(struct ktest *test)
{
	struct comp_ctx c = { };
	struct task_struct *p;
	unsigned long j0, j1, ret;
	struct tick_watch tw;

	init_completion(&c.comp);
	tick_watch_start(&tw);
	j0 = jiffies;
	ret = wait_for_completion_timeout(&c.comp, 20);
	j1 = jiffies;
	KTEST_EXPECT_UEQ(test, ret, 0);
	KTEST_EXPECT_UGE(test, j1 - j0, 20);
	KTEST_EXPECT_ULE(test, j1 - j0, 20 + late_slack(&tw));

	j0 = jiffies;
	p = start_waiter_thread(test, complete_later_fn, &c, "comp_later");
	ret = wait_for_completion_timeout(&c.comp, 1000);
	j1 = jiffies;
	stop_thread(p);
	KTEST_EXPECT_UGT(test, ret, 0);
	KTEST_EXPECT_ULE(test, ret, 995);
	KTEST_EXPECT_UGE(test, ret + (j1 - j0), 1000);
	KTEST_EXPECT_FALSE(test, completion_done(&c.comp));

	complete(&c.comp);
	KTEST_EXPECT_UEQ(test, wait_for_completion_timeout(&c.comp, 50), 50);
}

static int killable_waiter_fn(void *data)
{
	struct comp_ctx *c = data;

	allow_signal(SIGTERM);
	allow_signal(SIGKILL);
	c->ret = wait_for_completion_killable(&c->comp);
	count_up(&c->done);
	return 0;
}

/* A killable wait sleeps through an ordinary signal and ends with -ERESTARTSYS on SIGKILL. */
static void wait_for_completion_killable_sigkill(struct ktest *test)
{
	struct comp_ctx c = { };
	struct task_struct *p;

	init_completion(&c.comp);
	p = start_waiter_thread(test, killable_waiter_fn, &c, "comp_killable");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_KILLABLE));
	KTEST_EXPECT_EQ(test, send_sig(SIGTERM, p, 0), 0);
	msleep(10);
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_KILLABLE));
	KTEST_EXPECT_EQ(test, READ_ONCE(c.done), 0);

	KTEST_EXPECT_EQ(test, send_sig(SIGKILL, p, 0), 0);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	KTEST_EXPECT_EQ(test, c.ret, -ERESTARTSYS);
	KTEST_EXPECT_FALSE(test, completion_done(&c.comp));
	complete_all(&c.comp);
	stop_thread(p);
}

/* ---- Mutexes ---------------------------------------------------------------------------- */

#define NR_MUTEX_THREADS	4
#define MUTEX_LOOPS		20

struct mutex_ctx {
	struct mutex lock;
	int counter;
	int inside;
	int max_inside;
	int done;
	int ret;
	struct task_struct *owner_seen;
};

/* Read, sleep, write back: without mutual exclusion another thread's update in between is
 * lost, and two threads would be inside at once. */
static int mutex_counter_fn(void *data)
{
	struct mutex_ctx *c = data;
	int i, tmp, in;

	for (i = 0; i < MUTEX_LOOPS; i++) {
		mutex_lock(&c->lock);
		in = __atomic_add_fetch(&c->inside, 1, __ATOMIC_SEQ_CST);
		if (in > c->max_inside)
			c->max_inside = in;
		tmp = c->counter;
		if (i & 1)
			msleep(1);
		else
			schedule();
		c->counter = tmp + 1;
		__atomic_sub_fetch(&c->inside, 1, __ATOMIC_SEQ_CST);
		mutex_unlock(&c->lock);
	}
	count_up(&c->done);
	return 0;
}

static void mutex_excludes_sleeping_holders(struct ktest *test)
{
	struct task_struct *p[NR_MUTEX_THREADS];
	struct mutex_ctx c = { };
	int i;

	mutex_init(&c.lock);
	for (i = 0; i < NR_MUTEX_THREADS; i++)
		p[i] = start_waiter_thread(test, mutex_counter_fn, &c, "mutex_inc");
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, NR_MUTEX_THREADS));
	for (i = 0; i < NR_MUTEX_THREADS; i++)
		stop_thread(p[i]);
	KTEST_EXPECT_EQ(test, c.counter, NR_MUTEX_THREADS * MUTEX_LOOPS);
	KTEST_EXPECT_EQ(test, c.max_inside, 1);
	KTEST_EXPECT_FALSE(test, mutex_is_locked(&c.lock));
}

static int mutex_trylock_fn(void *data)
{
	struct mutex_ctx *c = data;

	c->ret = mutex_trylock(&c->lock);
	if (c->ret) {
		c->owner_seen = READ_ONCE(c->lock.owner);
		mutex_unlock(&c->lock);
	}
	count_up(&c->done);
	return 0;
}

/* mutex_trylock() takes a free mutex (1) and never waits for a held one (0), even its owner's. */
static void mutex_trylock_result(struct ktest *test)
{
	struct mutex_ctx c = { };
	struct task_struct *p;

	mutex_init(&c.lock);
	KTEST_EXPECT_EQ(test, mutex_trylock(&c.lock), 1);
	KTEST_EXPECT_TRUE(test, mutex_is_locked(&c.lock));
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(c.lock.owner), current);
	KTEST_EXPECT_EQ(test, mutex_trylock(&c.lock), 0);

	c.ret = -1;
	p = start_waiter_thread(test, mutex_trylock_fn, &c, "mutex_try");
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	stop_thread(p);
	KTEST_EXPECT_EQ(test, c.ret, 0);
	mutex_unlock(&c.lock);
	KTEST_EXPECT_FALSE(test, mutex_is_locked(&c.lock));

	p = start_waiter_thread(test, mutex_trylock_fn, &c, "mutex_try");
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 2));
	KTEST_EXPECT_EQ(test, c.ret, 1);
	KTEST_EXPECT_PTR_EQ(test, c.owner_seen, p);
	stop_thread(p);
	KTEST_EXPECT_FALSE(test, mutex_is_locked(&c.lock));
}

static int mutex_interruptible_fn(void *data)
{
	struct mutex_ctx *c = data;

	allow_signal(SIGTERM);
	c->ret = mutex_lock_interruptible(&c->lock);
	if (!c->ret) {
		c->owner_seen = READ_ONCE(c->lock.owner);
		mutex_unlock(&c->lock);
	}
	count_up(&c->done);
	return 0;
}

/* A signal ends mutex_lock_interruptible() with -EINTR and leaves the lock to its holder;
 * without one it sleeps until the unlock and returns 0 holding it. */
static void mutex_lock_interruptible_eintr(struct ktest *test)
{
	struct mutex_ctx c = { };
	struct task_struct *p;

	mutex_init(&c.lock);
	mutex_lock(&c.lock);
	c.ret = 1;
	p = start_waiter_thread(test, mutex_interruptible_fn, &c, "mutex_intr");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, send_sig(SIGTERM, p, 0), 0);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	KTEST_EXPECT_EQ(test, c.ret, -EINTR);
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(c.lock.owner), current);
	KTEST_EXPECT_TRUE(test, list_empty(&c.lock.wait_list));
	stop_thread(p);

	c.ret = 1;
	p = start_waiter_thread(test, mutex_interruptible_fn, &c, "mutex_intr");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	mutex_unlock(&c.lock);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 2));
	KTEST_EXPECT_EQ(test, c.ret, 0);
	KTEST_EXPECT_PTR_EQ(test, c.owner_seen, p);
	stop_thread(p);
	KTEST_EXPECT_FALSE(test, mutex_is_locked(&c.lock));
}

static int mutex_foreign_unlock_fn(void *data)
{
	struct mutex_ctx *c = data;

	mutex_unlock(&c->lock);
	count_up(&c->done);
	return 0;
}

/* Only the owner may unlock: anyone else gets a WARN and the mutex stays held. */
static void mutex_unlock_by_non_owner_warns(struct ktest *test)
{
	struct mutex_ctx c = { };
	struct task_struct *p;
	unsigned long warns;

	mutex_init(&c.lock);
	mutex_lock(&c.lock);
	warns = warn_count_read();
	p = start_waiter_thread(test, mutex_foreign_unlock_fn, &c, "mutex_thief");
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	stop_thread(p);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns + 1);
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(c.lock.owner), current);
	KTEST_EXPECT_EQ(test, mutex_trylock(&c.lock), 0);
	mutex_unlock(&c.lock);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns + 1);
	KTEST_EXPECT_FALSE(test, mutex_is_locked(&c.lock));
}

/* ---- Spinlocks and preemption ----------------------------------------------------------- */

/* _irqsave turns interrupts off and raises the preempt count; _irqrestore puts back exactly the
 * state it saved, so nesting (or taking one with interrupts already off) restores correctly. */
static void spin_lock_irqsave_state(struct ktest *test)
{
	spinlock_t a, b;
	unsigned long fa, fb, ticks;
	int pc = preempt_count();

	/* On the stack: initialised by call, so each has a class key (docs/locking.md). */
	spin_lock_init(&a);
	spin_lock_init(&b);

	KTEST_ASSERT_FALSE(test, irqs_disabled());
	spin_lock_irqsave(&a, fa);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	KTEST_EXPECT_EQ(test, preempt_count(), pc + 1);
	KTEST_EXPECT_TRUE(test, spin_is_locked(&a));
	KTEST_EXPECT_FALSE(test, spin_trylock(&a));
	KTEST_EXPECT_EQ(test, preempt_count(), pc + 1);
	/* No tick interrupt gets in while interrupts are off. */
	ticks = this_cpu_read(tick_count);
	mdelay(3);
	KTEST_EXPECT_UEQ(test, this_cpu_read(tick_count), ticks);

	spin_lock_irqsave(&b, fb);
	KTEST_EXPECT_EQ(test, preempt_count(), pc + 2);
	spin_unlock_irqrestore(&b, fb);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	KTEST_EXPECT_EQ(test, preempt_count(), pc + 1);
	spin_unlock_irqrestore(&a, fa);
	KTEST_EXPECT_FALSE(test, irqs_disabled());
	KTEST_EXPECT_EQ(test, preempt_count(), pc);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&a));
	/* With interrupts back on the tick resumes (within 100 ms even if the host stalls us). */
	for (int i = 0; i < 100 && this_cpu_read(tick_count) == ticks; i++)
		mdelay(1);
	KTEST_EXPECT_UGT(test, this_cpu_read(tick_count), ticks);

	local_irq_disable();
	spin_lock_irqsave(&a, fa);
	spin_unlock_irqrestore(&a, fa);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	local_irq_enable();

	spin_lock_irq(&a);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	KTEST_EXPECT_EQ(test, preempt_count(), pc + 1);
	spin_unlock_irq(&a);
	KTEST_EXPECT_FALSE(test, irqs_disabled());
	KTEST_EXPECT_EQ(test, preempt_count(), pc);
}

static int set_flag_fn(void *data)
{
	WRITE_ONCE(*(int *)data, 1);
	return 0;
}

/* A spinlock holder is not preempted, even by a woken FIFO thread and with the tick running;
 * the unlock's preempt_enable() is where that thread gets the CPU. */
static void spin_lock_holder_not_preempted(struct ktest *test)
{
	spinlock_t lock;
	struct task_struct *p;
	int ran = 0, inside, after;

	spin_lock_init(&lock);

	p = kthread_create(set_flag_fn, &ran, "spin_fifo");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	kthread_bind(p, smp_processor_id());
	sched_set_fifo(p);
	spin_lock(&lock);
	wake_up_process(p);
	mdelay(3);
	inside = READ_ONCE(ran);
	spin_unlock(&lock);
	after = READ_ONCE(ran);
	stop_thread(p);
	KTEST_EXPECT_EQ(test, inside, 0);
	KTEST_EXPECT_EQ(test, after, 1);
}

/* ---- Task states ------------------------------------------------------------------------ */

struct state_ctx {
	int armed;
	int go;
	unsigned int state_after;
	unsigned long nvcsw_before, nvcsw_after;
};

/* The sleeper's order: set the state, then (here, after a while) schedule(). A wake-up that came
 * in between made the task RUNNING again, so schedule() does not sleep and nothing is lost. */
static int state_then_schedule_fn(void *data)
{
	struct state_ctx *c = data;
	unsigned long end = jiffies + SETTLE_TICKS;

	set_current_state(TASK_UNINTERRUPTIBLE);
	WRITE_ONCE(c->armed, 1);
	while (!READ_ONCE(c->go) && time_before(jiffies, end))
		cpu_relax();
	c->state_after = READ_ONCE(current->__state);
	c->nvcsw_before = current->nvcsw;
	schedule();
	c->nvcsw_after = current->nvcsw;
	return 0;
}

static void set_current_state_semantics(struct ktest *test)
{
	struct state_ctx c = { };
	struct task_struct *p;
	unsigned long nvcsw;

	set_current_state(TASK_INTERRUPTIBLE);
	KTEST_EXPECT_UEQ(test, current->__state, TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, task_state_to_char(current), 'S');
	__set_current_state(TASK_RUNNING);
	KTEST_EXPECT_EQ(test, task_state_to_char(current), 'R');
	nvcsw = current->nvcsw;
	schedule();
	KTEST_EXPECT_UEQ(test, current->nvcsw, nvcsw);

	set_current_state(TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, wake_up_process(current), 1);
	KTEST_EXPECT_UEQ(test, current->__state, TASK_RUNNING);
	schedule();
	KTEST_EXPECT_UEQ(test, current->nvcsw, nvcsw);

	p = start_waiter_thread(test, state_then_schedule_fn, &c, "state_race");
	KTEST_EXPECT_TRUE(test, wait_count(&c.armed, 1));
	if (p) {
		KTEST_EXPECT_UEQ(test, READ_ONCE(p->__state), TASK_UNINTERRUPTIBLE);
		KTEST_EXPECT_EQ(test, wake_up_state(p, TASK_INTERRUPTIBLE), 0);
		KTEST_EXPECT_UEQ(test, READ_ONCE(p->__state), TASK_UNINTERRUPTIBLE);
		KTEST_EXPECT_EQ(test, wake_up_process(p), 1);
		KTEST_EXPECT_UEQ(test, READ_ONCE(p->__state), TASK_RUNNING);
		KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
	}
	WRITE_ONCE(c.go, 1);
	stop_thread(p);
	KTEST_EXPECT_UEQ(test, c.state_after, TASK_RUNNING);
	KTEST_EXPECT_UEQ(test, c.nvcsw_after, c.nvcsw_before);
}

/* ---- Timed sleeps ----------------------------------------------------------------------- */

/*
 * msleep(n) lasts at least n jiffies. Only jiffies are asserted: when the host delays tick
 * interrupts, jiffies lag the clock and catch up in one step at the next tick (as Linux's do),
 * so a sleep that starts on a stale jiffies value can be short in sched_clock time.
 */
static void msleep_sleeps_at_least(struct ktest *test)
{
	static const unsigned int ms[] = { 1, 5, 10 };
	struct tick_watch tw;
	unsigned long j0, j1;
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(ms); i++) {
		tick_watch_start(&tw);
		j0 = jiffies;
		msleep(ms[i]);
		j1 = jiffies;
		KTEST_EXPECT_UGE(test, j1 - j0, ms[i]);
		KTEST_EXPECT_ULE(test, j1 - j0, ms[i] + late_slack(&tw));
	}
}

struct msleep_ctx {
	int done;
	unsigned long left;
	unsigned long j_start, j_end;
};

static int msleep_interruptible_fn(void *data)
{
	struct msleep_ctx *c = data;

	allow_signal(SIGTERM);
	c->j_start = jiffies;
	c->left = msleep_interruptible(1000);
	c->j_end = jiffies;
	count_up(&c->done);
	return 0;
}

/* A signal ends msleep_interruptible() early; it returns the milliseconds it did not sleep. */
static void msleep_interruptible_returns_ms_left(struct ktest *test)
{
	struct msleep_ctx c = { };
	struct task_struct *p;
	unsigned long j0, slept;
	struct tick_watch tw;

	j0 = jiffies;
	KTEST_EXPECT_UEQ(test, msleep_interruptible(5), 0);
	KTEST_EXPECT_UGE(test, jiffies - j0, 5);

	tick_watch_start(&tw);
	p = start_waiter_thread(test, msleep_interruptible_fn, &c, "msleep_intr");
	KTEST_EXPECT_TRUE(test, wait_asleep(p, TASK_INTERRUPTIBLE));
	msleep(10);
	if (p)
		send_sig(SIGTERM, p, 0);
	KTEST_EXPECT_TRUE(test, wait_count(&c.done, 1));
	stop_thread(p);
	slept = c.j_end - c.j_start;
	KTEST_EXPECT_UGE(test, slept, 10);
	KTEST_EXPECT_UGT(test, c.left, 0);
	KTEST_EXPECT_ULE(test, c.left, 990);
	/* Slept plus left is what was asked (and the tick added for the partial first tick). */
	KTEST_EXPECT_UGE(test, c.left + slept, 1000);
	KTEST_EXPECT_ULE(test, c.left + slept, 1001 + late_slack(&tw));
}

/* usleep_range() sleeps at least @min microseconds, in whole ticks (jiffies, as msleep above). */
static void usleep_range_sleeps_at_least_min(struct ktest *test)
{
	static const unsigned long range[][2] = { { 100, 200 }, { 500, 1000 }, { 2000, 3000 } };
	struct tick_watch tw;
	unsigned long j0, j1;
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(range); i++) {
		tick_watch_start(&tw);
		j0 = jiffies;
		usleep_range(range[i][0], range[i][1]);
		j1 = jiffies;
		KTEST_EXPECT_UGE(test, j1 - j0, DIV_ROUND_UP(range[i][0], 1000));
		KTEST_EXPECT_ULE(test, j1 - j0, range[i][1] / 1000 + late_slack(&tw));
	}
}

#define YIELD_LOOPS	8

struct yield_ctx {
	int idx;
	char log[2 * YIELD_LOOPS + 1];
};

struct yield_arg {
	struct yield_ctx *c;
	char id;
};

static int yield_fn(void *data)
{
	struct yield_arg *a = data;
	int i;

	for (i = 0; i < YIELD_LOOPS; i++) {
		a->c->log[a->c->idx++] = a->id;
		yield();
	}
	return 0;
}

/* Two FIFO threads of one priority on one CPU: yield() hands the CPU to the other each time. */
static void yield_alternates_equal_fifo(struct ktest *test)
{
	struct yield_ctx c = { };
	struct yield_arg a[2] = { { &c, 'A' }, { &c, 'B' } };
	struct task_struct *p[2] = { };
	unsigned int cpu = TEST_CPU;
	int i;

	/* The case shares the CPU, so its preempt_enable() lets A run at once, B queued behind. */
	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	for (i = 0; i < 2; i++) {
		p[i] = kthread_create(yield_fn, &a[i], "yield_%c", a[i].id);
		if (IS_ERR(p[i])) {
			KTEST_FAIL(test, "kthread_create: %ld", PTR_ERR(p[i]));
			p[i] = NULL;
			stop_thread(p[0]);
			sched_test_leave();
			return;
		}
		get_task_struct(p[i]);
		kthread_bind(p[i], cpu);
		sched_set_fifo(p[i]);
	}
	/* Both queued before either runs: A first, B behind it. */
	preempt_disable();
	wake_up_process(p[0]);
	wake_up_process(p[1]);
	preempt_enable();
	for (i = 0; i < 2; i++)
		stop_thread(p[i]);
	sched_test_leave();
	KTEST_EXPECT_EQ(test, c.idx, 2 * YIELD_LOOPS);
	KTEST_EXPECT_STREQ(test, c.log, "ABABABABABABABAB");
}

static struct ktest_case wait_cases[] = {
	KTEST_CASE(wait_event_sleeps_until_condition),
	KTEST_CASE(wait_event_interruptible_condition_or_signal),
	KTEST_CASE(wait_event_timeout_returns_jiffies_left),
	KTEST_CASE(wake_up_one_exclusive_wake_up_all_every),
	KTEST_CASE(wake_up_interruptible_skips_uninterruptible),
	KTEST_CASE(complete_wakes_exactly_one),
	KTEST_CASE(complete_all_wakes_all_and_stays_done),
	KTEST_CASE(complete_before_wait_is_not_lost),
	KTEST_CASE(wait_for_completion_timeout_result),
	KTEST_CASE(wait_for_completion_killable_sigkill),
	KTEST_CASE(mutex_excludes_sleeping_holders),
	KTEST_CASE(mutex_trylock_result),
	KTEST_CASE(mutex_lock_interruptible_eintr),
	KTEST_CASE(mutex_unlock_by_non_owner_warns),
	KTEST_CASE(spin_lock_irqsave_state),
	KTEST_CASE(spin_lock_holder_not_preempted),
	KTEST_CASE(set_current_state_semantics),
	KTEST_CASE(msleep_sleeps_at_least),
	KTEST_CASE(msleep_interruptible_returns_ms_left),
	KTEST_CASE(usleep_range_sleeps_at_least_min),
	KTEST_CASE(yield_alternates_equal_fifo),
	{}
};

static struct ktest_suite wait_suite = {
	.name = "wait",
	.cases = wait_cases,
};
ktest_register_suite(wait_suite);
