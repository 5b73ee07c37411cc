/* struct pt_regs: the registers an exception saved, in Linux's x86_64 layout, so the entry code,
 * the trap handlers and the register dump agree on one picture of the interrupted context. */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct pt_regs {
	/* Saved by the entry code (callee-saved registers first, as Linux orders them). */
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bp;
	unsigned long bx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	/* The CPU's error code, or 0 pushed by the entry code for vectors that have none. */
	unsigned long orig_ax;
	/* The hardware exception frame. */
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
	unsigned long sp;
	unsigned long ss;
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return regs->cs & 3;
}
#endif

/* Byte offsets into struct pt_regs for the assembly entry code. */
#define PTREGS_R15	0
#define PTREGS_BP	32
#define PTREGS_DI	112
#define PTREGS_ORIG_AX	120
#define PTREGS_IP	128
#define PTREGS_CS	136
#define PTREGS_SP	152
#define PTREGS_SIZE	168

#endif
