/* What kernel/smpboot.c and kernel/cpu.c offer each other and kernel/smp.c (Linux's
 * kernel/smpboot.h): the idle-task table, the smpboot steps of CPU hotplug, cpuhp/N's set-up. */
#ifndef SMPBOOT_H
#define SMPBOOT_H

struct task_struct;

/* Each CPU's idle task (swapper/N), made for every possible CPU before any AP starts. */
struct task_struct *idle_thread_get(unsigned int cpu);
void idle_threads_init(void);

/* Hotplug steps: before @cpu starts, once it is online, before it goes down. */
int smpboot_create_threads(unsigned int cpu);
int smpboot_park_threads(unsigned int cpu);
int smpboot_unpark_threads(unsigned int cpu);

/* cpuhp/N, from smp_init() before any AP starts. */
void cpuhp_threads_init(void);

#endif
