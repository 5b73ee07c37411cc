/* kernel_setjmp/kernel_longjmp (see asm/setjmp.h): save and restore the callee-saved registers,
 * so the self-test runner can abandon a case that failed an ASSERT or skipped itself. */
	.text

/* int kernel_setjmp(struct kernel_jmp_buf *buf)  -- buf in %rdi */
	.globl	kernel_setjmp
	.type	kernel_setjmp, @function
kernel_setjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rdx		/* the caller's stack pointer once this call returns */
	movq	%rdx, 48(%rdi)
	movq	(%rsp), %rdx		/* the return address */
	movq	%rdx, 56(%rdi)
	xorl	%eax, %eax
	ret
	.size	kernel_setjmp, . - kernel_setjmp

/* void kernel_longjmp(struct kernel_jmp_buf *buf, int val)  -- buf in %rdi, val in %esi */
	.globl	kernel_longjmp
	.type	kernel_longjmp, @function
kernel_longjmp:
	movl	%esi, %eax
	testl	%eax, %eax		/* setjmp must never appear to return 0 a second time */
	jnz	1f
	movl	$1, %eax
1:	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	jmpq	*56(%rdi)
	.size	kernel_longjmp, . - kernel_longjmp
