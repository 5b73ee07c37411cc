/* Which CPU is running this code. */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/percpu.h>

/*
 * Each CPU's area holds its own number, so asking is one GS-relative load. Before
 * setup_per_cpu_areas() the GS base is 0 and the template's cpu_number, 0, answers for the boot
 * CPU, the only one running then.
 */
#define smp_processor_id()	this_cpu_read(cpu_number)

/* Ask @cpu to reschedule (a reschedule IPI; arch/x86/smp.c). */
void smp_send_reschedule(int cpu);
/* Record this CPU's APIC id, so IPIs can address it by CPU number. */
void smp_store_cpu_apicid(void);
DECLARE_PER_CPU(u32, x86_cpu_to_apicid);

#endif
