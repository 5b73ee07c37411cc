/* First instructions: GRUB enters here in 32-bit protected mode, paging off. Check that this is
 * multiboot2 on a 64-bit CPU, enter long mode on identity + higher-half boot page tables, and
 * jump to x86_64_start_kernel() on the boot task's stack (the stack of swapper/0, PID 0). */
#include <asm/boot.h>

#define MB2_BOOTLOADER_MAGIC	0x36d76289
#define COM1			0x3f8

	.section .boot.text, "ax"
	.code32
	.globl startup_32
startup_32:
	cli
	cld
	movl	$boot_stack_top, %esp
	movl	%eax, %edi			/* bootloader magic */
	movl	%ebx, %esi			/* multiboot2 info (physical) */

	rdtsc					/* the TSC at hand-over: boot time is measured from it */
	movl	%eax, boot_tsc
	movl	%edx, boot_tsc + 4

	cmpl	$MB2_BOOTLOADER_MAGIC, %edi
	movl	$msg_no_mb2, %ebx
	jne	boot_fail

	/* The info is read through the boot page tables, which map only the first 1 GiB. */
	movl	(%esi), %eax
	addl	%esi, %eax
	movl	$msg_mbi_high, %ebx
	jc	boot_fail
	cmpl	$BOOT_MAP_SIZE, %eax
	ja	boot_fail

	/* CPUID exists if EFLAGS.ID can be toggled. */
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$X86_EFLAGS_ID, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	pushl	%ecx
	popfl
	cmpl	%eax, %ecx
	je	no_long_mode

	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$X86_FEATURE_LM_BIT, %edx
	jnc	no_long_mode
	movl	%edx, %ebp			/* keep the extended features: NX is bit 20 */

	/* Zero .bss through its physical address: nothing promises the loader did. */
	movl	$(__bss_start - __START_KERNEL_map), %edi
	movl	$(__bss_stop - __START_KERNEL_map), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	movl	%esi, %ebx			/* rep stosb used %edi; %esi still holds the mbi */

	/* Set every control bit we rely on explicitly: UEFI hands over CR4=0x648, EFER.NXE=1. */
	movl	$boot_pml4, %eax
	movl	%eax, %cr3
	movl	$(X86_CR4_PAE | X86_CR4_MCE), %eax	/* MCE: a machine check reaches #MC */
	movl	%eax, %cr4

	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~(EFER_NX | EFER_SCE), %eax
	orl	$EFER_LME, %eax
	btl	$X86_FEATURE_NX_BIT, %ebp
	jnc	1f
	orl	$EFER_NX, %eax
1:	wrmsr

	movl	$(X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_desc
	ljmp	$BOOT_CS, $startup_64

no_long_mode:
	movl	$msg_no_lm, %ebx
/* Print the reason (%ebx) on COM1 and on the VGA text screen, then halt for good. */
boot_fail:
	movw	$(COM1 + 1), %dx		/* interrupts off */
	xorb	%al, %al
	outb	%al, %dx
	movw	$(COM1 + 3), %dx		/* DLAB on: 115200 baud, divisor 1 */
	movb	$0x80, %al
	outb	%al, %dx
	movw	$COM1, %dx
	movb	$1, %al
	outb	%al, %dx
	movw	$(COM1 + 1), %dx
	xorb	%al, %al
	outb	%al, %dx
	movw	$(COM1 + 3), %dx		/* 8N1 */
	movb	$3, %al
	outb	%al, %dx
	movl	$0xb8000, %edi
	movl	%ebx, %esi
2:	lodsb
	testb	%al, %al
	jz	4f
	movb	%al, %ah			/* wait for the transmitter, then send */
	movw	$(COM1 + 5), %dx
3:	inb	%dx, %al
	testb	$0x20, %al
	jz	3b
	movb	%ah, %al
	movw	$COM1, %dx
	outb	%al, %dx
	cmpb	$'\n', %al
	je	2b
	movb	$0x4f, %ah			/* white on red */
	movw	%ax, (%edi)
	addl	$2, %edi
	jmp	2b
4:	cli
	hlt
	jmp	4b

	.code64
startup_64:
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$startup_64_high, %rax
	jmp	*%rax

	.section .boot.data, "aw"
msg_no_mb2:
	.asciz	"Spindle: not started by a multiboot2 loader (bad magic in EAX); halting.\r\n"
msg_mbi_high:
	.asciz	"Spindle: the multiboot2 info lies above 1 GiB, beyond the boot page tables; halting.\r\n"
msg_no_lm:
	.asciz	"Spindle: this CPU has no 64-bit long mode (x86_64); halting.\r\n"

	.balign 8
	.globl boot_tsc
boot_tsc:
	.quad	0

boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 64-bit code */
	.quad	0x00cf92000000ffff		/* data */
boot_gdt_end:
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

/* Boot page tables: the first 1 GiB mapped twice with 2 MiB pages, at 0 (so the switch to
 * paging survives) and at __START_KERNEL_map (where the kernel is linked). mm/pgtable.c
 * replaces them with the real, W^X ones. */
	.balign 4096
boot_pml4:
	.quad	boot_pdpt_low + 0x3
	.fill	510, 8, 0
	.quad	boot_pdpt_high + 0x3
boot_pdpt_low:
	.quad	boot_pd + 0x3
	.fill	511, 8, 0
boot_pdpt_high:
	.fill	510, 8, 0
	.quad	boot_pd + 0x3
	.quad	0
boot_pd:
	.set	i, 0
	.rept	512
	.quad	(i << 21) + 0x83
	.set	i, i + 1
	.endr
boot_stack:
	.fill	1024, 1, 0
boot_stack_top:

	.section .text.entry, "ax"
	.code64
	.globl startup_64_high
	.type startup_64_high, @function
startup_64_high:
	movabsq	$init_stack_top, %rsp
	xorl	%ebp, %ebp			/* ends the backtrace chain */
	movl	%ebx, %edi			/* multiboot2 info (physical) */
	movabsq	$boot_tsc, %rax
	movq	(%rax), %rsi
	call	x86_64_start_kernel
5:	cli
	hlt
	jmp	5b
	.size startup_64_high, . - startup_64_high

	.section .bss.init_stack, "aw", @nobits
	.balign 4096
	.globl init_stack, init_stack_top
init_stack:
	.fill	THREAD_SIZE, 1, 0
init_stack_top:
