/* x86_64 per-CPU access: every CPU's GS base holds its __per_cpu_offset, so "%gs:var" reaches
 * that CPU's copy of a per-CPU variable in one instruction. */
#ifndef _ASM_X86_PERCPU_H
#define _ASM_X86_PERCPU_H

#include <linux/types.h>
#include <asm/boot.h>


/*
 * Why a single instruction is enough: an interrupt arrives between instructions, never inside
 * one. "addq $1, %gs:var" reads, adds and writes the running CPU's copy before any handler can
 * run there, and a handler that updates the same variable does so entirely before or after it.
 * A C sequence "p = this_cpu_ptr(&var); (*p)++" is three instructions, and a handler taking the
 * same update between the load and the store would be lost unless interrupts were disabled.
 * No LOCK prefix is needed: no other CPU writes this CPU's copy. (Once tasks migrate, the same
 * property means a task cannot be moved to another CPU half-way through the update either.)
 *
 * The operand is the template variable's own address ("m"(var)); the segment override adds the
 * GS base, so the linear address is template + this CPU's offset. Before setup_per_cpu_areas()
 * the GS base is 0 and every access reaches the template, which the boot CPU uses until then.
 */
void __bad_percpu_size(void);

#define __percpu_union(var)						\
	union {								\
		__typeof__(var) v;					\
		u8 b;							\
		u16 w;							\
		u32 l;							\
		u64 q;							\
	}

#define raw_cpu_read(var)						\
({									\
	__percpu_union(var) __u;					\
	switch (sizeof(var)) {						\
	case 1:								\
		__asm__ __volatile__("movb %%gs:%1, %0"			\
				     : "=q"(__u.b) : "m"(var));		\
		break;							\
	case 2:								\
		__asm__ __volatile__("movw %%gs:%1, %0"			\
				     : "=r"(__u.w) : "m"(var));		\
		break;							\
	case 4:								\
		__asm__ __volatile__("movl %%gs:%1, %0"			\
				     : "=r"(__u.l) : "m"(var));		\
		break;							\
	case 8:								\
		__asm__ __volatile__("movq %%gs:%1, %0"			\
				     : "=r"(__u.q) : "m"(var));		\
		break;							\
	default:							\
		__bad_percpu_size();					\
	}								\
	__u.v;								\
})

/*
 * Linux's this_cpu_read_stable(): for a per-CPU value that never changes as seen by the task
 * reading it, which is what `current` is (a task is always current on whichever CPU runs it).
 * The asm is not volatile and names the variable by address, not as a memory operand, so the
 * compiler may keep the value in a register across stores and calls instead of reloading it.
 * 8-byte values only: the one user is current_task.
 */
#define this_cpu_read_stable(var)					\
({									\
	__typeof__(var) __v;						\
	_Static_assert(sizeof(var) == 8, "this_cpu_read_stable: 8 bytes");	\
	__asm__("movq %%gs:%P1, %0" : "=r"(__v) : "p"(&(var)));		\
	__v;								\
})

/* One instruction "op<size> val, %gs:var" for write (mov) and add. */
#define __percpu_to_op(op, var, val)					\
do {									\
	__percpu_union(var) __u = { .v = (__typeof__(var))(val) };	\
	switch (sizeof(var)) {						\
	case 1:								\
		__asm__ __volatile__(op "b %1, %%gs:%0"			\
				     : "+m"(var) : "qi"(__u.b));	\
		break;							\
	case 2:								\
		__asm__ __volatile__(op "w %1, %%gs:%0"			\
				     : "+m"(var) : "ri"(__u.w));	\
		break;							\
	case 4:								\
		__asm__ __volatile__(op "l %1, %%gs:%0"			\
				     : "+m"(var) : "ri"(__u.l));	\
		break;							\
	case 8:								\
		__asm__ __volatile__(op "q %1, %%gs:%0"			\
				     : "+m"(var) : "re"(__u.q));	\
		break;							\
	default:							\
		__bad_percpu_size();					\
	}								\
} while (0)

#define raw_cpu_write(var, val)		__percpu_to_op("mov", var, val)
#define raw_cpu_add(var, val)		__percpu_to_op("add", var, val)
#define raw_cpu_and(var, val)		__percpu_to_op("and", var, val)
#define raw_cpu_or(var, val)		__percpu_to_op("or", var, val)

#endif
