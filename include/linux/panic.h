/* panic(): the kernel cannot go on. Prints "Kernel panic - not syncing: <reason>" first, then
 * what it knows (registers and backtrace when called from a trap), stops every CPU. */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/compiler.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
extern int oops_in_progress;

/* The two ends of every fatal report (panic() and a fatal exception): panic_enter() turns
 * interrupts off and makes printk bust its lock; a nested entry prints one line and halts.
 * panic_halt() stops the other CPUs, each printing its backtrace (smp_send_stop), ends the report,
 * tells the test harness (ktest_on_panic) and halts. */
void panic_enter(const char *reason);
__noreturn void panic_halt(const char *reason);

#endif
