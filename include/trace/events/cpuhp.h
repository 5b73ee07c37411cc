/* CPU hotplug trace events: each state callback as it starts and ends (Linux's
 * include/trace/events/cpuhp.h; recorded and printed in kernel/trace/trace_events_defs.c). */
#ifndef _TRACE_CPUHP_H
#define _TRACE_CPUHP_H

#include <linux/trace_events.h>

struct trace_event_raw_cpuhp_enter {
	struct trace_entry ent;
	unsigned int cpu;
	int target;			/* the state the walk goes to */
	int idx;			/* the state whose callback runs */
	void *fun;			/* the callback */
};

struct trace_event_raw_cpuhp_exit {
	struct trace_entry ent;
	unsigned int cpu;
	int state;			/* the CPU's state after the step */
	int idx;
	int ret;
};

/* cpuhp_invoke_callback(), before and after the callback. */
DECLARE_TRACE(cpuhp_enter,
	      TP_PROTO(unsigned int cpu, int target, int idx, int (*fun)(unsigned int)),
	      TP_ARGS(cpu, target, idx, fun))
DECLARE_TRACE(cpuhp_exit, TP_PROTO(unsigned int cpu, int state, int idx, int ret),
	      TP_ARGS(cpu, state, idx, ret))

#endif
