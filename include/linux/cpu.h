/* Bringing CPUs online (kernel/cpu.c): cpu_up() for one, bringup_nonboot_cpus() for every
 * present CPU at boot, smp_init() from kernel_init. */
#ifndef _LINUX_CPU_H
#define _LINUX_CPU_H

#include <linux/types.h>

struct task_struct;

/* Bring @cpu online: 0, -EINVAL (not present), -EIO (it did not answer). Sleeps. */
int cpu_up(unsigned int cpu);
/* Bring up present CPUs until @max_cpus are online (the boot CPU counts). */
void bringup_nonboot_cpus(unsigned int max_cpus);
/* Boot: every present CPU up to maxcpus= online, and the boot report line with the time. */
void smp_init(void);
/* Guest time smp_init() took to bring the CPUs up, in nanoseconds. */
extern u64 smp_bringup_ns;

/* Each CPU's idle task (swapper/N), made for every possible CPU before any AP starts. */
struct task_struct *idle_thread_get(unsigned int cpu);

#endif
