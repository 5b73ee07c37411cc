/* Interrupt and softirq trace events (Linux's include/trace/events/irq.h; recorded and printed
 * in kernel/trace/trace_events_defs.c). */
#ifndef _TRACE_IRQ_H
#define _TRACE_IRQ_H

#include <linux/trace_events.h>

#define IRQ_NAME_LEN	16

/*
 * irq= is the Linux IRQ number (request_irq()'s, an ISA IRQ) and name= the request's name.
 * Linux 6.1: the name is a dynamic string; here it is cut at 15 characters.
 */
struct trace_event_raw_irq_handler_entry {
	struct trace_entry ent;
	int irq;
	char name[IRQ_NAME_LEN];
};

struct trace_event_raw_irq_handler_exit {
	struct trace_entry ent;
	int irq;
	int ret;
};

/* softirq_entry, softirq_exit and softirq_raise (Linux's softirq class). */
struct trace_event_raw_softirq {
	struct trace_entry ent;
	unsigned int vec;
};

/* tasklet_entry and tasklet_exit (Linux's tasklet class): the tasklet and its function. */
struct trace_event_raw_tasklet {
	struct trace_entry ent;
	void *tasklet;
	void *func;
};

struct tasklet_struct;

/* __handle_irq_event_percpu() (kernel/irq/handle.c), around each hard handler of a line. */
DECLARE_TRACE(irq_handler_entry, TP_PROTO(int irq, const char *name), TP_ARGS(irq, name))
DECLARE_TRACE(irq_handler_exit, TP_PROTO(int irq, int ret), TP_ARGS(irq, ret))
/* __do_softirq() around each action, and __raise_softirq_irqoff(). */
DECLARE_TRACE(softirq_entry, TP_PROTO(unsigned int vec_nr), TP_ARGS(vec_nr))
DECLARE_TRACE(softirq_exit, TP_PROTO(unsigned int vec_nr), TP_ARGS(vec_nr))
DECLARE_TRACE(softirq_raise, TP_PROTO(unsigned int vec_nr), TP_ARGS(vec_nr))
/* tasklet_action_common() around each tasklet's function. */
DECLARE_TRACE(tasklet_entry, TP_PROTO(struct tasklet_struct *t, void *func), TP_ARGS(t, func))
DECLARE_TRACE(tasklet_exit, TP_PROTO(struct tasklet_struct *t, void *func), TP_ARGS(t, func))

#endif
