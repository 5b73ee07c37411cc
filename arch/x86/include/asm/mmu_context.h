/* Loading an address space on this CPU: the one place CR3 is written after boot, counted per CPU
 * so tests (and show_cpu_stats) can see that kernel-thread switches never write it. */
#ifndef _ASM_MMU_CONTEXT_H
#define _ASM_MMU_CONTEXT_H

#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <asm/page.h>
#include <asm/processor.h>

DECLARE_PER_CPU(unsigned long, nr_cr3_writes);

/* Interrupts off (or at least no migration): the count is this CPU's. Every CR3 write flushes
 * the non-global TLB entries; kernel mappings are global and survive it. */
static inline void load_mm_cr3(struct mm_struct *mm)
{
	write_cr3(__pa(mm->pgd));
	this_cpu_inc(nr_cr3_writes);
}

#endif
