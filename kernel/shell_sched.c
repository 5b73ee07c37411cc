/* The console's scheduling commands, with util-linux's and procps's options, output and
 * errors: taskset -p (affinity), chrt -p (policy and priority), renice, and kill, whose signal
 * a kernel thread ignores unless it allowed it (as on Linux). */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/sched.h>
#include <linux/shell.h>
#include <linux/string.h>

/* SCHED_FIFO and SCHED_RR take a priority 1..99; the others 0. */
static bool policy_is_rt(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* The task a PID argument names, referenced; NULL with -ESRCH or -EINVAL in *@err. */
static struct task_struct *shell_get_task(const char *arg, int *pid, int *err)
{
	struct task_struct *p;

	if (kstrtoint(arg, 10, pid) || *pid < 0) {
		*err = -EINVAL;
		return NULL;
	}
	p = *pid ? find_task_by_pid(*pid) : NULL;
	if (!p)
		*err = -ESRCH;
	return p;
}

/*
 * Linux's sched_setaffinity() for a task named by the user: a thread bound by the kernel
 * (PF_NO_SETAFFINITY: per-CPU kthreads, kthread_bind()) refuses, and the mask must leave it
 * an active CPU.
 */
static int shell_setaffinity(struct task_struct *p, const struct cpumask *mask)
{
	struct cpumask allowed;
	unsigned int cpu;

	if (p->flags & PF_NO_SETAFFINITY)
		return -EINVAL;
	cpumask_clear(&allowed);
	for_each_cpu(cpu, mask)
		if (cpu_active(cpu))
			cpumask_set_cpu(cpu, &allowed);
	if (cpumask_empty(&allowed))
		return -EINVAL;
	return set_cpus_allowed_ptr(p, mask);
}

/* "f", "0x3": a hex mask as taskset takes it. */
static int parse_mask(const char *s, struct cpumask *mask)
{
	unsigned long long bits;

	if (kstrtoull(s, 16, &bits))
		return -EINVAL;
	cpumask_clear(mask);
	for (unsigned int cpu = 0; cpu < NR_CPUS && cpu < 64; cpu++)
		if (bits & (1ULL << cpu))
			cpumask_set_cpu(cpu, mask);
	return 0;
}

/* A CPU number at @s: the first character past it, or NULL if none or past NR_CPUS. */
static const char *parse_cpu(const char *s, unsigned int *cpu)
{
	unsigned int v = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v >= NR_CPUS)
			return NULL;
	}
	*cpu = v;
	return s;
}

/*
 * "0-3,5": a list as taskset -c takes it (Linux's cpulist_parse(), without its strides). The
 * string is left as it was: the error message quotes it whole.
 */
static int parse_list(const char *s, struct cpumask *mask)
{
	cpumask_clear(mask);
	for (;;) {
		unsigned int lo, hi;

		s = parse_cpu(s, &lo);
		if (!s)
			return -EINVAL;
		hi = lo;
		if (*s == '-' && !(s = parse_cpu(s + 1, &hi)))
			return -EINVAL;
		if (lo > hi)
			return -EINVAL;
		for (unsigned int cpu = lo; cpu <= hi; cpu++)
			cpumask_set_cpu(cpu, mask);
		if (!*s)
			return 0;
		if (*s++ != ',')
			return -EINVAL;
	}
}

static void print_affinity(int pid, const char *which, bool list, const struct cpumask *mask)
{
	char buf[3 * NR_CPUS];

	if (list) {
		cpumap_print_list(buf, sizeof(buf), mask);
		shell_printf("pid %d's %s affinity list: %s\n", pid, which, buf);
	} else {
		shell_printf("pid %d's %s affinity mask: %lx\n", pid, which, mask->bits[0]);
	}
}

static int cmd_taskset(int argc, char **argv)
{
	bool list = false, pmode = false;
	struct task_struct *p;
	struct cpumask mask;
	int i, pid, err = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		for (char *f = argv[i] + 1; *f; f++) {
			if (*f == 'c')
				list = true;
			else if (*f == 'p')
				pmode = true;
			else
				return shell_usage("taskset");
		}
	}
	/* Only -p: Spindle has no programs to start on a set of CPUs. */
	if (!pmode || argc - i < 1 || argc - i > 2)
		return shell_usage("taskset");
	/* util-linux's order: the PID is parsed, then the CPUs, and only then is the task read. */
	if (kstrtoint(argv[argc - 1], 10, &pid)) {
		shell_printf("taskset: failed to parse pid: '%s'\n", argv[argc - 1]);
		return 1;
	}
	if (argc - i == 2 && (list ? parse_list(argv[i], &mask) : parse_mask(argv[i], &mask))) {
		shell_printf("taskset: failed to parse CPU %s: %s\n", list ? "list" : "mask", argv[i]);
		return 1;
	}
	p = shell_get_task(argv[argc - 1], &pid, &err);
	if (!p) {
		/* sched_getaffinity() finds no task for a negative PID either. */
		shell_printf("taskset: failed to get pid %d's affinity: %s\n", pid,
			     strerror(err == -EINVAL ? ESRCH : err));
		return 1;
	}
	print_affinity(pid, "current", list, &p->cpus_mask);
	if (argc - i == 2) {
		err = shell_setaffinity(p, &mask);
		if (err)
			shell_printf("taskset: failed to set pid %d's affinity: %s\n", pid,
				     strerror(err));
		else
			print_affinity(pid, "new", list, &p->cpus_mask);
	}
	put_task_struct(p);
	return err ? 1 : 0;
}

static const char *const policy_names[] = {
	[SCHED_NORMAL] = "SCHED_OTHER", [SCHED_FIFO] = "SCHED_FIFO", [SCHED_RR] = "SCHED_RR",
	[SCHED_BATCH] = "SCHED_BATCH", [SCHED_IDLE] = "SCHED_IDLE",
};

/* chrt -m: each policy's priority range. */
static void chrt_show_max(void)
{
	for (unsigned int pol = 0; pol < ARRAY_SIZE(policy_names); pol++)
		if (policy_names[pol])
			shell_printf("%s min/max priority\t: %d/%d\n", policy_names[pol],
				     policy_is_rt(pol) ? 1 : 0, policy_is_rt(pol) ? MAX_RT_PRIO - 1 : 0);
}

static int cmd_chrt(int argc, char **argv)
{
	int policy = -1, i, pid, prio = 0, err;
	struct sched_param sp;
	struct task_struct *p;
	bool pmode = false;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (char *f = argv[i] + 1; *f; f++) {
			switch (*f) {
			case 'f':
				policy = SCHED_FIFO;
				break;
			case 'r':
				policy = SCHED_RR;
				break;
			case 'o':
				policy = SCHED_NORMAL;
				break;
			case 'b':
				policy = SCHED_BATCH;
				break;
			case 'i':
				policy = SCHED_IDLE;
				break;
			case 'p':
				pmode = true;
				break;
			case 'm':
				chrt_show_max();
				return 0;
			default:
				return shell_usage("chrt");
			}
		}
	}
	if (!pmode || argc - i != (policy < 0 ? 1 : 2))
		return shell_usage("chrt");
	if (policy >= 0 && kstrtoint(argv[i], 10, &prio)) {
		shell_printf("chrt: invalid priority argument: '%s'\n", argv[i]);
		return 1;
	}
	p = shell_get_task(argv[argc - 1], &pid, &err);
	if (!p) {
		shell_printf("chrt: failed to get pid %s's policy: %s\n", argv[argc - 1],
			     strerror(err == -EINVAL ? ESRCH : err));
		return 1;
	}
	if (policy < 0) {
		shell_printf("pid %d's current scheduling policy: %s\n", pid,
			     policy_names[p->policy]);
		shell_printf("pid %d's current scheduling priority: %u\n", pid, p->rt_priority);
		put_task_struct(p);
		return 0;
	}
	if (policy_is_rt(policy) ? prio < 1 || prio > MAX_RT_PRIO - 1 : prio != 0) {
		shell_printf("chrt: unsupported priority value for the policy: %d (see --max for "
			     "valid range)\n", prio);
		put_task_struct(p);
		return 1;
	}
	sp.sched_priority = prio;
	err = sched_setscheduler(p, policy, &sp);
	if (err)
		shell_printf("chrt: failed to set pid %d's policy: %s\n", pid, strerror(err));
	put_task_struct(p);
	return err ? 1 : 0;
}

static int cmd_renice(int argc, char **argv)
{
	int nice, pid, err, old, status = 0;
	struct task_struct *p;
	int i = 1;

	if (argc >= 2 && !strcmp(argv[i], "-n"))
		i++;
	if (argc - i < 2 || kstrtoint(argv[i], 10, &nice)) {
		if (argc - i >= 1 && kstrtoint(argv[i], 10, &nice))
			shell_printf("renice: invalid priority '%s'\n", argv[i]);
		return shell_usage("renice");
	}
	i++;
	if (!strcmp(argv[i], "-p"))
		i++;
	if (i == argc)
		return shell_usage("renice");
	/* As setpriority(): out-of-range values are clamped, not refused. */
	nice = clamp(nice, MIN_NICE, MAX_NICE);
	for (; i < argc; i++) {
		p = shell_get_task(argv[i], &pid, &err);
		if (!p) {
			shell_printf("renice: failed to get priority for %s (process ID): %s\n",
				     argv[i], strerror(err == -EINVAL ? ESRCH : err));
			status = 1;
			continue;
		}
		old = task_nice(p);
		set_user_nice(p, nice);
		shell_printf("%d (process ID) old priority %d, new priority %d\n", pid, old,
			     task_nice(p));
		put_task_struct(p);
	}
	return status;
}

static const char *const signal_names[] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGKILL] = "KILL", [SIGUSR1] = "USR1",
	[SIGTERM] = "TERM", [SIGSTOP] = "STOP",
};

/* "-9", "-KILL", "-SIGKILL": a signal number; 0 if not one. */
static int parse_signal(const char *s)
{
	int sig;

	if (!kstrtoint(s, 10, &sig))
		return sig > 0 && sig < BITS_PER_LONG ? sig : 0;
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (sig = 1; sig < (int)ARRAY_SIZE(signal_names); sig++)
		if (signal_names[sig] && !strcmp(s, signal_names[sig]))
			return sig;
	return 0;
}

static int cmd_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0, pid, err;
	struct task_struct *p;

	if (argc >= 2 && !strcmp(argv[1], "-l")) {
		for (sig = 1; sig < (int)ARRAY_SIZE(signal_names); sig++)
			if (signal_names[sig])
				shell_printf("%2d) SIG%s\n", sig, signal_names[sig]);
		return 0;
	}
	if (argc >= 2 && argv[1][0] == '-') {
		sig = parse_signal(argv[1] + 1);
		if (!sig) {
			shell_printf("spindle: kill: %s: invalid signal specification\n", argv[1] + 1);
			return 1;
		}
		i++;
	}
	if (i == argc)
		return shell_usage("kill");
	for (; i < argc; i++) {
		/* kill 0 means the caller's process group; the console's shell has none. */
		p = shell_get_task(argv[i], &pid, &err);
		if (err == -EINVAL && !p) {
			shell_printf("spindle: kill: %s: arguments must be process or job IDs\n",
				     argv[i]);
			status = 1;
			continue;
		}
		if (!p) {
			shell_printf("spindle: kill: (%s) - %s\n", argv[i], strerror(ESRCH));
			status = 1;
			continue;
		}
		/* Linux delivers nothing to a kernel thread that did not allow_signal() it:
		 * kill succeeds, and the thread never sees it. Say so, since nothing happens. */
		if ((p->flags & PF_KTHREAD) && !(READ_ONCE(p->allowed_signals) & (1UL << sig)))
			shell_printf("kill: (%d) %s is a kernel thread: SIG%s ignored\n", pid,
				     p->comm, sig < (int)ARRAY_SIZE(signal_names) && signal_names[sig] ?
				     signal_names[sig] : "?");
		else
			send_sig(sig, p, 0);
		put_task_struct(p);
	}
	return status;
}

const struct shell_cmd shell_sched_cmds[] = {
	{ "chrt", "chrt -p PID | chrt -f|-r|-o|-b|-i -p PRIO PID | chrt -m",
	  "show or set a task's scheduling policy and real-time priority", cmd_chrt },
	{ "kill", "kill [-SIGNAL] PID... | kill -l",
	  "send a signal (kernel threads ignore those they did not allow)", cmd_kill },
	{ "renice", "renice [-n] NICE [-p] PID...", "set tasks' nice value (-20..19)",
	  cmd_renice },
	{ "taskset", "taskset -p [-c] [MASK|LIST] PID",
	  "show or set a task's CPU affinity (hex mask, or with -c a list such as 0-3)",
	  cmd_taskset },
	{}
};
