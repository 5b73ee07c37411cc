// SPDX-License-Identifier: GPL-2.0
/*
 * The trace events themselves: for each, what it records and how its line prints. Linux 6.1
 * generates exactly this from TRACE_EVENT() where a file defines CREATE_TRACE_POINTS
 * (kernel/sched/core.c for sched, kernel/softirq.c for irq, kernel/cpu.c for cpuhp); Spindle
 * writes it out once, here. The formats are Linux's TP_printk() strings.
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <trace/events/cpuhp.h>
#include <trace/events/irq.h>
#include <trace/events/kthread.h>
#include <trace/events/sched.h>

#define EVENT(sys, ev, fn)						\
	struct trace_event_call event_##ev = {				\
		.system = sys, .name = #ev, .print = fn,		\
	}

/* ---- sched --------------------------------------------------------------------------- */

/*
 * The state a switched-out task is reported in: preempted (still runnable) is its own value,
 * printed "R+"; a sleep is the one bit of Linux's report order S D T t X Z P I, so TASK_IDLE
 * shows as I, not D (Linux's __trace_sched_switch_state()).
 */
static long sched_switch_state(bool preempt, unsigned int state)
{
	if (preempt)
		return TASK_REPORT_MAX;
	if (state & TASK_DEAD)
		return 0x10;			/* EXIT_DEAD: "X" */
	if (state & TASK_PARKED)
		return TASK_PARKED;
	if ((state & TASK_IDLE) == TASK_IDLE)
		return 0x80;			/* TASK_REPORT_IDLE: "I" */
	if (state & TASK_FROZEN)
		return TASK_UNINTERRUPTIBLE;	/* reported as "D", as ps shows it */
	return state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

static void trace_raw_output_sched_switch(struct seq_file *m, const struct trace_entry *ent)
{
	static const struct { long bit; char c; } letters[] = {
		{ TASK_INTERRUPTIBLE, 'S' }, { TASK_UNINTERRUPTIBLE, 'D' }, { 0x04, 'T' },
		{ 0x08, 't' }, { 0x10, 'X' }, { 0x20, 'Z' }, { TASK_PARKED, 'P' }, { 0x80, 'I' },
	};
	const struct trace_event_raw_sched_switch *e = (const void *)ent;
	char state[24] = "R";
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(letters); i++) {
		if (!(e->prev_state & letters[i].bit))
			continue;
		if (n)
			state[n++] = '|';
		state[n++] = letters[i].c;
		state[n] = '\0';
	}
	seq_printf(m, "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s "
		   "next_pid=%d next_prio=%d", e->prev_comm, e->prev_pid, e->prev_prio, state,
		   e->prev_state & TASK_REPORT_MAX ? "+" : "", e->next_comm, e->next_pid,
		   e->next_prio);
}
EVENT("sched", sched_switch, trace_raw_output_sched_switch);

/**
 * trace_event_raw_event_sched_switch - record a switch from @prev to @next
 * @preempt: the switch is a preemption (prev stays runnable)
 * @prev: the task switched out
 * @next: the task switched in
 * @prev_state: prev's state as __schedule() read it
 *
 * The out-of-line half of trace_sched_switch(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_switch(bool preempt, struct task_struct *prev,
					struct task_struct *next, unsigned int prev_state)
{
	struct trace_event_raw_sched_switch *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_sched_switch, sizeof(*e));
	if (!e)
		return;
	memcpy(e->prev_comm, prev->comm, TASK_COMM_LEN);
	e->prev_pid = prev->pid;
	e->prev_prio = prev->prio;
	e->prev_state = sched_switch_state(preempt, prev_state);
	memcpy(e->next_comm, next->comm, TASK_COMM_LEN);
	e->next_pid = next->pid;
	e->next_prio = next->prio;
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_sched_wakeup_template(struct seq_file *m,
						   const struct trace_entry *ent)
{
	const struct trace_event_raw_sched_wakeup_template *e = (const void *)ent;

	seq_printf(m, "comm=%s pid=%d prio=%d target_cpu=%03d", e->comm, e->pid, e->prio,
		   e->target_cpu);
}
EVENT("sched", sched_wakeup, trace_raw_output_sched_wakeup_template);
EVENT("sched", sched_wakeup_new, trace_raw_output_sched_wakeup_template);

static void sched_wakeup_template(struct trace_event_call *call, struct task_struct *p)
{
	struct trace_event_raw_sched_wakeup_template *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, call, sizeof(*e));
	if (!e)
		return;
	memcpy(e->comm, p->comm, TASK_COMM_LEN);
	e->pid = p->pid;
	e->prio = p->prio;
	e->target_cpu = task_cpu(p);
	trace_event_buffer_commit(&fbuffer);
}

/**
 * trace_event_raw_event_sched_wakeup - record @p made runnable by a wake-up
 * @p: the task
 *
 * The out-of-line half of trace_sched_wakeup(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_wakeup(struct task_struct *p)
{
	sched_wakeup_template(&event_sched_wakeup, p);
}

/**
 * trace_event_raw_event_sched_wakeup_new - record a new task's first wake-up
 * @p: the task
 *
 * The out-of-line half of trace_sched_wakeup_new(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_wakeup_new(struct task_struct *p)
{
	sched_wakeup_template(&event_sched_wakeup_new, p);
}

static void trace_raw_output_sched_migrate_task(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_sched_migrate_task *e = (const void *)ent;

	seq_printf(m, "comm=%s pid=%d prio=%d orig_cpu=%d dest_cpu=%d", e->comm, e->pid, e->prio,
		   e->orig_cpu, e->dest_cpu);
}
EVENT("sched", sched_migrate_task, trace_raw_output_sched_migrate_task);

/**
 * trace_event_raw_event_sched_migrate_task - record @p moving to @dest_cpu
 * @p: the task
 * @dest_cpu: the CPU it goes to
 *
 * The out-of-line half of trace_sched_migrate_task(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_migrate_task(struct task_struct *p, unsigned int dest_cpu)
{
	struct trace_event_raw_sched_migrate_task *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_sched_migrate_task, sizeof(*e));
	if (!e)
		return;
	memcpy(e->comm, p->comm, TASK_COMM_LEN);
	e->pid = p->pid;
	e->prio = p->prio;
	e->orig_cpu = task_cpu(p);
	e->dest_cpu = dest_cpu;
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_sched_process_template(struct seq_file *m,
						    const struct trace_entry *ent)
{
	const struct trace_event_raw_sched_process_template *e = (const void *)ent;

	seq_printf(m, "comm=%s pid=%d prio=%d", e->comm, e->pid, e->prio);
}
EVENT("sched", sched_process_exit, trace_raw_output_sched_process_template);

/**
 * trace_event_raw_event_sched_process_exit - record @p exiting
 * @p: the task
 *
 * The out-of-line half of trace_sched_process_exit(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_process_exit(struct task_struct *p)
{
	struct trace_event_raw_sched_process_template *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_sched_process_exit, sizeof(*e));
	if (!e)
		return;
	memcpy(e->comm, p->comm, TASK_COMM_LEN);
	e->pid = p->pid;
	e->prio = p->prio;
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_sched_kthread_stop(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_sched_kthread_stop *e = (const void *)ent;

	seq_printf(m, "comm=%s pid=%d", e->comm, e->pid);
}
EVENT("sched", sched_kthread_stop, trace_raw_output_sched_kthread_stop);

/* The comm and pid of a task: sched_kthread_stop's layout, and the kthread events'. */
static void trace_task_event(struct trace_event_call *call, struct task_struct *t)
{
	struct trace_event_raw_sched_kthread_stop *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, call, sizeof(*e));
	if (!e)
		return;
	memcpy(e->comm, t->comm, TASK_COMM_LEN);
	e->pid = t->pid;
	trace_event_buffer_commit(&fbuffer);
}

/**
 * trace_event_raw_event_sched_kthread_stop - record kthread_stop() asking @t to stop
 * @t: the kernel thread
 *
 * The out-of-line half of trace_sched_kthread_stop(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_kthread_stop(struct task_struct *t)
{
	trace_task_event(&event_sched_kthread_stop, t);
}

static void trace_raw_output_sched_kthread_stop_ret(struct seq_file *m,
						    const struct trace_entry *ent)
{
	const struct trace_event_raw_sched_kthread_stop_ret *e = (const void *)ent;

	seq_printf(m, "ret=%d", e->ret);
}
EVENT("sched", sched_kthread_stop_ret, trace_raw_output_sched_kthread_stop_ret);

/**
 * trace_event_raw_event_sched_kthread_stop_ret - record what the stopped thread returned
 * @ret: the value kthread_stop() returns
 *
 * The out-of-line half of trace_sched_kthread_stop_ret(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_sched_kthread_stop_ret(int ret)
{
	struct trace_event_raw_sched_kthread_stop_ret *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_sched_kthread_stop_ret, sizeof(*e));
	if (!e)
		return;
	e->ret = ret;
	trace_event_buffer_commit(&fbuffer);
}

/* ---- kthread (Spindle's) ------------------------------------------------------------- */

EVENT("kthread", kthread_create, trace_raw_output_sched_kthread_stop);
EVENT("kthread", kthread_park, trace_raw_output_sched_kthread_stop);
EVENT("kthread", kthread_unpark, trace_raw_output_sched_kthread_stop);

/**
 * trace_event_raw_event_kthread_create - record @t made by kthreadd for kthread_create()
 * @t: the kernel thread
 *
 * The out-of-line half of trace_kthread_create(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_kthread_create(struct task_struct *t)
{
	trace_task_event(&event_kthread_create, t);
}

/**
 * trace_event_raw_event_kthread_park - record kthread_park() asking @t to park
 * @t: the kernel thread
 *
 * The out-of-line half of trace_kthread_park(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_kthread_park(struct task_struct *t)
{
	trace_task_event(&event_kthread_park, t);
}

/**
 * trace_event_raw_event_kthread_unpark - record kthread_unpark() of @t
 * @t: the kernel thread
 *
 * The out-of-line half of trace_kthread_unpark(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_kthread_unpark(struct task_struct *t)
{
	trace_task_event(&event_kthread_unpark, t);
}

/* ---- irq ----------------------------------------------------------------------------- */

static void trace_raw_output_irq_handler_entry(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_irq_handler_entry *e = (const void *)ent;

	seq_printf(m, "irq=%d name=%s", e->irq, e->name);
}
EVENT("irq", irq_handler_entry, trace_raw_output_irq_handler_entry);

/**
 * trace_event_raw_event_irq_handler_entry - record a device interrupt's handler starting
 * @irq: the IRQ line (Linux's number)
 * @name: the handler's name, as request_irq() gave it
 *
 * The out-of-line half of trace_irq_handler_entry(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_irq_handler_entry(int irq, const char *name)
{
	struct trace_event_raw_irq_handler_entry *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_irq_handler_entry, sizeof(*e));
	if (!e)
		return;
	e->irq = irq;
	strscpy(e->name, name ? name : "", sizeof(e->name));
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_irq_handler_exit(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_irq_handler_exit *e = (const void *)ent;

	seq_printf(m, "irq=%d ret=%s", e->irq, e->ret ? "handled" : "unhandled");
}
EVENT("irq", irq_handler_exit, trace_raw_output_irq_handler_exit);

/**
 * trace_event_raw_event_irq_handler_exit - record a device interrupt's handler returning
 * @irq: the IRQ line (Linux's number)
 * @ret: what the handler returned (irqreturn_t: non-zero is handled)
 *
 * The out-of-line half of trace_irq_handler_exit(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_irq_handler_exit(int irq, int ret)
{
	struct trace_event_raw_irq_handler_exit *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_irq_handler_exit, sizeof(*e));
	if (!e)
		return;
	e->irq = irq;
	e->ret = ret;
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_softirq(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_softirq *e = (const void *)ent;

	seq_printf(m, "vec=%u [action=%s]", e->vec,
		   e->vec < NR_SOFTIRQS ? softirq_to_name[e->vec] : "UNKNOWN");
}
EVENT("irq", softirq_entry, trace_raw_output_softirq);
EVENT("irq", softirq_exit, trace_raw_output_softirq);
EVENT("irq", softirq_raise, trace_raw_output_softirq);

static void softirq_template(struct trace_event_call *call, unsigned int vec_nr)
{
	struct trace_event_raw_softirq *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, call, sizeof(*e));
	if (!e)
		return;
	e->vec = vec_nr;
	trace_event_buffer_commit(&fbuffer);
}

/**
 * trace_event_raw_event_softirq_entry - record a softirq action starting
 * @vec_nr: the softirq (HI_SOFTIRQ...)
 *
 * The out-of-line half of trace_softirq_entry(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_softirq_entry(unsigned int vec_nr)
{
	softirq_template(&event_softirq_entry, vec_nr);
}

/**
 * trace_event_raw_event_softirq_exit - record a softirq action returning
 * @vec_nr: the softirq (HI_SOFTIRQ...)
 *
 * The out-of-line half of trace_softirq_exit(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_softirq_exit(unsigned int vec_nr)
{
	softirq_template(&event_softirq_exit, vec_nr);
}

/**
 * trace_event_raw_event_softirq_raise - record a softirq being raised
 * @vec_nr: the softirq (HI_SOFTIRQ...)
 *
 * The out-of-line half of trace_softirq_raise(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_softirq_raise(unsigned int vec_nr)
{
	softirq_template(&event_softirq_raise, vec_nr);
}

static void trace_raw_output_tasklet(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_tasklet *e = (const void *)ent;

	seq_printf(m, "tasklet=%ps function=%ps", e->tasklet, e->func);
}
EVENT("irq", tasklet_entry, trace_raw_output_tasklet);
EVENT("irq", tasklet_exit, trace_raw_output_tasklet);

static void tasklet_template(struct trace_event_call *call, struct tasklet_struct *t, void *func)
{
	struct trace_event_raw_tasklet *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, call, sizeof(*e));
	if (!e)
		return;
	e->tasklet = t;
	e->func = func;
	trace_event_buffer_commit(&fbuffer);
}

/**
 * trace_event_raw_event_tasklet_entry - record a tasklet's function starting
 * @t: the tasklet
 * @func: its function (callback or func)
 *
 * The out-of-line half of trace_tasklet_entry(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_tasklet_entry(struct tasklet_struct *t, void *func)
{
	tasklet_template(&event_tasklet_entry, t, func);
}

/**
 * trace_event_raw_event_tasklet_exit - record a tasklet's function returning
 * @t: the tasklet
 * @func: its function (callback or func)
 *
 * The out-of-line half of trace_tasklet_exit(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_tasklet_exit(struct tasklet_struct *t, void *func)
{
	tasklet_template(&event_tasklet_exit, t, func);
}

/* ---- cpuhp --------------------------------------------------------------------------- */

static void trace_raw_output_cpuhp_enter(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_cpuhp_enter *e = (const void *)ent;

	seq_printf(m, "cpu: %04u target: %3d step: %3d (%ps)", e->cpu, e->target, e->idx, e->fun);
}
EVENT("cpuhp", cpuhp_enter, trace_raw_output_cpuhp_enter);

/**
 * trace_event_raw_event_cpuhp_enter - record a hotplug state's callback starting
 * @cpu: the CPU going down or up
 * @target: the state the walk goes to
 * @idx: the state whose callback runs
 * @fun: the callback
 *
 * The out-of-line half of trace_cpuhp_enter(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_cpuhp_enter(unsigned int cpu, int target, int idx,
				       int (*fun)(unsigned int))
{
	struct trace_event_raw_cpuhp_enter *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_cpuhp_enter, sizeof(*e));
	if (!e)
		return;
	e->cpu = cpu;
	e->target = target;
	e->idx = idx;
	e->fun = fun;
	trace_event_buffer_commit(&fbuffer);
}

static void trace_raw_output_cpuhp_exit(struct seq_file *m, const struct trace_entry *ent)
{
	const struct trace_event_raw_cpuhp_exit *e = (const void *)ent;

	seq_printf(m, " cpu: %04u  state: %3d step: %3d ret: %d", e->cpu, e->state, e->idx, e->ret);
}
EVENT("cpuhp", cpuhp_exit, trace_raw_output_cpuhp_exit);

/**
 * trace_event_raw_event_cpuhp_exit - record a hotplug state's callback returning
 * @cpu: the CPU going down or up
 * @state: the CPU's state after the step
 * @idx: the state whose callback runs
 * @ret: the value kthread_stop() returns
 *
 * The out-of-line half of trace_cpuhp_exit(), called only while the event is on.
 *
 * Context: any but NMI; interrupts are off while it writes. Return: nothing.
 */
void trace_event_raw_event_cpuhp_exit(unsigned int cpu, int state, int idx, int ret)
{
	struct trace_event_raw_cpuhp_exit *e;
	struct trace_event_buffer fbuffer;

	e = trace_event_buffer_reserve(&fbuffer, &event_cpuhp_exit, sizeof(*e));
	if (!e)
		return;
	e->cpu = cpu;
	e->state = state;
	e->idx = idx;
	e->ret = ret;
	trace_event_buffer_commit(&fbuffer);
}

/* Every event, in the order available_events lists them (Linux's __start_ftrace_events). */
struct trace_event_call *const ftrace_events[] = {
	&event_sched_kthread_stop, &event_sched_kthread_stop_ret, &event_sched_wakeup,
	&event_sched_wakeup_new, &event_sched_switch, &event_sched_migrate_task,
	&event_sched_process_exit,
	&event_irq_handler_entry, &event_irq_handler_exit, &event_softirq_entry,
	&event_softirq_exit, &event_softirq_raise, &event_tasklet_entry, &event_tasklet_exit,
	&event_cpuhp_enter, &event_cpuhp_exit,
	&event_kthread_create, &event_kthread_park, &event_kthread_unpark,
};
const unsigned int nr_ftrace_events = ARRAY_SIZE(ftrace_events);
