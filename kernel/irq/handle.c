/* Running a line's hard handlers and waking their threads (Linux's kernel/irq/handle.c). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/bitops.h>
#include <linux/irq.h>
#include <linux/sched.h>
#include <trace/events/irq.h>
#include <asm/processor.h>
#include "internals.h"

static void warn_no_thread(unsigned int irq, struct irqaction *action)
{
	if (test_and_set_bit(IRQTF_WARNED, &action->thread_flags))
		return;
	pr_warn("IRQ %u device %s returned IRQ_WAKE_THREAD but no thread function available.\n",
		irq, action->name);
}

/**
 * __irq_wake_thread - ask @action's thread to run its thread function
 * @desc: the line
 * @action: a threaded action on it
 *
 * Linux's: sets IRQTF_RUNTHREAD (a second request before the thread took the first is the
 * same request), marks a ONESHOT action's bit in threads_oneshot, so the line stays masked,
 * counts the thread active for synchronize_irq() and wakes it. threads_oneshot is written
 * without desc->lock: the only other writer, irq_finalize_oneshot(), waits until no CPU is in
 * the hard handlers (IRQD_IRQ_INPROGRESS) and takes the lock.
 *
 * Context: the line's hard interrupt (IRQD_IRQ_INPROGRESS set), interrupts off. Return:
 * nothing.
 */
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action)
{
	/* A thread that died keeps no line masked: its device was quietened by the handler. */
	if (action->thread->flags & PF_EXITING)
		return;
	if (test_and_set_bit(IRQTF_RUNTHREAD, &action->thread_flags))
		return;
	desc->threads_oneshot |= action->thread_mask;
	__atomic_add_fetch(&desc->threads_active, 1, __ATOMIC_RELAXED);
	wake_up_process(action->thread);
}

/*
 * Every hard handler of the line, in request order, between the irq_handler_entry and
 * irq_handler_exit trace events; IRQ_WAKE_THREAD wakes the action's thread.
 * Linux 6.1: it returns the handlers' results or-ed together, for note_interrupt()'s detection
 * of a line nobody handles; Spindle has no such detection.
 */
static void __handle_irq_event_percpu(struct irq_desc *desc)
{
	unsigned int irq = desc->irq_data.irq;
	struct irqaction *action;

	for_each_action_of_desc(desc, action) {
		irqreturn_t res;

		trace_irq_handler_entry(irq, action->name);
		res = action->handler(irq, action->dev_id);
		trace_irq_handler_exit(irq, res);

		if (WARN_ONCE(!irqs_disabled(), "irq %u handler %pS enabled interrupts\n", irq,
			      action->handler))
			local_irq_disable();

		if (res == IRQ_WAKE_THREAD) {
			/* A driver that returns it without a thread function is told so, once. */
			if (unlikely(!action->thread_fn))
				warn_no_thread(irq, action);
			else
				__irq_wake_thread(desc, action);
		}
	}
}

/**
 * handle_irq_event - run the line's hard handlers with desc->lock dropped
 * @desc: the line
 *
 * IRQD_IRQ_INPROGRESS is set meanwhile: __synchronize_hardirq() waits on it, and the flow
 * leaves a second interrupt of the line alone while it is set.
 *
 * Context: hard interrupt, interrupts off, desc->lock held (dropped and retaken). Return:
 * nothing.
 */
void handle_irq_event(struct irq_desc *desc)
{
	WRITE_ONCE(desc->irq_data.state, desc->irq_data.state | IRQD_IRQ_INPROGRESS);
	spin_unlock(&desc->lock);
	__handle_irq_event_percpu(desc);
	spin_lock(&desc->lock);
	WRITE_ONCE(desc->irq_data.state, desc->irq_data.state & ~IRQD_IRQ_INPROGRESS);
}
