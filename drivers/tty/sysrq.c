/* Magic SysRq (Linux's drivers/tty/sysrq.c): one key, typed after a BREAK on the serial line,
 * asks the kernel to show its state whatever else it is doing. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/sysrq.h>
#include <linux/workqueue.h>
#include <asm/irq_regs.h>
#include <asm/pgtable.h>
#include <asm/traps.h>

struct sysrq_key_op {
	void (*handler)(int key);
	const char *help_msg;
	const char *action_msg;
};

static void sysrq_handle_loglevel(int key)
{
	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	pr_info("sysrq: Loglevel set to %d\n", key - '0');
	console_loglevel = key - '0';
}

static const struct sysrq_key_op sysrq_loglevel_op = {
	.handler	= sysrq_handle_loglevel,
	.help_msg	= "loglevel(0-9)",
	.action_msg	= "Changing Loglevel",
};

/* The interrupted context's registers: only a key that came by interrupt has them. Linux
 * prints nothing more from process context (a write to /proc/sysrq-trigger) either. */
static void sysrq_handle_showregs(int key)
{
	struct pt_regs *regs = get_irq_regs();

	if (regs)
		show_regs(regs);
}

static const struct sysrq_key_op sysrq_showregs_op = {
	.handler	= sysrq_handle_showregs,
	.help_msg	= "show-registers(p)",
	.action_msg	= "Show Regs",
};

/* Linux's: every task, then the workqueues and pools that have work in hand. */
static void sysrq_handle_showstate(int key)
{
	show_state_filter(0);
	show_all_workqueues();
}

static const struct sysrq_key_op sysrq_showstate_op = {
	.handler	= sysrq_handle_showstate,
	.help_msg	= "show-task-states(t)",
	.action_msg	= "Show State",
};

static void sysrq_handle_showstate_blocked(int key)
{
	show_state_filter(TASK_UNINTERRUPTIBLE);
}

static const struct sysrq_key_op sysrq_showstate_blocked_op = {
	.handler	= sysrq_handle_showstate_blocked,
	.help_msg	= "show-blocked-tasks(w)",
	.action_msg	= "Show Blocked State",
};

/* Linux's show_mem() in the few numbers Spindle keeps: pages free, slab objects, RAM. */
static void sysrq_handle_showmem(int key)
{
	pr_info("Mem-Info:\n");
	pr_info("free:%lu slab_objects:%lu pagetables:%lu\n", nr_free_pages(),
		slab_objects_in_use(), nr_kernel_pgtable_pages());
	pr_info("%lu pages RAM\n", totalram_pages());
}

static const struct sysrq_key_op sysrq_showmem_op = {
	.handler	= sysrq_handle_showmem,
	.help_msg	= "show-memory-usage(m)",
	.action_msg	= "Show Memory",
};

static void sysrq_handle_showallcpus(int key)
{
	trigger_all_cpu_backtrace();
}

static const struct sysrq_key_op sysrq_showallcpus_op = {
	.handler	= sysrq_handle_showallcpus,
	.help_msg	= "show-backtrace-all-active-cpus(l)",
	.action_msg	= "Show backtrace of all active CPUs",
};

/* Linux's emergency sync writes back every file system's dirty data and says so; Spindle has no
 * file system with data to write, so there is nothing between the two lines. */
static void sysrq_handle_sync(int key)
{
	pr_info("Emergency Sync complete\n");
}

static const struct sysrq_key_op sysrq_sync_op = {
	.handler	= sysrq_handle_sync,
	.help_msg	= "sync(s)",
	.action_msg	= "Emergency Sync",
};

/* Linux's table is indexed by key: 0-9, then a-z. The keys Spindle has are filled in. */
static const struct sysrq_key_op *sysrq_key_table[36] = {
	['0'-'0'] = &sysrq_loglevel_op, ['1'-'0'] = &sysrq_loglevel_op,
	['2'-'0'] = &sysrq_loglevel_op, ['3'-'0'] = &sysrq_loglevel_op,
	['4'-'0'] = &sysrq_loglevel_op, ['5'-'0'] = &sysrq_loglevel_op,
	['6'-'0'] = &sysrq_loglevel_op, ['7'-'0'] = &sysrq_loglevel_op,
	['8'-'0'] = &sysrq_loglevel_op, ['9'-'0'] = &sysrq_loglevel_op,
	[10 + 'l' - 'a'] = &sysrq_showallcpus_op,
	[10 + 'm' - 'a'] = &sysrq_showmem_op,
	[10 + 'p' - 'a'] = &sysrq_showregs_op,
	[10 + 's' - 'a'] = &sysrq_sync_op,
	[10 + 't' - 'a'] = &sysrq_showstate_op,
	[10 + 'w' - 'a'] = &sysrq_showstate_blocked_op,
};

static const struct sysrq_key_op *sysrq_get_key_op(int key)
{
	if (key >= '0' && key <= '9')
		return sysrq_key_table[key - '0'];
	if (key >= 'a' && key <= 'z')
		return sysrq_key_table[10 + key - 'a'];
	return NULL;
}

/**
 * handle_sysrq - run the SysRq action of @key
 * @key: the key typed after the BREAK (or written to /proc/sysrq-trigger)
 *
 * Linux's __handle_sysrq(): "sysrq: <action>" and the action, or for a key without one
 * (h among them) "sysrq: HELP : " and every action's key. The messages are printed whatever
 * the console loglevel, as Linux raises it for them.
 *
 * Context: any, hard interrupts included (the keyboard's interrupt calls it; the serial line's
 * irq/4-ttyS0 thread, /proc/sysrq-trigger's writer). Return:
 * nothing.
 */
void handle_sysrq(int key)
{
	const struct sysrq_key_op *op = sysrq_get_key_op(key);
	int orig_loglevel = console_loglevel;

	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	if (op) {
		pr_info("sysrq: %s\n", op->action_msg);
		console_loglevel = orig_loglevel;
		op->handler(key);
		return;
	}
	pr_info("sysrq: HELP : ");
	for (size_t i = 0; i < ARRAY_SIZE(sysrq_key_table); i++) {
		/* Each action once, at its first key (the loglevel one stands for 0-9). */
		if (!sysrq_key_table[i] || (i && sysrq_key_table[i] == sysrq_key_table[i - 1]))
			continue;
		pr_cont("%s ", sysrq_key_table[i]->help_msg);
	}
	pr_cont("\n");
	console_loglevel = orig_loglevel;
}

/*
 * Linux's write_sysrq_trigger(): the first character written to /proc/sysrq-trigger is the
 * key (Linux 6.1 has no '_' bulk mode yet), run in the writer's context.
 */
static ssize_t write_sysrq_trigger(void *data, const char *buf, size_t count)
{
	if (count)
		handle_sysrq(buf[0]);
	return count;
}

static const struct proc_ops sysrq_trigger_proc_ops = {
	.proc_write	= write_sysrq_trigger,
};

/**
 * sysrq_init - make /proc/sysrq-trigger
 *
 * Context: boot, after proc_root_init(). Return: nothing.
 */
void sysrq_init(void)
{
	proc_create_data("sysrq-trigger", 0200, NULL, &sysrq_trigger_proc_ops, NULL);
}
