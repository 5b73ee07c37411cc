/* BUG(): the kernel cannot go on (panics). WARN(): something is wrong but the kernel can go on:
 * print a "WARNING:" report with a backtrace, count it, and return the condition so the caller
 * can bail out (if (WARN_ON(!p)) return -EINVAL;). */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/panic.h>

#define BUG() panic("kernel BUG at %s:%d! (%s)", __FILE__, __LINE__, __func__)

#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)

/* Print the warning report for file:line in func, with an optional message (fmt may be NULL). */
void __warn(const char *file, int line, const char *func, const char *fmt, ...) __printf(4, 5);

/* Warnings reported since boot: tests assert that misuse produced one. */
unsigned long warn_count_read(void);

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__warn(__FILE__, __LINE__, __func__, NULL);		\
	unlikely(__ret_warn_on);					\
})

#define WARN(condition, fmt, ...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__); \
	unlikely(__ret_warn_on);					\
})

/* The _ONCE forms report only the first time this call site fires, but always return the
 * condition. */
#define WARN_ON_ONCE(condition) ({					\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		__warn(__FILE__, __LINE__, __func__, NULL);		\
	}								\
	unlikely(__ret_warn_once);					\
})

#define WARN_ONCE(condition, fmt, ...) ({				\
	static bool __warned;						\
	int __ret_warn_once = !!(condition);				\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__); \
	}								\
	unlikely(__ret_warn_once);					\
})

#endif
