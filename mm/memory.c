/* The user half of an address space's page tables (Linux's mm/memory.c): walking and filling
 * them, the page fault that gives anonymous memory a zeroed page on first touch, unmapping and
 * freeing pages and page-table pages, copying them at fork, and access_remote_vm(). Only entries
 * 0-255 of a PGD are ever touched here: the kernel half is init_mm's, shared and never freed. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/ramfs.h>
#include <linux/sched.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

/* Linux's _PAGE_TABLE: the upper levels allow everything, the PTE decides. */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define LEVEL_BITS	9

static pteval_t *entry_table(pteval_t entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* Every level has as many entries as the last: PTRS_PER_PGD = PTRS_PER_PUD = ... = PTRS_PER_PTE. */
static unsigned int entry_index(unsigned long addr, unsigned int shift)
{
	return (addr >> shift) & (PTRS_PER_PTE - 1);
}

/* The end of the @shift-level entry's span that holds @addr, or @end if that comes first. */
static unsigned long span_end(unsigned long addr, unsigned int shift, unsigned long end)
{
	unsigned long next = (addr | ((1UL << shift) - 1)) + 1;

	return next - 1 < end - 1 ? next : end;
}

static bool table_empty(const pteval_t *table)
{
	for (unsigned int i = 0; i < PTRS_PER_PTE; i++)
		if (table[i])
			return false;
	return true;
}

/**
 * tlb_gather_mmu - start collecting what an unmap of @mm frees
 * @tlb: the gather, on the caller's stack
 * @mm: the address space
 *
 * Context: @mm's mmap_lock held. Return: nothing.
 */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = ~0UL;
	tlb->end = 0;
	INIT_LIST_HEAD(&tlb->pages);
	tlb->freed_tables = false;
}

static void tlb_remove_page(struct mmu_gather *tlb, void *page, unsigned long addr,
			    unsigned long size)
{
	list_add(&virt_to_page(page)->lru, &tlb->pages);
	tlb->start = min(tlb->start, addr);
	tlb->end = max(tlb->end, addr + size);
}

/**
 * tlb_finish_mmu - flush what was unmapped, then free it
 * @tlb: the gather tlb_gather_mmu() started
 *
 * No CPU can reach a page or page-table page after the flush, so only then does it go back to
 * the page allocator.
 *
 * Context: process context with interrupts on (flush_tlb_mm_range() waits for IPIs).
 * Return: nothing.
 */
void tlb_finish_mmu(struct mmu_gather *tlb)
{
	struct page *page, *tmp;

	if (tlb->end > tlb->start)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end, PAGE_SHIFT, tlb->freed_tables);
	list_for_each_entry_safe(page, tmp, &tlb->pages, lru) {
		list_del(&page->lru);
		free_page((unsigned long)page_address(page));
	}
}

/* Free the tables of @table's entries in [start, end) that hold nothing any more. */
static void free_empty_tables(struct mmu_gather *tlb, pteval_t *table, unsigned int shift,
			      unsigned long start, unsigned long end)
{
	for (unsigned long addr = start, next; addr < end; addr = next) {
		pteval_t *entry = &table[entry_index(addr, shift)];
		pteval_t *child;

		next = span_end(addr, shift, end);
		if (!(*entry & _PAGE_PRESENT))
			continue;
		child = entry_table(*entry);
		if (shift > PMD_SHIFT)
			free_empty_tables(tlb, child, shift - LEVEL_BITS, addr, next);
		if (!table_empty(child))
			continue;
		WRITE_ONCE(*entry, 0);
		tlb_remove_page(tlb, child, addr & ~((1UL << shift) - 1), 1UL << shift);
		tlb->freed_tables = true;
	}
}

/**
 * free_pgtables - free the page-table pages of [floor, ceiling) that map nothing
 * @tlb: the gather; the tables are freed after its flush
 * @floor: start of the user range, @ceiling: its end (at most TASK_SIZE_MAX)
 *
 * Linux 6.1: frees the tables between the VMAs it is given, up to their neighbours; Spindle
 * frees every table of the range that is empty (a table a VMA still spans but with no page in
 * it is allocated again by the next fault there).
 *
 * Context: mmap_lock held. Return: nothing.
 */
void free_pgtables(struct mmu_gather *tlb, unsigned long floor, unsigned long ceiling)
{
	if (floor < ceiling)
		free_empty_tables(tlb, tlb->mm->pgd, PGDIR_SHIFT, floor, ceiling);
}

/* The @shift-level entry (PMD_SHIFT: a PMD entry, ...) of @pgd that covers @addr, or NULL when
 * a table above it is absent. */
static pteval_t *entry_at(pteval_t *pgd, unsigned long addr, unsigned int shift)
{
	pteval_t *entry = &pgd[entry_index(addr, PGDIR_SHIFT)];

	for (unsigned int s = PGDIR_SHIFT; s > shift; s -= LEVEL_BITS) {
		if (!(*entry & _PAGE_PRESENT))
			return NULL;
		entry = entry_table(*entry) + entry_index(addr, s - LEVEL_BITS);
	}
	return entry;
}

/**
 * free_pgtables_exit - free every page-table page of an address space whose pages are unmapped
 * @tlb: the gather; the tables are freed after its flush
 *
 * For exit_mmap(), after unmap_vmas() on every VMA and before the VMAs go: as Linux's
 * free_pgtables() at exit, it visits only the entries the VMAs span, level by level from the
 * bottom (the PTE tables first, then the PMD tables, then the PUD tables), and frees the table
 * each one points to without reading it: nothing is mapped any more. Every table lies under a
 * VMA (a fault made it there; munmap() freed those it emptied), and an entry two VMAs share is
 * clear once freed, so nothing is freed twice or left. O(entries the VMAs span), where
 * free_pgtables() reads every entry of every table to find the empty ones.
 *
 * Context: mmap_lock held. Return: nothing.
 */
void free_pgtables_exit(struct mmu_gather *tlb)
{
	struct mm_struct *mm = tlb->mm;

	for (unsigned int shift = PMD_SHIFT; shift <= PGDIR_SHIFT; shift += LEVEL_BITS) {
		unsigned long span = 1UL << shift;

		for (struct rb_node *n = rb_first(&mm->mm_rb); n; n = rb_next(n)) {
			struct vm_area_struct *vma = rb_entry(n, struct vm_area_struct, vm_rb);

			for (unsigned long addr = vma->vm_start & ~(span - 1); addr < vma->vm_end;
			     addr += span) {
				pteval_t *entry = entry_at(mm->pgd, addr, shift);

				if (!entry || !(*entry & _PAGE_PRESENT))
					continue;
				tlb_remove_page(tlb, entry_table(*entry), addr, span);
				WRITE_ONCE(*entry, 0);
				tlb->freed_tables = true;
			}
		}
	}
}

typedef int (*pte_fn_t)(pteval_t *pte, unsigned long addr, void *data);

/*
 * Call @fn for every present PTE in [start, end), skipping absent tables whole: O(entries of
 * the present tables the range spans). The last level is a plain index loop, the one every
 * fork and exit runs through for each page-table page.
 */
static int walk_present_ptes(pteval_t *table, unsigned int shift, unsigned long start,
			     unsigned long end, pte_fn_t fn, void *data)
{
	int ret;

	if (shift == PAGE_SHIFT) {
		unsigned int last = entry_index(end - 1, PAGE_SHIFT);

		for (unsigned int i = entry_index(start, PAGE_SHIFT); i <= last; i++) {
			if (!(table[i] & _PAGE_PRESENT))
				continue;
			ret = fn(&table[i], (start & ~(PMD_SIZE - 1)) + ((unsigned long)i << PAGE_SHIFT),
				 data);
			if (ret)
				return ret;
		}
		return 0;
	}
	for (unsigned long addr = start, next; addr < end; addr = next) {
		pteval_t *entry = &table[entry_index(addr, shift)];

		next = span_end(addr, shift, end);
		if (!(*entry & _PAGE_PRESENT))
			continue;
		ret = walk_present_ptes(entry_table(*entry), shift - LEVEL_BITS, addr, next, fn,
					data);
		if (ret)
			return ret;
	}
	return 0;
}

/* A page-table page for the empty @entry: allocated outside the lock, installed under it. */
static int __pte_alloc(struct mm_struct *mm, pteval_t *entry)
{
	pteval_t *table = (pteval_t *)get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);

	if (!table)
		return -ENOMEM;
	spin_lock(&mm->page_table_lock);
	if (!(*entry & _PAGE_PRESENT)) {
		WRITE_ONCE(*entry, __pa(table) | _PAGE_TABLE);
		table = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	if (table)
		free_page((unsigned long)table);
	return 0;
}

/* The PTE of @addr in @mm, with the tables above it allocated if @alloc; NULL if absent (or
 * out of memory). */
static pteval_t *walk_to_pte(struct mm_struct *mm, unsigned long addr, bool alloc)
{
	pteval_t *entry = &mm->pgd[entry_index(addr, PGDIR_SHIFT)];

	for (unsigned int shift = PGDIR_SHIFT; shift > PAGE_SHIFT; shift -= LEVEL_BITS) {
		if (!(*entry & _PAGE_PRESENT) && (!alloc || __pte_alloc(mm, entry)))
			return NULL;
		entry = entry_table(*entry) + entry_index(addr, shift - LEVEL_BITS);
	}
	return entry;
}

static int copy_one_pte(pteval_t *src_pte, unsigned long addr, void *data)
{
	struct vm_area_struct *dst_vma = data;
	pteval_t *dst_pte = walk_to_pte(dst_vma->vm_mm, addr, true);
	void *page;

	if (!dst_pte)
		return -ENOMEM;
	page = (void *)__get_free_page(GFP_KERNEL | __GFP_NOWARN);
	if (!page)
		return -ENOMEM;
	copy_page(page, entry_table(*src_pte));
	WRITE_ONCE(*dst_pte, __pa(page) | (*src_pte & ~PTE_PFN_MASK));
	return 0;
}

/**
 * copy_page_range - give the child of a fork its own copy of every page of @src_vma
 * @dst_vma: the child's VMA, same range and flags
 * @src_vma: the parent's
 *
 * Linux 6.1: shares the pages copy-on-write; Spindle copies them now (eager copy), so a page is
 * always owned by one mm.
 *
 * Context: both mms' mmap_lock held; may sleep. Return: 0, or -ENOMEM (what was copied stays in
 * the child's page tables for exit_mmap() to free).
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	return walk_present_ptes(src_vma->vm_mm->pgd, PGDIR_SHIFT, src_vma->vm_start,
				 src_vma->vm_end, copy_one_pte, dst_vma);
}

static int zap_one_pte(pteval_t *pte, unsigned long addr, void *data)
{
	struct mmu_gather *tlb = data;
	pteval_t old = *pte;

	WRITE_ONCE(*pte, 0);
	tlb_remove_page(tlb, entry_table(old), addr, PAGE_SIZE);
	return 0;
}

/**
 * unmap_vmas - take the pages of [start, end) ∩ @vma out of its mm
 * @tlb: the gather: pages are freed after its flush
 * @vma: the VMA
 * @start: first address; @end: the end
 *
 * Linux 6.1: unmap_vmas(tlb, mt, vma, start, end) walks every VMA from @vma on through the
 * maple tree; here the caller calls it once per VMA.
 *
 * Context: mmap_lock held. Return: nothing.
 */
void unmap_vmas(struct mmu_gather *tlb, struct vm_area_struct *vma, unsigned long start,
		unsigned long end)
{
	start = max(start, vma->vm_start);
	end = min(end, vma->vm_end);
	if (start < end)
		walk_present_ptes(vma->vm_mm->pgd, PGDIR_SHIFT, start, end, zap_one_pte, tlb);
}

static pteval_t vma_pte_prot(const struct vm_area_struct *vma)
{
	pteval_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (vma->vm_flags & VM_WRITE)
		prot |= _PAGE_RW | _PAGE_DIRTY;
	if (!(vma->vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot & __supported_pte_mask;
}

/* First touch of anonymous private memory: a zeroed page of its own. */
static vm_fault_t do_anonymous_page(struct vm_area_struct *vma, pteval_t *pte)
{
	void *page = (void *)get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);

	if (!page)
		return VM_FAULT_OOM;
	WRITE_ONCE(*pte, __pa(page) | vma_pte_prot(vma));
	return 0;
}

/**
 * handle_mm_fault - resolve a fault at @address in @vma
 * @vma: the VMA holding @address; the caller checked the access against its vm_flags
 * @address: the faulting address
 * @flags: FAULT_FLAG_*
 * @regs: the fault's registers (NULL for a fault on behalf of access_remote_vm())
 *
 * A missing page gets a zeroed one (with the page tables above it). A present one means the
 * fault raced or the TLB was stale (another CPU changed the PTE): the entry is flushed here.
 *
 * Context: mmap_lock held; may sleep (allocates with GFP_KERNEL).
 * Return: 0, VM_FAULT_OOM without memory, VM_FAULT_SIGSEGV if the PTE still refuses the access.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address, unsigned int flags,
			   struct pt_regs *regs)
{
	pteval_t *pte = walk_to_pte(vma->vm_mm, address, true);

	if (!pte)
		return VM_FAULT_OOM;
	if (!(*pte & _PAGE_PRESENT))
		return do_anonymous_page(vma, pte);
	if ((flags & FAULT_FLAG_WRITE) && !(*pte & _PAGE_RW))
		return VM_FAULT_SIGSEGV;
	__flush_tlb_one_user(address);
	return 0;
}

/**
 * access_remote_vm - read or write @mm's user memory from the kernel, as ptrace does
 * @mm: the address space (need not be the current one)
 * @addr: user address
 * @buf: kernel buffer
 * @len: bytes
 * @gup_flags: FOLL_WRITE to write @buf into @mm; FOLL_FORCE to do it even where the VMA forbids
 *	the access (exec writes a program's text into its read-only VMA so)
 *
 * Missing pages are faulted in. Without FOLL_FORCE the VMA must allow the access. Pages are
 * reached through the direct map, so @mm need not be loaded. Linux 6.1: a forced write to a
 * read-only private page breaks COW into a new copy; Spindle's private pages have one owner
 * and are written in place.
 *
 * Context: process context, may sleep; takes @mm's mmap_lock.
 * Return: the bytes transferred (fewer than @len where an address is unmapped or refused).
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     unsigned int gup_flags)
{
	bool write = gup_flags & FOLL_WRITE;
	unsigned long need = write ? VM_WRITE : VM_READ;
	char *p = buf;
	int done = 0;

	if (len <= 0)
		return 0;
	mutex_lock(&mm->mmap_lock);
	while (done < len) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned int offset = addr & ~PAGE_MASK;
		int bytes = min_t(unsigned long, len - done, PAGE_SIZE - offset);
		pteval_t *pte;
		char *kaddr;

		if (!vma || vma->vm_start > addr)
			break;
		/* VM_MAYREAD and VM_MAYWRITE are VM_READ and VM_WRITE four bits up. */
		if (!(vma->vm_flags & need) &&
		    (!(gup_flags & FOLL_FORCE) || !(vma->vm_flags & (need << 4))))
			break;
		pte = walk_to_pte(mm, addr, false);
		if (!pte || !(*pte & _PAGE_PRESENT)) {
			if (handle_mm_fault(vma, addr, FAULT_FLAG_REMOTE, NULL))
				break;
			pte = walk_to_pte(mm, addr, false);
		}
		kaddr = (char *)entry_table(*pte) + offset;
		if (write)
			memcpy(kaddr, p, bytes);
		else
			memcpy(p, kaddr, bytes);
		p += bytes;
		addr += bytes;
		done += bytes;
	}
	mutex_unlock(&mm->mmap_lock);
	return done;
}

/**
 * print_vma_addr - add " in FILE[start+size]" to a report about user address @ip
 * @prefix: what goes before (" in ", with KERN_CONT)
 * @ip: a user address, usually the faulting instruction
 *
 * As Linux's: only for an address inside a mapping of a program file, and only if the
 * current task's mmap_lock can be had without waiting (a fault report must not sleep on it).
 *
 * Context: process context of the task the address belongs to, interrupts on. Return:
 * nothing.
 */
void print_vma_addr(const char *prefix, unsigned long ip)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (!mm || preempt_count() || !mutex_trylock(&mm->mmap_lock))
		return;
	vma = find_vma(mm, ip);
	/* Spindle's printk reads a level only at the format's start: the prefix's goes there. */
	if (prefix[0] == KERN_SOH[0] && prefix[1] == 'c')
		prefix += 2;
	if (vma && ip >= vma->vm_start && vma->vm_file)
		printk(KERN_CONT "%s%s[%lx+%lx]", prefix, vma->vm_file->i_name, vma->vm_start,
		       vma->vm_end - vma->vm_start);
	mutex_unlock(&mm->mmap_lock);
}
