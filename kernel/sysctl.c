/* /proc/sys/kernel: the tunables Spindle has, as Linux's kernel/sysctl.c kern_table: a table
 * of names, the integers behind them, their bounds, and proc_dointvec_minmax() to read and
 * write them as text. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/sched/sysctl.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/sysctl.h>

/*
 * Linux's sysctl_sched_rt_period and sysctl_sched_rt_runtime. Spindle does not throttle RT
 * tasks, which Linux spells runtime -1 ("no limit"): that is the only runtime it accepts.
 */
static int sysctl_sched_rt_period = 1000000;
static int sysctl_sched_rt_runtime = -1;
static int hung_task_timeout;

static int int_max = INT_MAX, one = 1, minus_one = -1, loglevel_max = 8;

/* hung_task_timeout_secs is an unsigned long in hung_task.c; the write goes through
 * hung_task_set_timeout() so khungtaskd wakes to the new value (Linux's
 * proc_dohung_task_timeout_secs). */
static int proc_dohung_task_timeout_secs(struct ctl_table *table, int write, char *buf,
					 struct seq_file *m)
{
	int ret;

	hung_task_timeout = (int)min(READ_ONCE(sysctl_hung_task_timeout_secs),
				     (unsigned long)INT_MAX);
	ret = proc_dointvec_minmax(table, write, buf, m);
	if (!ret && write)
		hung_task_set_timeout(hung_task_timeout);
	return ret;
}

static struct ctl_table kern_table[] = {
	{ "hung_task_timeout_secs", &hung_task_timeout, 1, 0644, proc_dohung_task_timeout_secs,
	  NULL, &int_max },
	{ "printk", console_printk, 4, 0644, proc_dointvec_minmax, &one, &loglevel_max },
	{ "sched_rt_period_us", &sysctl_sched_rt_period, 1, 0644, proc_dointvec_minmax, &one,
	  &int_max },
	{ "sched_rt_runtime_us", &sysctl_sched_rt_runtime, 1, 0644, proc_dointvec_minmax,
	  &minus_one, &minus_one },
	{}
};

/**
 * proc_dointvec_minmax - read or write @table's integers as text
 * @table: the entry; data points at maxlen ints, extra1 and extra2 at their bounds (or NULL)
 * @write: a write of @buf rather than a read into @m
 * @buf: for a write, the text: up to maxlen integers separated by blanks, a newline at most
 * @m: for a read, where the integers go, tab-separated, with a newline
 *
 * A write may give fewer integers than maxlen (the rest stay); any out of bounds, or text
 * that is not an integer, refuses the whole write, as Linux's handler does.
 *
 * Context: process context. Return: 0, or -EINVAL.
 */
int proc_dointvec_minmax(struct ctl_table *table, int write, char *buf, struct seq_file *m)
{
	int *data = table->data, vals[8], n = 0;
	char *p = buf, *tok;

	if (!write) {
		for (int i = 0; i < table->maxlen; i++)
			seq_printf(m, "%s%d", i ? "\t" : "", READ_ONCE(data[i]));
		seq_putc(m, '\n');
		return 0;
	}
	while ((tok = strsep(&p, " \t\n")) != NULL) {
		if (!*tok)
			continue;
		if (n == table->maxlen || kstrtoint(tok, 10, &vals[n]))
			return -EINVAL;
		if ((table->extra1 && vals[n] < *table->extra1) ||
		    (table->extra2 && vals[n] > *table->extra2))
			return -EINVAL;
		n++;
	}
	if (!n)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		WRITE_ONCE(data[i], vals[i]);
	return 0;
}

static int sysctl_show(struct seq_file *m, void *data)
{
	struct ctl_table *table = data;

	return table->proc_handler(table, 0, NULL, m);
}

static ssize_t sysctl_write(void *data, const char *buf, size_t count)
{
	struct ctl_table *table = data;
	int ret = table->proc_handler(table, 1, (char *)buf, NULL);

	return ret ? ret : (ssize_t)count;
}

static const struct proc_ops sysctl_ops = {
	.proc_show = sysctl_show,
	.proc_write = sysctl_write,
};

/**
 * sysctl_init - make /proc/sys/kernel and its files
 *
 * Context: boot, after proc_root_init(). Return: nothing; a file that cannot be made is
 * missing.
 */
void sysctl_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir_path("/proc/sys/kernel");

	if (!dir)
		return;
	for (struct ctl_table *t = kern_table; t->procname; t++)
		proc_create_data(t->procname, t->mode, dir, &sysctl_ops, t);
}
