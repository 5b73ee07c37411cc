/* /bin/spin: a user-mode CPU hog. `spin [-c CPU] [SECONDS]` busy-loops (pinned to CPU with -c),
 * printing each second how many loops it got, and exits after SECONDS (default: never). */
#include "ulib.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Loops between two looks at the clock: few enough that a second is not overshot by much. */
#define LOOPS_PER_CHECK		(1UL << 16)

static int usage(void)
{
	fprintf(stderr, "usage: spin [-c CPU] [SECONDS]\n");
	return 2;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long seconds = -1, cpu = -1;
	volatile unsigned long sink = 0;	/* volatile: the loop must not be optimised away */
	unsigned long loops = 0;
	char *end;
	double start, mark;
	int i = 1;

	if (i + 1 < argc && !strcmp(argv[i], "-c")) {
		cpu = strtol(argv[i + 1], &end, 10);
		if (*end || cpu < 0)
			return usage();
		i += 2;
	}
	if (i < argc) {
		seconds = strtol(argv[i++], &end, 10);
		if (*end || seconds < 0)
			return usage();
	}
	if (i < argc)
		return usage();
	if (cpu >= 0 && pin_to_cpu(cpu)) {
		fprintf(stderr, "spin: cannot run on CPU %ld: %s\n", cpu, strerror(errno));
		return 1;
	}

	start = mark = now();
	for (;;) {
		double t;

		for (unsigned long n = 0; n < LOOPS_PER_CHECK; n++)
			sink = sink + n;
		loops += LOOPS_PER_CHECK;
		t = now();
		if (t - mark >= 1.0) {
			printf("spin: pid %d cpu %d: %.0f loops/s\n", getpid(), sched_getcpu(),
			       loops / (t - mark));
			fflush(stdout);
			loops = 0;
			mark = t;
		}
		if (seconds >= 0 && t - start >= seconds)
			return 0;
	}
}
