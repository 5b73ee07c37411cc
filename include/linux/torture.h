/* Torture tests (kernel/torture.c and the tests built on it, Linux's layout): a test chosen by
 * torture=<type> runs after the self-tests for torture.duration= seconds, its threads doing random
 * operations while a hotplug thread takes random CPUs offline and online underneath, and it ends
 * with one line, "<type>-torture: SUCCESS" or "... FAILURE", as rcutorture and locktorture end. */
#ifndef _LINUX_TORTURE_H
#define _LINUX_TORTURE_H

#include <linux/types.h>
#include <linux/cpumask.h>

/* The options, as the command line set them (kernel/torture.c; docs/testing.md, "Torture"). */
struct torture_params {
	unsigned int duration;		/* torture.duration=: seconds of guest time (jiffies) */
	unsigned int threads;		/* torture.threads=: operator threads; 0 = 2 per CPU */
	unsigned int hotplug;		/* torture.hotplug=: ms between hotplug steps; 0 = none */
	unsigned int stat_interval;	/* torture.stat_interval=: seconds between stats lines */
	u64 seed;			/* torture.seed=: every PRNG derives from it */
};
extern struct torture_params torture_param;

/*
 * A small deterministic PRNG, one per thread (xorshift64*). Linux's torture_random() adds
 * local_clock() every 10000 draws; this one never does, so a thread seeded the same draws the
 * same operations, which is what torture.seed= replays.
 */
struct torture_random_state {
	u64 state;
};

/* Seed @trsp for the thread numbered @id: torture.seed mixed with @id (splitmix64). */
void torture_random_init(struct torture_random_state *trsp, u64 id);
u64 torture_random(struct torture_random_state *trsp);
/* A number in [0, @n). */
static inline unsigned long torture_random_below(struct torture_random_state *trsp,
						 unsigned long n)
{
	return n ? (unsigned long)((torture_random(trsp) >> 11) % n) : 0;
}

/* Has the test's time run out (or was it asked to end)? The test's threads poll this. */
bool torture_must_stop(void);
/* The time is up: torture_must_stop() is true from now on. */
void torture_end(void);

/*
 * The hotplug thread (Linux's torture_onoff): every torture.hotplug= ms (with random fuzz)
 * picks a random CPU other than CPU 0 and takes it offline if it is online, online if not.
 * torture_onoff_stop() stops it and brings every CPU back online.
 */
int torture_onoff_init(void);
void torture_onoff_stop(void);
/* Online and offline attempts and successes so far. */
struct torture_onoff_counts {
	unsigned long on_attempts, on_ok, off_attempts, off_ok;
	unsigned long on_jiffies_max, off_jiffies_max;
};
void torture_onoff_counts(struct torture_onoff_counts *c);
/* Twice the times the hotplug thread took @cpu offline, odd while it does: a thread bound to
 * @cpu may lose its binding only when this moved (Linux's select_fallback_rq() widens its
 * mask). */
unsigned long torture_cpu_offline_count(unsigned int cpu);

/* Free pages, slab objects, tasks and PIDs, read after draining the caches, for leak checks. */
struct torture_usage {
	unsigned long pages, objects, tasks, pids;
};
void torture_usage_read(struct torture_usage *u);

/* torture= was given: ktest leaves ending the run (and QEMU) to torture_run(). */
bool torture_requested(void);
/* Run the test torture= names, then end the run as ktest would (kernel_init, after ktest). */
void torture_run(void);

/* The tests. Each returns true when it failed. */
bool kthread_torture(void);

#endif
