/* Everyday kernel helpers: sizes, alignment, min/max, container_of. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)	(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define min(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min3(x, y, z)	min(min(x, y), z)
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max_t(t, a, b)	max((t)(a), (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

/* An unsigned long with every byte equal to @x (0..0xff): REPEAT_BYTE(0x80) is 0x8080...80. */
#define REPEAT_BYTE(x)	((~0ul / 0xff) * (x))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define SZ_1K	0x400UL
#define SZ_4K	0x1000UL
#define SZ_1M	0x100000UL
#define SZ_2M	0x200000UL
#define SZ_1G	0x40000000UL
#define SZ_4G	0x100000000UL

/*
 * Where the kernel is in its life (Linux's names; Spindle sets the first three). While it is
 * SYSTEM_BOOTING, start_kernel() runs with interrupts off and nothing can sleep, and
 * might_sleep() is quiet there, as in Linux.
 */
extern enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,	/* rest_init(): the first tasks exist and may sleep */
	SYSTEM_RUNNING,		/* kernel_init() is done bringing things up */
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
} system_state;

#define U64_MAX	(~0ULL)
#define ULONG_MAX (~0UL)
#define LONG_MAX ((long)(~0UL >> 1))
#define INT_MAX	((int)(~0U >> 1))
#define UINT_MAX (~0U)

#endif
