/* The scheduler's trace events: switches, wake-ups, migrations, exits and kthread_stop()
 * (Linux's include/trace/events/sched.h; recorded and printed in kernel/trace/trace_events_defs.c). */
#ifndef _TRACE_SCHED_H
#define _TRACE_SCHED_H

#include <linux/sched.h>
#include <linux/trace_events.h>

/* prev_state of a task switched out while still runnable (preempted): printed "R+". */
#define TASK_REPORT_MAX		0x100

struct trace_event_raw_sched_switch {
	struct trace_entry ent;
	char prev_comm[TASK_COMM_LEN];
	int prev_pid;
	int prev_prio;
	long prev_state;		/* one TASK_* report bit, or TASK_REPORT_MAX */
	char next_comm[TASK_COMM_LEN];
	int next_pid;
	int next_prio;
};

/* sched_wakeup and sched_wakeup_new (Linux's sched_wakeup_template). */
struct trace_event_raw_sched_wakeup_template {
	struct trace_entry ent;
	char comm[TASK_COMM_LEN];
	int pid;
	int prio;
	int target_cpu;
};

struct trace_event_raw_sched_migrate_task {
	struct trace_entry ent;
	char comm[TASK_COMM_LEN];
	int pid;
	int prio;
	int orig_cpu;
	int dest_cpu;
};

/* sched_process_exit (Linux's sched_process_template). */
struct trace_event_raw_sched_process_template {
	struct trace_entry ent;
	char comm[TASK_COMM_LEN];
	int pid;
	int prio;
};

struct trace_event_raw_sched_kthread_stop {
	struct trace_entry ent;
	char comm[TASK_COMM_LEN];
	int pid;
};

struct trace_event_raw_sched_kthread_stop_ret {
	struct trace_entry ent;
	int ret;
};

/* __schedule(), just before the switch. */
DECLARE_TRACE(sched_switch,
	      TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next,
		       unsigned int prev_state),
	      TP_ARGS(preempt, prev, next, prev_state))
/* A sleeping task made runnable (try_to_wake_up()), and a new one (wake_up_new_task()). */
DECLARE_TRACE(sched_wakeup, TP_PROTO(struct task_struct *p), TP_ARGS(p))
DECLARE_TRACE(sched_wakeup_new, TP_PROTO(struct task_struct *p), TP_ARGS(p))
/* set_task_cpu() to another CPU. */
DECLARE_TRACE(sched_migrate_task, TP_PROTO(struct task_struct *p, unsigned int dest_cpu),
	      TP_ARGS(p, dest_cpu))
/* do_exit(), once the task has let go of what it held. */
DECLARE_TRACE(sched_process_exit, TP_PROTO(struct task_struct *p), TP_ARGS(p))
/* kthread_stop(): asked, and what the thread returned. */
DECLARE_TRACE(sched_kthread_stop, TP_PROTO(struct task_struct *t), TP_ARGS(t))
DECLARE_TRACE(sched_kthread_stop_ret, TP_PROTO(int ret), TP_ARGS(ret))

#endif
