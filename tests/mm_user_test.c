/* Self-tests for user address spaces without user mode: an mm from mm_alloc() gets anonymous
 * mappings (do_mmap), a kernel thread adopts it (kthread_use_mm) and reaches it with the uaccess
 * calls, which fault pages in on demand; bad pointers give -EFAULT or short counts; munmap
 * splits; dup_mmap copies; the last mmput gives every page back; a failed allocation anywhere
 * leaves nothing behind; and a CPU that was lazy when a mapping went away flushes before it uses
 * the mm again. Every case must leave the free-page and slab counters where it found them. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/mmu_context.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/ptrace.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include <ktest.h>
#include "sched_test_util.h"

/* A fixed address 1 GiB-aligned, so the first touch allocates exactly one PUD, PMD and PTE
 * table besides the page. */
#define UADDR		0x40000000UL
#define PROT_RW		(PROT_READ | PROT_WRITE)
#define MAP_ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS)

long __x64_sys_brk(const struct pt_regs *regs);
long __x64_sys_mmap(const struct pt_regs *regs);
long __x64_sys_munmap(const struct pt_regs *regs);

static struct {
	unsigned long pages;
	unsigned long objects;
} baseline;

static unsigned long pages_accounted(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

static int mm_user_init(struct ktest *test)
{
	drain_cached_stacks();
	baseline.pages = pages_accounted();
	baseline.objects = slab_objects_in_use();
	return 0;
}

static void mm_user_exit(struct ktest *test)
{
	drain_cached_stacks();
	KTEST_EXPECT_EQ(test, pages_accounted(), baseline.pages);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), baseline.objects);
}

static unsigned long map(struct mm_struct *mm, unsigned long addr, unsigned long len,
			 unsigned long prot, unsigned long flags)
{
	return vm_mmap(mm, addr, len, prot, flags);
}

/* do_mmap's answers, Linux's errno values, placement and merging. */
static void mmap_checks_and_places(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long a, b;

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_EXPECT_EQ(test, (long)map(mm, 0, 0, PROT_RW, MAP_ANON_PRIV), -EINVAL);
	KTEST_EXPECT_EQ(test, (long)map(mm, 0, PAGE_SIZE, PROT_RW, MAP_SHARED | MAP_ANONYMOUS),
			-EINVAL);
	KTEST_EXPECT_EQ(test, (long)map(mm, UADDR + 1, PAGE_SIZE, PROT_RW,
					MAP_ANON_PRIV | MAP_FIXED), -EINVAL);
	KTEST_EXPECT_EQ(test, (long)map(mm, 0, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			-EPERM);
	KTEST_EXPECT_EQ(test, (long)map(mm, 0, TASK_SIZE_MAX + PAGE_SIZE, PROT_RW, MAP_ANON_PRIV),
			-ENOMEM);
	KTEST_EXPECT_EQ(test, (long)map(mm, 0, -PAGE_SIZE / 2, PROT_RW, MAP_ANON_PRIV), -ENOMEM);
	KTEST_EXPECT_EQ(test, (long)map(mm, TASK_SIZE_MAX - PAGE_SIZE, 2 * PAGE_SIZE, PROT_RW,
					MAP_ANON_PRIV | MAP_FIXED), -ENOMEM);

	/* Top-down below mmap_base, the next one right below it, merged into one VMA. */
	a = map(mm, 0, 3 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV);
	KTEST_EXPECT_EQ(test, a, mm->mmap_base - 3 * PAGE_SIZE);
	b = map(mm, 0, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV);
	KTEST_EXPECT_EQ(test, b, a - PAGE_SIZE);
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	/* Another protection does not merge; a hint is rounded down and taken when free. */
	KTEST_EXPECT_EQ(test, map(mm, 0, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV), b - PAGE_SIZE);
	KTEST_EXPECT_EQ(test, map(mm, UADDR + 5, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV), UADDR);
	KTEST_EXPECT_EQ(test, mm->map_count, 3);
	KTEST_EXPECT_EQ(test, (long)map(mm, UADDR, 2 * PAGE_SIZE, PROT_RW,
					MAP_ANON_PRIV | MAP_FIXED_NOREPLACE), -EEXIST);
	/* A hint on a mapping goes elsewhere; MAP_FIXED replaces. */
	KTEST_EXPECT_NE(test, map(mm, UADDR, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV), UADDR);
	KTEST_EXPECT_EQ(test, map(mm, UADDR, 2 * PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR);
	mutex_lock(&mm->mmap_lock);
	KTEST_EXPECT_NOT_NULL(test, find_vma(mm, UADDR));
	if (find_vma(mm, UADDR)) {
		KTEST_EXPECT_EQ(test, find_vma(mm, UADDR)->vm_start, UADDR);
		KTEST_EXPECT_EQ(test, find_vma(mm, UADDR)->vm_end, UADDR + 2 * PAGE_SIZE);
		KTEST_EXPECT_EQ(test, find_vma(mm, UADDR)->vm_flags & (VM_READ | VM_WRITE), VM_READ);
	}
	KTEST_EXPECT_NULL(test, find_vma_intersection(mm, PAGE_SIZE, UADDR));
	mutex_unlock(&mm->mmap_lock);
	mmput(mm);
}

/* First touches allocate: one page each, and one PUD, PMD and PTE table for the first. */
static void uaccess_faults_pages_in(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	char buf[64], kbuf[3 * PAGE_SIZE];
	char __user *u = (char __user *)UADDR;
	unsigned long before;
	u64 v64 = 0;
	u32 v32 = 0;
	u16 v16 = 0;
	u8 v8 = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_ASSERT_EQ(test, map(mm, UADDR, 4 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	kthread_use_mm(mm);
	before = nr_free_pages();
	KTEST_EXPECT_EQ(test, get_user(v64, (u64 __user *)u), 0);
	KTEST_EXPECT_EQ(test, v64, 0);	/* a zeroed page */
	KTEST_EXPECT_EQ(test, before - nr_free_pages(), 4);
	memset(kbuf, 0x5a, sizeof(kbuf));
	KTEST_EXPECT_EQ(test, copy_to_user(u + 100, kbuf, sizeof(kbuf)), 0);
	KTEST_EXPECT_EQ(test, before - nr_free_pages(), 7);
	memset(kbuf, 0, sizeof(kbuf));
	KTEST_EXPECT_EQ(test, copy_from_user(kbuf, u + 100, sizeof(kbuf)), 0);
	KTEST_EXPECT_EQ(test, kbuf[0], 0x5a);
	KTEST_EXPECT_EQ(test, kbuf[sizeof(kbuf) - 1], 0x5a);

	KTEST_EXPECT_EQ(test, put_user((u8)0x11, (u8 __user *)u), 0);
	KTEST_EXPECT_EQ(test, put_user((u16)0x2222, (u16 __user *)(u + 2)), 0);
	KTEST_EXPECT_EQ(test, put_user((u32)0x33333333, (u32 __user *)(u + 4)), 0);
	KTEST_EXPECT_EQ(test, put_user(0x4444444444444444ULL, (u64 __user *)(u + 8)), 0);
	KTEST_EXPECT_EQ(test, get_user(v8, (u8 __user *)u), 0);
	KTEST_EXPECT_EQ(test, get_user(v16, (u16 __user *)(u + 2)), 0);
	KTEST_EXPECT_EQ(test, get_user(v32, (u32 __user *)(u + 4)), 0);
	KTEST_EXPECT_EQ(test, get_user(v64, (u64 __user *)(u + 8)), 0);
	KTEST_EXPECT_EQ(test, v8, 0x11);
	KTEST_EXPECT_EQ(test, v16, 0x2222);
	KTEST_EXPECT_EQ(test, v32, 0x33333333);
	KTEST_EXPECT_UEQ(test, v64, 0x4444444444444444ULL);

	/* strncpy_from_user: the length, or count without a NUL in reach. */
	KTEST_EXPECT_EQ(test, copy_to_user(u + 200, "hello", 6), 0);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, u + 200, sizeof(buf)), 5);
	KTEST_EXPECT_STREQ(test, buf, "hello");
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, u + 200, 3), 3);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, u + 200, 0), 0);
	KTEST_EXPECT_EQ(test, clear_user(u + 200, 6), 0);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, u + 200, sizeof(buf)), 0);
	KTEST_EXPECT_EQ(test, before - nr_free_pages(), 7);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* Nothing but -EFAULT and short counts: NULL, unmapped, kernel, across TASK_SIZE_MAX, huge,
 * read-only, partly mapped; no mm; and with page faults not allowed (preemption off). */
static void uaccess_bad_pointers_efault(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	char __user *u = (char __user *)UADDR;
	char __user *end = u + 2 * PAGE_SIZE;
	char kbuf[256], buf[16];
	unsigned long v = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	/* No mm at all: a kernel thread's uaccess fails, it does not oops. */
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)u), -EFAULT);
	KTEST_EXPECT_EQ(test, copy_to_user(u, kbuf, 8), 8);

	KTEST_ASSERT_EQ(test, map(mm, UADDR, 2 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	KTEST_ASSERT_EQ(test, map(mm, UADDR + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR + 4 * PAGE_SIZE);
	kthread_use_mm(mm);
	memset(kbuf, 'x', sizeof(kbuf));
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(test, put_user(1UL, (unsigned long __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)end), -EFAULT);
	KTEST_EXPECT_EQ(test, v, 0);
	/* A kernel address is refused before any access, however mapped it is. */
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)&baseline), -EFAULT);
	KTEST_EXPECT_EQ(test, copy_from_user(kbuf, (void __user *)&baseline, 8), 8);
	KTEST_EXPECT_EQ(test, copy_to_user((void __user *)(TASK_SIZE_MAX - 8), kbuf, 16), 16);
	KTEST_EXPECT_EQ(test, copy_to_user(u, kbuf, ~0UL), ~0UL);
	KTEST_EXPECT_EQ(test, copy_from_user(kbuf, (void __user *)(TASK_SIZE_MAX - 8), 16), 16);
	KTEST_EXPECT_EQ(test, kbuf[0], 0);	/* what was not copied is zeroed */
	KTEST_EXPECT_EQ(test, clear_user((void __user *)(TASK_SIZE_MAX - 1), 2), 2);
	/* Read-only: reads work, writes fail. */
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(u + 4 * PAGE_SIZE)), 0);
	KTEST_EXPECT_EQ(test, put_user(1UL, (unsigned long __user *)(u + 4 * PAGE_SIZE)),
			-EFAULT);
	/* Across the end of the mapping: exact short counts, the rest zeroed. */
	KTEST_EXPECT_EQ(test, copy_to_user(end - 100, kbuf, 256), 156);
	memset(kbuf, 'y', sizeof(kbuf));
	KTEST_EXPECT_EQ(test, copy_from_user(kbuf, end - 100, 256), 156);
	KTEST_EXPECT_EQ(test, kbuf[99], 'x');
	KTEST_EXPECT_EQ(test, kbuf[100], 0);
	KTEST_EXPECT_EQ(test, kbuf[255], 0);
	KTEST_EXPECT_EQ(test, clear_user(end - 10, 30), 20);
	/* A string without a NUL before the hole: -EFAULT; before TASK_SIZE_MAX too. */
	memset(kbuf, 'z', sizeof(kbuf));
	KTEST_EXPECT_EQ(test, copy_to_user(end - 8, kbuf, 8), 0);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, end - 8, sizeof(buf)), -EFAULT);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, end - 8, 8), 8);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)TASK_SIZE_MAX, 8),
			-EFAULT);
	KTEST_EXPECT_EQ(test, strncpy_from_user(buf, (const char __user *)(TASK_SIZE_MAX - 4),
						8), -EFAULT);
	/* Page faults may not sleep with preemption off: a missing page is -EFAULT then, a
	 * present one reads. */
	preempt_disable();
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(u + PAGE_SIZE)), 0);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)u), -EFAULT);
	preempt_enable();
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)u), 0);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* munmap of the middle splits the VMA; the hole faults; the rest keeps its data. */
static void munmap_splits_and_faults(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	char __user *u = (char __user *)UADDR;
	unsigned long v = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_ASSERT_EQ(test, map(mm, UADDR, 8 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	kthread_use_mm(mm);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(test, put_user((unsigned long)i, (unsigned long __user *)
					       (u + i * PAGE_SIZE)), 0);
	KTEST_EXPECT_EQ(test, vm_munmap(mm, UADDR + 2 * PAGE_SIZE, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, vm_munmap(mm, UADDR + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(test, vm_munmap(mm, TASK_SIZE_MAX - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(test, vm_munmap(mm, UADDR + 2 * PAGE_SIZE, 2 * PAGE_SIZE - 1), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 2);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(u + 2 * PAGE_SIZE)), -EFAULT);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(u + 3 * PAGE_SIZE)), -EFAULT);
	for (int i = 0; i < 8; i++) {
		if (i == 2 || i == 3)
			continue;
		KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(u + i * PAGE_SIZE)), 0);
		KTEST_EXPECT_EQ(test, v, i);
	}
	mutex_lock(&mm->mmap_lock);
	KTEST_EXPECT_EQ(test, find_vma(mm, UADDR)->vm_end, UADDR + 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, find_vma(mm, UADDR + 2 * PAGE_SIZE)->vm_start, UADDR + 4 * PAGE_SIZE);
	mutex_unlock(&mm->mmap_lock);
	/* Unmapping a hole, and then all of it, in one go. */
	KTEST_EXPECT_EQ(test, vm_munmap(mm, UADDR + 2 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(test, vm_munmap(mm, UADDR - PAGE_SIZE, 10 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 0);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)u), -EFAULT);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* A stack VMA grows down on a fault below it, not into the guard gap of the VMA beneath. */
static void stack_grows_down(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long top = UADDR + 512 * PAGE_SIZE, v = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_ASSERT_EQ(test, map(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_RW,
				  MAP_ANON_PRIV | MAP_FIXED | MAP_GROWSDOWN), top - PAGE_SIZE);
	KTEST_ASSERT_EQ(test, map(mm, UADDR, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	kthread_use_mm(mm);
	KTEST_EXPECT_EQ(test, put_user(7UL, (unsigned long __user *)(top - 100 * PAGE_SIZE)), 0);
	mutex_lock(&mm->mmap_lock);
	KTEST_EXPECT_EQ(test, find_vma(mm, top - 1)->vm_start, top - 100 * PAGE_SIZE);
	mutex_unlock(&mm->mmap_lock);
	/* Within 256 pages of the VMA below: refused. */
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(UADDR + 2 * PAGE_SIZE)),
			-EFAULT);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* brk and the mmap/munmap system calls through their pt_regs entry points. */
static void brk_and_syscalls(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	struct pt_regs regs = { 0 };
	unsigned long start = UADDR, v = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	mm->start_brk = mm->brk = start;
	kthread_use_mm(mm);
	regs.di = 0;
	KTEST_EXPECT_EQ(test, __x64_sys_brk(&regs), start);
	regs.di = start + 3 * PAGE_SIZE + 5;
	KTEST_EXPECT_EQ(test, __x64_sys_brk(&regs), start + 3 * PAGE_SIZE + 5);
	KTEST_EXPECT_EQ(test, put_user(1UL, (unsigned long __user *)(start + 3 * PAGE_SIZE)), 0);
	regs.di = start - 1;
	KTEST_EXPECT_EQ(test, __x64_sys_brk(&regs), start + 3 * PAGE_SIZE + 5);
	regs.di = TASK_SIZE_MAX + PAGE_SIZE;
	KTEST_EXPECT_EQ(test, __x64_sys_brk(&regs), start + 3 * PAGE_SIZE + 5);
	regs.di = start + PAGE_SIZE;
	KTEST_EXPECT_EQ(test, __x64_sys_brk(&regs), start + PAGE_SIZE);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)(start + PAGE_SIZE)), -EFAULT);
	KTEST_EXPECT_EQ(test, get_user(v, (unsigned long __user *)start), 0);

	/* mmap(addr, len, prot, flags, fd, off): rdi, rsi, rdx, r10, r8, r9. */
	regs = (struct pt_regs){ .si = PAGE_SIZE, .dx = PROT_RW, .r10 = MAP_PRIVATE, .r8 = 3 };
	KTEST_EXPECT_EQ(test, __x64_sys_mmap(&regs), -EBADF);
	regs.r10 = MAP_ANON_PRIV;
	regs.r8 = -1;
	regs.r9 = 1;
	KTEST_EXPECT_EQ(test, __x64_sys_mmap(&regs), -EINVAL);
	regs.r9 = 0;
	regs.r10 = MAP_SHARED | MAP_ANONYMOUS;
	KTEST_EXPECT_EQ(test, __x64_sys_mmap(&regs), -EINVAL);
	regs.r10 = MAP_ANON_PRIV;
	v = __x64_sys_mmap(&regs);
	KTEST_EXPECT_EQ(test, v, mm->mmap_base - PAGE_SIZE);
	regs = (struct pt_regs){ .di = v, .si = PAGE_SIZE };
	KTEST_EXPECT_EQ(test, __x64_sys_munmap(&regs), 0);
	regs.di = v + 1;
	KTEST_EXPECT_EQ(test, __x64_sys_munmap(&regs), -EINVAL);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* Fork's copy: the same VMAs and contents, and pages of its own. */
static void dup_mmap_copies(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc(), *child = mm_alloc();
	char buf[16];

	KTEST_ASSERT_NOT_NULL(test, mm);
	if (!child) {
		mmput(mm);
		KTEST_ASSERT_NOT_NULL(test, child);
	}
	KTEST_ASSERT_EQ(test, map(mm, UADDR, 3 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	KTEST_ASSERT_EQ(test, map(mm, 4 * UADDR, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED), 4 * UADDR);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR + PAGE_SIZE, "parent", 7, FOLL_WRITE),
			7);
	mm->brk = 1234;
	KTEST_EXPECT_EQ(test, dup_mmap(child, mm), 0);
	KTEST_EXPECT_EQ(test, child->map_count, 2);
	KTEST_EXPECT_EQ(test, child->brk, 1234);
	KTEST_EXPECT_EQ(test, access_remote_vm(child, UADDR + PAGE_SIZE, buf, 7, 0), 7);
	KTEST_EXPECT_STREQ(test, buf, "parent");
	KTEST_EXPECT_EQ(test, access_remote_vm(child, UADDR + PAGE_SIZE, "child", 6, FOLL_WRITE),
			6);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR + PAGE_SIZE, buf, 7, 0), 7);
	KTEST_EXPECT_STREQ(test, buf, "parent");
	mmput(child);
	mmput(mm);
}

/* FOLL_FORCE writes into a read-only VMA, as exec loads text; without it nothing moves. */
static void access_remote_vm_force(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	char buf[8] = "";

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_ASSERT_EQ(test, map(mm, UADDR, PAGE_SIZE, PROT_READ | PROT_EXEC,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR, "text", 5, FOLL_WRITE), 0);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR + PAGE_SIZE - 2, "text", 5,
					       FOLL_WRITE | FOLL_FORCE), 2);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR, "text", 5, FOLL_WRITE | FOLL_FORCE), 5);
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR, buf, 5, 0), 5);
	KTEST_EXPECT_STREQ(test, buf, "text");
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR - PAGE_SIZE, buf, 5, 0), 0);
	mmput(mm);
}

/* Pages scattered over several GiB and many tables: all back after the last mmput (checked
 * by the exit hook), and the page count while mapped is what was touched plus the tables. */
static void exit_mmap_frees_everything(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long before, slab_before;

	KTEST_ASSERT_NOT_NULL(test, mm);
	before = pages_accounted();
	slab_before = nr_slab_pages();
	for (unsigned long i = 0; i < 8; i++) {
		unsigned long a = UADDR + i * (UADDR / 2);

		KTEST_ASSERT_EQ(test, map(mm, a, 4 * PAGE_SIZE, PROT_RW,
					  MAP_ANON_PRIV | MAP_FIXED), a);
		KTEST_EXPECT_EQ(test, access_remote_vm(mm, a + 3 * PAGE_SIZE, "x", 2, FOLL_WRITE),
				2);
	}
	KTEST_EXPECT_EQ(test, mm->map_count, 8);
	/* 8 pages in 8 PTE tables (512 MiB apart), 4 PMD tables (one per GiB: 1 to 4.5 GiB)
	 * and one PUD table. */
	/* (A new slab page for the VMAs is not the mm's.) */
	KTEST_EXPECT_EQ(test, before - pages_accounted() - (nr_slab_pages() - slab_before),
			8 + 8 + 4 + 1);
	/* The exit hook checks that every page and object came back. */
	mmput(mm);
}

/* Build, use, fork, split and tear down with the n-th allocation failing, for every n: each
 * failure is reported and leaves nothing behind. */
static int build_and_use(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc(), *child;
	char __user *u = (char __user *)UADDR;
	unsigned long r;
	int err = 0;

	if (!mm)
		return -ENOMEM;
	r = map(mm, UADDR, 4 * PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED);
	if (IS_ERR_VALUE(r)) {
		KTEST_EXPECT_EQ(test, (long)r, -ENOMEM);
		mmput(mm);
		return -ENOMEM;
	}
	kthread_use_mm(mm);
	if (copy_to_user(u + PAGE_SIZE - 8, "0123456789abcdef", 16))
		err = -EFAULT;
	kthread_unuse_mm(mm);
	if (!err)
		err = vm_munmap(mm, UADDR + 2 * PAGE_SIZE, PAGE_SIZE);
	if (!err) {
		child = mm_alloc();
		err = child ? dup_mmap(child, mm) : -ENOMEM;
		if (child)
			mmput(child);
	}
	mmput(mm);
	return err;
}

static void failed_allocations_leave_nothing(struct ktest *test)
{
	unsigned int n;
	int failures = 0;

	for (n = 1; n < 200; n++) {
		unsigned long pages = pages_accounted(), objects = slab_objects_in_use();
		int err;

		set_fail_nth(current, n);
		err = build_and_use(test);
		if (get_fail_nth(current)) {
			set_fail_nth(current, 0);
			KTEST_EXPECT_EQ(test, err, 0);
			break;
		}
		failures++;
		KTEST_EXPECT_TRUE(test, err == -ENOMEM || err == -EFAULT);
		KTEST_EXPECT_EQ(test, pages_accounted(), pages);
		KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
	}
	ktest_info(test, "%d allocations failed in turn, each cleanly", failures);
	KTEST_EXPECT_GE(test, failures, 10);
	KTEST_EXPECT_LT(test, n, 200);
}

/*
 * The lazy-TLB flush. B (on one CPU) reads the page through the mm, so its TLB holds the
 * translation, and sleeps: its CPU runs a kernel thread on the mm, lazily. A (another CPU)
 * unmaps the page: no IPI to B's CPU (counted as skipped), and maps a new page at the same
 * address. When B runs again, switch_mm_irqs_off() sees the mm's tlb_gen moved on and flushes
 * (a deferred flush, a CR3 write): B reads the new page, not the freed old one.
 */
struct lazy_tlb {
	struct mm_struct *mm;
	struct completion read_done, written, go, hole_seen, go2, done;
	unsigned long first, in_hole, second;
	int in_hole_ret;
	unsigned long deferred_before, deferred_after;
	unsigned long skipped, sent;
	long munmap_ret;
};

static int lazy_reader(void *data)
{
	struct lazy_tlb *l = data;

	kthread_use_mm(l->mm);
	get_user(l->first, (unsigned long __user *)UADDR);
	complete(&l->read_done);
	wait_for_completion(&l->go);
	/* The switch back to this thread made the flush (it is bound to this CPU). */
	l->deferred_after = this_cpu_read(tlb_stats.deferred_flush);
	/* A stale TLB entry would still read the freed page here. */
	l->in_hole_ret = get_user(l->in_hole, (unsigned long __user *)UADDR);
	complete(&l->hole_seen);
	wait_for_completion(&l->go2);
	get_user(l->second, (unsigned long __user *)UADDR);
	kthread_unuse_mm(l->mm);
	complete(&l->done);
	return sleep_until_stopped(0);
}

static int lazy_writer(void *data)
{
	struct lazy_tlb *l = data;
	unsigned long skipped, sent;

	kthread_use_mm(l->mm);
	skipped = this_cpu_read(tlb_stats.ipi_skipped_lazy);
	sent = this_cpu_read(tlb_stats.ipi_sent);
	l->munmap_ret = vm_munmap(l->mm, UADDR, PAGE_SIZE);
	l->skipped = this_cpu_read(tlb_stats.ipi_skipped_lazy) - skipped;
	l->sent = this_cpu_read(tlb_stats.ipi_sent) - sent;
	kthread_unuse_mm(l->mm);
	complete(&l->written);
	return sleep_until_stopped(0);
}

/*
 * The lazy-TLB flush. B (bound to one CPU) reads the page through the mm, so its TLB holds the
 * translation, and sleeps: its CPU runs kernel threads on the mm, lazily. A (bound to another)
 * unmaps the page: no IPI to B's CPU (counted as skipped). When B runs again,
 * switch_mm_irqs_off() sees the mm's tlb_gen moved on and flushes (a deferred flush, a CR3
 * write): B's read faults (-EFAULT) instead of reading the freed page, and after a new page is
 * mapped at the address B reads the new page.
 */
static void lazy_cpu_flushes_before_use(struct ktest *test)
{
	struct lazy_tlb l = { 0 };
	struct task_struct *a, *b;
	unsigned int c, cpu[2], n = 0;

	for (c = 0; c < NR_CPUS && n < 2; c++)
		if (cpu_online(c))
			cpu[n++] = c;
	if (n < 2)
		ktest_skip(test, "needs 2 online CPUs, %u online", n);
	l.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(test, l.mm);
	init_completion(&l.read_done);
	init_completion(&l.written);
	init_completion(&l.go);
	init_completion(&l.hole_seen);
	init_completion(&l.go2);
	init_completion(&l.done);
	KTEST_EXPECT_EQ(test, map(l.mm, UADDR, 2 * PAGE_SIZE, PROT_RW,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR);
	KTEST_EXPECT_EQ(test, access_remote_vm(l.mm, UADDR, &(unsigned long){ 0x1111 }, 8,
					       FOLL_WRITE), 8);
	/* A second page keeps the PTE table, so the munmap frees no table (which would have to
	 * reach lazy CPUs too). */
	KTEST_EXPECT_EQ(test, access_remote_vm(l.mm, UADDR + PAGE_SIZE, "keep", 5, FOLL_WRITE), 5);

	b = kthread_create_on_cpu(lazy_reader, &l, cpu[0], "mm_user_lazy/%u");
	if (IS_ERR(b)) {
		mmput(l.mm);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, b);
	}
	a = kthread_create_on_cpu(lazy_writer, &l, cpu[1], "mm_user_write/%u");
	if (IS_ERR(a)) {
		wake_up_process(b);
		complete(&l.go);
		complete(&l.go2);
		kthread_stop(b);
		mmput(l.mm);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, a);
	}
	wake_up_process(b);
	wait_for_completion(&l.read_done);
	KTEST_EXPECT_EQ(test, l.first, 0x1111);
	/* B sleeps; its CPU stays lazily on the mm (idle or another kernel thread borrows it). */
	KTEST_EXPECT_TRUE(test, wait_until_sleeping(b, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(per_cpu(cpu_tlbstate, cpu[0]).loaded_mm), l.mm);
	KTEST_EXPECT_TRUE(test, READ_ONCE(per_cpu(cpu_tlbstate, cpu[0]).is_lazy));
	l.deferred_before = READ_ONCE(per_cpu(tlb_stats, cpu[0]).deferred_flush);

	wake_up_process(a);
	wait_for_completion(&l.written);
	KTEST_EXPECT_EQ(test, l.munmap_ret, 0);
	KTEST_EXPECT_EQ(test, l.skipped, 1);
	KTEST_EXPECT_EQ(test, l.sent, 0);

	complete(&l.go);
	wait_for_completion(&l.hole_seen);
	KTEST_EXPECT_EQ(test, l.in_hole_ret, -EFAULT);
	KTEST_EXPECT_EQ(test, l.deferred_after - l.deferred_before, 1);
	KTEST_EXPECT_EQ(test, map(l.mm, UADDR, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	KTEST_EXPECT_EQ(test, access_remote_vm(l.mm, UADDR, &(unsigned long){ 0x2222 }, 8,
					       FOLL_WRITE), 8);
	complete(&l.go2);
	wait_for_completion(&l.done);
	kthread_stop(a);
	kthread_stop(b);
	KTEST_EXPECT_EQ(test, l.second, 0x2222);
	mmput(l.mm);
}

/*
 * The other two ways back from lazy: with no flush missed, the switch back to the mm's owner
 * keeps it (no CR3 write); a flush that frees page tables reaches lazy CPUs too (their cached
 * walks could use the freed tables), which move to init_mm, and the owner then loads the mm
 * afresh.
 */
struct lazy_keep {
	struct mm_struct *mm;
	struct completion read_done, go, go2, done;
	unsigned long kept_before, kept_after, cr3_before, cr3_after;
	int hole_ret;
};

static int lazy_keeper(void *data)
{
	struct lazy_keep *l = data;
	unsigned long v;

	kthread_use_mm(l->mm);
	get_user(v, (unsigned long __user *)UADDR);
	complete(&l->read_done);
	wait_for_completion(&l->go);
	l->kept_after = this_cpu_read(tlb_stats.mm_kept);
	l->cr3_after = this_cpu_read(nr_cr3_writes);
	complete(&l->read_done);
	wait_for_completion(&l->go2);
	l->hole_ret = get_user(v, (unsigned long __user *)UADDR);
	kthread_unuse_mm(l->mm);
	complete(&l->done);
	return sleep_until_stopped(0);
}

static void lazy_cpu_kept_or_sent_to_init_mm(struct ktest *test)
{
	struct lazy_keep l = { 0 };
	struct task_struct *b;
	unsigned int c, cpu = NR_CPUS, me;

	l.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(test, l.mm);
	init_completion(&l.read_done);
	init_completion(&l.go);
	init_completion(&l.go2);
	init_completion(&l.done);
	preempt_disable();
	me = smp_processor_id();
	preempt_enable();
	for (c = 0; c < NR_CPUS && cpu == NR_CPUS; c++)
		if (cpu_online(c) && c != me)
			cpu = c;
	if (cpu == NR_CPUS)
		cpu = me;
	KTEST_EXPECT_EQ(test, map(l.mm, UADDR, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	b = kthread_create_on_cpu(lazy_keeper, &l, cpu, "mm_user_keep/%u");
	if (IS_ERR(b)) {
		mmput(l.mm);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, b);
	}
	wake_up_process(b);
	wait_for_completion(&l.read_done);
	KTEST_EXPECT_TRUE(test, wait_until_sleeping(b, TASK_UNINTERRUPTIBLE));
	l.kept_before = READ_ONCE(per_cpu(tlb_stats, cpu).mm_kept);
	l.cr3_before = READ_ONCE(per_cpu(nr_cr3_writes, cpu));
	complete(&l.go);
	wait_for_completion(&l.read_done);
	KTEST_EXPECT_EQ(test, l.kept_after - l.kept_before, 1);
	KTEST_EXPECT_EQ(test, l.cr3_after - l.cr3_before, 0);

	/* Unmapping the only page frees its tables: the lazy CPU is interrupted too. */
	KTEST_EXPECT_TRUE(test, wait_until_sleeping(b, TASK_UNINTERRUPTIBLE));
	KTEST_EXPECT_EQ(test, vm_munmap(l.mm, UADDR, PAGE_SIZE), 0);
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(per_cpu(cpu_tlbstate, cpu).loaded_mm), &init_mm);
	KTEST_EXPECT_FALSE(test, cpumask_test_cpu(cpu, mm_cpumask(l.mm)));
	complete(&l.go2);
	wait_for_completion(&l.done);
	kthread_stop(b);
	KTEST_EXPECT_EQ(test, l.hole_ret, -EFAULT);
	mmput(l.mm);
}

/*
 * One thread per online CPU on the same mm, each unmapping and mapping its own page again and
 * again while the others do the same: flushes cross in flight, CPUs go lazy while a thread
 * waits for mmap_lock, and none may ever see its old page after the unmap.
 */
#define CHURN_ROUNDS	200

struct churn {
	struct mm_struct *mm;
	struct completion done;
	unsigned long errors[NR_CPUS];
	unsigned int nr;
};

static int churn_fn(void *data)
{
	struct churn *ch = data;
	unsigned int cpu = smp_processor_id();
	unsigned long addr = UADDR + cpu * PAGE_SIZE, v;
	unsigned long __user *p = (unsigned long __user *)addr;

	kthread_use_mm(ch->mm);
	for (unsigned long i = 1; i <= CHURN_ROUNDS; i++) {
		if (put_user(i, p) || get_user(v, p) || v != i)
			ch->errors[cpu]++;
		if (vm_munmap(ch->mm, addr, PAGE_SIZE) || get_user(v, p) != -EFAULT)
			ch->errors[cpu]++;
		if (vm_mmap(ch->mm, addr, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED) != addr ||
		    get_user(v, p) || v != 0)
			ch->errors[cpu]++;
	}
	kthread_unuse_mm(ch->mm);
	complete(&ch->done);
	return sleep_until_stopped(0);
}

static void concurrent_unmaps_never_stale(struct ktest *test)
{
	struct task_struct *t[NR_CPUS];
	struct churn *ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	unsigned int cpu, n = 0;
	struct mm_struct *mm = mm_alloc();
	unsigned long errors = 0, sent = 0, skipped = 0, deferred = 0;

	if (!ch || !mm) {
		kfree(ch);
		if (mm)
			mmput(mm);
		KTEST_ASSERT_FAILURE(test, "no memory for the mm or the record");
	}
	ch->mm = mm;
	init_completion(&ch->done);
	/* A page that stays keeps the PTE table: the unmaps free no table. */
	KTEST_EXPECT_EQ(test, map(ch->mm, UADDR, (NR_CPUS + 1) * PAGE_SIZE, PROT_RW,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR);
	KTEST_EXPECT_EQ(test, access_remote_vm(ch->mm, UADDR + NR_CPUS * PAGE_SIZE, "keep", 5,
					       FOLL_WRITE), 5);
	for_each_online_cpu(cpu) {
		t[cpu] = kthread_create_on_cpu(churn_fn, ch, cpu, "mm_user_churn/%u");
		if (IS_ERR(t[cpu])) {
			KTEST_FAIL(test, "cannot create the thread for CPU %u", cpu);
			t[cpu] = NULL;
			continue;
		}
		n++;
	}
	for_each_online_cpu(cpu) {
		sent -= per_cpu(tlb_stats, cpu).ipi_sent;
		skipped -= per_cpu(tlb_stats, cpu).ipi_skipped_lazy;
		deferred -= per_cpu(tlb_stats, cpu).deferred_flush;
		if (t[cpu])
			wake_up_process(t[cpu]);
	}
	for (unsigned int i = 0; i < n; i++)
		wait_for_completion(&ch->done);
	for_each_online_cpu(cpu) {
		sent += per_cpu(tlb_stats, cpu).ipi_sent;
		skipped += per_cpu(tlb_stats, cpu).ipi_skipped_lazy;
		deferred += per_cpu(tlb_stats, cpu).deferred_flush;
	}
	for_each_online_cpu(cpu) {
		if (t[cpu])
			kthread_stop(t[cpu]);
		errors += ch->errors[cpu];
	}
	ktest_info(test, "%u CPUs, %u rounds each: %lu flush IPIs sent, %lu skipped (lazy), %lu "
		   "deferred flushes", n, CHURN_ROUNDS, sent, skipped, deferred);
	KTEST_EXPECT_EQ(test, errors, 0);
	mmput(ch->mm);
	kfree(ch);
}

static void record_cr4(void *data)
{
	((unsigned long *)data)[smp_processor_id()] = read_cr4();
}

/* SMEP, SMAP and UMIP are on wherever CPUID has them, on every CPU (APs copy the boot CPU's
 * CR4), and stac/clac are used exactly when SMAP is. */
static void smep_smap_umip_on_every_cpu(struct ktest *test)
{
	unsigned long *cr4 = kcalloc(NR_CPUS, sizeof(*cr4), GFP_KERNEL);
	unsigned long want = 0;
	unsigned int cpu;

	KTEST_ASSERT_NOT_NULL(test, cr4);
	if (boot_cpu_has(X86_FEATURE_SMEP))
		want |= X86_CR4_SMEP;
	if (boot_cpu_has(X86_FEATURE_SMAP))
		want |= X86_CR4_SMAP;
	if (boot_cpu_has(X86_FEATURE_UMIP))
		want |= X86_CR4_UMIP;
	on_each_cpu(record_cr4, cr4, 1);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, cr4[cpu] & (X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_UMIP), want);
	KTEST_EXPECT_EQ(test, x86_smap_enabled, !!(want & X86_CR4_SMAP));
	ktest_info(test, "SMEP %s, SMAP %s, UMIP %s", (want & X86_CR4_SMEP) ? "on" : "off",
		   (want & X86_CR4_SMAP) ? "on" : "off", (want & X86_CR4_UMIP) ? "on" : "off");
	kfree(cr4);
}

/*
 * A user-mode fault without user mode: a pt_regs with a user CS, CR2 set by hand, and
 * exc_page_fault() called as the entry code would. A fault in a writable VMA is resolved; an
 * unmapped address, a write to a read-only VMA and a kernel address end in SIGSEGV with Linux's
 * "segfault at" line (the kernel address reported as a protection fault).
 */
static bool user_fault(unsigned long addr, unsigned long error_code)
{
	struct pt_regs regs = {
		.cs = 0x33, .ss = 0x2b, .ip = 0x401000, .sp = 0x7ffffffde000,
		.flags = X86_EFLAGS_IF,
	};
	bool segv;

	local_irq_disable();
	write_cr2(addr);
	exc_page_fault(&regs, error_code | X86_PF_USER);
	local_irq_enable();
	segv = READ_ONCE(current->signal) & (1UL << SIGSEGV);
	flush_signals(current);
	return segv;
}

static void user_mode_faults_resolve_or_segv(struct ktest *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long v = 0;

	KTEST_ASSERT_NOT_NULL(test, mm);
	KTEST_ASSERT_EQ(test, map(mm, UADDR, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED),
			UADDR);
	KTEST_ASSERT_EQ(test, map(mm, UADDR + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED), UADDR + 2 * PAGE_SIZE);
	kthread_use_mm(mm);
	KTEST_EXPECT_FALSE(test, user_fault(UADDR + 8, X86_PF_WRITE));
	KTEST_EXPECT_EQ(test, access_remote_vm(mm, UADDR, &v, 8, 0), 8);
	KTEST_EXPECT_FALSE(test, user_fault(UADDR + 2 * PAGE_SIZE, 0));
	KTEST_EXPECT_TRUE(test, user_fault(UADDR + PAGE_SIZE, X86_PF_WRITE));
	KTEST_EXPECT_TRUE(test, user_fault(UADDR + 2 * PAGE_SIZE, X86_PF_WRITE | X86_PF_PROT));
	KTEST_EXPECT_TRUE(test, user_fault(UADDR, X86_PF_INSTR));
	KTEST_EXPECT_TRUE(test, user_fault((unsigned long)&baseline, 0));
	kthread_unuse_mm(mm);
	/* No mm (a task that never had one): SIGSEGV too, never a sleep. */
	KTEST_EXPECT_TRUE(test, user_fault(UADDR, 0));
	mmput(mm);
}

static struct ktest_case mm_user_cases[] = {
	KTEST_CASE(smep_smap_umip_on_every_cpu),
	KTEST_CASE(mmap_checks_and_places),
	KTEST_CASE(uaccess_faults_pages_in),
	KTEST_CASE(uaccess_bad_pointers_efault),
	KTEST_CASE(munmap_splits_and_faults),
	KTEST_CASE(stack_grows_down),
	KTEST_CASE(user_mode_faults_resolve_or_segv),
	KTEST_CASE(brk_and_syscalls),
	KTEST_CASE(dup_mmap_copies),
	KTEST_CASE(access_remote_vm_force),
	KTEST_CASE(exit_mmap_frees_everything),
	KTEST_CASE_TIMEOUT(failed_allocations_leave_nothing, 30),
	KTEST_CASE(lazy_cpu_flushes_before_use),
	KTEST_CASE(lazy_cpu_kept_or_sent_to_init_mm),
	KTEST_CASE_TIMEOUT(concurrent_unmaps_never_stale, 60),
	{}
};

static struct ktest_suite mm_user_suite = {
	.name = "mm_user",
	.cases = mm_user_cases,
	.init = mm_user_init,
	.exit = mm_user_exit,
	/*
	 * The cases adopt mms: a case thread that moved to another CPU while it held one would
	 * leave a kernel thread there borrowing it (lazy TLB), and that borrow keeps the struct
	 * and its PGD until the CPU next runs a task with an mm of its own, as in Linux. The exit
	 * hook would count them as leaked: one CPU for every case.
	 */
	.boot_cpu = true,
};
ktest_register_suite(mm_user_suite);
