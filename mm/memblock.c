/* memblock: two sorted region lists (memory, reserved) and a top-down allocator over their
 * difference. It only serves the boot: page tables, the struct page array, early ioremap. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/pgtable.h>

/* Until paging_init() only the boot mapping of the first 1 GiB reaches physical memory. */
struct memblock memblock = {
	.current_limit = SZ_1G,
	.memory.name = "memory",
	.reserved.name = "reserved",
};
bool after_bootmem;

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Insert [base, base+size), merging every region it overlaps or touches. O(regions). */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned long i, first, merged;

	if (!size)
		return 0;
	if (end < base)
		end = ~(phys_addr_t)0;
	for (i = 0; i < type->cnt && region_end(&type->regions[i]) < base; i++)
		;
	first = i;
	for (; i < type->cnt && type->regions[i].base <= end; i++) {
		base = min(base, type->regions[i].base);
		end = max(end, region_end(&type->regions[i]));
	}
	merged = i - first;
	if (!merged) {
		if (type->cnt == MEMBLOCK_MAX_REGIONS) {
			pr_err("memblock: %s table full (%d regions); [%#lx-%#lx] dropped\n",
			       type->name, MEMBLOCK_MAX_REGIONS, base, end - 1);
			return -ENOSPC;
		}
		memmove(&type->regions[first + 1], &type->regions[first],
			(type->cnt - first) * sizeof(type->regions[0]));
		type->cnt++;
	} else if (merged > 1) {
		memmove(&type->regions[first + 1], &type->regions[i],
			(type->cnt - i) * sizeof(type->regions[0]));
		type->cnt -= merged - 1;
	}
	type->regions[first].base = base;
	type->regions[first].size = end - base;
	return 0;
}

/**
 * memblock_add - add new memblock region
 * @base: base address of the new region
 * @size: size of the new region
 *
 * Add new memblock region [@base, @base + @size) to the "memory" type, merging every region it
 * overlaps or touches, in O(regions). A range that wraps past the top is clipped there.
 *
 * Linux 6.1: the region arrays double when full; here they are fixed at MEMBLOCK_MAX_REGIONS.
 *
 * Context: boot only, one CPU (no lock).
 * Return: 0 on success, -ENOSPC if the table is full (the range is dropped and reported).
 */
int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

/**
 * memblock_reserve - mark a range as in use
 * @base: base address of the range
 * @size: its size
 *
 * Adds [@base, @base + @size) to the "reserved" type, as memblock_add() does to "memory".
 *
 * Context: boot only, one CPU (no lock).
 * Return: 0 on success, -ENOSPC if the table is full.
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

/**
 * memblock_is_reserved - is an address inside a reserved region?
 * @addr: the physical address
 *
 * Context: boot only, or read-only once memblock no longer changes. O(reserved regions).
 * Return: true if @addr is reserved.
 */
bool memblock_is_reserved(phys_addr_t addr)
{
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (addr >= r->base && addr < region_end(r))
			return true;
	}
	return false;
}

/**
 * memblock_next_free_range - the next range of memory that is not reserved
 * @cursor: where to continue from (0 to begin); advanced past the range found
 * @start: set to the range's start
 * @end: set to its end (exclusive)
 *
 * The step of for_each_free_mem_range(). Both lists are sorted: reservations ending before the
 * candidate start are skipped, those covering it are stepped over, and the next one inside the
 * memory region ends the free range.
 *
 * Linux 6.1: __next_mem_range() with a u64 index, also filtering by node and flags.
 *
 * Context: boot only, one CPU; memblock must not change during the walk.
 * Return: true with [*@start, *@end) set, false when no free memory is left past *@cursor.
 */
bool memblock_next_free_range(phys_addr_t *cursor, phys_addr_t *start, phys_addr_t *end)
{
	const struct memblock_type *res = &memblock.reserved;

	for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *m = &memblock.memory.regions[i];
		phys_addr_t s = max(m->base, *cursor), e = region_end(m);
		unsigned long j;

		/* Both lists are sorted: skip reservations ending before s, step over those
		 * covering s, and the next one (if inside) ends the free range. */
		for (j = 0; j < res->cnt && s < e; j++) {
			const struct memblock_region *r = &res->regions[j];

			if (region_end(r) <= s)
				continue;
			if (r->base <= s) {
				s = region_end(r);
				continue;
			}
			e = min(e, r->base);
			break;
		}
		if (s < e) {
			*start = s;
			*end = e;
			*cursor = e;
			return true;
		}
	}
	return false;
}

/**
 * memblock_phys_alloc - allocate a memory block from memblock and reserve it
 * @size: size of memory block to be allocated in bytes
 * @align: alignment of the region and block's size (at least 8)
 *
 * Top-down, like Linux: the highest fitting block below memblock.current_limit, so low memory
 * stays free for what needs it (AP trampolines). The memory is not zeroed and has no direct-map
 * address before paging_init(). Refused (with an error) after mem_init(), when the free memory
 * belongs to the buddy allocator.
 *
 * Context: boot only, one CPU (no lock).
 * Return: physical address of the allocated block, 0 on failure (also for @size 0).
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t cursor, start, end, best = 0;

	if (after_bootmem) {
		pr_err("memblock: allocation of %lu bytes after mem_init(); use alloc_pages()\n",
		       size);
		return 0;
	}
	if (!size)
		return 0;
	if (align < 8)
		align = 8;
	/* Top-down, like Linux: low memory stays free for what needs it (AP trampolines). */
	for_each_free_mem_range(cursor, start, end) {
		phys_addr_t cand;

		end = min(end, memblock.current_limit);
		if (end < size || end - size < start)
			continue;
		cand = ALIGN_DOWN(end - size, align);
		if (cand >= start && cand > best)
			best = cand;
	}
	if (!best || memblock_reserve(best, size))
		return 0;
	return best;
}

/**
 * memblock_alloc_raw - allocate boot memory block without zeroing it
 * @size: size of memory block to be allocated in bytes
 * @align: alignment of the region and block's size
 *
 * For arrays the caller initialises anyway. Needs the direct map, so only from paging_init()
 * on.
 *
 * Linux 6.1: once slab is up it warns and falls back to kzalloc_node(GFP_NOWAIT);
 * here it fails after mem_init().
 *
 * Context: boot only, one CPU.
 * Return: virtual address (through the direct map) of the block, NULL on failure.
 */
void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa;

	if (!direct_map_ready) {
		pr_err("memblock: allocation through the direct map before paging_init()\n");
		return NULL;
	}
	pa = memblock_phys_alloc(size, align);
	return pa ? __va(pa) : NULL;
}

/**
 * memblock_alloc - allocate zeroed boot memory
 * @size: size of memory block to be allocated in bytes
 * @align: alignment of the region and block's size
 *
 * As memblock_alloc_raw(), and the block is zeroed.
 *
 * Context: boot only, one CPU.
 * Return: virtual address of the zeroed block, NULL on failure.
 */
void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	void *p = memblock_alloc_raw(size, align);

	if (p)
		memset(p, 0, size);
	return p;
}

/**
 * memblock_set_current_limit - set the highest address memblock_phys_alloc() may hand out
 * @limit: the limit (exclusive)
 *
 * Until paging_init() only the boot mapping of the first 1 GiB reaches physical memory, so
 * the limit starts at 1 GiB.
 *
 * Context: boot only. Return: nothing.
 */
void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/**
 * memblock_phys_mem_size - the total size of the "memory" regions
 *
 * Context: any; memblock no longer changes after boot. Return: the size in bytes.
 */
phys_addr_t memblock_phys_mem_size(void)
{
	phys_addr_t total = 0;

	for (unsigned long i = 0; i < memblock.memory.cnt; i++)
		total += memblock.memory.regions[i].size;
	return total;
}

/**
 * memblock_end_of_DRAM - the end of the highest memory region
 *
 * Context: any; memblock no longer changes after boot.
 * Return: the physical address just past the last region, 0 if there is none.
 */
phys_addr_t memblock_end_of_DRAM(void)
{
	if (!memblock.memory.cnt)
		return 0;
	return region_end(&memblock.memory.regions[memblock.memory.cnt - 1]);
}
