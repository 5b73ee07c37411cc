/* Loading an address space on this CPU (Linux's arch/x86/include/asm/mmu_context.h): the one
 * place CR3 is written after boot, counted per CPU so tests (and show_cpu_stats) can see that
 * kernel-thread switches never write it; switch_mm_irqs_off() lives in arch/x86/tlb.c. */
#ifndef _ASM_MMU_CONTEXT_H
#define _ASM_MMU_CONTEXT_H

#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>

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

/**
 * enter_lazy_tlb - a kernel thread is about to run on whatever mm is loaded
 * @mm: the mm it borrows (the previous task's active_mm)
 * @tsk: the kernel thread
 *
 * With a user mm loaded the CPU turns lazy: flushes of that mm skip it (no IPI) and it catches
 * up in switch_mm_irqs_off() when it next loads a user mm. Inline, as Linux's: it is on every
 * switch to a kernel thread.
 *
 * Context: interrupts off (context_switch()). Return: nothing.
 */
static inline void enter_lazy_tlb(struct mm_struct *mm, struct task_struct *tsk)
{
	if (this_cpu_read(cpu_tlbstate.loaded_mm) == &init_mm)
		return;
	this_cpu_inc(tlb_stats.lazy_borrow);
	if (!this_cpu_read(cpu_tlbstate.is_lazy)) {
		this_cpu_write(cpu_tlbstate.is_lazy, true);
		this_cpu_inc(tlb_stats.lazy_enter);
	}
}

#endif
