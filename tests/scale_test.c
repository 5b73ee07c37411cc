/* Self-tests at scale (suite "scale"): many threads, 10,000 kernel threads
 * created, all asleep, listed by the console's ps and stopped again, nothing leaked (1,000 on
 * the matrix rows, 10,000 on the scale10k row). */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <asm/hardirq.h>
#include <asm/pgtable.h>
#include <ktest.h>
#include "sched_test_util.h"

/*
 * The goal is 10,000; under TCG every creation and stop on a machine of several CPUs
 * costs host time that a loaded host may stretch to 5 ms (docs/testing.md), which would add
 * minutes to a row. So the matrix rows make 1,000, and the scale10k row asks for 10,000 with
 * scale.threads=10000.
 */
#define MANY_DEFAULT	1000
#define MANY_MAX	10000
static unsigned int many_threads = MANY_DEFAULT;

static int many_threads_setup(char *value)
{
	unsigned int v;

	if (kstrtouint(value, 10, &v) || v < 1 || v > MANY_MAX)
		return -EINVAL;
	many_threads = v;
	return 0;
}
__setup("scale.threads=", many_threads_setup);

/* Threads made before the cost of one is measured, to size the rest by free memory. */
#define MANY_PROBE	min(64U, many_threads)
#define MANY_NAME	"kt_many/"
/* Bytes a ps -o pid,stat,comm line takes at most: PID, STAT, a 15-character name. */
#define PS_LINE_MAX	48

struct many_usage {
	unsigned long pages, objects, tasks;
	int pids;
};

static unsigned long pages_accounted(void)
{
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

static void many_usage_read(struct many_usage *u)
{
	drain_cached_stacks();
	u->pages = pages_accounted();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

/* Threads that have started their function: the case waits for all before looking. */
static atomic_t many_started;

static int many_sleeper_fn(void *unused)
{
	atomic_inc(&many_started);
	return sleep_until_stopped(0);
}

/* Asleep in TASK_INTERRUPTIBLE, off its run queue and CPU: what ps must show as S. */
static bool asleep(struct task_struct *p)
{
	return READ_ONCE(p->__state) == TASK_INTERRUPTIBLE && !READ_ONCE(p->on_rq) &&
	       !READ_ONCE(p->on_cpu);
}

/*
 * Each new thread runs to its first sleep on whichever CPU it was placed, when its turn comes:
 * with thousands queued that can be seconds of a loaded host's time, so first wait until all
 * have started (each counts itself; a thread that never starts is a hang, for the case's
 * limit to report). Then each has a few instructions left before it sleeps: wait for that, a
 * tick between looks at one not there yet; false if one is still awake after 10 s of ticks
 * in all.
 */
static bool wait_all_asleep(struct task_struct **threads, unsigned int nr)
{
	unsigned int waited = 0;

	while ((unsigned int)atomic_read(&many_started) < nr)
		schedule_timeout_uninterruptible(1);
	for (unsigned int i = 0; i < nr; i++) {
		while (!asleep(threads[i])) {
			if (++waited > 10 * HZ)
				return false;
			schedule_timeout_uninterruptible(1);
		}
	}
	return true;
}

static char *past_blanks(char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/*
 * Read ps's output line by line: "  PID STAT COMMAND". Every kt_many/<i> line must name
 * threads[i]'s PID, in S, once. Returns the number of such lines that were right; *bad
 * counts the others (a wrong PID or state, a line twice, an index out of range).
 */
static unsigned int ps_count_many(char *text, struct task_struct **threads, unsigned int nr,
				  unsigned long *seen, unsigned int *bad)
{
	unsigned int listed = 0;
	char *line;

	while ((line = strsep(&text, "\n")) != NULL) {
		char *pid_s, *stat, *comm;
		unsigned int idx;
		int pid;

		line = past_blanks(line);
		pid_s = strsep(&line, " ");
		line = line ? past_blanks(line) : NULL;
		stat = line ? strsep(&line, " ") : NULL;
		comm = line ? past_blanks(line) : NULL;
		if (!comm || strncmp(comm, MANY_NAME, strlen(MANY_NAME)))
			continue;
		if (kstrtoint(pid_s, 10, &pid) || kstrtouint(comm + strlen(MANY_NAME), 10, &idx) ||
		    idx >= nr || __test_and_set_bit(idx, seen) || threads[idx]->pid != pid ||
		    stat[0] != 'S') {
			(*bad)++;
			continue;
		}
		listed++;
	}
	return listed;
}

/* TLB shootdowns run so far on all CPUs for another one: a vfree() flushes every CPU. */
static unsigned long tlb_shootdowns(void)
{
	unsigned long n = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu(irq_stat, cpu).irq_tlb_count);
	return n;
}

/*
 * Stop the threads and wait until each is dead and switched out, so that dropping the
 * reference taken at creation frees it: kthread_stop() returns once the thread has said it
 * is exiting, before it is gone. Returns how many kthread_stop() calls did not return the
 * thread's 0.
 */
static unsigned int stop_all(struct task_struct **threads, unsigned int nr)
{
	unsigned int wrong = 0;

	for (unsigned int i = 0; i < nr; i++)
		wrong += kthread_stop(threads[i]) != 0;
	for (unsigned int i = 0; i < nr; i++) {
		struct task_struct *p = threads[i];

		for (unsigned int tries = 0; tries < 10 * HZ; tries++) {
			if (READ_ONCE(p->__state) == TASK_DEAD && wait_task_inactive(p, TASK_DEAD))
				break;
			schedule_timeout_uninterruptible(1);
		}
		put_task_struct(p);
	}
	return wrong;
}

/*
 * Many kernel threads at once (10,000 with scale.threads=10000; 1,000 by default): created
 * through kthreadd, all asleep in their loops, every one of them listed by the console's ps
 * (its own code: "ps -e -o pid,stat,comm" with the output captured instead of printed) with
 * its PID and S, then all stopped, and the pages, slab objects, tasks and PIDs they held back
 * where they were.
 *
 * A thread costs about 5 pages (its 16 KiB stack, the task and its share of page tables):
 * 10,000 need some 200 MiB. On a machine with less the case makes as many as half the free
 * memory holds, and says so, measured on the first 64.
 */
static void many_sleeping_kthreads_listed_and_stopped(struct ktest *test)
{
	unsigned int nr = 0, want = many_threads, listed = 0, bad = 0;
	unsigned long start_free, *seen = NULL, start = jiffies, tlb;
	struct task_struct **threads;
	struct many_usage base, now;
	struct seq_file m;
	size_t size;
	char *buf = NULL;
	int err = 0;

	many_usage_read(&base);
	atomic_set(&many_started, 0);
	threads = vmalloc(many_threads * sizeof(*threads));
	KTEST_ASSERT_NOT_NULL(test, threads);
	start_free = nr_free_pages();
	while (nr < want) {
		struct task_struct *p = kthread_run(many_sleeper_fn, NULL, MANY_NAME "%u", nr);

		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		threads[nr++] = get_task_struct(p);
		if (nr == MANY_PROBE) {
			unsigned long used = start_free - min(nr_free_pages(), start_free);
			unsigned long per = DIV_ROUND_UP(used, MANY_PROBE);
			unsigned long fit = MANY_PROBE + nr_free_pages() / 2 / max(per, 1UL);

			if (fit < want) {
				want = fit;
				ktest_info(test, "scaled down: %lu pages per thread, %lu MiB free: %u threads",
					   per, nr_free_pages() >> (20 - PAGE_SHIFT), want);
			}
		}
	}
	KTEST_EXPECT_EQ(test, err, 0);
	KTEST_EXPECT_EQ(test, nr, want);
	KTEST_EXPECT_TRUE(test, wait_all_asleep(threads, nr));
	ktest_info(test, "%u threads created and asleep in %lu ms", nr,
		   (jiffies - start) * 1000 / HZ);

	/* ps's snapshot is taken under tasklist_lock; its text is sized for every task. */
	size = (nr_tasks() + 64) * PS_LINE_MAX;
	buf = vmalloc(size);
	seen = vzalloc(BITS_TO_LONGS(nr) * sizeof(long));
	if (buf && seen) {
		start = jiffies;
		m = (struct seq_file)SEQ_FILE_INIT(buf, size);
		shell_capture(&m, "ps -e -o pid,stat,comm");
		KTEST_EXPECT_FALSE(test, seq_has_overflowed(&m));
		buf[min(seq_used(&m), size - 1)] = '\0';
		listed = ps_count_many(buf, threads, nr, seen, &bad);
		ktest_info(test, "ps listed %u of them in %lu ms", listed,
			   (jiffies - start) * 1000 / HZ);
	} else {
		KTEST_FAIL(test, "no memory for ps's %zu bytes of text", size);
	}
	KTEST_EXPECT_EQ(test, listed, nr);
	KTEST_EXPECT_EQ(test, bad, 0U);
	vfree(seen);
	vfree(buf);

	start = jiffies;
	tlb = tlb_shootdowns();
	KTEST_EXPECT_EQ(test, stop_all(threads, nr), 0U);
	ktest_info(test, "stopped in %lu ms, %lu TLB shootdowns meanwhile",
		   (jiffies - start) * 1000 / HZ, tlb_shootdowns() - tlb);
	vfree(threads);
	many_usage_read(&now);
	KTEST_EXPECT_EQ(test, now.pages, base.pages);
	KTEST_EXPECT_EQ(test, now.objects, base.objects);
	KTEST_EXPECT_EQ(test, now.tasks, base.tasks);
	KTEST_EXPECT_EQ(test, now.pids, base.pids);
}

static struct ktest_case scale_cases[] = {
	KTEST_CASE_TIMEOUT(many_sleeping_kthreads_listed_and_stopped, 300),
	{}
};

static struct ktest_suite scale_suite = {
	.name = "scale",
	.cases = scale_cases,
};
ktest_register_suite(scale_suite);
