/* Loading an address space on this CPU (Linux's arch/x86/include/asm/mmu_context.h): the one
 * place CR3 is written after boot, counted per CPU so tests (and show_cpu_stats) can see that
 * kernel-thread switches never write it; switch_mm_irqs_off() and enter_lazy_tlb() live in
 * arch/x86/tlb.c. */
#ifndef _ASM_MMU_CONTEXT_H
#define _ASM_MMU_CONTEXT_H

#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <asm/page.h>
#include <asm/processor.h>

struct task_struct;

DECLARE_PER_CPU(unsigned long, nr_cr3_writes);

/* Interrupts off (or at least no migration): the count is this CPU's. Every CR3 write flushes
 * the non-global TLB entries; kernel mappings are global and survive it. */
static inline void load_mm_cr3(struct mm_struct *mm)
{
	write_cr3(__pa(mm->pgd));
	this_cpu_inc(nr_cr3_writes);
}

/* Load @next on this CPU, interrupts off (arch/x86/tlb.c has the kernel-doc). */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk);

/* A kernel thread borrows the loaded mm: lazy mode (arch/x86/tlb.c). */
void enter_lazy_tlb(struct mm_struct *mm, struct task_struct *tsk);

#endif
