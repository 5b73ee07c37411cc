/* The scheduler and kthread benchmarks of make bench: thread creation and stop, switches, worker
 * latency and throughput, park/unpark, RT wake-up preemption; each sample is a TSC delta. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timer.h>
#include <asm/processor.h>
#include <bench.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

/* Runs before the measured ones: warm the stack cache, the slab caches and the PID path. */
#define WARMUP		8

/* Sleep in TASK_INTERRUPTIBLE until kthread_stop(): the classic idle kthread loop. */
static void idle_until_stop(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* kthread_create() bound to the caller's CPU: the benchmarks measure one CPU's paths. */
static struct task_struct *create_here(int (*fn)(void *), void *data, const char *name)
{
	struct task_struct *k = kthread_create(fn, data, "%s", name);

	if (!IS_ERR(k))
		kthread_bind(k, smp_processor_id());
	return k;
}

/* ---- a: creation and stop ---------------------------------------------------------------- */

struct first_run {
	u64 t;
	struct completion started;
};

static int first_run_fn(void *data)
{
	struct first_run *fr = data;

	fr->t = rdtsc();
	complete(&fr->started);
	idle_until_stop();
	return 0;
}

/* kthread_create() + wake_up_process() until the thread's first instruction. */
static int bench_create_to_first_run(u64 *samples, unsigned int runs)
{
	struct first_run fr;

	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		struct task_struct *k;
		u64 t0;

		init_completion(&fr.started);
		t0 = rdtsc();
		k = kthread_create(first_run_fn, &fr, "bench_create");
		if (IS_ERR(k))
			return PTR_ERR(k);
		wake_up_process(k);
		wait_for_completion(&fr.started);
		if (i >= WARMUP)
			samples[i - WARMUP] = fr.t - t0;
		kthread_stop(k);
	}
	return runs;
}

static int idle_fn(void *unused)
{
	idle_until_stop();
	return 0;
}

/* kthread_stop() of a created, woken thread that idles in schedule(), until it returns. */
static int bench_kthread_stop_idle(u64 *samples, unsigned int runs)
{
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		struct task_struct *k = create_here(idle_fn, NULL, "bench_idle");
		u64 t0, t1;
		int ret;

		if (IS_ERR(k))
			return PTR_ERR(k);
		wake_up_process(k);
		if (!wait_until_sleeping(k, TASK_INTERRUPTIBLE)) {
			kthread_stop(k);
			return -ETIMEDOUT;
		}
		t0 = rdtsc();
		ret = kthread_stop(k);
		t1 = rdtsc();
		if (ret)
			return -EINVAL;
		if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	return runs;
}

/* ---- b: two threads on one CPU handing the CPU to each other ---------------------------- */

struct pingpong {
	struct task_struct *task[2];
	struct completion to[2];	/* the completion variant: "your turn" */
	struct completion done;		/* all samples taken */
	int turn;			/* the wake_up_process variant: whose turn it is */
	bool finished;
	u64 handed;			/* TSC when the last hand-over started */
	u64 *samples;
	unsigned int n, runs;
};

struct pingpong_side {
	struct pingpong *pp;
	int me;
};

/* Record one switch (hand-over start to the other side running); true when all are taken. */
static bool pingpong_record(struct pingpong *pp, u64 now)
{
	if (pp->handed && pp->n < pp->runs + WARMUP) {
		if (pp->n >= WARMUP)
			pp->samples[pp->n - WARMUP] = now - pp->handed;
		pp->n++;
	}
	if (pp->n < pp->runs + WARMUP)
		return false;
	WRITE_ONCE(pp->finished, true);
	complete(&pp->done);
	return true;
}

/* Each side sleeps until it is its turn, then wakes the other with wake_up_process(). */
static int wake_pingpong_fn(void *data)
{
	struct pingpong_side *side = data;
	struct pingpong *pp = side->pp;
	int me = side->me;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(pp->finished))
			break;
		if (READ_ONCE(pp->turn) != me) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		if (pingpong_record(pp, rdtsc())) {
			wake_up_process(pp->task[!me]);
			break;
		}
		pp->handed = rdtsc();
		WRITE_ONCE(pp->turn, !me);
		wake_up_process(pp->task[!me]);
	}
	__set_current_state(TASK_RUNNING);
	idle_until_stop();
	return 0;
}

/* The same hand-over through two completions. */
static int completion_pingpong_fn(void *data)
{
	struct pingpong_side *side = data;
	struct pingpong *pp = side->pp;
	int me = side->me;

	for (;;) {
		wait_for_completion(&pp->to[me]);
		if (READ_ONCE(pp->finished))
			break;
		if (pingpong_record(pp, rdtsc())) {
			complete(&pp->to[!me]);
			break;
		}
		pp->handed = rdtsc();
		complete(&pp->to[!me]);
	}
	idle_until_stop();
	return 0;
}

/*
 * Start both sides of a ping-pong level. CFS places a new task's vruntime a slice above its
 * queue's min_vruntime, and the slice depends on how many tasks are runnable at that moment, so
 * two threads created one after the other can start up to a latency period (sysctl_sched_latency,
 * 6 ms per CPU factor) apart. If one side trails the other by more than the wake-up granularity
 * (1 ms per CPU factor), each of its wake-ups preempts the waker, whose own wake-up later finds
 * it still queued: the samples alternate between two paths some 200 instructions apart and the
 * median lands on either, depending on what ran before. Running this CPU for two latency periods
 * first leaves both sleepers' vruntimes under place_entity()'s bound, half a latency period below
 * min_vruntime, so both wake at the same vruntime and every sample takes the path the benchmark
 * names: the wake-up, then the waker's own schedule().
 */
static void level_new_sleepers(void)
{
	u64 end = local_clock() + 2ULL * sysctl_sched_latency;

	while (local_clock() < end)
		cpu_relax();
}

static int run_pingpong(u64 *samples, unsigned int runs, int (*fn)(void *))
{
	struct pingpong_side side[2];
	struct pingpong pp = { .samples = samples, .runs = runs };
	int err = 0;

	init_completion(&pp.done);
	for (int i = 0; i < 2; i++) {
		init_completion(&pp.to[i]);
		side[i] = (struct pingpong_side){ .pp = &pp, .me = i };
		pp.task[i] = create_here(fn, &side[i], i ? "bench_pong" : "bench_ping");
		if (IS_ERR(pp.task[i])) {
			err = PTR_ERR(pp.task[i]);
			if (i)
				kthread_stop(pp.task[0]);
			return err;
		}
	}
	level_new_sleepers();
	complete(&pp.to[0]);
	wake_up_process(pp.task[0]);
	wake_up_process(pp.task[1]);
	wait_for_completion(&pp.done);
	kthread_stop(pp.task[0]);
	kthread_stop(pp.task[1]);
	return runs;
}

/* Per switch: wake_up_process() + schedule() on one side until the other side runs. */
static int bench_switch_wake_schedule(u64 *samples, unsigned int runs)
{
	return run_pingpong(samples, runs, wake_pingpong_fn);
}

/* Per switch: complete() + wait_for_completion() until the other side runs. */
static int bench_switch_completion(u64 *samples, unsigned int runs)
{
	return run_pingpong(samples, runs, completion_pingpong_fn);
}

/* ---- d: kthread_worker -------------------------------------------------------------------- */

struct timed_work {
	struct kthread_work work;
	u64 t;
	struct completion ran;
};

static void timed_work_fn(struct kthread_work *work)
{
	struct timed_work *tw = container_of(work, struct timed_work, work);

	tw->t = rdtsc();
	complete(&tw->ran);
}

static struct kthread_worker *worker_here(void)
{
	int cpu = smp_processor_id();

	return kthread_create_worker_on_cpu(cpu, 0, "bench_kworker/%d", cpu);
}

/* kthread_queue_work() to an idle worker on this CPU until its work function starts. */
static int bench_queue_to_work(u64 *samples, unsigned int runs)
{
	struct kthread_worker *worker = worker_here();
	struct timed_work tw;
	int ret = runs;

	if (IS_ERR(worker))
		return PTR_ERR(worker);
	kthread_init_work(&tw.work, timed_work_fn);
	init_completion(&tw.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_until_sleeping(worker->task, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		/* The queuer then sleeps until the work ran, as a caller waiting for its work does. */
		t0 = rdtsc();
		kthread_queue_work(worker, &tw.work);
		wait_for_completion(&tw.ran);
		if (i >= WARMUP)
			samples[i - WARMUP] = tw.t - t0;
	}
	kthread_destroy_worker(worker);
	return ret;
}

#define THROUGHPUT_BATCH	1024

static void empty_work_fn(struct kthread_work *work)
{
}

/* Queue a batch of empty works, flush the worker: the time per work, amortised. */
static int bench_throughput_per_work(u64 *samples, unsigned int runs)
{
	struct kthread_work *works = kmalloc_array(THROUGHPUT_BATCH, sizeof(*works), GFP_KERNEL);
	struct kthread_worker *worker;

	if (!works)
		return -ENOMEM;
	worker = worker_here();
	if (IS_ERR(worker)) {
		kfree(works);
		return PTR_ERR(worker);
	}
	for (unsigned int i = 0; i < THROUGHPUT_BATCH; i++)
		kthread_init_work(&works[i], empty_work_fn);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0 = rdtsc();

		for (unsigned int w = 0; w < THROUGHPUT_BATCH; w++)
			kthread_queue_work(worker, &works[w]);
		kthread_flush_worker(worker);
		if (i >= WARMUP)
			samples[i - WARMUP] = (rdtsc() - t0) / THROUGHPUT_BATCH;
	}
	kthread_destroy_worker(worker);
	kfree(works);
	return runs;
}

/* ---- c, d across CPUs: a wake-up and a work item from CPU 0 to a thread on CPU 1 -------- */

/*
 * wait_until_sleeping() for a thread on another CPU: sleep a tick between looks instead of
 * yielding. Under -icount QEMU runs the virtual CPUs in turn, and a CPU spinning in yield()
 * keeps the other from running for its whole turn; sleeping hands it over at once. The thread
 * is nearly always asleep already at the first look.
 */
static bool wait_until_sleeping_remote(struct task_struct *k, unsigned int state)
{
	for (unsigned int i = 0; i < 1000; i++) {
		if (READ_ONCE(k->__state) == state && !READ_ONCE(k->on_rq) &&
		    !READ_ONCE(k->on_cpu))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

struct xcpu_wake {
	u64 woken;		/* TSC in the woken thread, back from schedule() */
	bool go;
	struct completion back;
};

/* On CPU 1: block in schedule() until woken with go set, stamp, tell CPU 0, block again. */
static int xcpu_wakee_fn(void *data)
{
	struct xcpu_wake *x = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (!READ_ONCE(x->go)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		x->woken = rdtsc();
		WRITE_ONCE(x->go, false);
		complete(&x->back);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* wake_up_process() on CPU 0 (where the runner keeps every benchmark) of a thread bound to CPU 1 blocked in schedule(); the waker then
 * blocks (wait_for_completion): until the woken thread runs. The reschedule IPI, CPU 1 leaving
 * hlt and the switch there are all in it. TSCs are synchronised (one clock under icount). */
static int bench_xcpu_wake(u64 *samples, unsigned int runs)
{
	struct xcpu_wake x = { 0 };
	struct task_struct *k;
	int ret = runs;

	if (num_online_cpus() < 2)
		return -ENODEV;
	init_completion(&x.back);
	k = kthread_create_on_cpu(xcpu_wakee_fn, &x, 1, "bench_xwake/%u");
	if (IS_ERR(k))
		return PTR_ERR(k);
	wake_up_process(k);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_until_sleeping_remote(k, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		WRITE_ONCE(x.go, true);
		t0 = rdtsc();
		wake_up_process(k);
		wait_for_completion(&x.back);
		if (i >= WARMUP)
			samples[i - WARMUP] = x.woken - t0;
	}
	kthread_stop(k);
	return ret;
}

/* kthread_queue_work() on CPU 0 to an idle worker bound to CPU 1 until the work starts. */
static int bench_queue_to_work_other_cpu(u64 *samples, unsigned int runs)
{
	struct kthread_worker *worker;
	struct timed_work tw;
	int ret = runs;

	if (num_online_cpus() < 2)
		return -ENODEV;
	worker = kthread_create_worker_on_cpu(1, 0, "bench_kworker/%d", 1);
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	kthread_init_work(&tw.work, timed_work_fn);
	init_completion(&tw.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_until_sleeping_remote(worker->task, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		t0 = rdtsc();
		kthread_queue_work(worker, &tw.work);
		wait_for_completion(&tw.ran);
		if (i >= WARMUP)
			samples[i - WARMUP] = tw.t - t0;
	}
	kthread_destroy_worker(worker);
	return ret;
}

/* ---- e: park and unpark ------------------------------------------------------------------ */

struct park_resume {
	struct task_struct *task;
	u64 resumed;		/* TSC when the thread came back from kthread_parkme() */
};

/* Idle in schedule() until stopped; park when asked, and stamp each return from parking. */
static int park_resume_fn(void *data)
{
	struct park_resume *pr = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (kthread_should_park()) {
			__set_current_state(TASK_RUNNING);
			kthread_parkme();
			WRITE_ONCE(pr->resumed, rdtsc());
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* kthread_park() + kthread_unpark() of a thread idling in schedule(). */
static int bench_park_unpark(u64 *samples, unsigned int runs)
{
	struct park_resume pr = { 0 };
	struct task_struct *k = create_here(park_resume_fn, &pr, "bench_park");
	int ret = runs;

	if (IS_ERR(k))
		return PTR_ERR(k);
	wake_up_process(k);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0, t1;

		if (!wait_until_sleeping(k, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		t0 = rdtsc();
		if (kthread_park(k)) {
			ret = -EINVAL;
			break;
		}
		kthread_unpark(k);
		t1 = rdtsc();
		if (i >= WARMUP)
			samples[i - WARMUP] = t1 - t0;
	}
	kthread_stop(k);
	return ret;
}

/*
 * kthread_park() + kthread_unpark() until the thread runs again: the unparked thread is woken
 * by kthread_unpark(), and the caller sleeps so it can run (the hotplug path: cpuhp/N unparks
 * the smpboot threads, then waits for them).
 */
static int bench_park_to_resumed(u64 *samples, unsigned int runs)
{
	struct park_resume pr = { 0 };
	int ret = runs;

	pr.task = create_here(park_resume_fn, &pr, "bench_park2");
	if (IS_ERR(pr.task))
		return PTR_ERR(pr.task);
	wake_up_process(pr.task);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_until_sleeping(pr.task, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		pr.resumed = 0;
		t0 = rdtsc();
		if (kthread_park(pr.task)) {
			ret = -EINVAL;
			break;
		}
		kthread_unpark(pr.task);
		if (!wait_until_sleeping(pr.task, TASK_INTERRUPTIBLE) || !READ_ONCE(pr.resumed)) {
			ret = -ETIMEDOUT;
			break;
		}
		if (i >= WARMUP)
			samples[i - WARMUP] = pr.resumed - t0;
	}
	kthread_stop(pr.task);
	return ret;
}

/* ---- f: an RT wake-up preempting a spinning SCHED_NORMAL thread ------------------------- */

struct fifo_preempt {
	struct timer_list timer;
	struct task_struct *fifo, *spinner;
	struct completion done;
	u64 woken;		/* TSC in the timer callback, just before the wake-up */
	bool over_spinner;	/* the tick interrupted the spinner (not idle, not the runner) */
	u64 *samples;
	unsigned int runs;
};

/* The tick's timer callback: it interrupted the spinner and wakes the FIFO thread; the
 * interrupt return then preempts the spinner, which never calls schedule(). */
static void fifo_wake_timer_fn(struct timer_list *t)
{
	struct fifo_preempt *fp = from_timer(fp, t, timer);

	fp->over_spinner = current == fp->spinner;
	fp->woken = rdtsc();
	wake_up_process(fp->fifo);
}

static int spinner_fn(void *unused)
{
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

static int fifo_fn(void *data)
{
	struct fifo_preempt *fp = data;
	unsigned int n = 0;

	while (n < fp->runs + WARMUP) {
		u64 now;

		set_current_state(TASK_UNINTERRUPTIBLE);
		mod_timer(&fp->timer, jiffies + 1);
		schedule();
		now = rdtsc();
		/* Only wake-ups that found the spinner on the CPU are what is measured. */
		if (!fp->over_spinner)
			continue;
		if (n >= WARMUP)
			fp->samples[n - WARMUP] = now - fp->woken;
		n++;
	}
	complete(&fp->done);
	idle_until_stop();
	return 0;
}

/* A FIFO-50 thread woken (from the tick) while a SCHED_NORMAL thread spins, until it runs. */
static int bench_fifo_preempt_busyloop(u64 *samples, unsigned int runs)
{
	struct fifo_preempt fp = { .samples = samples, .runs = runs };

	init_completion(&fp.done);
	timer_setup(&fp.timer, fifo_wake_timer_fn, 0);
	fp.spinner = create_here(spinner_fn, NULL, "bench_spin");
	if (IS_ERR(fp.spinner))
		return PTR_ERR(fp.spinner);
	fp.fifo = create_here(fifo_fn, &fp, "bench_fifo");
	if (IS_ERR(fp.fifo)) {
		kthread_stop(fp.spinner);
		return PTR_ERR(fp.fifo);
	}
	sched_set_fifo(fp.fifo);
	wake_up_process(fp.spinner);
	wake_up_process(fp.fifo);
	wait_for_completion(&fp.done);
	kthread_stop(fp.fifo);
	del_timer_sync(&fp.timer);
	kthread_stop(fp.spinner);
	return runs;
}

/* ---- Registration -------------------------------------------------------------------------- */

static const struct bench a_create_to_first_run = {
	"a_create_to_first_run", 300, bench_create_to_first_run
};
static const struct bench a_kthread_stop_idle = {
	"a_kthread_stop_idle", 300, bench_kthread_stop_idle
};
static const struct bench b_switch_wake_schedule = {
	"b_switch_wake_schedule", 1000, bench_switch_wake_schedule
};
static const struct bench b_switch_completion = {
	"b_switch_completion", 1000, bench_switch_completion
};
static const struct bench d_queue_to_work_same_cpu = {
	"d_queue_to_work_same_cpu", 1000, bench_queue_to_work
};
static const struct bench d_throughput_per_work = {
	"d_throughput_per_work", 200, bench_throughput_per_work
};
static const struct bench e_park_unpark_calls = {
	"e_park_unpark_calls", 500, bench_park_unpark
};
static const struct bench e_park_to_resumed = {
	"e_park_to_resumed", 500, bench_park_to_resumed
};
static const struct bench c_xcpu_wake = {
	"c_xcpu_wake", 500, bench_xcpu_wake
};
static const struct bench d_queue_to_work_other_cpu = {
	"d_queue_to_work_other_cpu", 500, bench_queue_to_work_other_cpu
};
static const struct bench f_fifo_preempt_busyloop = {
	"f_fifo_preempt_busyloop", 200, bench_fifo_preempt_busyloop
};
bench_register(a_create_to_first_run);
bench_register(a_kthread_stop_idle);
bench_register(b_switch_wake_schedule);
bench_register(b_switch_completion);
bench_register(d_queue_to_work_same_cpu);
bench_register(d_throughput_per_work);
bench_register(e_park_unpark_calls);
bench_register(e_park_to_resumed);
bench_register(c_xcpu_wake);
bench_register(d_queue_to_work_other_cpu);
bench_register(f_fifo_preempt_busyloop);
