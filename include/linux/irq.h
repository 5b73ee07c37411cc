/* An IRQ line's controller side (Linux's include/linux/irq.h): the chip that masks and unmasks
 * it, and the line's state bits. The descriptor itself is in linux/irqdesc.h. */
#ifndef _LINUX_IRQ_H
#define _LINUX_IRQ_H

#include <linux/types.h>
#include <linux/cpumask.h>
#include <linux/irqreturn.h>
#include <asm/irq_vectors.h>

struct irq_chip;

/**
 * struct irq_data - what a chip's callbacks get to know about a line
 * @irq:	the IRQ number
 * @hwirq:	the chip's number for it (the IOAPIC's: the GSI)
 * @state:	IRQD_* bits, changed under the descriptor's lock
 * @chip:	the controller, NULL while no controller has the line
 * @effective_affinity: the CPUs the line is delivered to; the thread follows it
 *
 * Linux 6.1: @state and @effective_affinity live in struct irq_common_data, shared with the
 * parent domains' irq_data; Spindle has no irq domains.
 */
struct irq_data {
	unsigned int		irq;
	unsigned long		hwirq;
	unsigned int		state;
	struct irq_chip		*chip;
	const struct cpumask	*effective_affinity;
};

/* Linux's IRQD_* values. */
enum {
	IRQD_IRQ_DISABLED	= (1 << 16),	/* shut down: no handler on it */
	IRQD_IRQ_MASKED		= (1 << 17),	/* masked at the chip */
	IRQD_IRQ_INPROGRESS	= (1 << 18),	/* a CPU is running its hard handlers */
};

static inline bool irqd_irq_disabled(struct irq_data *d)
{
	return d->state & IRQD_IRQ_DISABLED;
}

static inline bool irqd_irq_masked(struct irq_data *d)
{
	return d->state & IRQD_IRQ_MASKED;
}

static inline bool irqd_irq_inprogress(struct irq_data *d)
{
	return READ_ONCE(d->state) & IRQD_IRQ_INPROGRESS;
}

/**
 * struct irq_chip - an interrupt controller's operations on one line
 * @name:		/proc/interrupts' controller column ("IO-APIC")
 * @irq_activate:	give the line a vector and a route, left masked; 0 or an errno
 * @irq_deactivate:	undo that: no route, no vector
 * @irq_mask:		stop delivery at the controller
 * @irq_unmask:		let it through again
 *
 * Called with the descriptor's lock held and interrupts off. Linux 6.1: activation is the
 * irq domain's (x86_vector_activate() and the IOAPIC domain's activate); Spindle's one chip
 * does it itself.
 */
struct irq_chip {
	const char	*name;
	int		(*irq_activate)(struct irq_data *data);
	void		(*irq_deactivate)(struct irq_data *data);
	void		(*irq_mask)(struct irq_data *data);
	void		(*irq_unmask)(struct irq_data *data);
};

void irq_domain_set_info(unsigned int irq, unsigned long hwirq, struct irq_chip *chip,
			 const struct cpumask *affinity, const char *handler_name);

#include <linux/irqdesc.h>

#endif
