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

/*
 * Only the first panic gets to report. Another CPU panicking at the same time stops quietly (its
 * backtrace comes with the stop NMI the first one sends); a fault while reporting prints one
 * line and halts, so the report stays readable and a fault in the panic path itself cannot loop.
 * A third entry means even that line faulted: halt silently.
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

void panic_halt(const char *reason)
{
	smp_send_stop();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", reason);
	ktest_on_panic();
	halt_forever();
}

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

unsigned long warn_count_read(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}
