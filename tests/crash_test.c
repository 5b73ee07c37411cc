/* crashtest=pagefault|divzero|stackoverflow|kthreadstack|bug|nmistop|hungtask|lockdep|usermem: fault on purpose
 * after the boot report, so the test runner can check that each kind of fatal fault is reported
 * with its decoded error and a backtrace naming the function that faulted (bug: panic() through
 * BUG(); nmistop: a panic on CPU 0 stops every other CPU and shows each one's backtrace;
 * lockdep: every report of the lock validator printed, then a panic that ends the row; usermem: a
 * plain kernel read of mapped user memory, outside uaccess). */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/timer.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/boot.h>
#include <asm/traps.h>
#include "lockdep_test.h"

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

static int crashtest_spinning;

/* Interrupts off for good: only an NMI can stop this CPU or show where it is. */
static __noinline void crashtest_spin(void)
{
	local_irq_disable();
	__atomic_add_fetch(&crashtest_spinning, 1, __ATOMIC_SEQ_CST);
	for (;;)
		cpu_relax();
}

/* Panics as soon as CPU 0's panic has begun: a second CPU panicking in the middle of the first
 * report must stop quietly and show up only through its NMI backtrace. */
static __noinline void crashtest_second_panic(void)
{
	local_irq_disable();
	__atomic_add_fetch(&crashtest_spinning, 1, __ATOMIC_SEQ_CST);
	while (!READ_ONCE(oops_in_progress))
		cpu_relax();
	panic("crashtest: a second CPU panics too");
}

static int crashtest_spin_fn(void *last)
{
	if (last)
		crashtest_second_panic();
	crashtest_spin();
	return 0;
}

/* Park every other CPU in a loop with interrupts off (the last one in a second panic), then
 * panic on CPU 0. */
static __noinline void crashtest_nmistop(void)
{
	unsigned int cpu, last = 0, want = 0;

	if (num_online_cpus() < 2) {
		pr_err("crashtest: nmistop needs 2 online CPUs\n");
		return;
	}
	if (set_cpus_allowed_ptr(current, cpumask_of(0)) == 0 && task_cpu(current) != 0)
		schedule_timeout_uninterruptible(1);
	for_each_online_cpu(cpu)
		last = cpu;
	for_each_online_cpu(cpu) {
		struct task_struct *p;

		if (cpu == 0)
			continue;
		p = kthread_create_on_cpu(crashtest_spin_fn, (void *)(unsigned long)(cpu == last),
					  cpu, "crash_spin/%u");
		if (IS_ERR(p)) {
			pr_err("crashtest: cannot create a spinner on CPU %u\n", cpu);
			return;
		}
		wake_up_process(p);
		want++;
	}
	for (int i = 0; i < 2000 && READ_ONCE(crashtest_spinning) < (int)want; i++)
		mdelay(1);
	panic("crashtest: stopping the other CPUs (%d of %u spinning)",
	      READ_ONCE(crashtest_spinning), want);
}

/* Sleeps in D and is never woken: with hung_task_panic=1, khungtaskd panics over it. */
static int crashtest_hung_fn(void *unused)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule();
	return 0;
}

static __noinline void crashtest_hungtask(void)
{
	struct task_struct *p = kthread_run(crashtest_hung_fn, NULL, "crash_hung");

	if (IS_ERR(p)) {
		pr_err("crashtest: cannot create the thread: %ld\n", PTR_ERR(p));
		return;
	}
	/* Idle (not a hung task itself) until khungtaskd panics. */
	for (;;)
		schedule_timeout_idle(MAX_SCHEDULE_TIMEOUT);
}

/*
 * Each scenario of tests/lockdep_test.c aloud: the validator prints its report and switches
 * itself off, as Linux's does, and is switched back on for the next (which only this does).
 * After the first, the same deadlock is provoked again while it is off, to show that it stays
 * quiet. The panic at the end is what ends a crash row; the runner reads the reports above it.
 */
static __noinline void crashtest_lockdep(void)
{
#ifdef CONFIG_LOCKDEP
	unsigned int printed = 0;

	for (unsigned int i = 0; i < nr_lockdep_scenarios; i++) {
		const struct lockdep_scenario *sc = &lockdep_scenarios[i];
		unsigned long before = lockdep_report_count(sc->expect);

		pr_info("crashtest: lockdep: %s\n", sc->name);
		sc->run(false);
		if (lockdep_report_count(sc->expect) > before)
			printed++;
		else
			pr_err("crashtest: lockdep: %s made no report\n", sc->name);
		if (i == 0) {
			bool off = !debug_locks;

			before = lockdep_report_count(sc->expect);
			sc->run(false);
			pr_info("crashtest: lockdep: after its first report the validator is %s; the same deadlock again: %lu more report(s)\n",
				off ? "off" : "still on", lockdep_report_count(sc->expect) - before);
		}
		lockdep_selftest_rearm();
	}
	lockdep_info();
	panic("crashtest: lockdep: %u of %u reports printed", printed, nr_lockdep_scenarios);
#else
	pr_err("crashtest: lockdep: this kernel was built with LOCKDEP=0\n");
#endif
}

/*
 * A kernel thread adopts an mm with one anonymous page mapped but not yet touched and reads it
 * with a plain load: no exception-table entry, so the fault handler does not bring the page in
 * (as Linux: only uaccess may touch user memory) and the kernel oopses, naming the read.
 */
static int crashtest_usermem_fn(void *data)
{
	struct mm_struct *mm = data;
	unsigned long addr;

	addr = vm_mmap(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	if (IS_ERR_VALUE(addr)) {
		pr_err("crashtest: usermem: mmap failed: %ld\n", (long)addr);
		return 0;
	}
	kthread_use_mm(mm);
	__asm__ __volatile__("" : "+r"(addr));
	pr_info("crashtest: usermem: read %lx\n", READ_ONCE(*(unsigned long *)addr));
	kthread_unuse_mm(mm);
	return 0;
}

static __noinline void crashtest_usermem(void)
{
	struct mm_struct *mm = mm_alloc();
	struct task_struct *p;

	if (!mm) {
		pr_err("crashtest: usermem: no memory for an mm\n");
		return;
	}
	p = kthread_run(crashtest_usermem_fn, mm, "crash_usermem");
	if (IS_ERR(p)) {
		pr_err("crashtest: cannot create the thread: %ld\n", PTR_ERR(p));
		mmput(mm);
		return;
	}
	for (;;)
		schedule_timeout_idle(MAX_SCHEDULE_TIMEOUT);
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
	{ "nmistop", crashtest_nmistop },
	{ "hungtask", crashtest_hungtask },
	{ "lockdep", crashtest_lockdep },
	{ "usermem", crashtest_usermem },
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
	pr_err("crashtest: unknown kind \"%s\" (pagefault, divzero, stackoverflow, kthreadstack, bug, nmistop, hungtask, lockdep, usermem); ignored\n",
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
