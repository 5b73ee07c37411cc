/* /bin/pingpong: two processes on one CPU handing it to each other with sched_yield() for N
 * rounds (`pingpong [ROUNDS]`, default 1000), SCHED_FIFO 50 when permitted. */
#include "ulib.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define CALIBRATE_RUNS	64

/*
 * The two processes share no memory (Spindle has only private mappings), so neither can see the
 * other's counter. Each counts its own yields during which the other one ran instead: such a
 * yield takes at least twice as long as one that found nobody else to run, the cost measured
 * before the fork. The counts go on '#' lines: they depend on timing.
 */
static uint64_t lone_yield;

static void calibrate(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < CALIBRATE_RUNS; i++) {
		uint64_t t0 = rdtsc_ordered();

		sched_yield();
		t0 = rdtsc_ordered() - t0;
		if (t0 < best)
			best = t0;
	}
	lone_yield = best;
}

static long play(long rounds)
{
	long switches = 0;

	for (long i = 0; i < rounds; i++) {
		uint64_t t0 = rdtsc_ordered();

		sched_yield();
		if (rdtsc_ordered() - t0 > 2 * lone_yield)
			switches++;
	}
	return switches;
}

int main(int argc, char **argv)
{
	long rounds = 1000, mine;
	const char *policy = "SCHED_FIFO 50";
	char *end;
	int status;
	pid_t child;

	if (argc > 2 || (argc == 2 && ((rounds = strtol(argv[1], &end, 10)) <= 0 || *end))) {
		fprintf(stderr, "usage: pingpong [ROUNDS]\n");
		return 2;
	}
	if (pin_to_cpu(0)) {
		fprintf(stderr, "pingpong: cannot run on CPU 0: %s\n", strerror(errno));
		return 1;
	}
	/* Both inherit policy and CPU: set them before the fork. */
	if (sys_sched_setscheduler(0, SCHED_FIFO, 50))
		policy = "SCHED_OTHER (SCHED_FIFO not permitted)";
	calibrate();
	printf("pingpong: %ld rounds on CPU 0\n", rounds);
	printf("# policy %s\n", policy);
	fflush(stdout);

	child = sys_fork();
	if (child < 0) {
		fprintf(stderr, "pingpong: fork: %s\n", strerror(errno));
		return 1;
	}
	if (child == 0) {
		mine = play(rounds);
		printf("# child: %ld of %ld yields switched\n", mine, rounds);
		return 0;
	}
	mine = play(rounds);
	if (wait4(child, &status, 0, NULL) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "pingpong: the child failed\n");
		return 1;
	}
	printf("# parent: %ld of %ld yields switched\n", mine, rounds);
	printf("pingpong: %ld rounds done\n", rounds);
	return 0;
}
