/* Kernel page tables: the direct map and the W^X kernel image. Entry bits as the SDM names them
 * (Linux's _PAGE_* spelling), the protections the kernel maps with, and a table walk. */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <linux/types.h>
#include <asm/page.h>

typedef u64 pteval_t;

#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)
#define _PAGE_USER	(1ULL << 2)
#define _PAGE_PWT	(1ULL << 3)
#define _PAGE_PCD	(1ULL << 4)
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_PSE	(1ULL << 7)	/* 2 MiB / 1 GiB page in a PMD / PUD entry */
#define _PAGE_GLOBAL	(1ULL << 8)
#define _PAGE_NX	(1ULL << 63)
#define PTE_PFN_MASK	0x000ffffffffff000ULL

/* PAT index 1 (PWT alone) selects write-combining once pat_init() has run; PCD|PWT (index 3)
 * is UC in both the power-on and Spindle's PAT. */
#define _PAGE_CACHE_WC	_PAGE_PWT
#define _PAGE_CACHE_UC	(_PAGE_PCD | _PAGE_PWT)

#define __PAGE_KERNEL_BASE	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL)
#define PAGE_KERNEL		(__PAGE_KERNEL_BASE | _PAGE_RW | _PAGE_NX)
#define PAGE_KERNEL_RO		(__PAGE_KERNEL_BASE | _PAGE_NX)
#define PAGE_KERNEL_RX		(__PAGE_KERNEL_BASE)
#define PAGE_KERNEL_NOCACHE	(PAGE_KERNEL | _PAGE_CACHE_UC)

/* NX is cleared from every entry when EFER.NXE is off (a set NX bit would be reserved then). */
extern pteval_t __supported_pte_mask;
/* True when PAT is programmed with WC at index 1 (else ioremap_wc falls back to UC). */
extern bool pat_enabled;

enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
};

/* Set once paging_init() has switched to the direct map: __va() works from then on. */
extern bool direct_map_ready;

/* The kernel's top-level table: every mm will share its kernel half. */
extern pteval_t init_top_pgt[PTRS_PER_PGD];

/*
 * The top-level entries every page table copies from init_top_pgt (Linux's clone_pgd_range()
 * of them in pgd_alloc()).
 * Linux 6.1: KERNEL_PGD_BOUNDARY is pgd_index(PAGE_OFFSET), entry 273, the direct map up;
 * Spindle shares the whole upper half, from entry 256, so that a kernel mapping added anywhere
 * there after boot reaches every mm.
 */
#define KERNEL_PGD_BOUNDARY	(PTRS_PER_PGD / 2)
#define KERNEL_PGD_PTRS		(PTRS_PER_PGD - KERNEL_PGD_BOUNDARY)

void paging_init(void);
/* Program the PAT MSR (each CPU calls it before using WC mappings). */
void pat_init(void);
/* The entry mapping addr (a PTE, or a PMD/PUD for a large page) and its level; NULL when addr
 * is not mapped. */
pteval_t *lookup_address(unsigned long addr, unsigned int *level);
/* Map [va, va+size) to [pa, pa+size) in the kernel page tables with 4 KiB pages; the tables
 * come from memblock until the page allocator is up. Returns 0 or -ENOMEM. */
int vmap_pages_range(unsigned long va, phys_addr_t pa, unsigned long size, pteval_t prot);
/* Clear the 4 KiB entries of [va, va+size) (no TLB flush: the caller flushes). */
void vunmap_range(unsigned long va, unsigned long size);
/* Page-table pages the kernel mappings hold (they are never freed): leak checks add them to
 * nr_free_pages() so a table allocated on first use of a region is not taken for a leak. */
unsigned long nr_kernel_pgtable_pages(void);
/* True when [pa, pa+size) lies inside the direct map. */
bool direct_map_covers(phys_addr_t pa, unsigned long size);

#endif
