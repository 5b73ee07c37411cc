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

/**
 * switch_mm_irqs_off - make @next the address space this CPU runs on
 * @prev: the mm the outgoing task ran on (its active_mm); only a hint, the CPU's own record
 *	(cpu_tlbstate.loaded_mm) decides
 * @next: the mm to load
 * @tsk: the task it is loaded for
 *
 * Writes CR3 only when @next is not loaded already, or when it is but this CPU missed a flush
 * of it while lazy (its tlb_gen moved on). Moves this CPU from the old mm's mm_cpumask to
 * @next's and leaves lazy mode.
 *
 * Context: interrupts off. Return: nothing.
 */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk);

/**
 * enter_lazy_tlb - a kernel thread is about to run on whatever mm is loaded
 * @mm: the mm it borrows (the previous task's active_mm)
 * @tsk: the kernel thread
 *
 * With a user mm loaded the CPU turns lazy: flushes of that mm skip it (no IPI) and it catches
 * up in switch_mm_irqs_off() when it next loads a user mm.
 *
 * Context: interrupts off (context_switch()). Return: nothing.
 */
void enter_lazy_tlb(struct mm_struct *mm, struct task_struct *tsk);

#endif
