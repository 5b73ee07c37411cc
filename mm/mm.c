/* Address spaces: init_mm (the kernel's), mm_alloc() for a new one that shares the kernel half,
 * and the lazy-TLB side of it: kthread_use_mm()/kthread_unuse_mm() for a kernel thread that
 * temporarily works in another address space. */
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
	.pgd		= (u64 *)init_top_pgt,
	.mm_users	= 2,
	.mm_count	= 1,
	.name		= "init_mm",
};

/*
 * The top level of the new page table gets the kernel half (entries 256-511) of init_mm's: the
 * lower levels are shared, so every kernel mapping made later is seen by all address spaces
 * (the vmalloc area's top-level entry exists from boot, see paging_init).
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
	memcpy(pgd + PTRS_PER_TABLE / 2, init_mm.pgd + PTRS_PER_TABLE / 2,
	       PTRS_PER_TABLE / 2 * sizeof(*pgd));
	mm->pgd = pgd;
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->name = "mm_alloc";
	return mm;
}

void __mmdrop(struct mm_struct *mm)
{
	if (WARN(mm == &init_mm, "init_mm's last reference dropped\n"))
		return;
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

DEFINE_PER_CPU(unsigned long, nr_cr3_writes);

static inline void load_mm(struct mm_struct *mm)
{
	unsigned long flags;

	local_irq_save(flags);
	load_mm_cr3(mm);
	local_irq_restore(flags);
}

/*
 * Adopt @mm: it becomes this kernel thread's mm, so a switch back to the thread reloads it.
 * The reference the thread held on its borrowed active_mm is exchanged for one on @mm.
 */
void kthread_use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active_mm;

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
	if (active_mm != mm)
		load_mm(mm);
	preempt_enable();
	if (active_mm != mm)
		mmdrop(active_mm);
}

/*
 * Give @mm up. Linux stays lazily on it; Spindle goes back to init_mm at once, so the last
 * mmput() can free it without a TLB shootdown to CPUs still borrowing it.
 */
void kthread_unuse_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	if (WARN_ON_ONCE(tsk->mm != mm))
		return;
	preempt_disable();
	tsk->mm = NULL;
	mmgrab(&init_mm);
	tsk->active_mm = &init_mm;
	load_mm(&init_mm);
	preempt_enable();
	mmdrop(mm);
	mmput(mm);
}
