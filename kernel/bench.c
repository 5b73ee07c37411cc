/* The benchmark runner: runs the benchmarks bench=<glob>[,<glob>...] selects (after the
 * self-tests, from kernel_init) and prints each one's median and 99th percentile in TSC ticks. */
#include <linux/kernel.h>
#include <linux/umh.h>
#include <linux/init.h>
#include <linux/cpumask.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <bench.h>
#include <ktest.h>

#define BENCH_GLOBS_MAX		256

extern const struct bench *const __bench_start[], *const __bench_end[];

static char bench_globs[BENCH_GLOBS_MAX];	/* the bench= value */
static bool bench_given;			/* bench= was given, even if rejected */

/* bench=<glob>[,<glob>...]: each glob selects benchmarks by name ("b_*", "all"); parsed and
 * matched by ktest.c's helpers, as ktest='s are. */
static int bench_setup(char *value)
{
	bench_given = true;
	return ktest_glob_list_set(bench_globs, sizeof(bench_globs), value);
}
__setup("bench=", bench_setup);

/**
 * bench_requested - was bench= given?
 *
 * ktest then leaves ending the run (and QEMU) to bench_run_all(). True even when the value
 * was rejected, so the run is still ended there, by bench_run_all().
 *
 * Context: any after the command line is parsed. Return: true if bench= was given.
 */
bool bench_requested(void)
{
	return bench_given;
}

static bool bench_selected(const char *name)
{
	return ktest_glob_list_match(bench_globs, name, NULL);
}

/* Insertion sort: O(n^2), and n is at most a few thousand samples, once per benchmark. */
static void sort_samples(u64 *s, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		u64 v = s[i];
		unsigned int j = i;

		for (; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

/* Run one benchmark and print its line; false if it could not run. */
static bool bench_run_one(const struct bench *b)
{
	u64 *samples = kmalloc_array(b->runs, sizeof(*samples), GFP_KERNEL);
	char extra[64];
	unsigned int p99;
	int n;

	if (!samples) {
		pr_err("BENCH test=%s error=%d\n", b->name, -ENOMEM);
		return false;
	}
	n = b->run(samples, b->runs);
	if (n <= 0) {
		pr_err("BENCH test=%s error=%d\n", b->name, n ? n : -EINVAL);
		kfree(samples);
		return false;
	}
	sort_samples(samples, n);
	extra[0] = '\0';
	if (b->report)
		b->report(extra, sizeof(extra));
	/* The nearest-rank percentiles: the median is the lower middle, p99 the ceil(0.99 n)th. */
	p99 = (n * 99 + 99) / 100 - 1;
	pr_info("BENCH test=%s n=%d tsc_med=%llu tsc_p99=%llu%s\n", b->name, n,
		(unsigned long long)samples[(n - 1) / 2], (unsigned long long)samples[p99], extra);
	kfree(samples);
	return true;
}

/* The selected benchmark that follows @prev (NULL: the first) in name order, so the report's
 * order does not depend on how the linker laid out the section. O(n) per call. */
static const struct bench *next_bench(const struct bench *prev)
{
	const struct bench *best = NULL;

	for (const struct bench *const *b = __bench_start; b < __bench_end; b++) {
		const char *name = (*b)->name;

		if (!bench_selected(name) || (prev && strcmp(name, prev->name) <= 0))
			continue;
		if (!best || strcmp(name, best->name) < 0)
			best = *b;
	}
	return best;
}

/*
 * The user-mode benchmarks are measured by a user program, /bin/ubench from the initramfs, as
 * a process sees them; it prints its own BENCH lines (the same format) on the console. Returns
 * how many were selected; *failed is set if the program could not run them.
 */
static unsigned int bench_run_user(bool *failed)
{
	static const char *const user_benches[] = {
		"u_first_touch_page_fault", "u_fork_exit_wait", "u_switch_user_user",
		"u_syscall_getpid",
	};
	static const char *const envp[] = { "HOME=/", NULL };
	const char *argv[ARRAY_SIZE(user_benches) + 2] = { "/bin/ubench" };
	unsigned int n = 0;
	int status;

	for (unsigned int i = 0; i < ARRAY_SIZE(user_benches); i++)
		if (bench_selected(user_benches[i]))
			argv[++n] = user_benches[i];
	if (!n)
		return 0;
	status = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC);
	if (status) {
		pr_err("bench: %s exited with status %#x\n", argv[0], status);
		*failed = true;
	}
	return n;
}

/* Run the benchmarks bench_globs selects, on CPU 0; returns the number run, or -EINVAL if
 * some could not run. */
static int bench_run_selected(void)
{
	const struct bench *b = NULL;
	unsigned int nr = 0;
	bool failed = false;

	/* Every benchmark measures one CPU's paths, the cross-CPU ones from CPU 0 to CPU 1: keep
	 * the runner, and the threads each benchmark binds to its CPU, on CPU 0. */
	set_cpus_allowed_ptr(current, cpumask_of(0));
	while (bench_globs[0] && (b = next_bench(b))) {
		nr++;
		if (!bench_run_one(b))
			failed = true;
	}
	nr += bench_run_user(&failed);
	if (!nr)
		pr_err("bench: bench=%s selects no benchmark\n", bench_globs);
	pr_info("bench: %u benchmark(s) run%s\n", nr, failed ? ", some could not run" : "");
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	return failed || !nr ? -EINVAL : (int)nr;
}

/**
 * bench_run_all - run the benchmarks bench= selects, print their BENCH lines, end the run
 *
 * Does nothing without bench=. Otherwise runs each selected benchmark on CPU 0 and ends the
 * run through ktest_finish(), failed if a benchmark could not run or none was selected.
 *
 * Context: kernel_init, once, after the self-tests; process context, sleeps.
 * Return: nothing.
 */
void bench_run_all(void)
{
	if (!bench_given)
		return;
	ktest_finish(bench_run_selected() < 0);
}

/**
 * bench_run_glob - run the benchmarks @globs selects, from the console's bench command
 * @globs: as the bench= option
 *
 * Context: process context (the shell thread); sleeps. Return: how many ran, or -EINVAL.
 */
int bench_run_glob(const char *globs)
{
	if (ktest_glob_list_set(bench_globs, sizeof(bench_globs), globs))
		return -EINVAL;
	return bench_run_selected();
}
