/* The VMAs of an address space (Linux's mm/mmap.c, in its order): looking them up, mmap() of
 * anonymous private memory, munmap() with splitting, brk(), the teardown at the last mmput() and
 * the copy at fork, and the mmap/munmap/brk system calls. Linux keeps vm_area_alloc() and
 * dup_mmap() in kernel/fork.c, vm_mmap() in mm/util.c and the mmap syscall in
 * arch/x86/kernel/sys_x86_64.c. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/mman.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <asm/page.h>

/* Linux's stack_guard_gap: 256 pages kept free below a stack (and above brk). */
#define STACK_GUARD_GAP	(256UL << PAGE_SHIFT)

static struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL | __GFP_NOWARN);

	if (vma) {
		vma->vm_mm = mm;
		RB_CLEAR_NODE(&vma->vm_rb);
	}
	return vma;
}

static void vm_area_free(struct vm_area_struct *vma)
{
	kfree(vma);
}

static struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	return rb_entry_safe(rb_next(&vma->vm_rb), struct vm_area_struct, vm_rb);
}

static struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	return rb_entry_safe(rb_prev(&vma->vm_rb), struct vm_area_struct, vm_rb);
}

/* Where a stack's guard gap begins (Linux's vm_start_gap()). */
static unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if ((vma->vm_flags & VM_GROWSDOWN) && start > STACK_GUARD_GAP)
		start -= STACK_GUARD_GAP;
	return start;
}

static bool vma_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct vm_area_struct, vm_rb)->vm_start <
	       rb_entry(b, struct vm_area_struct, vm_rb)->vm_start;
}

/* The caller checked that the range is free. O(log n). */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_add(&vma->vm_rb, &mm->mm_rb, vma_less);
	mm->map_count++;
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	RB_CLEAR_NODE(&vma->vm_rb);
	mm->map_count--;
}

/* Defined below, in Linux's order. */
static int do_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
			unsigned long flags);
static unsigned long mmap_region(struct mm_struct *mm, unsigned long addr, unsigned long len,
				 unsigned long vm_flags);
static int do_vmi_munmap(struct mm_struct *mm, unsigned long start, unsigned long end);

/* brk() as Linux: the old break back on any failure; shrinking unmaps. */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk;
	struct vm_area_struct *next;

	if (!mm)
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	if (brk < mm->start_brk)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		goto out;
	}
	if (brk <= mm->brk) {
		/* Shrinking: a failed unmap (no memory to split) leaves the break as it was. */
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			goto out;
		mm->brk = brk;
		goto out;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;
	if (do_brk_flags(mm, oldbrk, newbrk - oldbrk, 0) < 0)
		goto out;
	mm->brk = brk;
out:
	brk = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return brk;
}

/**
 * do_mmap - map anonymous private memory into @mm
 * @mm: the address space
 * @addr: hint, or the address with MAP_FIXED / MAP_FIXED_NOREPLACE
 * @len: bytes (rounded up to pages)
 * @prot: PROT_READ / PROT_WRITE / PROT_EXEC
 * @flags: MAP_PRIVATE | MAP_ANONYMOUS, with MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN
 *
 * Pages come on first touch (handle_mm_fault()). MAP_FIXED replaces whatever was mapped there.
 * Linux 6.1: takes a file and offset and works on current->mm; Spindle maps anonymous memory
 * only, into any mm (exec fills a new one before it is current).
 *
 * Context: @mm's mmap_lock held; may sleep.
 * Return: the address, or as an unsigned long -EINVAL (len 0, bad flags, unaligned MAP_FIXED),
 * -ENOMEM (no room, too many mappings, no memory), -EEXIST (MAP_FIXED_NOREPLACE over a
 * mapping), -EPERM (MAP_FIXED below mmap_min_addr).
 */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags;

	if (!len)
		return -EINVAL;
	if ((flags & MAP_TYPE) != MAP_PRIVATE || !(flags & MAP_ANONYMOUS))
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	/* Linux's round_hint_to_min(): a hint is rounded down, and raised to mmap_min_addr. */
	if (!(flags & MAP_FIXED)) {
		addr &= PAGE_MASK;
		if (addr && addr < mmap_min_addr)
			addr = PAGE_ALIGN(mmap_min_addr);
	}
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (mm->map_count > DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	addr = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) | VM_MAYREAD |
		   VM_MAYWRITE | VM_MAYEXEC;
	return mmap_region(mm, addr, len, vm_flags);
}

/**
 * vm_mmap - do_mmap() with @mm's mmap_lock taken and released
 * @mm: the address space; @addr, @len, @prot, @flags: as do_mmap()
 *
 * Linux 6.1: vm_mmap(file, addr, len, prot, flag, offset) maps into current->mm and can map
 * a file; here the mm is named and the memory is anonymous (binfmt_elf only labels a program's
 * segments with their file afterwards).
 *
 * Context: process context, may sleep. Return: as do_mmap().
 */
unsigned long vm_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags)
{
	unsigned long ret;

	mutex_lock(&mm->mmap_lock);
	ret = do_mmap(mm, addr, len, prot, flags);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/*
 * Linux's arch/x86/kernel/sys_x86_64.c and ksys_mmap_pgoff(): the offset must be page aligned;
 * only anonymous private memory can be mapped.
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	if (!current->mm)
		return -EINVAL;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	/* Linux 6.1: maps the file; Spindle has no mappable file, so any fd is a bad one. */
	if (!(flags & MAP_ANONYMOUS))
		return -EBADF;
	/* Linux 6.1: shared anonymous memory is shmem; Spindle has none. */
	if ((flags & MAP_TYPE) == MAP_SHARED || (flags & MAP_TYPE) == MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	return vm_mmap(current->mm, addr, len, prot, flags);
}

/*
 * Map [addr, addr+len) with @vm_flags, replacing what was there: grows a neighbour with the
 * same flags when it touches (Linux's vma_merge(), simplified: both neighbours join into one).
 */
static unsigned long mmap_region(struct mm_struct *mm, unsigned long addr, unsigned long len,
				 unsigned long vm_flags)
{
	unsigned long end = addr + len;
	struct vm_area_struct *vma, *prev, *next;
	int err;

	/* The new VMA first: if it cannot be had, the old mapping stays. */
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	err = do_vmi_munmap(mm, addr, end);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	next = find_vma(mm, addr);
	prev = next ? vma_prev(next) : (RB_EMPTY_ROOT(&mm->mm_rb) ? NULL :
		rb_entry(rb_last(&mm->mm_rb), struct vm_area_struct, vm_rb));
	/* Anonymous memory never joins a program's segment (vm_file), as Linux's file check. */
	if (next && (next->vm_start != end || next->vm_flags != vm_flags || next->vm_file))
		next = NULL;
	if (prev && (prev->vm_end != addr || prev->vm_flags != vm_flags || prev->vm_file))
		prev = NULL;
	mm->total_vm += len >> PAGE_SHIFT;
	if (prev) {
		prev->vm_end = end;
		if (next) {
			prev->vm_end = next->vm_end;
			vma_unlink(mm, next);
			vm_area_free(next);
		}
		vm_area_free(vma);
		return addr;
	}
	if (next) {
		next->vm_start = addr;
		vm_area_free(vma);
		return addr;
	}
	if (mm->map_count >= DEFAULT_MAX_MAP_COUNT) {
		mm->total_vm -= len >> PAGE_SHIFT;
		vm_area_free(vma);
		return -ENOMEM;
	}
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma_link(mm, vma);
	return addr;
}

/*
 * Top-down, below mmap_base: try the highest gap first, then each gap below the VMA that was in
 * the way. Linux 6.1: one O(log n) search of the maple tree's gaps (mas_empty_area_rev());
 * Spindle steps down one VMA at a time, O(log n) each.
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm, unsigned long len)
{
	unsigned long end = mm->mmap_base;

	for (;;) {
		struct vm_area_struct *vma;
		unsigned long start;

		if (end < len || end - len < mmap_min_addr)
			return -ENOMEM;
		start = end - len;
		vma = find_vma(mm, start);
		if (!vma || vm_start_gap(vma) >= end)
			return start;
		end = min(vma->vm_start, vm_start_gap(vma));
	}
}

/**
 * get_unmapped_area - where a new mapping of @len bytes goes
 * @mm: the address space
 * @addr: the hint (or the address with MAP_FIXED)
 * @len: page-aligned length
 * @flags: MAP_* flags
 *
 * MAP_FIXED: @addr itself if it fits in the user half. Otherwise @addr if the range there is
 * free, else the highest free range below mmap_base.
 *
 * Linux 6.1: get_unmapped_area(file, addr, len, pgoff, flags) works on current->mm.
 *
 * Context: mmap_lock held. Return: the address, or -ENOMEM / -EINVAL / -EPERM as an unsigned
 * long (IS_ERR_VALUE()).
 */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags)
{
	struct vm_area_struct *vma;

	if (len > mm->task_size)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > mm->task_size - len)
			return -ENOMEM;
		/* Linux's security_mmap_addr() (cap_mmap_addr()) check. */
		if (addr < mmap_min_addr)
			return -EPERM;
		return addr;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma(mm, addr);
		if (addr && addr <= mm->task_size - len && addr >= mmap_min_addr &&
		    (!vma || addr + len <= vm_start_gap(vma)))
			return addr;
	}
	return unmapped_area_topdown(mm, len);
}

/**
 * find_vma_intersection - the first VMA of @mm overlapping [start, end)
 * @mm: the address space
 * @start: first address; @end: the end
 *
 * Context: @mm's mmap_lock held. Return: the VMA or NULL. O(log n).
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/**
 * find_vma - the first VMA of @mm that ends above @addr
 * @mm: the address space
 * @addr: user address
 *
 * It holds @addr if its vm_start <= @addr; otherwise @addr is in the gap below it.
 *
 * Context: @mm's mmap_lock held. Return: the VMA, or NULL if none ends above @addr. O(log n).
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = rb_entry(node, struct vm_area_struct, vm_rb);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

/**
 * expand_stack - grow a VM_GROWSDOWN VMA down to cover @address
 * @vma: the stack VMA
 * @address: the faulting address below it
 *
 * The VMA below must stay a guard gap away; the user half's floor is mmap_min_addr.
 *
 * Context: mmap_lock held. Return: 0, or -ENOMEM when the stack may not grow that far.
 * Linux 6.1: also checks RLIMIT_STACK; Spindle has no rlimits.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_area_struct *prev = vma_prev(vma);

	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN) || address < mmap_min_addr)
		return -ENOMEM;
	if (prev && prev->vm_end + STACK_GUARD_GAP > address)
		return -ENOMEM;
	vma->vm_mm->total_vm += (vma->vm_start - address) >> PAGE_SHIFT;
	/* The order in the tree does not change: the gap below was free. */
	vma->vm_start = address;
	return 0;
}

/* Split @vma at @addr; @new (preallocated) becomes the part above. Never fails. */
static void split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		      struct vm_area_struct *new, unsigned long addr)
{
	*new = *vma;
	RB_CLEAR_NODE(&new->vm_rb);
	new->vm_start = addr;
	vma->vm_end = addr;
	vma_link(mm, new);
}

/*
 * Tear out [start, end): split the VMAs at its edges (allocating both pieces first, so an
 * -ENOMEM changes nothing), unlink the VMAs inside, then free their pages and the tables left
 * empty after one TLB flush.
 */
static int do_vmi_munmap(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma, *next, *spare[2] = { NULL, NULL };
	struct mmu_gather tlb;
	unsigned int nr_split;

	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	nr_split = vma->vm_start < start;
	for (next = vma; next && next->vm_start < end; next = vma_next(next))
		if (next->vm_end > end)
			nr_split++;
	if (nr_split && mm->map_count + nr_split > DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	for (unsigned int i = 0; i < nr_split; i++) {
		spare[i] = vm_area_alloc(mm);
		if (!spare[i]) {
			vm_area_free(spare[0]);
			return -ENOMEM;
		}
	}
	if (vma->vm_start < start) {
		split_vma(mm, vma, spare[--nr_split], start);
		vma = vma_next(vma);
	}
	tlb_gather_mmu(&tlb, mm);
	while (vma && vma->vm_start < end) {
		next = vma_next(vma);
		if (vma->vm_end > end) {
			split_vma(mm, vma, spare[--nr_split], end);
			next = NULL;
		}
		unmap_vmas(&tlb, vma, start, end);
		vma_unlink(mm, vma);
		mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		vm_area_free(vma);
		vma = next;
	}
	free_pgtables(&tlb, start, end);
	tlb_finish_mmu(&tlb);
	return 0;
}

/**
 * do_munmap - unmap [start, start+len) of @mm
 * @mm: the address space
 * @start: page-aligned user address
 * @len: bytes (rounded up to pages)
 *
 * VMAs that straddle an edge are split; the pages inside are freed after a TLB flush that
 * reaches every CPU using @mm (lazy ones catch up at their next switch). Unmapping a range with
 * nothing mapped succeeds.
 *
 * Linux 6.1: do_munmap(mm, start, len, uf) also takes the userfaultfd unmap list.
 *
 * Context: @mm's mmap_lock held; may sleep. Return: 0, -EINVAL (unaligned, empty or outside
 * the user half), -ENOMEM (a split found no memory; nothing changed then).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	if ((start & ~PAGE_MASK) || start > mm->task_size || len > mm->task_size - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	return do_vmi_munmap(mm, start, start + len);
}

/**
 * vm_munmap - do_munmap() with @mm's mmap_lock taken and released
 * @mm: the address space; @start, @len: as do_munmap()
 *
 * Linux 6.1: vm_munmap(start, len) works on current->mm.
 *
 * Context: process context, may sleep. Return: as do_munmap().
 */
int vm_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	int ret;

	mutex_lock(&mm->mmap_lock);
	ret = do_munmap(mm, start, len);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	if (!current->mm)
		return -EINVAL;
	return vm_munmap(current->mm, addr, len);
}

/* Anonymous memory at exactly [addr, addr+len), extending the VMA below if it touches. */
static int do_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
			unsigned long flags)
{
	unsigned long ret;

	ret = get_unmapped_area(mm, addr, len, MAP_FIXED);
	if (IS_ERR_VALUE(ret))
		return ret;
	ret = mmap_region(mm, addr, len, flags | VM_DATA_DEFAULT_FLAGS);
	return IS_ERR_VALUE(ret) ? (int)ret : 0;
}

/**
 * vm_brk_flags - map anonymous memory at [addr, addr+request) of the current mm
 * @addr: page-aligned address (binfmt_elf's bss)
 * @request: bytes
 * @flags: 0 or VM_EXEC
 *
 * Context: process context with current->mm set; may sleep.
 * Return: 0, -EINVAL (other flags), -ENOMEM (no room or no memory), -EPERM (below
 * mmap_min_addr).
 */
int vm_brk_flags(unsigned long addr, unsigned long request, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long len = PAGE_ALIGN(request);
	int ret;

	if (len < request)
		return -ENOMEM;
	if (!len)
		return 0;
	if (flags & ~VM_EXEC)
		return -EINVAL;
	mutex_lock(&mm->mmap_lock);
	ret = do_brk_flags(mm, addr, len, flags);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/**
 * exit_mmap - free the user half of @mm: every VMA, page and page-table page
 * @mm: the address space, whose last user went (mmput())
 *
 * Lazy CPUs still on @mm are moved to init_mm by the flush (tables are freed).
 *
 * Context: process context, may sleep; takes @mm's mmap_lock. Return: nothing.
 */
void exit_mmap(struct mm_struct *mm)
{
	struct rb_node *node;
	struct mmu_gather tlb;

	mutex_lock(&mm->mmap_lock);
	tlb_gather_mmu(&tlb, mm);
	for (node = rb_first(&mm->mm_rb); node; node = rb_next(node)) {
		struct vm_area_struct *vma = rb_entry(node, struct vm_area_struct, vm_rb);

		unmap_vmas(&tlb, vma, vma->vm_start, vma->vm_end);
	}
	free_pgtables_exit(&tlb);
	tlb_finish_mmu(&tlb);
	while ((node = rb_first(&mm->mm_rb))) {
		struct vm_area_struct *vma = rb_entry(node, struct vm_area_struct, vm_rb);

		vma_unlink(mm, vma);
		vm_area_free(vma);
	}
	mm->total_vm = 0;
	mutex_unlock(&mm->mmap_lock);
}

/**
 * dup_mmap - give @mm (new, empty) a copy of @oldmm's VMAs and pages, for fork
 * @mm: the child's address space, from mm_alloc()
 * @oldmm: the parent's
 *
 * Linux 6.1 keeps this in kernel/fork.c and shares the pages copy-on-write; Spindle copies
 * them now, and copies the layout fields exec set (Linux's dup_mm() copies the whole struct).
 *
 * Context: process context, may sleep; takes both mmap_locks. Return: 0 or -ENOMEM; on failure
 * @mm holds part of the copy, which the caller's mmput() frees.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct rb_node *node;
	int ret = 0;

	mutex_lock(&oldmm->mmap_lock);
	mutex_lock_nested(&mm->mmap_lock, SINGLE_DEPTH_NESTING);
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->mmap_base = oldmm->mmap_base;
	for (node = rb_first(&oldmm->mm_rb); node; node = rb_next(node)) {
		struct vm_area_struct *mpnt = rb_entry(node, struct vm_area_struct, vm_rb);
		struct vm_area_struct *tmp = vm_area_alloc(mm);

		if (!tmp) {
			ret = -ENOMEM;
			break;
		}
		tmp->vm_start = mpnt->vm_start;
		tmp->vm_end = mpnt->vm_end;
		tmp->vm_flags = mpnt->vm_flags;
		tmp->vm_file = mpnt->vm_file;
		vma_link(mm, tmp);
		mm->total_vm += (tmp->vm_end - tmp->vm_start) >> PAGE_SHIFT;
		ret = copy_page_range(tmp, mpnt);
		if (ret)
			break;
	}
	mutex_unlock(&mm->mmap_lock);
	mutex_unlock(&oldmm->mmap_lock);
	return ret;
}
