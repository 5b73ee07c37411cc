/* The workqueue benchmarks of make bench, measured as their kthread_worker counterparts in
 * tests/bench_sched.c: queue_work_on() to an idle kworker until the work function starts (this
 * CPU, another CPU), the queueing call alone, amortised throughput of empty works, and
 * queue_work() on system_bh_wq until the work function starts, as w_tasklet_latency. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <asm/processor.h>
#include <bench.h>

#define WARMUP		8
#define THROUGHPUT_BATCH	1024

struct timed_work {
	struct work_struct work;
	u64 t;
	struct task_struct *worker;
	struct completion ran;
};

static void timed_work_fn(struct work_struct *work)
{
	struct timed_work *tw = container_of(work, struct timed_work, work);

	tw->t = rdtsc();
	tw->worker = current;
	complete(&tw->ran);
}

/*
 * Every kworker of the pool idle off the CPU (TASK_IDLE, not queued, not running), so each
 * sample starts from a sleeping worker. The worker that ran the last sample is the one woken
 * next (the idle list is LIFO): waiting for it is waiting for the pool. @remote: sleep a tick
 * between looks rather than yield (see wait_until_sleeping_remote in bench_sched.c).
 */
static bool wait_worker_idle(struct task_struct *k, bool remote)
{
	for (unsigned int i = 0; i < 10000; i++) {
		if (!k || (READ_ONCE(k->__state) == TASK_IDLE && !READ_ONCE(k->on_rq) &&
			   !READ_ONCE(k->on_cpu)))
			return true;
		if (remote)
			schedule_timeout_uninterruptible(1);
		else
			yield();
	}
	return false;
}

static int queue_to_work(u64 *samples, unsigned int runs, int cpu)
{
	struct timed_work tw = { 0 };
	int ret = runs;

	INIT_WORK(&tw.work, timed_work_fn);
	init_completion(&tw.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_worker_idle(tw.worker, cpu != (int)smp_processor_id())) {
			ret = -ETIMEDOUT;
			break;
		}
		t0 = rdtsc();
		queue_work_on(cpu, system_wq, &tw.work);
		wait_for_completion(&tw.ran);
		if (i >= WARMUP)
			samples[i - WARMUP] = tw.t - t0;
	}
	flush_work(&tw.work);
	return ret;
}

/* queue_work_on(this CPU, system_wq) with the kworker idle, until the work function starts. */
static int bench_queue_work_same_cpu(u64 *samples, unsigned int runs)
{
	return queue_to_work(samples, runs, smp_processor_id());
}

/* The same from CPU 0 to CPU 1's pool: the IPI, CPU 1 leaving hlt, the switch there. */
static int bench_queue_work_other_cpu(u64 *samples, unsigned int runs)
{
	if (num_online_cpus() < 2)
		return -ENODEV;
	return queue_to_work(samples, runs, smp_processor_id() ? 0 : 1);
}

static void empty_work_fn(struct work_struct *work)
{
}

/* queue_work_on() alone, of an idle work (not pending, not running) to this CPU's pool. */
static int bench_queue_work_call(u64 *samples, unsigned int runs)
{
	struct work_struct w;
	int cpu = smp_processor_id();

	INIT_WORK(&w, empty_work_fn);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		flush_work(&w);
		t0 = rdtsc();
		queue_work_on(cpu, system_wq, &w);
		if (i >= WARMUP)
			samples[i - WARMUP] = rdtsc() - t0;
	}
	flush_work(&w);
	return runs;
}

/* 1024 empty works on a private workqueue, then flush_workqueue(): per work, amortised. */
static int bench_throughput_per_work(u64 *samples, unsigned int runs)
{
	struct work_struct *works = kmalloc_array(THROUGHPUT_BATCH, sizeof(*works), GFP_KERNEL);
	struct workqueue_struct *wq;
	int cpu = smp_processor_id();

	if (!works)
		return -ENOMEM;
	wq = alloc_workqueue("bench_wq", 0, WQ_MAX_ACTIVE);
	if (!wq) {
		kfree(works);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < THROUGHPUT_BATCH; i++)
		INIT_WORK(&works[i], empty_work_fn);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0 = rdtsc();

		for (unsigned int w = 0; w < THROUGHPUT_BATCH; w++)
			queue_work_on(cpu, wq, &works[w]);
		flush_workqueue(wq);
		if (i >= WARMUP)
			samples[i - WARMUP] = (rdtsc() - t0) / THROUGHPUT_BATCH;
	}
	destroy_workqueue(wq);
	kfree(works);
	return runs;
}

/*
 * From a thread, queue_work() on system_bh_wq: as tasklet_schedule() in w_tasklet_latency, the
 * raise wakes this CPU's ksoftirqd (no interrupt exit is coming) and the thread sleeps until
 * the work ran. Every sample starts from a ksoftirqd asleep off the run queue.
 */
static int bench_bh_work_latency(u64 *samples, unsigned int runs)
{
	struct task_struct *ksoftirqd = this_cpu_ksoftirqd();
	struct timed_work tw = { 0 };
	int ret = runs;

	INIT_WORK(&tw.work, timed_work_fn);
	init_completion(&tw.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;
		unsigned int y;

		for (y = 0; y < 10000; y++) {
			if (READ_ONCE(ksoftirqd->__state) == TASK_INTERRUPTIBLE &&
			    !READ_ONCE(ksoftirqd->on_rq) && !READ_ONCE(ksoftirqd->on_cpu))
				break;
			yield();
		}
		if (y == 10000) {
			ret = -ETIMEDOUT;
			break;
		}
		t0 = rdtsc();
		queue_work(system_bh_wq, &tw.work);
		wait_for_completion(&tw.ran);
		if (i >= WARMUP)
			samples[i - WARMUP] = tw.t - t0;
	}
	flush_work(&tw.work);
	return ret;
}

static const struct bench w_queue_work_same_cpu = {
	"w_queue_work_same_cpu", 1000, bench_queue_work_same_cpu
};
static const struct bench w_queue_work_other_cpu = {
	"w_queue_work_other_cpu", 500, bench_queue_work_other_cpu
};
static const struct bench w_queue_work_call = {
	"w_queue_work_call", 1000, bench_queue_work_call
};
static const struct bench w_throughput_per_work = {
	"w_throughput_per_work", 200, bench_throughput_per_work
};
bench_register(w_queue_work_same_cpu);
bench_register(w_queue_work_other_cpu);
bench_register(w_queue_work_call);
static const struct bench w_bh_work_latency = {
	"w_bh_work_latency", 1000, bench_bh_work_latency
};
bench_register(w_throughput_per_work);
bench_register(w_bh_work_latency);
