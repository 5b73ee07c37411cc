/* Self-test framework. */
#ifndef _KTEST_H
#define _KTEST_H

#include <linux/types.h>

void ktest_run_all(void);
#endif
