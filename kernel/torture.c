/* What every torture test shares (Linux keeps it in kernel/torture.c too): the torture.* options,
 * the per-thread PRNG, the hotplug thread that takes random CPUs offline and online under the
 * test, the leak-check reading, and torture_run(), which kernel_init calls after the self-tests to
 * run the test torture= names and end the run with its verdict. */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/torture.h>
#include <asm/pgtable.h>
#include <bench.h>
#include <ktest.h>

#define TORTURE_TYPE_LEN	32

struct torture_params torture_param = {
	.duration = 60,
	.hotplug = 100,
	.stat_interval = 5,
};
static char torture_type[TORTURE_TYPE_LEN];	/* torture=: "" runs none */
static bool torture_seed_given;
static bool torture_stopping;

/* torture=<type>: the test to run after the self-tests (kthread is the one there is). */
static int torture_setup(char *value)
{
	if (!*value || strlen(value) >= sizeof(torture_type))
		return -EINVAL;
	strscpy(torture_type, value, sizeof(torture_type));
	return 0;
}
__setup("torture=", torture_setup);

static int torture_uint_setup(char *value, unsigned int *where, unsigned int min)
{
	unsigned int v;

	if (kstrtouint(value, 0, &v) || v < min)
		return -EINVAL;
	*where = v;
	return 0;
}

static int torture_duration_setup(char *value)
{
	return torture_uint_setup(value, &torture_param.duration, 1);
}
__setup("torture.duration=", torture_duration_setup);

static int torture_threads_setup(char *value)
{
	return torture_uint_setup(value, &torture_param.threads, 0);
}
__setup("torture.threads=", torture_threads_setup);

static int torture_hotplug_setup(char *value)
{
	return torture_uint_setup(value, &torture_param.hotplug, 0);
}
__setup("torture.hotplug=", torture_hotplug_setup);

static int torture_stat_interval_setup(char *value)
{
	return torture_uint_setup(value, &torture_param.stat_interval, 1);
}
__setup("torture.stat_interval=", torture_stat_interval_setup);

static int torture_seed_setup(char *value)
{
	unsigned long long v;

	if (kstrtoull(value, 0, &v))
		return -EINVAL;
	torture_param.seed = v;
	torture_seed_given = true;
	return 0;
}
__setup("torture.seed=", torture_seed_setup);

/**
 * torture_requested - whether the command line chose a torture test (torture=<type>)
 *
 * Context: any, after the command line was parsed. Return: true if it did.
 */
bool torture_requested(void)
{
	return torture_type[0] != '\0';
}

/**
 * torture_must_stop - whether the test's time is up (torture_end() was called)
 *
 * The test's threads poll this between operations, as Linux's torture_must_stop().
 *
 * Context: any. Return: true once they must wind down.
 */
bool torture_must_stop(void)
{
	return READ_ONCE(torture_stopping);
}

/* ---- The PRNG ----------------------------------------------------------------------------- */

/* splitmix64's finaliser: spreads a seed and a thread number over all 64 bits. */
static u64 torture_mix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/**
 * torture_random_init - seed a thread's PRNG from torture.seed and the thread's number
 * @trsp: the thread's state
 * @id: its stream number (operator N uses N; the hotplug thread its own)
 *
 * Context: any. Return: nothing.
 */
void torture_random_init(struct torture_random_state *trsp, u64 id)
{
	trsp->state = torture_mix(torture_param.seed ^ torture_mix(id)) | 1;
}

/**
 * torture_random - the next 64 bits of a thread's PRNG (xorshift64*)
 * @trsp: the thread's state, used by that thread only
 *
 * Context: any; no lock (the state is the caller's own). Return: the number.
 */
u64 torture_random(struct torture_random_state *trsp)
{
	u64 x = trsp->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	trsp->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* ---- Leak checks -------------------------------------------------------------------------- */

/* Tasks still on the task list that are exiting or have exited: in do_exit() (PF_EXITING)
 * until the last put_task_struct() frees them. */
static unsigned int torture_exiting_tasks(void)
{
	struct task_struct *p;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n += !!(READ_ONCE(p->flags) & PF_EXITING);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/**
 * torture_usage_read - read free pages, slab objects, tasks and PIDs for the leak check
 * @u: where the counts go
 *
 * Read once no task is left half-way out (at most 10 s). kthread_stop() returns as soon as the
 * thread's do_exit() has freed its PID and signalled the exit, as in Linux; the thread then
 * still runs to its last switch, after which its stack and task are freed.
 * drain_cached_stacks() waits only for tasks already dead; a loaded host can leave the
 * thread's vCPU unscheduled longer, even before it is dead, and a baseline read then counts a
 * task that is gone at the end.
 *
 * Context: process context; sleeps. Return: nothing.
 */
void torture_usage_read(struct torture_usage *u)
{
	for (int i = 0; i < 10 * HZ && torture_exiting_tasks(); i++)
		schedule_timeout_uninterruptible(1);
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

/* ---- The hotplug thread ------------------------------------------------------------------- */

/* The PRNG stream numbers: the test's threads use 0, 1, ...; the hotplug thread this one. */
#define TORTURE_ONOFF_ID	0xfffffffeULL

static struct task_struct *onoff_task;
static struct torture_onoff_counts onoff_counts;
static unsigned long cpu_offline_count[NR_CPUS];

/**
 * torture_onoff_counts - a copy of the hotplug thread's counts (Linux's onoff figures)
 * @c: where they go
 *
 * Context: any; each field is read once, without a lock. Return: nothing.
 */
void torture_onoff_counts(struct torture_onoff_counts *c)
{
	*c = (struct torture_onoff_counts){
		.on_attempts = READ_ONCE(onoff_counts.on_attempts),
		.on_ok = READ_ONCE(onoff_counts.on_ok),
		.off_attempts = READ_ONCE(onoff_counts.off_attempts),
		.off_ok = READ_ONCE(onoff_counts.off_ok),
		.on_jiffies_max = READ_ONCE(onoff_counts.on_jiffies_max),
		.off_jiffies_max = READ_ONCE(onoff_counts.off_jiffies_max),
	};
}

/**
 * torture_cpu_offline_count - how many times the hotplug thread began or ended taking @cpu down
 * @cpu: the CPU
 *
 * Odd while a remove_cpu() of it is under way: a thread that finds its binding to @cpu lost
 * compares two reads to tell whether this thread's step caused it.
 *
 * Context: any. Return: the count (0 for a CPU number past NR_CPUS).
 */
unsigned long torture_cpu_offline_count(unsigned int cpu)
{
	return cpu < NR_CPUS ? __atomic_load_n(&cpu_offline_count[cpu], __ATOMIC_ACQUIRE) : 0;
}

/* Take @cpu offline. The CPU's count moves before remove_cpu() starts and again after it ends (odd
 * meanwhile), so whoever sees a thread's binding lost to this step sees the count moved, or
 * odd: a step under way. */
static void torture_offline(unsigned int cpu)
{
	unsigned long start = jiffies, took;
	int ret;

	WRITE_ONCE(onoff_counts.off_attempts, onoff_counts.off_attempts + 1);
	__atomic_add_fetch(&cpu_offline_count[cpu], 1, __ATOMIC_ACQ_REL);
	ret = remove_cpu(cpu);
	__atomic_add_fetch(&cpu_offline_count[cpu], 1, __ATOMIC_ACQ_REL);
	if (ret) {
		pr_alert("torture: remove_cpu(%u) failed: %d\n", cpu, ret);
		return;
	}
	took = jiffies - start;
	WRITE_ONCE(onoff_counts.off_ok, onoff_counts.off_ok + 1);
	if (took > onoff_counts.off_jiffies_max)
		WRITE_ONCE(onoff_counts.off_jiffies_max, took);
}

static void torture_online(unsigned int cpu)
{
	unsigned long start = jiffies, took;
	int ret;

	WRITE_ONCE(onoff_counts.on_attempts, onoff_counts.on_attempts + 1);
	ret = add_cpu(cpu);
	if (ret) {
		pr_alert("torture: add_cpu(%u) failed: %d\n", cpu, ret);
		return;
	}
	took = jiffies - start;
	WRITE_ONCE(onoff_counts.on_ok, onoff_counts.on_ok + 1);
	if (took > onoff_counts.on_jiffies_max)
		WRITE_ONCE(onoff_counts.on_jiffies_max, took);
}

/* Every CPU that is present and offline comes back (at the end, and if the test starts with
 * some down). Failures are counted as any online step's. */
static void torture_online_all(void)
{
	unsigned int cpu;

	for_each_present_cpu(cpu)
		if (!cpu_online(cpu))
			torture_online(cpu);
}

/*
 * Linux's torture_onoff(): a random CPU other than CPU 0 (which Spindle never takes down) goes
 * offline if it is online and online if it is not, then a pause of torture.hotplug= ms, give or
 * take half of it, so the steps do not fall into step with the test's threads.
 */
static int torture_onoff(void *unused)
{
	unsigned long interval = max(msecs_to_jiffies(torture_param.hotplug), 1UL);
	unsigned int maxcpu = cpumask_last(cpu_present_mask);
	struct torture_random_state rand;

	torture_random_init(&rand, TORTURE_ONOFF_ID);
	torture_online_all();
	while (!kthread_should_stop()) {
		unsigned int cpu = 1 + torture_random_below(&rand, maxcpu);

		if (cpu_present(cpu)) {
			if (cpu_online(cpu))
				torture_offline(cpu);
			else
				torture_online(cpu);
		}
		schedule_timeout_interruptible(interval / 2 + torture_random_below(&rand, interval + 1));
	}
	torture_online_all();
	return 0;
}

/**
 * torture_onoff_init - start the hotplug thread (Linux's torture_onoff_init())
 *
 * Nothing is started if torture.hotplug=0 or only one CPU is present.
 *
 * Context: process context; may sleep. Return: 0, or the error of kthread_run().
 */
int torture_onoff_init(void)
{
	struct task_struct *t;

	if (!torture_param.hotplug || num_present_cpus() < 2)
		return 0;
	t = kthread_run(torture_onoff, NULL, "torture_onoff");
	if (IS_ERR(t))
		return PTR_ERR(t);
	onoff_task = t;
	return 0;
}

/**
 * torture_onoff_stop - stop the hotplug thread, which brings every CPU back online first
 *
 * Context: process context; sleeps until the thread has ended. Return: nothing.
 */
void torture_onoff_stop(void)
{
	if (!onoff_task)
		return;
	kthread_stop(onoff_task);
	onoff_task = NULL;
}

/* ---- Running a test ----------------------------------------------------------------------- */

/**
 * torture_end - tell the test's threads that the time is up
 *
 * Context: any. Return: nothing; torture_must_stop() is true from now on.
 */
void torture_end(void)
{
	WRITE_ONCE(torture_stopping, true);
}

/**
 * torture_run - run the test torture= names, then end the run
 *
 * The seed is printed first, whether given or taken from the clock, so that a failing run
 * can be replayed with torture.seed=. With ktest.exit=qemu, QEMU then exits as after the
 * self-tests: 33 when the test (and every self-test before it) passed, else 35; unless
 * bench= is given too, whose run then ends it.
 *
 * Context: kernel_init, after the self-tests; sleeps for the test's duration. Return: nothing.
 */
void torture_run(void)
{
	bool failed;

	if (!torture_requested())
		return;
	if (!torture_seed_given)
		torture_param.seed = sched_clock() ^ (sched_clock() << 29);
	WRITE_ONCE(torture_stopping, false);
	pr_alert("torture: torture=%s torture.seed=%llu torture.duration=%u torture.threads=%u "
		 "torture.hotplug=%u torture.stat_interval=%u\n", torture_type,
		 (unsigned long long)torture_param.seed, torture_param.duration,
		 torture_param.threads, torture_param.hotplug, torture_param.stat_interval);
	if (!strcmp(torture_type, "kthread")) {
		failed = kthread_torture();
	} else {
		pr_alert("torture: unknown torture=%s (there is: kthread)\n", torture_type);
		failed = true;
	}
	if (bench_requested())
		ktest_note_failure(failed);
	else
		ktest_finish(failed);
}
