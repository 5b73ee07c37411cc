/* Per-CPU interrupt statistics, by kind of vector, for show_cpu_stats() and the self-tests. */
#ifndef _ASM_HARDIRQ_H
#define _ASM_HARDIRQ_H

#include <linux/types.h>
#include <linux/threads.h>

typedef struct {
	unsigned int hardirq_count;		/* nesting depth inside irq_enter()/irq_exit() */
	unsigned long irq_total;		/* every vector 32-255 that arrived */
	unsigned long apic_timer_irqs;
	unsigned long irq_device_count;		/* vectors with a registered handler */
	unsigned long irq_spurious_count;	/* the LAPIC's spurious vector */
	unsigned long apic_error_irqs;
	unsigned long irq_unhandled_count;	/* vectors nobody registered */
} irq_cpustat_t;

extern irq_cpustat_t irq_stat[NR_CPUS];

#endif
