/* Trace events: the header every event starts with, the description of an event (its name,
 * whether it is on, how it prints), and the trace points a subsystem calls (Linux's
 * include/linux/trace_events.h and include/linux/tracepoint.h). */
#ifndef _LINUX_TRACE_EVENTS_H
#define _LINUX_TRACE_EVENTS_H

#include <linux/compiler.h>
#include <linux/types.h>

struct seq_file;

/* What every event records first (Linux's struct trace_entry). */
struct trace_entry {
	unsigned short type;		/* the event: its trace_event_call's type */
	unsigned char flags;		/* TRACE_FLAG_*: the context it was recorded in */
	unsigned char preempt_count;	/* the preemption depth then (low 4 bits) */
	int pid;			/* the task that was current */
};

/* The context letters of the trace file (Linux's enum trace_flag_type). */
#define TRACE_FLAG_IRQS_OFF		0x01
#define TRACE_FLAG_NEED_RESCHED		0x04
#define TRACE_FLAG_HARDIRQ		0x08
#define TRACE_FLAG_SOFTIRQ		0x10
#define TRACE_FLAG_PREEMPT_RESCHED	0x20
#define TRACE_FLAG_NMI			0x40
#define TRACE_FLAG_BH_OFF		0x80

/*
 * One event (Linux's struct trace_event_call). Linux 6.1 generates these, with the record and
 * print functions, from TRACE_EVENT() in each CREATE_TRACE_POINTS file; Spindle writes them
 * out in kernel/trace/trace_events_defs.c so a student can read what the macros make.
 */
struct trace_event_call {
	const char *system;		/* the directory under events/: "sched", "irq", ... */
	const char *name;		/* "sched_switch" */
	bool enabled;			/* the trace point's flag: set_event turns it on */
	unsigned short type;		/* its number in trace_entry.type; set at boot */
	/* The text after "name: " in the trace file, from the event's fields. */
	void (*print)(struct seq_file *m, const struct trace_entry *entry);
};

/*
 * A trace point: the inline trace_<name>() a subsystem calls, which costs one compare with
 * memory and a not-taken branch while the event is off, and the out-of-line trace_event_raw_event_<name>()
 * that records it. Linux 6.1 makes the test a static key (a patched jump, no load at all);
 * Spindle has no code patching, so it is a flag.
 */
#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args

#define DECLARE_TRACE(name, proto, args)					\
	extern struct trace_event_call event_##name;				\
	void __cold trace_event_raw_event_##name(proto);			\
	static __always_inline void trace_##name(proto)			\
	{									\
		if (unlikely(event_##name.enabled))				\
			trace_event_raw_event_##name(args);			\
	}

/* Between reserve and commit: where the event goes and the interrupt state to restore. */
struct trace_event_buffer {
	void *entry;
	unsigned long flags;
};

void *trace_event_buffer_reserve(struct trace_event_buffer *fbuffer,
				 struct trace_event_call *call, unsigned long len);
void trace_event_buffer_commit(struct trace_event_buffer *fbuffer);

int trace_set_clr_event(const char *system, const char *event, int set);

#endif
