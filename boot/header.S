/* The multiboot2 header GRUB looks for in the image's first 32 KiB: it asks for no video mode
 * (BIOS then leaves EGA text, UEFI its GOP mode) and names the 32-bit physical entry point. */
#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_TAG_END		0
#define MB2_TAG_ENTRY_ADDRESS	3

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	.balign 8
	.short	MB2_TAG_ENTRY_ADDRESS
	.short	0
	.long	12
	.long	startup_32

	.balign 8
	.short	MB2_TAG_END
	.short	0
	.long	8
mb2_header_end:
