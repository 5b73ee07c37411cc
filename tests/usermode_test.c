/* Self-tests of user space: programs from the initramfs run and end as they should (exit codes,
 * signals for faults), their output matches what the same binaries printed on the build host,
 * every system call refuses bad arguments cleanly, 1,000 processes leave nothing behind, a user
 * hog is preempted, and lazy TLB does what docs/usermode.md says: a kernel thread between two
 * turns of one process loads no page table, and borrows the process's mm while it runs. */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/ramfs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/umh.h>
#include <linux/vmalloc.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <ktest.h>

size_t log_buf_copy(char *dst, size_t size);
unsigned long slab_objects_in_use(void);
extern int max_user_processes;

static const char *const test_envp[] = { "HOME=/", "TERM=linux", NULL };

/* The user programs come from the initramfs: without one (a boot with no module) skip. */
static void need_program(struct ktest *test, const char *path)
{
	if (IS_ERR(ramfs_lookup(path)))
		ktest_skip(test, "%s is not in the initramfs", path);
}

/* ---- Capturing a program's standard output ---------------------------------------------- */

#define CAPTURE_MAX	8192

struct capture {
	char *buf;
	size_t len;
	bool overflow;
};

/* A file that keeps what is written to it: the program's descriptor 1 in these tests. */
static ssize_t capture_write_iter(struct file *file, struct iov_iter *from)
{
	struct capture *c = file->private_data;
	size_t n = from->count, room = CAPTURE_MAX - c->len;

	if (n > room) {
		c->overflow = true;
		n = room;
	}
	n = copy_from_iter(c->buf + c->len, n, from);
	c->len += n;
	return n + from->count;	/* the rest is dropped, not refused: the program goes on */
}

static const struct file_operations capture_fops = {
	.write_iter = capture_write_iter,
};

static int capture_init(void *data)
{
	struct file *f = alloc_file(&capture_fops, O_WRONLY, data);

	if (!f)
		return -ENOMEM;
	replace_fd(1, f);
	return 0;
}

/* Run argv[0] (a path) to its end; its output in @c if given. The wait4() status, or -errno. */
static int run_program(const char *const *argv, struct capture *c)
{
	if (c)
		return call_usermodehelper_exec_init(argv[0], argv, test_envp, UMH_WAIT_PROC,
						     capture_init, c);
	return call_usermodehelper(argv[0], argv, test_envp, UMH_WAIT_PROC);
}

static int capture_alloc(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->buf = kzalloc(CAPTURE_MAX + 1, GFP_KERNEL);
	return c->buf ? 0 : -ENOMEM;
}

static void hello_runs(struct ktest *test)
{
	const char *argv[] = { "/bin/hello", NULL };
	struct capture c;

	need_program(test, argv[0]);
	KTEST_ASSERT_EQ(test, capture_alloc(&c), 0);
	KTEST_EXPECT_EQ(test, run_program(argv, &c), 0);
	c.buf[c.len] = '\0';
	KTEST_EXPECT_TRUE(test, !strncmp(c.buf, "Hello from user space!\n", 23));
	KTEST_EXPECT_TRUE(test, strstr(c.buf, ": Spindle " SPINDLE_VERSION " x86_64\n") != NULL);
	kfree(c.buf);
}

/* The lines that count in a comparison: all but those starting with '#'. */
static size_t compared_lines(const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t end = i;

		while (end < n && in[end] != '\n')
			end++;
		if (in[i] != '#') {
			memcpy(out + o, in + i, end - i);
			o += end - i;
			out[o++] = '\n';
		}
		i = end + 1;
	}
	out[o] = '\0';
	return o;
}

/* Split @line at spaces into @argv (at most @max - 1 words); the words stay in @line. */
static int split_words(char *line, const char **argv, int max)
{
	int n = 0;

	for (char *p = line; *p && n < max - 1;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[n] = NULL;
	return n;
}

/*
 * The honest comparison: every run in /expected/list (usr/expected.list, whose outputs the
 * build host recorded in /expected/NAME.out) again here, same binary, same arguments; with
 * the '#' lines dropped on both sides the outputs must be identical.
 */
static void outputs_match_the_host(struct ktest *test)
{
	struct inode *list = ramfs_lookup("/expected/list");
	char *text, *line, *next, *want, *got;
	int runs = 0;

	if (IS_ERR(list))
		ktest_skip(test, "no /expected/list in the initramfs");
	text = kzalloc(list->i_size + 1, GFP_KERNEL);
	want = kzalloc(CAPTURE_MAX + 1, GFP_KERNEL);
	got = kzalloc(CAPTURE_MAX + 1, GFP_KERNEL);
	KTEST_ASSERT_TRUE(test, text && want && got);
	memcpy(text, list->i_private, list->i_size);
	for (line = text; line && *line; line = next) {
		const char *argv[16];
		char path[64], name[64];
		struct capture c;
		struct inode *exp;
		size_t wn, gn;
		int status;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		if (split_words(line, argv, ARRAY_SIZE(argv)) < 2)
			continue;
		strscpy(name, argv[0], sizeof(name));
		snprintf(path, sizeof(path), "/bin/%s", argv[1]);
		argv[0] = path;
		memmove(&argv[1], &argv[2], (ARRAY_SIZE(argv) - 2) * sizeof(argv[0]));
		snprintf(want, 64, "/expected/%s.out", name);
		exp = ramfs_lookup(want);
		KTEST_EXPECT_FALSE(test, IS_ERR(exp));
		if (IS_ERR(exp))
			continue;
		KTEST_ASSERT_EQ(test, capture_alloc(&c), 0);
		status = run_program(argv, &c);
		KTEST_EXPECT_EQ(test, status, 0);
		KTEST_EXPECT_FALSE(test, c.overflow);
		wn = compared_lines(exp->i_private, exp->i_size, want);
		gn = compared_lines(c.buf, c.len, got);
		if (wn != gn || memcmp(want, got, wn)) {
			ktest_info(test, "%s: Spindle printed:\n%s", name, got);
			ktest_info(test, "%s: the host printed:\n%s", name, want);
			KTEST_EXPECT_TRUE(test, false);
		}
		kfree(c.buf);
		runs++;
	}
	ktest_info(test, "%d runs compared with the build host's", runs);
	KTEST_EXPECT_GT(test, runs, 0);
	kfree(text);
	kfree(want);
	kfree(got);
}

/* ---- Faults, bad calls, leaks ----------------------------------------------------------- */

/* Does the kernel log's last @tail bytes contain @s? */
static bool log_has(const char *s, size_t tail)
{
	char *log = vmalloc(tail + 1);
	size_t n;
	bool found;

	if (!log)
		return false;
	n = log_buf_copy(log, tail + 1);
	log[min(n, tail)] = '\0';
	found = strstr(log, s) != NULL;
	vfree(log);
	return found;
}

/* Each fault ends the program with Linux's signal and report, and never the kernel. */
static void faults_end_the_process(struct ktest *test)
{
	static const struct {
		const char *kind;
		int sig;
		const char *report;
	} faults[] = {
		{ "null-write", SIGSEGV, "fault[%d]: segfault at 0 ip " },
		{ "kernel-read", SIGSEGV, "fault[%d]: segfault at ffff888000000000 ip " },
		{ "kernel-write", SIGSEGV, "fault[%d]: segfault at ffff888000000000 ip " },
		{ "exec-stack", SIGSEGV, "fault[%d]: segfault at " },
		{ "write-text", SIGSEGV, "fault[%d]: segfault at 40" },
		{ "ud2", SIGILL, "traps: fault[%d] trap invalid opcode ip:" },
		{ "divzero", SIGFPE, "traps: fault[%d] trap divide error ip:" },
		{ "hlt", SIGSEGV, "traps: fault[%d] general protection fault ip:" },
	};

	need_program(test, "/bin/fault");
	for (unsigned int i = 0; i < ARRAY_SIZE(faults); i++) {
		const char *argv[] = { "/bin/fault", faults[i].kind, NULL };
		char report[96];
		int before = init_pid_ns.last_pid, status;

		status = run_program(argv, NULL);
		ktest_info(test, "%s: status %#x", faults[i].kind, status);
		KTEST_EXPECT_EQ(test, status, faults[i].sig);
		/* The PID it had: the next one after @before (nothing else forks meanwhile). */
		snprintf(report, sizeof(report), faults[i].report, before + 1);
		KTEST_EXPECT_TRUE(test, log_has(report, 4096));
	}
}

struct leak_baseline {
	unsigned long pages, objects;
	int pids;
};

/*
 * A CPU whose last user process exited keeps that mm lazily (its idle task borrows it) until
 * another process runs there: Linux's lazy TLB too. For a leak count, have a kernel thread on
 * each CPU take the borrowed mm over and swap it for init_mm, which drops the last reference.
 */
static int drop_lazy_mm(void *data)
{
	kthread_use_mm(&init_mm);
	kthread_unuse_mm(&init_mm);
	complete(data);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void drop_lazy_mms(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct completion done;
		struct task_struct *k;

		init_completion(&done);
		k = kthread_create_on_cpu(drop_lazy_mm, &done, cpu, "drop_lazy/%u");
		if (IS_ERR(k))
			continue;
		wake_up_process(k);
		wait_for_completion(&done);
		kthread_stop(k);
	}
}

static void leak_snapshot(struct leak_baseline *b)
{
	drop_lazy_mms();
	drain_cached_stacks();
	kmem_cache_shrink_all();
	b->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	b->objects = slab_objects_in_use();
	b->pids = init_pid_ns.nr_allocated;
}

static void expect_no_leak(struct ktest *test, const struct leak_baseline *before)
{
	struct leak_baseline after;

	leak_snapshot(&after);
	KTEST_EXPECT_EQ(test, after.pages, before->pages);
	KTEST_EXPECT_EQ(test, after.objects, before->objects);
	KTEST_EXPECT_EQ(test, after.pids, before->pids);
}

/* /bin/badcall checks each errno itself (the same binary passes on Linux). */
static void bad_arguments_get_clean_errors(struct ktest *test)
{
	const char *argv[] = { "/bin/badcall", NULL };
	struct leak_baseline b;

	need_program(test, argv[0]);
	leak_snapshot(&b);
	KTEST_EXPECT_EQ(test, run_program(argv, NULL), 0);
	expect_no_leak(test, &b);
}

static void thousand_processes_leave_nothing(struct ktest *test)
{
	const char *argv[] = { "/bin/forkloop", "1000", NULL };
	struct leak_baseline b;

	need_program(test, argv[0]);
	/* One run first: caches (slabs, stacks) that the first forks fill stay filled. */
	KTEST_ASSERT_EQ(test, run_program(argv, NULL), 0);
	leak_snapshot(&b);
	KTEST_EXPECT_EQ(test, run_program(argv, NULL), 0);
	expect_no_leak(test, &b);
}

static int sleep_a_tick(void *unused)
{
	schedule_timeout_interruptible(1);
	return 0;
}

/* A fork bomb meets the process limit (-EAGAIN) and the kernel stays responsive. */
static void fork_bomb_is_bounded(struct ktest *test)
{
	const char *argv[] = { "/bin/forkbomb-lite", "4", "3", NULL };	/* 120 tasks */
	int saved = max_user_processes;
	struct leak_baseline b;
	struct task_struct *k;

	need_program(test, argv[0]);
	leak_snapshot(&b);
	WRITE_ONCE(max_user_processes, 40);
	KTEST_EXPECT_EQ(test, run_program(argv, NULL), 0);
	WRITE_ONCE(max_user_processes, saved);
	/* Responsive: a kernel thread can still be made and stopped at once. */
	k = kthread_run(sleep_a_tick, NULL, "probe");
	KTEST_ASSERT_FALSE(test, IS_ERR(k));
	kthread_stop(k);
	expect_no_leak(test, &b);
}

/* ---- Preemption of a user hog ------------------------------------------------------------ */

struct progress {
	unsigned int cpu;
	unsigned long loops;
};

static int count_loops(void *data)
{
	struct progress *p = data;

	while (!kthread_should_stop()) {
		WRITE_ONCE(p->loops, p->loops + 1);
		cpu_relax();
	}
	return 0;
}

/*
 * A SCHED_OTHER busy loop in user mode never calls into the kernel: only the tick can take the
 * CPU from it. A kernel thread of the same class on the same CPU must still run while it does.
 */
static void user_hog_is_preempted(struct ktest *test)
{
	struct progress p = { .cpu = num_online_cpus() - 1 };
	char cpu[8];
	const char *argv[] = { "/bin/spin", "-c", cpu, "1", NULL };
	struct task_struct *k;
	unsigned long before;

	need_program(test, argv[0]);
	snprintf(cpu, sizeof(cpu), "%u", p.cpu);
	k = kthread_create_on_cpu(count_loops, &p, p.cpu, "hog_rival/%u");
	KTEST_ASSERT_FALSE(test, IS_ERR(k));
	wake_up_process(k);
	msleep(20);
	before = READ_ONCE(p.loops);
	KTEST_EXPECT_EQ(test, run_program(argv, NULL), 0);
	/* It ran during the second the hog did (roughly half of it, the fair share). */
	KTEST_EXPECT_GT(test, READ_ONCE(p.loops), before);
	KTEST_EXPECT_GT(test, k->nivcsw, 10UL);
	kthread_stop(k);
}

/* ---- Lazy TLB with real processes -------------------------------------------------------- */

struct lazy_run {
	unsigned int cpu;
	struct task_struct *user[2];	/* the processes (referenced), set before they exec */
	int nr_users;
	u64 start_ns;			/* when everyone starts taking turns (CLOCK_MONOTONIC) */
	int rounds, sample_from, window;	/* the window opens at sample_from at the earliest */
	unsigned long cr3_from, cr3_to;
	bool borrowed_right;		/* mm NULL, active_mm a process's, referenced */
	int nr_checked;
	struct completion done;
};

/* How often @p left a CPU: a sched_yield() counts as involuntary, a sleep as voluntary. */
static unsigned long task_switches(struct task_struct *p)
{
	return READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
}

/* In the new process, before its exec: note the task (the same one after the exec). */
static int lazy_user_init(void *data)
{
	struct lazy_run *l = data;

	l->user[l->nr_users++] = get_task_struct(current);
	return 0;
}

/* Are we borrowing the mm of one of the processes, holding a reference to it? */
static bool borrowing_a_user_mm(struct lazy_run *l)
{
	struct mm_struct *am = current->active_mm;

	if (current->mm || !am)
		return false;
	for (int i = 0; i < l->nr_users; i++)
		if (READ_ONCE(l->user[i]->mm) == am)
			return READ_ONCE(am->mm_count) >= 2;
	return false;
}

/*
 * The kernel thread between the processes' turns: SCHED_FIFO 50 on their CPU, yielding as they
 * do, so the CPU goes round them in order. Everyone sleeps until the same moment (a process
 * that started yielding alone at SCHED_FIFO on a one-CPU machine would starve the test before
 * it could start the rest); the partner wakes a little after the processes, reads the CPU's
 * CR3 count at two of its turns and checks what it borrows at each turn between.
 */
static int lazy_partner(void *data)
{
	struct lazy_run *l = data;
	unsigned long seen[2] = { 0 };
	int from = -1;

	while (ktime_get_ns() < l->start_ns + 2 * NSEC_PER_MSEC && !kthread_should_stop())
		msleep(1);
	for (int i = 0; i < (int)ARRAY_SIZE(seen) && i < l->nr_users; i++)
		seen[i] = task_switches(l->user[i]);
	for (int i = 0; i < l->rounds; i++) {
		/*
		 * The window opens once every process has taken a few turns since we began: one
		 * that got to its loop late (started slowly on a loaded host) would otherwise
		 * leave rounds without it inside the window.
		 */
		if (from < 0 && i >= l->sample_from) {
			bool all = true;

			for (int u = 0; u < l->nr_users; u++)
				all &= task_switches(l->user[u]) > seen[u] + 4;
			if (all) {
				from = i;
				l->cr3_from = this_cpu_read(nr_cr3_writes);
			}
		}
		if (from >= 0 && i > from && i <= from + l->window) {
			l->borrowed_right &= borrowing_a_user_mm(l);
			l->nr_checked++;
		}
		if (from >= 0 && i == from + l->window) {
			l->cr3_to = this_cpu_read(nr_cr3_writes);
			break;
		}
		yield();
	}
	complete(&l->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Wait for a process the test started (reaped at once when it ends) to be gone. */
static void wait_gone(int pid)
{
	struct task_struct *p;

	while ((p = find_task_by_pid(pid))) {
		put_task_struct(p);
		msleep(5);
	}
}

/*
 * @nr processes (each /bin/yield, SCHED_FIFO 50 on the CPU) and the partner go round the CPU.
 * Returns the CR3 writes per round in the sampled window.
 */
static unsigned long lazy_round(struct ktest *test, int nr)
{
	struct lazy_run l = { .rounds = 2000, .sample_from = 100, .window = 200,
			      .borrowed_right = true };
	char cpu[8], start[24];
	const char *argv[] = { "/bin/yield", "20000", cpu, start, NULL };
	struct task_struct *k;
	int pids[2];

	l.cpu = num_online_cpus() - 1;
	/* Time enough to start every process under emulation. */
	l.start_ns = ktime_get_ns() + 300 * NSEC_PER_MSEC;
	snprintf(cpu, sizeof(cpu), "%u", l.cpu);
	snprintf(start, sizeof(start), "%llu", (unsigned long long)(l.start_ns / NSEC_PER_MSEC + 1));
	init_completion(&l.done);
	for (int i = 0; i < nr; i++) {
		pids[i] = call_usermodehelper_exec_init(argv[0], argv, test_envp, UMH_NO_WAIT,
							lazy_user_init, &l);
		KTEST_ASSERT_GE(test, pids[i], 0);
	}
	k = kthread_create_on_cpu(lazy_partner, &l, l.cpu, "lazy_partner/%u");
	KTEST_ASSERT_FALSE(test, IS_ERR(k));
	sched_set_fifo(k);
	wake_up_process(k);
	wait_for_completion(&l.done);
	kthread_stop(k);
	for (int i = 0; i < nr; i++) {
		wait_gone(pids[i]);
		put_task_struct(l.user[i]);
	}
	KTEST_EXPECT_TRUE(test, l.borrowed_right);
	KTEST_EXPECT_EQ(test, l.nr_checked, l.window);
	KTEST_EXPECT_EQ(test, (l.cr3_to - l.cr3_from) % l.window, 0UL);
	return (l.cr3_to - l.cr3_from) / l.window;
}

/* /proc/lazytlb's @row ("switch kept mm", ...) for @cpu, or -1 if the file has no such entry. */
static long lazytlb_field(const char *row, unsigned int cpu)
{
	char *buf = NULL, *line, *p;
	long v, ret = -1;

	if (proc_read_path("/proc/lazytlb", &buf) < 0)
		return -1;
	line = strstr(buf, row);
	if (line && (p = strchr(line, ':'))) {
		p++;
		for (unsigned int c = 0; c <= cpu; c++) {
			while (*p == ' ')
				p++;
			if (*p < '0' || *p > '9')
				break;
			for (v = 0; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			if (c == cpu)
				ret = v;
		}
	}
	kfree(buf);
	return ret;
}

/* User A -> kernel thread -> user A: the kernel thread borrows A's mm, no CR3 write at all; and
 * /proc/lazytlb shows the CPU's switches that found the mm loaded go up by at least as much. */
static void lazy_same_process_no_cr3_write(struct ktest *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	long kept_before;

	need_program(test, "/bin/yield");
	kept_before = lazytlb_field("switch kept mm:", cpu);
	KTEST_ASSERT_GE(test, kept_before, 0L);
	KTEST_EXPECT_EQ(test, lazy_round(test, 1), 0UL);
	KTEST_EXPECT_GE(test, lazytlb_field("switch kept mm:", cpu), kept_before + 200);
}

/* A -> kernel thread -> B -> A: the switch to B loads B's tables (one write, K -> B), and so
 * does B -> A: two per round, none for the kernel thread's own switches. */
static void lazy_two_processes_one_write_each(struct ktest *test)
{
	need_program(test, "/bin/yield");
	KTEST_EXPECT_EQ(test, lazy_round(test, 2), 2UL);
}

/* ---- A process's mm outlives it while borrowed -------------------------------------------- */

struct borrow_run {
	unsigned int cpu;
	u64 start_ns;
	struct task_struct *user;	/* referenced in its init callback */
	struct mm_struct *mm;		/* its mm, seen while it ran */
	bool killed;			/* we sent it SIGKILL */
	bool dead_borrowed;		/* at the first turn after its death we ran on its mm */
	int users, count;		/* that mm's mm_users and mm_count then */
	int count_after;		/* mm_count once we gave the borrow up (our own grab only) */
	struct completion done;
};

/* Before the exec: onto the test's CPU, so the new mm is never loaded on (and lazily kept by)
 * any other, and the borrow the test looks for is the only reference besides its own. */
static int borrow_user_init(void *data)
{
	struct borrow_run *b = data;

	b->user = get_task_struct(current);
	return set_cpus_allowed_ptr(current, cpumask_of(b->cpu));
}

/*
 * Take turns with the process (SCHED_FIFO 50, same CPU) until it is dead; at the first turn
 * after, we must be running on its mm, the last reference to it being our borrow: the switch
 * away from the dead process handed it over. Then give the borrow up (adopt and drop init_mm)
 * while holding a grab of our own, and see the count fall to that grab alone.
 */
static int borrow_partner(void *data)
{
	struct borrow_run *b = data;

	while (ktime_get_ns() < b->start_ns + 2 * NSEC_PER_MSEC && !kthread_should_stop())
		msleep(1);
	/*
	 * A few turns each first (the process is in its loop, its mm seen), then SIGKILL: it
	 * dies on its way back to user mode, and its last switch is to us.
	 */
	for (int i = 0; i < 100000; i++) {
		struct mm_struct *mm = READ_ONCE(b->user->mm);

		if (mm)
			b->mm = mm;
		if (READ_ONCE(b->user->__state) & TASK_DEAD)
			break;
		if (b->mm && task_switches(b->user) > 8 && !b->killed) {
			send_sig(SIGKILL, b->user, 0);
			b->killed = true;
		}
		yield();
	}
	b->dead_borrowed = b->mm && current->active_mm == b->mm && !current->mm;
	if (b->dead_borrowed) {
		b->users = READ_ONCE(b->mm->mm_users);
		b->count = READ_ONCE(b->mm->mm_count);
		mmgrab(b->mm);
		kthread_use_mm(&init_mm);
		kthread_unuse_mm(&init_mm);
		b->count_after = READ_ONCE(b->mm->mm_count);
		mmdrop(b->mm);
	}
	complete(&b->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void exited_process_mm_lives_while_borrowed(struct ktest *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	struct borrow_run b = { .cpu = cpu };
	char cpu_s[8], start_s[24];
	const char *argv[] = { "/bin/yield", "1000000", cpu_s, start_s, NULL };
	struct task_struct *k;
	int pid;

	need_program(test, argv[0]);
	init_completion(&b.done);
	b.start_ns = ktime_get_ns() + 300 * NSEC_PER_MSEC;
	snprintf(cpu_s, sizeof(cpu_s), "%u", cpu);
	snprintf(start_s, sizeof(start_s), "%llu",
		 (unsigned long long)(b.start_ns / NSEC_PER_MSEC + 1));
	pid = call_usermodehelper_exec_init(argv[0], argv, test_envp, UMH_NO_WAIT,
					    borrow_user_init, &b);
	KTEST_ASSERT_GE(test, pid, 0);
	k = kthread_create_on_cpu(borrow_partner, &b, cpu, "borrow/%u");
	KTEST_ASSERT_FALSE(test, IS_ERR(k));
	sched_set_fifo(k);
	wake_up_process(k);
	wait_for_completion(&b.done);
	kthread_stop(k);
	wait_gone(pid);
	put_task_struct(b.user);
	KTEST_EXPECT_TRUE(test, b.dead_borrowed);
	KTEST_EXPECT_EQ(test, b.users, 0);
	KTEST_EXPECT_EQ(test, b.count, 1);
	KTEST_EXPECT_EQ(test, b.count_after, 1);
}

/* ---- kthread_use_mm() on a real process ------------------------------------------------- */

struct use_mm_req {
	struct completion done;
	struct mm_struct *mm;
	unsigned long addr;
	int put, got;
	unsigned long word;
};

static int use_mm_fn(void *data)
{
	struct use_mm_req *r = data;
	unsigned long v = 0x5350494e444c45UL;	/* "SPINDLE" */

	kthread_use_mm(r->mm);
	r->put = copy_to_user((void __user *)r->addr, &v, sizeof(v)) ? -EFAULT : 0;
	r->got = copy_from_user(&r->word, (void __user *)r->addr, sizeof(r->word)) ? -EFAULT : 0;
	kthread_unuse_mm(r->mm);
	complete(&r->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* A kernel thread adopts a running process's mm and writes into its memory with
 * copy_to_user(), as a driver's worker does for the process it serves. */
static void kthread_use_mm_reaches_a_process(struct ktest *test)
{
	struct lazy_run l = { 0 };
	const char *argv[] = { "/bin/spin", "10", NULL };
	struct use_mm_req r = { 0 };
	struct task_struct *k;
	unsigned long word = 0;
	int pid;

	need_program(test, argv[0]);
	pid = call_usermodehelper_exec_init(argv[0], argv, test_envp, UMH_NO_WAIT,
					    lazy_user_init, &l);
	KTEST_ASSERT_GE(test, pid, 0);
	r.mm = get_task_mm(l.user[0]);
	KTEST_ASSERT_NOT_NULL(test, r.mm);
	/* Its argument strings: read once at start-up, safe to overwrite now. */
	r.addr = r.mm->arg_start;
	init_completion(&r.done);
	k = kthread_run(use_mm_fn, &r, "use_mm");
	KTEST_ASSERT_FALSE(test, IS_ERR(k));
	/* A thread stopped before it ran never runs its function: wait for it first. */
	wait_for_completion(&r.done);
	kthread_stop(k);
	KTEST_EXPECT_EQ(test, r.put, 0);
	KTEST_EXPECT_EQ(test, r.got, 0);
	KTEST_EXPECT_EQ(test, r.word, 0x5350494e444c45UL);
	/* And the process's own memory holds it. */
	KTEST_EXPECT_EQ(test, access_remote_vm(r.mm, r.addr, &word, sizeof(word), 0),
			(int)sizeof(word));
	KTEST_EXPECT_EQ(test, word, 0x5350494e444c45UL);
	mmput(r.mm);
	send_sig(SIGKILL, l.user[0], 0);
	wait_gone(pid);
	put_task_struct(l.user[0]);
}

static struct ktest_case usermode_cases[] = {
	KTEST_CASE_TIMEOUT(hello_runs, 20),
	KTEST_CASE_TIMEOUT(outputs_match_the_host, 60),
	KTEST_CASE_TIMEOUT(faults_end_the_process, 30),
	KTEST_CASE_TIMEOUT(bad_arguments_get_clean_errors, 30),
	KTEST_CASE_TIMEOUT(thousand_processes_leave_nothing, 120),
	KTEST_CASE_TIMEOUT(fork_bomb_is_bounded, 60),
	KTEST_CASE_TIMEOUT(user_hog_is_preempted, 30),
	KTEST_CASE_TIMEOUT(lazy_same_process_no_cr3_write, 30),
	KTEST_CASE_TIMEOUT(lazy_two_processes_one_write_each, 30),
	KTEST_CASE_TIMEOUT(exited_process_mm_lives_while_borrowed, 30),
	KTEST_CASE_TIMEOUT(kthread_use_mm_reaches_a_process, 30),
	{}
};

static struct ktest_suite usermode_suite = {
	.name = "usermode",
	.cases = usermode_cases,
};
ktest_register_suite(usermode_suite);
