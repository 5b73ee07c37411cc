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

/* ---- User address spaces (mm/memory.c, mm/mmap.c; kernel-doc at the definitions) ---------- */

struct mm_struct;
struct vm_area_struct;
struct pt_regs;

/* handle_mm_fault()'s flags and result, Linux's values. */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_USER		0x40
#define FAULT_FLAG_REMOTE	0x80
#define FAULT_FLAG_INSTRUCTION	0x100

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGSEGV	0x000040
/* Linux 6.1: also VM_FAULT_SIGBUS, HWPOISON..., which anonymous memory never returns. */
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGSEGV)

/* access_remote_vm()'s gup_flags, Linux's values. */
#define FOLL_WRITE		0x01
#define FOLL_FORCE		0x10

/* Lowest address mmap() hands out or MAP_FIXED may use (Linux's mmap_min_addr, as x86
 * distributions configure it). */
#define mmap_min_addr		65536UL
/* Linux's default vm.max_map_count. */
#define DEFAULT_MAX_MAP_COUNT	65530

/*
 * Pages and page-table pages taken out of an mm, freed only after the TLB flush that makes
 * them unreachable (Linux's struct mmu_gather, include/asm-generic/tlb.h; Linux 6.1 batches
 * pages in arrays, Spindle chains them through page->lru).
 */
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;	/* the range to flush; start > end: nothing yet */
	struct list_head pages;
	bool freed_tables;
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_finish_mmu(struct mmu_gather *tlb);

void free_pgtables(struct mmu_gather *tlb, unsigned long floor, unsigned long ceiling);
void free_pgtables_exit(struct mmu_gather *tlb);
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
void unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma, unsigned long start,
		unsigned long end);
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags,
			   struct pt_regs *regs);
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags);

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags);
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags);
unsigned long vm_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int vm_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int vm_brk_flags(unsigned long addr, unsigned long request, unsigned long flags);
void exit_mmap(struct mm_struct *mm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
void print_vma_addr(const char *prefix, unsigned long ip);

#endif
