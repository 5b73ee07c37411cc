/* Self-tests of Magic SysRq (drivers/tty/sysrq.c, suite "sysrq"): each key's action in Linux's
 * words, as handle_sysrq() runs it for a BREAK on the serial line (the sysrq-break row types
 * that for real). */
#include <linux/kernel.h>
#include <asm/hardirq.h>
#include <linux/smp.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <ktest.h>
#include "sched_test_util.h"

#define SYSRQ_LOG_SIZE	(96 * 1024)

/* handle_sysrq(@key), and what it printed: the log after a marker line. Free with kfree(). */
static char *sysrq_output(int key)
{
	static int mark;
	char *log = kmalloc(SYSRQ_LOG_SIZE, GFP_KERNEL), tag[40], *at;
	size_t n;

	if (!log)
		return NULL;
	snprintf(tag, sizeof(tag), "sysrq-test: mark %d\n", ++mark);
	pr_info("%s", tag);
	handle_sysrq(key);
	n = log_buf_copy(log, SYSRQ_LOG_SIZE - 1);
	log[n] = '\0';
	at = strstr(log, tag);
	if (!at) {
		kfree(log);
		return NULL;
	}
	memmove(log, at + strlen(tag), strlen(at + strlen(tag)) + 1);
	return log;
}

/* Does @out have a sched_show_task() line for @p? */
static bool shows_task(const char *out, struct task_struct *p)
{
	char line[64];

	snprintf(line, sizeof(line), "task:%-15.15s state:%c", p->comm, task_state_to_char(p));
	return strstr(out, line);
}

static int d_sleeper_fn(void *data)
{
	bool *release = data;

	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(*release))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return sleep_until_stopped(0);
}

/* t: every task in Linux's sched_show_task() format, with its stack; w: only those in D. */
static void t_shows_every_task_w_the_blocked(struct ktest *test)
{
	bool release = false;
	struct task_struct *d = kthread_run(d_sleeper_fn, &release, "sysrq_blocked");
	struct task_struct *p;
	unsigned long flags;
	int tasks = 0, shown = 0;
	char *out;

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, d);
	while (READ_ONCE(d->__state) != TASK_UNINTERRUPTIBLE || READ_ONCE(d->on_rq))
		schedule_timeout_uninterruptible(1);

	out = sysrq_output('t');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Show State\n"));
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		tasks++;
		/* Sleeping tasks keep their state; the running ones may have changed it. */
		if (READ_ONCE(p->__state) == TASK_RUNNING || shows_task(out, p))
			shown++;
		else
			ktest_info(test, "no line for %s/%d", p->comm, p->pid);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KTEST_EXPECT_EQ(test, shown, tasks);
	KTEST_EXPECT_TRUE(test, shows_task(out, kthreadd_task));
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "d_sleeper_fn+"));
	kfree(out);

	out = sysrq_output('w');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Show Blocked State\n"));
	KTEST_EXPECT_TRUE(test, shows_task(out, d));
	/* kthreadd sleeps interruptibly: not blocked. */
	KTEST_EXPECT_FALSE(test, shows_task(out, kthreadd_task));
	kfree(out);

	WRITE_ONCE(release, true);
	wake_up_process(d);
	kthread_stop(d);
}

/* h (and any key without an action): the help line; m: memory; p from process context: the
 * action only (no interrupted registers); a digit: the console loglevel. */
static void help_memory_regs_loglevel(struct ktest *test)
{
	int level = console_loglevel;
	char *out;

	out = sysrq_output('h');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: HELP : loglevel(0-9) "
					   "show-backtrace-all-active-cpus(l) show-memory-usage(m) "
					   "show-registers(p) sync(s) show-task-states(t) "
					   "show-blocked-tasks(w) \n"));
	kfree(out);

	out = sysrq_output('m');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Show Memory\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "Mem-Info:\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(out, " pages RAM\n"));
	kfree(out);

	out = sysrq_output('p');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Show Regs\n"));
	KTEST_EXPECT_NULL(test, strstr(out, "RIP:"));
	kfree(out);

	out = sysrq_output('5');
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_EQ(test, console_loglevel, 5);
	console_loglevel = level;
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Changing Loglevel\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Loglevel set to 5\n"));
	kfree(out);
}

/* l: every online CPU's backtrace through the NMI, this CPU's own first; a CPU spinning with
 * interrupts off answers too (the NMI gets through). */
static volatile bool spin_release;
static volatile bool spin_started;	/* the spinner has interrupts off and spins */

static int spin_irqs_off(void *unused)
{
	unsigned long flags;

	local_irq_save(flags);
	WRITE_ONCE(spin_started, true);
	while (!READ_ONCE(spin_release))
		cpu_relax();
	local_irq_restore(flags);
	return sleep_until_stopped(0);
}

static void l_backtraces_every_cpu(struct ktest *test)
{
	unsigned long nmis = 0, before = 0;
	struct task_struct *spinner = NULL;
	unsigned int cpu, other = 0;
	char line[48], *out;

	for_each_online_cpu(cpu)
		before += per_cpu(irq_stat, cpu).__nmi_count;
	if (num_online_cpus() > 1) {
		/* This case stays on its CPU, the spinner on another: never the two on one. */
		KTEST_ASSERT_EQ(test, set_cpus_allowed_ptr(current,
							   cpumask_of(task_cpu(current))), 0);
		other = cpumask_next(smp_processor_id(), cpu_online_mask);
		if (other >= nr_cpu_ids)
			other = cpumask_first(cpu_online_mask);
		WRITE_ONCE(spin_release, false);
		WRITE_ONCE(spin_started, false);
		spinner = kthread_create_on_cpu(spin_irqs_off, NULL, other, "sysrq_spin/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, spinner);
		wake_up_process(spinner);
		/* In its loop, not merely switched to: an interrupt pending at the switch (the
		 * wake-up's, or the tick's as it restarts) would otherwise be what NMI sees. */
		while (!READ_ONCE(spin_started))
			cpu_relax();
	}
	out = sysrq_output('l');
	WRITE_ONCE(spin_release, true);
	if (spinner)
		kthread_stop(spinner);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	KTEST_ASSERT_NOT_NULL(test, out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sysrq: Show backtrace of all active CPUs\n"));
	for_each_online_cpu(cpu) {
		snprintf(line, sizeof(line), "NMI backtrace for cpu %u\n", cpu);
		KTEST_EXPECT_NOT_NULL(test, strstr(out, line));
	}
	KTEST_EXPECT_NULL(test, strstr(out, "did not answer"));
	if (spinner) {
		snprintf(line, sizeof(line), "Comm: sysrq_spin/%u", other);
		KTEST_EXPECT_NOT_NULL(test, strstr(out, line));
		KTEST_EXPECT_NOT_NULL(test, strstr(out, "spin_irqs_off+"));
	}
	for_each_online_cpu(cpu)
		nmis += per_cpu(irq_stat, cpu).__nmi_count;
	KTEST_EXPECT_UEQ(test, nmis - before, num_online_cpus() - 1);
	kfree(out);
}

static struct ktest_case sysrq_cases[] = {
	KTEST_CASE(t_shows_every_task_w_the_blocked),
	KTEST_CASE(help_memory_regs_loglevel),
	KTEST_CASE(l_backtraces_every_cpu),
	{}
};

static struct ktest_suite sysrq_suite = {
	.name = "sysrq",
	.cases = sysrq_cases,
};
ktest_register_suite(sysrq_suite);
