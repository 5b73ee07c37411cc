/* x86 SMP bring-up (arch/x86/smpboot.c): numbering the CPUs the MADT lists and starting the APs
 * with INIT-SIPI-SIPI, Linux's native_smp_prepare_cpus / native_cpu_up split. */
#ifndef _ASM_X86_SMP_H
#define _ASM_X86_SMP_H

#include <linux/types.h>

struct task_struct;

/* Boot-time limit from "nosmp" / "maxcpus=N": how many CPUs (the boot CPU included) come up. */
extern unsigned int setup_max_cpus;
/* The AP that "smpboot.dead_cpu=N" makes silent at bring-up, NR_CPUS if none, and the hook
 * in start_secondary() that stops it (tests; arch/x86/smpboot_debug.c). */
extern unsigned int smpboot_dead_cpu;
void smpboot_debug_dead_cpu(unsigned int cpu);

/* Number the present CPUs (CPU 0 = the boot CPU, then MADT order), fill cpu_present_mask and
 * copy the trampoline. Once, from kernel_init before smp_init(). */
void smp_prepare_cpus(void);
/* Start @cpu on @idle's stack: INIT-SIPI-SIPI, then wait until it has left the trampoline
 * (called in). It finishes its own set-up and goes online in parallel; 0 or -EIO. */
int native_kick_ap(unsigned int cpu, struct task_struct *idle);
/* Wait until a kicked @cpu is online (its LAPIC timer ticking, in the scheduler); 0 or -EIO. */
int native_wait_ap_online(unsigned int cpu);
/* Wait (bounded) until a dying @cpu has halted in arch_cpu_idle_dead(); 0 or -EIO. */
int native_cpu_die(unsigned int cpu);
/* The APIC id the MADT gives for @cpu. */
u32 cpu_physical_id(unsigned int cpu);

#endif
