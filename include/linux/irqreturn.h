/* What an interrupt handler returns (Linux's include/linux/irqreturn.h). */
#ifndef _LINUX_IRQRETURN_H
#define _LINUX_IRQRETURN_H

/**
 * enum irqreturn - what a handler did with an interrupt
 * @IRQ_NONE:		it was not from this handler's device (a shared line's other device)
 * @IRQ_HANDLED:	it was, and the handler served it
 * @IRQ_WAKE_THREAD:	it was, and the handler asks for its thread function to run
 */
enum irqreturn {
	IRQ_NONE		= (0 << 0),
	IRQ_HANDLED		= (1 << 0),
	IRQ_WAKE_THREAD		= (1 << 1),
};

typedef enum irqreturn irqreturn_t;

#endif
