/* The self-test runner: runs the suites that ktest=<glob>[,<glob>...] selects and reports them in
 * KTAP version 1, line for line as Linux's KUnit prints it, so tools/testing/kunit/kunit.py can
 * parse a Spindle serial log. With ktest.exit=qemu it ends QEMU through isa-debug-exit. */
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/io.h>
#include <asm/setjmp.h>
#include <asm/traps.h>
#include <linux/torture.h>
#include <ktest.h>
#include <bench.h>

/* As KUnit indents: a suite's lines one level in, an assertion's values two. */
#define KTEST_INDENT		"    "
#define KTEST_SUBINDENT		"        "

/* isa-debug-exit: QEMU exits with (value << 1) | 1. */
#define DEBUG_EXIT_PORT		0xf4
#define DEBUG_EXIT_PASSED	0x10	/* QEMU exits 33 */
#define DEBUG_EXIT_FAILED	0x11	/* QEMU exits 35 */
#define DEBUG_EXIT_PANIC	0x12	/* QEMU exits 37 */

#define KTEST_GLOBS_MAX		256

extern const struct ktest_suite *const __ktest_suites_start[], *const __ktest_suites_end[];

struct ktest_stats {
	unsigned long passed, failed, skipped, total;
};

static char ktest_globs[KTEST_GLOBS_MAX];	/* the ktest= value, "" = run nothing */
static bool ktest_requested;			/* ktest= was given, even if rejected */
static bool ktest_exit_qemu;
static struct ktest *ktest_current;		/* the case running now, for panic reports */

/**
 * ktest_glob_list_set - check and keep a glob list, as ktest= and bench= take it
 * @dst: where the list is kept
 * @size: the size of @dst
 * @value: <glob>[,<glob>...]
 *
 * The one parser of both options (and of the console's ktest and bench commands): @value must
 * be a non-empty comma list without empty items that fits in @dst.
 *
 * Context: any; @dst is the caller's to lock (each list is written by the command line, then
 * by the one console thread).
 * Return: 0, or -EINVAL with @dst unchanged.
 */
int ktest_glob_list_set(char *dst, size_t size, const char *value)
{
	size_t len = strlen(value);

	if (!len || len >= size || value[0] == ',' || value[len - 1] == ',' ||
	    strstr(value, ",,"))
		return -EINVAL;
	strscpy(dst, value, size);
	return 0;
}

static int ktest_set_globs(const char *value)
{
	return ktest_glob_list_set(ktest_globs, sizeof(ktest_globs), value);
}

/* ktest=<glob>[,<glob>...]: each glob selects suites by name ("lib", "mm*", "all"), or cases
 * within them with "suite.case" globs, as KUnit's filter_glob does. */
static int ktest_setup(char *value)
{
	ktest_requested = true;
	return ktest_set_globs(value);
}
__setup("ktest=", ktest_setup);

static int ktest_exit_setup(char *value)
{
	if (!strcmp(value, "qemu"))
		ktest_exit_qemu = true;
	else if (!strcmp(value, "halt"))
		ktest_exit_qemu = false;
	else
		return -EINVAL;
	return 0;
}
__setup("ktest.exit=", ktest_exit_setup);

/* Does one glob of a list select @name (and @sub, when given)? */
static bool glob_selects(const char *glob, size_t len, const char *name, const char *sub)
{
	char pat[KTEST_GLOBS_MAX];
	char *dot;

	strscpy(pat, glob, min(len + 1, sizeof(pat)));
	if (!strcmp(pat, "all"))
		return true;
	dot = strchr(pat, '.');
	if (dot)
		*dot = '\0';
	if (!glob_match(pat, name))
		return false;
	return !dot || !sub || glob_match(dot + 1, sub);
}

/**
 * ktest_glob_list_match - does a glob list select a name?
 * @globs: the list, as ktest_glob_list_set() kept it; "" selects nothing
 * @name: a suite's or a benchmark's name
 * @sub: a case of suite @name, or NULL
 *
 * One glob selecting is enough. "all" selects everything. A glob "a.b" selects the cases
 * matching "b" of the names matching "a" (KUnit's filter_glob); with @sub NULL only "a" is
 * tried, so a suite is selected when any of its cases may be. A glob without a dot selects a
 * name whole, every case included.
 *
 * Context: any; @globs must not change meanwhile. O(length of @globs) glob matches.
 * Return: true if @name (and @sub) is selected.
 */
bool ktest_glob_list_match(const char *globs, const char *name, const char *sub)
{
	while (*globs) {
		const char *end = strchr(globs, ',');
		size_t len = end ? (size_t)(end - globs) : strlen(globs);

		if (glob_selects(globs, len, name, sub))
			return true;
		globs += len + (end ? 1 : 0);
	}
	return false;
}

static bool ktest_selected(const char *suite, const char *case_name)
{
	return ktest_glob_list_match(ktest_globs, suite, case_name);
}

static unsigned int suite_nr_selected(const struct ktest_suite *suite)
{
	unsigned int n = 0;

	for (const struct ktest_case *c = suite->cases; c->run; c++)
		n += ktest_selected(suite->name, c->name);
	return n;
}

/**
 * ktest_printk - print a diagnostic line under the running case
 * @test: the running case
 * @fmt: printf format; one trailing newline is dropped
 *
 * Prints "    # <case>: <message>" at KERN_INFO, as KUnit's kunit_info() does; the message is
 * cut at 255 characters.
 *
 * Context: any the case runs in; does not sleep. Return: nothing.
 */
void ktest_printk(struct ktest *test, const char *fmt, ...)
{
	char buf[256];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	len = min(len, (int)sizeof(buf) - 1);
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	printk(KERN_INFO KTEST_INDENT "# %s: %s\n", test->name, buf);
}

static __noreturn void ktest_abort(struct ktest *test)
{
	kernel_longjmp(test->abort_ctx, 1);
}

static void ktest_vmark_skipped(struct ktest *test, const char *fmt, va_list args)
{
	/* A case that already failed stays failed: a skip must never hide a failure. */
	if (test->status != KTEST_FAILURE)
		test->status = KTEST_SKIPPED;
	vsnprintf(test->skip_reason, sizeof(test->skip_reason), fmt, args);
}

/**
 * ktest_mark_skipped - mark the case skipped, with a reason, but let it go on
 * @test: the running case
 * @fmt: printf format of the reason, printed after "# SKIP"
 *
 * As KUnit's kunit_mark_skipped(). A case that already failed stays failed: a skip never
 * hides a failure.
 *
 * Context: the case's thread or its suite's hooks; does not sleep. Return: nothing.
 */
void ktest_mark_skipped(struct ktest *test, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ktest_vmark_skipped(test, fmt, args);
	va_end(args);
}

/**
 * ktest_skip - mark the case skipped, with a reason, and end it
 * @test: the running case
 * @fmt: printf format of the reason, printed after "# SKIP"
 *
 * As KUnit's kunit_skip(): ktest_mark_skipped(), then the case is left by a longjmp to the
 * runner, which still runs the suite's exit hook.
 *
 * Context: the case's own thread, or its suite's init hook; no lock held (the longjmp skips
 * every unlock on the way). Return: never.
 */
void ktest_skip(struct ktest *test, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	ktest_vmark_skipped(test, fmt, args);
	va_end(args);
	ktest_abort(test);
}

/* The first line of every failure report; what follows it is indented as in KUnit's assert.c. */
static void fail_prologue(struct ktest *test, bool fatal, const char *file, int line)
{
	test->status = KTEST_FAILURE;
	printk(KERN_ERR KTEST_INDENT "# %s: %s FAILED at %s:%d\n", test->name,
	       fatal ? "ASSERTION" : "EXPECTATION", file, line);
}

static void fail_epilogue(struct ktest *test, bool fatal)
{
	if (fatal)
		ktest_abort(test);
}

/* The shared report of a failed comparison: both sides, each with its value already formatted. */
static void fail_compare(struct ktest *test, bool fatal, const char *file, int line,
			 const char *left_text, const char *op, const char *right_text,
			 const char *left, const char *right)
{
	fail_prologue(test, fatal, file, line);
	printk(KERN_ERR KTEST_INDENT "Expected %s %s %s, but\n"
	       KTEST_SUBINDENT "%s == %s\n"
	       KTEST_SUBINDENT "%s == %s\n",
	       left_text, op, right_text, left_text, left, right_text, right);
	fail_epilogue(test, fatal);
}

#define KTEST_VALUE_LEN	48
#define KTEST_STR_LEN	160

/**
 * ktest_fail_binary - report a failed comparison of two signed integers
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @left_text: the left operand as written in the check
 * @op: the comparison operator, as text
 * @right_text: the right operand as written
 * @left: the left value
 * @right: the right value
 *
 * Marks the case failed and prints, as KUnit does, the failure line and each side with its
 * value in decimal and hex.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_binary(struct ktest *test, bool fatal, const char *file, int line,
		       const char *left_text, const char *op, const char *right_text,
		       long long left, long long right)
{
	char l[KTEST_VALUE_LEN], r[KTEST_VALUE_LEN];

	snprintf(l, sizeof(l), "%lld (0x%llx)", left, left);
	snprintf(r, sizeof(r), "%lld (0x%llx)", right, right);
	fail_compare(test, fatal, file, line, left_text, op, right_text, l, r);
}

/**
 * ktest_fail_ubinary - report a failed comparison of two unsigned integers
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @left_text: the left operand as written in the check
 * @op: the comparison operator, as text
 * @right_text: the right operand as written
 * @left: the left value
 * @right: the right value
 *
 * As ktest_fail_binary(), with the values printed unsigned.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_ubinary(struct ktest *test, bool fatal, const char *file, int line,
			const char *left_text, const char *op, const char *right_text,
			unsigned long long left, unsigned long long right)
{
	char l[KTEST_VALUE_LEN], r[KTEST_VALUE_LEN];

	snprintf(l, sizeof(l), "%llu (0x%llx)", left, left);
	snprintf(r, sizeof(r), "%llu (0x%llx)", right, right);
	fail_compare(test, fatal, file, line, left_text, op, right_text, l, r);
}

/**
 * ktest_fail_ptr - report a failed comparison of two pointers
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @left_text: the left operand as written in the check
 * @op: the comparison operator, as text
 * @right_text: the right operand as written
 * @left: the left pointer
 * @right: the right pointer
 *
 * As ktest_fail_binary(), with the values printed as 16 hex digits.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_ptr(struct ktest *test, bool fatal, const char *file, int line,
		    const char *left_text, const char *op, const char *right_text,
		    const void *left, const void *right)
{
	char l[KTEST_VALUE_LEN], r[KTEST_VALUE_LEN];

	snprintf(l, sizeof(l), "%016lx", (unsigned long)left);
	snprintf(r, sizeof(r), "%016lx", (unsigned long)right);
	fail_compare(test, fatal, file, line, left_text, op, right_text, l, r);
}

/**
 * ktest_fail_unary - report a failed truth check
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @cond_text: the condition as written in the check
 * @expected_true: true for EXPECT_TRUE/ASSERT_TRUE, false for the _FALSE checks
 *
 * Marks the case failed and prints "Expected <cond> to be true, but is false" (or the
 * reverse), as KUnit does.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_unary(struct ktest *test, bool fatal, const char *file, int line,
		      const char *cond_text, bool expected_true)
{
	fail_prologue(test, fatal, file, line);
	printk(KERN_ERR KTEST_INDENT "Expected %s to be %s, but is %s\n", cond_text,
	       expected_true ? "true" : "false", expected_true ? "false" : "true");
	fail_epilogue(test, fatal);
}

/**
 * ktest_fail_not_err - report a pointer that is NULL or an error pointer
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @text: the pointer expression as written in the check
 * @value: its value: NULL or an ERR_PTR()
 *
 * Marks the case failed and prints that @text is null, or the error it holds, as KUnit's
 * NOT_ERR_OR_NULL checks do.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_not_err(struct ktest *test, bool fatal, const char *file, int line,
			const char *text, const void *value)
{
	fail_prologue(test, fatal, file, line);
	if (!value)
		printk(KERN_ERR KTEST_INDENT "Expected %s is not null, but is\n", text);
	else
		printk(KERN_ERR KTEST_INDENT "Expected %s is not error, but is: %ld\n", text,
		       PTR_ERR(value));
	fail_epilogue(test, fatal);
}

/**
 * ktest_fail_str - report a failed comparison of two strings
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @left_text: the left operand as written in the check
 * @op: the comparison operator, as text
 * @right_text: the right operand as written
 * @left: the left string
 * @right: the right string
 *
 * As ktest_fail_binary(), with each value printed quoted, cut at 157 characters.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_str(struct ktest *test, bool fatal, const char *file, int line,
		    const char *left_text, const char *op, const char *right_text,
		    const char *left, const char *right)
{
	char l[KTEST_STR_LEN], r[KTEST_STR_LEN];

	snprintf(l, sizeof(l), "\"%s\"", left);
	snprintf(r, sizeof(r), "\"%s\"", right);
	fail_compare(test, fatal, file, line, left_text, op, right_text, l, r);
}

/**
 * ktest_fail_msg - report a failure with a message of the caller's
 * @test: the running case
 * @fatal: true for an ASSERT: end the case after the report; false for an EXPECT
 * @file: the check's source file
 * @line: its line
 * @fmt: printf format of the message
 *
 * Marks the case failed and prints the failure line and the message (cut at 255
 * characters), as KUnit's KUNIT_FAIL() does.
 *
 * Context: the case's own thread (process context), or the suite's init or exit hook; with
 * @fatal, no lock held and nothing to undo but what the exit hook undoes, since the case
 * is left by a longjmp. Return: nothing (with @fatal, never).
 */
void ktest_fail_msg(struct ktest *test, bool fatal, const char *file, int line,
		    const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	fail_prologue(test, fatal, file, line);
	printk(KERN_ERR KTEST_INDENT "%s\n", buf);
	fail_epilogue(test, fatal);
}

/*
 * One case from start to end: the suite's init hook, the case, the exit hook. A failed ASSERT or
 * a skip longjmps back here, and the exit hook still runs, as KUnit's cleanup does. It runs in
 * the case's own kernel thread (ktest_case_thread).
 */
static void ktest_run_case(struct ktest *test, const struct ktest_case *kcase)
{
	const struct ktest_suite *suite = test->suite;
	struct kernel_jmp_buf jmp;
	int err;

	test->abort_ctx = &jmp;
	ktest_current = test;
	if (!kernel_setjmp(&jmp)) {
		err = suite->init ? suite->init(test) : 0;
		if (err) {
			test->status = KTEST_FAILURE;
			printk(KERN_ERR KTEST_INDENT "# %s: failed to initialize: %d\n",
			       test->name, err);
			goto out;
		}
		kcase->run(test);
	}
	if (suite->exit && !kernel_setjmp(&jmp))
		suite->exit(test);
out:
	ktest_current = NULL;
}

/* What the runner and a case's thread share. Allocated, not on the runner's stack: a case that
 * times out keeps its thread, which may still write here. */
struct ktest_case_ctx {
	struct ktest test;
	const struct ktest_case *kcase;
	struct completion done;
};

static int ktest_case_thread(void *data)
{
	struct ktest_case_ctx *ctx = data;

	ktest_run_case(&ctx->test, ctx->kcase);
	complete(&ctx->done);
	return 0;
}

/*
 * The case thread completed, but it is still exiting: wait until it has switched out for the
 * last time, then drop the runner's reference, which frees it. So each case starts with the
 * previous case's thread gone, and a case's leak check sees only its own allocations.
 */
static void ktest_reap_case_thread(struct task_struct *task)
{
	while (READ_ONCE(task->__state) != TASK_DEAD || READ_ONCE(task->on_cpu))
		schedule_timeout_uninterruptible(1);
	put_task_struct(task);
}

/*
 * Run a case in a kernel thread of its own, as KUnit does, and wait for it at most its timeout.
 * The runner waits as SCHED_FIFO 99 (see ktest_run_all), so even a case thread spinning at a
 * real-time priority cannot keep it from noticing the timeout. A timed-out thread cannot be
 * killed; it is demoted to SCHED_IDLE, so it only runs when nothing else can, and left behind.
 */
static void ktest_run_case_in_thread(struct ktest *test, const struct ktest_case *kcase)
{
	unsigned int secs = kcase->timeout_s ? kcase->timeout_s : KTEST_DEFAULT_TIMEOUT_S;
	static const struct sched_param idle = { .sched_priority = 0 };
	struct ktest_case_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct task_struct *task;

	if (!ctx) {
		test->status = KTEST_FAILURE;
		printk(KERN_ERR KTEST_INDENT "# %s: no memory for the case's context\n", test->name);
		return;
	}
	ctx->test = *test;
	ctx->kcase = kcase;
	init_completion(&ctx->done);
	task = kthread_create(ktest_case_thread, ctx, "ktest/%s", kcase->name);
	if (IS_ERR(task)) {
		test->status = KTEST_FAILURE;
		printk(KERN_ERR KTEST_INDENT "# %s: cannot create the case's thread: %ld\n",
		       test->name, PTR_ERR(task));
		kfree(ctx);
		return;
	}
	if (test->suite->boot_cpu)
		set_cpus_allowed_ptr(task, cpumask_of(0));
	get_task_struct(task);
	wake_up_process(task);
	/*
	 * Waiting out a case is idle, not blocked: the hung-task detector leaves the runner be.
	 * And freezable: the runner at boot is kernel_init, which is not a kernel thread, so the
	 * freezer suite's freeze_processes() must be able to freeze it where it waits.
	 */
	if (wait_for_completion_state_timeout(&ctx->done, TASK_IDLE | TASK_FREEZABLE,
					      (unsigned long)secs * HZ) <= 0) {
		test->status = KTEST_FAILURE;
		test->timed_out = true;
		printk(KERN_ERR KTEST_INDENT "# %s: still running after %u s, in state %c:\n",
		       test->name, secs, task_state_to_char(task));
		show_task_stack(task);
		sched_setscheduler_nocheck(task, SCHED_IDLE, &idle);
		put_task_struct(task);
		return;
	}
	*test = ctx->test;
	ktest_reap_case_thread(task);
	kfree(ctx);
}

static void stats_add(struct ktest_stats *s, enum ktest_status status)
{
	if (status == KTEST_SUCCESS)
		s->passed++;
	else if (status == KTEST_FAILURE)
		s->failed++;
	else
		s->skipped++;
	s->total++;
}

static void stats_print(const char *name, const struct ktest_stats *s)
{
	printk(KERN_INFO "# %s: pass:%lu fail:%lu skip:%lu total:%lu\n", name,
	       s->passed, s->failed, s->skipped, s->total);
}

static const char *ok_not_ok(enum ktest_status status)
{
	return status == KTEST_FAILURE ? "not ok" : "ok";
}

/* Runs one suite's selected cases; returns its KUnit status (skipped if no case passed or failed). */
static enum ktest_status ktest_run_suite(const struct ktest_suite *suite, unsigned int nr,
					 struct ktest_stats *totals)
{
	struct ktest_stats stats = { 0 };
	enum ktest_status suite_status = KTEST_SKIPPED;
	unsigned int n = 0;

	printk(KERN_INFO KTEST_INDENT "KTAP version 1\n");
	printk(KERN_INFO KTEST_INDENT "# Subtest: %s\n", suite->name);
	printk(KERN_INFO KTEST_INDENT "1..%u\n", suite_nr_selected(suite));
	for (const struct ktest_case *c = suite->cases; c->run; c++) {
		struct ktest test = {
			.name = c->name,
			.suite = suite,
			.status = KTEST_SUCCESS,
		};

		if (!ktest_selected(suite->name, c->name))
			continue;
		ktest_run_case_in_thread(&test, c);
		printk(KERN_INFO KTEST_INDENT "%s %u %s%s%s\n", ok_not_ok(test.status), ++n,
		       c->name, test.timed_out ? " # TIMEOUT" :
		       test.status == KTEST_SKIPPED ? " # SKIP " : "",
		       test.status == KTEST_SKIPPED ? test.skip_reason : "");
		stats_add(&stats, test.status);
		if (test.status == KTEST_FAILURE)
			suite_status = KTEST_FAILURE;
		else if (test.status == KTEST_SUCCESS && suite_status != KTEST_FAILURE)
			suite_status = KTEST_SUCCESS;
	}
	/* KUnit prints the suite's counts only when it has more than one case, and then twice:
	 * once for the cases and once ("Totals") for the cases with their parameters. */
	if (stats.total > 1) {
		stats_print(suite->name, &stats);
		stats_print("Totals", &stats);
	}
	printk(KERN_INFO "%s %u %s%s\n", ok_not_ok(suite_status), nr, suite->name,
	       suite_status == KTEST_SKIPPED ? " # SKIP " : "");
	totals->passed += stats.passed;
	totals->failed += stats.failed;
	totals->skipped += stats.skipped;
	totals->total += stats.total;
	return suite_status;
}

static void ktest_exit(u8 code)
{
	if (ktest_exit_qemu)
		outb(code, DEBUG_EXIT_PORT);
}

static bool ktest_failed;	/* the self-tests' verdict, kept for the end of the run */

/**
 * ktest_finish - end the run, with the verdict of everything it ran
 * @failed: whether the last part of the run (the self-tests, the benchmarks) failed
 *
 * The end of the run: with ktest.exit=qemu, QEMU exits once, after the last thing that runs
 * (the benchmarks when bench= is given, else the self-tests), failed if either failed. First
 * prints how much of its tables the lock validator used. Linux 6.1's KUnit ends the machine
 * with kunit_shutdown= (halt, poweroff, reboot) after its suites, with no verdict in it.
 *
 * Context: process context (kernel_init, or the last part of the run). Return: nothing: the
 * caller goes on if ktest.exit=qemu was not given.
 */
void ktest_finish(bool failed)
{
	/* How much of its tables the lock validator used, and whether it is still on. */
	lockdep_info();
	ktest_failed |= failed;
	ktest_exit(ktest_failed ? DEBUG_EXIT_FAILED : DEBUG_EXIT_PASSED);
}

/**
 * ktest_note_failure - record a verdict for the ktest_finish() that ends the run later
 * @failed: whether this part of the run failed; false leaves the verdict as it is
 *
 * A part of the run that does not end it (a torture test followed by the benchmarks) records
 * its verdict here, for the ktest_finish() that comes last.
 *
 * Context: process context; the parts of the run follow one another, so the unlocked verdict
 * has one writer at a time. Return: nothing.
 */
void ktest_note_failure(bool failed)
{
	ktest_failed |= failed;
}

/* The self-tests are over: end the run now, unless a torture test or the benchmarks come after
 * them. */
static void ktest_done(bool failed)
{
	if (bench_requested() || torture_requested())
		ktest_note_failure(failed);
	else
		ktest_finish(failed);
}

/* Run the suites ktest_globs selects, in a KTAP report; returns true if any failed, or
 * -EINVAL when none is selected. The runner is SCHED_FIFO 99 meanwhile (see
 * ktest_run_case_in_thread), SCHED_NORMAL after. */
static int ktest_run_selected(void)
{
	static const struct sched_param runner_param = { .sched_priority = MAX_RT_PRIO - 1 };
	static const struct sched_param normal_param = { .sched_priority = 0 };
	const struct ktest_suite *const *s;
	struct ktest_stats totals = { 0 };
	unsigned int nr_suites = 0, nr = 0;
	bool failed = false;

	for (s = __ktest_suites_start; s < __ktest_suites_end; s++)
		nr_suites += suite_nr_selected(*s) > 0;
	if (!nr_suites)
		return -EINVAL;
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%u\n", nr_suites);
	sched_setscheduler_nocheck(current, SCHED_FIFO, &runner_param);
	for (s = __ktest_suites_start; s < __ktest_suites_end; s++) {
		if (!suite_nr_selected(*s))
			continue;
		if (ktest_run_suite(*s, ++nr, &totals) == KTEST_FAILURE)
			failed = true;
	}
	sched_setscheduler_nocheck(current, SCHED_NORMAL, &normal_param);
	/* Not KUnit's: the run's total over every suite, after the last suite's result. */
	stats_print("Totals", &totals);
	return failed;
}

/**
 * ktest_run_all - run the suites the command line selected and report them in KTAP
 *
 * Runs the suites and cases ktest=<glob>[,<glob>...] selects, each case in a kernel thread of
 * its own with a timeout, and ends the run with the verdict unless a torture test or the
 * benchmarks come after. Without ktest= it does nothing, unless ktest.exit=qemu asks for a
 * verdict with nothing else to run: that is a failure. A ktest= that selects no suite fails
 * the run at once.
 *
 * Context: kernel_init, once, process context; sleeps for as long as the tests run.
 * Return: nothing.
 */
void ktest_run_all(void)
{
	int ret;

	if (!ktest_globs[0]) {
		/* Asked for tests (ktest.exit=qemu) but given none to run: that is never a pass. */
		if (ktest_requested ||
		    (ktest_exit_qemu && !bench_requested() && !torture_requested())) {
			pr_err("ktest: no suites to run (ktest=<glob>[,<glob>...] selects them)\n");
			ktest_exit(DEBUG_EXIT_FAILED);
		}
		return;
	}
	ret = ktest_run_selected();
	if (ret < 0) {
		pr_err("ktest: ktest=%s selects no suite\n", ktest_globs);
		ktest_exit(DEBUG_EXIT_FAILED);
		return;
	}
	ktest_done(ret);
}

/**
 * ktest_run_glob - run the suites @globs selects, from the console's ktest command
 * @globs: as the ktest= option: "sched*", "smpboot.park*,lib"
 *
 * The report goes to the kernel log, as at boot; the run never ends QEMU.
 *
 * Context: process context (the shell thread); sleeps for as long as the tests run.
 * Return: 0 if all passed, 1 if any failed, -EINVAL for bad globs or none selected.
 */
int ktest_run_glob(const char *globs)
{
	int ret = ktest_set_globs(globs);

	return ret ? ret : ktest_run_selected();
}

/**
 * ktest_on_panic - end the run on a panic
 *
 * Names the case that was running, if any, and with ktest.exit=qemu leaves QEMU with the
 * "panicked" code (37), so a harness tells a panic from a failed test.
 *
 * Context: the end of a panic (panic_halt()), the other CPUs stopped, interrupts off.
 * Return: nothing, or never (QEMU exits).
 */
void ktest_on_panic(void)
{
	if (ktest_current)
		printk(KERN_EMERG KTEST_INDENT "# %s: kernel panic while the case ran\n",
		       ktest_current->name);
	ktest_exit(DEBUG_EXIT_PANIC);
}
