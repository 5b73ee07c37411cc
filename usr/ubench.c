/* /bin/ubench: the user-mode benchmarks, reported in the kernel's BENCH format (include/bench.h).
 * `ubench [-n RUNS] [NAME...]` runs the named ones (default: all), pinned to CPU 0. */
#include "ulib.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define DEFAULT_RUNS	1000
#define PAGE_SIZE	4096

struct ubench {
	const char *name;
	/* Measure @runs times into samples[]: how many were written, or a negative errno. */
	int (*run)(uint64_t *samples, int runs);
};

/* A system call that does next to nothing: the cost of entering and leaving the kernel. */
static int bench_getpid(uint64_t *samples, int runs)
{
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_ordered();

		syscall(SYS_getpid);
		samples[i] = rdtsc_ordered() - t0;
	}
	return runs;
}

/*
 * Two SCHED_FIFO 50 processes on CPU 0 (the parent is pinned there, the child inherits it),
 * each yielding to the other: one of the parent's sched_yield() calls spans two switches (to
 * the child and back) and the child's own sched_yield(), so a sample is half of it.
 */
static int bench_switch(uint64_t *samples, int runs)
{
	int policy = sys_sched_getscheduler(0), err = 0;
	struct sched_param old;
	pid_t child;

	if (policy < 0 || sys_sched_getparam(0, &old) ||
	    sys_sched_setscheduler(0, SCHED_FIFO, 50))
		return -errno;
	fflush(stdout);
	child = sys_fork();
	if (child == 0)
		for (;;)
			sched_yield();
	if (child < 0)
		err = -errno;
	for (int i = 0; !err && i < runs; i++) {
		uint64_t t0 = rdtsc_ordered();

		sched_yield();
		samples[i] = (rdtsc_ordered() - t0) / 2;
	}
	if (child > 0) {
		kill(child, SIGKILL);
		wait4(child, NULL, 0, NULL);
	}
	/* The benchmarks after this one run with the policy ubench was started with. */
	sys_sched_setscheduler(0, policy, old.sched_priority);
	return err ? err : runs;
}

/* A whole process life seen from the parent: fork, the child's _exit(0), the reaping. */
static int bench_fork(uint64_t *samples, int runs)
{
	fflush(stdout);
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_ordered();
		pid_t pid = sys_fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || wait4(pid, NULL, 0, NULL) != pid)
			return -errno;
		samples[i] = rdtsc_ordered() - t0;
	}
	return runs;
}

/*
 * The first write to each page of a fresh anonymous mapping: one page fault that allocates,
 * zeroes and maps a page. (On a host with transparent huge pages set to "always" one fault
 * maps 2 MiB and the later pages do not fault: compare with THP off or "madvise".)
 */
static int bench_first_touch(uint64_t *samples, int runs)
{
	size_t len = (size_t)runs * PAGE_SIZE;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);

	if (p == MAP_FAILED)
		return -errno;
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = rdtsc_ordered();

		p[(size_t)i * PAGE_SIZE] = 1;
		samples[i] = rdtsc_ordered() - t0;
	}
	munmap((void *)p, len);
	return runs;
}

/* In name order, the order the kernel's runner reports its own. */
static const struct ubench benches[] = {
	{ "u_first_touch_page_fault", bench_first_touch },
	{ "u_fork_exit_wait", bench_fork },
	{ "u_switch_user_user", bench_switch },
	{ "u_syscall_getpid", bench_getpid },
};
#define NR_BENCHES	(int)(sizeof(benches) / sizeof(benches[0]))

/* Insertion sort, as kernel/bench.c sorts: n is a few thousand at most. */
static void sort_samples(uint64_t *s, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t v = s[i];
		int j = i;

		for (; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

/* Run one benchmark and print its line, with kernel/bench.c's nearest-rank percentiles. */
static int run_one(const struct ubench *b, uint64_t *samples, int runs)
{
	int n = b->run(samples, runs), p99;

	if (n <= 0) {
		printf("BENCH test=%s error=%d\n", b->name, n ? n : -EINVAL);
		return -1;
	}
	sort_samples(samples, n);
	p99 = (n * 99 + 99) / 100 - 1;
	printf("BENCH test=%s n=%d tsc_med=%llu tsc_p99=%llu\n", b->name, n,
	       (unsigned long long)samples[(n - 1) / 2], (unsigned long long)samples[p99]);
	fflush(stdout);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: ubench [-n RUNS] [NAME...]\nbenchmarks:");
	for (int i = 0; i < NR_BENCHES; i++)
		fprintf(stderr, " %s", benches[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	int runs = DEFAULT_RUNS, first = 1, failed = 0;
	uint64_t *samples;
	char *end;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		runs = strtol(argv[2], &end, 10);
		if (*end || runs <= 0 || runs > 1000000)
			return usage();
		first = 3;
	}
	for (int i = first; i < argc; i++) {
		int k = 0;

		while (k < NR_BENCHES && strcmp(argv[i], benches[k].name))
			k++;
		if (k == NR_BENCHES)
			return usage();
	}
	samples = malloc(runs * sizeof(*samples));
	if (!samples) {
		fprintf(stderr, "ubench: no memory for %d samples\n", runs);
		return 1;
	}
	/* Like the kernel's runner: every benchmark measures one CPU's paths, CPU 0's. */
	if (pin_to_cpu(0)) {
		fprintf(stderr, "ubench: cannot run on CPU 0: %s\n", strerror(errno));
		return 1;
	}
	if (first == argc) {
		for (int k = 0; k < NR_BENCHES; k++)
			failed |= run_one(&benches[k], samples, runs);
	}
	for (int i = first; i < argc; i++)
		for (int k = 0; k < NR_BENCHES; k++)
			if (!strcmp(argv[i], benches[k].name))
				failed |= run_one(&benches[k], samples, runs);
	return failed ? 1 : 0;
}
