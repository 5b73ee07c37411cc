/* The C side of entering and leaving the kernel from user mode (Linux's arch/x86/entry/common.c
 * and kernel/entry/common.c): syscall_init() per CPU, do_syscall_64(), and the work every
 * return to user mode owes first: a reschedule, a pending signal, the task's FPU registers. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/syscall.h>

extern char entry_SYSCALL_64[];

/**
 * syscall_init - point this CPU's syscall instruction at entry_SYSCALL_64
 *
 * STAR gives the kernel's CS (SS is CS + 8) for syscall and the base sysret adds to (user CS
 * is base + 16, SS base + 8); SYSCALL_MASK clears, on entry, the flags the kernel must not
 * inherit: IF (entry runs with interrupts off until it is on the kernel stack), TF, DF, AC
 * (SMAP's override) and the rest, as Linux's mask. 32-bit syscalls (CSTAR) are not supported.
 *
 * Context: boot or CPU bring-up, on the CPU itself, interrupts off. Return: nothing.
 */
void syscall_init(void)
{
	wrmsr(MSR_STAR, ((u64)__USER32_CS << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (unsigned long)entry_SYSCALL_64);
	wrmsr(MSR_CSTAR, 0);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF |
	      X86_EFLAGS_SF | X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF | X86_EFLAGS_OF |
	      X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_RF | X86_EFLAGS_AC | X86_EFLAGS_ID);
	/* The user's GS base while the kernel runs; Spindle's user programs never set one. */
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

#define EXIT_TO_USER_MODE_WORK	((1UL << TIF_SIGPENDING) | (1UL << TIF_NEED_RESCHED))

/*
 * Linux's exit_to_user_mode_loop(): with interrupts on, reschedule and act on signals until
 * neither is pending with interrupts off, so nothing can be left pending once the task is in
 * user mode (a wake-up that sets need_resched after the check would need an interrupt, and
 * that interrupt's own return comes through here).
 */
static void exit_to_user_mode_prepare(struct pt_regs *regs)
{
	unsigned long ti_work;

	local_irq_disable();
	for (;;) {
		ti_work = READ_ONCE(current->thread_info.flags);
		if (likely(!(ti_work & EXIT_TO_USER_MODE_WORK)))
			break;
		local_irq_enable();
		if (ti_work & (1UL << TIF_NEED_RESCHED))
			schedule();
		if (ti_work & (1UL << TIF_SIGPENDING))
			arch_do_signal_or_restart(regs);
		local_irq_disable();
	}
	if (unlikely(test_tsk_thread_flag(current, TIF_NEED_FPU_LOAD)))
		switch_fpu_return();
}

/**
 * syscall_exit_to_user_mode - the work owed before a return to user mode, from a syscall
 * @regs: the task's user registers (a signal may end the task instead)
 *
 * Context: process context of a user task; returns with interrupts off. Return: nothing.
 */
void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	exit_to_user_mode_prepare(regs);
}

/**
 * irqentry_exit_to_user_mode - the same after an interrupt or exception from user mode
 * @regs: the interrupted user registers
 *
 * Called by the entry code once the handler returned; the handler already left interrupt
 * context, so the task may be switched away here (that is how a user hog is preempted by the
 * tick: the timer interrupt set need_resched).
 *
 * Context: interrupts off, preempt count 0, on the task's kernel stack. Return: nothing.
 */
void irqentry_exit_to_user_mode(struct pt_regs *regs)
{
	exit_to_user_mode_prepare(regs);
}

/*
 * sysret is faster than iret but restores rip from rcx and rflags from r11 and trusts them:
 * use it only when those still match pt_regs (not after execve or a fork's first return) and
 * rip is canonical (Intel CPUs fault in ring 0 on a non-canonical one, on the user's stack).
 */
static bool syscall_can_sysret(const struct pt_regs *regs)
{
	if (regs->cx != regs->ip || regs->r11 != regs->flags)
		return false;
	if (regs->cs != __USER_CS || regs->ss != __USER_DS)
		return false;
	if (regs->ip >= TASK_SIZE_MAX)
		return false;
	return !(regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF));
}

/**
 * do_syscall_64 - run system call @nr for the task whose registers are @regs
 * @regs: the user registers entry_SYSCALL_64 saved; ax gets the result
 * @nr: the number (orig_ax), signed so that a negative one is out of range too
 *
 * Linux's x86_64 ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9, result in rax
 * (a negative errno on failure). A number without an entry gets -ENOSYS from
 * sys_ni_syscall(), which counts it.
 *
 * Context: process context of a user task, called with interrupts off; returns with them
 * off. Return: true if the return may use sysret.
 */
bool do_syscall_64(struct pt_regs *regs, int nr)
{
	local_irq_enable();
	if (likely((unsigned int)nr < NR_syscalls))
		regs->ax = sys_call_table[nr](regs);
	else
		regs->ax = __x64_sys_ni_syscall(regs);
	syscall_exit_to_user_mode(regs);
	return syscall_can_sysret(regs);
}
