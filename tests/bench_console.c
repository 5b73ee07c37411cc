/* The console benchmarks of make bench, its two speed requirements: ps -e over 1000 kernel
 * threads, printed, and a keystroke's echo by the console shell while every CPU runs a nice-0
 * hog. Each sample is a TSC delta; under -icount shift=0 a tick is a guest instruction and a
 * nanosecond. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/tty.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <bench.h>
#include "sched_test_util.h"

/*
 * Sleep a tick between looks until @p sleeps in @state, off every CPU and run queue. Under
 * -icount QEMU runs the virtual CPUs in turn: a look that spun would keep the CPU @p may be
 * waiting for from running. Returns false after a second.
 */
static bool wait_asleep(struct task_struct *p, unsigned int state)
{
	for (unsigned int i = 0; i < HZ; i++) {
		if (READ_ONCE(p->__state) == state && !READ_ONCE(p->on_rq) &&
		    !READ_ONCE(p->on_cpu))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/* ---- g: ps -e of 1000 kernel threads --------------------------------------------------------- */

#define PS_THREADS	1000
/* ps's first run allocates and touches what the later ones reuse (its snapshot's size class). */
#define PS_WARMUP	1

/* What the 1000 threads hold while they live; all of it must come back once they are gone. */
struct ps_usage {
	unsigned long pages, objects, tasks;
	int pids;
};

static void ps_usage_read(struct ps_usage *u)
{
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

/* An ordinary sleeping kernel thread: ps shows it in S, as most of a real system's are. */
static int ps_sleeper_fn(void *unused)
{
	return sleep_until_stopped(0);
}

/*
 * Stop the threads and wait until each is dead and switched out, so that dropping the
 * reference taken at creation frees it: kthread_stop() returns once the thread has said it is
 * exiting, before it is gone.
 */
static void ps_stop_threads(struct task_struct **threads, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		kthread_stop(threads[i]);
	for (unsigned int i = 0; i < nr; i++) {
		struct task_struct *p = threads[i];

		for (unsigned int tries = 0; tries < HZ; tries++) {
			if (READ_ONCE(p->__state) == TASK_DEAD && wait_task_inactive(p, TASK_DEAD))
				break;
			schedule_timeout_uninterruptible(1);
		}
		put_task_struct(p);
	}
}

/*
 * The console's "ps -e" with 1000 more kernel threads than the boot has, sleeping in their
 * loops: the time of shell_exec("ps -e"), as typed at the prompt minus the line reading. It
 * includes parsing the line, the snapshot of every task under tasklist_lock, formatting each
 * row and writing it through console_write() to every registered console (the UART and the
 * screen: each run prints its 1000-odd lines to the serial log); it does not include making
 * the threads. The threads are then stopped and freed, and the pages, slab objects, tasks and
 * PIDs they held must all have come back.
 */
static int bench_ps_1000_threads(u64 *samples, unsigned int runs)
{
	struct ps_usage before, after;
	struct task_struct **threads;
	unsigned int nr = 0;
	int ret = runs;

	ps_usage_read(&before);
	threads = kmalloc_array(PS_THREADS, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	for (; nr < PS_THREADS; nr++) {
		struct task_struct *p = kthread_run(ps_sleeper_fn, NULL, "bench_ps/%u", nr);

		if (IS_ERR(p)) {
			ret = PTR_ERR(p);
			goto out;
		}
		threads[nr] = get_task_struct(p);
	}
	for (unsigned int i = 0; i < nr; i++) {
		if (!wait_asleep(threads[i], TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			goto out;
		}
	}
	for (unsigned int i = 0; i < runs + PS_WARMUP; i++) {
		u64 t0 = rdtsc();

		shell_exec("ps -e");
		if (i >= PS_WARMUP)
			samples[i - PS_WARMUP] = rdtsc() - t0;
	}
out:
	ps_stop_threads(threads, nr);
	kfree(threads);
	ps_usage_read(&after);
	if (before.pages != after.pages || before.objects != after.objects ||
	    before.tasks != after.tasks || before.pids != after.pids) {
		pr_err("bench: ps threads leaked: pages %lu -> %lu, slab objects %lu -> %lu, tasks %lu -> %lu, PIDs %d -> %d\n",
		       before.pages, after.pages, before.objects, after.objects, before.tasks,
		       after.tasks, before.pids, after.pids);
		return ret < 0 ? ret : -EINVAL;
	}
	return ret;
}

/* ---- g: a keystroke's echo while every CPU runs a nice-0 hog ------------------------------- */

/* Set-1 scan codes, as the keyboard sends them: a key's make code, then its break code. */
#define SC_A		0x1e
#define SC_BACKSPACE	0x0e
#define SC_BREAK	0x80
/* A person starts the hogs, then types: the hogs have had the CPUs for this long first... */
#define ECHO_HOGS_FIRST	(HZ / 10)
/* ...and keys come this far apart, a fast typist's pace. */
#define ECHO_KEY_GAP	(HZ / 100)

struct echo_bench {
	struct console probe;		/* sees what the shell writes */
	struct timer_list timer;	/* types the key from CPU 0's tick */
	struct task_struct *shell;
	struct task_struct *hog;	/* the hog on CPU 0, which the key must interrupt */
	struct completion echoed;
	int want;			/* the byte the probe waits for from the shell; -1 none */
	u64 typed, seen;
};

/*
 * The probe console: the first of the list (register_console() puts it at the head), so it
 * stamps the shell's echo as console_write() starts writing it, before the UART and the screen
 * take their turn. Called under printk's lock with interrupts off.
 */
static void echo_probe_write(struct console *con, const char *s, size_t n)
{
	struct echo_bench *eb = container_of(con, struct echo_bench, probe);
	int want = READ_ONCE(eb->want);

	if (want < 0 || current != eb->shell || !memchr(s, want, n))
		return;
	eb->seen = rdtsc();
	WRITE_ONCE(eb->want, -1);
	complete(&eb->echoed);
}

/* Press and let go of a key as the keyboard interrupt delivers it: with interrupts off (the
 * tick's callback below has them off already). */
static void echo_press(u8 code)
{
	unsigned long flags;

	local_irq_save(flags);
	atkbd_interrupt(code);
	atkbd_interrupt(code | SC_BREAK);
	local_irq_restore(flags);
}

/*
 * CPU 0's tick (TIMER_IRQSAFE: interrupts off, as in the keyboard's handler). Only a key that
 * arrives while the hog holds the CPU is what is measured; otherwise try the next tick.
 */
static void echo_type_fn(struct timer_list *t)
{
	struct echo_bench *eb = from_timer(eb, t, timer);

	if (current != eb->hog) {
		mod_timer(t, jiffies + 1);
		return;
	}
	eb->typed = rdtsc();
	echo_press(SC_A);
}

static int hog_fn(void *unused)
{
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

/*
 * The console's shell, waiting at its prompt. Run from the prompt (the bench command), the
 * shell is the caller, busy with this very command, and cannot echo: -EBUSY. At boot (bench=)
 * the benchmarks run before kernel_init starts the shell: start it now, as kernel_init would
 * (its shell_init() then finds it running).
 */
static struct task_struct *echo_shell(void)
{
	struct task_struct *sh = tty_foreground();

	if (sh == current)
		return ERR_PTR(-EBUSY);
	if (!sh)
		shell_init();
	for (unsigned int i = 0; i < HZ && !sh; i++) {
		schedule_timeout_uninterruptible(1);
		sh = tty_foreground();
	}
	return sh ?: ERR_PTR(-ENODEV);
}

/* Wait until the probe has seen the shell write the byte it waits for: false after a second. */
static bool echo_wait(struct echo_bench *eb)
{
	return wait_for_completion_timeout(&eb->echoed, HZ);
}

/*
 * A key typed at the prompt, from CPU 0's tick while a nice-0 hog spins on every online CPU
 * (bound, one each), until the console shell (nice 0, allowed everywhere) writes its echo to
 * the consoles: the keyboard interrupt's work (atkbd_interrupt(): tty_receive_char() and
 * tty_input_wake()), the wake-up preempting a hog on the shell's CPU, tty_read_char(), the line
 * editor and console_write() up to the first console. Each key is rubbed out with a Backspace
 * before the next, so the prompt is left as it was found. Every key counts, the first too,
 * which waits for the hog's slice to end (docs/tour.md, section 11): it is the p99.
 */
static int bench_echo_under_hogs(u64 *samples, unsigned int runs)
{
	struct echo_bench eb = {
		.probe = { .name = "bench_echo", .write = echo_probe_write },
		.want = -1,
	};
	struct task_struct *hogs[NR_CPUS] = { NULL };
	bool typed = false;
	int cpu, ret = runs;

	eb.shell = echo_shell();
	if (IS_ERR(eb.shell))
		return PTR_ERR(eb.shell);
	init_completion(&eb.echoed);
	timer_setup(&eb.timer, echo_type_fn, TIMER_IRQSAFE);
	register_console(&eb.probe);
	for_each_online_cpu(cpu) {
		struct task_struct *p = kthread_create_on_cpu(hog_fn, NULL, cpu, "bench_hog/%u");

		if (IS_ERR(p)) {
			ret = PTR_ERR(p);
			goto out;
		}
		hogs[cpu] = p;
		wake_up_process(p);
	}
	eb.hog = hogs[smp_processor_id()];
	schedule_timeout_uninterruptible(ECHO_HOGS_FIRST);
	for (unsigned int i = 0; i < runs; i++) {
		schedule_timeout_uninterruptible(ECHO_KEY_GAP);
		if (!wait_asleep(eb.shell, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		reinit_completion(&eb.echoed);
		WRITE_ONCE(eb.want, 'a');
		mod_timer(&eb.timer, jiffies + 1);
		typed = true;
		if (!echo_wait(&eb)) {
			ret = -ETIMEDOUT;
			break;
		}
		samples[i] = eb.seen - eb.typed;
		reinit_completion(&eb.echoed);
		WRITE_ONCE(eb.want, '\b');
		echo_press(SC_BACKSPACE);
		if (!echo_wait(&eb)) {
			ret = -ETIMEDOUT;
			break;
		}
		typed = false;
	}
out:
	del_timer_sync(&eb.timer);
	WRITE_ONCE(eb.want, -1);
	/* A key whose echo or rub-out never came: rub it out, blindly, for whoever types next. */
	if (typed)
		echo_press(SC_BACKSPACE);
	unregister_console(&eb.probe);
	for_each_online_cpu(cpu) {
		if (hogs[cpu])
			kthread_stop(hogs[cpu]);
	}
	return ret;
}

/* ---- Registration -------------------------------------------------------------------------- */

static const struct bench g_ps_1000_threads = {
	"g_ps_1000_threads", 5, bench_ps_1000_threads
};
static const struct bench g_echo_under_hogs = {
	"g_echo_under_hogs", 20, bench_echo_under_hogs
};
bench_register(g_ps_1000_threads);
bench_register(g_echo_under_hogs);
