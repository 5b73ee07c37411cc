/* Physical pages: struct page for every page frame, the buddy allocator's counters, and the
 * conversions between pages, frame numbers and direct-map addresses. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/gfp.h>
#include <asm/page.h>

struct kmem_cache;

/* page->flags */
#define PG_reserved	(1u << 0)	/* never given to the buddy allocator */
#define PG_buddy	(1u << 1)	/* head of a free block; private = order */
#define PG_head		(1u << 2)	/* head of an allocated block; private = order */
#define PG_slab		(1u << 3)	/* first page of a slab */
#define PG_tail		(1u << 4)	/* later page of a slab; see compound_head */

/* 40 bytes per 4 KiB frame (1 %): zeroed for every frame up to max_pfn at boot. */
struct page {
	u16 flags;
	u16 inuse;		/* slab: objects handed out */
	u32 private;		/* order of a free or allocated block */
	struct list_head lru;	/* buddy free list, or the slab cache's partial/full list */
	union {
		struct kmem_cache *slab_cache;	/* PG_slab */
		struct page *compound_head;	/* PG_tail */
	};
	void *freelist;		/* slab: first free object */
};

extern struct page *mem_map;
extern unsigned long max_pfn;

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline void *page_address(const struct page *page)
{
	return __va(PFN_PHYS(page_to_pfn(page)));
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa(addr) >> PAGE_SHIFT);
}

static inline bool virt_addr_valid(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= PAGE_OFFSET && a < (unsigned long)__va(PFN_PHYS(max_pfn));
}

/* Smallest order whose block holds size bytes. */
static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

void mem_init(void);
/* Free pages in all orders, and free blocks of one order (what /proc/buddyinfo shows). */
unsigned long nr_free_pages(void);
unsigned long nr_free_blocks(unsigned int order);
/* RAM pages the buddy allocator manages (free or allocated). */
unsigned long totalram_pages(void);
unsigned long free_reserved_area(void *start, void *end, int poison, const char *s);

#endif
