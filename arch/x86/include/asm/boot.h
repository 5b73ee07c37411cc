/* Constants shared by the assembly boot path and C: control-register bits, MSRs, boot selectors. */
#ifndef _ASM_BOOT_H
#define _ASM_BOOT_H

#define X86_CR0_PE	0x00000001
#define X86_CR0_MP	0x00000002
#define X86_CR0_EM	0x00000004
#define X86_CR0_TS	0x00000008
#define X86_CR0_ET	0x00000010
#define X86_CR0_NE	0x00000020
#define X86_CR0_WP	0x00010000
#define X86_CR0_AM	0x00040000
#define X86_CR0_NW	0x20000000
#define X86_CR0_CD	0x40000000
#define X86_CR0_PG	0x80000000

#define X86_CR4_DE	0x00000008
#define X86_CR4_PSE	0x00000010
#define X86_CR4_PAE	0x00000020
#define X86_CR4_MCE	0x00000040
#define X86_CR4_PGE	0x00000080
#define X86_CR4_OSFXSR	0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400
#define X86_CR4_FSGSBASE 0x00010000
#define X86_CR4_PCIDE	0x00020000
#define X86_CR4_UMIP	0x00000800
#define X86_CR4_SMEP	0x00100000
#define X86_CR4_SMAP	0x00200000

#define X86_EFLAGS_CF	0x00000001
#define X86_EFLAGS_FIXED 0x00000002	/* bit 1 always reads 1 */
#define X86_EFLAGS_PF	0x00000004
#define X86_EFLAGS_AF	0x00000010
#define X86_EFLAGS_ZF	0x00000040
#define X86_EFLAGS_SF	0x00000080
#define X86_EFLAGS_TF	0x00000100
#define X86_EFLAGS_IF	0x00000200
#define X86_EFLAGS_DF	0x00000400
#define X86_EFLAGS_OF	0x00000800
#define X86_EFLAGS_IOPL	0x00003000
#define X86_EFLAGS_NT	0x00004000
#define X86_EFLAGS_RF	0x00010000
#define X86_EFLAGS_AC	0x00040000
#define X86_EFLAGS_ID	0x00200000

#define MSR_EFER	0xc0000080
#define EFER_SCE	0x00000001
#define EFER_LME	0x00000100
#define EFER_NX		0x00000800

/* syscall/sysret (arch/x86/entry/common.c's syscall_init()), and the segment bases. */
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_SYSCALL_MASK	0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

#define X86_FEATURE_NX_BIT	20	/* CPUID 0x80000001 EDX */
#define X86_FEATURE_LM_BIT	29

#define BOOT_CS		0x08
#define BOOT_DS		0x10

#define __START_KERNEL_map	0xffffffff80000000
#define BOOT_MAP_SIZE		0x40000000	/* boot page tables: the first 1 GiB */
#define THREAD_SIZE		16384	/* kernel stacks: 16 KiB, like Linux on x86_64 */

#endif
