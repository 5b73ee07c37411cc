/* The user-mode benchmark that needs a kernel thread: a process and a kernel thread taking turns
 * on CPU 0 (user -> kthread -> user), with the CR3 writes per round trip on its BENCH line.
 * The others (u_syscall_getpid, ...) are measured by /bin/ubench itself (kernel/bench.c). */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/umh.h>
#include <asm/mmu_context.h>
#include <asm/processor.h>
#include <bench.h>

#define ROUND_TRIPS	1000

struct user_kthread_run {
	u64 start_ns;
	u64 *samples;
	unsigned int runs;
	unsigned long cr3_before, cr3_after;
	struct completion done;
};

static unsigned long last_cr3_writes, last_runs;

/*
 * SCHED_FIFO 50 on CPU 0, as the process: each of the thread's yields lets the process run once
 * (its own yield gives the CPU back), so one sample is a whole round trip kthread -> user ->
 * kthread, the same two switches and two sched_yield() calls as user -> kthread -> user.
 */
static int round_trip_fn(void *data)
{
	struct user_kthread_run *r = data;

	while (ktime_get_ns() < r->start_ns + 2 * NSEC_PER_MSEC && !kthread_should_stop())
		msleep(1);
	/* Warm up: the process's first turns fault its stack and code in. */
	for (int i = 0; i < 16; i++)
		yield();
	r->cr3_before = this_cpu_read(nr_cr3_writes);
	for (unsigned int i = 0; i < r->runs; i++) {
		u64 t0 = rdtsc_ordered();

		yield();
		r->samples[i] = rdtsc_ordered() - t0;
	}
	r->cr3_after = this_cpu_read(nr_cr3_writes);
	complete(&r->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int bench_user_kthread_user(u64 *samples, unsigned int runs)
{
	struct user_kthread_run r = { .samples = samples, .runs = runs };
	char yields[16], start[24];
	const char *argv[] = { "/bin/yield", yields, "0", start, NULL };
	static const char *const envp[] = { "HOME=/", NULL };
	struct task_struct *k, *p;
	int pid;

	init_completion(&r.done);
	r.start_ns = ktime_get_ns() + 300 * NSEC_PER_MSEC;
	/* More turns than the thread takes: the process must outlast the measurement. */
	snprintf(yields, sizeof(yields), "%u", runs + 1000);
	snprintf(start, sizeof(start), "%llu", (unsigned long long)(r.start_ns / NSEC_PER_MSEC + 1));
	pid = call_usermodehelper(argv[0], argv, envp, UMH_NO_WAIT);
	if (pid < 0)
		return pid;
	k = kthread_create_on_cpu(round_trip_fn, &r, 0, "bench_rt/%u");
	if (IS_ERR(k))
		return PTR_ERR(k);
	sched_set_fifo(k);
	wake_up_process(k);
	wait_for_completion(&r.done);
	kthread_stop(k);
	while ((p = find_task_by_pid(pid))) {
		put_task_struct(p);
		msleep(5);
	}
	last_cr3_writes = r.cr3_after - r.cr3_before;
	last_runs = runs;
	return runs;
}

static void report_cr3(char *buf, size_t size)
{
	/* Per round trip (the figure docs/usermode.md gives), and the total, which shows a rare one. */
	snprintf(buf, size, " cr3_writes=%lu cr3_total=%lu", last_cr3_writes / last_runs,
		 last_cr3_writes);
}

static const struct bench u_switch_user_kthread_user = {
	.name = "u_switch_user_kthread_user",
	.runs = ROUND_TRIPS,
	.run = bench_user_kthread_user,
	.report = report_cr3,
};
bench_register(u_switch_user_kthread_user);
