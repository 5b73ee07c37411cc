/* Allocation flags and the page allocator's interface. Nothing sleeps yet, so GFP_KERNEL and
 * GFP_ATOMIC behave alike; the flags say what the caller could tolerate once reclaim exists. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_HIGH	0x20u	/* may use emergency reserves (atomic context) */
#define __GFP_IO	0x40u
#define __GFP_FS	0x80u
#define __GFP_ZERO	0x100u	/* return zeroed memory */
#define __GFP_NOWARN	0x200u	/* failure is expected: do not log it */
#define __GFP_DIRECT_RECLAIM 0x400u	/* the caller may sleep */

#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_NOWAIT	0u
#define GFP_KERNEL	(__GFP_DIRECT_RECLAIM | __GFP_IO | __GFP_FS)

#define MAX_ORDER	11	/* orders 0..10: blocks of 4 KiB .. 4 MiB */

struct page;

struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp_mask)		alloc_pages(gfp_mask, 0)
#define __get_free_page(gfp_mask)	__get_free_pages(gfp_mask, 0)
#define __free_page(page)		__free_pages(page, 0)
#define free_page(addr)			free_pages(addr, 0)

#endif
