/* The firmware memory map: sanitized (sorted, overlaps resolved to the more restrictive type),
 * printed, then fed to memblock. */
#ifndef _ASM_E820_H
#define _ASM_E820_H

#include <linux/types.h>
#include <asm/bootparam.h>

struct e820_table {
	int nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The sanitized map: sorted by address, no overlaps, adjacent equal types merged. */
extern struct e820_table e820_table;

void e820__memory_setup(void);
/* Sort in[0..n), resolve overlaps (the more restrictive type wins), merge equal neighbours. */
void e820__sanitize(const struct e820_entry *in, int n, struct e820_table *out);
void e820__memblock_setup(void);
/* Does any part / every byte of [start, end) have this type? */
bool e820__mapped_any(u64 start, u64 end, u32 type);
bool e820__mapped_all(u64 start, u64 end, u32 type);
/* End of the highest usable RAM page, as a page frame number. */
unsigned long e820__end_of_ram_pfn(void);
/* Types the direct map covers: RAM, and the ACPI tables and NVS the firmware keeps in RAM. */
static inline bool e820_type_in_direct_map(u32 type)
{
	return type == E820_TYPE_RAM || type == E820_TYPE_ACPI || type == E820_TYPE_NVS;
}

#endif
