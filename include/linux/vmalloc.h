/* The vmalloc area: virtually contiguous kernel memory built from single pages, each area
 * preceded by an unmapped guard page (kernel stacks live here, so an overflow faults instead of
 * overwriting a neighbour). ioremap/memremap (linux/io.h) map device and firmware memory here. */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/io.h>

/* Linux's start; Spindle's area is the one top-level entry (512 GiB) created by paging_init(). */
#define VMALLOC_START	0xffffc90000000000UL
#define VMALLOC_END	(VMALLOC_START + (1UL << 39))

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE	(-1)
#endif

struct page;

void vmalloc_init(void);
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
/* size bytes whose first byte is align-aligned (kernel stacks: THREAD_SIZE, THREAD_SIZE). */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller);
void vfree(const void *addr);
struct page *vmalloc_to_page(const void *addr);

static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long a = (unsigned long)x;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/* addr lies in the guard page below a live area (the double-fault handler asks this to tell a
 * kernel stack overflow from other double faults). Takes no lock. */
bool is_vmalloc_guard_page(unsigned long addr);

#endif
