/* Self-tests of the multiboot2 parser (arch/x86/multiboot2.c) on infos built here: a clean one,
 * and the malformed ones a loader or firmware could hand over, each reported and survived. */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <ktest.h>

struct mb2_builder {
	u8 buf[1024] __aligned(8);
	u32 len;
};

struct mb2_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
	u32 zero;
};

static void mb_begin(struct mb2_builder *b)
{
	memset(b->buf, 0, sizeof(b->buf));
	b->len = 8;
}

/* Append a tag with an n-byte payload, padded to the next 8-byte boundary. */
static void mb_tag(struct mb2_builder *b, u32 type, const void *payload, u32 n)
{
	u32 *hdr = (u32 *)(b->buf + b->len);

	hdr[0] = type;
	hdr[1] = 8 + n;
	memcpy(hdr + 2, payload, n);
	b->len += ALIGN(8 + n, 8);
}

/* Close the info: the end tag, then the total size in the first word. */
static const void *mb_end(struct mb2_builder *b)
{
	mb_tag(b, 0, NULL, 0);
	*(u32 *)b->buf = b->len;
	return b->buf;
}

static void mb_mmap(struct mb2_builder *b, const struct mb2_mmap_entry *e, u32 n, u32 entry_size)
{
	u8 payload[8 + 4 * sizeof(*e)] = { 0 };

	*(u32 *)payload = entry_size;
	memcpy(payload + 8, e, n * sizeof(*e));
	mb_tag(b, 6, payload, 8 + n * sizeof(*e));
}

static const struct mb2_mmap_entry three_ranges[] = {
	{ 0, 0x9fc00, E820_TYPE_RAM },
	{ 0x100000, 0x7f00000, E820_TYPE_RAM },
	{ 0x8000000, 0x1000, 20 },		/* EFI runtime code: unknown here, kept as is */
};

static int mb2_init(struct ktest *test)
{
	test->priv = kzalloc(sizeof(struct boot_params) + sizeof(struct mb2_builder), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void mb2_exit(struct ktest *test)
{
	kfree(test->priv);
}

static struct boot_params *bp_of(struct ktest *test)
{
	return test->priv;
}

static struct mb2_builder *builder_of(struct ktest *test)
{
	return (struct mb2_builder *)(bp_of(test) + 1);
}

static void mb2_clean_info_parses(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);
	u8 fb[24] = { 0 }, rsdp[20] = "RSD PTR ";

	mb_begin(b);
	mb_tag(b, 1, "ktest=all", 10);
	mb_tag(b, 2, "GRUB 2.06", 10);
	mb_mmap(b, three_ranges, 3, sizeof(struct mb2_mmap_entry));
	*(u64 *)fb = 0xfd000000;
	*(u32 *)(fb + 8) = 4096;		/* pitch */
	*(u32 *)(fb + 12) = 1024;
	*(u32 *)(fb + 16) = 768;
	fb[20] = 32;
	fb[21] = FB_TYPE_RGB;
	mb_tag(b, 8, fb, sizeof(fb));
	mb_tag(b, 14, rsdp, sizeof(rsdp));
	mb_tag(b, 12, "\0\0\0\0\0\0\0\0", 8);
	KTEST_EXPECT_EQ(test, parse_multiboot2(mb_end(b), bp), 0);
	KTEST_EXPECT_STREQ(test, bp->cmdline, "ktest=all");
	KTEST_EXPECT_STREQ(test, bp->loader, "GRUB 2.06");
	KTEST_ASSERT_EQ(test, bp->nr_e820, 3);
	KTEST_EXPECT_UEQ(test, bp->e820[1].addr, 0x100000);
	KTEST_EXPECT_UEQ(test, bp->e820[1].size, 0x7f00000);
	KTEST_EXPECT_EQ(test, bp->e820[2].type, 20);
	KTEST_EXPECT_TRUE(test, bp->screen_present);
	KTEST_EXPECT_EQ(test, bp->screen.pitch, 4096);
	KTEST_EXPECT_EQ(test, bp->screen.bpp, 32);
	KTEST_EXPECT_EQ(test, bp->rsdp_tag, 14);
	KTEST_EXPECT_TRUE(test, bp->efi);
}

/* Tag 15 (the ACPI 2.0 RSDP, with the XSDT) is used whichever order the two tags come in. */
static void mb2_new_rsdp_wins_in_either_order(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	u8 old_rsdp[20] = "RSD PTR old", new_rsdp[36] = "RSD PTR new";

	for (int order = 0; order < 2; order++) {
		struct boot_params *bp = bp_of(test);

		memset(bp, 0, sizeof(*bp));
		mb_begin(b);
		mb_mmap(b, three_ranges, 1, sizeof(struct mb2_mmap_entry));
		mb_tag(b, order ? 14 : 15, order ? old_rsdp : new_rsdp, order ? 20 : 36);
		mb_tag(b, order ? 15 : 14, order ? new_rsdp : old_rsdp, order ? 36 : 20);
		KTEST_EXPECT_EQ(test, parse_multiboot2(mb_end(b), bp), 0);
		KTEST_EXPECT_EQ(test, bp->rsdp_tag, 15);
		KTEST_EXPECT_EQ(test, bp->rsdp_len, 36);
		KTEST_EXPECT_EQ(test, memcmp(bp->rsdp, new_rsdp, 36), 0);
	}
}

/* A tag whose size runs past the info is reported; tags before it stand, none after is read. */
static void mb2_truncated_tag_stops_parsing(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);
	u32 cmdline_off;

	ktest_info(test, "the next multiboot2 error line is this test's");
	mb_begin(b);
	mb_mmap(b, three_ranges, 3, sizeof(struct mb2_mmap_entry));
	cmdline_off = b->len;
	mb_tag(b, 1, "never seen", 11);
	mb_tag(b, 2, "after", 6);
	mb_end(b);
	((u32 *)(b->buf + cmdline_off))[1] = 500;	/* claims more than the info holds */
	KTEST_EXPECT_EQ(test, parse_multiboot2(b->buf, bp), 1);
	KTEST_EXPECT_EQ(test, bp->nr_e820, 3);
	KTEST_EXPECT_STREQ(test, bp->cmdline, "");
	KTEST_EXPECT_STREQ(test, bp->loader, "");
}

static void mb2_no_mmap_falls_back_to_basic_meminfo(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);
	u32 kib[2] = { 639, 130048 };

	ktest_info(test, "the next multiboot2 error line is this test's");
	mb_begin(b);
	mb_tag(b, 4, kib, sizeof(kib));
	KTEST_EXPECT_EQ(test, parse_multiboot2(mb_end(b), bp), 1);
	KTEST_ASSERT_EQ(test, bp->nr_e820, 2);
	KTEST_EXPECT_UEQ(test, bp->e820[0].size, 639 * 1024);
	KTEST_EXPECT_UEQ(test, bp->e820[1].addr, SZ_1M);
	KTEST_EXPECT_UEQ(test, bp->e820[1].size, 130048ULL * 1024);
	KTEST_EXPECT_EQ(test, bp->e820[1].type, E820_TYPE_RAM);
}

/* The memory map wins over the basic tag whatever their order. */
static void mb2_mmap_preferred_over_basic_meminfo(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);
	u32 kib[2] = { 639, 1024 };

	mb_begin(b);
	mb_tag(b, 4, kib, sizeof(kib));
	mb_mmap(b, three_ranges, 3, sizeof(struct mb2_mmap_entry));
	mb_tag(b, 4, kib, sizeof(kib));
	KTEST_EXPECT_EQ(test, parse_multiboot2(mb_end(b), bp), 0);
	KTEST_EXPECT_EQ(test, bp->nr_e820, 3);
	KTEST_EXPECT_UEQ(test, bp->e820[1].size, 0x7f00000);
}

static void mb2_malformed_tags_reported(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);
	u8 short_rsdp[10] = "RSD PTR ", fb[10] = { 0 };

	ktest_info(test, "the next multiboot2 error lines are this test's");
	mb_begin(b);
	mb_mmap(b, three_ranges, 3, 8);		/* entries smaller than the 24 bytes defined */
	mb_tag(b, 14, short_rsdp, sizeof(short_rsdp));
	mb_tag(b, 8, fb, sizeof(fb));
	/* mmap, RSDP, framebuffer, and then no memory information at all */
	KTEST_EXPECT_EQ(test, parse_multiboot2(mb_end(b), bp), 4);
	KTEST_EXPECT_EQ(test, bp->nr_e820, 0);
	KTEST_EXPECT_EQ(test, bp->rsdp_tag, 0);
	KTEST_EXPECT_FALSE(test, bp->screen_present);
}

static void mb2_implausible_size_ignored(struct ktest *test)
{
	struct mb2_builder *b = builder_of(test);
	struct boot_params *bp = bp_of(test);

	ktest_info(test, "the next multiboot2 error line is this test's");
	mb_begin(b);
	mb_tag(b, 1, "x", 2);
	mb_end(b);
	*(u32 *)b->buf = 4;
	KTEST_EXPECT_EQ(test, parse_multiboot2(b->buf, bp), 1);
	KTEST_EXPECT_STREQ(test, bp->cmdline, "");
}

/* The info this machine booted with parsed cleanly into the live boot_params. */
static void mb2_boot_info_was_clean(struct ktest *test)
{
	KTEST_EXPECT_GT(test, boot_params.nr_e820, 0);
	KTEST_EXPECT_NE(test, boot_params.rsdp_tag, 0);
	KTEST_EXPECT_UGE(test, boot_params.mbi_end, boot_params.mbi_start + 16);
	KTEST_EXPECT_STRNEQ(test, boot_params.loader, "");
}

static struct ktest_case multiboot2_cases[] = {
	KTEST_CASE(mb2_clean_info_parses),
	KTEST_CASE(mb2_new_rsdp_wins_in_either_order),
	KTEST_CASE(mb2_truncated_tag_stops_parsing),
	KTEST_CASE(mb2_no_mmap_falls_back_to_basic_meminfo),
	KTEST_CASE(mb2_mmap_preferred_over_basic_meminfo),
	KTEST_CASE(mb2_malformed_tags_reported),
	KTEST_CASE(mb2_implausible_size_ignored),
	KTEST_CASE(mb2_boot_info_was_clean),
	{}
};

static struct ktest_suite multiboot2_suite = {
	.name = "multiboot2",
	.cases = multiboot2_cases,
	.init = mb2_init,
	.exit = mb2_exit,
};
ktest_register_suite(multiboot2_suite);
