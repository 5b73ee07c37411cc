/* GDT/TSS/IDT setup and exception handling. */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <linux/types.h>

void trap_init(void);
/* crashtest=<kind>: fault on purpose after the boot report (tests/crash_test.c). */
void crashtest_run(void);
#endif
