/* How the 256 IDT vectors are shared out: 0-31 exceptions, then the remapped PICs, the legacy
 * ISA IRQs through the IOAPIC, free vectors, and the local APIC's own at the top (a higher
 * vector has a higher priority class, so the timer and the APIC's errors win). */
#ifndef _ASM_IRQ_VECTORS_H
#define _ASM_IRQ_VECTORS_H

#define NR_VECTORS		256
#define FIRST_EXTERNAL_VECTOR	0x20
#define NR_EXTERNAL_VECTORS	(NR_VECTORS - FIRST_EXTERNAL_VECTOR)

/* The 8259s are moved here, off the exception vectors, even though they stay masked: a
 * spurious IRQ 7 or 15 can still arrive and must not look like an exception. */
#define PIC_MASTER_VECTOR	0x20
#define PIC_SLAVE_VECTOR	0x28

/* Legacy ISA IRQ n routed through the IOAPIC (Linux's ISA_IRQ_VECTOR). */
#define ISA_IRQ_VECTOR(irq)	(0x30 + (irq))

/*
 * The IRQ numbers request_irq() takes: the ISA IRQs, IRQ n on ISA_IRQ_VECTOR(n), delivered to
 * CPU 0 through the IOAPIC pin the MADT gives it (its GSI).
 * Linux 6.1: IRQs 0-15 are the ISA IRQs too, and more numbers follow for the other IOAPIC pins
 * and MSIs; the vector matrix picks any free vector on the CPU it chooses for each.
 */
#define NR_IRQS_LEGACY		16
#define NR_IRQS			NR_IRQS_LEGACY

/* Vectors no subsystem owns: request_vector() hands these to drivers and tests. */
#define FIRST_DYNAMIC_VECTOR	0x40
#define LAST_DYNAMIC_VECTOR	0xdf

#define LOCAL_TIMER_VECTOR	0xec
/* The cross-CPU function calls (kernel/smp.c) sit just below the reschedule IPI, as in Linux. */
#define CALL_FUNCTION_SINGLE_VECTOR	0xfb
#define CALL_FUNCTION_VECTOR	0xfc
#define RESCHEDULE_VECTOR	0xfd
#define ERROR_APIC_VECTOR	0xfe
/* Bits 0-3 of the spurious vector are hard-wired to 1 on old APICs: 0xff fits every one. */
#define SPURIOUS_APIC_VECTOR	0xff

#endif
