/* CPU instructions the kernel uses directly: CPUID, MSRs, control registers, TSC, halting. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <linux/types.h>
#include <asm/boot.h>
#include <asm/fpu.h>
#include <asm/ptrace.h>

/* What a switched-out task keeps of its CPU state besides its stack: the stack pointer (rbx,
 * rbp, r12-r15 and the return address are pushed on that stack by __switch_to_asm), and for a
 * user task its FS base and FPU registers (the kernel is built without FPU/SSE code, so only
 * user mode has FPU state). */
struct thread_struct {
	unsigned long sp;
	unsigned long fsbase;		/* user FS base (arch_prctl(ARCH_SET_FS)): musl's TLS */
	struct fpu fpu;			/* user tasks' x87/SSE registers */
};

/* The user registers of a task: at the top of its kernel stack, where the entry code saves
 * them on every way in from user mode (Linux's task_pt_regs()). */
#define task_pt_regs(task)						\
	((struct pt_regs *)((unsigned long)(task)->stack + THREAD_SIZE) - 1)

struct task_struct;
struct pt_regs;
struct kernel_clone_args;
int copy_thread(struct task_struct *p, const struct kernel_clone_args *args);
void start_thread(struct pt_regs *regs, unsigned long new_ip, unsigned long new_sp);

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* rdtsc_ordered: the TSC read after every earlier instruction finished (for calibration). */
static inline u64 rdtsc_ordered(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
	return rdtsc();
}

#define DEFINE_CR(n)							\
static inline unsigned long read_cr##n(void)				\
{									\
	unsigned long v;						\
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(unsigned long v)				\
{									\
	__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");	\
}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }
static inline void native_halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }

static inline unsigned long native_save_fl(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = native_save_fl();

	local_irq_disable();
	return f;
}

static inline void arch_local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

#define local_irq_save(f)	((f) = arch_local_irq_save())
#define local_irq_restore(f)	arch_local_irq_restore(f)
#define irqs_disabled()		(!(native_save_fl() & X86_EFLAGS_IF))

/* Stop this CPU for good: interrupts off, halt forever. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;) {
		local_irq_disable();
		native_halt();
	}
}

#endif
