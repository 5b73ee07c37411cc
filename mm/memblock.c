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

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (addr >= r->base && addr < region_end(r))
			return true;
	}
	return false;
}

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

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	void *p = memblock_alloc_raw(size, align);

	if (p)
		memset(p, 0, size);
	return p;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t memblock_phys_mem_size(void)
{
	phys_addr_t total = 0;

	for (unsigned long i = 0; i < memblock.memory.cnt; i++)
		total += memblock.memory.regions[i].size;
	return total;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	if (!memblock.memory.cnt)
		return 0;
	return region_end(&memblock.memory.regions[memblock.memory.cnt - 1]);
}
