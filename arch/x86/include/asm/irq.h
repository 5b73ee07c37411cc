/* Interrupt vectors 32-255: registration of a handler per vector, the C side of the entry code,
 * and the boot-time setup of the interrupt controllers. */
#ifndef _ASM_IRQ_H
#define _ASM_IRQ_H

#include <linux/types.h>
#include <asm/irq_vectors.h>

struct pt_regs;

typedef void (*vector_handler_t)(struct pt_regs *regs, void *data);

/* Run handler(regs, data) whenever 'vector' arrives on any CPU. -EINVAL for an exception or
 * an APIC-owned vector, -EBUSY if the vector already has a handler. */
int request_vector(u8 vector, vector_handler_t handler, void *data);
void free_vector(u8 vector);
/* The handler an IRQ line's chip gives its vector; @desc is the line's struct irq_desc. */
void handle_irq(struct pt_regs *regs, void *desc);

/* The C side of every vector 32-255 (entry.S). */
void common_interrupt(struct pt_regs *regs, unsigned long vector);
/* The interrupt-return path: today the accounting; the scheduler checks need-resched here. */
void irqentry_exit(struct pt_regs *regs);

/* The entry points of vectors 32-255, in vector order (entry.S). */
extern const unsigned long irq_entries[NR_EXTERNAL_VECTORS];

/* Interrupts that arrived for vectors nobody registered, over all CPUs. */
unsigned long irq_unhandled_total(void);

/* Mask the PICs, set up this CPU's LAPIC and the IOAPICs, install the gates (boot CPU). */
void init_IRQ(void);
/* Start the LAPIC timer tick (boot CPU). */
void time_init(void);
/* Per-CPU interrupt counts by kind. */
void show_irq_stats(void);

#endif
