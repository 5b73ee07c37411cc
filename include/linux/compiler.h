/* Compiler helpers: attributes, barriers and once-only accesses, with Linux's names. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(s)	__attribute__((section(s)))
#define __used		__attribute__((used))
#define __noreturn	__attribute__((noreturn))
#define __noinline	__attribute__((noinline))
/* Rarely run: placed out of the way, and the compiler keeps its callers' fast paths free of it. */
#define __cold		__attribute__((__cold__))
#define __always_inline	inline __attribute__((always_inline))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __maybe_unused	__attribute__((unused))
#define __weak		__attribute__((weak))
/* A pointer into user space: never dereferenced directly, only through linux/uaccess.h
 * (Linux checks this with sparse; here it documents). */
#define __user
#define __force

/*
 * For a helper that must not be checked by AddressSanitizer. The kernel has no sanitizer and
 * inlines it; the host tests (tests/host) build lib/ with ASan, which cannot inline such a
 * function into a checked one, so there it is an ordinary function.
 */
#ifdef __SANITIZE_ADDRESS__
#define __no_sanitize_address	__attribute__((__no_sanitize_address__))
#define __no_kasan_or_inline	__no_sanitize_address __noinline __maybe_unused
#else
#define __no_sanitize_address
#define __no_kasan_or_inline	__always_inline
#endif

#define barrier()	__asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/*
 * One word from @addr, which need not be aligned, for code that scans a string a word at a time
 * (strscpy()): such a read may take in bytes past the string's end, so it is kept from the
 * sanitizer, which would report them. The caller sees to it that the word lies in mapped memory.
 */
/* Linux 6.1: in asm-generic/rwonce.h, and KASAN checks the first byte; Spindle has no KASAN. */
static __no_kasan_or_inline unsigned long read_word_at_a_time(const void *addr)
{
	return *(const unsigned long *)addr;
}

#define __stringify_1(x) #x
#define __stringify(x)	__stringify_1(x)

#endif
