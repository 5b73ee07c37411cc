/* The vmalloc area. Areas sit on one address-sorted list and are placed first-fit (O(areas),
 * fine at teaching scale); each reserves one unmapped guard page below its first byte, so
 * consecutive areas are always separated by a page that faults. Page tables come from memblock
 * until mem_init(), so ioremap/memremap already work while setup_arch() parses ACPI. */
#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#define VM_ALLOC	0x1	/* vmalloc: pages from the buddy allocator */
#define VM_IOREMAP	0x2	/* ioremap: device memory */
#define VM_MEMREMAP	0x4	/* memremap: firmware memory outside the direct map */

/* 'list' is not the first member: a freed descriptor's first word becomes the slab free
 * pointer, and is_vmalloc_guard_page() may still be walking through it. */
struct vm_struct {
	unsigned long addr;	/* first mapped byte; the guard page is just below */
	unsigned long size;	/* mapped bytes, guard excluded */
	struct list_head list;
	unsigned int flags;
	bool early;		/* descriptor from memblock: recycled, never freed */
};

static LIST_HEAD(vmap_list);
static LIST_HEAD(early_free);	/* recycled boot-time descriptors */
/* vmap_lock: guards vmap_list (its order and links) and early_free. Taken with interrupts off
 * (irqsave); is_vmalloc_guard_page() walks vmap_list without it. Not held across page-table
 * changes or allocations. */
static DEFINE_SPINLOCK(vmap_lock);
static struct kmem_cache *vmap_cachep;

static struct vm_struct *alloc_vm_struct(void)
{
	struct vm_struct *vm = NULL;
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	if (!list_empty(&early_free)) {
		vm = list_first_entry(&early_free, struct vm_struct, list);
		list_del(&vm->list);
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (vm)
		return vm;
	if (vmap_cachep)
		return kmem_cache_zalloc(vmap_cachep, GFP_ATOMIC);
	if (!after_bootmem) {
		vm = memblock_alloc(sizeof(*vm), 8);
		if (vm)
			vm->early = true;
		return vm;
	}
	pr_err("vmalloc: area requested between mem_init() and vmalloc_init()\n");
	return NULL;
}

/* Called with vmap_lock held. */
static void free_vm_struct(struct vm_struct *vm)
{
	if (vm->early)
		list_add(&vm->list, &early_free);
	else
		kmem_cache_free(vmap_cachep, vm);
}

/* First fit: the lowest gap with room for a guard page plus size bytes at 'align'. */
static struct vm_struct *get_vm_area(unsigned long size, unsigned long align, unsigned int type)
{
	struct vm_struct *vm, *pos;
	struct list_head *before = &vmap_list;
	unsigned long lo = VMALLOC_START, addr, flags;
	bool found = false;

	if (!size || size > VMALLOC_END - VMALLOC_START - PAGE_SIZE)
		return NULL;
	vm = alloc_vm_struct();
	if (!vm)
		return NULL;
	spin_lock_irqsave(&vmap_lock, flags);
	list_for_each_entry(pos, &vmap_list, list) {
		addr = ALIGN(lo + PAGE_SIZE, align);
		if (addr + size <= pos->addr - PAGE_SIZE) {
			before = &pos->list;
			found = true;
			break;
		}
		lo = pos->addr + pos->size;
	}
	if (!found) {
		addr = ALIGN(lo + PAGE_SIZE, align);
		found = addr >= lo && addr + size >= addr && addr + size <= VMALLOC_END;
	}
	if (!found) {
		free_vm_struct(vm);
		spin_unlock_irqrestore(&vmap_lock, flags);
		return NULL;
	}
	vm->addr = addr;
	vm->size = size;
	vm->flags = type;
	list_add_tail(&vm->list, before);
	spin_unlock_irqrestore(&vmap_lock, flags);
	return vm;
}

static struct vm_struct *find_vm_area(unsigned long addr, unsigned int type)
{
	struct vm_struct *vm;

	list_for_each_entry(vm, &vmap_list, list)
		if (vm->addr == addr && (vm->flags & type))
			return vm;
	return NULL;
}

/*
 * The area starting exactly at addr, left on vmap_list; NULL (with an error naming the caller)
 * if none. The caller unmaps it and only then unlinks it (discard_vm_area): while an area is
 * on the list no other CPU's get_vm_area() can hand out its addresses, so its unmapping can
 * never clear entries that already belong to a new area (a new thread's stack, for one).
 */
static struct vm_struct *lookup_vm_area(const void *addr, unsigned int type, const char *caller)
{
	struct vm_struct *vm;
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	vm = find_vm_area((unsigned long)addr, type);
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (!vm)
		pr_err("BUG: %s(%p): no such area\n", caller, addr);
	return vm;
}

/* Take an area off vmap_list and free its descriptor: after its setup failed part-way, or
 * after it was unmapped. Unlinked without poisoning: see is_vmalloc_guard_page(). */
static void discard_vm_area(struct vm_struct *vm)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	__list_del(vm->list.prev, vm->list.next);
	free_vm_struct(vm);
	spin_unlock_irqrestore(&vmap_lock, flags);
}

/**
 * is_vmalloc_guard_page - does an address lie in the guard page below a live area?
 * @addr: the faulting address
 *
 * The double-fault handler asks this to tell a kernel stack overflow from other double faults,
 * so it takes no lock (the faulting context may hold it) and allocates nothing. Areas are
 * unlinked without poisoning their pointers, so a walk racing with vfree() on another CPU
 * still reaches the end of the list.
 *
 * Context: any, including the double-fault handler; lock-free, may race with a concurrent
 * vfree() (then the answer may be stale).
 * Return: true if @addr is in the page just below some area's first byte.
 */
bool is_vmalloc_guard_page(unsigned long addr)
{
	struct vm_struct *vm;

	if (addr < VMALLOC_START || addr >= VMALLOC_END)
		return false;
	list_for_each_entry(vm, &vmap_list, list) {
		if (addr >= vm->addr - PAGE_SIZE && addr < vm->addr)
			return true;
		if (vm->addr > addr)
			break;
	}
	return false;
}

/**
 * vmalloc_to_page - the page that backs a vmalloc address
 * @addr: an address inside the vmalloc area
 *
 * Context: any; walks the page tables without a lock, so the area must stay mapped.
 * Return: the page mapped at @addr, or NULL if @addr is not a vmalloc address, not mapped with
 * a 4 KiB page, or maps no RAM page.
 */
struct page *vmalloc_to_page(const void *addr)
{
	unsigned int level;
	pteval_t *pte;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pte = lookup_address((unsigned long)addr, &level);
	if (!pte || level != PG_LEVEL_4K || !pfn_valid((*pte & PTE_PFN_MASK) >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page((*pte & PTE_PFN_MASK) >> PAGE_SHIFT);
}

/* Unmap a vmalloc area and give its pages back: collect them, clear the entries, flush the
 * TLB once, and only then free (no CPU may still reach a page that is handed out again). */
static void vunmap_free_pages(struct vm_struct *vm)
{
	LIST_HEAD(pages);
	struct page *page, *tmp;

	for (unsigned long a = vm->addr; a < vm->addr + vm->size; a += PAGE_SIZE) {
		page = vmalloc_to_page((void *)a);
		if (page)
			list_add(&page->lru, &pages);
	}
	vunmap_range(vm->addr, vm->size);
	flush_tlb_kernel_range(vm->addr, vm->addr + vm->size);
	list_for_each_entry_safe(page, tmp, &pages, lru)
		__free_page(page);
}

/**
 * __vmalloc_node - allocate virtually contiguous memory
 * @size: allocation size, rounded up to whole pages
 * @align: alignment of the first byte, a power of two (at least PAGE_SIZE); kernel stacks use
 *	THREAD_SIZE
 * @gfp_mask: flags for the page allocations (__GFP_ZERO zeroes, __GFP_NOWARN silences a
 *	failure)
 * @node: ignored (one memory node)
 * @caller: ignored
 *
 * Places the area first-fit behind an unmapped guard page, then maps one freshly allocated
 * page at a time; on failure everything done so far is undone.
 *
 * Linux 6.1: allocates an array of pages, maps them in one go, and records @caller for
 * /proc/vmallocinfo.
 *
 * Context: process context with interrupts on (failure unmaps, which waits for the TLB flush on
 * other CPUs); the page allocations follow @gfp_mask. Takes vmap_lock and pgd_lock with
 * interrupts off. After vmalloc_init(); boot-time areas before mem_init() come from memblock.
 * Return: the first byte of the area, or NULL on failure (or for a bad @size or @align).
 */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller)
{
	struct vm_struct *vm;

	if (!size || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	size = PAGE_ALIGN(size);
	align = max(align, PAGE_SIZE);
	if (align & (align - 1))
		return NULL;
	vm = get_vm_area(size, align, VM_ALLOC);
	if (!vm) {
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn("vmalloc: no room for %lu KiB in the vmalloc area\n", size >> 10);
		return NULL;
	}
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = alloc_page(gfp_mask | __GFP_NOWARN);

		if (!page || vmap_pages_range(vm->addr + off, PFN_PHYS(page_to_pfn(page)),
					      PAGE_SIZE, PAGE_KERNEL)) {
			if (page)
				__free_page(page);
			vunmap_free_pages(vm);
			discard_vm_area(vm);
			if (!(gfp_mask & __GFP_NOWARN))
				pr_warn("vmalloc: out of memory for %lu KiB\n", size >> 10);
			return NULL;
		}
	}
	return (void *)vm->addr;
}

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: allocation size
 *
 * Allocate enough pages to cover @size and map them into contiguous kernel virtual space.
 *
 * Context: as __vmalloc_node() with GFP_KERNEL: may sleep.
 * Return: pointer to the allocated memory or NULL on error.
 */
void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL, NUMA_NO_NODE, NULL);
}

/**
 * vzalloc - allocate virtually contiguous memory with zero fill
 * @size: allocation size
 *
 * Context: as vmalloc(). Return: pointer to the zeroed memory or NULL on error.
 */
void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE, NULL);
}

/**
 * vfree - release memory allocated by vmalloc()
 * @addr: memory base address, or NULL (then nothing happens)
 *
 * Unmaps the area, flushes the TLB on every CPU once, and only then frees the pages (no CPU may
 * still reach a page that is handed out again); the descriptor is unlinked last, so the
 * addresses cannot be handed out while they are still being unmapped. An @addr that does not
 * start a vmalloc area is reported with a "BUG:" line.
 *
 * Linux 6.1: vfree() from interrupt context defers the work to a workqueue; here it is done
 * at once, so it needs a context where the TLB flush may wait for the other CPUs.
 *
 * Context: process context with interrupts on and no spinlock held.
 * Return: nothing.
 */
void vfree(const void *addr)
{
	struct vm_struct *vm;

	/* Linux's vfree() sleeps unless called from an interrupt (it defers the work then). */
	might_sleep_if(!in_interrupt());
	if (!addr)
		return;
	vm = lookup_vm_area(addr, VM_ALLOC, "vfree");
	if (!vm)
		return;
	vunmap_free_pages(vm);
	discard_vm_area(vm);
}

static void *__ioremap(phys_addr_t phys, size_t size, pteval_t prot, unsigned int type,
		       const char *caller)
{
	phys_addr_t start = ALIGN_DOWN(phys, PAGE_SIZE);
	phys_addr_t end = PAGE_ALIGN(phys + size);
	struct vm_struct *vm;

	if (!size || phys + size < phys || end < phys) {
		pr_err("%s(%#lx, %#zx): empty or wrapping range\n", caller, phys, size);
		return NULL;
	}
	if (!direct_map_ready) {
		pr_err("%s(%#lx): called before paging_init()\n", caller, phys);
		return NULL;
	}
	vm = get_vm_area(end - start, PAGE_SIZE, type);
	if (!vm) {
		pr_err("%s(%#lx, %#zx): no room in the vmalloc area\n", caller, phys, size);
		return NULL;
	}
	if (vmap_pages_range(vm->addr, start, end - start, prot)) {
		vunmap_range(vm->addr, vm->size);
		flush_tlb_kernel_range(vm->addr, vm->addr + vm->size);
		discard_vm_area(vm);
		pr_err("%s(%#lx, %#zx): out of memory for page tables\n", caller, phys, size);
		return NULL;
	}
	return (void *)(vm->addr + (phys - start));
}

/* Uncached or write-combining aliases of write-back memory are undefined behaviour (SDM 11.12.4),
 * so whatever the direct map covers is refused. */
static bool ioremap_aliases_ram(phys_addr_t phys, size_t size, const char *caller)
{
	static const u32 types[] = { E820_TYPE_RAM, E820_TYPE_ACPI, E820_TYPE_NVS };

	for (unsigned int i = 0; i < ARRAY_SIZE(types); i++) {
		if (e820__mapped_any(phys, phys + size, types[i])) {
			pr_err("%s(%#lx, %#zx): range is RAM/ACPI memory (use memremap)\n", caller,
			       phys, size);
			return true;
		}
	}
	return false;
}

/**
 * ioremap - map device memory uncached
 * @phys: physical address of the first byte (need not be page-aligned)
 * @size: length in bytes
 *
 * For MMIO registers. Uncached or write-combining aliases of write-back memory are undefined
 * behaviour (SDM 11.12.4), so a range that touches RAM, ACPI data or NVS is refused.
 *
 * Linux 6.1: maps with UC- (PAGE_KERNEL_IO_NOCACHE) and refuses only RAM; here UC.
 *
 * Context: process context, or boot from paging_init() on; takes vmap_lock and pgd_lock with
 * interrupts off. Failing part-way flushes the TLB on every CPU (interrupts on).
 * Return: the virtual address of @phys, or NULL (reported).
 */
void *ioremap(phys_addr_t phys, size_t size)
{
	if (ioremap_aliases_ram(phys, size, "ioremap"))
		return NULL;
	return __ioremap(phys, size, PAGE_KERNEL_NOCACHE, VM_IOREMAP, "ioremap");
}

/**
 * ioremap_wc - map device memory write-combining
 * @phys: physical address of the first byte
 * @size: length in bytes
 *
 * For framebuffers. Falls back to uncached when the CPU has no PAT. Refuses RAM and ACPI
 * memory as ioremap() does.
 *
 * Context: as ioremap(). Return: the virtual address of @phys, or NULL (reported).
 */
void *ioremap_wc(phys_addr_t phys, size_t size)
{
	pteval_t prot = pat_enabled ? (PAGE_KERNEL | _PAGE_CACHE_WC) : PAGE_KERNEL_NOCACHE;

	if (ioremap_aliases_ram(phys, size, "ioremap_wc"))
		return NULL;
	return __ioremap(phys, size, prot, VM_IOREMAP, "ioremap_wc");
}

static void unmap_area(volatile void *addr, unsigned int type, const char *caller)
{
	struct vm_struct *vm;

	vm = lookup_vm_area((void *)((unsigned long)addr & PAGE_MASK), type, caller);
	if (!vm)
		return;
	vunmap_range(vm->addr, vm->size);
	flush_tlb_kernel_range(vm->addr, vm->addr + vm->size);
	discard_vm_area(vm);
}

/**
 * iounmap - remove a mapping made by ioremap() or ioremap_wc()
 * @addr: the address ioremap() returned (an offset into its first page is allowed), or NULL
 *
 * An address that is not an ioremap() mapping is reported and left alone.
 *
 * Context: process context with interrupts on (the TLB flush waits for the other CPUs), or the
 * boot CPU before the others run. Return: nothing.
 */
void iounmap(volatile void *addr)
{
	if (addr)
		unmap_area(addr, VM_IOREMAP, "iounmap");
}

/**
 * memremap - map firmware memory write-back
 * @phys: physical address of the first byte
 * @size: length in bytes
 *
 * Memory the direct map covers is returned through it (no second mapping); the rest, e.g. ACPI
 * tables SeaBIOS keeps in "reserved" memory, gets a write-back mapping of its own.
 *
 * Linux 6.1: memremap(offset, size, flags) takes MEMREMAP_WB/WT/WC; here always write-back.
 *
 * Context: as ioremap(). Return: the virtual address of @phys, or NULL (reported).
 */
void *memremap(phys_addr_t phys, size_t size)
{
	if (size && direct_map_covers(phys, size))
		return __va(phys);
	return __ioremap(phys, size, PAGE_KERNEL, VM_MEMREMAP, "memremap");
}

/**
 * memunmap - release a memremap() mapping
 * @addr: the address memremap() returned, or NULL
 *
 * A direct-map address (memremap()'s answer for covered memory) needs nothing and is left.
 *
 * Context: as iounmap(). Return: nothing.
 */
void memunmap(void *addr)
{
	if (addr && is_vmalloc_addr(addr))
		unmap_area(addr, VM_MEMREMAP, "memunmap");
}

/**
 * vmalloc_init - create the cache of area descriptors
 *
 * Until now descriptors came from memblock (and are recycled, never freed); between mem_init()
 * and this call no area can be made.
 *
 * Context: boot CPU, once, after kmem_cache_init(). Return: nothing.
 */
void vmalloc_init(void)
{
	vmap_cachep = kmem_cache_create("vmap_area", sizeof(struct vm_struct), 0, SLAB_PANIC,
					NULL);
}
