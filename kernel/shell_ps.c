/* The console's ps, as procps-ng 4's: the default, -e/-A, -f, -L and -o columns, -p and -C
 * selections, kernel threads' command in [brackets]. It reads the tasks directly where procps
 * reads /proc/PID/stat: the same numbers. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kallsyms.h>
#include <linux/cpu_stats.h>
#include <linux/kernel_stat.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/tty.h>
#include <linux/vmalloc.h>
#include <linux/time.h>
#include "../sched/sched.h"

#define PS_MAX_COLS	24
#define PS_MAX_SEL	16

/* One task, copied under tasklist_lock so printing can sleep. */
struct ps_task {
	int pid, ppid;
	unsigned int policy, rt_priority, cpu, flags;
	int prio, nice;
	char state;
	bool fg;
	u64 utime, stime, start_time;
	unsigned long wchan;
	char comm[64];			/* proc_task_name(): kworkers say their workqueue */
};

struct ps_col {
	const char *name;	/* -o's name */
	const char *header;
	int width;		/* negative: left-aligned */
	void (*fmt)(char *buf, size_t size, const struct ps_task *t);
};

static void fmt_pid(char *b, size_t n, const struct ps_task *t) { snprintf(b, n, "%d", t->pid); }
static void fmt_ppid(char *b, size_t n, const struct ps_task *t) { snprintf(b, n, "%d", t->ppid); }
static void fmt_cls(char *b, size_t n, const struct ps_task *t) { strscpy(b, task_policy_cls(t->policy), n); }
static void fmt_nlwp(char *b, size_t n, const struct ps_task *t) { strscpy(b, "1", n); }
static void fmt_psr(char *b, size_t n, const struct ps_task *t) { snprintf(b, n, "%u", t->cpu); }
static void fmt_comm(char *b, size_t n, const struct ps_task *t) { strscpy(b, t->comm, n); }
static void fmt_uid(char *b, size_t n, const struct ps_task *t) { strscpy(b, "root", n); }

/* procps: "-" where the column does not apply to the policy. */
static void fmt_rtprio(char *b, size_t n, const struct ps_task *t)
{
	if (t->policy == SCHED_FIFO || t->policy == SCHED_RR)
		snprintf(b, n, "%u", t->rt_priority);
	else
		strscpy(b, "-", n);
}

static void fmt_ni(char *b, size_t n, const struct ps_task *t)
{
	if (t->policy == SCHED_FIFO || t->policy == SCHED_RR)
		strscpy(b, "-", n);
	else
		snprintf(b, n, "%d", t->nice);
}

/* procps's "pri": 39 - (prio - 100) for normal tasks (19 at nice 0), 40 + rt_priority for
 * real-time ones (139 for FIFO 99). */
static void fmt_pri(char *b, size_t n, const struct ps_task *t)
{
	snprintf(b, n, "%d", MAX_PRIO - 1 - t->prio);
}

/* STAT: the state letter, then '<' (nice < 0) or 'N' (nice > 0), '+' (the console's
 * foreground, here the shell itself), as procps's stat column. */
static void fmt_stat(char *b, size_t n, const struct ps_task *t)
{
	snprintf(b, n, "%c%s%s", t->state, t->nice < 0 ? "<" : t->nice > 0 ? "N" : "",
		 t->fg ? "+" : "");
}

static void fmt_wchan(char *b, size_t n, const struct ps_task *t)
{
	const char *name;
	unsigned long start, size;

	if (t->wchan && kallsyms_lookup(t->wchan - 1, &name, &start, &size))
		strscpy(b, name, n);
	else
		strscpy(b, "-", n);
}

/* [[DD-]hh:]mm:ss of CPU time, as procps's TIME: hh:mm:ss. */
static void fmt_time(char *b, size_t n, const struct ps_task *t)
{
	unsigned long s = (t->utime + t->stime) / NSEC_PER_SEC;

	snprintf(b, n, "%02lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

/* Kernel threads' command line is empty, so procps shows their comm in brackets. */
static void fmt_args(char *b, size_t n, const struct ps_task *t)
{
	snprintf(b, n, t->flags & PF_KTHREAD ? "[%s]" : "%s", t->comm);
}

static void fmt_tty(char *b, size_t n, const struct ps_task *t)
{
	strscpy(b, t->fg ? "console" : "?", n);
}

/* %CPU: CPU time over the task's lifetime, as procps computes it. */
static void fmt_pcpu(char *b, size_t n, const struct ps_task *t)
{
	u64 alive = sched_clock() - t->start_time, used = t->utime + t->stime;
	unsigned long permille = alive ? (unsigned long)(used * 1000 / alive) : 0;

	snprintf(b, n, "%lu.%lu", permille / 10, permille % 10);
}

static void fmt_c(char *b, size_t n, const struct ps_task *t)
{
	u64 alive = sched_clock() - t->start_time;

	snprintf(b, n, "%lu", alive ? (unsigned long)((t->utime + t->stime) * 100 / alive) : 0);
}

/* STIME: hh:mm of the start; the clock starts at boot (no real-time clock driver). */
static void fmt_stime(char *b, size_t n, const struct ps_task *t)
{
	unsigned long s = t->start_time / NSEC_PER_SEC;

	snprintf(b, n, "%02lu:%02lu", s / 3600 % 24, s / 60 % 60);
}

static const struct ps_col ps_cols[] = {
	{ "pid", "PID", 7, fmt_pid },
	{ "ppid", "PPID", 7, fmt_ppid },
	{ "lwp", "LWP", 7, fmt_pid },
	{ "tid", "TID", 7, fmt_pid },
	{ "spid", "SPID", 7, fmt_pid },
	{ "nlwp", "NLWP", 4, fmt_nlwp },
	{ "uid", "UID", -8, fmt_uid },
	{ "user", "USER", -8, fmt_uid },
	{ "cls", "CLS", 3, fmt_cls },
	{ "class", "CLS", 3, fmt_cls },
	{ "policy", "POL", 3, fmt_cls },
	{ "rtprio", "RTPRIO", 6, fmt_rtprio },
	{ "ni", "NI", 3, fmt_ni },
	{ "nice", "NI", 3, fmt_ni },
	{ "pri", "PRI", 3, fmt_pri },
	{ "psr", "PSR", 3, fmt_psr },
	{ "stat", "STAT", -4, fmt_stat },
	{ "wchan", "WCHAN", -6, fmt_wchan },
	{ "time", "TIME", 8, fmt_time },
	{ "cputime", "TIME", 8, fmt_time },
	{ "tty", "TT", -8, fmt_tty },
	{ "tname", "TTY", -8, fmt_tty },
	{ "%cpu", "%CPU", 4, fmt_pcpu },
	{ "pcpu", "%CPU", 4, fmt_pcpu },
	{ "c", "C", 2, fmt_c },
	{ "stime", "STIME", -5, fmt_stime },
	{ "comm", "COMMAND", -15, fmt_comm },
	{ "ucmd", "CMD", -15, fmt_comm },
	{ "args", "COMMAND", -27, fmt_args },
	{ "cmd", "CMD", -27, fmt_args },
	{}
};

static const struct ps_col *ps_find_col(const char *name)
{
	for (const struct ps_col *c = ps_cols; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

struct ps_opts {
	const struct ps_col *cols[PS_MAX_COLS];
	int nr_cols;
	bool all, full, threads;
	int pids[PS_MAX_SEL], nr_pids;
	const char *names[PS_MAX_SEL];
	int nr_names;
};

/* Append the columns named in "pid,ppid,comm"; false (with procps's message) if one is not. */
static bool ps_add_cols(struct ps_opts *o, char *list)
{
	char *name;

	while ((name = strsep(&list, ",")) != NULL) {
		const struct ps_col *c = ps_find_col(name);

		if (!c) {
			shell_printf("error: unknown user-defined format specifier \"%s\"\n", name);
			return false;
		}
		if (o->nr_cols < PS_MAX_COLS)
			o->cols[o->nr_cols++] = c;
	}
	return true;
}

/* procps's default columns, or -f's; -L adds LWP (and with -f NLWP) after PID (PPID). */
static void ps_add_default(struct ps_opts *o)
{
	static const char *const def[] = { "pid", "tname", "time", "cmd" };
	static const char *const full[] = { "uid", "pid", "ppid", "c", "stime", "tname", "time",
					     "cmd" };
	const char *const *list = o->full ? full : def;
	int n = o->full ? ARRAY_SIZE(full) : ARRAY_SIZE(def);

	for (int i = 0; i < n; i++) {
		o->cols[o->nr_cols++] = ps_find_col(list[i]);
		if (o->threads && !strcmp(list[i], o->full ? "ppid" : "pid")) {
			o->cols[o->nr_cols++] = ps_find_col("lwp");
			if (o->full)
				o->cols[o->nr_cols++] = ps_find_col("nlwp");
		}
	}
}

static bool ps_selected(const struct ps_opts *o, const struct ps_task *t)
{
	if (o->all)
		return true;
	for (int i = 0; i < o->nr_pids; i++)
		if (o->pids[i] == t->pid)
			return true;
	for (int i = 0; i < o->nr_names; i++)
		if (!strcmp(o->names[i], t->comm))
			return true;
	/* No selection: the tasks on the console, as procps's default is those on its tty. */
	return !o->nr_pids && !o->nr_names && t->fg;
}

static void ps_copy(struct ps_task *t, struct task_struct *p)
{
	t->pid = p->pid;
	t->ppid = p->real_parent ? p->real_parent->pid : 0;
	t->policy = p->policy;
	t->rt_priority = p->rt_priority;
	t->cpu = task_cpu(p);
	t->flags = p->flags;
	t->prio = p->prio;
	t->nice = task_nice(p);
	t->state = task_state_to_char(p);
	t->fg = p == tty_foreground();
	t->utime = READ_ONCE(p->utime);
	t->stime = READ_ONCE(p->stime);
	t->start_time = p->start_time;
	t->wchan = 0;
	strscpy(t->comm, p->comm, sizeof(t->comm));
}

/* Every task but the idle ones (procps shows no PID 0), copied; the caller vfrees. With room
 * for a kworker's "-workqueue" in each name, a thousand tasks' copy is over kmalloc's most. */
static struct ps_task *ps_snapshot(int *nr)
{
	int room = nr_tasks() + 16, n = 0;
	struct ps_task *tasks = vmalloc(room * sizeof(*tasks));
	struct task_struct *p;
	unsigned long flags;

	if (!tasks)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (n == room)
			break;
		ps_copy(&tasks[n++], p);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* A kworker's name says what it works for; that takes a mutex, so after the lock. */
	for (int i = 0; i < n; i++) {
		if (!(tasks[i].flags & PF_WQ_WORKER))
			continue;
		p = find_task_by_pid(tasks[i].pid);
		if (p) {
			proc_task_name(tasks[i].comm, sizeof(tasks[i].comm), p);
			put_task_struct(p);
		}
	}
	*nr = n;
	return tasks;
}

/* wchan needs the task's stack: looked up per task after the snapshot, the task referenced. */
static void ps_fill_wchan(struct ps_task *t)
{
	struct task_struct *p = find_task_by_pid(t->pid);

	if (p) {
		t->wchan = get_wchan(p);
		put_task_struct(p);
	}
}

static void ps_print_row(const struct ps_opts *o, const struct ps_task *t)
{
	char line[512], cell[64];
	int len = 0;

	for (int i = 0; i < o->nr_cols; i++) {
		const struct ps_col *c = o->cols[i];
		bool last = i + 1 == o->nr_cols;

		if (t)
			c->fmt(cell, sizeof(cell), t);
		else
			strscpy(cell, c->header, sizeof(cell));
		/* The last column is not padded (procps leaves no trailing blanks). */
		len += scnprintf(line + len, sizeof(line) - len, "%s%*s", i ? " " : "",
				 last && c->width < 0 ? 0 : c->width, cell);
	}
	shell_printf("%s\n", line);
}

static int ps_usage_error(const char *what, const char *arg)
{
	shell_printf("error: %s%s\n\nUsage:\n ps [options]\n", what, arg);
	return 1;
}

static int cmd_ps(int argc, char **argv)
{
	struct ps_opts *o = kzalloc(sizeof(*o), GFP_KERNEL);
	struct ps_task *tasks;
	bool wchan = false;
	int nr, ret = 0;

	if (!o) {
		shell_printf("ps: %s\n", strerror(ENOMEM));
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			ret = ps_usage_error("unsupported option (BSD syntax)", "");
			goto out;
		}
		for (char *f = a + 1; *f; f++) {
			char *arg;

			switch (*f) {
			case 'e':
			case 'A':
				o->all = true;
				continue;
			case 'f':
				o->full = true;
				continue;
			case 'L':
				o->threads = true;
				continue;
			case 'o':
			case 'p':
			case 'C':
				break;
			default:
				ret = ps_usage_error("unsupported SysV option", "");
				goto out;
			}
			/* An option with an argument: the rest of this word, or the next word. */
			arg = f[1] ? f + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!arg) {
				ret = ps_usage_error("list of ", "format specifiers, process IDs or command names missing");
				goto out;
			}
			if (*f == 'o') {
				if (!ps_add_cols(o, arg)) {
					ret = 1;
					goto out;
				}
			} else if (*f == 'p') {
				char *tok;

				while ((tok = strsep(&arg, ",")) != NULL) {
					int pid;

					if (kstrtoint(tok, 10, &pid) || pid <= 0) {
						ret = ps_usage_error("process ID list syntax error", "");
						goto out;
					}
					if (o->nr_pids < PS_MAX_SEL)
						o->pids[o->nr_pids++] = pid;
				}
			} else {
				char *tok;

				while ((tok = strsep(&arg, ",")) != NULL)
					if (o->nr_names < PS_MAX_SEL)
						o->names[o->nr_names++] = tok;
			}
			break;
		}
	}
	if (!o->nr_cols)
		ps_add_default(o);
	for (int i = 0; i < o->nr_cols; i++)
		wchan |= o->cols[i]->fmt == fmt_wchan;
	tasks = ps_snapshot(&nr);
	if (!tasks) {
		shell_printf("ps: %s\n", strerror(ENOMEM));
		ret = 1;
		goto out;
	}
	ps_print_row(o, NULL);
	ret = 1;	/* procps exits 1 when nothing was selected */
	for (int i = 0; i < nr && !shell_interrupted(); i++) {
		if (!ps_selected(o, &tasks[i]))
			continue;
		if (wchan)
			ps_fill_wchan(&tasks[i]);
		ps_print_row(o, &tasks[i]);
		ret = 0;
	}
	vfree(tasks);
out:
	kfree(o);
	return ret;
}

/* ---- top ------------------------------------------------------------------------------ */

/* What top remembers between frames: each CPU's times and each task's CPU time. */
struct top_frame {
	u64 cpu[NR_CPUS][NR_STATS];
	struct ps_task *tasks;
	int nr;
};

static void top_sample(struct top_frame *f)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		for (int i = 0; i < NR_STATS; i++)
			f->cpu[cpu][i] = READ_ONCE(kcpustat_cpu(cpu).cpustat[i]);
		f->cpu[cpu][CPUTIME_IDLE] = cpu_idle_time_ns(cpu);
	}
	f->tasks = ps_snapshot(&f->nr);
}

/* "%Cpu(s):  0.3 us,  1.0 sy, ..." from the time each kind took between two samples. */
static void top_cpu_line(const char *label, const u64 *a, const u64 *b)
{
	static const enum cpu_usage_stat order[] = {
		CPUTIME_USER, CPUTIME_SYSTEM, CPUTIME_NICE, CPUTIME_IDLE, CPUTIME_IOWAIT,
		CPUTIME_IRQ, CPUTIME_SOFTIRQ, CPUTIME_STEAL,
	};
	static const char *const names[] = { "us", "sy", "ni", "id", "wa", "hi", "si", "st" };
	u64 d[ARRAY_SIZE(order)], total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		d[i] = b[order[i]] > a[order[i]] ? b[order[i]] - a[order[i]] : 0;
		total += d[i];
	}
	shell_printf("%s:", label);
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		unsigned long permille = total ? (unsigned long)(d[i] * 1000 / total) : 0;

		shell_printf("%s%3lu.%lu %s", i ? "," : "", permille / 10, permille % 10, names[i]);
	}
	shell_puts("\n");
}

struct top_row {
	const struct ps_task *t;
	unsigned long permille;		/* of one CPU, over the frame */
};

static int top_cmp(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;

	if (x->permille != y->permille)
		return x->permille < y->permille ? 1 : -1;
	return x->t->pid - y->t->pid;
}

/* One frame of procps's top: the summary lines, then the tasks by %CPU over @ns. */
static void top_print(const struct top_frame *a, const struct top_frame *b, u64 ns, bool per_cpu,
		      struct top_row *rows)
{
	unsigned int cpu, running = 0, sleeping = 0, n = 0;
	u64 sum_a[NR_STATS] = { 0 }, sum_b[NR_STATS] = { 0 };
	unsigned long total = totalram_pages(), free = nr_free_pages();

	for (int i = 0; i < b->nr; i++) {
		const struct ps_task *t = &b->tasks[i];
		u64 before = 0, now = t->utime + t->stime;

		for (int j = 0; j < a->nr; j++)
			if (a->tasks[j].pid == t->pid) {
				before = a->tasks[j].utime + a->tasks[j].stime;
				break;
			}
		rows[n].t = t;
		rows[n++].permille = ns && now > before ? (unsigned long)((now - before) * 1000 / ns) : 0;
		if (t->state == 'R')
			running++;
		else
			sleeping++;
	}
	sort(rows, n, sizeof(*rows), top_cmp, NULL);
	shell_uptime_line("top - ");
	shell_printf("Tasks: %3u total, %3u running, %3u sleeping,   0 stopped,   0 zombie\n", n,
		     running, sleeping);
	for_each_possible_cpu(cpu) {
		for (int i = 0; i < NR_STATS; i++) {
			sum_a[i] += a->cpu[cpu][i];
			sum_b[i] += b->cpu[cpu][i];
		}
	}
	if (per_cpu) {
		for_each_online_cpu(cpu) {
			char label[16];

			snprintf(label, sizeof(label), "%%Cpu%-3u", cpu);
			top_cpu_line(label, a->cpu[cpu], b->cpu[cpu]);
		}
	} else {
		top_cpu_line("%Cpu(s)", sum_a, sum_b);
	}
	shell_printf("MiB Mem : %8lu.%lu total, %8lu.%lu free, %8lu.%lu used, %8u.0 buff/cache\n",
		     total / 256, total % 256 * 10 / 256, free / 256, free % 256 * 10 / 256,
		     (total - free) / 256, (total - free) % 256 * 10 / 256, 0);
	shell_printf("MiB Swap: %8u.0 total, %8u.0 free, %8u.0 used. %8lu.%lu avail Mem\n\n", 0, 0,
		     0, free / 256, free % 256 * 10 / 256);
	shell_puts("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n");
	for (unsigned int i = 0; i < n; i++) {
		const struct ps_task *t = rows[i].t;
		u64 cs = (t->utime + t->stime) / 10000000ULL;
		char pr[8];

		/* top's PR is prio - 100; "rt" for the top real-time priority. */
		if (t->prio - MAX_RT_PRIO == -MAX_RT_PRIO)
			strscpy(pr, "rt", sizeof(pr));
		else
			snprintf(pr, sizeof(pr), "%d", t->prio - MAX_RT_PRIO);
		shell_printf("%7d %-8s %3s %3d %7u %6u %6u %c %5lu.%lu %5u.0 %3lu:%02lu.%02lu %s\n",
			     t->pid, "root", pr, t->nice, 0, 0, 0, t->state, rows[i].permille / 10,
			     rows[i].permille % 10, 0, (unsigned long)(cs / 6000),
			     (unsigned long)(cs / 100 % 60), (unsigned long)(cs % 100), t->comm);
	}
}

static int cmd_top(int argc, char **argv)
{
	unsigned int frames = 0, delay_ms = MSEC_PER_SEC;
	struct top_frame *f = kmalloc_array(2, sizeof(*f), GFP_KERNEL);
	struct top_row *rows = NULL;
	bool batch = false, per_cpu = false;
	int cur = 0;

	if (!f) {
		shell_printf("top: %s\n", strerror(ENOMEM));
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-b")) {
			batch = true;
		} else if (!strcmp(argv[i], "-1")) {
			per_cpu = true;
		} else if ((!strcmp(argv[i], "-n") || !strcmp(argv[i], "-d")) && i + 1 < argc) {
			unsigned int v;

			if (kstrtouint(argv[i + 1], 10, &v) || !v) {
				shell_printf("top: bad %s argument '%s'\n", argv[i], argv[i + 1]);
				kfree(f);
				return 1;
			}
			if (argv[i][1] == 'n')
				frames = v;
			else
				delay_ms = v * MSEC_PER_SEC;
			i++;
		} else {
			shell_printf("top: unknown option '%s'\n", argv[i]);
			kfree(f);
			return shell_usage("top");
		}
	}
	top_sample(&f[0]);
	for (unsigned int frame = 0; !frames || frame < frames; frame++) {
		u64 t0 = sched_clock();
		int c;

		/* Wait out the delay, reading keys: q ends, 1 toggles the per-CPU lines. */
		do {
			c = batch ? (msleep_interruptible(delay_ms), -EAGAIN) :
			    shell_getc_timeout(delay_ms);
			if (c == 'q' || c == INTR_CHAR || shell_interrupted())
				goto out;
			if (c == '1')
				per_cpu = !per_cpu;
		} while (c >= 0 && sched_clock() - t0 < delay_ms * NSEC_PER_MSEC);
		top_sample(&f[!cur]);
		kfree(rows);
		rows = kmalloc_array(f[!cur].nr + 1, sizeof(*rows), GFP_KERNEL);
		if (!f[cur].tasks || !f[!cur].tasks || !rows) {
			shell_printf("top: %s\n", strerror(ENOMEM));
			break;
		}
		if (!batch)
			shell_puts("\x1b[H\x1b[2J");
		top_print(&f[cur], &f[!cur], sched_clock() - t0, per_cpu, rows);
		if (batch)
			shell_puts("\n");
		vfree(f[cur].tasks);
		f[cur].tasks = NULL;
		cur = !cur;
	}
out:
	kfree(rows);
	vfree(f[0].tasks);
	vfree(f[1].tasks);
	kfree(f);
	return 0;
}

const struct shell_cmd shell_ps_cmds[] = {
	{ "ps", "ps [-e|-A] [-f] [-L] [-o COL,...] [-p PID,...] [-C NAME,...]",
	  "the tasks: kernel threads in [brackets]; -o pid,ppid,cls,rtprio,ni,pri,psr,stat,wchan,"
	  "time,comm,args", cmd_ps },
	{ "top", "top [-b] [-n FRAMES] [-d SECONDS] [-1]",
	  "the busiest tasks, refreshed every second; q or Ctrl-C ends, 1 shows each CPU",
	  cmd_top },
	{}
};
