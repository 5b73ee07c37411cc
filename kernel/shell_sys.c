/* The console's system commands: dmesg, uptime, free, and ktest and bench, which run the
 * self-tests and benchmarks from the prompt. Output as util-linux's dmesg and procps's uptime
 * and free print it. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/loadavg.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time.h>
#include <asm/page.h>
#include <ktest.h>
#include <bench.h>

#define DMESG_BUF	(128 * 1024)

/* util-linux's level names, in level order. */
static const char *const dmesg_levels[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};

/* "-l err,warn": the bit of each level named, or 0 for a name dmesg does not know. */
static unsigned int dmesg_parse_levels(char *list, const char **bad)
{
	unsigned int mask = 0;
	char *name;

	while ((name = strsep(&list, ",")) != NULL) {
		unsigned int l;

		for (l = 0; l < ARRAY_SIZE(dmesg_levels); l++)
			if (!strcmp(name, dmesg_levels[l]))
				break;
		if (l == ARRAY_SIZE(dmesg_levels)) {
			*bad = name;
			return 0;
		}
		mask |= 1U << l;
	}
	return mask;
}

static int cmd_dmesg(int argc, char **argv)
{
	unsigned int levels = 0xff;
	bool clear = false;
	const char *bad = "";
	size_t n;
	char *buf;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--read-clear")) {
			clear = true;
		} else if (!strcmp(argv[i], "-l") || !strcmp(argv[i], "--level")) {
			if (++i == argc) {
				shell_printf("dmesg: option requires an argument -- 'l'\n");
				return shell_usage("dmesg");
			}
			levels = dmesg_parse_levels(argv[i], &bad);
			if (!levels) {
				shell_printf("dmesg: unknown level '%s'\n", bad);
				return 1;
			}
		} else {
			shell_printf("dmesg: invalid option -- '%s'\n", argv[i]);
			return shell_usage("dmesg");
		}
	}
	buf = kmalloc(DMESG_BUF, GFP_KERNEL);
	if (!buf) {
		shell_printf("dmesg: %s\n", strerror(ENOMEM));
		return 1;
	}
	n = log_buf_read(buf, DMESG_BUF, levels, clear);
	shell_write(buf, n);
	kfree(buf);
	return 0;
}

/**
 * shell_uptime_line - procps's uptime line after @prefix: "HH:MM:SS up T,  N user,  load
 * average: a, b, c" (uptime's prefix is " ", top's "top - ")
 * @prefix: what comes first
 *
 * Spindle has no real-time clock driver, so its clock is the time since boot, from 00:00:00.
 *
 * Context: the shell thread. Return: nothing.
 */
void shell_uptime_line(const char *prefix)
{
	unsigned long secs = sched_clock() / NSEC_PER_SEC, days = secs / 86400;
	unsigned long hours = secs / 3600 % 24, mins = secs / 60 % 60;
	unsigned long a[3];

	for (int i = 0; i < 3; i++)
		a[i] = READ_ONCE(avenrun[i]) + FIXED_1 / 200;
	shell_printf("%s%02lu:%02lu:%02lu up ", prefix, hours, mins, secs % 60);
	if (days)
		shell_printf("%lu day%s, ", days, days > 1 ? "s" : "");
	if (hours)
		shell_printf("%2lu:%02lu, ", hours, mins);
	else
		shell_printf("%lu min, ", mins);
	shell_printf(" 1 user,  load average: %lu.%02lu, %lu.%02lu, %lu.%02lu\n",
		     LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]), LOAD_FRAC(a[1]),
		     LOAD_INT(a[2]), LOAD_FRAC(a[2]));
}

static int cmd_uptime(int argc, char **argv)
{
	if (argc > 1)
		return shell_usage("uptime");
	shell_uptime_line(" ");
	return 0;
}

/* procps's free, in KiB (or MiB with -m): no swap, no page cache. */
static int cmd_free(int argc, char **argv)
{
	unsigned long total = totalram_pages(), free = nr_free_pages();
	unsigned int shift = PAGE_SHIFT - 10;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-m") && strcmp(argv[1], "-k")))
		return shell_usage("free");
	if (argc == 2 && !strcmp(argv[1], "-m"))
		shift = PAGE_SHIFT - 20;
	shell_printf("        %12s%12s%12s%12s%12s%12s\n", "total", "used", "free", "shared",
		     "buff/cache", "available");
	shell_printf("Mem:    %12lu%12lu%12lu%12u%12u%12lu\n", total << shift,
		     (total - free) << shift, free << shift, 0, 0, free << shift);
	shell_printf("Swap:   %12u%12u%12u\n", 0, 0, 0);
	return 0;
}

static int cmd_ktest(int argc, char **argv)
{
	int ret;

	if (argc != 2)
		return shell_usage("ktest");
	ret = ktest_run_glob(argv[1]);
	if (ret < 0)
		shell_printf("ktest: %s selects no suite\n", argv[1]);
	return ret ? 1 : 0;
}

static int cmd_bench(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage("bench");
	if (bench_run_glob(argv[1]) < 0) {
		shell_printf("bench: %s: none matched, or one could not run (see above)\n", argv[1]);
		return 1;
	}
	return 0;
}

static int cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return shell_usage(argv[0]);
	if (argv[0][0] == 'r')
		kernel_restart();
	kernel_power_off();
}

const struct shell_cmd shell_sys_cmds[] = {
	{ "bench", "bench GLOB[,GLOB...]", "run the benchmarks the globs select (b_*, all)",
	  cmd_bench },
	{ "dmesg", "dmesg [-c] [-l LEVEL[,LEVEL...]]",
	  "the kernel log; -c clears it after, -l shows only those levels (err, warn, info...)",
	  cmd_dmesg },
	{ "free", "free [-k|-m]", "memory in use and free", cmd_free },
	{ "poweroff", "poweroff", "power the machine off (ACPI S5; QEMU exits)", cmd_reboot },
	{ "reboot", "reboot", "restart the machine", cmd_reboot },
	{ "ktest", "ktest GLOB[,GLOB...]", "run the self-test suites the globs select (sched*, all)",
	  cmd_ktest },
	{ "uptime", "uptime", "time since boot and the load averages", cmd_uptime },
	{}
};
