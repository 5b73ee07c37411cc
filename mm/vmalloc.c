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

/* The double-fault handler calls this, so it takes no lock (the faulting context may hold it)
 * and allocates nothing. Areas are unlinked without poisoning their pointers, so a walk racing
 * with vfree() on another CPU still reaches the end of the list. */
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

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL, NUMA_NO_NODE, NULL);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE, NULL);
}

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

void *ioremap(phys_addr_t phys, size_t size)
{
	if (ioremap_aliases_ram(phys, size, "ioremap"))
		return NULL;
	return __ioremap(phys, size, PAGE_KERNEL_NOCACHE, VM_IOREMAP, "ioremap");
}

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

void iounmap(volatile void *addr)
{
	if (addr)
		unmap_area(addr, VM_IOREMAP, "iounmap");
}

/* Memory the direct map covers is returned through it (no second mapping); the rest, e.g. ACPI
 * tables SeaBIOS keeps in "reserved" memory, gets a write-back mapping of its own. */
void *memremap(phys_addr_t phys, size_t size)
{
	if (size && direct_map_covers(phys, size))
		return __va(phys);
	return __ioremap(phys, size, PAGE_KERNEL, VM_MEMREMAP, "memremap");
}

void memunmap(void *addr)
{
	if (addr && is_vmalloc_addr(addr))
		unmap_area(addr, VM_MEMREMAP, "memunmap");
}

void vmalloc_init(void)
{
	vmap_cachep = kmem_cache_create("vmap_area", sizeof(struct vm_struct), 0, SLAB_PANIC,
					NULL);
}
