/* A user task's x87/SSE registers (Linux's arch/x86/include/asm/fpu/): the kernel is built without
 * FPU/SSE code, so only user tasks have this state; it is saved when a user task is switched
 * out and loaded again only on its way back to user mode, and only if another task's state
 * replaced it on this CPU meanwhile (Linux's TIF_NEED_FPU_LOAD and fpu_fpregs_owner_ctx). */
#ifndef _ASM_X86_FPU_H
#define _ASM_X86_FPU_H

#include <linux/types.h>

/* The 512-byte FXSAVE image: x87, MXCSR, the 16 XMM registers. Linux 6.1 uses XSAVE where the
 * CPU has it (AVX and later state); Spindle's musl programs use SSE at most. */
struct fxregs_state {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u32 st_space[32];
	u32 xmm_space[64];
	u32 padding[24];
} __aligned(16);

struct fpu {
	unsigned int last_cpu;		/* where state was last live in the registers */
	struct fxregs_state state;
};

struct task_struct;

void fpu__init_cpu(void);
void fpu_clone(struct task_struct *dst);
void fpu_flush_thread(void);
void fpu_drop(struct task_struct *tsk);
void save_fpregs_to_fpstate(struct task_struct *tsk, unsigned int cpu);
void switch_fpu_return(void);

#endif
