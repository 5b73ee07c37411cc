/* A line's chip-level operations and its flow (Linux's kernel/irq/chip.c): activation, startup
 * and shutdown, masking, and the flow handler every interrupt of a line goes through. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/irq.h>
#include "internals.h"

/**
 * irq_domain_set_info - give line @irq its chip, the chip's number for it and its CPUs
 * @irq: an IRQ number below NR_IRQS
 * @hwirq: the chip's number for the line (the IOAPIC's: the GSI)
 * @chip: the controller
 * @affinity: the CPUs it will deliver the line to
 * @handler_name: the flow's name in /proc/interrupts ("edge", "fasteoi")
 *
 * Linux 6.1: the irq domain maps a hwirq to an IRQ and sets chip, chip data and flow handler;
 * the affinity is chosen at activation. Spindle has one chip and one flow, and every line goes
 * to CPU 0, so the controller's set-up states it all at once.
 *
 * Context: boot, interrupts off, before any request_irq(). Return: nothing.
 */
void irq_domain_set_info(unsigned int irq, unsigned long hwirq, struct irq_chip *chip,
			 const struct cpumask *affinity, const char *handler_name)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (WARN_ON(!desc))
		return;
	desc->irq_data.hwirq = hwirq;
	desc->irq_data.chip = chip;
	desc->irq_data.effective_affinity = affinity;
	desc->name = handler_name;
}

/**
 * irq_activate - give the line its vector and route, still masked (the chip's irq_activate)
 * @desc: a line with a chip and no handler yet
 *
 * Context: desc->lock held, interrupts off. Return: 0, or the chip's errno.
 */
int irq_activate(struct irq_desc *desc)
{
	return desc->irq_data.chip->irq_activate(&desc->irq_data);
}

/**
 * irq_deactivate - take the line's route and vector away (Linux's irq_domain_deactivate_irq())
 * @desc: a line whose last handler is gone and whose hard handlers have all returned
 *
 * Context: desc->lock held, interrupts off. Return: nothing.
 */
void irq_deactivate(struct irq_desc *desc)
{
	desc->irq_data.chip->irq_deactivate(&desc->irq_data);
}

/**
 * mask_irq - stop the line at its chip, and note it (IRQD_IRQ_MASKED)
 * @desc: the line
 *
 * A line already masked is not masked again: the chip is not asked twice.
 *
 * Context: desc->lock held, interrupts off. Return: nothing.
 */
void mask_irq(struct irq_desc *desc)
{
	if (irqd_irq_masked(&desc->irq_data))
		return;
	desc->irq_data.chip->irq_mask(&desc->irq_data);
	desc->irq_data.state |= IRQD_IRQ_MASKED;
}

/**
 * unmask_irq - let the line through its chip again
 * @desc: the line
 *
 * Context: desc->lock held, interrupts off. Return: nothing.
 */
void unmask_irq(struct irq_desc *desc)
{
	if (!irqd_irq_masked(&desc->irq_data))
		return;
	desc->irq_data.chip->irq_unmask(&desc->irq_data);
	desc->irq_data.state &= ~IRQD_IRQ_MASKED;
}

/**
 * irq_startup - the first handler is on: the line is enabled and unmasked
 * @desc: an activated line
 *
 * Context: desc->lock held, interrupts off. Return: nothing.
 */
void irq_startup(struct irq_desc *desc)
{
	desc->irq_data.state &= ~IRQD_IRQ_DISABLED;
	unmask_irq(desc);
}

/**
 * irq_shutdown - the last handler is off: the line is disabled and masked
 * @desc: the line
 *
 * An interrupt still arriving finds it disabled and leaves it masked.
 *
 * Context: desc->lock held, interrupts off. Return: nothing.
 */
void irq_shutdown(struct irq_desc *desc)
{
	desc->irq_data.state |= IRQD_IRQ_DISABLED;
	mask_irq(desc);
}

/*
 * After the hard handlers of a ONESHOT line: unmask it again unless a thread was woken (its
 * end unmasks, irq_finalize_oneshot()) or the line was shut down meanwhile. desc->lock held.
 */
static void cond_unmask_irq(struct irq_desc *desc)
{
	if (!(desc->istate & IRQS_ONESHOT))
		return;
	if (!irqd_irq_disabled(&desc->irq_data) && irqd_irq_masked(&desc->irq_data) &&
	    !desc->threads_oneshot)
		unmask_irq(desc);
}

/**
 * generic_handle_irq_desc - run line @desc's handlers for one interrupt
 * @desc: the line whose vector arrived
 *
 * Linux's handle_fasteoi_irq(), which desc->handle_irq names for a level-triggered IOAPIC line:
 * a line shut down or without handlers is masked and left; a ONESHOT line is masked before its
 * hard handlers and unmasked after them unless they woke a thread. An interrupt that finds
 * another CPU in the handlers (only a test's IPI can do that: the IOAPIC sends each line to
 * one CPU) is dropped, as Linux's irq_may_run() drops it.
 * Linux 6.1: an edge-triggered line gets handle_edge_irq(), which does not mask a ONESHOT line
 * (an edge while masked would be lost), and the EOI is the flow's; here every line takes this
 * flow, and common_interrupt() sends the EOI after it. A driver on an edge line that uses
 * IRQF_ONESHOT must therefore expect to miss an edge while its thread runs (docs/interrupts.md).
 *
 * Context: hard interrupt, interrupts off; takes desc->lock. Return: nothing.
 */
void generic_handle_irq_desc(struct irq_desc *desc)
{
	spin_lock(&desc->lock);
	if (irqd_irq_inprogress(&desc->irq_data))
		goto out;
	if (unlikely(!desc->action || irqd_irq_disabled(&desc->irq_data))) {
		mask_irq(desc);
		goto out;
	}
	kstat_incr_irqs_this_cpu(desc);
	if (desc->istate & IRQS_ONESHOT)
		mask_irq(desc);
	handle_irq_event(desc);
	cond_unmask_irq(desc);
out:
	spin_unlock(&desc->lock);
}
