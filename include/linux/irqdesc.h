/* The IRQ descriptor (Linux's include/linux/irqdesc.h): one per IRQ line, with the handlers
 * requested on it, the chip that drives it, and the state its threads share with it. */
#ifndef _LINUX_IRQDESC_H
#define _LINUX_IRQDESC_H

#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

/**
 * struct irq_desc - an IRQ line
 * @irq_data:		the chip's view: number, GSI, state, chip, affinity
 * @action:		the handlers, in request order
 * @istate:		IRQS_* (kernel/irq/internals.h)
 * @threads_oneshot:	the ONESHOT actions whose thread has been woken and has not finished:
 *			the line stays masked while any bit is set
 * @threads_active:	thread functions woken and not yet done (synchronize_irq() waits
 *			for 0); Linux's atomic_t, changed with atomic builtins
 * @wait_for_threads:	synchronize_irq() and a new thread's creator wait here
 * @name:		the flow's name for /proc/interrupts ("edge", "fasteoi")
 * @lock:		protects @action, @istate, @threads_oneshot and @irq_data.state against
 *			the hard interrupt; taken there, so elsewhere with interrupts off
 * @request_mutex:	serialises request_threaded_irq() and free_irq() on the line
 */
struct irq_desc {
	struct irq_data		irq_data;
	struct irqaction	*action;
	unsigned int		istate;
	unsigned long		threads_oneshot;
	int			threads_active;
	wait_queue_head_t	wait_for_threads;
	const char		*name;
	/* Protects the line's state, actions and counts; taken with interrupts off (the
	 * interrupt handler takes it). */
	spinlock_t		lock;
	/* Serialises request_irq() and free_irq() on the line; sleeps, process context only. */
	struct mutex		request_mutex;
};

extern struct irq_desc irq_desc[NR_IRQS];

/**
 * irq_to_desc - the descriptor of IRQ @irq
 * @irq: an IRQ number
 *
 * Context: any. Return: the descriptor, or NULL for a number past NR_IRQS.
 */
static inline struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}

/* The descriptor around a chip callback's @data. */
static inline struct irq_desc *irq_data_to_desc(struct irq_data *data)
{
	return container_of(data, struct irq_desc, irq_data);
}

#define for_each_action_of_desc(desc, act)			\
	for (act = (desc)->action; act; act = act->next)

void generic_handle_irq_desc(struct irq_desc *desc);
void early_irq_init(void);

#endif
