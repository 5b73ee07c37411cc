/* /proc/PID/status and /proc/PID/stat (Linux's fs/proc/array.c): a task's state, identity,
 * signals, CPUs and switch counts, as text for people and as one line of numbers for ps. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/kernel_stat.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "internal.h"

/* Linux's task_state_array, by the letter ps prints. */
static const char *get_task_state(struct task_struct *p)
{
	switch (task_state_to_char(p)) {
	case 'S':
		return "S (sleeping)";
	case 'D':
		return "D (disk sleep)";
	case 'X':
		return "X (dead)";
	case 'P':
		return "P (parked)";
	case 'I':
		return "I (idle)";
	default:
		return "R (running)";
	}
}

/**
 * proc_task_name - the name /proc and ps show for a task
 * @buf: where to write it
 * @size: its size (Linux's is 64)
 * @p: the task, referenced by the caller
 *
 * A workqueue worker's name says what it works for (wq_worker_comm(): "kworker/1:0-events");
 * every other task shows its comm. Linux 6.1 prints into a seq_file; Spindle's ps reads tasks
 * directly rather than through /proc, so both fill a buffer here.
 *
 * Context: process context, may sleep (a worker's pool mutex). Return: nothing.
 */
void proc_task_name(char *buf, size_t size, struct task_struct *p)
{
	/* Test before PF_KTHREAD: every workqueue worker is a kernel thread. */
	if (p->flags & PF_WQ_WORKER)
		wq_worker_comm(buf, size, p);
	else
		get_task_comm(buf, size, p);
}

static int task_ppid(struct task_struct *p)
{
	return p->real_parent ? p->real_parent->pid : 0;
}

/* Linux's sigset bits: signal N is bit N-1 (render_sigset_t() prints 64 of them); Spindle keeps
 * signal N at bit N of a word. */
static unsigned long sigset_of(unsigned long mask)
{
	return mask >> 1;
}

/*
 * A kernel thread ignores every signal but those it allowed (allow_signal()), which count as
 * caught, as Linux's ignore_signals() and allow_signal() leave its handlers.
 */
static void task_sig(struct seq_file *m, struct task_struct *p)
{
	unsigned long caught = sigset_of(READ_ONCE(p->allowed_signals));

	seq_printf(m, "SigQ:\t%d/%d\n", hweight_long(READ_ONCE(p->signal)), BITS_PER_LONG - 1);
	seq_printf(m, "SigPnd:\t%016lx\n", sigset_of(READ_ONCE(p->signal)));
	seq_printf(m, "ShdPnd:\t%016lx\n", 0UL);
	seq_printf(m, "SigBlk:\t%016lx\n", 0UL);
	seq_printf(m, "SigIgn:\t%016lx\n", p->flags & PF_KTHREAD ? ~caught : 0);
	seq_printf(m, "SigCgt:\t%016lx\n", p->flags & PF_KTHREAD ? caught : 0);
}

/**
 * proc_pid_status - /proc/PID/status
 * @m: the file
 * @task: the task (struct task_struct *), referenced by the reader
 *
 * Linux 6.1's lines that mean something here, in its order and format, and the "Kthread:"
 * line of Linux 6.3 and later. No user IDs, capabilities or memory: there are no users, and
 * kernel threads own no mm.
 *
 * Context: process context. Return: 0.
 */
int proc_pid_status(struct seq_file *m, void *task)
{
	struct task_struct *p = task;
	char mask[3 * NR_CPUS / 2], list[3 * NR_CPUS], tcomm[64];

	proc_task_name(tcomm, sizeof(tcomm), p);
	seq_printf(m, "Name:\t%s\n", tcomm);
	seq_printf(m, "State:\t%s\n", get_task_state(p));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p->pid, p->pid,
		   task_ppid(p));
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t0\nNSsid:\t0\n", p->pid, p->pid);
	seq_printf(m, "Kthread:\t%d\n", !!(p->flags & PF_KTHREAD));
	seq_puts(m, "Threads:\t1\n");
	task_sig(m, p);
	cpumap_print_mask(mask, sizeof(mask), &p->cpus_mask);
	cpumap_print_list(list, sizeof(list), &p->cpus_mask);
	seq_printf(m, "Cpus_allowed:\t%s\nCpus_allowed_list:\t%s\n", mask, list);
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   READ_ONCE(p->nvcsw), READ_ONCE(p->nivcsw));
	return 0;
}

/**
 * proc_pid_stat - /proc/PID/stat: Linux's 52 fields on one line, as procps reads them
 * @m: the file
 * @task: the task, referenced by the reader
 *
 * Times in USER_HZ ticks; priority is prio - 100 (-100 for FIFO 99, 20 for nice 0); the
 * memory, tty, fault and address fields are 0, as Linux prints them for a kernel thread; the
 * wchan field is 1 when /proc/PID/wchan has a name.
 *
 * Context: process context. Return: 0.
 */
int proc_pid_stat(struct seq_file *m, void *task)
{
	struct task_struct *p = task;
	unsigned long sig = sigset_of(READ_ONCE(p->signal));
	unsigned long caught = sigset_of(READ_ONCE(p->allowed_signals));
	unsigned long ignored = p->flags & PF_KTHREAD ? ~caught : 0;
	char tcomm[64];

	proc_task_name(tcomm, sizeof(tcomm), p);
	seq_printf(m, "%d (%s) %c %d 0 0 0 -1 %u 0 0 0 0 %llu %llu 0 0 %d %d 1 0 %llu 0 0 "
		   "18446744073709551615 0 0 0 0 0 %lu 0 %lu %lu %d 0 0 17 %u %u %u 0 0 0 "
		   "0 0 0 0 0 0 0 %d\n",
		   p->pid, tcomm, task_state_to_char(p), task_ppid(p), p->flags,
		   nsec_to_clock_t(READ_ONCE(p->utime)), nsec_to_clock_t(READ_ONCE(p->stime)),
		   READ_ONCE(p->prio) - MAX_RT_PRIO, task_nice(p), nsec_to_clock_t(p->start_time),
		   sig & 0x7fffffffUL, ignored & 0x7fffffffUL, caught & 0x7fffffffUL,
		   get_wchan(p) != 0, task_cpu(p), p->rt_priority, p->policy, p->exit_code);
	return 0;
}
