/* Exceptions: vector numbers and names, the entry points, and the hooks the rest of the kernel
 * uses (trap_init at boot, the crash tests, counters the self-tests read). */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#define X86_TRAP_DE	0	/* divide error */
#define X86_TRAP_DB	1	/* debug */
#define X86_TRAP_NMI	2	/* non-maskable interrupt */
#define X86_TRAP_BP	3	/* int3 */
#define X86_TRAP_OF	4	/* overflow */
#define X86_TRAP_BR	5	/* bound range exceeded */
#define X86_TRAP_UD	6	/* invalid opcode */
#define X86_TRAP_NM	7	/* device not available */
#define X86_TRAP_DF	8	/* double fault */
#define X86_TRAP_OLD_MF	9	/* coprocessor segment overrun */
#define X86_TRAP_TS	10	/* invalid TSS */
#define X86_TRAP_NP	11	/* segment not present */
#define X86_TRAP_SS	12	/* stack segment fault */
#define X86_TRAP_GP	13	/* general protection fault */
#define X86_TRAP_PF	14	/* page fault */
#define X86_TRAP_SPURIOUS 15	/* reserved */
#define X86_TRAP_MF	16	/* x87 floating-point error */
#define X86_TRAP_AC	17	/* alignment check */
#define X86_TRAP_MC	18	/* machine check */
#define X86_TRAP_XF	19	/* SIMD floating-point exception */
#define X86_TRAP_VE	20	/* virtualization exception */
#define X86_TRAP_CP	21	/* control protection exception */
#define X86_TRAP_HV	28	/* hypervisor injection exception */
#define X86_TRAP_VC	29	/* VMM communication exception */
#define X86_TRAP_SX	30	/* security exception */

/* Vectors for which the CPU pushes an error code (the entry code pushes 0 for the others). */
#define X86_TRAP_ERRCODE_MASK						\
	((1 << X86_TRAP_DF) | (1 << X86_TRAP_TS) | (1 << X86_TRAP_NP) |	\
	 (1 << X86_TRAP_SS) | (1 << X86_TRAP_GP) | (1 << X86_TRAP_PF) |	\
	 (1 << X86_TRAP_AC) | (1 << X86_TRAP_CP) | (1 << X86_TRAP_VC) |	\
	 (1 << X86_TRAP_SX))

/* Page-fault error code bits. */
#define X86_PF_PROT	(1 << 0)	/* 0: not-present page, 1: protection violation */
#define X86_PF_WRITE	(1 << 1)
#define X86_PF_USER	(1 << 2)
#define X86_PF_RSVD	(1 << 3)
#define X86_PF_INSTR	(1 << 4)
#define X86_PF_PK	(1 << 5)
#define X86_PF_SHSTK	(1 << 6)

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <asm/processor.h>

struct pt_regs;

void trap_init(void);
/* crashtest=<kind>: fault on purpose after the boot report (tests/crash_test.c). */
void crashtest_run(void);

/* The C side of every exception (arch/x86/traps.c), called from entry.S. */
void do_exception(struct pt_regs *regs, unsigned long vector);
/* The 32 exception entry points, in vector order (entry.S). */
extern const unsigned long exception_entries[32];

const char *x86_trap_name(unsigned int vector);
/* How many int3 traps were handled and resumed (int3 is not fatal, as in Linux). */
extern unsigned long int3_count;
/* How many NMIs arrived (an NMI nobody claims is reported and survived, as in Linux). */
extern unsigned long nmi_count;

struct pt_regs;
/* The two halves of a fatal exception report (arch/x86/traps.c; Linux's are in dumpstack.c). */
void oops_begin(const char *reason);
__noreturn void oops_end(struct pt_regs *regs, const char *reason, const char *what,
			 unsigned long error_code);
/* Vector 14 (arch/x86/fault.c). */
void exc_page_fault(struct pt_regs *regs, unsigned long error_code);

/* Run fn(arg) with the stack pointer at stack_top, then switch back (entry.S). */
void call_on_stack(void *stack_top, void (*fn)(void *), void *arg);

/* Dumping state after a fault (arch/x86/dumpstack.c). */
void show_regs(struct pt_regs *regs);
/* Print "Call Trace:", then ip (if non-zero) and the frame-pointer chain starting at bp, at
 * log level lvl. A corrupt chain ends the trace with a note; it never faults. */
void show_trace_log_lvl(unsigned long ip, unsigned long bp, const char *lvl);
struct task_struct;
/* The backtrace of @p where it sleeps, from the frame its last switch saved at thread.sp, at
 * KERN_INFO; current's own trace if @p is current, a note if @p is running elsewhere. */
void show_task_stack(struct task_struct *p);

/* The CPU's number for reports before per-CPU data exists: the initial APIC ID (CPUID 1). */
static inline unsigned int cpuid_initial_apic_id(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return b >> 24;
}
#endif

#endif
