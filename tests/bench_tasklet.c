/* The tasklet benchmarks of make bench: tasklet_schedule() to the first instruction of the
 * tasklet's function, from a thread (ksoftirqd runs it) and inside a bottom-half-off section
 * (local_bh_enable() runs it). Each sample is a TSC delta, a guest instruction under -icount. */
#include <linux/kernel.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <asm/processor.h>
#include <bench.h>
#include "sched_test_util.h"

/* Runs before the measured ones: warm the paths and the caches. */
#define WARMUP		8

struct timed_tasklet {
	struct tasklet_struct tasklet;
	u64 t;
	struct completion ran;
};

static void timed_callback(struct tasklet_struct *t)
{
	struct timed_tasklet *tt = from_tasklet(tt, t, tasklet);

	tt->t = rdtsc();
	complete(&tt->ran);
}

/*
 * From a thread: tasklet_schedule() wakes this CPU's ksoftirqd (no interrupt exit is coming),
 * the thread sleeps until the function ran, as one waiting for its tasklet does, and ksoftirqd
 * runs the softirq. The runner is bound to CPU 0, so is the tasklet.
 */
static int bench_tasklet_latency(u64 *samples, unsigned int runs)
{
	struct task_struct *ksoftirqd = this_cpu_ksoftirqd();
	struct timed_tasklet tt;
	int ret = runs;

	tasklet_setup(&tt.tasklet, timed_callback);
	init_completion(&tt.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		if (!wait_until_sleeping(ksoftirqd, TASK_INTERRUPTIBLE)) {
			ret = -ETIMEDOUT;
			break;
		}
		t0 = rdtsc();
		tasklet_schedule(&tt.tasklet);
		wait_for_completion(&tt.ran);
		if (i >= WARMUP)
			samples[i - WARMUP] = tt.t - t0;
	}
	tasklet_kill(&tt.tasklet);
	return ret;
}

/* Scheduled with bottom halves off: local_bh_enable() runs the softirq in this thread. */
static int bench_tasklet_bh_enable(u64 *samples, unsigned int runs)
{
	struct timed_tasklet tt;

	tasklet_setup(&tt.tasklet, timed_callback);
	init_completion(&tt.ran);
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0;

		local_bh_disable();
		t0 = rdtsc();
		tasklet_schedule(&tt.tasklet);
		local_bh_enable();
		if (i >= WARMUP)
			samples[i - WARMUP] = tt.t - t0;
	}
	tasklet_kill(&tt.tasklet);
	return runs;
}

static const struct bench w_tasklet_latency = {
	"w_tasklet_latency", 500, bench_tasklet_latency
};
static const struct bench w_tasklet_bh_enable = {
	"w_tasklet_bh_enable", 1000, bench_tasklet_bh_enable
};
bench_register(w_tasklet_latency);
bench_register(w_tasklet_bh_enable);
