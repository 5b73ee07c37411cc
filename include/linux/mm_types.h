/* struct mm_struct: an address space, and struct vm_area_struct: one mapped range of its user
 * half (Linux's include/linux/mm_types.h). Kernel threads have no mm of their own
 * (task->mm == NULL) and run on the one they borrow in task->active_mm (lazy TLB); init_mm is
 * the kernel's. */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>

/* vm_flags, Linux's values. VM_MAY* say what mprotect() could allow later; Spindle sets them
 * as Linux does for private anonymous memory. */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL	/* a stack: a fault just below it extends it */
#define VM_ACCOUNT	0x00100000UL

#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_FLAGS		(VM_GROWSDOWN | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT)

struct mm_struct;

/* One mapping: [vm_start, vm_end), page aligned, of anonymous private memory. */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;		/* the first byte after */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;
	/* The program file a segment came from (exec sets it), for reports: Linux maps the
	 * file's pages, Spindle copies them into anonymous memory. NULL: anonymous. The root's
	 * inodes are never freed. */
	struct inode *vm_file;
	/* Linux 6.1: VMAs live in the mm's maple tree; Spindle keeps them in an rbtree sorted by
	 * address (Linux up to 6.0 did too), so find_vma() is O(log n). */
	struct rb_node vm_rb;
};

/* Linux's mm_context_t, the x86 part of an mm: only what the TLB code needs. */
typedef struct {
	/* Bumped (atomically) before every flush of this mm's user TLB entries; a CPU that has
	 * seen an older value must flush before it trusts its TLB again (arch/x86/tlb.c).
	 * Linux 6.1: an atomic64_t; Spindle uses a u64 with the __atomic builtins. */
	u64 tlb_gen;
} mm_context_t;

struct mm_struct {
	/* Linux 6.1: struct maple_tree mm_mt; Spindle: an rbtree of vm_area_struct by address. */
	struct rb_root mm_rb;
	unsigned long mmap_base;	/* where top-down mmap() searches start */
	unsigned long task_size;	/* the user half's end (TASK_SIZE_MAX) */
	u64 *pgd;			/* top-level page table (PML4), direct-mapped */
	int mm_users;			/* tasks using it as their mm (kthread_use_mm counts too) */
	int mm_count;			/* references to the struct: one for all users, one per lazy
					 * borrower */
	int map_count;			/* number of VMAs */
	/* Protects the lower levels of the user half of pgd: a page-table page is installed
	 * under it, so two faults never both install one. Taken in process context, never
	 * from interrupts. */
	spinlock_t page_table_lock;
	/* Protects mm_rb, map_count, the VMAs' fields and the layout fields below; held
	 * across a fault, mmap, munmap and brk. Sleeps: process context only.
	 * Linux 6.1: an rw_semaphore (faults take it for reading, in parallel); Spindle's is a
	 * mutex, so faults on one mm are serialized. */
	struct mutex mmap_lock;
	unsigned long total_vm;		/* pages mapped */
	/* The layout exec sets up (fs/exec.c, fs/binfmt_elf.c fill these). */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	mm_context_t context;
	const char *name;		/* for reports: "init_mm" or who made it */
	/* CPUs that have this mm loaded in CR3 (or, lazily, still have it there): where a
	 * flush must reach. Linux 6.1: a variable-length bitmap at the end of the struct. */
	struct cpumask cpu_bitmap;
};

/* The CPUs whose TLB may hold entries of @mm (Linux's mm_cpumask()). */
static inline struct cpumask *mm_cpumask(struct mm_struct *mm)
{
	return &mm->cpu_bitmap;
}

extern struct mm_struct init_mm;

#endif
