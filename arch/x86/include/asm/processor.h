/* CPU instructions the kernel uses directly: CPUID, MSRs, control registers, TSC, halting. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <linux/types.h>
#include <asm/boot.h>

/* What a switched-out task keeps of its CPU state: only the stack pointer. Everything else the
 * switch preserves (rbx, rbp, r12-r15 and the return address) is pushed on that stack by
 * __switch_to_asm; the kernel is built without FPU/SSE code, so there is no FPU state. */
struct thread_struct {
	unsigned long sp;
};

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
