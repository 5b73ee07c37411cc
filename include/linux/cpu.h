/* CPU hotplug (kernel/cpu.c): add_cpu()/remove_cpu() for one CPU, bringup_nonboot_cpus() for
 * every present CPU at boot (from smp_init()); the states are in linux/cpuhotplug.h. */
#ifndef _LINUX_CPU_H
#define _LINUX_CPU_H

#include <linux/types.h>

/* Bring @cpu online: 0 (also if it already is), -EINVAL (not present), -EIO (it did not
 * answer). Sleeps. */
int add_cpu(unsigned int cpu);
/* Take @cpu offline: 0 (also if it already is), -EBUSY for CPU 0 and the last online CPU,
 * -EINVAL (not present). Sleeps. */
int remove_cpu(unsigned int cpu);
/* /sys/devices/system/cpu and its files (drivers/base/cpu.c). */
void cpu_dev_init(void);
/* On an AP coming up, interrupts off, before it goes online: the STARTING hotplug steps. */
void notify_cpu_starting(unsigned int cpu);
/* On the AP, online, before its idle loop: its stopper takes works from now on. */
void cpuhp_online_idle(void);
/* From the idle loop of a CPU that is offline: report it dead, then halt for good (the arch's
 * play_dead; only INIT-SIPI-SIPI from cpu_up() brings it back). */
void cpuhp_report_idle_dead(void);
__noreturn void arch_cpu_idle_dead(void);
/* Bring up present CPUs until @max_cpus are online (the boot CPU counts). */
void bringup_nonboot_cpus(unsigned int max_cpus);
/* CPUHP_AP_SMPCFD_DYING (kernel/smp.c): run the cross-CPU calls still queued for @cpu. */
int smpcfd_dying_cpu(unsigned int cpu);

/* The test hooks of /sys/devices/system/cpu/cpuN/hotplug (kernel-doc in kernel/cpu.c). */
int cpuhp_set_fail(unsigned int cpu, int fail);
int cpuhp_get_fail(unsigned int cpu);
int cpuhp_get_state(unsigned int cpu);
const char *cpuhp_state_name(int state);
bool cpuhp_state_has_callback(int state, bool bringup);

/* The hotplug lock's read side: no CPU comes up or goes down while it is held. Sleeps. */
void cpus_read_lock(void);
void cpus_read_unlock(void);

#endif
