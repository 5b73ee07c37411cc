/* The AP trampoline's interface: where its copy lives below 1 MiB, and the header the boot CPU
 * fills in before each start-up IPI (Linux: arch/x86/include/asm/realmode.h). */
#ifndef _ASM_X86_REALMODE_H
#define _ASM_X86_REALMODE_H

/* Offsets into the trampoline header, shared by trampoline.S and the C side. */
#define TR_HDR_START		0	/* 64-bit kernel-virtual entry (secondary_startup_64) */
#define TR_HDR_STACK		8	/* top of the AP's idle stack */
#define TR_HDR_GS_BASE		16	/* the AP's per-CPU offset */
#define TR_HDR_KERNEL_CR3	24	/* the kernel's page tables (init_mm.pgd) */
#define TR_HDR_TRAMP_CR3	32	/* identity map + kernel half, below 4 GiB */
#define TR_HDR_CR0		36
#define TR_HDR_CR4		40	/* the boot CPU's CR4 without what needs long mode (PCIDE) */
#define TR_HDR_EFER		44	/* LME, NXE, SCE as on the boot CPU */
#define TR_HDR_SIZE		48

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct trampoline_header {
	u64 start;
	u64 stack;
	u64 gs_base;
	u64 kernel_cr3;
	u32 tramp_cr3;
	u32 cr0;
	u32 cr4;
	u32 efer;
};

_Static_assert(sizeof(struct trampoline_header) == TR_HDR_SIZE, "trampoline header layout");

/* The blob copied below 1 MiB, its header, and the 64-bit entry it jumps to. */
extern char trampoline_start[], trampoline_end[], trampoline_header[];
extern char secondary_startup_64[];

/* Physical address of the trampoline page, or 0 when none could be reserved. */
extern unsigned long real_mode_base;

/* Take one page below 1 MiB for the trampoline from memblock (called by e820.c before it
 * reserves the whole first MiB). */
void reserve_real_mode(void);
#endif

#endif
