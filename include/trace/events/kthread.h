/* kthread life-cycle trace events: a thread created, parked, unparked. Spindle's own: Linux 6.1
 * has none of these (only sched_kthread_stop*, in sched.h); they follow its format. */
#ifndef _TRACE_KTHREAD_H
#define _TRACE_KTHREAD_H

#include <linux/trace_events.h>

struct task_struct;

/* kthread_create, kthread_park and kthread_unpark share this layout. */
struct trace_event_raw_kthread_template {
	struct trace_entry ent;
	char comm[16];
	int pid;
};

/* kthread_create_on_node() once kthreadd made it; kthread_park(), kthread_unpark(). */
DECLARE_TRACE(kthread_create, TP_PROTO(struct task_struct *t), TP_ARGS(t))
DECLARE_TRACE(kthread_park, TP_PROTO(struct task_struct *t), TP_ARGS(t))
DECLARE_TRACE(kthread_unpark, TP_PROTO(struct task_struct *t), TP_ARGS(t))

#endif
