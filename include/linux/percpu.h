/* Per-CPU variables: one copy per possible CPU, made from the .data..percpu template at boot,
 * reached through the GS base (asm/percpu.h) or by CPU number. Names and semantics as Linux's. */
#ifndef _LINUX_PERCPU_H
#define _LINUX_PERCPU_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/threads.h>
#include <asm/percpu.h>

/*
 * The linker gathers every DEFINE_PER_CPU into .data..percpu between __per_cpu_start and
 * __per_cpu_end; ..first comes first, so each CPU's area starts with its cpu_number.
 */
#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name
#define DEFINE_PER_CPU(type, name)	__section(".data..percpu") __typeof__(type) name
#define DEFINE_PER_CPU_FIRST(type, name) \
	__section(".data..percpu..first") __typeof__(type) name

extern char __per_cpu_start[], __per_cpu_end[];

/* Area of CPU n minus the template's address: what CPU n's GS base holds. */
extern unsigned long __per_cpu_offset[NR_CPUS];
/* CPUs that have an area: those the MADT lists (at most NR_CPUS); 1 before setup. */
extern unsigned int nr_cpu_ids;

#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)

DECLARE_PER_CPU(unsigned int, cpu_number);
/* This CPU's own __per_cpu_offset, so this_cpu_ptr() needs one GS-relative load. */
DECLARE_PER_CPU(unsigned long, this_cpu_off);

#define per_cpu_ptr(ptr, cpu)						\
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[(cpu)]))
#define per_cpu(var, cpu)		(*per_cpu_ptr(&(var), (cpu)))
#define raw_cpu_ptr(ptr)						\
	((__typeof__(ptr))((unsigned long)(ptr) + raw_cpu_read(this_cpu_off)))
#define this_cpu_ptr(ptr)		raw_cpu_ptr(ptr)

/*
 * Linux separates raw_cpu_* (the caller guarantees it stays on this CPU) from this_cpu_*
 * (safe anyway). On x86 both are the same single GS-relative instruction, which neither an
 * interrupt nor, later, a preemption can split.
 */
#define raw_cpu_inc(var)		raw_cpu_add(var, 1)
#define raw_cpu_dec(var)		raw_cpu_add(var, -1)
#define raw_cpu_sub(var, val)		raw_cpu_add(var, -(val))
#define this_cpu_read(var)		raw_cpu_read(var)
#define this_cpu_write(var, val)	raw_cpu_write(var, val)
#define this_cpu_add(var, val)		raw_cpu_add(var, val)
#define this_cpu_sub(var, val)		raw_cpu_sub(var, val)
#define this_cpu_inc(var)		raw_cpu_inc(var)
#define this_cpu_dec(var)		raw_cpu_dec(var)

/* Give every possible CPU its copy of the template and point the boot CPU's GS base at its own. */
void setup_per_cpu_areas(void);

#endif
