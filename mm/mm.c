/* Address spaces: init_mm (the kernel's), mm_alloc() for a new one that shares the kernel half,
 * its lifetime (mmput/__mmdrop; Linux keeps these in kernel/fork.c), and the lazy-TLB side of
 * it: kthread_use_mm()/kthread_unuse_mm() for a kernel thread that temporarily works in another
 * address space (Linux's kernel/kthread.c). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>

/* Never freed: its count starts at 1 for the kernel itself. */
struct mm_struct init_mm = {
	.mm_rb		= RB_ROOT,
	.pgd		= (u64 *)init_top_pgt,
	.mm_users	= 2,
	.mm_count	= 1,
	.page_table_lock = __SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
	.mmap_lock	= __MUTEX_INITIALIZER(init_mm.mmap_lock),
	.name		= "init_mm",
};

/*
 * Linux's mmap_base() without randomization: the stack may grow to its rlimit (8 MiB) plus
 * Linux's stack guard gap, and the gap is at least 128 MiB, so mmap() starts that far below
 * the stack top.
 */
#define MMAP_BASE_GAP	(128UL << 20)

/**
 * mm_alloc - a new address space
 *
 * The top level of the new page table gets the kernel half (entries 256-511) of init_mm's: the
 * lower levels are shared, so every kernel mapping made later is seen by all address spaces
 * (the vmalloc area's top-level entry exists from boot, see paging_init). The user half is
 * empty: no VMA, no page table below the PGD.
 *
 * Context: process context, may sleep. Return: the mm with mm_users and mm_count 1, or NULL
 * without memory (nothing is left allocated then).
 */
struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	u64 *pgd;

	if (!mm)
		return NULL;
	pgd = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!pgd) {
		kfree(mm);
		return NULL;
	}
	memcpy(pgd + KERNEL_PGD_BOUNDARY, init_mm.pgd + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_PTRS * sizeof(*pgd));
	mm->pgd = pgd;
	mm->mm_rb = RB_ROOT;
	mm->mm_users = 1;
	mm->mm_count = 1;
	spin_lock_init(&mm->page_table_lock);
	mutex_init(&mm->mmap_lock);
	mm->task_size = TASK_SIZE_MAX;
	mm->mmap_base = PAGE_ALIGN(STACK_TOP - MMAP_BASE_GAP);
	mm->name = "mm_alloc";
	return mm;
}

/**
 * __mmdrop - free an mm whose last reference went
 * @mm: the address space; exit_mmap() already emptied its user half
 *
 * Context: any context that may free pages (it runs in finish_task_switch() after a lazy
 * borrower lets go). Return: nothing.
 */
void __mmdrop(struct mm_struct *mm)
{
	if (WARN(mm == &init_mm, "init_mm's last reference dropped\n"))
		return;
	WARN_ON_ONCE(mm->map_count || !RB_EMPTY_ROOT(&mm->mm_rb));
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

/**
 * mmput - drop a user of @mm
 * @mm: the address space
 *
 * The last user tears the user half down (exit_mmap(): every VMA, page and page-table page)
 * and gives up the users' shared mm_count reference; the struct and its PGD go when the last
 * lazy borrower lets go too (__mmdrop()).
 *
 * Context: process context: the last put sleeps (mmap_lock, TLB shootdown IPIs). Linux 6.1
 * offers mmput_async() for atomic callers; Spindle has none.
 * Return: nothing.
 */
void mmput(struct mm_struct *mm)
{
	might_sleep();
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL) == 0) {
		exit_mmap(mm);
		mmdrop(mm);
	}
}

DEFINE_PER_CPU(unsigned long, nr_cr3_writes);

/**
 * kthread_use_mm - a kernel thread adopts @mm as its own for a while
 * @mm: the address space; the thread takes a user reference (mmget) until kthread_unuse_mm()
 *
 * It becomes this kernel thread's mm, so a switch back to the thread reloads it, and
 * copy_to_user() and friends reach its user half. The reference the thread held on its
 * borrowed active_mm is exchanged for one on @mm. Loading it is a switch_mm_irqs_off(): a CPU
 * that was lazily on @mm and missed a flush catches up here.
 *
 * Context: a kernel thread without an mm of its own; may sleep (it may drop the last
 * reference to the mm it borrowed). Return: nothing.
 */
void kthread_use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active_mm;
	unsigned long flags;

	WARN_ON_ONCE(!(tsk->flags & PF_KTHREAD));
	WARN_ON_ONCE(tsk->mm);
	mmget(mm);
	preempt_disable();
	active_mm = tsk->active_mm;
	if (active_mm != mm) {
		mmgrab(mm);
		tsk->active_mm = mm;
	}
	tsk->mm = mm;
	local_irq_save(flags);
	switch_mm_irqs_off(active_mm, mm, tsk);
	local_irq_restore(flags);
	preempt_enable();
	if (active_mm != mm)
		mmdrop(active_mm);
}

/**
 * kthread_unuse_mm - give @mm up again
 * @mm: what kthread_use_mm() adopted
 *
 * Linux stays lazily on @mm (enter_lazy_tlb()); Spindle goes back to init_mm at once, so the
 * thread's switches write no CR3 and its reference on @mm goes now rather than at the next
 * switch to a user mm.
 *
 * Context: the kernel thread that adopted @mm; may sleep (the last mmput() runs exit_mmap()).
 * Return: nothing.
 */
void kthread_unuse_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	if (WARN_ON_ONCE(tsk->mm != mm))
		return;
	preempt_disable();
	tsk->mm = NULL;
	mmgrab(&init_mm);
	tsk->active_mm = &init_mm;
	local_irq_save(flags);
	switch_mm_irqs_off(mm, &init_mm, tsk);
	local_irq_restore(flags);
	preempt_enable();
	mmdrop(mm);
	mmput(mm);
}
