/* memblock: the boot-time physical memory allocator. It knows which RAM exists and which is
 * reserved (firmware, kernel image, boot info, early allocations) until mem_init() hands every
 * unreserved page to the buddy allocator. */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/types.h>

#define MEMBLOCK_MAX_REGIONS	128

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

/* Sorted, non-overlapping, adjacent regions merged. */
struct memblock_type {
	unsigned long cnt;
	const char *name;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	phys_addr_t current_limit;	/* allocations stay below this (what is mapped) */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;
/* Set by mem_init(): memblock's free memory now belongs to the buddy allocator. */
extern bool after_bootmem;

int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Physical memory (top-down below current_limit), reserved; 0 when none is left. */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* Zeroed memory through the direct map (from paging_init() on); NULL when none is left. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);
/* The same, not zeroed (for arrays the caller initialises anyway). */
void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_reserved(phys_addr_t addr);

/* The next free (memory minus reserved) range at or after *cursor; advances the cursor. */
bool memblock_next_free_range(phys_addr_t *cursor, phys_addr_t *start, phys_addr_t *end);
#define for_each_free_mem_range(cursor, start, end)				\
	for (cursor = 0; memblock_next_free_range(&cursor, &start, &end); )

#endif
