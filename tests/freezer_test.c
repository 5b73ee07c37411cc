/* Self-tests for the freezer (suite "freezer", docs/freezer.md): who is freezable, the two ways
 * into TASK_FROZEN (try_to_freeze() and a freezable sleep), kthread_freezable_should_stop(),
 * a thread that refuses and the report naming it, and the pm_test rehearsal through the
 * /sys/power files with their errors. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <asm/tsc.h>
#include <ktest.h>
#include "../kernel/power/power.h"
#include "sched_test_util.h"

#define FREEZER_LOG_SIZE	16384
/* The refusal case's freeze_timeout_msecs: Linux's 20 s would outlast the case's timeout. */
#define REFUSE_TIMEOUT_MS	300

size_t log_buf_copy(char *dst, size_t size);

/* How a test thread starts: freezable (it calls set_freezable()), and how try_fn sleeps. */
#define FT_FREEZABLE	0x1
#define FT_LONG_SLEEP	0x2	/* until woken: freeze_task() wakes it to try_to_freeze() */

/* What a test thread shares with its case. */
struct fthread {
	struct task_struct *task;
	unsigned int flags;		/* FT_* */
	unsigned long loops;		/* passes of its loop */
	unsigned long thawed;		/* times it was told it had been frozen */
	bool nofreeze_at_start;		/* PF_NOFREEZE as the thread started */
	bool nofreeze_after;		/* PF_NOFREEZE after set_freezable() */
	bool started;
	/* wait_fn */
	wait_queue_head_t wq;
	bool go;
	unsigned long returns;		/* times its wait returned */
	long last_ret;
	/* stop_fn: freezing(current), then kthread_freezable_should_stop()'s answers */
	bool freezing_seen;
	bool stop_ret;
	bool was_frozen;
};

static void fthread_start(struct fthread *f)
{
	WRITE_ONCE(f->nofreeze_at_start, !!(current->flags & PF_NOFREEZE));
	if (f->flags & FT_FREEZABLE)
		set_freezable();
	WRITE_ONCE(f->nofreeze_after, !!(current->flags & PF_NOFREEZE));
	WRITE_ONCE(f->started, true);
}

/* Loops with try_to_freeze() at its top and a sleep that is not itself freezable: a tick, or
 * (FT_LONG_SLEEP) until woken. */
static int try_fn(void *data)
{
	struct fthread *f = data;

	fthread_start(f);
	while (!kthread_should_stop()) {
		if (try_to_freeze())
			WRITE_ONCE(f->thawed, f->thawed + 1);
		WRITE_ONCE(f->loops, f->loops + 1);
		schedule_timeout_interruptible(f->flags & FT_LONG_SLEEP ? MAX_SCHEDULE_TIMEOUT : 1);
	}
	return 0;
}

/* Freezable, but never calls try_to_freeze(): it sleeps uninterruptibly, a tick at a time. */
static int refuse_fn(void *data)
{
	struct fthread *f = data;

	fthread_start(f);
	while (!kthread_should_stop()) {
		WRITE_ONCE(f->loops, f->loops + 1);
		schedule_timeout_uninterruptible(1);
	}
	return 0;
}

/* Waits in wait_event_freezable_timeout() for go, with a timeout that does not end the case. */
static int wait_fn(void *data)
{
	struct fthread *f = data;

	fthread_start(f);
	while (!kthread_should_stop()) {
		long ret = wait_event_freezable_timeout(f->wq, READ_ONCE(f->go) ||
							kthread_should_stop(), 20 * HZ);

		WRITE_ONCE(f->last_ret, ret);
		WRITE_ONCE(f->returns, f->returns + 1);
		if (READ_ONCE(f->go))
			break;
	}
	return sleep_until_stopped(0);
}

/* The kthread_freezable_should_stop() loop; returns how many times it was frozen. */
static int should_stop_fn(void *data)
{
	struct fthread *f = data;
	bool was_frozen;

	fthread_start(f);
	while (!kthread_freezable_should_stop(&was_frozen)) {
		if (was_frozen)
			WRITE_ONCE(f->thawed, f->thawed + 1);
		WRITE_ONCE(f->loops, f->loops + 1);
		schedule_timeout_interruptible(1);
	}
	return 100 + f->thawed;
}

/* Refuses to freeze until asked to stop, then asks kthread_freezable_should_stop(). */
static int stop_fn(void *data)
{
	struct fthread *f = data;

	fthread_start(f);
	while (!kthread_should_stop()) {
		WRITE_ONCE(f->loops, f->loops + 1);
		schedule_timeout_uninterruptible(1);
	}
	f->freezing_seen = freezing(current);
	f->stop_ret = kthread_freezable_should_stop(&f->was_frozen);
	return 0;
}

/* Poll @cond every millisecond for up to @ms; its last value. */
#define wait_for(cond, ms)						\
({									\
	unsigned long __end = jiffies + msecs_to_jiffies(ms);		\
	while (!(cond) && time_before(jiffies, __end))			\
		msleep(1);						\
	(cond);								\
})

/* What a case changes and its exit puts back, even after a failed ASSERT. */
static struct {
	unsigned int freeze_timeout_msecs;
	int pm_test_level;
	unsigned int pm_test_delay;
	bool frozen;			/* freeze_all() succeeded, thaw_all() not yet called */
	unsigned int sleep_flags;
} saved;

static struct fthread *fthread_run(struct ktest *test, int (*fn)(void *), unsigned int flags,
				   const char *name)
{
	struct fthread *f = kzalloc(sizeof(*f), GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, f);
	init_waitqueue_head(&f->wq);
	f->flags = flags;
	f->task = kthread_run(fn, f, "%s", name);
	if (IS_ERR(f->task)) {
		long err = PTR_ERR(f->task);

		kfree(f);
		KTEST_ASSERT_EQ(test, err, 0);
	}
	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(f->started), 5000));
	return f;
}

/* Stop @f's thread; its fields stay readable until kfree(). */
static int fthread_stop_keep(struct fthread *f)
{
	return kthread_stop(f->task);
}

static int fthread_stop(struct fthread *f)
{
	int ret = fthread_stop_keep(f);

	kfree(f);
	return ret;
}

/* A suspend's freeze, as enter_state() makes it: user space, then the freezable kthreads. */
static int freeze_all(void)
{
	unsigned int flags = lock_system_sleep();
	int err = suspend_freeze_processes();

	if (err) {
		unlock_system_sleep(flags);
		return err;
	}
	saved.sleep_flags = flags;
	saved.frozen = true;
	return 0;
}

static void thaw_all(void)
{
	saved.frozen = false;
	suspend_thaw_processes();
	unlock_system_sleep(saved.sleep_flags);
}

/* Is @p asleep in @fn (its wchan, the first caller outside the scheduler)? */
static bool wchan_is(struct task_struct *p, const char *fn)
{
	unsigned long wchan = get_wchan(p);
	size_t n = strlen(fn);
	char sym[128];

	if (!wchan)
		return false;
	sprint_symbol(sym, sizeof(sym), wchan);
	return !strncmp(sym, fn, n) && sym[n] == '+';
}

/* The log's newest text, NUL-terminated, for the caller to kfree(); NULL without memory. */
static char *log_copy(void)
{
	char *log = kmalloc(FREEZER_LOG_SIZE, GFP_KERNEL);

	if (log)
		log[log_buf_copy(log, FREEZER_LOG_SIZE - 1)] = '\0';
	return log;
}

/* "N.NNN" at @s, as the freezer prints an elapsed time: 0, or -EINVAL. */
static int parse_secs(const char *s, unsigned int *secs, unsigned int *msecs)
{
	*secs = 0;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9')
		*secs = *secs * 10 + (*s++ - '0');
	if (*s++ != '.')
		return -EINVAL;
	*msecs = 0;
	for (int i = 0; i < 3; i++, s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		*msecs = *msecs * 10 + (*s - '0');
	}
	return 0;
}

/* The last occurrence of @needle in @hay, or NULL. */
static char *strrstr(char *hay, const char *needle)
{
	char *last = NULL;

	for (char *at = strstr(hay, needle); at; at = strstr(at + 1, needle))
		last = at;
	return last;
}

/* kthreadd has PF_NOFREEZE and its children inherit it, until they call set_freezable(). */
static void kthreads_start_nofreeze(struct ktest *test)
{
	struct task_struct *init = find_task_by_pid(1);
	struct fthread *plain, *fz;

	KTEST_EXPECT_TRUE(test, kthreadd_task->flags & PF_NOFREEZE);
	/* kernel_init is not kthreadd's child and not a kernel thread: freezable. */
	KTEST_ASSERT_NOT_NULL(test, init);
	KTEST_EXPECT_FALSE(test, init->flags & PF_NOFREEZE);
	put_task_struct(init);

	plain = fthread_run(test, try_fn, 0, "freezer_plain");
	fz = fthread_run(test, try_fn, FT_FREEZABLE, "freezer_frz");
	KTEST_EXPECT_TRUE(test, plain->nofreeze_at_start);
	KTEST_EXPECT_TRUE(test, plain->nofreeze_after);
	KTEST_EXPECT_TRUE(test, fz->nofreeze_at_start);
	KTEST_EXPECT_FALSE(test, fz->nofreeze_after);
	KTEST_EXPECT_FALSE(test, fz->task->flags & PF_NOFREEZE);
	/* No freeze in effect: nobody is freezing, not even a freezable thread. */
	KTEST_EXPECT_FALSE(test, freezing(fz->task));
	fthread_stop(plain);
	fthread_stop(fz);
}

/*
 * A freezable thread stops in try_to_freeze() (the refrigerator, ps D) for the freeze and runs
 * on after the thaw; an unfreezable one keeps looping all along. The freezable one sleeps until
 * woken: freeze_task()'s wake-up is what brings it to try_to_freeze().
 */
static void freezable_stops_nonfreezable_runs(struct ktest *test)
{
	struct fthread *f = fthread_run(test, try_fn, FT_FREEZABLE | FT_LONG_SLEEP, "freezer_frz");
	struct fthread *n = fthread_run(test, try_fn, 0, "freezer_plain");
	unsigned long f_loops = 0, n_loops;
	int err;

	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(f->loops) > 0, 1000));
	err = freeze_all();
	KTEST_EXPECT_EQ(test, err, 0);
	if (!err) {
		KTEST_EXPECT_TRUE(test, freezing(f->task));
		KTEST_EXPECT_TRUE(test, frozen(f->task));
		KTEST_EXPECT_EQ(test, task_state_to_char(f->task), 'D');
		KTEST_EXPECT_TRUE(test, wchan_is(f->task, "__refrigerator"));
		KTEST_EXPECT_FALSE(test, freezing(n->task));
		KTEST_EXPECT_FALSE(test, frozen(n->task));
		f_loops = READ_ONCE(f->loops);
		n_loops = READ_ONCE(n->loops);
		msleep(50);
		KTEST_EXPECT_EQ(test, READ_ONCE(f->loops), f_loops);
		KTEST_EXPECT_GT(test, READ_ONCE(n->loops), n_loops);
		ktest_info(test, "during 50 ms frozen: the unfreezable thread looped %lu times",
			   READ_ONCE(n->loops) - n_loops);
		thaw_all();
	}
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(f->loops) > f_loops, 1000));
	KTEST_EXPECT_FALSE(test, frozen(f->task));
	KTEST_EXPECT_EQ(test, READ_ONCE(f->thawed), 1);
	KTEST_EXPECT_EQ(test, READ_ONCE(n->thawed), 0);
	fthread_stop(f);
	fthread_stop(n);
}

/*
 * Linux 6.1: a thread in wait_event_freezable_timeout() is frozen where it sleeps, not woken
 * into the refrigerator; a wake-up during the freeze does not end TASK_FROZEN; the thaw sends
 * it round its loop, where it finds its condition true with time left.
 */
static void freezable_wait_frozen_in_place(struct ktest *test)
{
	struct fthread *w = fthread_run(test, wait_fn, FT_FREEZABLE, "freezer_wait");
	int err;

	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(w->task->__state) & TASK_FREEZABLE, 1000));
	err = freeze_all();
	KTEST_EXPECT_EQ(test, err, 0);
	if (!err) {
		KTEST_EXPECT_TRUE(test, frozen(w->task));
		KTEST_EXPECT_EQ(test, task_state_to_char(w->task), 'D');
		KTEST_EXPECT_TRUE(test, wchan_is(w->task, "wait_fn"));
		KTEST_EXPECT_EQ(test, READ_ONCE(w->returns), 0);
		WRITE_ONCE(w->go, true);
		wake_up(&w->wq);
		msleep(20);
		KTEST_EXPECT_TRUE(test, frozen(w->task));
		KTEST_EXPECT_EQ(test, READ_ONCE(w->returns), 0);
		thaw_all();
	} else {
		WRITE_ONCE(w->go, true);
		wake_up(&w->wq);
	}
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(w->returns) == 1, 1000));
	KTEST_EXPECT_GT(test, READ_ONCE(w->last_ret), 0);
	fthread_stop(w);
}

/* kthread_freezable_should_stop() freezes the thread in the refrigerator, says so after the
 * thaw, and returns true on kthread_stop(). */
static void freezable_should_stop_freezes(struct ktest *test)
{
	struct fthread *k = fthread_run(test, should_stop_fn, FT_FREEZABLE, "freezer_kfss");
	unsigned long loops = 0;
	int err;

	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(k->loops) > 0, 1000));
	err = freeze_all();
	KTEST_EXPECT_EQ(test, err, 0);
	if (!err) {
		KTEST_EXPECT_TRUE(test, frozen(k->task));
		KTEST_EXPECT_TRUE(test, wchan_is(k->task, "__refrigerator"));
		loops = READ_ONCE(k->loops);
		msleep(30);
		KTEST_EXPECT_EQ(test, READ_ONCE(k->loops), loops);
		thaw_all();
	}
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(k->loops) > loops, 1000));
	KTEST_EXPECT_EQ(test, READ_ONCE(k->thawed), 1);
	KTEST_EXPECT_EQ(test, fthread_stop(k), 101);
}

struct freeze_helper {
	int err;
	struct completion done;
};

/* A suspend's freeze and thaw in a thread of its own, so its caller can act meanwhile. */
static int freeze_helper_fn(void *data)
{
	struct freeze_helper *h = data;
	unsigned int flags = lock_system_sleep();

	h->err = suspend_freeze_processes();
	if (!h->err)
		suspend_thaw_processes();
	unlock_system_sleep(flags);
	complete(&h->done);
	return sleep_until_stopped(0);
}

/*
 * A thread asked to stop while a freeze covers it is not frozen by
 * kthread_freezable_should_stop(): it returns true at once, so kthread_stop() does not wait
 * out the freeze (which here could not end without the thread).
 */
static void freezable_should_stop_wins_over_freezing(struct ktest *test)
{
	struct fthread *s = fthread_run(test, stop_fn, FT_FREEZABLE, "freezer_stop");
	struct freeze_helper h = { 0 };
	struct task_struct *helper;

	init_completion(&h.done);
	helper = kthread_run(freeze_helper_fn, &h, "freezer_helper");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, helper);
	/* The helper has frozen user space and asks the kernel threads now. */
	KTEST_EXPECT_TRUE(test, wait_for(freezing(s->task), 5000));
	fthread_stop_keep(s);
	KTEST_EXPECT_TRUE(test, wait_for_completion_timeout(&h.done, 10 * HZ) > 0);
	KTEST_EXPECT_EQ(test, h.err, 0);
	KTEST_EXPECT_TRUE(test, s->freezing_seen);
	KTEST_EXPECT_TRUE(test, s->stop_ret);
	KTEST_EXPECT_FALSE(test, s->was_frozen);
	kfree(s);
	kthread_stop(helper);
}

/*
 * A freezable thread that never calls try_to_freeze() and sleeps uninterruptibly fails the
 * freeze after freeze_timeout_msecs (shortened here from Linux's 20 s), with Linux's report
 * naming it and no other; everything is thawed again.
 */
static void refusing_thread_fails_freeze(struct ktest *test)
{
	struct fthread *r = fthread_run(test, refuse_fn, FT_FREEZABLE, "freezer_refuse");
	struct fthread *f = fthread_run(test, try_fn, FT_FREEZABLE, "freezer_frz");
	struct fthread *n = fthread_run(test, try_fn, 0, "freezer_plain");
	unsigned int secs = 0, msecs = 0, waited;
	struct task_struct *init;
	unsigned long start;
	char *log, *at, *refusing;
	int err;

	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(f->loops) > 0, 1000));
	freeze_timeout_msecs = REFUSE_TIMEOUT_MS;
	start = jiffies;
	err = freeze_all();
	if (!err)
		thaw_all();
	waited = jiffies_to_msecs(jiffies - start);
	KTEST_EXPECT_EQ(test, err, -EBUSY);
	KTEST_EXPECT_GE(test, waited, REFUSE_TIMEOUT_MS);

	log = log_copy();
	KTEST_ASSERT_NOT_NULL(test, log);
	at = strrstr(log, "Freezing of tasks failed after ");
	KTEST_EXPECT_NOT_NULL(test, at);
	if (at) {
		KTEST_EXPECT_EQ(test, parse_secs(at + strlen("Freezing of tasks failed after "),
						 &secs, &msecs), 0);
		ktest_info(test, "the report says %u.%03u s, jiffies %u ms", secs, msecs, waited);
		/* Its clock is read on the CPUs the freezer ran on, whose clocks may differ a little. */
		KTEST_EXPECT_GE(test, secs * 1000 + msecs, REFUSE_TIMEOUT_MS - 50);
		/*
		 * The count is of the tasks still unfrozen at the freezer's last look, the list
		 * of those still unfrozen when it prints: freezer_frz, late to its
		 * try_to_freeze() on a busy host, can be counted and then freeze before the list
		 * ("2 tasks refusing", one listed). Never more than the two freezable threads.
		 */
		refusing = strstr(at, " seconds (");
		KTEST_EXPECT_NOT_NULL(test, refusing);
		if (refusing) {
			refusing += strlen(" seconds (");
			KTEST_EXPECT_TRUE(test, *refusing == '1' || *refusing == '2');
			KTEST_EXPECT_NOT_NULL(test, strstr(refusing, " tasks refusing to freeze, "
							   "wq_busy=0):\n"));
			KTEST_EXPECT_PTR_EQ(test, strstr(refusing, " tasks refusing"), refusing + 1);
		}
		KTEST_EXPECT_NOT_NULL(test, strstr(at, "task:freezer_refuse "));
		KTEST_EXPECT_NULL(test, strstr(at, "task:freezer_frz "));
		KTEST_EXPECT_NULL(test, strstr(at, "task:freezer_plain "));
		at = strstr(at, "Restarting kernel threads ... done.\n");
		KTEST_EXPECT_NOT_NULL(test, at);
		KTEST_EXPECT_NOT_NULL(test, at ? strstr(at, "Restarting tasks ... done.\n") : NULL);
	}
	kfree(log);

	/* Everything thawed: the freezer off, the frozen thread and init running again. */
	KTEST_EXPECT_FALSE(test, pm_freezing);
	KTEST_EXPECT_FALSE(test, pm_nosig_freezing);
	KTEST_EXPECT_EQ(test, freezer_active, 0);
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(f->thawed) == 1, 1000));
	KTEST_EXPECT_FALSE(test, frozen(f->task));
	init = find_task_by_pid(1);
	KTEST_ASSERT_NOT_NULL(test, init);
	KTEST_EXPECT_FALSE(test, frozen(init));
	put_task_struct(init);
	fthread_stop(r);
	fthread_stop(f);
	fthread_stop(n);
}

/* ---- Freezable workqueues --------------------------------------------------------------- */

/* A work that counts its runs and, while @hold is set, stays in flight. */
struct fwork {
	struct work_struct work;
	int runs;
	bool entered;
	bool hold;
};

static void fwork_fn(struct work_struct *work)
{
	struct fwork *w = container_of(work, struct fwork, work);

	WRITE_ONCE(w->entered, true);
	while (READ_ONCE(w->hold))
		msleep(1);
	WRITE_ONCE(w->runs, w->runs + 1);
}

static void fwork_init(struct fwork *w)
{
	memset(w, 0, sizeof(*w));
	INIT_WORK(&w->work, fwork_fn);
}

/*
 * During a freeze a work queued on system_freezable_wq stays pending (inactive: its pwq's
 * max_active is 0) and runs after the thaw; one queued on system_wq runs at once.
 */
static void freezable_wq_waits_for_thaw(struct ktest *test)
{
	struct fwork fz, plain;

	fwork_init(&fz);
	fwork_init(&plain);
	KTEST_ASSERT_EQ(test, freeze_all(), 0);
	queue_work(system_freezable_wq, &fz.work);
	queue_work(system_wq, &plain.work);
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(plain.runs) == 1, 1000));
	/* Long enough for a kworker to have run it, had it been let through. */
	msleep(100);
	KTEST_EXPECT_EQ(test, READ_ONCE(fz.runs), 0);
	KTEST_EXPECT_TRUE(test, work_pending(&fz.work));
	thaw_all();
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(fz.runs) == 1, 1000));
	flush_work(&fz.work);
	flush_work(&plain.work);
}

/*
 * A freezable work still in flight when the freeze times out fails freeze_kernel_threads() with
 * Linux's report (wq_busy=1, no task refusing) and the busy workqueue shown; the workqueues are
 * thawed again with the kernel threads, so a new freezable work runs.
 */
static void freezable_work_in_flight_fails_freeze(struct ktest *test)
{
	struct fwork busy, after;
	char *log, *at;
	int err;

	fwork_init(&busy);
	fwork_init(&after);
	busy.hold = true;
	queue_work(system_freezable_wq, &busy.work);
	KTEST_ASSERT_TRUE(test, wait_for(READ_ONCE(busy.entered), 1000));
	freeze_timeout_msecs = REFUSE_TIMEOUT_MS;
	err = freeze_all();
	if (!err)
		thaw_all();
	WRITE_ONCE(busy.hold, false);
	KTEST_EXPECT_EQ(test, err, -EBUSY);

	log = log_copy();
	KTEST_ASSERT_NOT_NULL(test, log);
	at = strrstr(log, "Freezing of tasks failed after ");
	KTEST_EXPECT_NOT_NULL(test, at);
	if (at) {
		KTEST_EXPECT_NOT_NULL(test, strstr(at, " seconds (0 tasks refusing to freeze, "
						       "wq_busy=1):\n"));
		KTEST_EXPECT_NOT_NULL(test, strstr(at, "workqueue events_freezable: "));
		KTEST_EXPECT_NOT_NULL(test, strstr(at, "Restarting kernel threads ... done.\n"));
	}
	kfree(log);

	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(busy.runs) == 1, 1000));
	queue_work(system_freezable_wq, &after.work);
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(after.runs) == 1, 1000));
	flush_work(&busy.work);
	flush_work(&after.work);
}

/* Write @text to @path (the console's echo > does the same call): the write's result. */
static ssize_t write_file(const char *path, const char *text)
{
	return proc_write_path(path, text, strlen(text));
}

/* Does the file at @path read exactly @text? */
static bool file_reads(const char *path, const char *text)
{
	char *buf;
	ssize_t n = proc_read_path(path, &buf);
	bool same;

	if (n < 0)
		return false;
	same = !strcmp(buf, text);
	kfree(buf);
	return same;
}

struct state_writer {
	ssize_t ret;
	unsigned int msecs;		/* how long the write took */
	struct completion done;
};

/*
 * echo mem > /sys/power/state, in a thread of its own so the case can watch meanwhile. The
 * write's length is read on the TSC, the clock the rehearsal's mdelay() counts: jiffies
 * follow CPU 0's tick, which a busy host delays, and read 998 ms across the 1000 ms wait.
 */
static int state_writer_fn(void *data)
{
	struct state_writer *w = data;
	u64 start = rdtsc_ordered();

	w->ret = write_file("/sys/power/state", "mem\n");
	w->msecs = (rdtsc_ordered() - start) / READ_ONCE(tsc_khz);
	complete(&w->done);
	return sleep_until_stopped(0);
}

/*
 * pm_test "freezer" and "mem" into /sys/power/state: the freezable thread is frozen during the
 * write, the write waits pm_test_delay (1 s here, Linux's 5 by default), returns its count and
 * leaves the thread thawed; the log has Linux's lines in Linux's order.
 */
static void pm_test_freezer_rehearsal(struct ktest *test)
{
	static const char *const lines[] = {
		"PM: suspend entry (deep)\n",
		"Freezing user space processes\n",
		"Freezing user space processes completed (elapsed ",
		"Freezing remaining freezable tasks\n",
		"Freezing remaining freezable tasks completed (elapsed ",
		"PM: suspend debug: Waiting for 1 second(s).\n",
		"Restarting tasks ... done.\n",
		"PM: suspend exit\n",
	};
	struct fthread *f = fthread_run(test, try_fn, FT_FREEZABLE, "freezer_frz");
	struct state_writer w = { 0 };
	struct task_struct *writer;
	char *log, *at;

	KTEST_EXPECT_EQ(test, write_file("/sys/module/suspend/parameters/pm_test_delay", "1\n"), 2);
	KTEST_EXPECT_EQ(test, pm_test_delay, 1);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "freezer\n"), 8);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/power/pm_test",
					   "none core processors platform devices [freezer]\n"));

	init_completion(&w.done);
	writer = kthread_run(state_writer_fn, &w, "freezer_echo");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, writer);
	KTEST_EXPECT_TRUE(test, wait_for(frozen(f->task), 5000));
	KTEST_EXPECT_TRUE(test, wait_for_completion_timeout(&w.done, 20 * HZ) > 0);
	KTEST_EXPECT_EQ(test, w.ret, 4);
	KTEST_EXPECT_GE(test, w.msecs, 1000);
	KTEST_EXPECT_TRUE(test, wait_for(READ_ONCE(f->thawed) == 1, 1000));
	KTEST_EXPECT_FALSE(test, frozen(f->task));
	kthread_stop(writer);

	log = log_copy();
	KTEST_ASSERT_NOT_NULL(test, log);
	at = strrstr(log, lines[0]);
	for (size_t i = 1; at && i < ARRAY_SIZE(lines); i++) {
		at = strstr(at, lines[i]);
		if (!at)
			ktest_info(test, "not found in order: %s", lines[i]);
	}
	KTEST_EXPECT_NOT_NULL(test, at);
	kfree(log);

	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "none\n"), 5);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/power/pm_test",
					   "[none] core processors platform devices freezer\n"));
	fthread_stop(f);
}

/*
 * Spindle cannot suspend: without the rehearsal "mem" and "freeze" are refused with -EINVAL
 * (Linux's answer for a state the platform cannot enter), between Linux's entry and exit lines
 * and before freezing anything. A transition under way makes a second one -EBUSY.
 */
static void suspend_refused_without_rehearsal(struct ktest *test)
{
	static const char *const levels[] = { "none\n", "core\n", "devices\n" };
	char *log, *at;

	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", levels[i]),
				(ssize_t)strlen(levels[i]));
		KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "mem\n"), -EINVAL);
		KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "freeze\n"), -EINVAL);
	}
	log = log_copy();
	KTEST_ASSERT_NOT_NULL(test, log);
	at = strrstr(log, "PM: suspend entry (s2idle)\n");
	KTEST_EXPECT_NOT_NULL(test, at);
	KTEST_EXPECT_NOT_NULL(test, at ? strstr(at, "PM: suspend exit\n") : NULL);
	KTEST_EXPECT_NULL(test, at ? strstr(at, "Freezing") : NULL);
	kfree(log);

	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "freezer\n"), 8);
	mutex_lock(&system_transition_mutex);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "mem\n"), -EBUSY);
	mutex_unlock(&system_transition_mutex);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "none\n"), 5);
}

/* What the /sys files read, and Linux's errors for what they do not take. */
static void sysfs_reads_and_bad_writes(struct ktest *test)
{
	char text[16];

	KTEST_EXPECT_TRUE(test, file_reads("/sys/power/state", "freeze mem\n"));
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "none\n"), 5);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/power/pm_test",
					   "[none] core processors platform devices freezer\n"));
	snprintf(text, sizeof(text), "%u\n", freeze_timeout_msecs);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/power/pm_freeze_timeout", text));
	snprintf(text, sizeof(text), "%u\n", pm_test_delay);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/module/suspend/parameters/pm_test_delay", text));

	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "bogus\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "freeze\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "freezerx\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_test", "\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, pm_test_level, TEST_NONE);

	KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "standby\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "memx\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/state", "disk\n"), -ENOSYS);

	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_freeze_timeout", "abc\n"), -EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/power/pm_freeze_timeout", "1500\n"), 5);
	KTEST_EXPECT_EQ(test, freeze_timeout_msecs, 1500);
	KTEST_EXPECT_EQ(test, write_file("/sys/module/suspend/parameters/pm_test_delay", "x\n"),
			-EINVAL);
	KTEST_EXPECT_EQ(test, write_file("/sys/module/suspend/parameters/pm_test_delay", "-1\n"),
			-EINVAL);
	KTEST_EXPECT_TRUE(test, file_reads("/sys/module/suspend/parameters/pm_test_delay", text));
}

static int freezer_test_init(struct ktest *test)
{
	saved.freeze_timeout_msecs = freeze_timeout_msecs;
	saved.pm_test_level = pm_test_level;
	saved.pm_test_delay = pm_test_delay;
	saved.frozen = false;
	return 0;
}

/* A case that ended (a failed ASSERT) with the freeze on thaws here, then puts back what the
 * cases change. */
static void freezer_test_exit(struct ktest *test)
{
	if (saved.frozen)
		thaw_all();
	freeze_timeout_msecs = saved.freeze_timeout_msecs;
	pm_test_level = saved.pm_test_level;
	pm_test_delay = saved.pm_test_delay;
}

static struct ktest_case freezer_cases[] = {
	KTEST_CASE(kthreads_start_nofreeze),
	KTEST_CASE(freezable_stops_nonfreezable_runs),
	KTEST_CASE(freezable_wait_frozen_in_place),
	KTEST_CASE(freezable_should_stop_freezes),
	KTEST_CASE(freezable_should_stop_wins_over_freezing),
	KTEST_CASE(refusing_thread_fails_freeze),
	KTEST_CASE(freezable_wq_waits_for_thaw),
	KTEST_CASE(freezable_work_in_flight_fails_freeze),
	KTEST_CASE_TIMEOUT(pm_test_freezer_rehearsal, 30),
	KTEST_CASE(suspend_refused_without_rehearsal),
	KTEST_CASE(sysfs_reads_and_bad_writes),
	{}
};

static struct ktest_suite freezer_suite = {
	.name = "freezer",
	.cases = freezer_cases,
	.init = freezer_test_init,
	.exit = freezer_test_exit,
};
ktest_register_suite(freezer_suite);
