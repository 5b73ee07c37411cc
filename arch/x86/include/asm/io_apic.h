/* The IOAPICs: the MADT's interrupt routers for device and legacy ISA interrupts. */
#ifndef _ASM_IO_APIC_H
#define _ASM_IO_APIC_H

#include <linux/types.h>

/* A redirection table entry (low 32 bits, then the destination in the high ones). */
#define IO_APIC_REDIR_VECTOR_MASK	0x000ff
#define IO_APIC_REDIR_DEST_LOGICAL	(1 << 11)
#define IO_APIC_REDIR_PENDING		(1 << 12)
#define IO_APIC_REDIR_LOW_POLARITY	(1 << 13)
#define IO_APIC_REDIR_REMOTE_IRR	(1 << 14)
#define IO_APIC_REDIR_LEVEL_TRIGGER	(1 << 15)
#define IO_APIC_REDIR_MASKED		(1 << 16)
#define IO_APIC_DEST_SHIFT		56

#define NR_ISA_IRQS			16

/* Map every MADT IOAPIC, mask all its entries, make each ISA IRQ it has a line of its chip. */
void setup_IO_APIC(void);
int nr_ioapics_mapped(void);

/* The GSI a legacy ISA IRQ arrives on, and its MPS flags, after the MADT overrides. */
u32 isa_irq_to_gsi(unsigned int irq, u16 *flags);
/* Mask or unmask the pin of 'gsi' (ioapic_chip's irq_mask and irq_unmask; tests). */
void mask_ioapic_gsi(u32 gsi);
void unmask_ioapic_gsi(u32 gsi);
/* The redirection entry of a GSI, for the self-tests; false if no IOAPIC has it. */
bool ioapic_read_gsi_entry(u32 gsi, u64 *entry);
/* Number of redirection entries of IOAPIC 'idx', and its first GSI. */
unsigned int ioapic_nr_entries(int idx);
u32 ioapic_gsi_base(int idx);
u64 ioapic_read_entry(int idx, unsigned int pin);
/* Whether 'gsi' is routed: an ISA IRQ line requested through it (request_irq()). */
bool ioapic_gsi_routed(u32 gsi);

#endif
