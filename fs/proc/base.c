/* /proc/PID: the files every task has (Linux's fs/proc/base.c, tgid_base_stuff): comm, stat,
 * status, sched, stack, wchan, and fault injection's make-it-fail and fail-nth. The directory
 * is one entry whose files get the task. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kallsyms.h>
#include <linux/kstrtox.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/stacktrace.h>
#include "internal.h"

#define MAX_STACK_TRACE_DEPTH	64

struct proc_dir_entry *proc_pid_dir;

static int comm_show(struct seq_file *m, void *task)
{
	char tcomm[64];

	proc_task_name(tcomm, sizeof(tcomm), task);
	seq_printf(m, "%s\n", tcomm);
	return 0;
}

/* Linux's proc_pid_wchan(): the sleeping function's name, or "0" for a running task. */
static int proc_pid_wchan(struct seq_file *m, void *task)
{
	unsigned long wchan = get_wchan(task);
	const char *name;
	unsigned long start, size;

	if (wchan && kallsyms_lookup(wchan - 1, &name, &start, &size))
		seq_puts(m, name);
	else
		seq_putc(m, '0');
	return 0;
}

/* Linux's proc_pid_stack(): one return address a line, "[<0>] " and %pB (Linux hides the
 * address itself from readers without CAP_SYSLOG; the 0 keeps the format). */
static int proc_pid_stack(struct seq_file *m, void *task)
{
	unsigned long entries[MAX_STACK_TRACE_DEPTH];
	unsigned int n = stack_trace_save_tsk(task, entries, ARRAY_SIZE(entries));

	for (unsigned int i = 0; i < n; i++)
		seq_printf(m, "[<0>] %pB\n", (void *)entries[i]);
	return 0;
}

static int sched_show(struct seq_file *m, void *task)
{
	proc_sched_show_task(task, m);
	return 0;
}

static int make_it_fail_show(struct seq_file *m, void *task)
{
	seq_printf(m, "%d\n", READ_ONCE(((struct task_struct *)task)->make_it_fail));
	return 0;
}

/* Linux's proc_fault_inject_write(): 0 or 1, anything else -EINVAL. */
static ssize_t make_it_fail_write(void *task, const char *buf, size_t count)
{
	int v;
	int err = kstrtoint(buf, 0, &v);

	if (err)
		return err;
	if (v < 0 || v > 1)
		return -EINVAL;
	WRITE_ONCE(((struct task_struct *)task)->make_it_fail, v);
	return count;
}

static const struct proc_ops make_it_fail_ops = {
	.proc_show = make_it_fail_show,
	.proc_write = make_it_fail_write,
};

static int fail_nth_show(struct seq_file *m, void *task)
{
	seq_printf(m, "%u\n", get_fail_nth(task));
	return 0;
}

/* Linux's proc_fail_nth_write(): the task's Nth fault-injectable call from now on fails. */
static ssize_t fail_nth_write(void *task, const char *buf, size_t count)
{
	unsigned int n;
	int err = kstrtouint(buf, 0, &n);

	if (err)
		return err;
	set_fail_nth(task, n);
	return count;
}

static const struct proc_ops fail_nth_ops = {
	.proc_show = fail_nth_show,
	.proc_write = fail_nth_write,
};

/* Linux's pid_entry table: name, mode, show. */
static const struct {
	const char *name;
	int (*show)(struct seq_file *m, void *task);
} tgid_base_stuff[] = {
	{ "comm", comm_show },
	{ "sched", sched_show },
	{ "stack", proc_pid_stack },
	{ "stat", proc_pid_stat },
	{ "status", proc_pid_status },
	{ "wchan", proc_pid_wchan },
};

/**
 * proc_base_init - make the files of every /proc/PID directory
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_base_init(void)
{
	/* Not linked under /proc: the walk turns "/proc/<pid>" into this directory. */
	static struct proc_dir_entry pid_dir = { .name = "<pid>", .mode = S_IFDIR | 0555 };

	proc_pid_dir = &pid_dir;
	for (size_t i = 0; i < ARRAY_SIZE(tgid_base_stuff); i++)
		proc_create_single(tgid_base_stuff[i].name, 0444, proc_pid_dir,
				   tgid_base_stuff[i].show);
	proc_create_data("make-it-fail", 0644, proc_pid_dir, &make_it_fail_ops, NULL);
	proc_create_data("fail-nth", 0644, proc_pid_dir, &fail_nth_ops, NULL);
}
