/* The x86_64 system-call table (Linux's arch/x86/entry/syscall_64.c and syscall_64.tbl): Linux's
 * numbers, so a static binary built for Linux runs unchanged; every other number is
 * sys_ni_syscall, -ENOSYS, counted so the console can show what programs asked for. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/syscall.h>

/* Number and name, in Linux's syscall_64.tbl order. */
#define SPINDLE_SYSCALLS(X)		\
	X(0, read)			\
	X(1, write)			\
	X(3, close)			\
	X(9, mmap)			\
	X(11, munmap)			\
	X(12, brk)			\
	X(16, ioctl)			\
	X(20, writev)			\
	X(22, pipe)			\
	X(24, sched_yield)		\
	X(35, nanosleep)		\
	X(39, getpid)			\
	X(56, clone)			\
	X(57, fork)			\
	X(58, vfork)			\
	X(59, execve)			\
	X(60, exit)			\
	X(61, wait4)			\
	X(62, kill)			\
	X(63, uname)			\
	X(110, getppid)			\
	X(142, sched_setparam)		\
	X(143, sched_getparam)		\
	X(144, sched_setscheduler)	\
	X(145, sched_getscheduler)	\
	X(146, sched_get_priority_max)	\
	X(147, sched_get_priority_min)	\
	X(158, arch_prctl)		\
	X(186, gettid)			\
	X(203, sched_setaffinity)	\
	X(204, sched_getaffinity)	\
	X(218, set_tid_address)		\
	X(219, restart_syscall)		\
	X(228, clock_gettime)		\
	X(230, clock_nanosleep)		\
	X(231, exit_group)		\
	X(293, pipe2)			\
	X(309, getcpu)			\
	X(318, getrandom)

#define __SYSCALL_DECLARE(nr, name) long __x64_sys_##name(const struct pt_regs *regs);
SPINDLE_SYSCALLS(__SYSCALL_DECLARE)

/* Every slot sys_ni_syscall, then the implemented ones over it: the override is the point
 * (Linux's arch/x86/entry/Makefile once built this file with -Wno-override-init likewise). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#define __SYSCALL_ENTRY(nr, name) [nr] = __x64_sys_##name,
const sys_call_ptr_t sys_call_table[NR_syscalls] = {
	[0 ... NR_syscalls - 1] = __x64_sys_ni_syscall,
	SPINDLE_SYSCALLS(__SYSCALL_ENTRY)
};
#pragma GCC diagnostic pop

/* Written with atomic adds from any CPU; read without a lock (a count may be a moment old). */
static unsigned long ni_counts[NR_syscalls];
static unsigned long ni_out_of_range;

/**
 * __x64_sys_ni_syscall - a system call Spindle does not implement: -ENOSYS, as Linux's
 * @regs: the caller's registers; orig_ax is the number asked for
 *
 * Counted per number, and the first call of each number is logged once with who asked.
 *
 * Context: process context of a user task. Return: -ENOSYS.
 */
long __x64_sys_ni_syscall(const struct pt_regs *regs)
{
	unsigned long nr = regs->orig_ax;

	if (nr >= NR_syscalls) {
		__atomic_add_fetch(&ni_out_of_range, 1, __ATOMIC_RELAXED);
		return -ENOSYS;
	}
	if (__atomic_fetch_add(&ni_counts[nr], 1, __ATOMIC_RELAXED) == 0)
		pr_info("%s[%d]: system call %lu is not implemented (-ENOSYS)\n", current->comm,
			current->pid, nr);
	return -ENOSYS;
}

/**
 * ni_syscall_count - how many times system call @nr was asked for and refused with -ENOSYS
 * @nr: a system-call number; NR_syscalls counts the numbers beyond the table
 *
 * Context: any. Return: the count.
 */
unsigned long ni_syscall_count(unsigned int nr)
{
	if (nr >= NR_syscalls)
		return READ_ONCE(ni_out_of_range);
	return READ_ONCE(ni_counts[nr]);
}
