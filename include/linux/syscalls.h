/* System-call definitions as Linux's include/linux/syscalls.h and x86's syscall_wrapper.h:
 * SYSCALL_DEFINEn(name, type, arg, ...) defines __x64_sys_name(const struct pt_regs *regs),
 * which the table in arch/x86/entry/syscall_64.c calls with the user's registers, and which
 * hands them, cast to the declared types, to the body. */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/ptrace.h>

/* The x86_64 system-call ABI: arguments in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx, which
 * the syscall instruction overwrites with the return address). */
#define __SC_DECL1(t1, a1)				t1 a1
#define __SC_DECL2(t1, a1, ...)				t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...)				t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...)				t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...)				t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...)				t1 a1, __SC_DECL5(__VA_ARGS__)

#define __SC_ARGS1(t1, a1)					\
	(t1)regs->di
#define __SC_ARGS2(t1, a1, t2, a2)				\
	__SC_ARGS1(t1, a1), (t2)regs->si
#define __SC_ARGS3(t1, a1, t2, a2, t3, a3)			\
	__SC_ARGS2(t1, a1, t2, a2), (t3)regs->dx
#define __SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4)		\
	__SC_ARGS3(t1, a1, t2, a2, t3, a3), (t4)regs->r10
#define __SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)	\
	__SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), (t5)regs->r8
#define __SC_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), (t6)regs->r9

#define SYSCALL_DEFINE0(sname)						\
	static long __do_sys_##sname(void);				\
	long __x64_sys_##sname(const struct pt_regs *regs);		\
	long __x64_sys_##sname(const struct pt_regs *regs)		\
	{								\
		return __do_sys_##sname();				\
	}								\
	static long __do_sys_##sname(void)

#define SYSCALL_DEFINEx(x, sname, ...)					\
	static long __do_sys_##sname(__SC_DECL##x(__VA_ARGS__));	\
	long __x64_sys_##sname(const struct pt_regs *regs);		\
	long __x64_sys_##sname(const struct pt_regs *regs)		\
	{								\
		return __do_sys_##sname(__SC_ARGS##x(__VA_ARGS__));	\
	}								\
	static long __do_sys_##sname(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

/* The table's entry type (arch/x86/entry/syscall_64.c). */
typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

#endif
