/* Powers of two, as Linux's <linux/log2.h> names them. */
#ifndef _LINUX_LOG2_H
#define _LINUX_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* Floor of the base-2 logarithm; @n must not be 0 (Linux's is a macro that folds constants). */
static inline int ilog2(unsigned long n)
{
	return __fls(n);
}

#endif
