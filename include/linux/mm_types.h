/* struct mm_struct: an address space. Kernel threads have none of their own (task->mm == NULL)
 * and run on the one they borrow in task->active_mm (lazy TLB); init_mm is the kernel's. */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct mm_struct {
	u64 *pgd;		/* top-level page table (PML4), direct-mapped */
	int mm_users;		/* tasks using it as their mm (kthread_use_mm counts too) */
	int mm_count;		/* references to the struct: one for all users, one per lazy borrower */
	const char *name;	/* for reports: "init_mm" or who made it */
};

extern struct mm_struct init_mm;

#endif
