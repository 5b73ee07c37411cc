/* TLB maintenance for kernel mappings: the local primitives, and flush_tlb_kernel_range(), which
 * shoots the range down on every online CPU (arch/x86/tlb.c). */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <linux/types.h>

static inline void __flush_tlb_one_kernel(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Drop every TLB entry on this CPU, global ones included, by toggling CR4.PGE. */
void __flush_tlb_all(void);

/*
 * After a kernel mapping in [start, end) was removed or changed: no CPU may keep the old
 * translation (kernel mappings are global, so no CR3 write ever drops them). Flushes here and,
 * through the function-call IPI, on every other online CPU, and returns once all have. Call with
 * interrupts on once other CPUs are online.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
/* The same for every kernel mapping. */
void flush_tlb_all(void);

/* Above this many pages one full flush replaces the invlpg loop (Linux's default, 33). */
extern unsigned long tlb_single_page_flush_ceiling;

#endif
