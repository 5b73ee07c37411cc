/* panic(): the kernel cannot go on. Prints "Kernel panic - not syncing: <reason>" first, then
 * what it knows (registers and backtrace when called from a trap), stops every CPU. */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/compiler.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
extern int oops_in_progress;

#endif
