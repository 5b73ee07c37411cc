/* Self-tests of the console shell's answer to bad input (suite "shell", kernel/shell*.c): every
 * command given arguments it must refuse answers with an error in its Linux tool's form, changes
 * nothing and leaves the shell working; thousands of such lines are drawn at random. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sched/clock.h>
#include <linux/torture.h>
#include <linux/vmalloc.h>
#include <ktest.h>

#define OUT_MAX		4096

/* What a task looks like to the commands that could change it. */
struct task_look {
	int pid;
	unsigned int policy, rt_priority;
	int static_prio;
	unsigned long mask;
	unsigned int flags;
	char comm[TASK_COMM_LEN];
};

struct tasks_look {
	struct task_look *t;
	unsigned int nr, max;
	unsigned long warns;
};

/* Every task's policy, priority, nice and first word of affinity, in task-list order. */
static void look_at_tasks(struct tasks_look *l)
{
	struct task_struct *p;
	unsigned long flags;

	l->nr = 0;
	l->warns = warn_count_read();
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		struct task_look *t;

		if (l->nr == l->max)
			break;
		t = &l->t[l->nr++];
		t->pid = p->pid;
		t->policy = p->policy;
		t->rt_priority = p->rt_priority;
		t->static_prio = p->static_prio;
		t->mask = cpumask_bits(&p->cpus_mask)[0];
		t->flags = p->flags & (PF_KTHREAD | PF_NO_SETAFFINITY);
		strscpy(t->comm, p->comm, sizeof(t->comm));
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Field by field: the structure's padding is not written. */
static bool same_look(const struct task_look *a, const struct task_look *b)
{
	return a->policy == b->policy && a->rt_priority == b->rt_priority &&
	       a->static_prio == b->static_prio && a->mask == b->mask && a->flags == b->flags;
}

/*
 * Did anything change between @a and @b for the tasks both saw? kworkers come and go on their
 * own and a hotplug suite may have left a CPU's threads being re-bound, but no bad command
 * line may renice, re-policy or re-affine a task, or warn.
 */
static const struct task_look *changed_task(const struct tasks_look *a,
					    const struct tasks_look *b)
{
	unsigned int i = 0, j = 0;

	/* Both are in task-list order, which is creation order: walk them side by side. */
	while (i < a->nr && j < b->nr) {
		if (a->t[i].pid != b->t[j].pid) {
			if (a->t[i].pid < b->t[j].pid)
				i++;
			else
				j++;
			continue;
		}
		if (!same_look(&a->t[i], &b->t[j]))
			return &b->t[j];
		i++;
		j++;
	}
	return NULL;
}

static void expect_no_task_changed(struct ktest *test, const struct tasks_look *before,
				   const struct tasks_look *after)
{
	const struct task_look *t = changed_task(before, after);

	if (t)
		ktest_info(test, "%s/%d changed: now policy %u, rtprio %u, static_prio %d, mask %lx",
			   t->comm, t->pid, t->policy, t->rt_priority, t->static_prio, t->mask);
	KTEST_EXPECT_NULL(test, t);
}

static int tasks_look_alloc(struct tasks_look *l)
{
	l->max = nr_tasks() + 256;
	l->t = vmalloc(l->max * sizeof(*l->t));
	return l->t ? 0 : -ENOMEM;
}

/* Run @line as typed at the prompt; its output, NUL-terminated, in @buf. */
static const char *run_line(char *buf, const char *line)
{
	struct seq_file m = SEQ_FILE_INIT(buf, OUT_MAX);

	buf[0] = '\0';
	shell_capture(&m, "%s", line);
	buf[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	return buf;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Is @out the answer of a program refusing its arguments, as its Linux tool words it? The tool's
 * name and a colon ("taskset: failed to parse CPU list: 64-0"), bash's for its builtins and for
 * what it cannot run ("spindle: kill: abc: arguments must be process or job IDs", "spindle:
 * x: command not found"), or a usage line; ps (procps) says "error: ..." and prints its header
 * alone for PIDs that do not exist.
 */
static bool is_refusal(const char *cmd, const char *out)
{
	size_t n = strlen(cmd);

	if (!strncmp(out, cmd, n) && out[n] == ':' && out[n + 1] == ' ')
		return true;
	if (starts_with(out, "spindle: ") || starts_with(out, "Usage: "))
		return true;
	if (!strcmp(cmd, "ps"))
		return starts_with(out, "error: ") || !strcmp(out, "    PID TTY          TIME CMD\n");
	return false;
}

/* ---- Lines that must be refused, with Linux's words ---------------------------------------- */

static const struct {
	const char *line, *want;
} refused[] = {
	{ "nosuchcommand", "spindle: nosuchcommand: command not found\n" },
	{ "kill abc", "spindle: kill: abc: arguments must be process or job IDs\n" },
	{ "kill 999999", "spindle: kill: (999999) - No such process\n" },
	{ "kill -QUUX 999999", "spindle: kill: QUUX: invalid signal specification\n" },
	{ "chrt -f -p 100 1", "chrt: unsupported priority value for the policy: 100 (see --max for valid range)\n" },
	{ "chrt -p 999999", "chrt: failed to get pid 999999's policy: No such process\n" },
	{ "chrt -f -p abc 1", "chrt: invalid priority argument: 'abc'\n" },
	{ "renice -n abc -p 1", "renice: invalid priority 'abc'\n" },
	{ "taskset -p 999999", "taskset: failed to get pid 999999's affinity: No such process\n" },
	{ "taskset -pc 64-0 1", "taskset: failed to parse CPU list: 64-0\n" },
	{ "taskset -p abc", "taskset: failed to parse pid: 'abc'\n" },
	{ "cat /nonexistent", "cat: /nonexistent: No such file or directory\n" },
	{ "ls /nonexistent", "ls: cannot access '/nonexistent': No such file or directory\n" },
	{ "echo x >", "spindle: syntax error near unexpected token `newline'\n" },
	{ "echo x > /nonexistent/f", "spindle: /nonexistent/f: No such file or directory\n" },
	{ "help nosuch", "spindle: help: no help topics match `nosuch'.\n" },
};

static char *out_buf;

static int shell_test_init(struct ktest *test)
{
	out_buf = kmalloc(OUT_MAX, GFP_KERNEL);
	return out_buf ? 0 : -ENOMEM;
}

static void shell_test_exit(struct ktest *test)
{
	kfree(out_buf);
	out_buf = NULL;
}

/* Each line of the table gets its tool's exact words first (a usage line may follow), and
 * nothing changes. */
static void bad_lines_get_linux_errors(struct ktest *test)
{
	struct tasks_look before = { }, after = { };

	KTEST_ASSERT_EQ(test, tasks_look_alloc(&before), 0);
	KTEST_ASSERT_EQ(test, tasks_look_alloc(&after), 0);
	look_at_tasks(&before);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		run_line(out_buf, refused[i].line);
		if (!starts_with(out_buf, refused[i].want))
			ktest_info(test, "'%s' printed '%s'", refused[i].line, out_buf);
		KTEST_EXPECT_TRUE(test, starts_with(out_buf, refused[i].want));
	}
	look_at_tasks(&after);
	expect_no_task_changed(test, &before, &after);
	KTEST_EXPECT_EQ(test, after.warns, before.warns);
	KTEST_EXPECT_STREQ(test, run_line(out_buf, "echo alive"), "alive\n");
	vfree(before.t);
	vfree(after.t);
}

/* ---- Bad lines drawn at random ------------------------------------------------------------ */

/*
 * Arguments no command may take as valid in any position: PIDs that cannot exist, numbers out
 * of every range, options no command has, CPU lists and masks that name no CPU, paths that do
 * not exist, bytes a terminal would not send, a token past every buffer. (No small number, no
 * option a command knows that changes something: a line drawn from these must be refused.)
 */
static const char *const bad_args[] = {
	"abc", "-1", "999999", "4194304", "18446744073709551616", "99999999999999999999",
	"0x10", "1x", "-", "--", "-Z", "-p", "1-", "64-0", "0-99999", ",", "1,,2", "%n%s%p",
	"\x01\x02", "\x7f", "\xff\xfe", "'\"\\", "/nonexistent", "/proc/999999/stat",
	"/proc/stat/x", "-n", "--cpu", "-999999999999",
};

/* Commands and the words that lead them past their first check (never run, create or -c). */
static const struct {
	const char *cmd;
	const char *const words[4];
} bad_cmds[] = {
	{ "chrt", { "-f", "-r", "-p" } },
	{ "kill", { "-9", "-TERM", "-KILL" } },
	{ "renice", { "-n", "-p" } },
	{ "taskset", { "-p", "-c", "-pc" } },
	{ "ps", { "-p", "-o", "-C" } },
	{ "free", { "-z" } },
	{ "dmesg", { "-l" } },
	{ "cat", { "/proc/999999/status" } },
	{ "ls", { "/proc/999999" } },
	{ "kthread", { "wake", "stop", "park", "unpark" } },
	{ "demo", { "nosuchdemo" } },
	{ "help", { "nosuchcommand" } },
	{ "echo x >/nonexistent/f", { "-n" } },
	{ "nosuch", { "cmd" } },
};

#define RANDOM_LINES	10000
#define LONG_ARG	300

static void random_bad_lines_are_refused(struct ktest *test)
{
	struct torture_random_state r = { .state = sched_clock() | 1 };
	struct tasks_look before = { }, after = { };
	char *line = kmalloc(SHELL_LINE_MAX, GFP_KERNEL);
	unsigned int refusals = 0, shown = 0;
	u64 seed = r.state;

	KTEST_ASSERT_NOT_NULL(test, line);
	KTEST_ASSERT_EQ(test, tasks_look_alloc(&before), 0);
	KTEST_ASSERT_EQ(test, tasks_look_alloc(&after), 0);
	look_at_tasks(&before);
	for (unsigned int i = 0; i < RANDOM_LINES; i++) {
		unsigned int c = torture_random_below(&r, ARRAY_SIZE(bad_cmds));
		unsigned int nargs = 1 + torture_random_below(&r, 3);
		size_t len = scnprintf(line, SHELL_LINE_MAX, "%s", bad_cmds[c].cmd);
		unsigned int nwords = 0;

		while (nwords < ARRAY_SIZE(bad_cmds[c].words) && bad_cmds[c].words[nwords])
			nwords++;
		/* Its leading word most of the time, so the parsing goes past the first check. */
		if (torture_random_below(&r, 4))
			len += scnprintf(line + len, SHELL_LINE_MAX - len, " %s",
					 bad_cmds[c].words[torture_random_below(&r, nwords)]);
		for (unsigned int a = 0; a < nargs; a++) {
			unsigned int k = torture_random_below(&r, ARRAY_SIZE(bad_args) + 1);

			if (k == ARRAY_SIZE(bad_args)) {
				/* One token longer than any name or number a command reads. */
				len += scnprintf(line + len, SHELL_LINE_MAX - len, " ");
				for (int j = 0; j < LONG_ARG && len < SHELL_LINE_MAX - 1; j++)
					line[len++] = 'a' + torture_random_below(&r, 26);
				line[len] = '\0';
			} else {
				len += scnprintf(line + len, SHELL_LINE_MAX - len, " %s",
						 bad_args[k]);
			}
		}
		run_line(out_buf, line);
		if (is_refusal(bad_cmds[c].cmd, out_buf)) {
			refusals++;
		} else if (shown++ < 5) {
			ktest_info(test, "'%s' was not refused: '%.200s'", line, out_buf);
		}
		cond_resched();
	}
	look_at_tasks(&after);
	ktest_info(test, "%u random bad lines (seed %llu): %u refused in the tool's words",
		   RANDOM_LINES, (unsigned long long)seed, refusals);
	KTEST_EXPECT_EQ(test, refusals, RANDOM_LINES);
	expect_no_task_changed(test, &before, &after);
	KTEST_EXPECT_EQ(test, after.warns, before.warns);
	KTEST_EXPECT_STREQ(test, run_line(out_buf, "echo alive"), "alive\n");
	kfree(line);
	vfree(before.t);
	vfree(after.t);
}

static struct ktest_case shell_cases[] = {
	KTEST_CASE(bad_lines_get_linux_errors),
	KTEST_CASE_TIMEOUT(random_bad_lines_are_refused, 60),
	{}
};

static struct ktest_suite shell_suite = {
	.name = "shell",
	.cases = shell_cases,
	.init = shell_test_init,
	.exit = shell_test_exit,
};
ktest_register_suite(shell_suite);
