/* Saving a backtrace into an array (Linux's include/linux/stacktrace.h), for /proc/PID/stack
 * and wchan; arch/x86/dumpstack.c walks the frame pointers. */
#ifndef _LINUX_STACKTRACE_H
#define _LINUX_STACKTRACE_H

struct pt_regs;
struct task_struct;

unsigned int stack_trace_save_tsk(struct task_struct *p, unsigned long *store, unsigned int size);
unsigned int stack_trace_save_regs(struct pt_regs *regs, unsigned long *store, unsigned int size);
unsigned int stack_trace_save_bp(unsigned long bp, unsigned long *store, unsigned int size);

#endif
