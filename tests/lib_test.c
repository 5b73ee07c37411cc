/* Suite "lib": the string functions, vsnprintf, kstrto*, bitmaps, red-black trees and lists that
 * the rest of the kernel is built on. Every case checks results against values worked out by
 * hand, so a wrong answer fails here rather than as a mystery elsewhere. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kstrtox.h>
#include <linux/bitmap.h>
#include <linux/rbtree.h>
#include <linux/list.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/page.h>
#include <ktest.h>

static void string_mem_test(struct ktest *test)
{
	char buf[16];
	const char src[] = "abcdefgh";

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(test, buf[0], 'x');
	KTEST_EXPECT_EQ(test, buf[15], 'x');
	KTEST_EXPECT_PTR_EQ(test, memset(buf + 2, 0, 3), buf + 2);
	KTEST_EXPECT_EQ(test, buf[1], 'x');
	KTEST_EXPECT_EQ(test, buf[2], 0);
	KTEST_EXPECT_EQ(test, buf[4], 0);
	KTEST_EXPECT_EQ(test, buf[5], 'x');

	KTEST_EXPECT_PTR_EQ(test, memcpy(buf, src, sizeof(src)), buf);
	KTEST_EXPECT_EQ(test, memcmp(buf, src, sizeof(src)), 0);
	KTEST_EXPECT_EQ(test, buf[sizeof(src)], 'x');	/* nothing past n written */

	KTEST_EXPECT_LT(test, memcmp("abc", "abd", 3), 0);
	KTEST_EXPECT_GT(test, memcmp("abd", "abc", 3), 0);
	KTEST_EXPECT_EQ(test, memcmp("abc", "abd", 2), 0);
	/* Bytes compare as unsigned: 0x80 sorts after 0x7f. */
	KTEST_EXPECT_GT(test, memcmp("\x80", "\x7f", 1), 0);

	KTEST_EXPECT_PTR_EQ(test, memchr(src, 'd', 8), src + 3);
	KTEST_EXPECT_NULL(test, memchr(src, 'd', 3));
	KTEST_EXPECT_NULL(test, memchr(src, 'z', 8));
}

static void string_memmove_test(struct ktest *test)
{
	char buf[16];

	/* dst below src, overlapping: must copy forwards. */
	memcpy(buf, "0123456789", 11);
	memmove(buf, buf + 2, 6);
	KTEST_EXPECT_EQ(test, memcmp(buf, "2345676789", 10), 0);

	/* dst above src, overlapping: must copy backwards or it smears the first bytes. */
	memcpy(buf, "0123456789", 11);
	KTEST_EXPECT_PTR_EQ(test, memmove(buf + 2, buf, 6), buf + 2);
	KTEST_EXPECT_EQ(test, memcmp(buf, "0101234589", 10), 0);

	/* Same place and zero length leave the buffer alone. */
	memmove(buf, buf, 10);
	memmove(buf + 1, buf, 0);
	KTEST_EXPECT_EQ(test, memcmp(buf, "0101234589", 10), 0);
}

static void string_str_test(struct ktest *test)
{
	const char *s = "hello, world";

	KTEST_EXPECT_EQ(test, strlen(""), 0);
	KTEST_EXPECT_EQ(test, strlen(s), 12);
	KTEST_EXPECT_EQ(test, strnlen(s, 5), 5);
	KTEST_EXPECT_EQ(test, strnlen(s, 100), 12);

	KTEST_EXPECT_EQ(test, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_LT(test, strcmp("ab", "abc"), 0);
	KTEST_EXPECT_GT(test, strcmp("abd", "abc"), 0);
	KTEST_EXPECT_GT(test, strcmp("\xff", "a"), 0);
	KTEST_EXPECT_EQ(test, strncmp("abcdef", "abcxyz", 3), 0);
	KTEST_EXPECT_LT(test, strncmp("abcdef", "abcxyz", 4), 0);
	KTEST_EXPECT_EQ(test, strncmp("abc", "abc", 100), 0);

	KTEST_EXPECT_PTR_EQ(test, strchr(s, 'o'), s + 4);
	KTEST_EXPECT_PTR_EQ(test, strrchr(s, 'o'), s + 8);
	KTEST_EXPECT_PTR_EQ(test, strchr(s, '\0'), s + 12);
	KTEST_EXPECT_NULL(test, strchr(s, 'z'));
	KTEST_EXPECT_NULL(test, strrchr(s, 'z'));

	KTEST_EXPECT_PTR_EQ(test, strstr(s, "world"), s + 7);
	KTEST_EXPECT_PTR_EQ(test, strstr(s, ""), s);
	KTEST_EXPECT_NULL(test, strstr(s, "worlds"));
	KTEST_EXPECT_NULL(test, strstr("", "a"));
}

static void string_strscpy_test(struct ktest *test)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(test, strscpy(buf, "abc", sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(test, buf, "abc");

	/* Exactly fills the buffer: 7 characters and the terminator. */
	KTEST_EXPECT_EQ(test, strscpy(buf, "1234567", sizeof(buf)), 7);
	KTEST_EXPECT_STREQ(test, buf, "1234567");

	/* Too long: truncated, still terminated, and the caller is told. */
	KTEST_EXPECT_EQ(test, strscpy(buf, "123456789", sizeof(buf)), -E2BIG);
	KTEST_EXPECT_STREQ(test, buf, "1234567");

	buf[0] = 'q';
	KTEST_EXPECT_EQ(test, strscpy(buf, "abc", 0), -E2BIG);
	KTEST_EXPECT_EQ(test, buf[0], 'q');		/* size 0 writes nothing */

	strscpy(buf, "ab", sizeof(buf));
	KTEST_EXPECT_EQ(test, strlcat(buf, "cd", sizeof(buf)), 4);
	KTEST_EXPECT_STREQ(test, buf, "abcd");
	/* strlcat returns the length it tried to make, so truncation is visible. */
	KTEST_EXPECT_EQ(test, strlcat(buf, "efghij", sizeof(buf)), 10);
	KTEST_EXPECT_STREQ(test, buf, "abcdefg");
}

/* Bytes that has_zero() could take for a zero if it were wrong: high bits set, 0x01 and 0x7f. */
static const unsigned char strscpy_bytes[] = { 0x01, 0x80, 0xff, 'a', 0x7f, 0xfe, 0x81, 'z' };

/*
 * strscpy(dest, src, count) did what it must: the return value, the copy and its terminator,
 * zeros or untouched bytes from there to dest[count - 1] (the word holding the terminator is
 * stored whole), and dest's 8 bytes before and 8 after count still 0x5a.
 */
static bool strscpy_ok(char *dest, const char *src, size_t count)
{
	size_t len = strlen(src), n = len < count ? len : count - 1;
	ssize_t expect = count && len < count ? (ssize_t)len : -E2BIG;

	memset(dest - 8, 0x5a, count + 16);
	if (strscpy(dest, src, count) != expect)
		return false;
	for (size_t i = 0; i < 8; i++)
		if ((u8)dest[(long)i - 8] != 0x5a || (u8)dest[count + i] != 0x5a)
			return false;
	if (!count)
		return true;
	if (memcmp(dest, src, n) || dest[n])
		return false;
	for (size_t i = n + 1; i < count; i++)
		if (dest[i] && (u8)dest[i] != 0x5a)
			return false;
	return true;
}

/* strscpy_ok(), counting the failures in *bad and describing the first. */
static void strscpy_check(struct ktest *test, char *dest, const char *src, size_t count,
			  unsigned int *bad)
{
	if (strscpy_ok(dest, src, count) || (*bad)++)
		return;
	ktest_info(test, "first wrong: length %zu, src %% 8 = %lu, dest %% 8 = %lu, size %zu",
		   strlen(src), (unsigned long)src % 8, (unsigned long)dest % 8, count);
}

/*
 * Every string length from 0 to 17 (across the word boundaries at 8 and 16) from every source
 * and destination alignment, into buffers shorter than, exactly fitting and longer than the
 * string. The bytes after the terminator are nonzero, so a word read past it cannot stop a
 * copy early or late unnoticed.
 */
static void string_strscpy_words_test(struct ktest *test)
{
	char sbuf[48] __aligned(8), dbuf[56] __aligned(8);
	unsigned int bad = 0;

	for (size_t len = 0; len <= 17; len++) {
		for (size_t soff = 0; soff < 8; soff++) {
			memset(sbuf, '#', sizeof(sbuf));
			for (size_t i = 0; i < len; i++)
				sbuf[soff + i] = strscpy_bytes[(i + soff) % sizeof(strscpy_bytes)];
			sbuf[soff + len] = '\0';
			for (size_t doff = 0; doff < 8; doff++)
				for (size_t count = 0; count <= 20; count++)
					strscpy_check(test, dbuf + 8 + doff, sbuf + soff, count,
						      &bad);
		}
	}
	KTEST_EXPECT_EQ(test, bad, 0);
}

/*
 * A string whose terminator is the last byte of a vmalloc page. The page after a vmalloc area is
 * never mapped (each area starts after a guard page of its own), so a word read across the page
 * end would fault: the copy must stop at the page end whatever the size allows.
 */
static void string_strscpy_page_end_test(struct ktest *test)
{
	char *page = vmalloc(PAGE_SIZE), *end = page + PAGE_SIZE;
	char dbuf[56] __aligned(8), c;
	unsigned int bad = 0;

	KTEST_ASSERT_NOT_NULL(test, page);
	/* The premise: reading the byte after the page faults. */
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&c, end, 1), -EFAULT);

	for (size_t len = 0; len <= 17; len++) {
		char *src = end - len - 1;

		memset(src, 'p', len);
		src[len] = '\0';
		strscpy_check(test, dbuf + 8, src, 32, &bad);
		strscpy_check(test, dbuf + 8, src, len + 1, &bad);	/* exact fit */
		strscpy_check(test, dbuf + 8, src, len, &bad);		/* truncated */
	}
	KTEST_EXPECT_EQ(test, bad, 0);

	/* No terminator before the page end, and a size that ends there too: truncated. */
	for (size_t count = 1; count <= 17; count++) {
		memset(end - count, 'q', count);
		KTEST_EXPECT_EQ(test, strscpy(dbuf, end - count, count), -E2BIG);
		KTEST_EXPECT_EQ(test, strnlen(dbuf, count), count - 1);
	}

	/* The destination ends at the page end: nothing is written past dest[count - 1]. */
	for (size_t count = 1; count <= 17; count++) {
		const char *digits = "0123456789abcdefghij";

		KTEST_EXPECT_EQ(test, strscpy(end - count, digits, count), -E2BIG);
		KTEST_EXPECT_EQ(test, memcmp(end - count, digits, count - 1), 0);
		KTEST_EXPECT_EQ(test, end[-1], 0);
		/* the last count - 1 digits: an exact fit */
		KTEST_EXPECT_EQ(test, strscpy(end - count, digits + 21 - count, count),
				(ssize_t)count - 1);
	}
	vfree(page);
}

static void string_glob_test(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, glob_match("lib", "lib"));
	KTEST_EXPECT_FALSE(test, glob_match("lib", "libs"));
	KTEST_EXPECT_FALSE(test, glob_match("libs", "lib"));
	KTEST_EXPECT_TRUE(test, glob_match("*", ""));
	KTEST_EXPECT_TRUE(test, glob_match("*", "anything"));
	KTEST_EXPECT_TRUE(test, glob_match("kthread*", "kthread_stop"));
	KTEST_EXPECT_FALSE(test, glob_match("kthread*", "kthrea"));
	KTEST_EXPECT_TRUE(test, glob_match("*_test", "mm_test"));
	KTEST_EXPECT_TRUE(test, glob_match("m?", "mm"));
	KTEST_EXPECT_FALSE(test, glob_match("m?", "m"));
	KTEST_EXPECT_TRUE(test, glob_match("a*b*c", "axxbyyc"));
	KTEST_EXPECT_FALSE(test, glob_match("a*b*c", "axxbyy"));
	/* The '*' must be able to back off after a partial match. */
	KTEST_EXPECT_TRUE(test, glob_match("*ab", "aab"));
	KTEST_EXPECT_TRUE(test, glob_match("a**", "a"));
}

/* snprintf into a fresh buffer and compare, so every failure names the format that broke. */
#define EXPECT_FMT(test, expect, fmt, ...) do {					\
	char __b[64];								\
	int __n = snprintf(__b, sizeof(__b), fmt, ##__VA_ARGS__);		\
	KTEST_EXPECT_STREQ(test, __b, expect);					\
	KTEST_EXPECT_EQ(test, __n, (int)strlen(expect));			\
} while (0)

static void vsnprintf_int_test(struct ktest *test)
{
	EXPECT_FMT(test, "42", "%d", 42);
	EXPECT_FMT(test, "-42", "%i", -42);
	EXPECT_FMT(test, "-2147483648", "%d", -2147483647 - 1);
	EXPECT_FMT(test, "4294967295", "%u", ~0U);
	EXPECT_FMT(test, "ff", "%x", 255);
	EXPECT_FMT(test, "FF", "%X", 255);
	EXPECT_FMT(test, "777", "%o", 0777);
	EXPECT_FMT(test, "ffffffffffffffff", "%lx", ~0UL);
	EXPECT_FMT(test, "123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	EXPECT_FMT(test, "-9223372036854775808", "%lld", (long long)(U64_MAX >> 1) * -1 - 1);
	EXPECT_FMT(test, "18446744073709551615", "%llu", U64_MAX);
	EXPECT_FMT(test, "12345", "%zu", (size_t)12345);
	EXPECT_FMT(test, "-1", "%ld", -1L);
	EXPECT_FMT(test, "65535", "%hu", 0x1ffff);	/* h truncates to short */
	EXPECT_FMT(test, "-1", "%hhd", 0xff);
	EXPECT_FMT(test, "0", "%d", 0);
	EXPECT_FMT(test, "%", "%%");
}

static void vsnprintf_flags_test(struct ktest *test)
{
	EXPECT_FMT(test, "   42", "%5d", 42);
	EXPECT_FMT(test, "42   |", "%-5d|", 42);
	EXPECT_FMT(test, "00042", "%05d", 42);
	EXPECT_FMT(test, "-0042", "%05d", -42);
	EXPECT_FMT(test, "+42", "%+d", 42);
	EXPECT_FMT(test, " 42", "% d", 42);
	EXPECT_FMT(test, "0x2a", "%#x", 42);
	EXPECT_FMT(test, "0X2A", "%#X", 42);
	EXPECT_FMT(test, "052", "%#o", 42);
	EXPECT_FMT(test, "0", "%#x", 0);	/* no prefix on zero, as in C */
	EXPECT_FMT(test, "0x002a", "%#06x", 42);
	EXPECT_FMT(test, "00042", "%.5d", 42);
	EXPECT_FMT(test, "  00042", "%7.5d", 42);
	EXPECT_FMT(test, "", "%.0d", 0);
	EXPECT_FMT(test, "   42", "%*d", 5, 42);
	EXPECT_FMT(test, "42   |", "%*d|", -5, 42);
	EXPECT_FMT(test, "00000000deadbeef", "%016lx", 0xdeadbeefUL);
}

static void vsnprintf_str_test(struct ktest *test)
{
	const char *volatile null_str = NULL;	/* hidden from gcc's format checker */

	EXPECT_FMT(test, "x", "%c", 'x');
	EXPECT_FMT(test, "  x", "%3c", 'x');
	EXPECT_FMT(test, "abc", "%s", "abc");
	EXPECT_FMT(test, "  abc", "%5s", "abc");
	EXPECT_FMT(test, "abc  |", "%-5s|", "abc");
	EXPECT_FMT(test, "ab", "%.2s", "abc");
	EXPECT_FMT(test, "   ab", "%5.*s", 2, "abc");
	EXPECT_FMT(test, "(null)", "%s", null_str);
	EXPECT_FMT(test, "0x0000000000001000", "%p", (void *)0x1000);
	EXPECT_FMT(test, "0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	EXPECT_FMT(test, "  0x0000000000001000", "%20p", (void *)0x1000);
}

static void vsnprintf_truncation_test(struct ktest *test)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	/* The return value is the length the whole output needs, whatever the buffer. */
	KTEST_EXPECT_EQ(test, snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KTEST_EXPECT_STREQ(test, buf, "0123456");
	KTEST_EXPECT_EQ(test, snprintf(buf, 1, "abc"), 3);
	KTEST_EXPECT_EQ(test, buf[0], '\0');
	buf[0] = 'q';
	KTEST_EXPECT_EQ(test, snprintf(buf, 0, "abc%d", 12345), 8);
	KTEST_EXPECT_EQ(test, buf[0], 'q');		/* size 0 writes nothing */
	/* scnprintf returns what it actually wrote. */
	KTEST_EXPECT_EQ(test, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	KTEST_EXPECT_EQ(test, scnprintf(buf, sizeof(buf), "%d", 12), 2);
}

static void vsnprintf_symbol_test(struct ktest *test)
{
	char buf[128], expect[64];
	unsigned long size;
	char *slash;

	snprintf(buf, sizeof(buf), "%pS", ktest_run_all);
	strscpy(expect, "ktest_run_all+0x0/0x", sizeof(expect));
	KTEST_ASSERT_EQ(test, strncmp(buf, expect, strlen(expect)), 0);
	/* The size after the slash is a real hex number, not empty. */
	slash = strchr(buf, '/');
	KTEST_ASSERT_NOT_NULL(test, slash);
	KTEST_EXPECT_EQ(test, kstrtoul(slash + 1, 0, &size), 0);
	KTEST_EXPECT_GT(test, size, 0);

	snprintf(buf, sizeof(buf), "%pS", (char *)ktest_run_all + 5);
	KTEST_EXPECT_EQ(test, strncmp(buf, "ktest_run_all+0x5/", 18), 0);
	snprintf(buf, sizeof(buf), "%ps", ktest_run_all);
	KTEST_EXPECT_STREQ(test, buf, "ktest_run_all");
}

static void kstrtox_test(struct ktest *test)
{
	unsigned long long ull;
	unsigned long ul;
	unsigned int u;
	long long ll;
	int i;

	KTEST_EXPECT_EQ(test, kstrtoull("12345", 10, &ull), 0);
	KTEST_EXPECT_EQ(test, ull, 12345);
	KTEST_EXPECT_EQ(test, kstrtoull("0x1F", 0, &ull), 0);
	KTEST_EXPECT_EQ(test, ull, 31);
	KTEST_EXPECT_EQ(test, kstrtoull("1f", 16, &ull), 0);
	KTEST_EXPECT_EQ(test, ull, 31);
	KTEST_EXPECT_EQ(test, kstrtoull("017", 0, &ull), 0);
	KTEST_EXPECT_EQ(test, ull, 15);
	KTEST_EXPECT_EQ(test, kstrtoull("0", 0, &ull), 0);
	KTEST_EXPECT_EQ(test, ull, 0);
	KTEST_EXPECT_EQ(test, kstrtoull("18446744073709551615", 10, &ull), 0);
	KTEST_EXPECT_UEQ(test, ull, U64_MAX);
	KTEST_EXPECT_EQ(test, kstrtoul("42\n", 10, &ul), 0);	/* one trailing newline is fine */
	KTEST_EXPECT_EQ(test, ul, 42);

	/* Invalid input never touches the result. */
	ull = 7;
	KTEST_EXPECT_EQ(test, kstrtoull("abc", 10, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("", 10, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("12a", 10, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("0x", 16, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("-1", 10, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("1\n2", 10, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoull("8", 8, &ull), -EINVAL);
	KTEST_EXPECT_EQ(test, ull, 7);

	/* Overflow is -ERANGE, not a wrapped value. */
	KTEST_EXPECT_EQ(test, kstrtoull("18446744073709551616", 10, &ull), -ERANGE);
	KTEST_EXPECT_EQ(test, kstrtouint("4294967296", 10, &u), -ERANGE);
	KTEST_EXPECT_EQ(test, kstrtouint("4294967295", 10, &u), 0);
	KTEST_EXPECT_UEQ(test, u, 4294967295U);

	KTEST_EXPECT_EQ(test, kstrtoint("-2147483648", 10, &i), 0);
	KTEST_EXPECT_EQ(test, i, -2147483647 - 1);
	KTEST_EXPECT_EQ(test, kstrtoint("2147483647", 10, &i), 0);
	KTEST_EXPECT_EQ(test, i, 2147483647);
	KTEST_EXPECT_EQ(test, kstrtoint("2147483648", 10, &i), -ERANGE);
	KTEST_EXPECT_EQ(test, kstrtoint("-2147483649", 10, &i), -ERANGE);
	KTEST_EXPECT_EQ(test, kstrtoint("-+5", 10, &i), -EINVAL);
	KTEST_EXPECT_EQ(test, kstrtoint("+5", 10, &i), 0);
	KTEST_EXPECT_EQ(test, i, 5);
	KTEST_EXPECT_EQ(test, kstrtoll("-9223372036854775808", 10, &ll), 0);
	KTEST_EXPECT_EQ(test, ll, (long long)(U64_MAX >> 1) * -1 - 1);
	KTEST_EXPECT_EQ(test, kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
}

static void bitops_test(struct ktest *test)
{
	unsigned long w = 0;

	KTEST_EXPECT_EQ(test, ffs(0), 0);
	KTEST_EXPECT_EQ(test, ffs(1), 1);
	KTEST_EXPECT_EQ(test, ffs(0x80000000), 32);
	KTEST_EXPECT_EQ(test, fls(0), 0);
	KTEST_EXPECT_EQ(test, fls(1), 1);
	KTEST_EXPECT_EQ(test, fls(0x80000000), 32);
	KTEST_EXPECT_EQ(test, fls64(0), 0);
	KTEST_EXPECT_EQ(test, fls64(1ULL << 63), 64);
	KTEST_EXPECT_EQ(test, __ffs(0x50UL), 4);
	KTEST_EXPECT_EQ(test, __fls(0x50UL), 6);
	KTEST_EXPECT_EQ(test, __ffs(1UL << 63), 63);
	KTEST_EXPECT_EQ(test, ffz(0x7UL), 3);
	KTEST_EXPECT_EQ(test, hweight_long(0), 0);
	KTEST_EXPECT_EQ(test, hweight_long(~0UL), 64);
	KTEST_EXPECT_EQ(test, hweight_long(0xf0f0UL), 8);

	set_bit(3, &w);
	__set_bit(63, &w);
	KTEST_EXPECT_UEQ(test, w, (1UL << 63) | 8);
	KTEST_EXPECT_TRUE(test, test_bit(3, &w));
	KTEST_EXPECT_FALSE(test, test_bit(4, &w));
	clear_bit(3, &w);
	KTEST_EXPECT_FALSE(test, test_bit(3, &w));
	KTEST_EXPECT_FALSE(test, test_and_set_bit(5, &w));
	KTEST_EXPECT_TRUE(test, test_and_set_bit(5, &w));
	KTEST_EXPECT_TRUE(test, test_and_clear_bit(5, &w));
	KTEST_EXPECT_FALSE(test, test_and_clear_bit(5, &w));
	__clear_bit(63, &w);
	KTEST_EXPECT_UEQ(test, w, 0);
	KTEST_EXPECT_UEQ(test, GENMASK(7, 4), 0xf0);
	KTEST_EXPECT_UEQ(test, GENMASK(63, 0), ~0UL);
}

static void bitmap_test(struct ktest *test)
{
	DECLARE_BITMAP(map, 200);
	DECLARE_BITMAP(other, 200);
	unsigned long bit, count = 0, last = 0;

	KTEST_EXPECT_EQ(test, ARRAY_SIZE(map), 4);
	KTEST_EXPECT_EQ(test, BITS_TO_LONGS(64), 1);
	KTEST_EXPECT_EQ(test, BITS_TO_LONGS(65), 2);

	bitmap_zero(map, 200);
	KTEST_EXPECT_TRUE(test, bitmap_empty(map, 200));
	KTEST_EXPECT_EQ(test, find_first_bit(map, 200), 200);
	KTEST_EXPECT_EQ(test, find_first_zero_bit(map, 200), 0);

	__set_bit(0, map);
	__set_bit(63, map);
	__set_bit(64, map);
	__set_bit(199, map);
	KTEST_EXPECT_EQ(test, bitmap_weight(map, 200), 4);
	KTEST_EXPECT_EQ(test, find_first_bit(map, 200), 0);
	KTEST_EXPECT_EQ(test, find_next_bit(map, 200, 1), 63);
	KTEST_EXPECT_EQ(test, find_next_bit(map, 200, 64), 64);
	KTEST_EXPECT_EQ(test, find_next_bit(map, 200, 65), 199);
	KTEST_EXPECT_EQ(test, find_next_bit(map, 199, 65), 199);	/* size bounds the search */
	KTEST_EXPECT_EQ(test, find_next_bit(map, 200, 200), 200);
	KTEST_EXPECT_EQ(test, find_last_bit(map, 200), 199);
	KTEST_EXPECT_EQ(test, find_last_bit(map, 199), 64);
	KTEST_EXPECT_EQ(test, find_first_zero_bit(map, 200), 1);
	KTEST_EXPECT_EQ(test, find_next_zero_bit(map, 200, 63), 65);

	for_each_set_bit(bit, map, 200) {
		KTEST_EXPECT_TRUE(test, count == 0 || bit > last);
		last = bit;
		count++;
	}
	KTEST_EXPECT_EQ(test, count, 4);

	bitmap_fill(map, 200);
	KTEST_EXPECT_TRUE(test, bitmap_full(map, 200));
	KTEST_EXPECT_EQ(test, bitmap_weight(map, 200), 200);	/* bits past 200 not counted */
	KTEST_EXPECT_EQ(test, find_first_zero_bit(map, 200), 200);

	bitmap_zero(map, 200);
	bitmap_set(map, 60, 10);
	KTEST_EXPECT_EQ(test, bitmap_weight(map, 200), 10);
	KTEST_EXPECT_EQ(test, find_first_bit(map, 200), 60);
	KTEST_EXPECT_EQ(test, find_next_zero_bit(map, 200, 60), 70);
	bitmap_clear(map, 62, 3);
	KTEST_EXPECT_EQ(test, bitmap_weight(map, 200), 7);
	KTEST_EXPECT_EQ(test, find_next_zero_bit(map, 200, 60), 62);
	KTEST_EXPECT_EQ(test, bitmap_find_next_zero_area(map, 200, 55, 4), 55);
	KTEST_EXPECT_EQ(test, bitmap_find_next_zero_area(map, 200, 58, 4), 70);
	KTEST_EXPECT_GE(test, bitmap_find_next_zero_area(map, 200, 198, 4), 200);

	bitmap_copy(other, map, 200);
	KTEST_EXPECT_TRUE(test, bitmap_equal(map, other, 200));
	__change_bit(150, other);
	KTEST_EXPECT_FALSE(test, bitmap_equal(map, other, 200));
}

/* A tree of keyed nodes and a checker of every red-black rule. */
struct rb_item {
	struct rb_node node;
	u32 key;
};

#define RB_ITEMS	1000

static struct rb_item rb_items[RB_ITEMS];

static void rb_insert_item(struct rb_root_cached *root, struct rb_item *item)
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (item->key < rb_entry(parent, struct rb_item, node)->key) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&item->node, parent, link);
	rb_insert_color_cached(&item->node, root, leftmost);
}

/* Returns the black height of the subtree, or -1 (after reporting) if a rule is broken. */
static int rb_check(struct ktest *test, const struct rb_node *n, const struct rb_node *parent,
		    u32 lo, u32 hi, unsigned int *count)
{
	const struct rb_item *item;
	int lh, rh;

	if (!n)
		return 1;
	item = rb_entry(n, struct rb_item, node);
	(*count)++;
	if (rb_parent(n) != parent || item->key < lo || item->key > hi) {
		KTEST_FAIL(test, "node %u: wrong parent or out of order", item->key);
		return -1;
	}
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right)))) {
		KTEST_FAIL(test, "red node %u has a red child", item->key);
		return -1;
	}
	lh = rb_check(test, n->rb_left, n, lo, item->key, count);
	rh = rb_check(test, n->rb_right, n, item->key, hi, count);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		KTEST_FAIL(test, "node %u: black heights %d and %d differ", item->key, lh, rh);
		return -1;
	}
	return lh + rb_is_black(n);
}

static void rb_validate(struct ktest *test, const struct rb_root_cached *root,
			unsigned int expect_nodes)
{
	const struct rb_node *top = root->rb_root.rb_node;
	unsigned int count = 0;
	int height;

	if (top)
		KTEST_EXPECT_TRUE(test, rb_is_black(top));
	height = rb_check(test, top, NULL, 0, 0xffffffffU, &count);
	KTEST_EXPECT_GT(test, height, 0);
	KTEST_EXPECT_EQ(test, count, expect_nodes);
	KTEST_EXPECT_PTR_EQ(test, rb_first_cached(root), rb_first(&root->rb_root));
}

/* A small linear congruential generator: the same "random" keys every boot. */
static u32 lcg_next(u32 *state)
{
	*state = *state * 1103515245 + 12345;
	return (*state >> 8) & 0xfffff;
}

static void rbtree_test(struct ktest *test)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct rb_node *n;
	u32 seed = 1, prev = 0;
	unsigned int i, walked = 0;

	KTEST_EXPECT_NULL(test, rb_first(&root.rb_root));
	KTEST_EXPECT_NULL(test, rb_last(&root.rb_root));
	for (i = 0; i < RB_ITEMS; i++) {
		rb_items[i].key = lcg_next(&seed);
		rb_insert_item(&root, &rb_items[i]);
	}
	rb_validate(test, &root, RB_ITEMS);

	/* In-order walk: ascending keys, every node seen once. */
	for (n = rb_first(&root.rb_root); n; n = rb_next(n)) {
		u32 key = rb_entry(n, struct rb_item, node)->key;

		if (walked)
			KTEST_ASSERT_LE(test, prev, key);
		prev = key;
		walked++;
	}
	KTEST_EXPECT_EQ(test, walked, RB_ITEMS);
	/* And backwards. */
	walked = 0;
	for (n = rb_last(&root.rb_root); n; n = rb_prev(n)) {
		u32 key = rb_entry(n, struct rb_item, node)->key;

		if (walked)
			KTEST_ASSERT_GE(test, prev, key);
		prev = key;
		walked++;
	}
	KTEST_EXPECT_EQ(test, walked, RB_ITEMS);

	/* Erase every other node (the leftmost among them), checking the cache follows. */
	for (i = 0; i < RB_ITEMS; i += 2) {
		rb_erase_cached(&rb_items[i].node, &root);
		RB_CLEAR_NODE(&rb_items[i].node);
	}
	rb_validate(test, &root, RB_ITEMS / 2);
	KTEST_EXPECT_TRUE(test, RB_EMPTY_NODE(&rb_items[0].node));
	KTEST_EXPECT_NULL(test, rb_next(&rb_items[0].node));

	for (i = 1; i < RB_ITEMS; i += 2)
		rb_erase_cached(&rb_items[i].node, &root);
	KTEST_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root.rb_root));
	KTEST_EXPECT_NULL(test, rb_first_cached(&root));
}

static bool rb_item_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct rb_item, node)->key < rb_entry(b, struct rb_item, node)->key;
}

static int rb_item_cmp(const void *key, const struct rb_node *n)
{
	u32 k = *(const u32 *)key, nk = rb_entry(n, struct rb_item, node)->key;

	return k < nk ? -1 : k > nk;
}

static void rbtree_cached_test(struct ktest *test)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	static struct rb_item items[64];
	struct rb_item spare = { .key = 0 };
	u32 key;
	unsigned int i;

	/* Descending inserts: every one is the new leftmost. */
	for (i = 0; i < ARRAY_SIZE(items); i++) {
		items[i].key = 1000 - i;
		KTEST_EXPECT_PTR_EQ(test, rb_add_cached(&items[i].node, &root, rb_item_less),
				    &items[i].node);
	}
	rb_validate(test, &root, ARRAY_SIZE(items));
	KTEST_EXPECT_PTR_EQ(test, rb_first_cached(&root), &items[63].node);
	/* Erasing the leftmost hands back the next smallest. */
	KTEST_EXPECT_PTR_EQ(test, rb_erase_cached(&items[63].node, &root), &items[62].node);
	KTEST_EXPECT_NULL(test, rb_erase_cached(&items[0].node, &root));
	KTEST_EXPECT_PTR_EQ(test, rb_last(&root.rb_root), &items[1].node);

	key = 990;
	KTEST_EXPECT_PTR_EQ(test, rb_find(&key, &root.rb_root, rb_item_cmp), &items[10].node);
	key = 5;
	KTEST_EXPECT_NULL(test, rb_find(&key, &root.rb_root, rb_item_cmp));

	spare.key = items[20].key;
	rb_replace_node(&items[20].node, &spare.node, &root.rb_root);
	key = spare.key;
	KTEST_EXPECT_PTR_EQ(test, rb_find(&key, &root.rb_root, rb_item_cmp), &spare.node);
	rb_validate(test, &root, ARRAY_SIZE(items) - 2);
}

struct list_item {
	struct list_head list;
	int v;
};

/* The list's values front to back, as a string, e.g. "1 2 3". */
static const char *list_str(struct list_head *head, char *buf, size_t size)
{
	struct list_item *it;
	size_t len = 0;

	buf[0] = '\0';
	list_for_each_entry(it, head, list)
		len += scnprintf(buf + len, size - len, len ? " %d" : "%d", it->v);
	return buf;
}

static void list_test(struct ktest *test)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct list_item items[6], *it, *tmp;
	char buf[64];
	int i, sum = 0;

	KTEST_EXPECT_TRUE(test, list_empty(&a));
	for (i = 0; i < 6; i++)
		items[i].v = i;
	list_add_tail(&items[1].list, &a);
	list_add_tail(&items[2].list, &a);
	list_add(&items[0].list, &a);
	KTEST_EXPECT_STREQ(test, list_str(&a, buf, sizeof(buf)), "0 1 2");
	KTEST_EXPECT_PTR_EQ(test, list_first_entry(&a, struct list_item, list), &items[0]);
	KTEST_EXPECT_PTR_EQ(test, list_last_entry(&a, struct list_item, list), &items[2]);

	list_del(&items[1].list);
	KTEST_EXPECT_STREQ(test, list_str(&a, buf, sizeof(buf)), "0 2");
	KTEST_EXPECT_PTR_EQ(test, items[1].list.next, LIST_POISON1);

	list_add_tail(&items[3].list, &b);
	list_add_tail(&items[4].list, &b);
	list_move(&items[2].list, &b);			/* to b's front */
	KTEST_EXPECT_STREQ(test, list_str(&a, buf, sizeof(buf)), "0");
	KTEST_EXPECT_STREQ(test, list_str(&b, buf, sizeof(buf)), "2 3 4");
	list_move_tail(&items[0].list, &b);
	KTEST_EXPECT_TRUE(test, list_empty(&a));
	KTEST_EXPECT_STREQ(test, list_str(&b, buf, sizeof(buf)), "2 3 4 0");

	list_add(&items[5].list, &a);
	KTEST_EXPECT_TRUE(test, list_is_singular(&a));
	list_splice_tail_init(&b, &a);
	KTEST_EXPECT_TRUE(test, list_empty(&b));
	KTEST_EXPECT_STREQ(test, list_str(&a, buf, sizeof(buf)), "5 2 3 4 0");

	/* The _safe walk survives deleting the entry it stands on. */
	list_for_each_entry_safe(it, tmp, &a, list) {
		sum += it->v;
		if (it->v % 2)
			list_del_init(&it->list);
	}
	KTEST_EXPECT_EQ(test, sum, 14);
	KTEST_EXPECT_STREQ(test, list_str(&a, buf, sizeof(buf)), "2 4 0");
	KTEST_EXPECT_TRUE(test, list_empty(&items[5].list));	/* del_init: points at itself */
}

static struct ktest_case lib_test_cases[] = {
	KTEST_CASE(string_mem_test),
	KTEST_CASE(string_memmove_test),
	KTEST_CASE(string_str_test),
	KTEST_CASE(string_strscpy_test),
	KTEST_CASE(string_strscpy_words_test),
	KTEST_CASE(string_strscpy_page_end_test),
	KTEST_CASE(string_glob_test),
	KTEST_CASE(vsnprintf_int_test),
	KTEST_CASE(vsnprintf_flags_test),
	KTEST_CASE(vsnprintf_str_test),
	KTEST_CASE(vsnprintf_truncation_test),
	KTEST_CASE(vsnprintf_symbol_test),
	KTEST_CASE(kstrtox_test),
	KTEST_CASE(bitops_test),
	KTEST_CASE(bitmap_test),
	KTEST_CASE(rbtree_test),
	KTEST_CASE(rbtree_cached_test),
	KTEST_CASE(list_test),
	{}
};

static struct ktest_suite lib_test_suite = {
	.name = "lib",
	.cases = lib_test_cases,
};
ktest_register_suite(lib_test_suite);
