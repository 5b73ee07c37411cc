/* Self-tests of the /proc and /sys files (fs/proc, kernel/sysctl.c, drivers/base/cpu.c; suite
 * "procfs"): each file's format as Linux's, and that its numbers follow what they count. The
 * console row of make test reads some of them at the prompt too. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <asm/serial.h>
#include <ktest.h>
#include "sched_test_util.h"

static int procfs_thread_fn(void *unused)
{
	return sleep_until_stopped(0);
}

/* The text of @path, NUL-terminated, or NULL (the case fails). Free with kfree(). */
static char *read_file(struct ktest *test, const char *path)
{
	char *buf = NULL;
	ssize_t n = proc_read_path(path, &buf);

	KTEST_EXPECT_GE(test, n, 0);
	return n >= 0 ? buf : NULL;
}

/* The @nth blank-separated field of @s (0-based) as a number; -1 if there is none. */
static long long field(const char *s, int nth)
{
	char word[32];
	long long v;

	for (int i = 0; *s && *s != '\n'; i++) {
		size_t len;

		s += strspn(s, " \t");
		len = strcspn(s, " \t\n");
		if (i == nth) {
			snprintf(word, sizeof(word), "%.*s", (int)len, s);
			return kstrtoll(word, 10, &v) ? -1 : v;
		}
		s += len;
	}
	return -1;
}

static int count_fields(const char *s)
{
	int n = 0;

	while (*s && *s != '\n') {
		s += strspn(s, " ");
		if (!*s || *s == '\n')
			break;
		n++;
		s += strcspn(s, " \n");
	}
	return n;
}

/* /proc/PID/stat: 52 fields, with the state, PPID, priority and nice where procps reads them;
 * status: Linux's lines; wchan: where a sleeping thread sleeps. */
static void pid_files_in_linux_format(struct ktest *test)
{
	char *buf, *rp;

	buf = read_file(test, "/proc/2/stat");
	KTEST_ASSERT_NOT_NULL(test, buf);
	rp = strchr(buf, ')');
	KTEST_ASSERT_NOT_NULL(test, rp);
	KTEST_EXPECT_EQ(test, strncmp(buf, "2 (kthreadd) ", 13), 0);
	KTEST_EXPECT_EQ(test, count_fields(rp + 2) + 2, 52);
	KTEST_EXPECT_EQ(test, field(rp + 2, 1), 0);	/* PPID */
	KTEST_EXPECT_EQ(test, field(rp + 2, 15), 20);	/* priority: prio - 100 */
	KTEST_EXPECT_EQ(test, field(rp + 2, 16), 0);	/* nice */
	kfree(buf);

	buf = read_file(test, "/proc/2/status");
	KTEST_ASSERT_NOT_NULL(test, buf);
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "Name:\tkthreadd\nState:\t"));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nPPid:\t0\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nKthread:\t1\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nSigIgn:\tffffffffffffffff\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nvoluntary_ctxt_switches:\t"));
	kfree(buf);

	/* A new thread waits for its first wake-up in kthread(), asleep in D. */
	{
		struct task_struct *p = kthread_create(procfs_thread_fn, NULL, "procfs_t");
		char path[32];

		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		/*
		 * kthread_create() returns once the thread has said it exists, which it does in
		 * D just before it calls schedule(): a busy host can stop its vCPU there, and a
		 * thread still on its CPU has no wchan ("0" was read). Wait until it is off it.
		 */
		KTEST_EXPECT_TRUE(test, wait_task_inactive(p, TASK_UNINTERRUPTIBLE));
		snprintf(path, sizeof(path), "/proc/%d/wchan", p->pid);
		buf = read_file(test, path);
		KTEST_EXPECT_STREQ(test, buf ? buf : "", "kthread");
		kfree(buf);
		snprintf(path, sizeof(path), "/proc/%d/stack", p->pid);
		buf = read_file(test, path);
		KTEST_EXPECT_NOT_NULL(test, buf ? strstr(buf, "[<0>] kthread+") : NULL);
		kfree(buf);
		kthread_stop(p);
	}
}

/* /proc/stat's first line is "cpu " and Linux's ten columns, a line per online CPU follows,
 * and the CPU time it shows grows with the time the machine runs. */
static void stat_counts_cpu_time(struct ktest *test)
{
	long long before = 0, after = 0;
	char *buf, line[16];
	unsigned int cpu;

	buf = read_file(test, "/proc/stat");
	KTEST_ASSERT_NOT_NULL(test, buf);
	KTEST_EXPECT_EQ(test, strncmp(buf, "cpu  ", 5), 0);
	KTEST_EXPECT_EQ(test, count_fields(buf), 11);
	for_each_online_cpu(cpu) {
		snprintf(line, sizeof(line), "\ncpu%u ", cpu);
		KTEST_EXPECT_NOT_NULL(test, strstr(buf, line));
	}
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nctxt "));
	/* btime, between ctxt and processes as in Linux: the boot, after 2020-01-01 (QEMU's CMOS
	 * clock has the host's date) and no later than now. */
	{
		char *b = strstr(buf, "\nbtime ");
		long long btime;

		KTEST_ASSERT_NOT_NULL(test, b);
		btime = field(b + 1, 1);
		KTEST_EXPECT_GT(test, btime, 1577836800LL);
		KTEST_EXPECT_LE(test, btime, (long long)(ktime_get_real_ns() / NSEC_PER_SEC));
		KTEST_EXPECT_TRUE(test, strstr(buf, "\nctxt ") < b && b < strstr(buf, "\nprocesses "));
	}
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "\nprocesses "));
	for (int i = 1; i <= 10; i++)
		before += field(buf, i);
	kfree(buf);
	msleep(100);
	buf = read_file(test, "/proc/stat");
	KTEST_ASSERT_NOT_NULL(test, buf);
	for (int i = 1; i <= 10; i++)
		after += field(buf, i);
	kfree(buf);
	/* 100 ms of every online CPU is 10 hundredths each; at least one must show. */
	KTEST_EXPECT_GT(test, after, before);
}

/*
 * /proc/interrupts: a column per online CPU, the local timer's row, which grows, and the rows of
 * the requested IRQ lines in Linux's layout (COM1's and the keyboard's, when they have one).
 */
static void interrupts_has_a_column_per_cpu(struct ktest *test)
{
	char *buf = read_file(test, "/proc/interrupts"), *loc;
	char head[16];
	unsigned int cpu;
	long long before, after;

	KTEST_ASSERT_NOT_NULL(test, buf);
	for_each_online_cpu(cpu) {
		snprintf(head, sizeof(head), "CPU%-8u", cpu);
		KTEST_EXPECT_NOT_NULL(test, strstr(buf, head));
	}
	loc = strstr(buf, "LOC: ");
	KTEST_ASSERT_NOT_NULL(test, loc);
	KTEST_EXPECT_EQ(test, count_fields(loc + 5), (int)num_online_cpus() + 3);
	before = 0;
	for (int i = 0; i < (int)num_online_cpus(); i++)
		before += field(loc + 5, i);
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, "  Local timer interrupts\n"));
	if (serial_rx_irq_enabled())
		KTEST_EXPECT_NOT_NULL(test, strstr(buf, "  IO-APIC   4-edge      ttyS0\n"));
	if (i8042_kbd_irq_enabled())
		KTEST_EXPECT_NOT_NULL(test, strstr(buf, "  IO-APIC   1-edge      i8042\n"));
	kfree(buf);
	msleep(50);
	buf = read_file(test, "/proc/interrupts");
	KTEST_ASSERT_NOT_NULL(test, buf);
	/* Summed over the CPUs: the sleep's own timer interrupts some CPU, even if every other
	 * sleeps with its tick stopped. */
	loc = strstr(buf, "LOC: ");
	KTEST_ASSERT_NOT_NULL(test, loc);
	after = 0;
	for (int i = 0; i < (int)num_online_cpus(); i++)
		after += field(loc + 5, i);
	KTEST_EXPECT_GT(test, after, before);
	kfree(buf);
}

/* /proc/loadavg: "a.aa b.bb c.cc running/total lastpid"; meminfo's four lines. */
static void loadavg_and_meminfo_format(struct ktest *test)
{
	char *buf = read_file(test, "/proc/loadavg"), *slash;
	unsigned int running, total;
	int last;

	KTEST_ASSERT_NOT_NULL(test, buf);
	slash = strchr(buf, '/');
	KTEST_ASSERT_NOT_NULL(test, slash);
	KTEST_EXPECT_EQ(test, count_fields(buf), 5);
	KTEST_EXPECT_EQ(test, buf[1] == '.' && buf[6] == '.' && buf[11] == '.', true);
	*slash = ' ';
	running = field(buf, 3);
	total = field(buf, 4);
	last = field(buf, 5);
	KTEST_EXPECT_GE(test, running, 1U);	/* this case runs */
	KTEST_EXPECT_UEQ(test, total, nr_tasks());
	KTEST_EXPECT_GT(test, last, 2);
	kfree(buf);

	buf = read_file(test, "/proc/meminfo");
	KTEST_ASSERT_NOT_NULL(test, buf);
	KTEST_EXPECT_EQ(test, strncmp(buf, "MemTotal:       ", 16), 0);
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, " kB\nMemFree:        "));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, " kB\nMemAvailable:   "));
	KTEST_EXPECT_NOT_NULL(test, strstr(buf, " kB\nSlab:           "));
	kfree(buf);
}

/* /sys/devices/system/cpu: the lists, and CPU 0's online file refusing with -EBUSY. */
static void sys_cpu_lists(struct ktest *test)
{
	char *buf, list[3 * NR_CPUS];

	cpumap_print_list(list, sizeof(list), cpu_online_mask);
	buf = read_file(test, "/sys/devices/system/cpu/online");
	KTEST_ASSERT_NOT_NULL(test, buf);
	KTEST_EXPECT_EQ(test, strncmp(buf, list, strlen(list)), 0);
	kfree(buf);
	KTEST_EXPECT_EQ(test, proc_write_path("/sys/devices/system/cpu/cpu0/online", "0\n", 2),
			-EBUSY);
	KTEST_EXPECT_EQ(test, proc_write_path("/sys/devices/system/cpu/online", "0\n", 2),
			-EACCES);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/uptime", "1\n", 2), -EIO);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc/sysrq-trigger", &buf), -EIO);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc", &buf), -EISDIR);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc/uptime/x", &buf), -ENOTDIR);
	KTEST_EXPECT_EQ(test, proc_read_path("/proc/0/status", &buf), -ENOENT);
}

/* /proc/sys/kernel/printk: the four levels; a write sets the first, bad text is refused. */
static void sysctl_printk_levels(struct ktest *test)
{
	int level = console_loglevel;
	char *buf;

	KTEST_EXPECT_EQ(test, proc_write_path("/proc/sys/kernel/printk", "5\n", 2), 2);
	KTEST_EXPECT_EQ(test, console_loglevel, 5);
	buf = read_file(test, "/proc/sys/kernel/printk");
	KTEST_EXPECT_EQ(test, buf ? field(buf, 0) : -1, 5);
	kfree(buf);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/sys/kernel/printk", "x\n", 2), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/sys/kernel/printk", "99\n", 3), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path("/proc/sys/kernel/sched_rt_runtime_us", "5\n", 2),
			-EINVAL);
	KTEST_EXPECT_EQ(test, console_loglevel, 5);
	console_loglevel = level;
}

static struct ktest_case procfs_cases[] = {
	KTEST_CASE(pid_files_in_linux_format),
	KTEST_CASE(stat_counts_cpu_time),
	KTEST_CASE(interrupts_has_a_column_per_cpu),
	KTEST_CASE(loadavg_and_meminfo_format),
	KTEST_CASE(sys_cpu_lists),
	KTEST_CASE(sysctl_printk_levels),
	{}
};

static struct ktest_suite procfs_suite = {
	.name = "procfs",
	.cases = procfs_cases,
};
ktest_register_suite(procfs_suite);
