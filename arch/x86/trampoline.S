/* The AP trampoline (Linux: arch/x86/realmode/rm/trampoline_64.S): a start-up IPI wakes an AP in
 * real mode at the copy of this blob below 1 MiB; it enters protected mode, then long mode on a
 * page table that maps this page at its physical address, and jumps to the kernel. */
#include <asm/boot.h>
#include <asm/realmode.h>

#define MSR_GS_BASE	0xc0000101

#define TR_CS32		0x08
#define TR_DS		0x10
#define TR_CS64		0x18

/* Offset of a blob symbol from the start of the page the blob is copied to. */
#define TR(sym)		((sym) - trampoline_start)

/*
 * Only copied, never run in place: hence .rodata. The code does not know where it was copied
 * to until it runs; in real mode CS:0 is the page (CS = vector << 8), so CS << 4 is its
 * physical base. It writes that base into its GDT descriptor and far-jump targets (APs start
 * one after another, so they never patch at the same time) and keeps it in %esi throughout.
 */
	.section .rodata, "a"
	.balign 16
	.globl trampoline_start
trampoline_start:
	.code16
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	movzwl	%ax, %esi
	shll	$4, %esi
	leal	TR(tr_gdt)(%esi), %eax
	movl	%eax, TR(tr_gdt_desc) + 2
	leal	TR(tr_pm32)(%esi), %eax
	movl	%eax, TR(tr_jmp32)
	leal	TR(tr_lm64)(%esi), %eax
	movl	%eax, TR(tr_jmp64)
	lgdtl	TR(tr_gdt_desc)
	movl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*TR(tr_jmp32)

	.code32
tr_pm32:
	movl	$TR_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	leal	TR(trampoline_header)(%esi), %ebx
	/* Long mode: PAE, the page table, EFER.LME (with NXE: the kernel's entries use NX), then
	 * paging on with the boot CPU's CR0, which also turns the caches back on (INIT left
	 * CD and NW set). */
	movl	TR_HDR_CR4(%ebx), %eax
	movl	%eax, %cr4
	movl	TR_HDR_TRAMP_CR3(%ebx), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	movl	TR_HDR_EFER(%ebx), %eax
	xorl	%edx, %edx
	wrmsr
	movl	TR_HDR_CR0(%ebx), %eax
	movl	%eax, %cr0
	ljmpl	*TR(tr_jmp64)(%esi)

	.code64
tr_lm64:
	/* Leaving compatibility mode leaves the upper halves undefined. */
	movl	%esi, %esi
	movl	%ebx, %ebx
	movq	TR_HDR_STACK(%rbx), %rsp
	movl	$MSR_GS_BASE, %ecx
	movl	TR_HDR_GS_BASE(%rbx), %eax
	movl	TR_HDR_GS_BASE + 4(%rbx), %edx
	wrmsr
	movq	TR_HDR_KERNEL_CR3(%rbx), %rdi
	movq	TR_HDR_START(%rbx), %rax
	jmp	*%rax

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff		/* TR_CS32: 32-bit code, flat */
	.quad	0x00cf92000000ffff		/* TR_DS: data, flat */
	.quad	0x00af9a000000ffff		/* TR_CS64: 64-bit code */
tr_gdt_end:
	.balign 4
	.word	0
tr_gdt_desc:
	.word	tr_gdt_end - tr_gdt - 1
	.long	0				/* base: patched at run time */
tr_jmp32:
	.long	0
	.word	TR_CS32
tr_jmp64:
	.long	0
	.word	TR_CS64

	.balign 8
	.globl trampoline_header
trampoline_header:
	.fill	TR_HDR_SIZE, 1, 0
	.globl trampoline_end
trampoline_end:

/*
 * The 64-bit entry, at its kernel-virtual address: both page tables map it. Switch to the
 * kernel's own page table (the identity map of the trampoline page is gone from here on; the
 * GDT still points into it, but no selector is loaded before cpu_init_exception_handling()
 * loads this CPU's GDT), end the backtrace chain and enter C on the idle task's stack.
 */
	.text
	.globl secondary_startup_64
	.type secondary_startup_64, @function
secondary_startup_64:
	movq	%rdi, %cr3
	xorl	%ebp, %ebp
	call	start_secondary
1:	cli
	hlt
	jmp	1b
	.size secondary_startup_64, . - secondary_startup_64
