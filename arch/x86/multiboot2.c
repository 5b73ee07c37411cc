/* Parse the multiboot2 information GRUB hands over into boot_params. Every tag is checked
 * against the info's total size, so a truncated or malformed info is reported by name and
 * parsing stops there instead of reading past the end. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/bootparam.h>

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_BASIC_MEMINFO	4
#define MB2_TAG_MMAP		6
#define MB2_TAG_FRAMEBUFFER	8
#define MB2_TAG_EFI32		11
#define MB2_TAG_EFI64		12
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define MB2_TAG_EFI_MMAP	17

struct mb2_tag {
	u32 type;
	u32 size;
};

struct boot_params boot_params;

/**
 * e820_type_name - the name Linux's boot log gives a memory-map type
 * @type: an E820_TYPE_* value
 *
 * Context: any. Return: "usable", "reserved", "ACPI data", "ACPI NVS" or "unusable"; NULL for
 * an unknown type (treated as reserved, shown by number).
 */
const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM:
		return "usable";
	case E820_TYPE_RESERVED:
		return "reserved";
	case E820_TYPE_ACPI:
		return "ACPI data";
	case E820_TYPE_NVS:
		return "ACPI NVS";
	case E820_TYPE_UNUSABLE:
		return "unusable";
	default:
		return NULL;	/* unknown: treated as reserved, shown by number */
	}
}

static void copy_string(char *dst, size_t size, const struct mb2_tag *tag, size_t off)
{
	size_t n = tag->size > off ? tag->size - off : 0;

	strscpy(dst, (const char *)tag + off, min(size, n + 1));
}

/* Each tag parser returns 1 when its tag was malformed (and says so in one line), else 0. */
static int parse_mmap(struct boot_params *bp, const struct mb2_tag *tag)
{
	const u8 *p = (const u8 *)tag;
	u32 entry_size = tag->size >= 16 ? *(const u32 *)(p + 8) : 0;

	if (entry_size < 24) {
		pr_err("multiboot2: memory map tag malformed (size %u, entry size %u); ignored\n",
		       tag->size, entry_size);
		return 1;
	}
	for (u32 off = 16; off + entry_size <= tag->size; off += entry_size) {
		struct e820_entry *e;

		if (bp->nr_e820 == E820_MAX_ENTRIES) {
			pr_err("multiboot2: memory map has over %d entries; the rest ignored\n",
			       E820_MAX_ENTRIES);
			return 1;
		}
		e = &bp->e820[bp->nr_e820++];
		e->addr = *(const u64 *)(p + off);
		e->size = *(const u64 *)(p + off + 8);
		e->type = *(const u32 *)(p + off + 16);
	}
	return 0;
}

/* No memory map: the basic tag's lower/upper memory (KiB) is a safe, smaller stand-in. */
static int parse_basic_meminfo(struct boot_params *bp, const struct mb2_tag *tag, bool *have)
{
	const u32 *v = (const u32 *)(tag + 1);

	if (tag->size < 16) {
		pr_err("multiboot2: basic memory tag truncated (size %u); ignored\n", tag->size);
		return 1;
	}
	bp->e820[0] = (struct e820_entry){ 0, (u64)v[0] * SZ_1K, E820_TYPE_RAM };
	bp->e820[1] = (struct e820_entry){ SZ_1M, (u64)v[1] * SZ_1K, E820_TYPE_RAM };
	*have = true;
	return 0;
}

static int parse_framebuffer(struct boot_params *bp, const struct mb2_tag *tag)
{
	const u8 *p = (const u8 *)tag;
	struct screen_info *si = &bp->screen;

	if (tag->size < 31) {
		pr_err("multiboot2: framebuffer tag truncated (size %u); no screen\n", tag->size);
		return 1;
	}
	si->addr = *(const u64 *)(p + 8);
	si->pitch = *(const u32 *)(p + 16);
	si->width = *(const u32 *)(p + 20);
	si->height = *(const u32 *)(p + 24);
	si->bpp = p[28];
	si->type = p[29];
	if (si->type == FB_TYPE_RGB && tag->size >= 38) {
		si->red_pos = p[32];
		si->red_size = p[33];
		si->green_pos = p[34];
		si->green_size = p[35];
		si->blue_pos = p[36];
		si->blue_size = p[37];
	}
	bp->screen_present = true;
	return 0;
}

#define ACPI_RSDP_V1_SIZE	20

static int parse_rsdp(struct boot_params *bp, const struct mb2_tag *tag)
{
	u32 len = tag->size - sizeof(*tag);

	if (len < ACPI_RSDP_V1_SIZE) {
		pr_err("multiboot2: ACPI RSDP tag %u holds %u bytes, under the RSDP's %u; ignored\n",
		       tag->type, len, ACPI_RSDP_V1_SIZE);
		return 1;
	}
	/* Tag 15 (ACPI 2.0+ RSDP, with the XSDT) wins over tag 14 whatever their order. */
	if (bp->rsdp_tag == MB2_TAG_ACPI_NEW && tag->type == MB2_TAG_ACPI_OLD)
		return 0;
	len = min(len, (u32)sizeof(bp->rsdp));
	memcpy(bp->rsdp, tag + 1, len);
	bp->rsdp_len = len;
	bp->rsdp_tag = tag->type;
	return 0;
}

static int parse_module(struct boot_params *bp, const struct mb2_tag *tag)
{
	const u32 *v = (const u32 *)(tag + 1);
	struct boot_module *m;

	if (tag->size < 16) {
		pr_err("multiboot2: module tag truncated (size %u); ignored\n", tag->size);
		return 1;
	}
	if (bp->nr_modules == MAX_BOOT_MODULES) {
		pr_err("multiboot2: over %d modules; the rest ignored\n", MAX_BOOT_MODULES);
		return 1;
	}
	m = &bp->modules[bp->nr_modules++];
	m->start = v[0];
	m->end = v[1];
	copy_string(m->cmdline, sizeof(m->cmdline), tag, 16);
	return 0;
}

/* One tag into bp; returns 1 when the tag was malformed (reported), else 0. */
static int parse_tag(struct boot_params *bp, const struct mb2_tag *tag, bool *have_mmap,
		     bool *have_basic)
{
	int bad;

	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		copy_string(bp->cmdline, COMMAND_LINE_SIZE, tag, 8);
		return 0;
	case MB2_TAG_LOADER:
		copy_string(bp->loader, sizeof(bp->loader), tag, 8);
		return 0;
	case MB2_TAG_MODULE:
		return parse_module(bp, tag);
	case MB2_TAG_BASIC_MEMINFO:
		return *have_mmap ? 0 : parse_basic_meminfo(bp, tag, have_basic);
	case MB2_TAG_MMAP:
		bp->nr_e820 = 0;
		bad = parse_mmap(bp, tag);
		*have_mmap = bp->nr_e820 > 0;
		return bad;
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(bp, tag);
	case MB2_TAG_EFI32:
	case MB2_TAG_EFI64:
	case MB2_TAG_EFI_MMAP:
		bp->efi = true;
		return 0;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_rsdp(bp, tag);
	}
	return 0;
}

/**
 * parse_multiboot2 - read a multiboot2 information structure into boot_params
 * @info: the information, as the boot loader left it
 * @bp: the parameters to fill; should start zeroed (counts such as nr_modules only grow)
 *
 * Every tag is checked against the information's total size, so a truncated or malformed one
 * is reported in one line naming it and parsing stops there instead of reading past the end.
 * Reads the command line, the loader's name, modules, the memory map (or, without one, the
 * basic lower/upper memory sizes as a smaller stand-in), the framebuffer, whether the firmware
 * is UEFI, and the RSDP (tag 15, the ACPI 2.0 one, wins over tag 14 whatever their order).
 *
 * Linux 6.1: boots through its own boot protocol (struct boot_params from the real-mode setup
 * or the EFI stub); there is no multiboot2 parser.
 *
 * Context: any; no allocation, no lock. Self-tests feed it malformed informations.
 * Return: the number of problems reported, 0 for a clean information.
 */
int parse_multiboot2(const void *info, struct boot_params *bp)
{
	const u8 *mbi = info;
	u32 total = *(const u32 *)mbi;
	bool have_mmap = false, have_basic = false;
	int problems = 0;
	u32 off;

	if (total < 16 || total > SZ_1M) {
		pr_err("multiboot2: info size %u is implausible; ignoring the info\n", total);
		return 1;
	}
	for (off = 8; off + sizeof(struct mb2_tag) <= total; ) {
		const struct mb2_tag *tag = (const struct mb2_tag *)(mbi + off);

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->size < sizeof(*tag) || off + tag->size > total) {
			pr_err("multiboot2: tag %u at offset %u has size %u beyond the info's %u bytes; "
			       "ignoring it and the rest\n", tag->type, off, tag->size, total);
			problems++;
			break;
		}
		problems += parse_tag(bp, tag, &have_mmap, &have_basic);
		off += ALIGN(tag->size, 8);
	}
	if (!have_mmap && have_basic) {
		bp->nr_e820 = 2;
		pr_err("multiboot2: no memory map tag; using the basic lower/upper memory sizes\n");
		problems++;
	} else if (!have_mmap) {
		pr_err("multiboot2: neither a memory map nor basic memory information\n");
		problems++;
	}
	return problems;
}

/**
 * copy_boot_params - copy the boot loader's multiboot2 information into boot_params
 * @mbi_phys: the information's physical address
 *
 * Runs before paging_init(): the boot page tables map the first 1 GiB at 0, so the information
 * (which GRUB places in low memory) is read through its physical address. Also records where it
 * lies, so e820__memblock_setup() can reserve it.
 *
 * Linux 6.1: copy_bootdata() copies the real-mode boot_params and command line.
 *
 * Context: boot CPU, once, from x86_64_start_kernel().
 * Return: nothing.
 */
void copy_boot_params(unsigned long mbi_phys)
{
	boot_params.mbi_start = mbi_phys;
	boot_params.mbi_end = mbi_phys + *(const u32 *)mbi_phys;
	parse_multiboot2((const void *)mbi_phys, &boot_params);
}
