/* Self-tests for fault injection (mm/failslab.c) and for the allocating string helpers that
 * must survive it: kasprintf, kvasprintf, kstrdup, kstrndup and kmemdup. */
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <ktest.h>

#define GFP_TEST	(GFP_KERNEL | __GFP_NOWARN)

static const size_t kmalloc_classes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
	131072,
};

static struct {
	unsigned long pages;		/* free pages + kernel page-table pages, as mm_test counts */
	unsigned long objects;
	unsigned long slab_pages;
} baseline;

/* Free pages, counting the slab caches' empty slabs (min_partial) as free: shrunk first. */
static unsigned long pages_accounted(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

static int failslab_test_init(struct ktest *test)
{
	fault_inject_reset();
	baseline.pages = pages_accounted();
	baseline.objects = slab_objects_in_use();
	baseline.slab_pages = nr_slab_pages();
	return 0;
}

/* Disarm first: a case that ended on a failed ASSERT may have left injection armed. */
static void failslab_test_exit(struct ktest *test)
{
	fault_inject_reset();
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), baseline.objects);
	KTEST_EXPECT_EQ(test, nr_slab_pages(), baseline.slab_pages);
}

static void times_one_fails_each_class_once(struct ktest *test)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_classes); i++) {
		size_t size = kmalloc_classes[i];
		void *p;

		fault_inject_slab(1, 1);
		KTEST_EXPECT_TRUE(test, failslab_armed);
		KTEST_EXPECT_NULL(test, kmalloc(size, GFP_TEST));
		KTEST_EXPECT_EQ(test, failslab_injected(), 1);
		/* The one failure is used up, and with it the hot-path flag. */
		KTEST_EXPECT_FALSE(test, failslab_armed);
		p = kmalloc(size, GFP_TEST);
		KTEST_EXPECT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ(test, failslab_injected(), 1);
		kfree(p);
	}
}

static void kmem_cache_alloc_fails_once(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("failslab_test", 40, 0, 0, NULL);
	void *obj;

	KTEST_ASSERT_NOT_NULL(test, s);
	fault_inject_slab(1, 1);
	KTEST_EXPECT_NULL(test, kmem_cache_alloc(s, GFP_TEST));
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(s), 0);
	obj = kmem_cache_zalloc(s, GFP_TEST);
	KTEST_EXPECT_NOT_NULL(test, obj);
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
}

static void interval_three_fails_every_third(struct ktest *test)
{
	void *p[30];
	unsigned int failed = 0;

	fault_inject_slab(-1, 3);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(48, GFP_TEST);
		/* Calls 3, 6, ..., 30 (i = 2, 5, ..., 29) fail; every other one succeeds. */
		KTEST_EXPECT_EQ(test, p[i] == NULL, (i + 1) % 3 == 0);
		failed += !p[i];
	}
	fault_inject_reset();
	KTEST_EXPECT_EQ(test, failed, 10);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
}

static void page_injection_fails_alloc_pages(struct ktest *test)
{
	struct page *page;

	fault_inject_pages(1, 1);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, 0));
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), 1);
	KTEST_EXPECT_FALSE(test, fail_page_alloc_armed);
	page = alloc_pages(GFP_TEST, 3);
	KTEST_EXPECT_NOT_NULL(test, page);
	if (page)
		__free_pages(page, 3);

	fault_inject_pages(2, 1);
	KTEST_EXPECT_EQ(test, __get_free_pages(GFP_TEST, 1), 0);
	KTEST_EXPECT_EQ(test, get_zeroed_page(GFP_TEST), 0);
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), 2);
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);
}

/* A failure part-way through vmalloc must hand back the pages it had already mapped. */
static void page_injection_fails_vmalloc_cleanly(struct ktest *test)
{
	void *v;

	fault_inject_pages(1, 3);
	KTEST_EXPECT_NULL(test, vmalloc(8 * PAGE_SIZE));
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), 1);
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), baseline.objects);

	fault_inject_pages(-1, 1);
	KTEST_EXPECT_NULL(test, vzalloc(PAGE_SIZE));
	fault_inject_reset();
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);

	v = vmalloc(8 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, v);
	memset(v, 0x5a, 8 * PAGE_SIZE);
	vfree(v);
}

static char *format_name(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return s;
}

static void kasprintf_formats_and_fails(struct ktest *test)
{
	const char *long_name = "kthread_with_a_name_longer_than_comm/%d";
	char *s;

	s = kasprintf(GFP_TEST, "kworker/%u:%d", 3u, 1);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "kworker/3:1");
	KTEST_EXPECT_UEQ(test, ksize(s), 16);
	kfree(s);

	/* Longer than a task's 15-character comm: the whole name must survive. */
	s = format_name(GFP_TEST, long_name, 7);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "kthread_with_a_name_longer_than_comm/7");
	KTEST_EXPECT_UEQ(test, strlen(s), 38);
	kfree(s);

	s = kasprintf(GFP_TEST, "%s", "");
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "");
	kfree(s);

	fault_inject_slab(1, 1);
	KTEST_EXPECT_NULL(test, kasprintf(GFP_TEST, "kworker/%u:%d", 0u, 0));
	fault_inject_slab(1, 1);
	KTEST_EXPECT_NULL(test, format_name(GFP_TEST, long_name, 1));
	KTEST_EXPECT_EQ(test, failslab_injected(), 1);
}

static void kstrdup_kmemdup_copy_and_fail(struct ktest *test)
{
	static const u8 bytes[5] = { 1, 0, 2, 0, 3 };
	char *s;
	u8 *m;

	s = kstrdup("migration/12", GFP_TEST);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "migration/12");
	kfree(s);
	KTEST_EXPECT_NULL(test, kstrdup(NULL, GFP_TEST));

	s = kstrndup("ksoftirqd/0", 5, GFP_TEST);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "ksoft");
	kfree(s);
	s = kstrndup("cpuhp", 64, GFP_TEST);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_STREQ(test, s, "cpuhp");
	kfree(s);

	m = kmemdup(bytes, sizeof(bytes), GFP_TEST);
	KTEST_ASSERT_NOT_NULL(test, m);
	KTEST_EXPECT_EQ(test, memcmp(m, bytes, sizeof(bytes)), 0);
	kfree(m);

	fault_inject_slab(3, 1);
	KTEST_EXPECT_NULL(test, kstrdup("kthreadd", GFP_TEST));
	KTEST_EXPECT_NULL(test, kstrndup("kthreadd", 4, GFP_TEST));
	KTEST_EXPECT_NULL(test, kmemdup(bytes, sizeof(bytes), GFP_TEST));
	KTEST_EXPECT_EQ(test, failslab_injected(), 3);
	KTEST_EXPECT_FALSE(test, failslab_armed);
}

static void reset_disarms(struct ktest *test)
{
	struct page *page;
	void *p;

	fault_inject_slab(-1, 1);
	fault_inject_pages(-1, 1);
	KTEST_EXPECT_NULL(test, kmalloc(64, GFP_TEST));
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, 0));
	KTEST_EXPECT_EQ(test, failslab_injected(), 1);
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), 1);

	fault_inject_reset();
	KTEST_EXPECT_FALSE(test, failslab_armed);
	KTEST_EXPECT_FALSE(test, fail_page_alloc_armed);
	for (int i = 0; i < 10; i++) {
		p = kmalloc(64, GFP_TEST);
		page = alloc_pages(GFP_TEST, 0);
		KTEST_EXPECT_NOT_NULL(test, p);
		KTEST_EXPECT_NOT_NULL(test, page);
		kfree(p);
		if (page)
			__free_pages(page, 0);
	}
	KTEST_EXPECT_EQ(test, failslab_injected(), 0);
	KTEST_EXPECT_EQ(test, fail_page_alloc_injected(), 0);

	/* times == 0 arms nothing. */
	fault_inject_slab(0, 1);
	KTEST_EXPECT_FALSE(test, failslab_armed);
}

static unsigned int count_lines(const char *from, const char *to, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(from, needle); p && p < to; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * With __GFP_NOWARN an injected failure is silent; without it each failure is one line: the
 * injection's own for kmalloc and alloc_pages, vmalloc's "out of memory" for vmalloc (which
 * asks for its pages with __GFP_NOWARN and reports the failure itself).
 */
static void injected_failure_warns_once_unless_nowarn(struct ktest *test)
{
	static char log[2048];
	const char *a, *b;
	size_t n;

	pr_info("failslab-test: quiet from here\n");
	fault_inject_slab(1, 1);
	KTEST_EXPECT_NULL(test, kmalloc(64, GFP_TEST));
	fault_inject_pages(1, 1);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, 0));
	fault_inject_pages(1, 1);
	KTEST_EXPECT_NULL(test, __vmalloc_node(PAGE_SIZE, PAGE_SIZE, GFP_TEST, NUMA_NO_NODE,
						 NULL));
	pr_info("failslab-test: loud from here\n");
	fault_inject_slab(1, 1);
	KTEST_EXPECT_NULL(test, kmalloc(64, GFP_KERNEL));
	fault_inject_pages(1, 1);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, 0));
	fault_inject_pages(1, 1);
	KTEST_EXPECT_NULL(test, vmalloc(PAGE_SIZE));
	pr_info("failslab-test: end\n");

	n = log_buf_copy(log, sizeof(log) - 1);
	log[n] = '\0';
	a = strstr(log, "failslab-test: quiet from here");
	b = strstr(log, "failslab-test: loud from here");
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_NOT_NULL(test, strstr(b, "failslab-test: end"));
	/* Nothing between the first two markers but the line that follows the first. */
	KTEST_EXPECT_EQ(test, count_lines(a, b, "\n"), 1);
	KTEST_EXPECT_EQ(test, count_lines(b, log + n, "FAULT_INJECTION: failslab: "), 1);
	KTEST_EXPECT_EQ(test, count_lines(b, log + n, "from kmalloc-64"), 1);
	KTEST_EXPECT_EQ(test, count_lines(b, log + n, "FAULT_INJECTION: fail_page_alloc: "), 1);
	KTEST_EXPECT_EQ(test, count_lines(b, log + n, "vmalloc: out of memory"), 1);
	/* The loud marker's line, three failures, the end marker's line. */
	KTEST_EXPECT_EQ(test, count_lines(b, log + n, "\n"), 5);
}

static void failslab_option_parsing(struct ktest *test)
{
	static const char *const bad[] = {
		"abc", "", ",", "1,", ",1", "1", "1,2,3", "1,2,3,4,5", "0,1", "-1,1", "3,-2",
		"10,101,0,1", "10,100,-1,1", "1x,2", "1,2 ", "99999999999999999999999,1",
	};
	struct fault_attr attr = { 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret = setup_fault_attr(&attr, bad[i]);

		if (ret != -EINVAL)
			KTEST_FAIL(test, "setup_fault_attr(\"%s\") = %d, want -EINVAL", bad[i], ret);
	}
	KTEST_EXPECT_EQ(test, setup_fault_attr(&attr, NULL), -EINVAL);

	/* Linux's four fields: <interval>,<probability>,<space>,<times>. */
	KTEST_ASSERT_EQ(test, setup_fault_attr(&attr, "10,100,4096,-1"), 0);
	KTEST_EXPECT_EQ(test, attr.interval, 10);
	KTEST_EXPECT_EQ(test, attr.probability, 100);
	KTEST_EXPECT_EQ(test, attr.space, 4096);
	KTEST_EXPECT_EQ(test, attr.times, -1);

	/* The short form: <interval>,<times>. */
	KTEST_ASSERT_EQ(test, setup_fault_attr(&attr, "3,5"), 0);
	KTEST_EXPECT_EQ(test, attr.interval, 3);
	KTEST_EXPECT_EQ(test, attr.probability, 100);
	KTEST_EXPECT_EQ(test, attr.space, 0);
	KTEST_EXPECT_EQ(test, attr.times, 5);
}

static struct ktest_case failslab_test_cases[] = {
	KTEST_CASE(times_one_fails_each_class_once),
	KTEST_CASE(kmem_cache_alloc_fails_once),
	KTEST_CASE(interval_three_fails_every_third),
	KTEST_CASE(page_injection_fails_alloc_pages),
	KTEST_CASE(page_injection_fails_vmalloc_cleanly),
	KTEST_CASE(kasprintf_formats_and_fails),
	KTEST_CASE(kstrdup_kmemdup_copy_and_fail),
	KTEST_CASE(reset_disarms),
	KTEST_CASE(injected_failure_warns_once_unless_nowarn),
	KTEST_CASE(failslab_option_parsing),
	{}
};

static struct ktest_suite failslab_test_suite = {
	.name = "failslab",
	.cases = failslab_test_cases,
	.init = failslab_test_init,
	.exit = failslab_test_exit,
};
ktest_register_suite(failslab_test_suite);
