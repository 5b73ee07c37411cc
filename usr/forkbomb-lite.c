/* /bin/forkbomb-lite: a bounded fork bomb. `forkbomb-lite [DEPTH] [WIDTH]` (default 3 3): every
 * task above DEPTH forks WIDTH children, waits for them all, and the first prints the totals. */
#include "ulib.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/*
 * Each task reports how many tasks its subtree holds (itself included) in its exit status, the
 * one channel a child has to its parent here, and that holds 0..255. So a subtree below the
 * first task may hold at most MAX_SUBTREE tasks; the whole tree WIDTH times that.
 */
#define MAX_SUBTREE	255

static int depth, width;

/* Fork the children of a task at @level, wait for them, return the tasks forked below it. */
static long grow(int level)
{
	long got = 0;
	int forked = 0, status;

	for (int i = 0; level < depth && i < width; i++) {
		pid_t pid = sys_fork();

		if (pid == 0)
			_exit(1 + grow(level + 1));
		if (pid < 0) {
			/* EAGAIN: the task limit. Stop forking, keep what we have. */
			if (errno != EAGAIN)
				fprintf(stderr, "forkbomb-lite: fork: %s\n", strerror(errno));
			break;
		}
		forked++;
	}
	while (forked && wait4(-1, &status, 0, NULL) > 0) {
		forked--;
		if (WIFEXITED(status))
			got += WEXITSTATUS(status);
	}
	return got;
}

static int parse(const char *s, int *v)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*end || n < 0 || n > MAX_SUBTREE)
		return -1;
	*v = n;
	return 0;
}

int main(int argc, char **argv)
{
	long want = 0, level_tasks = 1, subtree = 0, got;

	depth = width = 3;
	if (argc > 3 || (argc > 1 && parse(argv[1], &depth)) ||
	    (argc > 2 && parse(argv[2], &width))) {
		fprintf(stderr, "usage: forkbomb-lite [DEPTH] [WIDTH]\n");
		return 2;
	}
	/* want = WIDTH + WIDTH^2 + ... + WIDTH^DEPTH; subtree = that divided by WIDTH. */
	for (int d = 1; d <= depth; d++) {
		level_tasks *= width;
		want += level_tasks;
		subtree = subtree * width + 1;
		if (subtree > MAX_SUBTREE) {
			fprintf(stderr, "forkbomb-lite: at most %d tasks below each first child\n",
				MAX_SUBTREE);
			return 2;
		}
	}
	printf("forkbomb-lite: depth %d width %d: forking %ld tasks\n", depth, width, want);
	fflush(stdout);
	got = grow(0);
	printf("forkbomb-lite: %ld of %ld tasks forked and reaped\n", got, want);
	if (got < want)
		printf("forkbomb-lite: fork failed (task limit): stopped early\n");
	return 0;
}
