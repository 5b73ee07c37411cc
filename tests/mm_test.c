/* Self-tests for memory management: the e820 sanitizer, the buddy allocator (split, merge,
 * exhaustion, bad frees), slab caches and every kmalloc class, vmalloc and its guard pages,
 * ioremap/memremap, the direct map and the kernel's W^X mapping, vmalloc and thread stacks on
 * every CPU at once. Every case must leave the free-page and slab counters exactly where it
 * found them (checked by the suite's exit hook). */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <ktest.h>
#include "sched_test_util.h"

#define GFP_TEST	(GFP_KERNEL | __GFP_NOWARN)
#define PFN_4G		(SZ_4G >> PAGE_SHIFT)


struct mm_baseline {
	unsigned long pages;		/* free pages + kernel page-table pages */
	unsigned long objects;
	unsigned long slab_pages;
};

static struct mm_baseline baseline;

/* Free pages, counting the slab caches' empty slabs (min_partial) as free: shrunk first. */
static unsigned long pages_accounted(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

/* The baseline leaves out the stacks of exited threads that the per-CPU cache still holds
 * (drain_cached_stacks()): a case that drains the cache would otherwise end with more free
 * pages than it started with, depending on what ran before it. */
static int mm_test_init(struct ktest *test)
{
	drain_cached_stacks();
	baseline.pages = pages_accounted();
	baseline.objects = slab_objects_in_use();
	baseline.slab_pages = nr_slab_pages();
	return 0;
}

static void mm_test_exit(struct ktest *test)
{
	drain_cached_stacks();
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), baseline.objects);
	KTEST_EXPECT_EQ(test, nr_slab_pages(), baseline.slab_pages);
}

static void snapshot_free_blocks(unsigned long *counts)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		counts[o] = nr_free_blocks(o);
}

static void free_page_list(struct list_head *list, unsigned int order)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		__free_pages(page, order);
	}
}

static void e820_sanitize_resolves_overlaps(struct ktest *test)
{
	static const struct e820_entry in[] = {
		{ 0x5000, 0x1000, E820_TYPE_ACPI },
		{ 0x0000, 0x1000, E820_TYPE_RAM },
		{ 0x0800, 0x1800, E820_TYPE_RESERVED },
		{ 0x1800, 0x1800, E820_TYPE_RAM },
		{ 0x2800, 0x0100, 20 },
		{ 0x5000, 0x0800, E820_TYPE_RAM },
		{ 0x7000, 0x0000, E820_TYPE_RESERVED },
		{ 0x6000, 0x1000, E820_TYPE_NVS },
	};
	static const struct e820_entry want[] = {
		{ 0x0000, 0x0800, E820_TYPE_RAM },
		{ 0x0800, 0x1800, E820_TYPE_RESERVED },
		{ 0x2000, 0x0800, E820_TYPE_RAM },
		{ 0x2800, 0x0100, 20 },
		{ 0x2900, 0x0700, E820_TYPE_RAM },
		{ 0x5000, 0x1000, E820_TYPE_ACPI },
		{ 0x6000, 0x1000, E820_TYPE_NVS },
	};
	struct e820_table *out = kmalloc(sizeof(*out), GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, out);
	e820__sanitize(in, ARRAY_SIZE(in), out);
	KTEST_EXPECT_EQ(test, out->nr_entries, (int)ARRAY_SIZE(want));
	for (int i = 0; i < out->nr_entries && i < (int)ARRAY_SIZE(want); i++) {
		KTEST_EXPECT_UEQ(test, out->entries[i].addr, want[i].addr);
		KTEST_EXPECT_UEQ(test, out->entries[i].size, want[i].size);
		KTEST_EXPECT_EQ(test, out->entries[i].type, want[i].type);
	}
	/* The live map: sorted, disjoint, and the kernel image inside usable RAM. */
	for (int i = 1; i < e820_table.nr_entries; i++)
		KTEST_EXPECT_ULE(test, e820_table.entries[i - 1].addr +
				 e820_table.entries[i - 1].size, e820_table.entries[i].addr);
	KTEST_EXPECT_TRUE(test, e820__mapped_all(__pa(_text), __pa(__kallsyms_start),
						 E820_TYPE_RAM));
	kfree(out);
}

/* Order-0 blocks already free would hide the split: hold them while splitting one block. */
static void buddy_split_and_merge(struct ktest *test)
{
	unsigned long before[MAX_ORDER], split[MAX_ORDER];
	unsigned int from, o;
	struct page *a, *b;
	LIST_HEAD(held);

	while (nr_free_blocks(0)) {
		struct page *p = alloc_pages(GFP_TEST, 0);

		KTEST_ASSERT_NOT_NULL(test, p);
		list_add(&p->lru, &held);
	}
	snapshot_free_blocks(before);
	for (from = 1; from < MAX_ORDER && !before[from]; from++)
		;
	KTEST_ASSERT_LT(test, from, MAX_ORDER);

	a = alloc_pages(GFP_TEST, 0);
	KTEST_ASSERT_NOT_NULL(test, a);
	snapshot_free_blocks(split);
	/* One block of order 'from' became one free block in each order below it. */
	KTEST_EXPECT_EQ(test, split[from], before[from] - 1);
	for (o = 0; o < from; o++)
		KTEST_EXPECT_EQ(test, split[o], before[o] + 1);
	/* Its buddy is the next frame, handed out next. */
	b = alloc_pages(GFP_TEST, 0);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_EXPECT_EQ(test, page_to_pfn(b), page_to_pfn(a) ^ 1);
	KTEST_EXPECT_EQ(test, nr_free_blocks(0), before[0]);

	__free_pages(a, 0);
	__free_pages(b, 0);
	snapshot_free_blocks(split);
	for (o = 0; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(test, split[o], before[o]);

	/* A larger block comes back naturally aligned and merges back too. */
	a = alloc_pages(GFP_TEST, 3);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_EXPECT_EQ(test, page_to_pfn(a) & 7, 0);
	__free_pages(a, 3);
	snapshot_free_blocks(split);
	for (o = 0; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(test, split[o], before[o]);
	free_page_list(&held, 0);
}

/* A block the direct map covers, writable and write-back: a table walk rather than a write, so
 * that draining 8 GiB does not make the emulator's host touch every block. */
static bool block_mapped(struct page *page)
{
	unsigned int level;
	pteval_t *pte = lookup_address((unsigned long)page_address(page), &level);

	return pte && (*pte & _PAGE_RW) && !(*pte & (_PAGE_PCD | _PAGE_PWT));
}

/* Largest blocks first keeps this to a few thousand allocations even with 8 GiB. Every block
 * handed out must be reachable through the direct map. */
static void buddy_exhaustion_recovers(struct ktest *test)
{
	unsigned long before[MAX_ORDER], after[MAX_ORDER], total = 0, bad = 0;
	struct list_head held[MAX_ORDER];
	unsigned long free_before = nr_free_pages();
	struct page *page;
	int o;

	snapshot_free_blocks(before);
	for (o = MAX_ORDER - 1; o >= 0; o--) {
		INIT_LIST_HEAD(&held[o]);
		while ((page = alloc_pages(GFP_TEST, o))) {
			bad += !block_mapped(page) || !block_mapped(page + (1UL << o) - 1);
			list_add(&page->lru, &held[o]);
			total += 1UL << o;
		}
	}
	KTEST_EXPECT_EQ(test, nr_free_pages(), 0);
	KTEST_EXPECT_EQ(test, total, free_before);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, 0));
	KTEST_EXPECT_EQ(test, __get_free_page(GFP_TEST), 0);
	KTEST_EXPECT_EQ(test, bad, 0);
	for (o = 0; o < MAX_ORDER; o++)
		free_page_list(&held[o], o);
	snapshot_free_blocks(after);
	for (o = 0; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(test, after[o], before[o]);
	KTEST_EXPECT_EQ(test, nr_free_pages(), free_before);
}

static void buddy_rejects_bad_frees(struct ktest *test)
{
	unsigned long addr = __get_free_pages(GFP_TEST | __GFP_ZERO, 1);
	unsigned long free_after;

	KTEST_ASSERT_NE(test, addr, 0);
	KTEST_EXPECT_EQ(test, ((unsigned long *)addr)[PAGE_SIZE / 8 + 7], 0);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_TEST, MAX_ORDER));
	ktest_info(test, "five deliberate bad frees follow, each reported as BUG:");
	/* Freeing the second page of the block, or with the wrong order, changes nothing. */
	free_pages(addr + PAGE_SIZE, 0);
	free_pages(addr, 0);
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages - 2);
	free_pages(addr, 1);
	free_after = nr_free_pages();
	free_pages(addr, 1);				/* double free */
	__free_pages(virt_to_page(_text), 0);		/* kernel image: reserved */
	__free_pages(virt_to_page(__va(0)), 0);		/* first MiB: reserved */
	KTEST_EXPECT_EQ(test, nr_free_pages(), free_after);
}

struct test_obj {
	u64 a, b, c;
	u32 d;
};

static void slab_reuse_and_alignment(struct ktest *test)
{
	struct kmem_cache *c = kmem_cache_create("mm_test_obj", sizeof(struct test_obj), 0, 0,
						 NULL);
	struct kmem_cache *al = kmem_cache_create("mm_test_al", 40, 256, 0, NULL);
	struct kmem_cache *hw = kmem_cache_create("mm_test_hw", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	void *o1, *o2, *objs[20];
	int i;

	KTEST_ASSERT_NOT_NULL(test, c);
	KTEST_ASSERT_NOT_NULL(test, al);
	KTEST_ASSERT_NOT_NULL(test, hw);
	KTEST_EXPECT_EQ(test, kmem_cache_size(c), sizeof(struct test_obj));
	o1 = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, o1);
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(c), 1);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 1);
	KTEST_EXPECT_EQ(test, (unsigned long)o1 % 8, 0);
	kmem_cache_free(c, o1);
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(c), 0);
	/* The empty slab stays (fewer than min_partial partial slabs) and serves the next one. */
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 1);
	o2 = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, o2, o1);
	kmem_cache_free(c, o2);
	ktest_info(test, "a double free, a destroy of a busy cache, a free to the wrong cache and "
		   "two bad caches follow, each reported");
	kmem_cache_free(c, o2);		/* double free: reported, not counted */
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(c), 0);
	KTEST_EXPECT_EQ(test, kmem_cache_shrink(c), 0);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 0);

	for (i = 0; i < 20; i++) {
		objs[i] = kmem_cache_zalloc(al, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_EQ(test, (unsigned long)objs[i] % 256, 0);
		KTEST_EXPECT_EQ(test, ((u64 *)objs[i])[4], 0);
		memset(objs[i], 0xee, 40);
	}
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(al), 20);
	kmem_cache_destroy(al);		/* refused: objects in use */
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(al), 20);
	for (i = 0; i < 20; i++)
		kmem_cache_free(al, objs[i]);
	for (i = 0; i < 20; i++) {
		objs[i] = kmem_cache_alloc(hw, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_EQ(test, (unsigned long)objs[i] % 64, 0);
	}
	for (i = 0; i < 20; i++)
		kmem_cache_free(hw, objs[i]);
	/* An object freed to the wrong cache is refused. */
	o1 = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, o1);
	kmem_cache_free(hw, o1);
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(c), 1);
	kmem_cache_free(c, o1);
	kmem_cache_destroy(c);
	kmem_cache_destroy(al);
	kmem_cache_destroy(hw);
	KTEST_EXPECT_NULL(test, kmem_cache_create("mm_test_bad", 0, 0, 0, NULL));
	KTEST_EXPECT_NULL(test, kmem_cache_create("mm_test_bad", 64, 48, 0, NULL));
}

static bool filled_with(const void *p, u8 v, size_t n)
{
	const u64 *q = p;
	u64 pattern = 0x0101010101010101ULL * v;

	for (size_t i = 0; i < n / 8; i++)
		if (q[i] != pattern)
			return false;
	for (size_t i = n & ~7UL; i < n; i++)
		if (((const u8 *)p)[i] != v)
			return false;
	return true;
}

static const size_t kmalloc_classes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
	131072,
};

/* Each class at its lower and upper edge: three neighbours, the middle one written over all of
 * ksize(), the outer two must keep their canaries. */
static void kmalloc_every_size_class(struct ktest *test)
{
	size_t prev = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_classes); i++) {
		size_t cls = kmalloc_classes[i];
		size_t sizes[2] = { prev + 1, cls };

		for (int k = 0; k < 2; k++) {
			size_t size = sizes[k];
			u8 *a = kmalloc(size, GFP_KERNEL);
			u8 *b = kmalloc(size, GFP_KERNEL);
			u8 *c = kmalloc(size, GFP_KERNEL);
			unsigned long align = is_power_of_2(cls) ? cls : (cls & -cls);

			KTEST_ASSERT_NOT_NULL(test, a);
			KTEST_ASSERT_NOT_NULL(test, b);
			KTEST_ASSERT_NOT_NULL(test, c);
			KTEST_EXPECT_UEQ(test, ksize(b), cls);
			KTEST_EXPECT_UGE(test, ksize(b), size);
			KTEST_EXPECT_EQ(test, (unsigned long)b % align, 0);
			memset(a, 0xa5, ksize(a));
			memset(c, 0xc3, ksize(c));
			memset(b, 0x5a, ksize(b));
			KTEST_EXPECT_TRUE(test, filled_with(a, 0xa5, ksize(a)));
			KTEST_EXPECT_TRUE(test, filled_with(c, 0xc3, ksize(c)));
			kfree(b);
			KTEST_EXPECT_TRUE(test, filled_with(a, 0xa5, ksize(a)));
			kfree(a);
			kfree(c);
		}
		prev = cls;
	}
	/* kzalloc really zeroes, even an object that was dirty before. */
	for (int k = 0; k < 2; k++) {
		u8 *z = kzalloc(200, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, z);
		KTEST_EXPECT_TRUE(test, filled_with(z, 0, 200));
		memset(z, 0xff, 200);
		kfree(z);
	}
}

static void kmalloc_limits(struct ktest *test)
{
	unsigned long objects = slab_objects_in_use(), pages = pages_accounted();

	KTEST_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_TEST));
	KTEST_EXPECT_NULL(test, kmalloc(~(size_t)0, GFP_TEST));
	KTEST_EXPECT_NULL(test, kmalloc_array(~(size_t)0 / 2, 4, GFP_TEST));
	KTEST_EXPECT_NULL(test, kcalloc(1UL << 33, 1UL << 33, GFP_TEST));
	KTEST_EXPECT_PTR_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_EQ(test, ksize(ZERO_SIZE_PTR), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
	KTEST_EXPECT_EQ(test, pages_accounted(), pages);
	/* kfree of something kmalloc did not return is refused. */
	{
		u8 *p = kmalloc(64, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		ktest_info(test, "two deliberate bad kfree() calls follow, each reported as BUG:");
		kfree(p + 8);
		kfree(_text);
		KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects + 1);
		kfree(p);
	}
}

#define CTOR_MAGIC	0x5eed5eed5eed5eedULL

struct ctor_obj {
	u64 magic;
	u64 payload[5];
};

static unsigned long ctor_calls;

static void test_ctor(void *p)
{
	struct ctor_obj *o = p;

	o->magic = CTOR_MAGIC;
	for (int i = 0; i < 5; i++)
		o->payload[i] = i;
	ctor_calls++;
}

/*
 * A cache keeps at most min_partial empty slabs (5 for 512-byte objects, as Linux's
 * set_min_partial() gives), so that a count going back and forth over a slab boundary does not
 * allocate and free a page each time; kmem_cache_shrink() gives them back, and destroying the
 * cache does the same.
 */
static void slab_keeps_min_partial_empty_slabs(struct ktest *test)
{
	struct kmem_cache *c = kmem_cache_create("mm_test_partial", 512, 0, 0, NULL);
	unsigned long pages = nr_free_pages();
	void *objs[64];

	KTEST_ASSERT_NOT_NULL(test, c);
	for (int i = 0; i < 64; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
	}
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 8);
	for (int i = 0; i < 64; i++)
		kmem_cache_free(c, objs[i]);
	KTEST_EXPECT_EQ(test, kmem_cache_objects_in_use(c), 0);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 5);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages - 5);
	/* Over the boundary and back: the kept slab serves it, no page moves. */
	objs[0] = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, objs[0]);
	kmem_cache_free(c, objs[0]);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages - 5);
	kmem_cache_shrink(c);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 0);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
	objs[0] = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, objs[0]);
	kmem_cache_free(c, objs[0]);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
}

static void kmem_cache_with_ctor(struct ktest *test)
{
	struct kmem_cache *c = kmem_cache_create("mm_test_ctor", sizeof(struct ctor_obj), 0, 0,
						 test_ctor);
	struct ctor_obj *o, *o2;
	unsigned long calls;

	KTEST_ASSERT_NOT_NULL(test, c);
	ctor_calls = 0;
	o = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, o);
	/* The constructor ran once per object of the new slab, not per allocation. */
	KTEST_EXPECT_GT(test, ctor_calls, 1);
	calls = ctor_calls;
	KTEST_EXPECT_UEQ(test, o->magic, CTOR_MAGIC);
	KTEST_EXPECT_EQ(test, o->payload[4], 4);
	o2 = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, o2);
	/* Freed objects keep their constructed state: the free pointer lives outside them. */
	kmem_cache_free(c, o2);
	o2 = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT_UEQ(test, o2->magic, CTOR_MAGIC);
	KTEST_EXPECT_EQ(test, o2->payload[0], 0);
	KTEST_EXPECT_EQ(test, o2->payload[4], 4);
	KTEST_EXPECT_EQ(test, ctor_calls, calls);
	kmem_cache_free(c, o2);
	kmem_cache_free(c, o);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 1);
	kmem_cache_shrink(c);
	KTEST_EXPECT_EQ(test, kmem_cache_nr_slabs(c), 0);
	kmem_cache_destroy(c);
}

static void vmalloc_vfree_restores_pages(struct ktest *test)
{
	unsigned long size = 5 * PAGE_SIZE + 1, before;
	u8 *v, *z;

	before = pages_accounted();
	v = vmalloc(size);
	KTEST_ASSERT_NOT_NULL(test, v);
	KTEST_EXPECT_TRUE(test, is_vmalloc_addr(v));
	KTEST_EXPECT_EQ(test, pages_accounted(), before - 6);
	memset(v, 0x77, 6 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(test, filled_with(v, 0x77, 6 * PAGE_SIZE));
	for (int i = 0; i < 6; i++) {
		struct page *p = vmalloc_to_page(v + i * PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ(test, *(u8 *)page_address(p), 0x77);
	}
	vfree(v);
	KTEST_EXPECT_EQ(test, pages_accounted(), before);
	KTEST_EXPECT_NULL(test, lookup_address((unsigned long)v, &(unsigned int){ 0 }));

	z = vzalloc(3 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, z);
	KTEST_EXPECT_TRUE(test, filled_with(z, 0, 3 * PAGE_SIZE));
	vfree(z);
	vfree(NULL);
	ktest_info(test, "a deliberate double vfree() follows, reported as BUG:");
	vfree(z);			/* already freed: reported, nothing freed twice */
	KTEST_EXPECT_NULL(test, vmalloc(0));
	KTEST_EXPECT_EQ(test, pages_accounted(), before);
}

/* Take every free page but a few (fewer than 16), the lowest orders given back first. */
static void hold_all_but_a_few(struct list_head *held)
{
	struct page *page;
	int o;

	for (o = MAX_ORDER - 1; o >= 0; o--) {
		INIT_LIST_HEAD(&held[o]);
		while ((page = alloc_pages(GFP_TEST, o)))
			list_add(&page->lru, &held[o]);
	}
	for (o = 0; o < MAX_ORDER && nr_free_pages() < 2; o++) {
		while (!list_empty(&held[o]) && nr_free_pages() < 2) {
			page = list_first_entry(&held[o], struct page, lru);
			list_del(&page->lru);
			__free_pages(page, o);
		}
	}
	/*
	 * Pages given back meanwhile on another CPU (the stack of the previous case's thread, a
	 * slab page emptied) are taken too: a run once found 17 free here, and the vmalloc that
	 * was to fail had room.
	 */
	while (nr_free_pages() >= 16 && (page = alloc_pages(GFP_TEST, 0)))
		list_add(&page->lru, &held[0]);
}

/* A vmalloc that runs out of pages part-way gives back what it took and leaves no area behind:
 * the next vmalloc of the same size is placed where the failed one was. */
static void vmalloc_failure_leaves_no_area(struct ktest *test)
{
	struct list_head held[MAX_ORDER];
	unsigned long size = 16 * PAGE_SIZE, left;
	void *first, *failed, *again;

	first = vmalloc(size);
	KTEST_ASSERT_NOT_NULL(test, first);
	vfree(first);
	hold_all_but_a_few(held);
	left = nr_free_pages();
	ktest_info(test, "%lu pages left free; a vmalloc out-of-memory warning follows", left);
	failed = vmalloc(size);
	for (int o = 0; o < MAX_ORDER; o++)
		free_page_list(&held[o], o);
	if (left >= 16) {
		/* Enough was left for it to succeed: give it back before skipping. */
		vfree(failed);
		ktest_skip(test, "could not leave fewer than 16 pages free (%lu)", left);
	}
	KTEST_EXPECT_NULL(test, failed);
	KTEST_EXPECT_FALSE(test, is_vmalloc_guard_page((unsigned long)first - 1));
	again = vmalloc(size);
	KTEST_ASSERT_NOT_NULL(test, again);
	KTEST_EXPECT_PTR_EQ(test, again, first);
	vfree(again);
}

static void vmalloc_guard_page_faults(struct ktest *test)
{
	u8 *s1 = __vmalloc_node(THREAD_SIZE, THREAD_SIZE, GFP_KERNEL, NUMA_NO_NODE, NULL);
	u8 *s2 = __vmalloc_node(THREAD_SIZE, THREAD_SIZE, GFP_KERNEL, NUMA_NO_NODE, NULL);
	unsigned int level;
	u64 word = 0;

	KTEST_ASSERT_NOT_NULL(test, s1);
	KTEST_ASSERT_NOT_NULL(test, s2);
	KTEST_EXPECT_EQ(test, (unsigned long)s1 % THREAD_SIZE, 0);
	KTEST_EXPECT_EQ(test, (unsigned long)s2 % THREAD_SIZE, 0);
	/* The page below a stack is unmapped: the first push past the bottom faults. */
	KTEST_EXPECT_TRUE(test, is_vmalloc_guard_page((unsigned long)s1 - 8));
	KTEST_EXPECT_TRUE(test, is_vmalloc_guard_page((unsigned long)s1 - PAGE_SIZE));
	KTEST_EXPECT_FALSE(test, is_vmalloc_guard_page((unsigned long)s1));
	KTEST_EXPECT_FALSE(test, is_vmalloc_guard_page((unsigned long)s1 - PAGE_SIZE - 1));
	KTEST_EXPECT_NULL(test, lookup_address((unsigned long)s1 - 8, &level));
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&word, s1 - 8, 8), -EFAULT);
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&word, s2 - 8, 8), -EFAULT);
	s1[0] = 0x42;
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&word, s1, 1), 0);
	KTEST_EXPECT_EQ(test, word & 0xff, 0x42);
	vfree(s2);
	KTEST_EXPECT_FALSE(test, is_vmalloc_guard_page((unsigned long)s2 - 8));
	vfree(s1);
	KTEST_EXPECT_FALSE(test, is_vmalloc_guard_page((unsigned long)s1 - 8));
}

static bool e820_covers_direct_map(phys_addr_t pa)
{
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (e820_type_in_direct_map(e->type) &&
		    pa + PAGE_SIZE > ALIGN_DOWN(e->addr, PAGE_SIZE) &&
		    pa < PAGE_ALIGN(e->addr + e->size))
			return true;
	}
	return false;
}

/* A page the e820 map calls reserved that the direct map does not cover (0xf0000, the BIOS
 * area, if nothing else). */
static phys_addr_t first_reserved_page(void)
{
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		phys_addr_t pa = PAGE_ALIGN(e->addr);

		if (e->type == E820_TYPE_RESERVED && pa + PAGE_SIZE <= e->addr + e->size &&
		    !e820_covers_direct_map(pa))
			return pa;
	}
	return 0xf0000;
}

/* ---- Every CPU at once ---- */

/* Areas in all, shared out over the online CPUs: each vfree() interrupts every other CPU for
 * its TLB shootdown, so an area costs more the more CPUs there are (under TCG the 800 take
 * about 50 ms on -smp 2, 1-2 s on -smp 4 and -smp 8). */
#define VSTRESS_AREAS		800
#define VSTRESS_THREAD_EVERY	2
/*
 * The work is a count of areas and threads; the limit only tells a hang from a slow host.
 * 8 CPUs take 4 s of it on an idle two-core host, and took 30.5 s (the old limit) with that
 * host shared by several other QEMUs: every vCPU's share of a host CPU shrinks with the load.
 */
#define VSTRESS_TIMEOUT_S	120
#define SETTLE_TICKS		2000

struct vstress {
	unsigned int areas;
	unsigned long rounds, bad, failed;
	struct completion done;
};

static int vstress_child_fn(void *unused)
{
	return sleep_until_stopped(0);
}

/* An area of 1-4 pages, every word written with its own address, read back, freed. */
static void vstress_one_area(struct vstress *v, unsigned int round)
{
	unsigned long words = (1 + round % 4) * PAGE_SIZE / sizeof(long);
	unsigned long *p = vmalloc(words * sizeof(long));

	if (!p) {
		v->failed++;
		return;
	}
	for (unsigned long w = 0; w < words; w++)
		p[w] = (unsigned long)&p[w];
	cond_resched();
	for (unsigned long w = 0; w < words; w++)
		if (p[w] != (unsigned long)&p[w])
			v->bad++;
	vfree(p);
}

static int vstress_fn(void *arg)
{
	struct vstress *v = arg;

	for (unsigned int i = 0; i < v->areas; i++) {
		vstress_one_area(v, i);
		if (i % VSTRESS_THREAD_EVERY == 0) {
			struct task_struct *t = kthread_run(vstress_child_fn, NULL, "vstress_child");

			if (IS_ERR(t))
				v->failed++;
			else
				kthread_stop(t);
			drain_cached_stacks();
		}
		v->rounds++;
	}
	complete(&v->done);
	return vstress_child_fn(NULL);
}

/*
 * A thread on every online CPU at once allocates, fills, checks and frees vmalloc areas, and
 * after every second area creates and stops a thread and drains the cached stacks. Two SMP races lived
 * here: vfree() unlinking an area before unmapping it, so another CPU's vmalloc() got the same
 * addresses and had its fresh entries cleared (a #PF, or words not reading back), and the
 * per-CPU stack cache read and cleared in two steps while drain_cached_stacks() emptied it
 * from another CPU (one stack used twice, or freed under a running thread). Pages, slab
 * objects and tasks must be back where they were.
 */
static void vmalloc_and_stacks_on_all_cpus_at_once(struct ktest *test)
{
	static struct vstress v[NR_CPUS];
	struct task_struct *t[NR_CPUS];
	unsigned long tasks = nr_tasks();
	unsigned int cpu;
	u64 start;
	int i;

	for_each_online_cpu(cpu) {
		v[cpu] = (struct vstress){ .areas = VSTRESS_AREAS / num_online_cpus() };
		init_completion(&v[cpu].done);
		t[cpu] = kthread_create_on_cpu(vstress_fn, &v[cpu], cpu, "vstress/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, t[cpu]);
	}
	start = sched_clock();
	for_each_online_cpu(cpu)
		wake_up_process(t[cpu]);
	for_each_online_cpu(cpu) {
		wait_for_completion(&v[cpu].done);
		kthread_stop(t[cpu]);
		KTEST_EXPECT_UEQ(test, v[cpu].rounds, v[cpu].areas);
		KTEST_EXPECT_UEQ(test, v[cpu].bad, 0UL);
		KTEST_EXPECT_UEQ(test, v[cpu].failed, 0UL);
	}
	ktest_printk(test, "%u areas on each of %u CPUs in %lu ms\n",
		     VSTRESS_AREAS / num_online_cpus(), num_online_cpus(),
		     (unsigned long)((sched_clock() - start) / 1000000));
	/* Stopped threads free themselves once switched out for the last time. */
	for (i = 0; i < SETTLE_TICKS; i++) {
		drain_cached_stacks();
		if (nr_tasks() == tasks && pages_accounted() == baseline.pages &&
		    slab_objects_in_use() == baseline.objects)
			break;
		schedule_timeout_uninterruptible(1);
	}
	KTEST_EXPECT_UEQ(test, nr_tasks(), tasks);
}

static void ioremap_and_memremap(struct ktest *test)
{
	const phys_addr_t mmio = 0xfec00000;	/* IOAPIC: mapped, never touched */
	pteval_t want = _PAGE_CACHE_UC, *pte;
	unsigned int level;
	u8 *buf, *io, *wc, *m;

	if (e820_covers_direct_map(mmio))
		ktest_skip(test, "0xfec00000 is RAM/ACPI on this machine");
	io = ioremap(mmio + 0x10, 8);
	KTEST_ASSERT_NOT_NULL(test, io);
	KTEST_EXPECT_TRUE(test, is_vmalloc_addr(io));
	KTEST_EXPECT_EQ(test, (unsigned long)io & ~PAGE_MASK, 0x10);
	pte = lookup_address((unsigned long)io, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KTEST_EXPECT_UEQ(test, *pte & PTE_PFN_MASK, mmio);
	KTEST_EXPECT_UEQ(test, *pte & (_PAGE_PCD | _PAGE_PWT), want);
	KTEST_EXPECT_UEQ(test, *pte & _PAGE_NX, __supported_pte_mask & _PAGE_NX);
	KTEST_EXPECT_TRUE(test, is_vmalloc_guard_page((unsigned long)io - 0x10 - 8));
	wc = ioremap_wc(mmio, 2 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, wc);
	pte = lookup_address((unsigned long)wc + PAGE_SIZE, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_UEQ(test, *pte & (_PAGE_PCD | _PAGE_PWT),
			 pat_enabled ? _PAGE_CACHE_WC : _PAGE_CACHE_UC);
	iounmap(wc);
	iounmap(io);
	KTEST_EXPECT_NULL(test, lookup_address((unsigned long)io, &level));

	/* RAM is refused by ioremap (an uncached alias of write-back memory) but memremap
	 * returns its direct-map address. */
	buf = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, buf);
	ktest_info(test, "ioremap of RAM and of an empty range follow, each refused");
	KTEST_EXPECT_NULL(test, ioremap(__pa(buf), 64));
	KTEST_EXPECT_PTR_EQ(test, memremap(__pa(buf), 64), buf);
	memunmap(buf);
	kfree(buf);
	KTEST_EXPECT_NULL(test, ioremap(mmio, 0));

	/* Firmware memory outside the direct map (SeaBIOS keeps ACPI tables in "reserved") gets
	 * a write-back mapping of its own. */
	m = memremap(first_reserved_page(), 64);
	KTEST_ASSERT_NOT_NULL(test, m);
	KTEST_EXPECT_TRUE(test, is_vmalloc_addr(m));
	pte = lookup_address((unsigned long)m, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_UEQ(test, *pte & (_PAGE_PCD | _PAGE_PWT), 0);
	memunmap(m);
	KTEST_EXPECT_NULL(test, lookup_address((unsigned long)m, &level));
}

static void direct_map_round_trips(struct ktest *test)
{
	static const phys_addr_t holes[] = { 0xfec00000, 0xfee00000, 0xa0000 };
	unsigned long addr = __get_free_page(GFP_KERNEL);
	u8 *obj = kmalloc(32, GFP_KERNEL);
	unsigned int level;
	pteval_t *pte;

	KTEST_ASSERT_NE(test, addr, 0);
	KTEST_ASSERT_NOT_NULL(test, obj);
	KTEST_EXPECT_PTR_EQ(test, __va(__pa(addr)), (void *)addr);
	KTEST_EXPECT_PTR_EQ(test, __va(__pa(obj)), obj);
	KTEST_EXPECT_PTR_EQ(test, page_address(virt_to_page((void *)addr)), (void *)addr);
	KTEST_EXPECT_PTR_EQ(test, phys_to_virt(virt_to_phys(obj)), obj);
	KTEST_EXPECT_UEQ(test, __pa(_text), (unsigned long)_text - __START_KERNEL_map);
	/* The kernel image seen through the direct map is the same memory. */
	KTEST_EXPECT_EQ(test, memcmp(__va(__pa(__start_rodata)), __start_rodata, 64), 0);
	free_page(addr);
	kfree(obj);

	/* The last RAM page is mapped; MMIO holes are not (never write-back). */
	pte = lookup_address((unsigned long)__va(PFN_PHYS(max_pfn - 1)), &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_TRUE(test, *pte & _PAGE_RW);
	KTEST_EXPECT_UEQ(test, *pte & (_PAGE_PCD | _PAGE_PWT), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(holes); i++) {
		if (e820_covers_direct_map(holes[i]))
			continue;
		KTEST_EXPECT_NULL(test, lookup_address((unsigned long)__va(holes[i]), &level));
	}
	/* The low identity map of the boot is gone. */
	KTEST_EXPECT_NULL(test, lookup_address(SZ_1M * 16, &level));
	KTEST_EXPECT_TRUE(test, read_cr4() & X86_CR4_PGE);
}

/* Blocks of 4 MiB until one lies above 4 GiB, then every page of it written and read back. */
static void high_memory_usable(struct ktest *test)
{
	struct page *page, *high = NULL;
	unsigned long bad = 0;
	LIST_HEAD(held);

	if (max_pfn <= PFN_4G)
		ktest_skip(test, "no RAM above 4 GiB on this machine (max_pfn %#lx)", max_pfn);
	while (!high && (page = alloc_pages(GFP_TEST, MAX_ORDER - 1))) {
		if (page_to_pfn(page) >= PFN_4G)
			high = page;
		else
			list_add(&page->lru, &held);
	}
	free_page_list(&held, MAX_ORDER - 1);
	KTEST_ASSERT_NOT_NULL(test, high);
	for (unsigned long i = 0; i < (1UL << (MAX_ORDER - 1)); i++)
		*(u64 *)page_address(high + i) = page_to_pfn(high + i) ^ CTOR_MAGIC;
	for (unsigned long i = 0; i < (1UL << (MAX_ORDER - 1)); i++)
		bad += *(u64 *)page_address(high + i) != (page_to_pfn(high + i) ^ CTOR_MAGIC);
	KTEST_EXPECT_EQ(test, bad, 0);
	ktest_info(test, "block at %#lx above 4 GiB written and read back",
		   (unsigned long)PFN_PHYS(page_to_pfn(high)));
	__free_pages(high, MAX_ORDER - 1);
}

static int mm_test_data = 1;

static void expect_prot(struct ktest *test, const void *addr, bool rw, bool nx)
{
	unsigned int level;
	pteval_t *pte = lookup_address((unsigned long)addr, &level);
	bool nx_on = __supported_pte_mask & _PAGE_NX;

	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_EQ(test, !!(*pte & _PAGE_RW), rw);
	KTEST_EXPECT_EQ(test, !!(*pte & _PAGE_NX), nx && nx_on);
	KTEST_EXPECT_TRUE(test, *pte & _PAGE_GLOBAL);
}

static void kernel_mapping_is_wx(struct ktest *test)
{
	static char bss_byte;

	expect_prot(test, _text, false, false);
	expect_prot(test, (void *)kernel_mapping_is_wx, false, false);
	expect_prot(test, __start_rodata, false, true);
	expect_prot(test, &mm_test_data, true, true);
	expect_prot(test, &bss_byte, true, true);
	expect_prot(test, __kallsyms_start, false, true);
	/* The direct-map alias of text and rodata is read-only and never executable. */
	expect_prot(test, __va(__pa(_text)), false, true);
	expect_prot(test, __va(__pa(__start_rodata)), false, true);
	expect_prot(test, __va(__pa(&mm_test_data)), true, true);
	if (!(__supported_pte_mask & _PAGE_NX))
		ktest_info(test, "NX unsupported (EFER.NXE clear): only write protection checked");
}

static struct ktest_case mm_test_cases[] = {
	KTEST_CASE(e820_sanitize_resolves_overlaps),
	KTEST_CASE(buddy_split_and_merge),
	KTEST_CASE(buddy_exhaustion_recovers),
	KTEST_CASE(buddy_rejects_bad_frees),
	KTEST_CASE(slab_reuse_and_alignment),
	KTEST_CASE(slab_keeps_min_partial_empty_slabs),
	KTEST_CASE(kmalloc_every_size_class),
	KTEST_CASE(kmalloc_limits),
	KTEST_CASE(kmem_cache_with_ctor),
	KTEST_CASE(vmalloc_vfree_restores_pages),
	KTEST_CASE(vmalloc_failure_leaves_no_area),
	KTEST_CASE(vmalloc_guard_page_faults),
	KTEST_CASE_TIMEOUT(vmalloc_and_stacks_on_all_cpus_at_once, VSTRESS_TIMEOUT_S),
	KTEST_CASE(ioremap_and_memremap),
	KTEST_CASE(direct_map_round_trips),
	KTEST_CASE(high_memory_usable),
	KTEST_CASE(kernel_mapping_is_wx),
	{}
};

static struct ktest_suite mm_test_suite = {
	.name = "mm",
	.cases = mm_test_cases,
	.init = mm_test_init,
	.exit = mm_test_exit,
};
ktest_register_suite(mm_test_suite);
