/* The context switch's contract between C and assembly: where task_struct keeps the saved
 * stack pointer, and the frame a new task's stack starts with. */
#ifndef _ASM_SWITCH_TO_H
#define _ASM_SWITCH_TO_H

/* offsetof(struct task_struct, thread.sp): checked by a static assertion in sched/core.c. */
#define TASK_threadsp	16	/* thread_struct is 16-byte aligned (its FXSAVE area) */

#ifndef __ASSEMBLY__
struct task_struct;

/*
 * What __switch_to_asm pops from a switched-out task's stack, lowest address first. For a new
 * task copy_thread() builds one: rbx = the function, r12 = its argument, rbp = 0 (the end of
 * the backtrace chain), and ret_addr = ret_from_fork_asm.
 */
struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, bx, bp;
	unsigned long ret_addr;
};

struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);
void ret_from_fork_asm(void);
#endif

#endif
