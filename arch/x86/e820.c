/* The firmware memory map (multiboot2 passes the BIOS e820 numbering, UEFI maps converted by
 * GRUB): sanitize it, print it as Linux does, and give memblock the RAM and the reservations. */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/panic.h>
#include <linux/string.h>
#include <asm/e820.h>
#include <asm/realmode.h>
#include <asm/sections.h>
#include <asm/page.h>

struct e820_table e820_table;


/* Which type wins where entries overlap: the one that promises least about the memory. Unknown
 * types (EFI runtime code is 20) count as reserved; between equal ranks the larger number wins,
 * so the result does not depend on the order of the input. */
static int e820_rank(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return 0;
	case E820_TYPE_ACPI:
		return 1;
	case E820_TYPE_NVS:
		return 2;
	case E820_TYPE_UNUSABLE:
		return 4;
	default:
		return 3;
	}
}

static bool e820_wins(u32 a, u32 b)
{
	if (e820_rank(a) != e820_rank(b))
		return e820_rank(a) > e820_rank(b);
	return a > b;
}

static u64 entry_end(const struct e820_entry *e)
{
	u64 end = e->addr + e->size;

	return end < e->addr ? U64_MAX : end;
}

static void sort_u64(u64 *v, int n)
{
	for (int i = 1; i < n; i++) {
		u64 x = v[i];
		int j = i - 1;

		for (; j >= 0 && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

/**
 * e820__sanitize - turn a firmware memory map into a sorted map without overlaps
 * @in: the entries as the firmware gave them, in any order, possibly overlapping
 * @n: how many (at most E820_MAX_ENTRIES)
 * @out: the table to fill; its old contents are dropped
 *
 * Cuts the map at every entry boundary and gives each piece the winning type of the entries
 * covering it, then merges neighbours of equal type: O(n^2) for n <= 128, and exact whatever the
 * firmware's order or overlaps. Where entries overlap, the type that promises least about the
 * memory wins: RAM < ACPI < NVS < reserved (and unknown types) < unusable; between equal
 * ranks the larger number, so the result does not depend on the input's order. Empty entries
 * are skipped, one that wraps past 2^64 is clipped (and reported). Entries past
 * E820_MAX_ENTRIES in the result are dropped with an error.
 *
 * Linux 6.1: e820__update_table() sorts change points in place and lets the larger type number
 * win, so there ACPI (3) beats reserved (2); here reserved wins over ACPI data.
 *
 * Context: not reentrant (a static buffer of points); boot, or one test at a time.
 * Return: nothing.
 */
void e820__sanitize(const struct e820_entry *in, int n, struct e820_table *out)
{
	static u64 points[2 * E820_MAX_ENTRIES];
	int np = 0;

	out->nr_entries = 0;
	for (int i = 0; i < n; i++) {
		if (!in[i].size)
			continue;
		if (in[i].addr + in[i].size < in[i].addr)
			pr_err("e820: entry [%#llx +%#llx] wraps past 2^64; clipped\n",
			       (unsigned long long)in[i].addr, (unsigned long long)in[i].size);
		points[np++] = in[i].addr;
		points[np++] = entry_end(&in[i]);
	}
	sort_u64(points, np);
	for (int k = 0; k + 1 < np; k++) {
		u64 s = points[k], e = points[k + 1];
		struct e820_entry *last;
		bool found = false;
		u32 type = 0;

		if (s == e)
			continue;
		for (int i = 0; i < n; i++) {
			if (!in[i].size || in[i].addr > s || entry_end(&in[i]) < e)
				continue;
			if (!found || e820_wins(in[i].type, type))
				type = in[i].type;
			found = true;
		}
		if (!found)
			continue;
		last = out->nr_entries ? &out->entries[out->nr_entries - 1] : NULL;
		if (last && last->type == type && last->addr + last->size == s) {
			last->size += e - s;
			continue;
		}
		if (out->nr_entries == E820_MAX_ENTRIES) {
			pr_err("e820: sanitized map exceeds %d entries; the rest ignored\n",
			       E820_MAX_ENTRIES);
			return;
		}
		out->entries[out->nr_entries++] = (struct e820_entry){ s, e - s, type };
	}
}

static void e820__print_table(const char *who)
{
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		const char *name = e820_type_name(e->type);
		char num[16];

		if (!name) {
			snprintf(num, sizeof(num), "type %u", e->type);
			name = num;
		}
		pr_info("%s: [mem 0x%016llx-0x%016llx] %s\n", who, (unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1), name);
	}
}

/**
 * e820__memory_setup - sanitize the loader's memory map into e820_table and print it
 *
 * Prints the map as Linux does ("BIOS-provided physical RAM map:", one "BIOS-e820:" line per
 * entry). Panics if the loader passed no map or the map has no whole page of RAM.
 *
 * Linux 6.1: e820__memory_setup() asks x86_init.resources.memory_setup() for the map
 * (e820__memory_setup_default() copies boot_params' e820 table).
 *
 * Context: boot CPU, once, from setup_arch().
 * Return: nothing.
 */
void e820__memory_setup(void)
{
	if (!boot_params.nr_e820)
		panic("e820: the boot loader passed no memory map (no multiboot2 tag 6 or 4)");
	e820__sanitize(boot_params.e820, boot_params.nr_e820, &e820_table);
	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table("BIOS-e820");
	if (!e820__end_of_ram_pfn())
		panic("e820: the memory map has no usable RAM (no type 1 entry of a whole page)");
}

/**
 * e820__mapped_any - does any part of a range have a type in the memory map?
 * @start: first physical address
 * @end: the end (exclusive)
 * @type: an E820_TYPE_* value
 *
 * Context: any, after e820__memory_setup(); e820_table is not changed after boot.
 * Return: true if some byte of [@start, @end) lies in an entry of @type.
 */
bool e820__mapped_any(u64 start, u64 end, u32 type)
{
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (e->type == type && e->addr < end && e->addr + e->size > start)
			return true;
	}
	return false;
}

/**
 * e820__mapped_all - is a whole range of one type in the memory map?
 * @start: first physical address
 * @end: the end (exclusive)
 * @type: an E820_TYPE_* value
 *
 * The sanitized table is sorted and merged, so coverage is checked in one pass.
 *
 * Context: any, after e820__memory_setup().
 * Return: true if every byte of [@start, @end) lies in entries of @type (an empty range
 * counts as covered).
 */
bool e820__mapped_all(u64 start, u64 end, u32 type)
{
	for (int i = 0; i < e820_table.nr_entries && start < end; i++) {
		const struct e820_entry *e = &e820_table.entries[i];

		if (e->addr + e->size <= start)
			continue;
		if (e->addr > start || e->type != type)
			return false;
		start = e->addr + e->size;
	}
	return start >= end;
}

/**
 * e820__end_of_ram_pfn - the end of the highest usable RAM page
 *
 * Only whole pages count: a RAM entry's partial pages at its edges are left out.
 *
 * Linux 6.1: also caps the result at MAX_ARCH_PFN.
 *
 * Context: any, after e820__memory_setup().
 * Return: the page frame number just past the last whole page of RAM, 0 if there is none.
 */
unsigned long e820__end_of_ram_pfn(void)
{
	unsigned long last = 0;

	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		unsigned long s = PFN_UP(e->addr), end = PFN_DOWN(e->addr + e->size);

		if (e->type == E820_TYPE_RAM && end > s)
			last = max(last, end);
	}
	return last;
}

static void reserve_range(phys_addr_t start, phys_addr_t end, const char *what)
{
	phys_addr_t base = ALIGN_DOWN(start, PAGE_SIZE);

	if (end <= start)
		return;
	if (memblock_reserve(base, PAGE_ALIGN(end) - base))
		panic("e820: cannot reserve %s [%#lx-%#lx]", what, start, end - 1);
}

/**
 * e820__memblock_setup - give memblock the RAM and reserve what is in use
 *
 * Adds each whole page of RAM to memblock (a partial page at an edge shares its frame with
 * firmware), then reserves the AP trampoline's page (first, while low RAM still counts as free),
 * the first MiB (BIOS data, EBDA and that page), the kernel image, the multiboot2 information
 * and the boot modules. Panics if a reservation fails or no free RAM is left.
 *
 * Linux 6.1: e820__memblock_setup() only adds the ranges; the reservations are made by
 * setup_arch() and its helpers (reserve_real_mode(), early_reserve_memory()).
 *
 * Context: boot CPU, once, from setup_arch() after e820__memory_setup().
 * Return: nothing.
 */
void e820__memblock_setup(void)
{
	phys_addr_t kernel_end = (unsigned long)_end - __START_KERNEL_map;
	phys_addr_t cursor, start, end;
	bool any_free = false;

	/* Only whole pages of RAM: a partial page at an edge shares its frame with firmware. */
	for (int i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *e = &e820_table.entries[i];
		u64 s = PAGE_ALIGN(e->addr), t = ALIGN_DOWN(e->addr + e->size, PAGE_SIZE);

		if (e->type == E820_TYPE_RAM && t > s)
			memblock_add(s, t - s);
	}
	/* The AP trampoline's page first, while the low RAM still counts as free; then the first
	 * MiB, which holds the BIOS data, the EBDA and that page. */
	reserve_real_mode();
	reserve_range(0, SZ_1M, "the first MiB");
	reserve_range((unsigned long)__phys_start, kernel_end, "the kernel image");
	reserve_range(boot_params.mbi_start, boot_params.mbi_end, "the multiboot2 info");
	for (int i = 0; i < boot_params.nr_modules; i++)
		reserve_range(boot_params.modules[i].start, boot_params.modules[i].end,
			      "a boot module");
	for_each_free_mem_range(cursor, start, end)
		any_free = true;
	if (!any_free)
		panic("e820: no free RAM left after reserving the first MiB, kernel and boot info");
	pr_info("e820: last_pfn = %#lx, %lu MiB usable RAM\n", e820__end_of_ram_pfn(),
		(unsigned long)(memblock_phys_mem_size() >> 20));
}
