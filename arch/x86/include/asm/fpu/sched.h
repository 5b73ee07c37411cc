/* The FPU's part of a context switch (Linux's arch/x86/include/asm/fpu/sched.h): inline, so a
 * switch between kernel threads pays two tests and no call. */
#ifndef _ASM_X86_FPU_SCHED_H
#define _ASM_X86_FPU_SCHED_H

#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/fpu.h>

DECLARE_PER_CPU(struct task_struct *, fpu_fpregs_owner);

/* A task that runs user code (not a kernel thread, even one using an mm). */
static inline bool fpu_user_task(const struct task_struct *tsk)
{
	return tsk->mm && !(tsk->flags & PF_KTHREAD);
}

/*
 * A user task leaving the CPU: save its registers, which stay loaded; if it comes back here
 * before another user task ran, they are still its own and nothing is loaded.
 */
static inline void switch_fpu_prepare(struct task_struct *prev)
{
	if (fpu_user_task(prev) && !test_tsk_thread_flag(prev, TIF_NEED_FPU_LOAD))
		save_fpregs_to_fpstate(prev, smp_processor_id());
}

/* A user task arriving: if its state is not the one loaded here, load it on the way back to
 * user mode (switch_fpu_return()). */
static inline void switch_fpu_finish(struct task_struct *next, unsigned int cpu)
{
	if (fpu_user_task(next) && (this_cpu_read(fpu_fpregs_owner) != next ||
				    next->thread.fpu.last_cpu != cpu))
		set_tsk_thread_flag(next, TIF_NEED_FPU_LOAD);
}

#endif
