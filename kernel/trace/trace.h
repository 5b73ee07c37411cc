/* What the tracing files share inside kernel/trace/, and the reader the console's
 * `trace timeline` uses (Linux's kernel/trace/trace.h, reduced). */
#ifndef _KERNEL_TRACE_H
#define _KERNEL_TRACE_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/ring_buffer.h>
#include <linux/trace_events.h>

struct proc_dir_entry;

extern struct trace_event_call *const ftrace_events[];
extern const unsigned int nr_ftrace_events;
extern struct mutex event_mutex;

/*
 * A reader of every CPU's ring at once, oldest event first (Linux's struct trace_iterator).
 * While one exists recording is paused, as Linux's "pause-on-trace" option does while the
 * trace file is open, so the rings hold still under it.
 */
struct trace_iterator {
	int cpu;				/* the CPU of ent */
	u64 ts;					/* and its time stamp */
	struct trace_entry *ent;		/* the current event, NULL at the end */
	unsigned long entries, total;		/* kept in the rings, written since reset */
	unsigned long idx;			/* events read so far */
	bool annotate;				/* a ring overwrote events: mark where each starts */
	bool buffer_started;			/* ent is its CPU's first and gets the mark */
	struct cpumask started;			/* CPUs whose first event was reached */
	struct ring_buffer_iter iters[];	/* one per possible CPU */
};

struct trace_iterator *trace_iter_open(void);
struct trace_entry *trace_find_next_entry_inc(struct trace_iterator *iter);
void trace_iter_close(struct trace_iterator *iter);
struct trace_event_call *trace_event_by_type(unsigned short type);

int tracing_update_buffers(void);
void trace_event_init(void);
void event_trace_init_tracefs(struct proc_dir_entry *dir);

#endif
