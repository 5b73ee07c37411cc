/* Seeing the scheduler: sched_show_ps() and show_state() the task table as the ps command
 * prints it, proc_sched_show_task() one task's statistics under the names of Linux's
 * /proc/<pid>/sched. */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/seq_file.h>
#include "sched.h"

/**
 * task_state_to_char - ps's STAT letter for @p: Z, X, P, I, D, S or R
 * @p: the task
 *
 * TASK_IDLE is uninterruptible but not load: "I", as ps shows idle kthreads. A frozen task
 * shows "D", as Linux 6.1's __task_state_index() reports TASK_FROZEN rather than expose a new
 * letter.
 * Linux 6.1: an inline in linux/sched.h, by way of task_state_index(); it also has T and t for
 * stopped and traced tasks, which Spindle does not have.
 *
 * Context: any; reads the state without locks. Return: the letter.
 */
char task_state_to_char(struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);

	/* An exited user process its parent has not reaped yet (Linux's EXIT_ZOMBIE). */
	if (READ_ONCE(p->exit_state) == EXIT_ZOMBIE)
		return 'Z';
	if (state & TASK_DEAD)
		return 'X';
	if (state & TASK_PARKED)
		return 'P';
	if ((state & TASK_IDLE) == TASK_IDLE)
		return 'I';
	if (state & (TASK_UNINTERRUPTIBLE | TASK_FROZEN))
		return 'D';
	if (state & TASK_INTERRUPTIBLE)
		return 'S';
	return 'R';
}

/**
 * task_policy_cls - ps's CLS for a policy: TS, FF, RR, B, IDL
 * @policy: SCHED_*
 *
 * Context: any. Return: a constant string.
 */
const char *task_policy_cls(unsigned int policy)
{
	switch (policy) {
	case SCHED_FIFO:
		return "FF";
	case SCHED_RR:
		return "RR";
	case SCHED_BATCH:
		return "B";
	case SCHED_IDLE:
		return "IDL";
	default:
		return "TS";
	}
}

/*
 * One line of the table. PRI is what procps prints as "pri": 139 - prio, so a nice-0 task
 * shows 19 and SCHED_FIFO 99 shows 139. RTPRIO and NI are "-" where they do not apply.
 */
static void show_task_line(struct seq_file *m, struct task_struct *p)
{
	char rtprio[8] = "-", ni[8] = "-", cpus[64];
	bool rt = rt_policy(p->policy);

	if (rt)
		snprintf(rtprio, sizeof(rtprio), "%u", p->rt_priority);
	else
		snprintf(ni, sizeof(ni), "%d", task_nice(p));
	cpumap_print_list(cpus, sizeof(cpus), &p->cpus_mask);
	seq_printf(m, "%5d %5d %-3s %6s %3s %3d %3u %-4c %-8s %s%s%s\n", p->pid,
		   p->real_parent ? p->real_parent->pid : 0, task_policy_cls(p->policy), rtprio, ni,
		   MAX_PRIO - 1 - p->prio, task_cpu(p), task_state_to_char(p), cpus,
		   p->flags & PF_KTHREAD ? "[" : "", p->comm, p->flags & PF_KTHREAD ? "]" : "");
}

#define PS_HEADER	"  PID  PPID CLS RTPRIO  NI PRI PSR STAT AFFINITY COMMAND\n"

/* Every CPU's idle task (PID 0, once per CPU), then every other task in creation order, each
 * handed to @fn; the task list is walked under tasklist_lock with interrupts off. */
static void ps_walk(void (*fn)(struct task_struct *p, void *arg), void *arg)
{
	struct task_struct *p;
	unsigned long flags;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		fn(idle_task(cpu), arg);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		fn(p, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void ps_seq_line(struct task_struct *p, void *m)
{
	show_task_line(m, p);
}

/**
 * sched_show_ps - the task table into @m, as the ps command and the ps option print it
 * @m: the seq_file
 *
 * The columns of procps's `ps -eo pid,ppid,cls,rtprio,ni,pri,psr,stat,...,comm`, kernel
 * threads in brackets, idle tasks first.
 *
 * Context: any. Return: nothing; seq_has_overflowed(@m) tells if it did not fit.
 */
void sched_show_ps(struct seq_file *m)
{
	seq_puts(m, PS_HEADER);
	ps_walk(ps_seq_line, m);
}

static void ps_printk_line(struct task_struct *p, void *unused)
{
	char line[160];
	struct seq_file m = SEQ_FILE_INIT(line, sizeof(line));

	show_task_line(&m, p);
	printk(KERN_INFO "%.*s", (int)seq_used(&m), line);
}

/**
 * show_state - the ps table through printk, a line at a time (the ps option, at boot)
 *
 * Linux 6.1: show_state_filter(0), every task with its call trace (SysRq-T); Spindle's
 * show_state_filter() does that, and this prints the table sched_show_ps() writes.
 *
 * Context: any; walks the task list under tasklist_lock, interrupts off. Return: nothing.
 */
void show_state(void)
{
	printk(KERN_INFO PS_HEADER);
	ps_walk(ps_printk_line, NULL);
}

/* Nanoseconds as Linux's /proc/<pid>/sched prints them: milliseconds with six decimals. */
#define SPLIT_NS(x)	(unsigned long long)((x) / 1000000), (unsigned long)((x) % 1000000)

#define P_NS(name, v)							\
	seq_printf(m, "%-45s:%14llu.%06lu\n", name, SPLIT_NS((u64)(v)))
#define P_NUM(name, v)							\
	seq_printf(m, "%-45s:%21llu\n", name, (unsigned long long)(v))

/**
 * proc_sched_show_task - @p's scheduling statistics, as Linux's /proc/PID/sched shows them
 * @p: the task
 * @m: the file
 *
 * Context: any; reads the statistics without locks (a snapshot may mix two moments).
 * Return: nothing.
 */
void proc_sched_show_task(struct task_struct *p, struct seq_file *m)
{
	const char *full = kthread_full_name(p);

	seq_printf(m, "%s (%d, #threads: 1)\n", full ? full : p->comm, p->pid);
	seq_puts(m, "-------------------------------------------------------------------\n");
	P_NS("se.exec_start", p->se.exec_start);
	P_NS("se.vruntime", p->se.vruntime);
	P_NS("se.sum_exec_runtime", p->se.sum_exec_runtime);
	P_NUM("se.nr_migrations", p->se.nr_migrations);
	P_NS("se.statistics.wait_sum", p->se.wait_sum);
	P_NUM("se.statistics.wait_count", p->se.wait_count);
	P_NS("se.statistics.wait_max", p->se.wait_max);
	P_NUM("nr_switches", p->nvcsw + p->nivcsw);
	P_NUM("nr_voluntary_switches", p->nvcsw);
	P_NUM("nr_involuntary_switches", p->nivcsw);
	P_NUM("se.load.weight", p->se.load.weight);
	P_NUM("policy", p->policy);
	P_NUM("prio", p->prio);
}
