/* Exception and interrupt entry: one entry point per vector that gives every frame the same shape
 * (a dummy error code where the CPU pushes none), then a common path that saves struct pt_regs,
 * calls do_exception(regs, vector) for 0-31 or common_interrupt(regs, vector) for 32-255, and
 * returns with iretq. Also call_on_stack(). */
#include <asm/irq_vectors.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

	.text

/* After the per-vector entry: %rdi saved in the pt_regs slot for di, the vector in %edi. */
.macro idtentry vector
	.balign 16
	.type asm_exc_\vector, @function
asm_exc_\vector:
	.if ((X86_TRAP_ERRCODE_MASK >> \vector) & 1) == 0
	pushq	$0
	.endif
	pushq	%rdi
	movl	$\vector, %edi
	jmp	exception_common
	.size asm_exc_\vector, . - asm_exc_\vector
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	idtentry \v
	.endr

.macro irqentry_addr vector
	.quad	asm_irq_\vector
.endm

/* Interrupts push no error code; the slot gets 0 like the exceptions without one. */
.macro irqentry vector
	.balign 16
	.type asm_irq_\vector, @function
asm_irq_\vector:
	pushq	$0
	pushq	%rdi
	movl	$\vector, %edi
	jmp	irq_common
	.size asm_irq_\vector, . - asm_irq_\vector
.endm

/* altmacro: %vector passes the symbol's value, not its name, to the macro. */
	.altmacro
	vector = FIRST_EXTERNAL_VECTOR
	.rept NR_EXTERNAL_VECTORS
	irqentry %vector
	vector = vector + 1
	.endr
	.noaltmacro

/* Save the rest of pt_regs, call \handler(regs, vector), restore and return. */
.macro common_entry name, handler
	.balign 16
	.type \name, @function
\name:
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rdi, %rsi			/* vector */
	movq	%rsp, %rdi			/* struct pt_regs * */
	/*
	 * A frame record {interrupted bp, interrupted ip}: a backtrace taken inside the handler
	 * walks on into the code that was interrupted. %rbp (callee-saved) then also remembers
	 * where pt_regs is while the stack is aligned for the call.
	 */
	pushq	PTREGS_IP(%rdi)
	pushq	%rbp
	movq	%rsp, %rbp
	andq	$-16, %rsp
	call	\handler
	leaq	16(%rbp), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$8, %rsp			/* the error code */
	iretq
	.size \name, . - \name
.endm

	common_entry exception_common, do_exception
	common_entry irq_common, common_interrupt

/* void call_on_stack(void *stack_top, void (*fn)(void *), void *arg): the frame record pushed
 * here links the new stack's frames back to the caller's, so backtraces cross over. */
	.globl call_on_stack
	.type call_on_stack, @function
call_on_stack:
	pushq	%rbp
	movq	%rsp, %rbp
	movq	%rdi, %rsp
	movq	%rdx, %rdi
	call	*%rsi
	movq	%rbp, %rsp
	popq	%rbp
	ret
	.size call_on_stack, . - call_on_stack

	.section .rodata
	.balign 8
	.globl exception_entries
exception_entries:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	asm_exc_\v
	.endr

	.balign 8
	.globl irq_entries
irq_entries:
	.altmacro
	vector = FIRST_EXTERNAL_VECTOR
	.rept NR_EXTERNAL_VECTORS
	irqentry_addr %vector
	vector = vector + 1
	.endr
	.noaltmacro
