/* Kernel entry and exit (Linux's arch/x86/entry/entry_64.S): the system call (entry_SYSCALL_64),
 * one entry point per exception and interrupt vector that gives every frame the same shape (a
 * dummy error code where the CPU pushes none), a common path that saves struct pt_regs, calls
 * do_exception(regs, vector) or common_interrupt(regs, vector) and returns with iretq, and the
 * return to user mode that a new user task (ret_from_fork) takes too. Also call_on_stack(). */
#include <linux/errno.h>
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

	.text

/*
 * The per-CPU data is reached through GS, whose base is this CPU's per-CPU offset in the kernel
 * and the user's own value in user mode; swapgs exchanges the two (with MSR_KERNEL_GS_BASE).
 * Every way in from user mode swaps first and every way out swaps back. The vectors with their
 * own IST stack (NMI, #DB, #MC, #DF) can arrive anywhere, even in the first instruction of the
 * syscall entry before its swapgs, so they cannot trust the saved CS and read the GS base
 * instead: a kernel base is negative (the per-CPU areas lie below the kernel image), a user's
 * never is (arch_prctl refuses one above TASK_SIZE_MAX). That is Linux's paranoid_entry.
 */
#define PARANOID_VECTORS ((1 << X86_TRAP_DB) | (1 << X86_TRAP_NMI) | (1 << X86_TRAP_DF) | \
			  (1 << X86_TRAP_MC))

/* pt_regs from r15 up to di (Linux's POP_REGS): %rsp is left at orig_ax. */
.macro POP_REGS
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
.endm

/* The registers below ax in pt_regs, r8 down to r15 (the rest of Linux's PUSH_REGS). */
.macro PUSH_REGS_R8_R15
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
.endm

/*
 * entry_SYSCALL_64: the syscall instruction put the user's rip in rcx and rflags in r11,
 * loaded CS and SS from STAR, masked rflags with SYSCALL_MASK (interrupts are off) and left
 * rsp alone. Save the user's stack pointer, move to the task's kernel stack, build pt_regs
 * with Linux's layout (orig_ax = the syscall number, ax = -ENOSYS until a handler returns),
 * and call do_syscall_64(regs, nr), which returns true when sysret may be used to go back.
 */
	.balign 16
	.globl entry_SYSCALL_64
	.type entry_SYSCALL_64, @function
entry_SYSCALL_64:
	swapgs
	movq	%rsp, %gs:cpu_user_rsp_scratch
	movq	%gs:cpu_current_top_of_stack, %rsp
	pushq	$__USER_DS			/* pt_regs->ss */
	pushq	%gs:cpu_user_rsp_scratch	/* pt_regs->sp */
	pushq	%r11				/* pt_regs->flags */
	pushq	$__USER_CS			/* pt_regs->cs */
	pushq	%rcx				/* pt_regs->ip */
	pushq	%rax				/* pt_regs->orig_ax */
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	$-ENOSYS			/* pt_regs->ax */
	PUSH_REGS_R8_R15
	/* No frame record: %rbp is the user's, and a backtrace must stop here. */
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	movslq	%eax, %rsi
	/* pt_regs ends 8 bytes off 16: align for the C call, %r12 (saved) remembers it. */
	movq	%rsp, %r12
	andq	$-16, %rsp
	call	do_syscall_64
	movq	%r12, %rsp
	testb	%al, %al
	jz	swapgs_restore_regs_and_return_to_usermode
	/* sysret: rip from rcx, rflags from r11, which do_syscall_64 checked equal pt_regs'. */
	POP_REGS
	movq	PTREGS_SP - PTREGS_ORIG_AX(%rsp), %rsp
	swapgs
	sysretq
	.size entry_SYSCALL_64, . - entry_SYSCALL_64

/*
 * The way back to user mode when sysret cannot be used (a new task, after execve, after a
 * signal changed the registers, from an interrupt or exception): restore pt_regs, swap GS
 * back and iretq. %rsp points at pt_regs.
 */
	.globl swapgs_restore_regs_and_return_to_usermode
	.type swapgs_restore_regs_and_return_to_usermode, @function
swapgs_restore_regs_and_return_to_usermode:
	POP_REGS
	addq	$8, %rsp			/* orig_ax */
	swapgs
	iretq
	.size swapgs_restore_regs_and_return_to_usermode, . - swapgs_restore_regs_and_return_to_usermode

/*
 * A new task's first return: ret_from_fork() (C) finished the switch, ran a kernel function if
 * there was one, and prepared the return to user mode; %rsp is the task's pt_regs.
 */
	.globl ret_from_fork_asm
	.type ret_from_fork_asm, @function
ret_from_fork_asm:
	movq	%rax, %rdi			/* prev, from __switch_to */
	movq	%rsp, %rsi			/* pt_regs */
	movq	%rbx, %rdx			/* the function, or NULL for a forked user task */
	movq	%r12, %rcx			/* its argument */
	movq	%rsp, %r12			/* the user's r12 is in pt_regs */
	andq	$-16, %rsp
	call	ret_from_fork
	movq	%r12, %rsp
	jmp	swapgs_restore_regs_and_return_to_usermode
	.size ret_from_fork_asm, . - ret_from_fork_asm

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
	.if (PARANOID_VECTORS >> \vector) & 1
	jmp	paranoid_exception_common
	.else
	jmp	exception_common
	.endif
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

/*
 * Save the rest of pt_regs, call \handler(regs, vector), restore and return. From user mode GS
 * is swapped on the way in and, after irqentry_exit_to_user_mode() did the work a return to
 * user mode owes (a reschedule, a signal, the FPU registers), back on the way out. With
 * \paranoid (the IST vectors, chosen at assembly time) it decides by the GS base instead,
 * remembered in %r12 (callee-saved), and owes no exit work.
 */
.macro common_entry name, handler, paranoid
	.balign 16
	.type \name, @function
\name:
	.if \paranoid == 0
	/* %rdi and the error code are pushed: the CPU's frame starts 16 bytes up. */
	testb	$3, 16 + 8(%rsp)
	jz	1f
	swapgs
1:
	.endif
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	PUSH_REGS_R8_R15
	cld
	/*
	 * Linux's entry does clac: an interrupt in the middle of a user copy (EFLAGS.AC set by
	 * stac) must not run its handler with SMAP's protection off. popf clears AC on every
	 * CPU, where clac would be #UD without SMAP; iret restores the interrupted flags.
	 */
	pushfq
	andl	$~X86_EFLAGS_AC, (%rsp)
	popfq
	.if \paranoid
	xorl	%r12d, %r12d
	movl	%edi, %ebx
	movl	$MSR_GS_BASE, %ecx
	rdmsr
	movl	%ebx, %edi
	testl	%edx, %edx
	js	2f
	swapgs
	movl	$1, %r12d
2:
	.endif
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
	.if \paranoid
	testl	%r12d, %r12d
	jz	3f
	swapgs					/* back to the user GS base it came with */
	.else
	leaq	16(%rbp), %rdi			/* pt_regs */
	testb	$3, PTREGS_CS(%rdi)
	jz	3f
	call	irqentry_exit_to_user_mode
	leaq	16(%rbp), %rsp
	jmp	swapgs_restore_regs_and_return_to_usermode
	.endif
3:	leaq	16(%rbp), %rsp
	POP_REGS
	addq	$8, %rsp			/* the error code */
	iretq
	.size \name, . - \name
.endm

	common_entry exception_common, do_exception, 0
	common_entry paranoid_exception_common, do_exception, 1
	common_entry irq_common, common_interrupt, 0

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
