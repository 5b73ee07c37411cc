/* A kernel-internal setjmp/longjmp: lets the self-test runner end a case from deep inside it
 * (a failed ASSERT or a skip) and resume in the runner, as KUnit's try-catch does. */
#ifndef _ASM_SETJMP_H
#define _ASM_SETJMP_H

#include <linux/compiler.h>

/* The callee-saved registers of the x86-64 SysV ABI, the stack pointer and the resume address;
 * there is no FPU state to keep (the kernel is built with -mgeneral-regs-only). */
struct kernel_jmp_buf {
	unsigned long rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* Returns 0 when called, and again (returning val, never 0) when kernel_longjmp() comes back. */
int kernel_setjmp(struct kernel_jmp_buf *buf) __attribute__((returns_twice));
__noreturn void kernel_longjmp(struct kernel_jmp_buf *buf, int val);

#endif
