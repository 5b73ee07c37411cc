/* crashtest=pagefault|divzero|stackoverflow|kthreadstack|bug: fault on purpose after the boot report, so the
 * test runner can check that each kind of fatal fault is reported with its decoded error and a
 * backtrace naming the function that faulted (bug: panic() through BUG()). */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/timer.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/boot.h>
#include <asm/traps.h>

struct crashtest_victim {
	unsigned long pad[2];
	unsigned long member;
};

/* A write to a member of a struct through a NULL pointer (address 0x10): a not-present page in
 * kernel mode. The empty asm hides the pointer's value, so the compiler can neither prove it
 * NULL nor drop the write as undefined behaviour. */
static __noinline void crashtest_pagefault(void)
{
	struct crashtest_victim *victim = NULL;

	__asm__ __volatile__("" : "+r"(victim));
	WRITE_ONCE(victim->member, 0x5a5a5a5a);
}

/* Both operands are volatile: the compiler can neither see the divisor is zero nor replace the
 * division by something cheaper (it turns 1 / x into compares), so a real idiv runs. */
static __noinline void crashtest_divzero(void)
{
	volatile long dividend = 1000, divisor = 0;
	volatile long quotient;

	quotient = dividend / divisor;
	(void)quotient;
}

/* Each frame holds a 256-byte array, and the volatile store after the recursive call keeps the
 * compiler from turning the recursion into a loop: the stack must run into its guard page. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static __noinline unsigned long crashtest_recurse(unsigned long depth)
{
	volatile unsigned char frame[256];
	unsigned long ret;

	frame[depth % sizeof(frame)] = depth;
	ret = crashtest_recurse(depth + 1);
	frame[0] = ret;
	return ret + frame[depth % sizeof(frame)];
}
#pragma GCC diagnostic pop

static void crashtest_recurse_start(void *arg)
{
	crashtest_recurse(0);
}

/* Recurse on a fresh kernel-sized stack from vmalloc, which has an unmapped guard page below. */
static __noinline void crashtest_stackoverflow(void)
{
	char *stack = vmalloc(THREAD_SIZE);

	if (!stack) {
		pr_err("crashtest: cannot allocate a %d-byte stack\n", THREAD_SIZE);
		return;
	}
	call_on_stack(stack + THREAD_SIZE, crashtest_recurse_start, NULL);
}

static int crashtest_kthread_fn(void *unused)
{
	return crashtest_recurse(0);
}

/* The same overflow in a kernel thread's own stack: the report must name the thread. */
static __noinline void crashtest_kthreadstack(void)
{
	struct task_struct *p = kthread_run(crashtest_kthread_fn, NULL, "crash_overflow");

	if (IS_ERR(p)) {
		pr_err("crashtest: cannot create the thread: %ld\n", PTR_ERR(p));
		return;
	}
	msleep(1000);
}

static __noinline void crashtest_bug(void)
{
	BUG();
}

struct crashtest {
	const char *name;
	void (*fn)(void);
};

static const struct crashtest crashtests[] = {
	{ "pagefault", crashtest_pagefault },
	{ "divzero", crashtest_divzero },
	{ "stackoverflow", crashtest_stackoverflow },
	{ "kthreadstack", crashtest_kthreadstack },
	{ "bug", crashtest_bug },
};

static const struct crashtest *crashtest_selected;

static int crashtest_setup(char *value)
{
	for (size_t i = 0; i < ARRAY_SIZE(crashtests); i++) {
		if (!strcmp(value, crashtests[i].name)) {
			crashtest_selected = &crashtests[i];
			return 0;
		}
	}
	pr_err("crashtest: unknown kind \"%s\" (pagefault, divzero, stackoverflow, kthreadstack, bug); ignored\n",
	       value);
	return -EINVAL;
}
__setup("crashtest=", crashtest_setup);

void crashtest_run(void)
{
	const struct crashtest *t = crashtest_selected;

	if (!t)
		return;
	pr_info("crashtest: %s: faulting on purpose now\n", t->name);
	t->fn();
	pr_err("crashtest: %s did not fault; going on\n", t->name);
}
