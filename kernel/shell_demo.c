/* The console's demo command: the kthread patterns run live and narrated, with the involved
 * threads' ps lines at each state change, so a student sees what the prose describes. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/sysctl.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/umh.h>
#include <linux/delay.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>

#define PS_COLS	"pid,ppid,stat,psr,cls,pri,wchan,comm"

/* Print what ps says of @p (its line only), after a line of narration. */
static void demo_ps(const char *what, struct task_struct *p)
{
	shell_printf("\n%s\n", what);
	shell_exec("ps -o " PS_COLS " -p %d", p->pid);
}

/* The CPU the single-CPU demos use: the last online one (CPU 0 on a one-CPU machine). */
static unsigned int demo_cpu(void)
{
	return cpumask_last(cpu_online_mask);
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
	unsigned int cpu = demo_cpu();
	struct task_struct *hog, *rt;
	unsigned long before;

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

/* ---- Lazy TLB -------------------------------------------------------------------------- */

#define LAZY_ROUNDS	1000
#define LAZY_THREADS	4

struct lazy_ring;

struct lazy_slot {
	struct lazy_ring *ring;
	int id;
	struct task_struct *task;
	struct mm_struct *mm;		/* its own, adopted with kthread_use_mm(); NULL: none */
	struct mm_struct *seen;		/* its active_mm when it last had the turn */
	unsigned int switched_in;	/* turns it was switched to, counted in the window */
	unsigned long cr3_in;		/* CR3 writes on those switches */
};

/*
 * Threads bound to one CPU, SCHED_FIFO 50, pass a turn round a ring: each wakes the next and
 * sleeps. Same priority, so the wake-up does not preempt and each pass is exactly one switch,
 * and no normal task runs in between. The window is LAZY_ROUNDS rounds from slot 0's first turn;
 * whoever has the turn notes the CPU's CR3 writes before passing it, so the next one sees what
 * the switch to it cost.
 */
struct lazy_ring {
	unsigned int cpu;
	int n;
	struct lazy_slot slot[LAZY_THREADS];
	int turn;			/* whose it is; -1 before the first round and after the last */
	int rounds;			/* completed in the window */
	bool started;
	unsigned long cr3_at_pass;	/* the CPU's CR3 writes when the turn was last passed */
	unsigned long cr3, nvcsw;	/* at the window's start, then what it added */
	struct completion ready, done;
};

static unsigned long lazy_nvcsw(struct lazy_ring *r)
{
	unsigned long sum = 0;

	for (int i = 0; i < r->n; i++)
		sum += READ_ONCE(r->slot[i].task->nvcsw);
	return sum;
}

/* Sleep until it is @id's turn (true) or the thread is to stop (false). */
static bool lazy_wait_turn(struct lazy_ring *r, int id)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (READ_ONCE(r->turn) == id) {
			__set_current_state(TASK_RUNNING);
			return true;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return false;
}

static void lazy_take_turn(struct lazy_ring *r, struct lazy_slot *s)
{
	unsigned long cr3 = per_cpu(nr_cr3_writes, r->cpu);
	int next = (s->id + 1) % r->n;

	s->seen = current->active_mm;
	if (r->started) {
		s->switched_in++;
		s->cr3_in += cr3 - r->cr3_at_pass;
	}
	if (!s->id) {
		if (r->started && ++r->rounds == LAZY_ROUNDS) {
			r->cr3 = cr3 - r->cr3;
			r->nvcsw = lazy_nvcsw(r) - r->nvcsw;
			WRITE_ONCE(r->turn, -1);
			complete(&r->done);
			return;
		}
		if (!r->started) {
			r->started = true;
			r->cr3 = cr3;
			r->nvcsw = lazy_nvcsw(r);
		}
	}
	r->cr3_at_pass = per_cpu(nr_cr3_writes, r->cpu);
	WRITE_ONCE(r->turn, next);
	wake_up_process(r->slot[next].task);
}

static int demo_lazy_fn(void *data)
{
	struct lazy_slot *s = data;
	struct lazy_ring *r = s->ring;

	if (s->mm)
		kthread_use_mm(s->mm);
	complete(&r->ready);
	while (lazy_wait_turn(r, s->id))
		lazy_take_turn(r, s);
	if (s->mm)
		kthread_unuse_mm(s->mm);
	return 0;
}

static void lazy_stop(struct lazy_ring *r)
{
	for (int i = 0; i < r->n; i++)
		if (r->slot[i].task)
			kthread_stop(r->slot[i].task);
}

/*
 * Start @r's threads on @r->cpu (each adopts its mm first) and play the rounds. The threads are
 * left asleep for ps; lazy_stop() ends them. Every wait is bounded; on failure they are stopped.
 */
static int lazy_play(struct lazy_ring *r, const char *const names[])
{
	static const struct sched_param fifo = { .sched_priority = 50 };
	int i;

	init_completion(&r->ready);
	init_completion(&r->done);
	r->turn = -1;
	for (i = 0; i < r->n; i++) {
		struct task_struct *p;

		r->slot[i].ring = r;
		r->slot[i].id = i;
		p = kthread_create_on_cpu(demo_lazy_fn, &r->slot[i], r->cpu, names[i]);
		if (IS_ERR(p)) {
			lazy_stop(r);
			return PTR_ERR(p);
		}
		sched_setscheduler(p, SCHED_FIFO, &fifo);
		r->slot[i].task = p;
	}
	for (i = 0; i < r->n; i++)
		wake_up_process(r->slot[i].task);
	for (i = 0; i < r->n; i++)
		if (!wait_for_completion_timeout(&r->ready, 5 * HZ))
			goto stalled;
	WRITE_ONCE(r->turn, 0);
	wake_up_process(r->slot[0].task);
	if (wait_for_completion_timeout(&r->done, 30 * HZ))
		return 0;
stalled:
	lazy_stop(r);
	return -ETIMEDOUT;
}

/* @mm as the report names it, seen from slot @s. */
static const char *lazy_mm_name(struct lazy_ring *r, struct lazy_slot *s, struct mm_struct *mm,
				char *buf, size_t size)
{
	if (!mm)
		return "NULL";
	if (mm == s->mm)
		return "its own";
	if (mm == &init_mm)
		return "init_mm";
	for (int i = 0; i < r->n; i++)
		if (r->slot[i].mm == mm) {
			snprintf(buf, size, "%s's", r->slot[i].task->comm);
			return buf;
		}
	return mm->name;
}

/* Each thread's ps line, then what it ran on and what the switches to it cost. */
static void lazy_report(struct lazy_ring *r)
{
	char pids[48], own[24], seen[24];
	int n = 0;

	for (int i = 0; i < r->n; i++)
		n += snprintf(pids + n, sizeof(pids) - n, "%s%d", i ? "," : "",
			      r->slot[i].task->pid);
	shell_exec("ps -o " PS_COLS " -p %s", pids);
	for (int i = 0; i < r->n; i++) {
		struct lazy_slot *s = &r->slot[i];

		shell_printf("  %-11s mm %-14s active_mm %-14s switched to %u times, CR3 written %lu "
			     "times\n", s->task->comm, lazy_mm_name(r, s, s->mm, own, sizeof(own)),
			     lazy_mm_name(r, s, s->seen, seen, sizeof(seen)), s->switched_in,
			     s->cr3_in);
	}
}

/* How many tasks have an address space of their own (task->mm), under tasklist_lock. */
static int lazy_tasks_with_mm(void)
{
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n += p->mm != NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/* This CPU's counters of arch/x86/tlb.c (and CR3 writes), for a before/after. */
struct lazy_counts {
	unsigned long cr3, kept, borrowed, lazy;
};

static void lazy_counts_read(struct lazy_counts *c)
{
	c->cr3 = this_cpu_read(nr_cr3_writes);
	c->kept = this_cpu_read(tlb_stats.mm_kept);
	c->borrowed = this_cpu_read(tlb_stats.lazy_borrow);
	c->lazy = this_cpu_read(tlb_stats.lazy_enter);
}

/* A process and a kernel thread taking turns: the thread's side (SCHED_FIFO 50 on the CPU). */
struct lazy_pair {
	u64 start_ns;			/* both begin then (CLOCK_MONOTONIC) */
	int turns;
	struct lazy_counts before, after;	/* the CPU's, around the thread's turns */
	struct mm_struct *seen;		/* the thread's active_mm at its last turn */
	struct completion done;
};

/* The counters are read by the thread itself, around exactly its turns, so they count those
 * round trips and nothing of the process's start or exit. */
static int demo_lazy_partner(void *data)
{
	struct lazy_pair *lp = data;

	while (ktime_get_ns() < lp->start_ns + 2 * NSEC_PER_MSEC && !kthread_should_stop())
		msleep(1);
	yield();
	lazy_counts_read(&lp->before);
	for (int i = 0; i < lp->turns; i++)
		yield();
	lazy_counts_read(&lp->after);
	lp->seen = current->active_mm;
	complete(&lp->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * A user process (/bin/yield, SCHED_FIFO 50 on @cpu) and a kernel thread of the same priority
 * there give the CPU to each other LAZY_ROUNDS times: user -> kthread -> the same user. The
 * process yields far more often than that, so it is still there when the thread's turns end.
 */
static int demo_lazy_process(unsigned int cpu)
{
	struct lazy_pair lp = { .turns = LAZY_ROUNDS };
	char cpu_s[8], start_s[24], turns_s[12];
	const char *argv[] = { "/bin/yield", turns_s, cpu_s, start_s, NULL };
	static const char *const envp[] = { "HOME=/", NULL };
	struct lazy_counts *b = &lp.before, *a = &lp.after;
	struct task_struct *k, *p;
	int pid;

	init_completion(&lp.done);
	lp.start_ns = ktime_get_ns() + 300 * NSEC_PER_MSEC;
	snprintf(turns_s, sizeof(turns_s), "%d", 20 * LAZY_ROUNDS);
	snprintf(cpu_s, sizeof(cpu_s), "%u", cpu);
	snprintf(start_s, sizeof(start_s), "%llu",
		 (unsigned long long)(lp.start_ns / NSEC_PER_MSEC + 1));
	pid = call_usermodehelper(argv[0], argv, envp, UMH_NO_WAIT);
	if (pid < 0) {
		shell_printf("\nNo user process to show (%s: %s).\n", argv[0], strerror(pid));
		return 0;
	}
	k = kthread_create_on_cpu(demo_lazy_partner, &lp, cpu, "demo_kt/%u");
	if (IS_ERR(k))
		return PTR_ERR(k);
	sched_set_fifo(k);
	wake_up_process(k);
	wait_for_completion(&lp.done);
	kthread_stop(k);
	while ((p = find_task_by_pid(pid))) {
		put_task_struct(p);
		msleep(5);
	}
	shell_printf("\nA user process, /bin/yield (PID %d, SCHED_FIFO 50 on CPU %u), and a kernel "
		     "thread of the same priority there give the CPU to each other with "
		     "sched_yield(), %d round trips process -> kthread -> the same process:\n", pid,
		     cpu, LAZY_ROUNDS);
	shell_printf("  CPU %u: CR3 writes +%lu, switches that found the mm loaded +%lu, switches "
		     "to a kernel thread that borrowed a user mm +%lu, lazy-mode entries +%lu "
		     "(cat /proc/lazytlb for every CPU)\n", cpu, a->cr3 - b->cr3,
		     a->kept - b->kept, a->borrowed - b->borrowed, a->lazy - b->lazy);
	shell_printf("  the kernel thread's mm: NULL; its active_mm at its last turn: %s\n",
		     lp.seen == &init_mm ? "init_mm" : "the process's (borrowed)");
	shell_puts("A switch to the kernel thread keeps the process's page table loaded (the "
		   "thread borrows it, enter_lazy_tlb(), and the CPU turns lazy); the switch "
		   "back finds it still loaded (switch_mm_irqs_off() with prev == next): no CR3 "
		   "write, no TLB flush.\n");
	return 0;
}

/*
 * Lazy TLB: switches between kernel threads write no CR3; with two threads that adopted address
 * spaces of their own (kthread_use_mm) in the ring, only the switches to those two do; a real
 * process and a kernel thread taking turns write none either.
 */
static int demo_lazytlb(void)
{
	static const char *const kt_names[] = { "demo_kt0/%u", "demo_kt1/%u" };
	static const char *const mm_names[] = { "demo_mm0/%u", "demo_kt0/%u", "demo_mm1/%u",
						"demo_kt1/%u" };
	struct lazy_ring *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct mm_struct *mm[2] = { mm_alloc(), mm_alloc() };
	unsigned int cpu = demo_cpu();
	int err = -ENOMEM;

	if (!r || !mm[0] || !mm[1])
		goto out;
	shell_printf("\nTasks with an address space of their own (task->mm): %d, the user "
		     "processes (init and what it started); every other task is a kernel thread "
		     "with mm NULL, running on whatever address space it finds loaded.\n",
		     lazy_tasks_with_mm());

	r->cpu = cpu;
	r->n = ARRAY_SIZE(kt_names);
	err = lazy_play(r, kt_names);
	if (err)
		goto out;
	shell_printf("\nTwo kernel threads bound to CPU %u, SCHED_FIFO 50, hand a turn to each other "
		     "%d times (each wakes the other and sleeps):\n", cpu, LAZY_ROUNDS);
	lazy_report(r);
	shell_printf("CR3 writes on CPU %u during %lu switches between kernel threads: %lu\n", cpu,
		     r->nvcsw, r->cr3);
	shell_puts("context_switch() found next->mm == NULL every time: the thread took over "
		   "prev->active_mm and no page table was loaded. Off the CPU a kernel thread's "
		   "active_mm is NULL again: the borrowed one goes on to whoever runs next. Linux "
		   "does the same in context_switch(), calling enter_lazy_tlb() instead of "
		   "switch_mm_irqs_off().\n");
	lazy_stop(r);

	memset(r, 0, sizeof(*r));
	r->cpu = cpu;
	r->n = ARRAY_SIZE(mm_names);
	r->slot[0].mm = mm[0];
	r->slot[2].mm = mm[1];
	err = lazy_play(r, mm_names);
	if (err)
		goto out;
	shell_printf("\nTwo address spaces from mm_alloc() (a page table of their own, the kernel "
		     "half shared with init_mm), each adopted by a kernel thread with "
		     "kthread_use_mm(), and a plain kernel thread after each: four threads on CPU %u "
		     "take turns %d times, demo_mm0 -> demo_kt0 -> demo_mm1 -> demo_kt1:\n", cpu,
		     LAZY_ROUNDS);
	lazy_report(r);
	shell_printf("CR3 writes on CPU %u during %lu switches: %lu (%d of the switches were to a "
		     "thread with its own mm)\n", cpu, r->nvcsw, r->cr3, 2 * LAZY_ROUNDS);
	shell_puts("A switch to demo_mmN loads its page table (switch_mm_irqs_off() writes CR3): "
		   "the one loaded was the other thread's. A switch to demo_ktN loads nothing: it "
		   "runs on the page table of the thread before it. Linux's kthread_use_mm() is how "
		   "a kernel thread works in a process's address space (vhost's worker, vfio).\n");
	lazy_stop(r);
	shell_printf("\nkthread_unuse_mm() and kthread_stop(): mm_users/mm_count left %d/%d and "
		     "%d/%d (1/1 is the demo's own reference); mmput() frees them.\n",
		     READ_ONCE(mm[0]->mm_users), READ_ONCE(mm[0]->mm_count),
		     READ_ONCE(mm[1]->mm_users), READ_ONCE(mm[1]->mm_count));
	err = demo_lazy_process(cpu);
out:
	for (int i = 0; i < 2; i++)
		if (mm[i])
			mmput(mm[i]);
	kfree(r);
	return err;
}

/* ---- A softirq storm ------------------------------------------------------------------- */

#define STORM_MS	1000

/*
 * The storm borrows IRQ_POLL, which Spindle has no user for. In Linux its handler,
 * irq_poll_softirq(), raises itself again whenever the devices it polls have more completions
 * than its budget; the demo's does so for STORM_MS. Its counters are written on the storm's CPU
 * only and read once the storm is over.
 */
static struct {
	unsigned long end;		/* jiffies: from then on the handler raises no more */
	struct task_struct *raiser;	/* demo_raise/N: raises it once with bottom halves off */
	struct task_struct *ksoftirqd;
	bool raised;			/* the raiser is out of its local_bh_enable() */
	bool handed_over;		/* ksoftirqd has been woken */
	bool over;			/* the handler has run without raising again */
	unsigned int runs, runs_before, runs_in_ksoftirqd;
} storm;

static void demo_storm_action(struct softirq_action *h)
{
	/* Before the first hand-over only the raiser's local_bh_enable() can run it. */
	if (!storm.handed_over)
		storm.handed_over = task_is_running(storm.ksoftirqd);
	storm.runs++;
	if (current == storm.ksoftirqd)
		storm.runs_in_ksoftirqd++;
	else if (!storm.handed_over)
		storm.runs_before++;
	if (time_before(jiffies, storm.end))
		raise_softirq(IRQ_POLL_SOFTIRQ);
	else
		WRITE_ONCE(storm.over, true);
}

/* As a driver does from task context: raise with bottom halves off; they run when back on. */
static int demo_raise_fn(void *data)
{
	local_bh_disable();
	raise_softirq(IRQ_POLL_SOFTIRQ);
	local_bh_enable();
	WRITE_ONCE(storm.raised, true);
	return demo_wait_fn(data);
}

/* Poll @flag every 10 ms for @ms at most. */
static bool storm_wait(bool *flag, unsigned int ms)
{
	for (unsigned int t = 0; t < ms && !READ_ONCE(*flag); t += 10)
		msleep(10);
	return READ_ONCE(*flag);
}

/* @p is asleep (S) and nothing is pending on @cpu, or @ms went by. */
static bool storm_settled(struct task_struct *p, unsigned int cpu, unsigned int ms)
{
	for (unsigned int t = 0; t < ms; t += 10) {
		if (READ_ONCE(p->__state) == TASK_INTERRUPTIBLE &&
		    !(READ_ONCE(per_cpu(__softirq_pending, cpu)) & (1U << IRQ_POLL_SOFTIRQ)))
			return true;
		msleep(10);
	}
	return false;
}

/*
 * A softirq that keeps raising itself: __do_softirq() gives up after MAX_SOFTIRQ_RESTART passes
 * and wakes ksoftirqd/N, which runs it from then on as a task the scheduler shares the CPU with.
 */
static int demo_softirq(void)
{
	unsigned int cpu = demo_cpu(), count;
	struct task_struct *tsk = per_cpu(ksoftirqd, cpu);
	unsigned long nvcsw, nivcsw;
	u64 runtime;
	bool running = false;

	if (!tsk)
		return -ESRCH;
	memset(&storm, 0, sizeof(storm));
	storm.ksoftirqd = tsk;
	storm.raiser = kthread_create_on_cpu(demo_raise_fn, NULL, cpu, "demo_raise/%u");
	if (IS_ERR(storm.raiser))
		return PTR_ERR(storm.raiser);

	storm_settled(tsk, cpu, STORM_MS);
	shell_printf("\nksoftirqd/%u before the storm: asleep in smpboot_thread_fn (S), nothing "
		     "pending:\n", cpu);
	shell_exec("ps -o " PS_COLS " -p %d", tsk->pid);
	count = kstat_softirqs_cpu(IRQ_POLL_SOFTIRQ, cpu);
	runtime = READ_ONCE(tsk->se.sum_exec_runtime);
	nvcsw = READ_ONCE(tsk->nvcsw);
	nivcsw = READ_ONCE(tsk->nivcsw);

	open_softirq(IRQ_POLL_SOFTIRQ, demo_storm_action);
	storm.end = jiffies + msecs_to_jiffies(STORM_MS);
	wake_up_process(storm.raiser);
	storm_wait(&storm.raised, STORM_MS);
	msleep(STORM_MS / 4);
	/* smpboot_thread_fn() sets S for an instant before each look at the work: look again. */
	for (int i = 0; i < 10 && !running; i++)
		running = READ_ONCE(tsk->__state) == TASK_RUNNING;
	shell_printf("\ndemo_raise/%u raised IRQ_POLL with bottom halves off; its handler raises it "
		     "again on every run, for %d ms. %d ms in, ksoftirqd/%u %s; demo_raise/%u sleeps "
		     "until stopped (ps may catch ksoftirqd in the instant of S its loop sets before "
		     "each look at the work; WCHAN - says it is on the CPU):\n", cpu, STORM_MS,
		     STORM_MS / 4, cpu, running ? "has the work (R)" : "was not seen running (a bug)",
		     cpu);
	shell_exec("ps -o " PS_COLS " -p %d,%d", tsk->pid, storm.raiser->pid);

	storm_wait(&storm.over, 2 * STORM_MS);
	if (storm_settled(tsk, cpu, STORM_MS))
		shell_printf("\nThe handler stopped raising it: nothing pending, ksoftirqd/%u asleep "
			     "again (S):\n", cpu);
	else
		shell_printf("\nksoftirqd/%u still busy %d ms after the storm (a bug):\n", cpu,
			     STORM_MS);
	shell_exec("ps -o " PS_COLS " -p %d", tsk->pid);

	count = kstat_softirqs_cpu(IRQ_POLL_SOFTIRQ, cpu) - count;
	shell_printf("\nIRQ_POLL runs on CPU %u (its column of /proc/softirqs): +%u; the handler "
		     "counted %u:\n", cpu, count, READ_ONCE(storm.runs));
	shell_printf("  in demo_raise/%u's local_bh_enable(), before ksoftirqd/%u was woken: %u\n",
		     cpu, cpu, READ_ONCE(storm.runs_before));
	shell_printf("  in ksoftirqd/%u: %u\n", cpu, READ_ONCE(storm.runs_in_ksoftirqd));
	shell_printf("  after that on interrupt exit in other tasks: %u (few or none: while "
		     "ksoftirqd/%u is runnable, interrupt exits leave it the softirqs, as Linux 6.1's "
		     "ksoftirqd_running() does)\n",
		     READ_ONCE(storm.runs) - READ_ONCE(storm.runs_before) -
		     READ_ONCE(storm.runs_in_ksoftirqd), cpu);
	shell_printf("ksoftirqd/%u meanwhile (/proc/%d/sched): se.sum_exec_runtime +%llu ms, "
		     "nr_voluntary_switches +%lu, nr_involuntary_switches +%lu\n", cpu, tsk->pid,
		     (unsigned long long)(READ_ONCE(tsk->se.sum_exec_runtime) - runtime) / NSEC_PER_MSEC,
		     READ_ONCE(tsk->nvcsw) - nvcsw, READ_ONCE(tsk->nivcsw) - nivcsw);
	shell_printf("__do_softirq() runs what is pending, then looks again: raised meanwhile, it "
		     "goes round once more, but at most MAX_SOFTIRQ_RESTART (%d) times in all, for "
		     "at most MAX_SOFTIRQ_TIME (2 ms), and not while a task waits for the CPU.\n",
		     MAX_SOFTIRQ_RESTART);
	shell_puts("What is left then goes to ksoftirqd/N (wakeup_softirqd()), a nice-0 task the "
		   "scheduler shares the CPU with, so a storm of softirqs cannot starve the tasks. "
		   "Linux's __do_softirq() in kernel/softirq.c has the same rule. Until ksoftirqd/N "
		   "has run them all, interrupt exits and local_bh_enable() on its CPU leave the "
		   "softirqs to it, all but HI and TASKLET, which tasklets wait in.\n");

	/* IRQ_POLL has no handler in Spindle but the demos' and the self-tests'. */
	open_softirq(IRQ_POLL_SOFTIRQ, NULL);
	kthread_stop(storm.raiser);
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
	{ "lazytlb", "kernel threads borrow active_mm: no CR3 write when switching to one",
	  demo_lazytlb },
	{ "softirq", "a softirq raising itself handed to ksoftirqd/N, which goes R and back to S",
	  demo_softirq },
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
	{ "demo", "demo lifecycle|park|hotplug|fifo|lostwakeup|hungtask|worker|lazytlb|softirq",
	  "run a kthread pattern live and narrate it", cmd_demo },
	{}
};
