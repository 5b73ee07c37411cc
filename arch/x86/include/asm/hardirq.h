/* Per-CPU interrupt statistics, by kind of vector, for show_cpu_stats() and the self-tests. */
#ifndef _ASM_HARDIRQ_H
#define _ASM_HARDIRQ_H

#include <linux/types.h>
#include <linux/percpu.h>

typedef struct {
	unsigned long irq_total;		/* every vector 32-255 that arrived */
	unsigned long apic_timer_irqs;
	unsigned long irq_device_count;		/* vectors with a registered handler */
	unsigned long irq_spurious_count;	/* the LAPIC's spurious vector */
	unsigned long apic_error_irqs;
	unsigned long irq_unhandled_count;	/* vectors nobody registered */
	unsigned long irq_resched_count;	/* reschedule IPIs received */
	unsigned long irq_call_count;		/* function-call IPIs received (both vectors) */
	unsigned long irq_tlb_count;		/* TLB shootdowns run for another CPU */
	unsigned long irq_stop_count;		/* stop NMIs received (a panic elsewhere) */
	unsigned long __nmi_count;		/* every NMI taken, /proc/interrupts' NMI row */
} irq_cpustat_t;

DECLARE_PER_CPU(irq_cpustat_t, irq_stat);

/* Count one interrupt of a kind on this CPU: one GS-relative add, whatever interrupts it. */
#define inc_irq_stat(member)	this_cpu_inc(irq_stat.member)

#endif
