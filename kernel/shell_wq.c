/* The console's workqueue command: wq prints the worker pools, their kworkers and what each
 * runs, the works waiting, and which pool each workqueue queues on (kernel/workqueue.c's
 * wq_dump_show, in the spirit of Linux's tools/workqueue/wq_dump.py). */
#include <linux/kernel.h>
#include <linux/shell.h>
#include <linux/workqueue.h>

static int cmd_wq(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage("wq");
	return shell_show(wq_dump_show, NULL) ? 1 : 0;
}

const struct shell_cmd shell_wq_cmds[] = {
	{ "wq", "wq", "workqueue pools, kworkers, in-flight and pending works, workqueue -> pool",
	  cmd_wq },
	{}
};
