/* The buddy page allocator: free blocks of 2^order pages (orders 0..MAX_ORDER-1) on one list
 * per order. Allocation splits the smallest free block that fits, freeing merges a block with
 * its buddy (the block whose frame number differs only in bit 'order') while that buddy is
 * free: both are O(MAX_ORDER). One lock guards the lists; it is taken with interrupts off so
 * interrupt handlers may allocate. */
#include <linux/kernel.h>
#include <asm/sections.h>
#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks on the list */
};

struct page *mem_map;
unsigned long max_pfn;

static struct free_area free_area[MAX_ORDER];
static unsigned long free_pages_total;
static unsigned long managed_pages;
/* zone_lock: guards free_area[] (the lists and counts), free_pages_total, managed_pages and the
 * flags/private of free and just-allocated pages. Taken with interrupts off (irqsave), so
 * interrupt handlers may allocate and free; the counters are read without it (READ_ONCE). */
static DEFINE_SPINLOCK(zone_lock);


/**
 * nr_free_pages - free pages in all orders
 *
 * Read without zone_lock: a snapshot that may be stale by the time it is used.
 *
 * Linux 6.1: nr_free_pages() sums the zones' NR_FREE_PAGES counters.
 *
 * Context: any. Return: the number of free pages.
 */
unsigned long nr_free_pages(void)
{
	return READ_ONCE(free_pages_total);
}

/**
 * nr_free_blocks - free blocks of one order (what Linux's /proc/buddyinfo shows)
 * @order: the order
 *
 * Read without zone_lock, as nr_free_pages().
 *
 * Linux 6.1: no such function; /proc/buddyinfo prints each free_area's nr_free. Spindle has
 * no /proc/buddyinfo; the allocator's tests read the count through this.
 *
 * Context: any. Return: the number of free blocks of @order, 0 for an order >= MAX_ORDER.
 */
unsigned long nr_free_blocks(unsigned int order)
{
	return order < MAX_ORDER ? READ_ONCE(free_area[order].nr_free) : 0;
}

/**
 * totalram_pages - RAM pages the buddy allocator manages, free or allocated
 *
 * Grows when free_reserved_area() hands boot memory over.
 *
 * Context: any. Return: the number of pages.
 */
unsigned long totalram_pages(void)
{
	return managed_pages;
}

static void add_to_free_list(struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->private = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void del_from_free_list(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags = 0;
	page->private = 0;
	free_area[order].nr_free--;
}

/* Merge upwards while the buddy is a free block of the same order. Blocks never leave RAM:
 * a buddy in a hole or reserved range never carries PG_buddy. */
static void __free_one_page(unsigned long pfn, unsigned int order)
{
	free_pages_total += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (buddy_pfn >= max_pfn)
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!(buddy->flags & PG_buddy) || buddy->private != order)
			break;
		del_from_free_list(buddy, order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), order);
}

static struct page *__rmqueue(unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct page *page;

		if (list_empty(&free_area[o].free_list))
			continue;
		page = list_first_entry(&free_area[o].free_list, struct page, lru);
		del_from_free_list(page, o);
		/* Hand back the upper halves: one block per order between. */
		while (o > order) {
			o--;
			add_to_free_list(page + (1UL << o), o);
		}
		free_pages_total -= 1UL << order;
		return page;
	}
	return NULL;
}

/**
 * alloc_pages - allocate a block of 2^@order contiguous pages
 * @gfp_mask: GFP flags; __GFP_ZERO clears the pages, __GFP_NOWARN silences a failure
 * @order: the block's order, below MAX_ORDER
 *
 * Splits the smallest free block that fits, handing the upper halves back one block per order
 * between: O(MAX_ORDER). The block's first page is marked PG_head with its order, which
 * __free_pages() checks. A failure injected by fail_page_alloc= or a test also returns NULL.
 *
 * Linux 6.1: zones, per-CPU page lists, watermarks and reclaim; here one free list per order
 * and no reclaim, so the allocator itself never sleeps.
 *
 * Context: any context with GFP_ATOMIC or GFP_NOWAIT; a @gfp_mask with __GFP_DIRECT_RECLAIM
 * (GFP_KERNEL) only where sleeping is allowed (might_alloc() checks). Takes zone_lock with
 * interrupts off. Only after mem_init().
 * Return: the first page of the block, or NULL if none is free (reported unless
 * __GFP_NOWARN), if @order is too large, or before mem_init().
 */
struct page *alloc_pages(gfp_t gfp_mask, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	might_alloc(gfp_mask);

	if (order >= MAX_ORDER) {
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn("page allocation: order %u is beyond the largest (%d)\n", order,
				MAX_ORDER - 1);
		return NULL;
	}
	if (unlikely(!after_bootmem)) {
		pr_err("page allocation before mem_init(); use memblock\n");
		return NULL;
	}
	/* failslab's sibling: one untaken branch unless a test or fail_page_alloc= armed it. */
	if (should_fail_alloc_page(gfp_mask, order))
		return NULL;
	spin_lock_irqsave(&zone_lock, flags);
	page = __rmqueue(order);
	if (page) {
		page->flags = PG_head;
		page->private = order;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	if (!page) {
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn("page allocation failure: order:%u, mode:%#x, %lu pages free\n",
				order, gfp_mask, nr_free_pages());
		return NULL;
	}
	if (gfp_mask & __GFP_ZERO) {
		char *p = page_address(page);

		for (unsigned long i = 0; i < (1UL << order); i++)
			clear_page(p + i * PAGE_SIZE);
	}
	return page;
}

/* The checks turn a double free or a stray pointer into one line instead of a corrupted list. */
static bool free_pages_check(struct page *page, unsigned int order)
{
	unsigned long pfn = page - mem_map;

	if (!mem_map || page < mem_map || pfn >= max_pfn) {
		pr_err("BUG: freeing %p: not a struct page of this machine\n", page);
		return false;
	}
	if (order >= MAX_ORDER) {
		pr_err("BUG: freeing pfn %#lx with order %u beyond %d\n", pfn, order,
		       MAX_ORDER - 1);
		return false;
	}
	if (page->flags & PG_reserved) {
		pr_err("BUG: freeing reserved page pfn %#lx (firmware or kernel memory)\n", pfn);
		return false;
	}
	if (page->flags & (PG_slab | PG_tail)) {
		pr_err("BUG: freeing slab page pfn %#lx through the page allocator\n", pfn);
		return false;
	}
	if (!(page->flags & PG_head)) {
		pr_err("BUG: freeing pfn %#lx order %u: not an allocated block (double free?)\n",
		       pfn, order);
		return false;
	}
	if (page->private != order) {
		pr_err("BUG: freeing pfn %#lx as order %u, but it was allocated as order %u\n",
		       pfn, order, page->private);
		return false;
	}
	return true;
}

/**
 * __free_pages - free a block of pages
 * @page: the block's first page, as alloc_pages() returned it
 * @order: the order it was allocated with
 *
 * Merges the block with its buddy (the block whose frame number differs only in bit 'order')
 * while that buddy is free: O(MAX_ORDER). The checks turn a double free, a wrong order, a
 * reserved or slab page or a stray pointer into one "BUG:" line instead of a corrupted list;
 * such a block is not freed.
 *
 * Linux 6.1: __free_pages() drops a reference (pages are refcounted) and frees at zero;
 * here the block is freed at once.
 *
 * Context: any; takes zone_lock with interrupts off.
 * Return: nothing.
 */
void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone_lock, flags);
	if (free_pages_check(page, order)) {
		page->flags = 0;
		page->private = 0;
		__free_one_page(page - mem_map, order);
	}
	spin_unlock_irqrestore(&zone_lock, flags);
}

/**
 * __get_free_pages - allocate pages and return their direct-map address
 * @gfp_mask: GFP flags, as alloc_pages()
 * @order: the block's order
 *
 * Context: as alloc_pages().
 * Return: the block's kernel virtual address, or 0 on failure.
 */
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask, order);

	return page ? (unsigned long)page_address(page) : 0;
}

/**
 * get_zeroed_page - allocate one zeroed page
 * @gfp_mask: GFP flags, as alloc_pages()
 *
 * Context: as alloc_pages().
 * Return: the page's kernel virtual address, or 0 on failure.
 */
unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

/**
 * free_pages - free pages given by their direct-map address
 * @addr: the address __get_free_pages() returned, or 0 (then nothing happens)
 * @order: the order it was allocated with
 *
 * An address that is not a page-aligned direct-map address is reported and not freed.
 *
 * Context: any; takes zone_lock with interrupts off.
 * Return: nothing.
 */
void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr) || !IS_ALIGNED(addr, PAGE_SIZE)) {
		pr_err("BUG: free_pages(%#lx): not a page-aligned direct-map address\n", addr);
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

/**
 * free_reserved_area - give reserved boot memory to the page allocator
 * @start: direct-map address of the first byte; rounded up to a page
 * @end: direct-map address past the last byte; rounded down to a page
 * @poison: a byte to fill each page with first, or -1 to leave it
 * @s: what the memory was, for the "Freeing %s memory" line
 *
 * For memory that memblock reserved at boot and that no one uses any more (the initrd). A page
 * that was never reserved is reported and skipped, so a wrong range cannot free a page twice.
 *
 * Context: process context; takes zone_lock with interrupts off, a page at a time.
 * Return: the pages freed.
 */
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s)
{
	unsigned long pfn = PFN_UP(__pa(start)), last = PFN_DOWN(__pa(end));
	unsigned long flags, pages = 0;

	for (; pfn < last && pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!(page->flags & PG_reserved)) {
			pr_err("BUG: free_reserved_area(%s): pfn %#lx is not reserved\n", s, pfn);
			continue;
		}
		if (poison >= 0)
			memset(page_address(page), poison, PAGE_SIZE);
		spin_lock_irqsave(&zone_lock, flags);
		page->flags = 0;
		page->private = 0;
		__free_one_page(pfn, 0);
		managed_pages++;
		spin_unlock_irqrestore(&zone_lock, flags);
		pages++;
	}
	if (pages && s)
		pr_info("Freeing %s memory: %luK\n", s, pages << (PAGE_SHIFT - 10));
	return pages;
}

/* A free range as the largest aligned blocks: O(MAX_ORDER) per block, no per-page work. */
static void __init_free_range(unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order = MAX_ORDER - 1;

		while (order && ((start & ((1UL << order) - 1)) || start + (1UL << order) > end))
			order--;
		add_to_free_list(pfn_to_page(start), order);
		free_pages_total += 1UL << order;
		start += 1UL << order;
	}
}

/* Only the first word of each struct page (flags, inuse, private) is read before it is written,
 * so it is the only one initialised: one store per frame instead of zeroing 40 bytes. */
static void init_page_array(void)
{
	struct page *page, *end = mem_map + max_pfn;

	for (page = mem_map; page < end; page++) {
		page->flags = 0;
		page->inuse = 0;
		page->private = 0;
	}
}

static void mark_reserved_pages(void)
{
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];
		unsigned long pfn = PFN_DOWN(r->base);
		unsigned long end = min(PFN_UP(r->base + r->size), max_pfn);

		for (; pfn < end; pfn++)
			mem_map[pfn].flags = PG_reserved;
	}
}

/**
 * mem_init - hand memblock's free memory to the buddy allocator
 *
 * Allocates and initialises the struct page array (only the first word of each, the only one
 * read before it is written), marks memblock's reservations PG_reserved, then gives every free
 * range to the free lists as the largest aligned blocks, and prints the "Memory:" line. From
 * here memblock allocations are refused. Panics if the page array does not fit.
 *
 * Linux 6.1: mem_init() calls memblock_free_all(); the page array is set up earlier by
 * free_area_init() from the zones.
 *
 * Context: boot CPU, once, from start_kernel() after paging_init().
 * Return: nothing.
 */
void mem_init(void)
{
	phys_addr_t cursor, start, end;
	unsigned long total;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_area[o].free_list);
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	mem_map = memblock_alloc_raw(max_pfn * sizeof(struct page), PAGE_SIZE);
	if (!mem_map)
		panic("mem_init: no room for %lu struct pages (%lu KiB)", max_pfn,
		      max_pfn * sizeof(struct page) >> 10);
	init_page_array();
	mark_reserved_pages();
	/* From here memblock's free memory belongs to the buddy allocator. */
	after_bootmem = true;
	for_each_free_mem_range(cursor, start, end)
		__init_free_range(PFN_UP(start), PFN_DOWN(end));
	managed_pages = free_pages_total;
	total = memblock_phys_mem_size() >> 10;
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, "
		"%luK reserved)\n", free_pages_total << (PAGE_SHIFT - 10), total,
		(unsigned long)(_etext - _text) >> 10, (unsigned long)(_edata_bss - _sdata) >> 10,
		(unsigned long)(__end_rodata - __start_rodata) >> 10,
		total - (free_pages_total << (PAGE_SHIFT - 10)));
}
