/* Page sizes and the two kernel address ranges: the direct map of all RAM at PAGE_OFFSET and the
 * kernel image at __START_KERNEL_map, with the conversions between virtual and physical. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <linux/types.h>
#include <asm/boot.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PUD_SHIFT		30
#define PUD_SIZE		(1UL << PUD_SHIFT)
#define PGDIR_SHIFT		39
/* Entries per table at each of the four levels.
 * Linux 6.1: in asm/pgtable_64_types.h; Spindle keeps the paging constants together here. */
#define PTRS_PER_PGD		512
#define PTRS_PER_PUD		512
#define PTRS_PER_PMD		512
#define PTRS_PER_PTE		512

/* Linux's values: the direct map starts at PAGE_OFFSET, the kernel image is linked at
 * __START_KERNEL_map (asm/boot.h) + its physical address (see linker.ld). */
#define PAGE_OFFSET		0xffff888000000000UL

/* User space is the lower half of the 48-bit address space, less its last page (Linux's
 * TASK_SIZE_MAX: the page just below the non-canonical hole stays unmapped, so a syscall's
 * return address can never be the first non-canonical one). STACK_TOP: where exec puts the
 * user stack. */
#define TASK_SIZE_MAX		((1UL << 47) - PAGE_SIZE)
#define TASK_SIZE		TASK_SIZE_MAX
#define STACK_TOP		TASK_SIZE_MAX

#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PFN_UP(x)		(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)		((phys_addr_t)(x) << PAGE_SHIFT)

/* A kernel-image address converts through __START_KERNEL_map, anything else through the direct
 * map, so __pa() works on both statics and allocated memory. */
static inline phys_addr_t __phys_addr(unsigned long x)
{
	if (x >= __START_KERNEL_map)
		return x - __START_KERNEL_map;
	return x - PAGE_OFFSET;
}

#define __pa(x)			__phys_addr((unsigned long)(x))
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))

/* Zero one 4 KiB page with plain 64-byte stores: string instructions (rep stos) cost an
 * emulator exit per iteration under QEMU's TCG, this loop does not, and on hardware it is as
 * fast as the memory. */
static inline void clear_page(void *page)
{
	unsigned long n = PAGE_SIZE / 64;

	__asm__ __volatile__(
		"1:	movq $0, 0(%0)\n"
		"	movq $0, 8(%0)\n"
		"	movq $0, 16(%0)\n"
		"	movq $0, 24(%0)\n"
		"	movq $0, 32(%0)\n"
		"	movq $0, 40(%0)\n"
		"	movq $0, 48(%0)\n"
		"	movq $0, 56(%0)\n"
		"	addq $64, %0\n"
		"	decq %1\n"
		"	jnz 1b\n"
		: "+r"(page), "+r"(n) : : "memory");
}

/* Copy one 4 KiB page with 64-byte rounds of plain moves, for clear_page()'s reason: a "rep
 * movs" costs TCG an exit per iteration (Linux's copy_page() uses "rep movsq" where the CPU has
 * fast strings). */
static inline void copy_page(void *to, const void *from)
{
	unsigned long n = PAGE_SIZE / 64, t0, t1, t2, t3;

	__asm__ __volatile__(
		"1:	movq 0(%[f]), %[a]\n"
		"	movq 8(%[f]), %[b]\n"
		"	movq 16(%[f]), %[c]\n"
		"	movq 24(%[f]), %[d]\n"
		"	movq %[a], 0(%[t])\n"
		"	movq %[b], 8(%[t])\n"
		"	movq %[c], 16(%[t])\n"
		"	movq %[d], 24(%[t])\n"
		"	movq 32(%[f]), %[a]\n"
		"	movq 40(%[f]), %[b]\n"
		"	movq 48(%[f]), %[c]\n"
		"	movq 56(%[f]), %[d]\n"
		"	movq %[a], 32(%[t])\n"
		"	movq %[b], 40(%[t])\n"
		"	movq %[c], 48(%[t])\n"
		"	movq %[d], 56(%[t])\n"
		"	addq $64, %[f]\n"
		"	addq $64, %[t]\n"
		"	decq %[n]\n"
		"	jnz 1b\n"
		: [t] "+r"(to), [f] "+r"(from), [n] "+r"(n), [a] "=&r"(t0), [b] "=&r"(t1),
		  [c] "=&r"(t2), [d] "=&r"(t3)
		: : "memory");
}

static inline phys_addr_t virt_to_phys(const volatile void *address)
{
	return __pa(address);
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return __va(address);
}

#endif
