/* panic(): the kernel cannot go on. Print "Kernel panic - not syncing: <reason>" first, then a
 * backtrace, tell the test harness, and stop this CPU. Also the WARN() report, which prints the
 * same kind of evidence but lets the kernel go on. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/panic.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <ktest.h>

static int panic_cpu = -1;	/* the CPU that owns the report (Linux's panic_cpu) */
static int panic_depth;		/* its entries: touched by that CPU alone */
static unsigned long warn_count;

/**
 * panic_enter - claim the panic report for this CPU, with interrupts off
 * @reason: what happened, for the one line a recursive fault prints
 *
 * Only the first panic gets to report. Another CPU panicking at the same time stops quietly (its
 * backtrace comes with the stop NMI the first one sends); a fault while reporting prints one
 * line and halts, so the report stays readable and a fault in the panic path itself cannot loop.
 * A third entry means even that line faulted: halt silently. Sets oops_in_progress and turns
 * the lock validator off.
 *
 * Linux 6.1: no such function; panic() claims panic_cpu itself, and oops_begin() has its own
 * die lock.
 *
 * Context: any (panic(), oops_begin() in exception context); leaves interrupts off.
 * Return: nothing, on the CPU that owns the report; the others never return.
 */
void panic_enter(const char *reason)
{
	int depth, old = -1, cpu;

	local_irq_disable();
	cpu = smp_processor_id();
	if (!__atomic_compare_exchange_n(&panic_cpu, &old, cpu, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST) && old != cpu)
		halt_forever();
	depth = ++panic_depth;
	oops_in_progress = 1;
	/* As Linux's panic(): the lock validator has nothing more to say that could be trusted. */
	debug_locks_off();
	if (depth == 2) {
		printk(KERN_EMERG "Recursive fault while panicking (%s) on CPU %u; halting\n",
		       reason, cpuid_initial_apic_id());
		halt_forever();
	}
	if (depth > 2)
		halt_forever();
}

/**
 * panic_halt - end a panic report: stop the other CPUs, tell the test harness, halt
 * @reason: what happened, repeated on the "end Kernel panic" line
 *
 * Linux 6.1: no such function; the end of panic() does this, and may reboot after panic=.
 *
 * Context: after panic_enter(), interrupts off.
 * Return: does not return.
 */
void panic_halt(const char *reason)
{
	smp_send_stop();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", reason);
	ktest_on_panic();
	halt_forever();
}

/**
 * panic - halt the system
 * @fmt: the reason, printf-style
 *
 * Prints "Kernel panic - not syncing: <reason>" first, then a backtrace, tells the test
 * harness, and stops this CPU after the others (reason truncated to 255 characters).
 *
 * Linux 6.1 also runs the panic notifiers, dumps kmsg and may reboot after panic=.
 *
 * Context: any.
 * Return: does not return.
 */
void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);

	panic_enter(buf);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack_lvl(KERN_EMERG);
	panic_halt(buf);
}

/**
 * __warn - print a WARN() report and go on
 * @file: the source file of the WARN()
 * @line: its line
 * @func: its function
 * @fmt: the message, printf-style, or NULL
 *
 * Prints the "cut here" report with a backtrace and counts it (warn_count_read()). Not
 * inlined, so the backtrace starts in a frame of its own.
 *
 * Linux 6.1: takes the caller's address, taint, registers and the message as a va_list, and
 * may panic on panic_on_warn.
 *
 * Context: any; does not sleep.
 * Return: nothing.
 */
__noinline void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	char buf[256];
	va_list args;

	printk(KERN_WARNING "------------[ cut here ]------------\n");
	if (fmt) {
		va_start(args, fmt);
		vsnprintf(buf, sizeof(buf), fmt, args);
		va_end(args);
		printk(KERN_WARNING "%s", buf);
	}
	printk(KERN_WARNING "WARNING: CPU: %u at %s:%d %s\n", cpuid_initial_apic_id(), file, line,
	       func);
	show_trace_log_lvl(0, (unsigned long)__builtin_frame_address(0), KERN_WARNING);
	printk(KERN_WARNING "---[ end trace ]---\n");
	__atomic_add_fetch(&warn_count, 1, __ATOMIC_RELAXED);
}

/**
 * warn_count_read - how many WARN() reports have been printed since boot
 *
 * For the tests and kthread-torture, which check that a run printed none (or exactly one).
 *
 * Linux 6.1: no such function (later Linux shows warn_count in /sys/kernel/warn_count).
 *
 * Context: any.
 * Return: the count.
 */
unsigned long warn_count_read(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}
