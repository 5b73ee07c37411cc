/* TLB maintenance for kernel mappings. Single CPU for now: remote CPUs get shot down once SMP
 * brings them up. */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <linux/types.h>

static inline void __flush_tlb_one_kernel(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Drop every TLB entry, global ones included, by toggling CR4.PGE. */
void __flush_tlb_all(void);
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

#endif
