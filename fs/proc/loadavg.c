/* /proc/loadavg (Linux's fs/proc/loadavg.c): the three load averages, runnable/all tasks, and
 * the last PID handed out. */
#include <linux/kernel.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/seq_file.h>
#include "internal.h"

static int loadavg_proc_show(struct seq_file *m, void *v)
{
	unsigned long avnrun[3];

	/* Rounded to the nearest hundredth, as Linux's get_avenrun(avnrun, FIXED_1/200, 0). */
	for (int i = 0; i < 3; i++)
		avnrun[i] = READ_ONCE(avenrun[i]) + FIXED_1 / 200;
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%lu %d\n",
		   LOAD_INT(avnrun[0]), LOAD_FRAC(avnrun[0]),
		   LOAD_INT(avnrun[1]), LOAD_FRAC(avnrun[1]),
		   LOAD_INT(avnrun[2]), LOAD_FRAC(avnrun[2]),
		   nr_running(), nr_tasks(), READ_ONCE(init_pid_ns.last_pid));
	return 0;
}

/**
 * proc_loadavg_init - make /proc/loadavg
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_loadavg_init(void)
{
	proc_create_single("loadavg", 0444, NULL, loadavg_proc_show);
}
