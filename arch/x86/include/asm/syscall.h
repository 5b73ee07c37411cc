/* The system-call table and what the entry code needs of it (Linux's asm/syscall.h). */
#ifndef _ASM_X86_SYSCALL_H
#define _ASM_X86_SYSCALL_H

#include <linux/syscalls.h>

/* One past Linux 6.1's highest x86_64 number (450, set_mempolicy_home_node). */
#define NR_syscalls	451

extern const sys_call_ptr_t sys_call_table[NR_syscalls];

long __x64_sys_ni_syscall(const struct pt_regs *regs);
/* How often each number without an implementation was asked for since boot. */
unsigned long ni_syscall_count(unsigned int nr);

void syscall_init(void);
bool do_syscall_64(struct pt_regs *regs, int nr);
void syscall_exit_to_user_mode(struct pt_regs *regs);
void irqentry_exit_to_user_mode(struct pt_regs *regs);
/* kernel/signal.c: act on the pending signals before a return to user mode. */
void arch_do_signal_or_restart(struct pt_regs *regs);

#endif
