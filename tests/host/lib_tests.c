/* Host unit tests of lib/ under ASan and UBSan: edge cases at buffer boundaries (where an
 * off-by-one becomes a sanitizer report), vsnprintf against hand-worked strings, and bitmaps and
 * red-black trees checked against simple models over thousands of pseudo-random operations. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/bitmap.h>
#include <linux/rbtree.h>
#include <linux/list.h>
#include <linux/sort.h>
#include "host_test.h"

/* vsprintf's %pS asks the kernel's kallsyms; here one known function stands in for the table. */
static void known_function(void)
{
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long start = (unsigned long)known_function;

	if (addr >= start && addr < start + 0x10)
		return scnprintf(buf, size, "known_function+0x%lx/0x10", addr - start);
	return scnprintf(buf, size, "0x%lx", addr);
}

/* %pB: the kernel's looks up addr - 1 and prints the offset of addr. */
int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	unsigned long start = (unsigned long)known_function;

	if (addr - 1 >= start && addr - 1 < start + 0x10)
		return scnprintf(buf, size, "known_function+0x%lx/0x10", addr - start);
	return scnprintf(buf, size, "0x%lx", addr);
}

#define CHECK_FMT(expect, fmt, ...) do {					\
	char __b[80];								\
	int __n = snprintf(__b, sizeof(__b), fmt, ##__VA_ARGS__);		\
	CHECK_STR(__b, expect);							\
	CHECK_EQ(__n, strlen(expect));						\
} while (0)

static void test_mem(void)
{
	char buf[10], ref[10];

	for (int i = 0; i < 10; i++)
		ref[i] = (char)('0' + i);
	/* Every overlap distance, both directions, against a copy made through a scratch buffer. */
	for (int d = 0; d < 10; d++) {
		for (int s = 0; s < 10; s++) {
			int n = 10 - (d > s ? d : s);
			char expect[10];

			memcpy(buf, ref, 10);
			memcpy(expect, ref, 10);
			for (int i = 0; i < n; i++)
				expect[d + i] = ref[s + i];
			memmove(buf + d, buf + s, n);
			CHECK_EQ(memcmp(buf, expect, 10), 0);
		}
	}
	memset(buf, 0xab, sizeof(buf));
	CHECK_EQ((unsigned char)buf[9], 0xab);
	CHECK(memchr(buf, 0xab, 10) == buf);
	CHECK(memchr(buf, 0, 10) == NULL);
	CHECK(memcmp("\x01", "\xff", 1) < 0);
}

static void test_strings(void)
{
	char buf[6];

	CHECK_EQ(strscpy(buf, "hello", sizeof(buf)), 5);
	CHECK_STR(buf, "hello");
	CHECK_EQ(strscpy(buf, "hello!", sizeof(buf)), -E2BIG);
	CHECK_STR(buf, "hello");
	CHECK_EQ(strscpy(buf, "", sizeof(buf)), 0);
	CHECK_STR(buf, "");
	CHECK_EQ(strscpy(buf, "x", 1), -E2BIG);
	CHECK_STR(buf, "");

	strscpy(buf, "ab", sizeof(buf));
	CHECK_EQ(strlcat(buf, "cde", sizeof(buf)), 5);
	CHECK_STR(buf, "abcde");
	CHECK_EQ(strlcat(buf, "f", sizeof(buf)), 6);
	CHECK_STR(buf, "abcde");

	CHECK_EQ(strnlen("abc", 2), 2);
	CHECK(strcmp("a", "b") < 0);
	CHECK(strncmp("ab", "ac", 1) == 0);
	CHECK(strstr("aaab", "aab") != NULL);
	CHECK(strrchr("a/b/c", '/') != NULL && strrchr("a/b/c", '/')[1] == 'c');

	CHECK(glob_match("*", ""));
	CHECK(glob_match("a*c", "abbbc"));
	CHECK(!glob_match("a*c", "abbbd"));
	CHECK(glob_match("*a*a*a", "aaaa"));
	CHECK(!glob_match("?", ""));
	CHECK(glob_match("kthread_*", "kthread_park"));

	CHECK_EQ(strspn("/proc/1", "/"), 1);
	CHECK_EQ(strcspn("proc/1", "/"), 4);
	CHECK_EQ(strcspn("proc", "/"), 4);
	{
		char list[] = "1,,22", *p = list;

		CHECK_STR(strsep(&p, ","), "1");
		CHECK_STR(strsep(&p, ","), "");
		CHECK_STR(strsep(&p, ","), "22");
		CHECK(p == NULL && strsep(&p, ",") == NULL);
	}
}

/* strscpy()'s WARN_ON_ONCE() for a size above INT_MAX lands here. */
static int warnings;

void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	warnings++;
}

/* Bytes that has_zero() could take for a zero if it were wrong: high bits set, 0x01 and 0x7f. */
static const unsigned char strscpy_bytes[] = { 0x01, 0x80, 0xff, 'a', 0x7f, 0xfe, 0x81, 'z' };

/*
 * One strscpy(dest, src, count) against what it must do: the return value, the copy and its
 * terminator, zeros or untouched bytes between the terminator and dest[count - 1] (the word
 * holding the terminator is stored whole), and nothing written outside dest[0..count - 1].
 * dest has 8 bytes before it and 8 after count that must keep their 0x5a.
 */
static void check_strscpy(char *dest, const char *src, size_t count)
{
	size_t len = strlen(src), n = len < count ? len : count - 1;
	long expect = count && len < count ? (long)len : -E2BIG;

	memset(dest - 8, 0x5a, count + 16);
	CHECK_EQ(strscpy(dest, src, count), expect);
	for (size_t i = 0; i < 8; i++) {
		CHECK_EQ((unsigned char)dest[(long)i - 8], 0x5a);
		CHECK_EQ((unsigned char)dest[count + i], 0x5a);
	}
	if (!count)
		return;
	CHECK_EQ(memcmp(dest, src, n), 0);
	CHECK_EQ(dest[n], 0);
	for (size_t i = n + 1; i < count; i++)
		CHECK(dest[i] == 0 || (unsigned char)dest[i] == 0x5a);
}

static void test_strscpy(void)
{
	char sbuf[48] __attribute__((aligned(8))), dbuf[56] __attribute__((aligned(8)));
	char *page = host_guarded_page(), *end = page + 4096;

	/* Every length 0..17 (word boundaries at 8 and 16) from every source and destination
	 * alignment, into buffers shorter than, exactly fitting and longer than the string. Bytes
	 * after the terminator are nonzero, so reading on past it cannot end a copy early. */
	for (size_t len = 0; len <= 17; len++) {
		for (size_t soff = 0; soff < 8; soff++) {
			memset(sbuf, '#', sizeof(sbuf));
			for (size_t i = 0; i < len; i++)
				sbuf[soff + i] = strscpy_bytes[(i + soff) % sizeof(strscpy_bytes)];
			sbuf[soff + len] = '\0';
			for (size_t doff = 0; doff < 8; doff++)
				for (size_t count = 0; count <= 20; count++)
					check_strscpy(dbuf + 8 + doff, sbuf + soff, count);
		}
	}

	/* The string's terminator is the last byte of a page whose next page faults: the word
	 * loop has to stop at the page end, whatever the size allows. */
	for (size_t len = 0; len <= 17; len++) {
		char *src = end - len - 1;

		memset(src, 'p', len);
		src[len] = '\0';
		check_strscpy(dbuf + 8, src, 32);
		check_strscpy(dbuf + 8, src, len + 1);
		check_strscpy(dbuf + 8, src, len);
	}
	/* An unterminated source that ends at the page end, with a size that stops there. */
	for (size_t count = 1; count <= 17; count++) {
		memset(end - count, 'q', count);
		CHECK_EQ(strscpy(dbuf + 8, end - count, count), -E2BIG);
		CHECK_EQ(strnlen(dbuf + 8, count), count - 1);
	}
	/* The destination ends at the page end: nothing is written past dest[count - 1]. */
	for (size_t count = 1; count <= 17; count++) {
		const char *digits = "0123456789abcdefghij";

		CHECK_EQ(strscpy(end - count, digits, count), -E2BIG);
		CHECK_EQ(memcmp(end - count, digits, count - 1), 0);
		CHECK_EQ(end[-1], 0);
		/* the last count - 1 digits: an exact fit */
		CHECK_EQ(strscpy(end - count, digits + 21 - count, count), (long)count - 1);
	}

	/* A size no real buffer has is refused, with one warning. */
	CHECK_EQ(strscpy(dbuf, "abc", (size_t)INT_MAX + 1), -E2BIG);
	CHECK_EQ(strscpy(dbuf, "abc", ~0ul), -E2BIG);
	CHECK_EQ(warnings, 1);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void test_sort(void)
{
	int v[] = { 5, 1, 4, 1, 9, 2, 6, 5, 3 }, sorted[] = { 1, 1, 2, 3, 4, 5, 5, 6, 9 };
	int one[] = { 7 };

	sort(v, 9, sizeof(int), cmp_int, NULL);
	for (int i = 0; i < 9; i++)
		CHECK_EQ(v[i], sorted[i]);
	sort(one, 1, sizeof(int), cmp_int, NULL);
	CHECK_EQ(one[0], 7);
	sort(NULL, 0, sizeof(int), cmp_int, NULL);
}

static void test_vsnprintf(void)
{
	const char *volatile null_str = NULL;
	char small[4];

	CHECK_FMT("-9223372036854775808", "%lld", -9223372036854775807LL - 1);
	CHECK_FMT("9223372036854775807", "%ld", 9223372036854775807L);
	CHECK_FMT("18446744073709551615", "%lu", ~0UL);
	CHECK_FMT("1777777777777777777777", "%lo", ~0UL);
	CHECK_FMT("-2147483648", "%d", -2147483647 - 1);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT("-000012", "%07d", -12);
	CHECK_FMT("-12    |", "%-7d|", -12);
	CHECK_FMT("0x0000ff", "%#08x", 255);
	CHECK_FMT("   -00012", "%9.5d", -12);
	CHECK_FMT("abc", "%.*s", 3, "abcdef");
	CHECK_FMT("(null)", "%s", null_str);
	CHECK_FMT("0x0000000000000000", "%p", NULL);
	CHECK_FMT("0x00000000deadbeef  |", "%-20p|", (void *)0xdeadbeefUL);
	CHECK_FMT("known_function+0x4/0x10", "%pS", (char *)known_function + 4);
	CHECK_FMT("known_function", "%ps", known_function);
	/* A return address just past the function's end still names it. */
	CHECK_FMT("known_function+0x10/0x10", "%pB", (char *)known_function + 0x10);

	/* Truncation at every buffer size: always terminated, never past the end, and the return
	 * value is the full length. */
	for (size_t n = 0; n <= sizeof(small); n++) {
		char *heap = __builtin_alloca(n ? n : 1);

		CHECK_EQ(snprintf(heap, n, "%d-%s", 123, "xyz"), 7);
		if (n)
			CHECK_EQ(strlen(heap), n - 1);
	}
	CHECK_EQ(scnprintf(small, sizeof(small), "%s", "abcdef"), 3);
	CHECK_EQ(scnprintf(small, 0, "%s", "abcdef"), 0);
}

static void test_kstrtox(void)
{
	unsigned long long ull = 99;
	long long ll;
	unsigned int u;
	int i;

	CHECK_EQ(kstrtoull("0x10", 0, &ull), 0);
	CHECK_EQ(ull, 16);
	CHECK_EQ(kstrtoull("010", 0, &ull), 0);
	CHECK_EQ(ull, 8);
	CHECK_EQ(kstrtoull("Z", 36, &ull), 0);
	CHECK_EQ(ull, 35);
	CHECK_EQ(kstrtoull("1", 37, &ull), -EINVAL);
	CHECK_EQ(kstrtoull("abc", 10, &ull), -EINVAL);
	CHECK_EQ(kstrtoull("\n", 10, &ull), -EINVAL);
	CHECK_EQ(kstrtoull("5\n\n", 10, &ull), -EINVAL);
	CHECK_EQ(kstrtoull("99999999999999999999", 10, &ull), -ERANGE);
	CHECK_EQ(kstrtoull("0xffffffffffffffff", 0, &ull), 0);
	CHECK(ull == ~0ULL);
	CHECK_EQ(kstrtoull("0x10000000000000000", 0, &ull), -ERANGE);
	CHECK_EQ(kstrtoll("-9223372036854775809", 10, &ll), -ERANGE);
	CHECK_EQ(kstrtoll("-9223372036854775808", 10, &ll), 0);
	CHECK(ll == -9223372036854775807LL - 1);
	CHECK_EQ(kstrtoint("-0", 10, &i), 0);
	CHECK_EQ(i, 0);
	CHECK_EQ(kstrtoint("--1", 10, &i), -EINVAL);
	CHECK_EQ(kstrtouint("-1", 10, &u), -EINVAL);
}

/* Bitmaps against a model of one bool per bit. */
static void test_bitmap(void)
{
	enum { NBITS = 333 };
	DECLARE_BITMAP(map, NBITS);
	bool model[NBITS] = { false };

	bitmap_zero(map, NBITS);
	for (int round = 0; round < 2000; round++) {
		unsigned long a = host_rand() % NBITS, b = host_rand() % NBITS, expect;
		unsigned int weight = 0;
		int op = host_rand() % 4;

		if (op == 0) {
			set_bit(a, map);
			model[a] = true;
		} else if (op == 1) {
			__clear_bit(a, map);
			model[a] = false;
		} else {
			unsigned int start = a < b ? a : b, len = (a < b ? b - a : a - b) % 70;

			if (op == 2)
				bitmap_set(map, start, len);
			else
				bitmap_clear(map, start, len);
			for (unsigned int i = start; i < start + len; i++)
				model[i] = op == 2;
		}
		for (expect = a; expect < NBITS && !model[expect]; expect++)
			;
		CHECK_EQ(find_next_bit(map, NBITS, a), expect);
		for (expect = a; expect < NBITS && model[expect]; expect++)
			;
		CHECK_EQ(find_next_zero_bit(map, NBITS, a), expect);
		for (expect = NBITS; expect > 0 && !model[expect - 1]; expect--)
			;
		CHECK_EQ(find_last_bit(map, NBITS), expect ? expect - 1 : NBITS);
		for (int i = 0; i < NBITS; i++) {
			weight += model[i];
			if (test_bit(i, map) != model[i]) {
				CHECK_EQ(test_bit(i, map), model[i]);
				return;
			}
		}
		CHECK_EQ(bitmap_weight(map, NBITS), weight);
	}
	bitmap_fill(map, NBITS);
	CHECK(bitmap_full(map, NBITS));
	CHECK_EQ(bitmap_weight(map, NBITS), NBITS);
	CHECK_EQ(find_next_bit(map, NBITS, NBITS), NBITS);
}

/* Red-black trees: random inserts and erases, every rule checked against a model array. */
struct item {
	struct rb_node node;
	unsigned int key;
	bool in_tree;
};

#define NITEMS 3000
static struct item items[NITEMS];

static int check_subtree(const struct rb_node *n, const struct rb_node *parent,
			 unsigned int lo, unsigned int hi, int *count)
{
	const struct item *it;
	int lh, rh;

	if (!n)
		return 1;
	it = rb_entry(n, struct item, node);
	(*count)++;
	if (rb_parent(n) != parent || it->key < lo || it->key > hi)
		return -1;
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right))))
		return -1;
	lh = check_subtree(n->rb_left, n, lo, it->key, count);
	rh = check_subtree(n->rb_right, n, it->key, hi, count);
	if (lh < 0 || rh < 0 || lh != rh)
		return -1;
	return lh + rb_is_black(n);
}

static bool item_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key < rb_entry(b, struct item, node)->key;
}

static void test_rbtree(void)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	int in_tree = 0;

	for (int i = 0; i < NITEMS; i++) {
		items[i].key = host_rand() % 5000;
		RB_CLEAR_NODE(&items[i].node);
	}
	for (int round = 0; round < 20000; round++) {
		struct item *it = &items[host_rand() % NITEMS];

		if (it->in_tree) {
			rb_erase_cached(&it->node, &root);
			RB_CLEAR_NODE(&it->node);
			in_tree--;
		} else {
			rb_add_cached(&it->node, &root, item_less);
			in_tree++;
		}
		it->in_tree = !it->in_tree;
		if (round % 500 == 0 || round > 19990) {
			const struct rb_node *top = root.rb_root.rb_node, *n;
			unsigned int min_key = ~0U, prev = 0;
			int count = 0, walked = 0;

			CHECK(!top || rb_is_black(top));
			CHECK(check_subtree(top, NULL, 0, ~0U, &count) > 0);
			CHECK_EQ(count, in_tree);
			for (int i = 0; i < NITEMS; i++)
				if (items[i].in_tree && items[i].key < min_key)
					min_key = items[i].key;
			if (in_tree)
				CHECK_EQ(rb_entry(rb_first_cached(&root), struct item, node)->key,
					 min_key);
			else
				CHECK(rb_first_cached(&root) == NULL);
			CHECK(rb_first_cached(&root) == rb_first(&root.rb_root));
			for (n = rb_last(&root.rb_root); n; n = rb_prev(n), walked++) {
				unsigned int k = rb_entry(n, struct item, node)->key;

				CHECK(!walked || k <= prev);
				prev = k;
			}
			CHECK_EQ(walked, in_tree);
		}
	}
}

struct entry {
	struct list_head list;
	int v;
};

static void test_list(void)
{
	LIST_HEAD(head);
	LIST_HEAD(other);
	struct entry e[8], *pos, *n;
	int expect = 0;

	for (int i = 0; i < 8; i++) {
		e[i].v = i;
		list_add_tail(&e[i].list, i < 4 ? &head : &other);
	}
	list_splice_tail_init(&other, &head);
	CHECK(list_empty(&other));
	list_for_each_entry(pos, &head, list)
		CHECK_EQ(pos->v, expect++);
	CHECK_EQ(expect, 8);
	list_for_each_entry_safe(pos, n, &head, list)
		list_del(&pos->list);
	CHECK(list_empty(&head));
}

const struct host_test host_tests[] = {
	{ "mem", test_mem },
	{ "strings", test_strings },
	{ "strscpy", test_strscpy },
	{ "sort", test_sort },
	{ "vsnprintf", test_vsnprintf },
	{ "kstrtox", test_kstrtox },
	{ "bitmap", test_bitmap },
	{ "rbtree", test_rbtree },
	{ "list", test_list },
	{ NULL, NULL }
};
