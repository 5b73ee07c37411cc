/* What the boot loader told us, copied out of the multiboot2 info into kernel memory at the
 * first C instruction, so the low page it sits in (UEFI puts it near 0x4000) can be reused. */
#ifndef _ASM_BOOTPARAM_H
#define _ASM_BOOTPARAM_H

#include <linux/types.h>

#define COMMAND_LINE_SIZE	2048
#define E820_MAX_ENTRIES	128
#define MAX_BOOT_MODULES	8

/* Memory map types: multiboot2 uses the BIOS e820 numbering. */
#define E820_TYPE_RAM		1
#define E820_TYPE_RESERVED	2
#define E820_TYPE_ACPI		3
#define E820_TYPE_NVS		4
#define E820_TYPE_UNUSABLE	5

struct e820_entry {
	u64 addr;
	u64 size;
	u32 type;
};

/* The multiboot2 framebuffer, Linux's screen_info by another layout. */
#define FB_TYPE_INDEXED		0
#define FB_TYPE_RGB		1
#define FB_TYPE_EGA_TEXT	2

struct screen_info {
	u64 addr;
	u32 pitch;
	u32 width;
	u32 height;
	u8 bpp;
	u8 type;
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_module {
	u32 start;
	u32 end;
	char cmdline[64];
};

struct boot_params {
	char cmdline[COMMAND_LINE_SIZE];
	char loader[64];
	bool efi;			/* booted from UEFI firmware (EFI system table tag seen) */
	u64 boot_tsc;			/* TSC when the loader handed over */
	phys_addr_t mbi_start, mbi_end;	/* the multiboot2 info itself, kept reserved */

	int nr_e820;
	struct e820_entry e820[E820_MAX_ENTRIES];

	bool screen_present;
	struct screen_info screen;

	/* A copy of the RSDP from tag 15 (ACPI 2.0+, XSDT) or else tag 14 (ACPI 1.0, RSDT). */
	u8 rsdp[36];
	u32 rsdp_len;
	u8 rsdp_tag;			/* 14 or 15; 0 when the loader gave none */

	int nr_modules;
	struct boot_module modules[MAX_BOOT_MODULES];
};

extern struct boot_params boot_params;

void copy_boot_params(unsigned long mbi_phys);
/* Parse a multiboot2 info into bp; returns how many problems it reported (0: clean). */
int parse_multiboot2(const void *info, struct boot_params *bp);
const char *e820_type_name(u32 type);

#endif
