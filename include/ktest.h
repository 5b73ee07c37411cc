/* Spindle's self-test framework, modelled on Linux's KUnit: suites of cases registered in a
 * linker section, EXPECT (record and go on) and ASSERT (record and end the case) checks that
 * print file, line and both values, and KTAP version 1 output on the console. */
#ifndef _KTEST_H
#define _KTEST_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/string.h>

enum ktest_status {
	KTEST_SUCCESS,
	KTEST_FAILURE,
	KTEST_SKIPPED,
};

struct ktest_case;
struct ktest_suite;

/* What a running case sees: passed to every case function and every check. */
struct ktest {
	const char *name;		/* the case's name */
	const struct ktest_suite *suite;
	enum ktest_status status;
	char skip_reason[96];
	void *priv;			/* for the suite's init/exit hooks */
	void *abort_ctx;		/* where an ASSERT failure or a skip jumps to */
	bool timed_out;			/* the case's thread outlived its timeout */
};

struct ktest_case {
	void (*run)(struct ktest *test);
	const char *name;
	unsigned int timeout_s;		/* 0: KTEST_DEFAULT_TIMEOUT_S */
};

/* Each case runs in its own kernel thread; one still running after this is reported
 * "not ok N name # TIMEOUT" and the run goes on. */
#define KTEST_DEFAULT_TIMEOUT_S	10

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;	/* ends with an all-zero entry */
	int (*init)(struct ktest *test);	/* before each case; non-zero fails it */
	void (*exit)(struct ktest *test);	/* after each case */
	/* The cases test the boot CPU's own hardware or per-CPU state: run them there, not
	 * wherever wake-up placement would put them. */
	bool boot_cpu;
};

#define KTEST_CASE(fn)	{ .run = fn, .name = #fn }
#define KTEST_CASE_TIMEOUT(fn, secs)	{ .run = fn, .name = #fn, .timeout_s = (secs) }

/* Register a suite: ktest_register_suite(my_suite); (a struct ktest_suite defined above it). */
#define ktest_register_suite(suite)					\
	static const struct ktest_suite *__ktest_ptr_##suite		\
	__used __section(".ktest_suites") __aligned(8) = &suite

/* Run the suites the command line selected (ktest=<glob>[,<glob>...]) and report in KTAP. */
void ktest_run_all(void);
/* Run the suites @globs selects (the console's ktest): 0, 1 if any failed, -EINVAL. */
int ktest_run_glob(const char *globs);
/* The glob lists of ktest= and bench=: check and keep one (0 or -EINVAL), and match a name. */
int ktest_glob_list_set(char *dst, size_t size, const char *value);
bool ktest_glob_list_match(const char *globs, const char *name, const char *sub);
/* End the run (ktest.exit=qemu: leave QEMU), failed if @failed or a self-test failed. */
void ktest_finish(bool failed);
/* Record a verdict for the ktest_finish() that ends the run later. */
void ktest_note_failure(bool failed);
/* Called by panic(): with ktest.exit=qemu, leave QEMU with the "panicked" code. */
void ktest_on_panic(void);

/* Print a diagnostic line ("    # ...") under the running case. */
void ktest_printk(struct ktest *test, const char *fmt, ...) __printf(2, 3);
#define ktest_info(test, fmt, ...)	ktest_printk(test, fmt "\n", ##__VA_ARGS__)

/* Mark the case skipped with a reason and end it (like kunit_skip). */
__noreturn void ktest_skip(struct ktest *test, const char *fmt, ...) __printf(2, 3);
/* Mark the case skipped but let it go on (like kunit_mark_skipped). */
void ktest_mark_skipped(struct ktest *test, const char *fmt, ...) __printf(2, 3);

/* The reporting behind every check; 'fatal' ends the case (ASSERT). Each prints, as KUnit does,
 * "# <case>: EXPECTATION FAILED at <file>:<line>" (or ASSERTION) and both sides with their values. */
void ktest_fail_binary(struct ktest *test, bool fatal, const char *file, int line,
		       const char *left_text, const char *op, const char *right_text,
		       long long left, long long right);
void ktest_fail_ubinary(struct ktest *test, bool fatal, const char *file, int line,
		       const char *left_text, const char *op, const char *right_text,
		       unsigned long long left, unsigned long long right);
void ktest_fail_ptr(struct ktest *test, bool fatal, const char *file, int line,
		    const char *left_text, const char *op, const char *right_text,
		    const void *left, const void *right);
void ktest_fail_unary(struct ktest *test, bool fatal, const char *file, int line,
		      const char *cond_text, bool expected_true);
void ktest_fail_str(struct ktest *test, bool fatal, const char *file, int line,
		    const char *left_text, const char *op, const char *right_text,
		    const char *left, const char *right);
void ktest_fail_not_err(struct ktest *test, bool fatal, const char *file, int line,
			const char *text, const void *value);
void ktest_fail_msg(struct ktest *test, bool fatal, const char *file, int line,
		    const char *fmt, ...) __printf(5, 6);

#define __KTEST_BINARY(test, fatal, l, op, r) do {				\
	long long __l = (long long)(l), __r = (long long)(r);			\
	if (!(__l op __r))							\
		ktest_fail_binary(test, fatal, __FILE__, __LINE__, #l, #op, #r, __l, __r); \
} while (0)

#define __KTEST_UBINARY(test, fatal, l, op, r) do {				\
	unsigned long long __l = (unsigned long long)(l);			\
	unsigned long long __r = (unsigned long long)(r);			\
	if (!(__l op __r))							\
		ktest_fail_ubinary(test, fatal, __FILE__, __LINE__, #l, #op, #r, __l, __r); \
} while (0)

#define __KTEST_PTR(test, fatal, l, op, r) do {				\
	const void *__l = (l), *__r = (r);					\
	if (!(__l op __r))							\
		ktest_fail_ptr(test, fatal, __FILE__, __LINE__, #l, #op, #r, __l, __r); \
} while (0)

#define __KTEST_STR(test, fatal, l, op, r) do {				\
	const char *__l = (l), *__r = (r);					\
	if (!(strcmp(__l, __r) op 0))						\
		ktest_fail_str(test, fatal, __FILE__, __LINE__, #l, #op, #r, __l, __r); \
} while (0)

#define __KTEST_COND(test, fatal, cond, expected_true) do {			\
	bool __c = (cond);							\
	if (__c != (expected_true))						\
		ktest_fail_unary(test, fatal, __FILE__, __LINE__, #cond, expected_true); \
} while (0)

#define __KTEST_ERR(test, fatal, p) do {					\
	const void *__p = (p);							\
	if (IS_ERR_OR_NULL(__p))						\
		ktest_fail_not_err(test, fatal, __FILE__, __LINE__, #p, __p);	\
} while (0)

/* Signed comparisons (any integer or pointer-sized value). */
#define KTEST_EXPECT_EQ(t, l, r)	__KTEST_BINARY(t, false, l, ==, r)
#define KTEST_EXPECT_NE(t, l, r)	__KTEST_BINARY(t, false, l, !=, r)
#define KTEST_EXPECT_LT(t, l, r)	__KTEST_BINARY(t, false, l, <, r)
#define KTEST_EXPECT_LE(t, l, r)	__KTEST_BINARY(t, false, l, <=, r)
#define KTEST_EXPECT_GT(t, l, r)	__KTEST_BINARY(t, false, l, >, r)
#define KTEST_EXPECT_GE(t, l, r)	__KTEST_BINARY(t, false, l, >=, r)
#define KTEST_ASSERT_EQ(t, l, r)	__KTEST_BINARY(t, true, l, ==, r)
#define KTEST_ASSERT_NE(t, l, r)	__KTEST_BINARY(t, true, l, !=, r)
#define KTEST_ASSERT_LT(t, l, r)	__KTEST_BINARY(t, true, l, <, r)
#define KTEST_ASSERT_LE(t, l, r)	__KTEST_BINARY(t, true, l, <=, r)
#define KTEST_ASSERT_GT(t, l, r)	__KTEST_BINARY(t, true, l, >, r)
#define KTEST_ASSERT_GE(t, l, r)	__KTEST_BINARY(t, true, l, >=, r)
/* Unsigned comparisons (addresses, sizes, u64 counters). */
#define KTEST_EXPECT_UEQ(t, l, r)	__KTEST_UBINARY(t, false, l, ==, r)
#define KTEST_EXPECT_ULT(t, l, r)	__KTEST_UBINARY(t, false, l, <, r)
#define KTEST_EXPECT_ULE(t, l, r)	__KTEST_UBINARY(t, false, l, <=, r)
#define KTEST_EXPECT_UGE(t, l, r)	__KTEST_UBINARY(t, false, l, >=, r)
#define KTEST_ASSERT_UEQ(t, l, r)	__KTEST_UBINARY(t, true, l, ==, r)
#define KTEST_EXPECT_UNE(t, l, r)	__KTEST_UBINARY(t, false, l, !=, r)
#define KTEST_EXPECT_UGT(t, l, r)	__KTEST_UBINARY(t, false, l, >, r)
#define KTEST_ASSERT_ULE(t, l, r)	__KTEST_UBINARY(t, true, l, <=, r)
#define KTEST_ASSERT_UGE(t, l, r)	__KTEST_UBINARY(t, true, l, >=, r)
#define KTEST_EXPECT_PTR_EQ(t, l, r)	__KTEST_PTR(t, false, l, ==, r)
#define KTEST_EXPECT_PTR_NE(t, l, r)	__KTEST_PTR(t, false, l, !=, r)
#define KTEST_ASSERT_PTR_EQ(t, l, r)	__KTEST_PTR(t, true, l, ==, r)
#define KTEST_EXPECT_STREQ(t, l, r)	__KTEST_STR(t, false, l, ==, r)
#define KTEST_EXPECT_STRNEQ(t, l, r)	__KTEST_STR(t, false, l, !=, r)
#define KTEST_ASSERT_STREQ(t, l, r)	__KTEST_STR(t, true, l, ==, r)
#define KTEST_EXPECT_TRUE(t, c)		__KTEST_COND(t, false, c, true)
#define KTEST_EXPECT_FALSE(t, c)	__KTEST_COND(t, false, c, false)
#define KTEST_ASSERT_TRUE(t, c)		__KTEST_COND(t, true, c, true)
#define KTEST_ASSERT_FALSE(t, c)	__KTEST_COND(t, true, c, false)
#define KTEST_EXPECT_NULL(t, p)		__KTEST_PTR(t, false, p, ==, NULL)
#define KTEST_EXPECT_NOT_NULL(t, p)	__KTEST_PTR(t, false, p, !=, NULL)
#define KTEST_ASSERT_NULL(t, p)		__KTEST_PTR(t, true, p, ==, NULL)
#define KTEST_ASSERT_NOT_NULL(t, p)	__KTEST_PTR(t, true, p, !=, NULL)
#define KTEST_EXPECT_NOT_ERR_OR_NULL(t, p) __KTEST_ERR(t, false, p)
#define KTEST_ASSERT_NOT_ERR_OR_NULL(t, p) __KTEST_ERR(t, true, p)
#define KTEST_FAIL(t, fmt, ...)		ktest_fail_msg(t, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_FAILURE(t, fmt, ...) ktest_fail_msg(t, true, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
