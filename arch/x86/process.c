/* The architecture's half of a task (Linux's arch/x86/kernel/process.c and process_64.c): the
 * frame a new task starts from (copy_thread), its first return (ret_from_fork), the C half of
 * the switch (__switch_to: kernel stack for traps, FS base, FPU), start_thread() for execve,
 * and arch_prctl(). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/fpu/sched.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/switch_to.h>
#include <asm/syscall.h>

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

/* The FS base loaded on this CPU, so a switch between tasks with the same one skips the
 * wrmsr; this CPU only, interrupts off. */
static DEFINE_PER_CPU(unsigned long, cpu_fsbase);

/**
 * copy_thread - build a new task's first kernel stack frame
 * @p: the new task
 * @args: what it runs: a kernel function (@args->fn), or, for a fork, the parent's user
 *        registers with 0 as the return value
 *
 * The top of every kernel stack holds the task's struct pt_regs (task_pt_regs()), as in Linux;
 * below it the frame __switch_to_asm pops, which "returns" into ret_from_fork_asm with the
 * function in rbx and its argument in r12.
 *
 * Context: process context (copy_process()). Return: 0.
 */
int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct pt_regs *childregs = task_pt_regs(p);
	struct inactive_task_frame *frame = (struct inactive_task_frame *)childregs - 1;

	memset(frame, 0, sizeof(*frame));
	frame->ret_addr = (unsigned long)ret_from_fork_asm;
	p->thread.sp = (unsigned long)frame;
	p->thread.fsbase = 0;
	if (args->fn) {
		/* No FPU state: a kernel thread never has any, and a user-mode thread gets it
		 * from the execve() that makes it a process (fpu_flush_thread()). */
		memset(childregs, 0, sizeof(*childregs));
		frame->bx = (unsigned long)args->fn;
		frame->r12 = (unsigned long)args->fn_arg;
		return 0;
	}
	*childregs = *task_pt_regs(current);
	childregs->ax = 0;
	p->thread.fsbase = current->thread.fsbase;
	fpu_clone(p);
	return 0;
}

/**
 * ret_from_fork - a new task's first C code, called by ret_from_fork_asm
 * @prev: the task switched away from
 * @regs: the new task's pt_regs
 * @fn: the kernel function it runs, or NULL for a forked user task
 * @fn_arg: the function's argument
 *
 * Linux 6.1 does this in assembly; Linux 6.3 moved it to C in this shape. A kernel thread's
 * function ends in do_exit(); a user-mode thread whose function made it a user process with
 * kernel_execve() (kernel_init running /init) returns 0 and goes to user mode, as a forked
 * child does.
 *
 * Context: the new task, preempt count 1 until schedule_tail(). Return: to user mode, with
 * interrupts off, through swapgs_restore_regs_and_return_to_usermode.
 */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs, int (*fn)(void *),
		   void *fn_arg)
{
	schedule_tail(prev);
	if (unlikely(fn)) {
		int ret = fn(fn_arg);

		if (!current->mm || (current->flags & PF_KTHREAD) || !user_mode(regs))
			do_exit(ret);
		regs->ax = 0;
	}
	syscall_exit_to_user_mode(regs);
}

/**
 * __switch_to - the C half of a context switch, on @next's stack
 * @prev: the task switched out
 * @next: the task switched in, from here on `current`
 *
 * An interrupt or exception from user mode lands on the top of the kernel stack the TSS
 * names, and a syscall on the one cpu_current_top_of_stack names: both become @next's, unless
 * @next is a kernel thread, which never runs in user mode (a switch between kernel threads
 * pays a flag test, not the stores). A user task's FS base (its thread-local storage) is
 * loaded if it differs, and its FPU registers are saved on the way out; they are loaded on the
 * way back to user mode only if needed.
 *
 * Context: schedule(), interrupts off, the run queue locked. Return: @prev.
 */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next)
{
	switch_fpu_prepare(prev);
	this_cpu_write(current_task, next);
	/* A kernel thread never runs in user mode: what follows is only for tasks that may. */
	if (!(next->flags & PF_KTHREAD)) {
		unsigned int cpu = smp_processor_id();
		unsigned long top = (unsigned long)(task_pt_regs(next) + 1);

		this_cpu_write(cpu_current_top_of_stack, top);
		update_task_stack(cpu, top);
		if (next->mm && next->thread.fsbase != this_cpu_read(cpu_fsbase)) {
			wrmsr(MSR_FS_BASE, next->thread.fsbase);
			this_cpu_write(cpu_fsbase, next->thread.fsbase);
		}
		switch_fpu_finish(next, cpu);
	}
	return prev;
}

/**
 * start_thread - make the current task's return to user mode start a new program
 * @regs: its pt_regs
 * @new_ip: the program's entry point
 * @new_sp: its initial stack pointer (argc, argv, envp, auxv above it)
 *
 * Context: process context, execve, the task itself. Return: nothing.
 */
void start_thread(struct pt_regs *regs, unsigned long new_ip, unsigned long new_sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = new_ip;
	regs->sp = new_sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	current->thread.fsbase = 0;
	local_irq_disable();
	wrmsr(MSR_FS_BASE, 0);
	this_cpu_write(cpu_fsbase, 0);
	local_irq_enable();
	fpu_flush_thread();
}

/*
 * arch_prctl(): musl sets FS to its thread pointer at start-up (ARCH_SET_FS). Linux 6.1 also
 * supports GS; Spindle's entry code relies on the user GS base being 0 (see entry_64.S), so
 * ARCH_SET_GS is refused with -EPERM.
 */
SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct task_struct *tsk = current;

	switch (option) {
	case ARCH_SET_FS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		preempt_disable();
		tsk->thread.fsbase = arg2;
		wrmsr(MSR_FS_BASE, arg2);
		this_cpu_write(cpu_fsbase, arg2);
		preempt_enable();
		return 0;
	case ARCH_GET_FS:
		return put_user(tsk->thread.fsbase, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(0UL, (unsigned long __user *)arg2);
	case ARCH_SET_GS:
		return -EPERM;
	default:
		return -EINVAL;
	}
}
