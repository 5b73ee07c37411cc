/* Memory barriers (Linux's arch/x86/include/asm/barrier.h, the SMP ones Spindle uses). */
#ifndef _ASM_X86_BARRIER_H
#define _ASM_X86_BARRIER_H

#include <linux/compiler.h>

/* A full barrier: no load or store moves across it, on this CPU or as other CPUs see it. */
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

/*
 * Around the atomic read-modify-write operations: on x86 these are lock-prefixed, which already
 * orders them against every other access, so only the compiler has to be kept from moving
 * accesses across them.
 */
#define smp_mb__before_atomic()	barrier()
#define smp_mb__after_atomic()	barrier()

#endif
