/* Bit operations with Linux's names: atomic set_bit/clear_bit (lock-prefixed, safe against other
 * CPUs), their non-atomic __ forms for data only one CPU touches, and bit searches in a word. */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/types.h>
#include <linux/compiler.h>

#define BITS_PER_LONG		64
#define BITS_PER_LONG_LONG	64
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
/* Bits h..l set, as in Linux's GENMASK(h, l). */
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))

static __always_inline void set_bit(long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btsq %1, %0" : "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory");
}

static __always_inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btrq %1, %0" : "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory");
}

static __always_inline void change_bit(long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btcq %1, %0" : "+m"(*(volatile long *)addr) : "Ir"(nr) : "memory");
}

static __always_inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock btsq %2, %0" : "+m"(*(volatile long *)addr), "=@ccc"(old)
			     : "Ir"(nr) : "memory");
	return old;
}

static __always_inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock btrq %2, %0" : "+m"(*(volatile long *)addr), "=@ccc"(old)
			     : "Ir"(nr) : "memory");
	return old;
}

static __always_inline void __set_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static __always_inline void __clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static __always_inline void __change_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static __always_inline bool __test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old = addr[BIT_WORD(nr)] & BIT_MASK(nr);

	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
	return old;
}

static __always_inline bool __test_and_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old = addr[BIT_WORD(nr)] & BIT_MASK(nr);

	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
	return old;
}

static __always_inline bool test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

/* __ffs/__fls: 0-based index of the lowest/highest set bit; undefined for 0, as in Linux. */
static __always_inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

static __always_inline unsigned long __fls(unsigned long word)
{
	return BITS_PER_LONG - 1 - __builtin_clzl(word);
}

/* ffz: the lowest clear bit; undefined when every bit is set. */
static __always_inline unsigned long ffz(unsigned long word)
{
	return __ffs(~word);
}

/* ffs/fls: 1-based position of the lowest/highest set bit, 0 when none is set. */
static __always_inline int ffs(int x)
{
	return x ? __builtin_ctz((unsigned int)x) + 1 : 0;
}

static __always_inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static __always_inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Population count without the POPCNT instruction (not every x86-64 CPU has it) and without
 * libgcc's helper (the kernel links no libgcc): the classic parallel bit sum. */
static __always_inline unsigned int hweight64(u64 w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

static __always_inline unsigned int hweight_long(unsigned long w)
{
	return hweight64(w);
}

static __always_inline unsigned int hweight32(u32 w)
{
	return hweight64(w);
}

#endif
