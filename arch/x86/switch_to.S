/* The register half of a context switch (__switch_to_asm); a new task's first return,
 * ret_from_fork_asm, is in entry/entry_64.S. The offset of thread.sp is TASK_threadsp
 * (asm/switch_to.h). */
#include <asm/switch_to.h>

	.text

/*
 * struct task_struct *__switch_to_asm(prev %rdi, next %rsi)
 *
 * Push the callee-saved registers on prev's stack, save the stack pointer in prev->thread.sp,
 * load next's and pop next's registers. The C ABI says the caller saved everything else. The
 * return address on next's stack decides where next resumes: in its own context_switch() if it
 * ran before, in ret_from_fork_asm if it is new. __switch_to() returns prev in %rax either way.
 */
	.globl __switch_to_asm
	.type __switch_to_asm, @function
__switch_to_asm:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, TASK_threadsp(%rdi)
	movq	TASK_threadsp(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	jmp	__switch_to
	.size __switch_to_asm, . - __switch_to_asm
