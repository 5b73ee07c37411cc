/* /bin/chrt: util-linux's chrt (show or set a policy and priority with -p, or run a command
 * with them; same output and error texts) on the sched_{get,set}scheduler system calls. */
#include "ulib.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK	0x40000000
#endif

/* Linux's policies by number; SCHED_DEADLINE (6) takes parameters this subset does not set. */
static const char *const policy_names[] = {
	[SCHED_OTHER] = "SCHED_OTHER", [SCHED_FIFO] = "SCHED_FIFO", [SCHED_RR] = "SCHED_RR",
	[SCHED_BATCH] = "SCHED_BATCH", [SCHED_IDLE] = "SCHED_IDLE", [6] = "SCHED_DEADLINE",
};

static const char *policy_name(int policy)
{
	if (policy < 0 || policy >= (int)(sizeof(policy_names) / sizeof(policy_names[0])) ||
	    !policy_names[policy])
		return "unknown";
	return policy_names[policy];
}

static int is_rt(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Show or change the real-time scheduling attributes of a process.\n\n"
		"Set policy:\n"
		" chrt [options] <priority> <command> [<arg>...]\n"
		" chrt [options] --pid <priority> <pid>\n\n"
		"Get policy:\n"
		" chrt [options] -p <pid>\n\n"
		"Policy options:\n"
		" -b, --batch          set policy to SCHED_BATCH\n"
		" -f, --fifo           set policy to SCHED_FIFO\n"
		" -i, --idle           set policy to SCHED_IDLE\n"
		" -o, --other          set policy to SCHED_OTHER\n"
		" -r, --rr             set policy to SCHED_RR (default)\n\n"
		"Scheduling options:\n"
		" -R, --reset-on-fork       set reset-on-fork flag\n\n"
		"Other options:\n"
		" -m, --max            show min and max valid priorities\n"
		" -p, --pid            operate on existing given pid\n"
		" -v, --verbose        display status information\n\n"
		" -h, --help           display this help\n");
}

/*
 * The priority ranges are Linux's fixed ABI (1..99 for the real-time policies, 0 otherwise),
 * printed from here: sched_get_priority_min/max are system calls Spindle does not implement.
 */
static void show_ranges(void)
{
	static const int order[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, 6 };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		printf("%s min/max priority\t: %d/%d\n", policy_name(order[i]),
		       is_rt(order[i]) ? 1 : 0, is_rt(order[i]) ? 99 : 0);
}

static void show(pid_t pid, const char *which)
{
	struct sched_param sp;
	int policy = sys_sched_getscheduler(pid);

	if (pid == 0)
		pid = getpid();
	if (policy < 0 || sys_sched_getparam(pid, &sp)) {
		fprintf(stderr, "chrt: failed to get pid %d's policy: %s\n", pid, strerror(errno));
		exit(1);
	}
	printf("pid %d's %s scheduling policy: %s%s\n", pid, which,
	       policy_name(policy & ~SCHED_RESET_ON_FORK),
	       policy & SCHED_RESET_ON_FORK ? "|SCHED_RESET_ON_FORK" : "");
	printf("pid %d's %s scheduling priority: %d\n", pid, which, sp.sched_priority);
}

static long parse_number(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > 0x7fffffff) {
		fprintf(stderr, "chrt: invalid %s argument: '%s'\n", what, s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' }, { "fifo", no_argument, NULL, 'f' },
		{ "idle", no_argument, NULL, 'i' }, { "other", no_argument, NULL, 'o' },
		{ "rr", no_argument, NULL, 'r' }, { "reset-on-fork", no_argument, NULL, 'R' },
		{ "max", no_argument, NULL, 'm' }, { "pid", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, policy = SCHED_RR, flags = 0, pid_mode = 0, verbose = 0;
	long priority;
	pid_t pid = 0;

	opterr = 0;	/* musl's messages differ from util-linux's: print our own */
	while ((c = getopt_long(argc, argv, "+bfiorRmpvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			policy = SCHED_BATCH;
			break;
		case 'f':
			policy = SCHED_FIFO;
			break;
		case 'i':
			policy = SCHED_IDLE;
			break;
		case 'o':
			policy = SCHED_OTHER;
			break;
		case 'r':
			policy = SCHED_RR;
			break;
		case 'R':
			flags = SCHED_RESET_ON_FORK;
			break;
		case 'm':
			show_ranges();
			return 0;
		case 'p':
			pid_mode = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, "chrt: invalid option -- '%c'\n", optopt);
			else
				fprintf(stderr, "chrt: unrecognized option '%s'\n", argv[optind - 1]);
			fprintf(stderr, "Try 'chrt --help' for more information.\n");
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (!pid_mode && argc < 2)) {
		fprintf(stderr, "chrt: bad usage\nTry 'chrt --help' for more information.\n");
		return 1;
	}

	/* -p PID alone shows; -p PRIORITY PID sets, and shows before and after with -v. */
	if (pid_mode) {
		pid = parse_number(argv[argc == 1 ? 0 : 1], "PID");
		if (argc == 1 || verbose)
			show(pid, "current");
		if (argc == 1)
			return 0;
	}
	priority = parse_number(argv[0], "priority");
	if (is_rt(policy) ? priority < 1 || priority > 99 : priority != 0) {
		fprintf(stderr, "chrt: unsupported priority value for the policy: %ld: "
			"see --max for valid range\n", priority);
		return 1;
	}
	if (sys_sched_setscheduler(pid, policy | flags, priority)) {
		fprintf(stderr, "chrt: failed to set pid %d's policy: %s\n", pid, strerror(errno));
		return 1;
	}
	if (pid_mode) {
		if (verbose)
			show(pid, "new");
		return 0;
	}
	fflush(stdout);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "chrt: failed to execute %s: %s\n", argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
