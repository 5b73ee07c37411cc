/* User tasks' x87/SSE registers across context switches (Linux's arch/x86/kernel/fpu/core.c):
 * saved when a user task leaves the CPU, loaded only on the way back to user mode and only if
 * another user task's state was loaded on this CPU meanwhile. Kernel threads never touch them,
 * so user A -> kernel thread -> user A neither saves twice nor loads. */
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/fpu.h>
#include <asm/processor.h>

/* The task whose state the registers hold (Linux's fpu_fpregs_owner_ctx); this CPU only,
 * changed with interrupts off. */
DEFINE_PER_CPU(struct task_struct *, fpu_fpregs_owner);

/* What fninit leaves and an execve starts with: FCW 0x37f (all x87 exceptions masked, 64-bit
 * precision), MXCSR 0x1f80 (all SSE exceptions masked, round to nearest). */
static const struct fxregs_state init_fxstate = {
	.cwd = 0x37f,
	.mxcsr = 0x1f80,
};

static inline void fxsave(struct fxregs_state *fx)
{
	__asm__ __volatile__("fxsaveq %0" : "=m"(*fx));
}

static inline void fxrstor(const struct fxregs_state *fx)
{
	__asm__ __volatile__("fxrstorq %0" : : "m"(*fx));
}

/**
 * fpu__init_cpu - let user mode use x87 and SSE on this CPU
 *
 * CR4.OSFXSR enables SSE and fxsave/fxrstor, OSXMMEXCPT reports SIMD exceptions as #XM rather
 * than #UD; CR0.TS off (no lazy #NM trapping, as Linux since 4.x), EM off, MP on.
 *
 * Context: boot or CPU bring-up, on the CPU itself. Return: nothing.
 */
void fpu__init_cpu(void)
{
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	write_cr0((read_cr0() & ~(X86_CR0_TS | X86_CR0_EM)) | X86_CR0_MP);
	this_cpu_write(fpu_fpregs_owner, NULL);
}

/**
 * save_fpregs_to_fpstate - save the registers of the user task leaving this CPU
 * @tsk: that task, whose state is live in the registers
 * @cpu: this CPU
 *
 * Linux 6.1: save_fpregs_to_fpstate(fpu) uses XSAVE when the CPU has it; here FXSAVE (x87 and
 * SSE state only), and the caller passes the CPU.
 *
 * Context: the context switch, interrupts off. Return: nothing.
 */
void save_fpregs_to_fpstate(struct task_struct *tsk, unsigned int cpu)
{
	fxsave(&tsk->thread.fpu.state);
	tsk->thread.fpu.last_cpu = cpu;
}

/**
 * switch_fpu_return - load the current task's registers before it returns to user mode
 *
 * Context: the exit to user mode, interrupts off. Return: nothing.
 */
void switch_fpu_return(void)
{
	struct task_struct *tsk = current;

	fxrstor(&tsk->thread.fpu.state);
	tsk->thread.fpu.last_cpu = smp_processor_id();
	this_cpu_write(fpu_fpregs_owner, tsk);
	clear_tsk_thread_flag(tsk, TIF_NEED_FPU_LOAD);
}

/**
 * fpu_clone - give a forked child a copy of the parent's registers
 * @dst: the child (not yet running)
 *
 * Linux 6.1: fpu_clone(dst, clone_flags, minimal) also serves kernel threads and I/O workers
 * (with a minimal state) and returns an error code.
 *
 * Context: process context, the parent, a user process. Return: nothing.
 */
void fpu_clone(struct task_struct *dst)
{
	struct task_struct *src = current;

	/* The parent's live registers may be newer than its saved copy. */
	local_irq_disable();
	if (!test_tsk_thread_flag(src, TIF_NEED_FPU_LOAD))
		fxsave(&src->thread.fpu.state);
	local_irq_enable();
	dst->thread.fpu.state = src->thread.fpu.state;
	/* No CPU's registers hold the child's state, even if a dead task's owner pointer on
	 * some CPU happens to equal the child's address. */
	dst->thread.fpu.last_cpu = UINT_MAX;
	set_tsk_thread_flag(dst, TIF_NEED_FPU_LOAD);
}

/**
 * fpu_flush_thread - the fresh registers an execve starts with
 *
 * Context: process context, the task itself. Return: nothing.
 */
void fpu_flush_thread(void)
{
	struct task_struct *tsk = current;

	local_irq_disable();
	tsk->thread.fpu.state = init_fxstate;
	this_cpu_write(fpu_fpregs_owner, NULL);
	set_tsk_thread_flag(tsk, TIF_NEED_FPU_LOAD);
	local_irq_enable();
}

/**
 * fpu_drop - forget that @tsk's state is loaded anywhere (it exits)
 * @tsk: the exiting task, current
 *
 * A later task allocated at the same address must not be taken for the owner.
 *
 * Linux 6.1: fpu__drop(fpu), which also runs FWAIT to swallow a pending x87 exception.
 *
 * Context: process context, the task itself. Return: nothing.
 */
void fpu_drop(struct task_struct *tsk)
{
	local_irq_disable();
	if (this_cpu_read(fpu_fpregs_owner) == tsk)
		this_cpu_write(fpu_fpregs_owner, NULL);
	local_irq_enable();
}
