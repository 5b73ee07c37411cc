/* /bin/taskset: util-linux's taskset (its -p, -c and command forms, same output and error texts)
 * on sched_getaffinity()/sched_setaffinity() and execve(). */
#include "ulib.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_CPUS		CPU_SETSIZE	/* musl's cpu_set_t: 1024 CPUs, more than Spindle has */

static int list_format;		/* -c: CPU lists ("0,2-5") instead of hex masks */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: taskset [options] [mask | cpu-list] [pid|cmd [args...]]\n\n"
		"Show or change the CPU affinity of a process.\n\n"
		"Options:\n"
		" -p, --pid               operate on existing given pid\n"
		" -c, --cpu-list          display and specify cpus in list format\n"
		" -h, --help              display this help\n\n"
		"The default behavior is to run a new command:\n"
		"    taskset 03 sshd -b 1024\n"
		"You can retrieve the mask of an existing task:\n"
		"    taskset -p 700\n"
		"Or set it:\n"
		"    taskset -p 03 700\n"
		"List format uses a comma-separated list instead of a mask:\n"
		"    taskset -pc 0,3,7-11 700\n"
		"Ranges in list format can take a stride argument:\n"
		"    e.g. 0-31:2 is equivalent to mask 0x55555555\n");
}

static void __attribute__((noreturn)) bad_usage(const char *why)
{
	fprintf(stderr, "taskset: %s\nTry 'taskset --help' for more information.\n", why);
	exit(1);
}

static void __attribute__((noreturn)) fail(const char *what, pid_t pid)
{
	fprintf(stderr, "taskset: failed to %s pid %d's affinity: %s\n", what, pid,
		strerror(errno));
	exit(1);
}

/* A hex mask, lowest CPU in the last digit, with or without "0x". */
static int parse_mask(const char *s, cpu_set_t *set)
{
	size_t len;

	CPU_ZERO(set);
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	len = strlen(s);
	if (!len)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[len - 1 - i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (v < 0)
			return -1;
		for (int b = 0; b < 4; b++)
			if (v & 1 << b) {
				if (4 * i + b >= NR_CPUS)
					return -1;
				CPU_SET(4 * i + b, set);
			}
	}
	return 0;
}

static int parse_number(const char **s, unsigned long *v)
{
	char *end;

	if (**s < '0' || **s > '9')
		return -1;
	*v = strtoul(*s, &end, 10);
	*s = end;
	return 0;
}

/* A CPU list: "N", "N-M" or "N-M:STRIDE" items separated by commas. */
static int parse_list(const char *s, cpu_set_t *set)
{
	CPU_ZERO(set);
	do {
		unsigned long first, last, stride = 1;

		if (parse_number(&s, &first))
			return -1;
		last = first;
		if (*s == '-' && (s++, parse_number(&s, &last) || last < first))
			return -1;
		if (*s == ':' && (s++, parse_number(&s, &stride) || !stride))
			return -1;
		if (*s && *s != ',')
			return -1;
		if (last >= NR_CPUS)
			return -1;
		for (unsigned long cpu = first; cpu <= last; cpu += stride)
			CPU_SET(cpu, set);
	} while (*s++ == ',');
	return 0;
}

/* Print @set as util-linux does: a hex mask without leading zeros, or a list in which runs
 * of three or more CPUs become "N-M" and pairs stay "N,M". */
static void print_set(pid_t pid, const char *which, cpu_set_t *set)
{
	printf("pid %d's %s affinity %s: ", pid, which, list_format ? "list" : "mask");
	if (list_format) {
		const char *sep = "";

		for (int cpu = 0; cpu < NR_CPUS; cpu++) {
			int last = cpu;

			if (!CPU_ISSET(cpu, set))
				continue;
			while (last + 1 < NR_CPUS && CPU_ISSET(last + 1, set))
				last++;
			if (last - cpu >= 2)
				printf("%s%d-%d", sep, cpu, last);
			else if (last - cpu == 1)
				printf("%s%d,%d", sep, cpu, last);
			else
				printf("%s%d", sep, cpu);
			sep = ",";
			cpu = last;
		}
	} else {
		int started = 0;

		for (int nibble = NR_CPUS / 4 - 1; nibble >= 0; nibble--) {
			int v = 0;

			for (int b = 0; b < 4; b++)
				v |= !!CPU_ISSET(4 * nibble + b, set) << b;
			if (v || started || !nibble)
				printf("%x", v);
			started |= v;
		}
	}
	printf("\n");
}

static pid_t parse_pid(const char *s)
{
	char *end;
	long pid = strtol(s, &end, 10);

	if (!*s || *end || pid < 0 || pid != (pid_t)pid) {
		fprintf(stderr, "taskset: invalid PID argument: '%s'\n", s);
		exit(1);
	}
	return pid;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", no_argument, NULL, 'p' },
		{ "cpu-list", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	cpu_set_t set, new;
	int c, pid_mode = 0;
	pid_t pid = 0;

	opterr = 0;	/* musl's messages differ from util-linux's: print our own */
	while ((c = getopt_long(argc, argv, "+pch", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			pid_mode = 1;
			break;
		case 'c':
			list_format = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, "taskset: invalid option -- '%c'\n", optopt);
			else
				fprintf(stderr, "taskset: unrecognized option '%s'\n",
					argv[optind - 1]);
			fprintf(stderr, "Try 'taskset --help' for more information.\n");
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	if ((!pid_mode && argc < 2) || (pid_mode && argc != 1 && argc != 2))
		bad_usage("bad usage");

	if (pid_mode)
		pid = parse_pid(argv[argc - 1]);
	/* util-linux takes pid 0 with a new set as no pid: set our own, run the "command" "0". */
	if (pid_mode && argc == 2 && !pid)
		pid_mode = 0;
	/* The new set is parsed before anything is printed, as util-linux does. */
	if ((!pid_mode || argc == 2) &&
	    (list_format ? parse_list : parse_mask)(argv[0], &new)) {
		fprintf(stderr, "taskset: failed to parse CPU %s: %s\n",
			list_format ? "list" : "mask", argv[0]);
		return 1;
	}
	if (pid_mode) {
		if (sched_getaffinity(pid, sizeof(set), &set))
			fail("get", pid);
		print_set(pid, "current", &set);
		if (argc == 1)
			return 0;
	}
	if (sched_setaffinity(pid, sizeof(new), &new))
		fail("set", pid ? pid : getpid());
	if (pid_mode) {
		if (sched_getaffinity(pid, sizeof(set), &set))
			fail("get", pid);
		print_set(pid, "new", &set);
		return 0;
	}
	fflush(stdout);
	execvp(argv[1], argv + 1);
	fprintf(stderr, "taskset: failed to execute %s: %s\n", argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
