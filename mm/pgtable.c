/* The kernel's own page tables, built once by paging_init(): a direct map of all RAM (and the
 * ACPI ranges) at PAGE_OFFSET with the largest pages that fit, the kernel image W^X at
 * __START_KERNEL_map, and the top-level entry of the vmalloc area; plus the map/unmap/walk
 * primitives vmalloc and ioremap use afterwards. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/panic.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/cpufeature.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <asm/sections.h>

#define MSR_IA32_CR_PAT		0x277
/* Linux's PAT layout: WB, WC, UC-, UC, then the same four with the PAT bit (WB, WP, UC-, WT). */
#define SPINDLE_PAT		0x0407050600070106ULL

#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

pteval_t __supported_pte_mask = ~_PAGE_NX;
bool pat_enabled;
bool direct_map_ready;
pteval_t init_top_pgt[PTRS_PER_PGD] __aligned(PAGE_SIZE) __section(".bss.page_aligned");

/* pgd_lock: serialises changes to the kernel page tables after boot (vmap_pages_range(),
 * vunmap_range()) and nr_pgtable_pages. Taken with interrupts off (irqsave); lookup_address()
 * walks without it. paging_init() runs before any other CPU and goes without it. */
static DEFINE_SPINLOCK(pgd_lock);
static unsigned long nr_pgtable_pages;

/* The physical ranges the direct map covers (sorted, disjoint). */
static struct {
	phys_addr_t start, end;
} direct_ranges[E820_MAX_ENTRIES];
static int nr_direct_ranges;


static unsigned int pgd_index(unsigned long va) { return (va >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static unsigned int pud_index(unsigned long va) { return (va >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static unsigned int pmd_index(unsigned long va) { return (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static unsigned int pte_index(unsigned long va) { return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* Until the switch, page-table pages (all below 1 GiB) are reached through the boot mapping of
 * the first GiB at __START_KERNEL_map; afterwards through the direct map. */
static void *pt_virt(phys_addr_t pa)
{
	if (direct_map_ready)
		return __va(pa);
	return (void *)(pa + __START_KERNEL_map);
}

/**
 * nr_kernel_pgtable_pages - page-table pages the kernel mappings hold
 *
 * They are never freed, so leak checks add them to nr_free_pages(): a table allocated on first
 * use of a region is not taken for a leak.
 *
 * Context: any; read without pgd_lock. Return: the number of pages.
 */
unsigned long nr_kernel_pgtable_pages(void)
{
	return READ_ONCE(nr_pgtable_pages);
}

/* Kernel page tables are never freed (as in Linux): every mm shares them. */
static pteval_t *alloc_pgtable_page(void)
{
	phys_addr_t pa;
	pteval_t *t;

	if (after_bootmem) {
		t = (pteval_t *)get_zeroed_page(GFP_ATOMIC | __GFP_NOWARN);
	} else {
		pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
		t = pa ? pt_virt(pa) : NULL;
		if (t)
			clear_page(t);
	}
	if (t)
		nr_pgtable_pages++;
	return t;
}

/* The table an entry points to, allocated on first use. NULL when out of memory, or when a
 * large page already maps the range (callers never remap over one). */
static pteval_t *next_level(pteval_t *entry)
{
	if (!(*entry & _PAGE_PRESENT)) {
		pteval_t *t = alloc_pgtable_page();

		if (!t)
			return NULL;
		WRITE_ONCE(*entry, __pa(t) | _KERNPG_TABLE);
	} else if (*entry & _PAGE_PSE) {
		return NULL;
	}
	return pt_virt(*entry & PTE_PFN_MASK);
}

struct map_stats {
	unsigned long pages[PG_LEVEL_1G + 1];
};

/* Map with the largest page size up to max_level that the alignment and length allow. */
static int map_range(unsigned long va, phys_addr_t pa, unsigned long size, pteval_t prot,
		     enum pg_level max_level, struct map_stats *st)
{
	prot &= __supported_pte_mask;
	while (size) {
		pteval_t *pud, *pmd, *pte;
		unsigned long step;
		enum pg_level level;

		pud = next_level(&init_top_pgt[pgd_index(va)]);
		if (!pud)
			return -ENOMEM;
		pud += pud_index(va);
		if (max_level >= PG_LEVEL_1G && IS_ALIGNED(va | pa, PUD_SIZE) && size >= PUD_SIZE &&
		    !(*pud & _PAGE_PRESENT)) {
			WRITE_ONCE(*pud, pa | prot | _PAGE_PSE);
			step = PUD_SIZE;
			level = PG_LEVEL_1G;
		} else {
			pmd = next_level(pud);
			if (!pmd)
				return -ENOMEM;
			pmd += pmd_index(va);
			if (max_level >= PG_LEVEL_2M && IS_ALIGNED(va | pa, PMD_SIZE) &&
			    size >= PMD_SIZE && !(*pmd & _PAGE_PRESENT)) {
				WRITE_ONCE(*pmd, pa | prot | _PAGE_PSE);
				step = PMD_SIZE;
				level = PG_LEVEL_2M;
			} else {
				pte = next_level(pmd);
				if (!pte)
					return -ENOMEM;
				WRITE_ONCE(pte[pte_index(va)], pa | prot);
				step = PAGE_SIZE;
				level = PG_LEVEL_4K;
			}
		}
		if (st)
			st->pages[level]++;
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

/**
 * lookup_address - find the page-table entry that maps a kernel address
 * @addr: the virtual address
 * @level: set to the entry's level (PG_LEVEL_4K, _2M or _1G), PG_LEVEL_NONE if unmapped
 *
 * Walks init_top_pgt, stopping at a large page.
 *
 * Linux 6.1: lookup_address() also returns the (non-present) PTE of a present page table; here
 * a non-present leaf gives NULL.
 *
 * Context: any; takes no lock. A walk racing with vunmap_range() of the same range may see the
 * old or the new entry (tables themselves are never freed).
 * Return: the entry mapping @addr (a PTE, or a PMD/PUD for a large page), or NULL when @addr
 * is not mapped.
 */
pteval_t *lookup_address(unsigned long addr, unsigned int *level)
{
	pteval_t *e = &init_top_pgt[pgd_index(addr)];

	*level = PG_LEVEL_NONE;
	if (!(*e & _PAGE_PRESENT))
		return NULL;
	e = (pteval_t *)pt_virt(*e & PTE_PFN_MASK) + pud_index(addr);
	if (!(*e & _PAGE_PRESENT))
		return NULL;
	if (*e & _PAGE_PSE) {
		*level = PG_LEVEL_1G;
		return e;
	}
	e = (pteval_t *)pt_virt(*e & PTE_PFN_MASK) + pmd_index(addr);
	if (!(*e & _PAGE_PRESENT))
		return NULL;
	if (*e & _PAGE_PSE) {
		*level = PG_LEVEL_2M;
		return e;
	}
	e = (pteval_t *)pt_virt(*e & PTE_PFN_MASK) + pte_index(addr);
	if (!(*e & _PAGE_PRESENT))
		return NULL;
	*level = PG_LEVEL_4K;
	return e;
}

/**
 * vmap_pages_range - map a physical range into the kernel page tables with 4 KiB pages
 * @va: the first virtual address (page-aligned)
 * @pa: the first physical address (page-aligned)
 * @size: the length in bytes (a multiple of PAGE_SIZE)
 * @prot: the page protection (NX dropped where the CPU lacks it)
 *
 * Missing tables come from memblock until the page allocator is up, then from GFP_ATOMIC
 * pages; they are never freed. Entries already present are overwritten, and no TLB flush is
 * made: the range is expected to be unmapped before.
 *
 * Linux 6.1: vmap_pages_range() maps an array of struct page; this maps one contiguous range.
 *
 * Context: any; takes pgd_lock with interrupts off.
 * Return: 0, or -ENOMEM if a page table could not be allocated (part of the range may then be
 * mapped; the caller unmaps it).
 */
int vmap_pages_range(unsigned long va, phys_addr_t pa, unsigned long size, pteval_t prot)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&pgd_lock, flags);
	ret = map_range(va, pa, size, prot, PG_LEVEL_4K, NULL);
	spin_unlock_irqrestore(&pgd_lock, flags);
	return ret;
}

/**
 * vunmap_range - clear the 4 KiB entries of a kernel range
 * @va: the first virtual address
 * @size: the length in bytes
 *
 * Unmapped pages are skipped; a large page in the range is reported and left mapped. No TLB
 * flush: the caller flushes (flush_tlb_kernel_range()).
 *
 * Linux 6.1: vunmap_range() flushes the caches and the TLB itself.
 *
 * Context: any; takes pgd_lock with interrupts off.
 * Return: nothing.
 */
void vunmap_range(unsigned long va, unsigned long size)
{
	unsigned long flags, end = va + size;

	spin_lock_irqsave(&pgd_lock, flags);
	for (; va < end; va += PAGE_SIZE) {
		unsigned int level;
		pteval_t *pte = lookup_address(va, &level);

		if (!pte)
			continue;
		if (level != PG_LEVEL_4K) {
			pr_err("x86/mm: unmap of %#lx hits a large page; left mapped\n", va);
			continue;
		}
		WRITE_ONCE(*pte, 0);
	}
	spin_unlock_irqrestore(&pgd_lock, flags);
}

/**
 * direct_map_covers - does the direct map cover a physical range?
 * @pa: the first physical address
 * @size: the length in bytes
 *
 * The direct map holds RAM, ACPI data and NVS, merged where they touch.
 *
 * Context: any. Return: true when [@pa, @pa + @size) lies inside one direct-map range; false
 * before paging_init() or for a range that wraps.
 */
bool direct_map_covers(phys_addr_t pa, unsigned long size)
{
	if (!direct_map_ready || pa + size < pa)
		return false;
	for (int i = 0; i < nr_direct_ranges; i++)
		if (pa >= direct_ranges[i].start && pa + size <= direct_ranges[i].end)
			return true;
	return false;
}

/**
 * __flush_tlb_all - drop every TLB entry on this CPU, global ones included
 *
 * Toggles CR4.PGE off and on, which flushes global entries too; it also leaves PGE set, which
 * paging_init() relies on to turn global pages on.
 *
 * Linux 6.1: __flush_tlb_all() uses INVPCID when the CPU has it, else the same CR4 toggle.
 *
 * Context: any; interrupts are off around the toggle. Return: nothing.
 */
void __flush_tlb_all(void)
{
	unsigned long flags, cr4;

	local_irq_save(flags);
	cr4 = read_cr4();
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4 | X86_CR4_PGE);
	local_irq_restore(flags);
}

/**
 * pat_init - program this CPU's PAT MSR with Linux's layout
 *
 * WB, WC, UC-, UC, then the same four with the PAT bit (WB, WP, UC-, WT): PAT index 1 (PWT
 * alone) then selects write-combining. Each CPU calls it before using WC mappings. Does
 * nothing on a CPU without PAT (pat_enabled stays false).
 *
 * Linux 6.1: pat_init() runs from the MTRR set-up with caches disabled, and panics on a
 * secondary CPU without PAT once the boot CPU uses it.
 *
 * Context: each CPU during its bring-up, interrupts off. Return: nothing.
 */
void pat_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_PAT))
		return;
	wrmsr(MSR_IA32_CR_PAT, SPINDLE_PAT);
	pat_enabled = true;
}

static void map_or_die(unsigned long va, phys_addr_t pa, unsigned long size, pteval_t prot,
		       enum pg_level max_level, struct map_stats *st)
{
	if (size && map_range(va, pa, size, prot, max_level, st))
		panic("x86/mm: out of memory below 1 GiB for page tables mapping %#lx-%#lx",
		      pa, pa + size - 1);
}

/* One direct-map range; the alias of kernel text and rodata stays read-only, so the kernel
 * image cannot be patched through the direct map either. */
static void map_direct_range(phys_addr_t s, phys_addr_t e, enum pg_level max_level,
			     struct map_stats *st)
{
	phys_addr_t ro_s = __pa(_text), ro_e = __pa(__end_rodata);
	phys_addr_t a = clamp(ro_s, s, e), b = clamp(ro_e, s, e);

	map_or_die(PAGE_OFFSET + s, s, a - s, PAGE_KERNEL, max_level, st);
	map_or_die(PAGE_OFFSET + a, a, b - a, PAGE_KERNEL_RO, max_level, st);
	map_or_die(PAGE_OFFSET + b, b, e - b, PAGE_KERNEL, max_level, st);
}

/* RAM, ACPI data and NVS, rounded out to whole pages and merged where they touch, so large
 * pages can span them; holes between (MMIO) stay unmapped rather than write-back. */
static void collect_direct_ranges(void)
{
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *en = &e820_table.entries[i];
		phys_addr_t s = ALIGN_DOWN(en->addr, PAGE_SIZE);
		phys_addr_t e = PAGE_ALIGN(en->addr + en->size);

		if (!e820_type_in_direct_map(en->type))
			continue;
		if (nr_direct_ranges && direct_ranges[nr_direct_ranges - 1].end >= s) {
			direct_ranges[nr_direct_ranges - 1].end =
				max(direct_ranges[nr_direct_ranges - 1].end, e);
			continue;
		}
		direct_ranges[nr_direct_ranges].start = s;
		direct_ranges[nr_direct_ranges].end = e;
		nr_direct_ranges++;
	}
}

static void map_kernel_image(void)
{
	struct {
		char *start, *end;
		pteval_t prot;
	} seg[] = {
		{ _text, _etext, PAGE_KERNEL_RX },
		{ __start_rodata, __end_rodata, PAGE_KERNEL_RO },
		{ _sdata, __init_stack_guard, PAGE_KERNEL },
		{ __init_stack_guard + PAGE_SIZE, _edata_bss, PAGE_KERNEL },
		{ __kallsyms_start, _end, PAGE_KERNEL_RO },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(seg); i++) {
		unsigned long s = ALIGN_DOWN((unsigned long)seg[i].start, PAGE_SIZE);
		unsigned long e = PAGE_ALIGN((unsigned long)seg[i].end);

		if (e > s)
			map_or_die(s, __pa(s), e - s, seg[i].prot, PG_LEVEL_4K, NULL);
	}
}

/**
 * paging_init - build the kernel's page tables and switch to them
 *
 * Maps all RAM and the ACPI ranges at PAGE_OFFSET with the largest pages that fit (1 GiB where
 * the CPU has them), the direct-map alias of kernel text and rodata read-only; the kernel image
 * W^X at __START_KERNEL_map; and the vmalloc area's top-level entry, so every page table that
 * later copies the kernel half sees all vmalloc and ioremap mappings. Then loads CR3, turns on
 * global pages, lifts memblock's limit to the end of the direct map and reports the result.
 * Enables NX in the PTEs when EFER.NXE is set, and programs the PAT. Panics when page tables
 * do not fit below 1 GiB.
 *
 * Linux 6.1: the direct map is built by init_mem_mapping() from setup_arch(), and
 * paging_init() sets up the zones.
 *
 * Context: boot CPU, once, from setup_arch(), interrupts off.
 * Return: nothing.
 */
void paging_init(void)
{
	struct map_stats st = { 0 };
	enum pg_level max_level;
	unsigned long total = 0;
	bool gbpages;

	if (rdmsr(MSR_EFER) & EFER_NX)
		__supported_pte_mask |= _PAGE_NX;
	gbpages = boot_cpu_has(X86_FEATURE_GBPAGES);
	max_level = gbpages ? PG_LEVEL_1G : PG_LEVEL_2M;
	pat_init();

	collect_direct_ranges();
	for (int i = 0; i < nr_direct_ranges; i++) {
		map_direct_range(direct_ranges[i].start, direct_ranges[i].end, max_level, &st);
		total += direct_ranges[i].end - direct_ranges[i].start;
	}
	map_kernel_image();
	/* The vmalloc area's top-level entry exists from the start, so every page table that
	 * later copies the kernel half sees all vmalloc and ioremap mappings. */
	if (!next_level(&init_top_pgt[pgd_index(VMALLOC_START)]))
		panic("x86/mm: out of memory below 1 GiB for the vmalloc area's page table");

	write_cr3(__pa(init_top_pgt));
	direct_map_ready = true;
	__flush_tlb_all();	/* also sets CR4.PGE: kernel mappings are global */
	memblock_set_current_limit(direct_ranges[nr_direct_ranges - 1].end);

	pr_info("x86/mm: direct map %lu MiB at %#lx: %lu x 1G, %lu x 2M, %lu x 4K pages "
		"(1G pages %s); kernel W^X, NX %s, PAT %s\n", total >> 20, PAGE_OFFSET,
		st.pages[PG_LEVEL_1G], st.pages[PG_LEVEL_2M], st.pages[PG_LEVEL_4K],
		gbpages ? "supported" : "unsupported",
		(__supported_pte_mask & _PAGE_NX) ? "on" : "off", pat_enabled ? "with WC" : "absent");
}
