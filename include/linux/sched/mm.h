/* Reference counting of address spaces, as Linux's sched/mm.h: mmgrab/mmdrop keep the struct
 * (and its page tables) alive for a task that only borrows it, mmget/mmput count real users. */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

#include <linux/mm_types.h>

struct task_struct;

void __mmdrop(struct mm_struct *mm);
struct mm_struct *get_task_mm(struct task_struct *task);

/*
 * A kernel thread switched in after a task with an mm keeps running on that mm's page tables
 * (no CR3 write), so it must hold the struct alive until it switches away: mmgrab() here,
 * mmdrop() in finish_task_switch(). The count is atomic because the drop may run on any CPU.
 */
static inline void mmgrab(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED);
}

static inline void mmdrop(struct mm_struct *mm)
{
	if (__atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL) == 0)
		__mmdrop(mm);
}

static inline void mmget(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
}

/* Drop a user; the last one frees the user half (mm/mm.c has the kernel-doc). */
void mmput(struct mm_struct *mm);

/* A new address space with an empty user half, sharing the kernel half of init_mm's page
 * tables; NULL without memory (mm/mm.c has the kernel-doc). */
struct mm_struct *mm_alloc(void);

/* A kernel thread adopts @mm as its own for a while (Linux's kthread_use_mm): CR3 is switched
 * to it now and at every switch back to this thread, until kthread_unuse_mm(). */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);

#endif
