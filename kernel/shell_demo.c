/* The console's demo command: the kthread patterns run live and narrated, with the involved
 * threads' ps lines at each state change, so a student sees what the prose describes. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/sysctl.h>
#include <linux/shell.h>
#include <linux/string.h>
#include <linux/timer.h>

#define PS_COLS	"pid,ppid,stat,psr,cls,pri,wchan,comm"

/* Print what ps says of @p (its line only), after a line of narration. */
static void demo_ps(const char *what, struct task_struct *p)
{
	shell_printf("\n%s\n", what);
	shell_exec("ps -o " PS_COLS " -p %d", p->pid);
}

static int demo_wait_fn(void *data)
{
	int loops = 0;

	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop() && !kthread_should_park())
			schedule();
		__set_current_state(TASK_RUNNING);
		loops++;
	}
	return loops;
}

/* Created (D, not yet run), woken (S in its loop), stopped (its return value). */
static int demo_lifecycle(void)
{
	struct task_struct *p = kthread_create(demo_wait_fn, NULL, "demo_life");
	int ret;

	if (IS_ERR(p))
		return PTR_ERR(p);
	get_task_struct(p);
	demo_ps("kthread_create(): kthreadd forked it (PPID 2); it waits in kthread() for its "
		"first wake-up, in D:", p);
	wake_up_process(p);
	msleep(20);
	demo_ps("wake_up_process(): it ran its function, which sleeps in S until asked to stop:",
		p);
	ret = kthread_stop(p);
	shell_printf("\nkthread_stop(): woke it, waited for it to exit (X), and returned what the "
		     "function returned: %d (its passes round the loop)\n", ret);
	put_task_struct(p);
	return 0;
}

/* Park: P until unparked, then back in its loop. */
static int demo_park(void)
{
	struct task_struct *p = kthread_run(demo_wait_fn, NULL, "demo_park");

	if (IS_ERR(p))
		return PTR_ERR(p);
	msleep(20);
	demo_ps("A thread sleeping in its loop:", p);
	kthread_park(p);
	demo_ps("kthread_park(): it called kthread_parkme(), reported, and sleeps in TASK_PARKED "
		"(P), which only kthread_unpark() ends:", p);
	kthread_unpark(p);
	msleep(20);
	demo_ps("kthread_unpark(): back in its loop:", p);
	kthread_stop(p);
	return 0;
}

/* Hotplug: the per-CPU threads of the last CPU park while it is offline. */
static int demo_hotplug(void)
{
	unsigned int cpu = nr_cpu_ids - 1;
	int err;

	while (cpu > 0 && !cpu_online(cpu))
		cpu--;
	if (!cpu) {
		shell_puts("demo hotplug needs a second CPU\n");
		return -ENODEV;
	}
	shell_printf("\nCPU %u's per-CPU threads, online:\n", cpu);
	shell_exec("ps -o " PS_COLS " -C cpuhp/%u,migration/%u,ksoftirqd/%u", cpu, cpu, cpu);
	err = remove_cpu(cpu);
	if (err)
		return err;
	shell_printf("\nremove_cpu(%u): cpuhp/%u walked the states down; smpboot parked the threads "
		     "(P), migration/%u last, from stop_machine:\n", cpu, cpu, cpu);
	shell_exec("ps -o " PS_COLS " -C cpuhp/%u,migration/%u,ksoftirqd/%u", cpu, cpu, cpu);
	err = add_cpu(cpu);
	if (err)
		return err;
	shell_printf("\nadd_cpu(%u): INIT-SIPI-SIPI, then the states up; the threads were unparked "
		     "(and bound to CPU %u again):\n", cpu, cpu);
	shell_exec("ps -o " PS_COLS " -C cpuhp/%u,migration/%u,ksoftirqd/%u", cpu, cpu, cpu);
	return 0;
}

static int demo_hog_fn(void *data)
{
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

/* A SCHED_FIFO 50 wake-up preempts a nice-0 hog on the same CPU at once. */
static int demo_fifo(void)
{
	static const struct sched_param fifo = { .sched_priority = 50 };
	struct task_struct *hog, *rt;
	unsigned int cpu, last = 0;
	unsigned long before;

	for_each_online_cpu(cpu)
		last = cpu;
	cpu = last;

	hog = kthread_create_on_cpu(demo_hog_fn, NULL, cpu, "demo_hog/%u");
	if (IS_ERR(hog))
		return PTR_ERR(hog);
	rt = kthread_create_on_cpu(demo_wait_fn, NULL, cpu, "demo_fifo/%u");
	if (IS_ERR(rt)) {
		kthread_stop(hog);
		return PTR_ERR(rt);
	}
	sched_setscheduler(rt, SCHED_FIFO, &fifo);
	wake_up_process(hog);
	wake_up_process(rt);
	msleep(50);
	demo_ps("A nice-0 hog spinning on its CPU (R):", hog);
	demo_ps("and a SCHED_FIFO 50 thread on the same CPU, asleep:", rt);
	before = READ_ONCE(hog->nivcsw);
	wake_up_process(rt);
	msleep(20);
	shell_printf("\nwake_up_process() of the FIFO thread: check_preempt_curr() saw a higher class "
		     "and rescheduled the hog at once; the hog was preempted %lu time(s) (its "
		     "involuntary switches).\n", READ_ONCE(hog->nivcsw) - before);
	kthread_stop(rt);
	kthread_stop(hog);
	return 0;
}

struct lost_wakeup {
	bool cond;		/* what the sleeper waits for */
	bool right_order;	/* set_current_state() before testing cond */
	bool tested;		/* the sleeper has tested cond once */
	bool woken;		/* the waker has set cond and called wake_up_process() */
	bool done;		/* its sleep is over, woken or timed out */
	long left;		/* what schedule_timeout() had left: 0 means it slept it all */
};

static int demo_sleeper_fn(void *data)
{
	struct lost_wakeup *lw = data;

	if (lw->right_order) {
		set_current_state(TASK_INTERRUPTIBLE);
		WRITE_ONCE(lw->tested, true);
		while (!READ_ONCE(lw->woken))	/* the waker comes in here, after the state */
			cpu_relax();
		if (!READ_ONCE(lw->cond))
			lw->left = schedule_timeout(HZ);
		__set_current_state(TASK_RUNNING);
	} else {
		bool cond = READ_ONCE(lw->cond);

		WRITE_ONCE(lw->tested, true);
		while (!READ_ONCE(lw->woken))	/* the waker comes in here: before the state */
			cpu_relax();
		if (!cond) {
			set_current_state(TASK_INTERRUPTIBLE);
			lw->left = schedule_timeout(HZ);
		}
	}
	WRITE_ONCE(lw->done, true);
	/* Stay until kthread_stop(), whose own wake-up must not cut the sleep above short. */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static long demo_one_sleeper(bool right_order)
{
	struct lost_wakeup lw = { .right_order = right_order, .left = -1 };
	struct task_struct *p = kthread_run(demo_sleeper_fn, &lw, "demo_sleeper");

	if (IS_ERR(p))
		return PTR_ERR(p);
	while (!READ_ONCE(lw.tested))
		msleep(1);
	WRITE_ONCE(lw.cond, true);
	wake_up_process(p);
	WRITE_ONCE(lw.woken, true);
	while (!READ_ONCE(lw.done))
		msleep(10);
	kthread_stop(p);
	return lw.left;
}

/* The lost wake-up: testing the condition before setting the state loses a wake-up that comes
 * in between; setting the state first cannot. */
static int demo_lostwakeup(void)
{
	long wrong = demo_one_sleeper(false), right = demo_one_sleeper(true);

	shell_puts("\nWrong order: if (!cond) { set_current_state(S); schedule_timeout(1 s); }\n"
		   "  the waker set cond and called wake_up_process() between the test and the\n"
		   "  state: the task was still R, so the wake-up did nothing, and then it slept.\n");
	shell_printf("  It slept %s.\n", wrong == 0 ? "the whole second: the wake-up was lost" :
		     "less than the second (a bug)");
	shell_puts("Right order: set_current_state(S); if (!cond) schedule_timeout(1 s);\n"
		   "  a wake-up after the state was set finds S and makes it R again.\n");
	shell_printf("  It slept %s.\n", right ? "only until woken: nothing lost" :
		     "the whole second (a bug)");
	return 0;
}

/* The hung-task detector, with a 3 s timeout for the demo. */
static int demo_hungtask(void)
{
	unsigned long old = hung_task_set_timeout(3);
	struct task_struct *p = kthread_create(demo_wait_fn, NULL, "demo_stuck");

	if (IS_ERR(p)) {
		hung_task_set_timeout(old);
		return PTR_ERR(p);
	}
	get_task_struct(p);
	demo_ps("A created thread that is never woken sleeps in D:", p);
	shell_puts("\nhung_task_timeout_secs is 3 for this demo; khungtaskd looks every 3 s and "
		   "reports a D task not switched in since its last look:\n");
	msleep_interruptible(7000);
	kthread_stop(p);
	put_task_struct(p);
	hung_task_set_timeout(old);
	shell_printf("\nStopped it; hung_task_timeout_secs is back to %lu.\n", old);
	return 0;
}

static void demo_work_fn(struct kthread_work *work)
{
	pr_info("demo: work ran in %s/%d\n", current->comm, current->pid);
}

/* kthread_worker: queued work, delayed work, flush. */
static int demo_worker(void)
{
	struct kthread_worker *w = kthread_create_worker(0, "demo_worker");
	struct kthread_delayed_work dwork;
	struct kthread_work work;

	if (IS_ERR(w))
		return PTR_ERR(w);
	kthread_init_work(&work, demo_work_fn);
	kthread_init_delayed_work(&dwork, demo_work_fn);
	demo_ps("kthread_create_worker(): a thread running kthread_worker_fn(), idle (S):", w->task);
	kthread_queue_work(w, &work);
	kthread_flush_work(&work);
	shell_puts("\nkthread_queue_work() then kthread_flush_work(): the work ran (the log line "
		   "above), the flush waited for it.\n");
	kthread_queue_delayed_work(w, &dwork, msecs_to_jiffies(300));
	shell_puts("kthread_queue_delayed_work(300 ms): a timer queues it later...\n");
	msleep(500);
	kthread_flush_worker(w);
	kthread_destroy_worker(w);
	shell_puts("kthread_destroy_worker(): flushed, then kthread_stop() of its thread.\n");
	return 0;
}

static const struct {
	const char *name;
	const char *what;
	int (*fn)(void);
} demos[] = {
	{ "lifecycle", "a thread created (D), woken (S), stopped (its return value)", demo_lifecycle },
	{ "park", "kthread_park() to P and kthread_unpark() back", demo_park },
	{ "hotplug", "a CPU down and up: its cpuhp/N, migration/N, ksoftirqd/N park and unpark",
	  demo_hotplug },
	{ "fifo", "a SCHED_FIFO 50 wake-up preempting a nice-0 hog", demo_fifo },
	{ "lostwakeup", "set_current_state() after the test loses a wake-up; before, it cannot",
	  demo_lostwakeup },
	{ "hungtask", "khungtaskd reporting a task stuck in D", demo_hungtask },
	{ "worker", "kthread_worker: queued and delayed work, flush", demo_worker },
};

static int cmd_demo(int argc, char **argv)
{
	if (argc != 2) {
		shell_usage("demo");
		for (size_t i = 0; i < ARRAY_SIZE(demos); i++)
			shell_printf("  %-11s %s\n", demos[i].name, demos[i].what);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(demos); i++) {
		if (strcmp(argv[1], demos[i].name))
			continue;
		int err = demos[i].fn();

		if (err)
			shell_printf("demo %s: %s\n", argv[1], strerror(err));
		return err ? 1 : 0;
	}
	shell_printf("demo: %s: no such demo\n", argv[1]);
	return 1;
}

const struct shell_cmd shell_demo_cmds[] = {
	{ "demo", "demo lifecycle|park|hotplug|fifo|lostwakeup|hungtask|worker",
	  "run a kthread pattern live and narrate it", cmd_demo },
	{}
};
