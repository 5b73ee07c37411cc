/* /sys/devices/system/cpu (Linux's drivers/base/cpu.c): the possible, present, online and
 * offline masks as lists, and each CPU's "online" file, whose write takes it down or brings
 * it up through the hotplug state machine (remove_cpu/add_cpu); and the state machine's own
 * files, which Linux's kernel/cpu.c adds (cpuhp_sysfs_init): hotplug/states, and each CPU's
 * hotplug/state and hotplug/fail. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

static void print_cpu_list(struct seq_file *m, const struct cpumask *mask)
{
	char list[3 * NR_CPUS];

	cpumap_print_list(list, sizeof(list), mask);
	seq_printf(m, "%s\n", list);
}

static int show_cpus_attr(struct seq_file *m, void *mask)
{
	print_cpu_list(m, mask);
	return 0;
}

/* Linux's print_cpus_offline(): possible but not online, up to nr_cpu_ids. */
static int print_cpus_offline(struct seq_file *m, void *unused)
{
	struct cpumask offline;
	unsigned int cpu;

	cpumask_clear(&offline);
	for_each_possible_cpu(cpu)
		if (!cpu_online(cpu))
			cpumask_set_cpu(cpu, &offline);
	print_cpu_list(m, &offline);
	return 0;
}

static int online_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%d\n", cpu_online((unsigned long)data));
	return 0;
}

/*
 * Linux's online_store() through device_online()/device_offline(): "0" or "1" (kstrtobool
 * also takes y/n); the CPU goes down or up and the write waits for it. Linux on x86 gives CPU
 * 0 no online file unless it may be unplugged; Spindle gives it one that refuses with -EBUSY
 * (remove_cpu()'s answer), so the attempt can be made and seen to fail.
 */
static ssize_t online_store(void *data, const char *buf, size_t count)
{
	unsigned int cpu = (unsigned long)data;
	bool up;
	int ret;

	if (count > 2 || (count == 2 && buf[1] != '\n'))
		return -EINVAL;
	if (strchr("1yY", buf[0]))
		up = true;
	else if (strchr("0nN", buf[0]))
		up = false;
	else
		return -EINVAL;
	ret = up ? add_cpu(cpu) : remove_cpu(cpu);
	return ret ? ret : (ssize_t)count;
}

static const struct proc_ops cpu_online_ops = {
	.proc_show = online_show,
	.proc_write = online_store,
};

/* Linux's states_show(): every named step, "number: name". */
static int hotplug_states_show(struct seq_file *m, void *unused)
{
	for (int state = CPUHP_OFFLINE; state <= CPUHP_ONLINE; state++) {
		const char *name = cpuhp_state_name(state);

		if (name)
			seq_printf(m, "%3d: %s\n", state, name);
	}
	return 0;
}

static int hotplug_state_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%d\n", cpuhp_get_state((unsigned long)data));
	return 0;
}

static int hotplug_fail_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%d\n", cpuhp_get_fail((unsigned long)data));
	return 0;
}

/* Linux's fail_store(): a state number (-1 cancels); cpuhp_set_fail() says which it takes. */
static ssize_t hotplug_fail_store(void *data, const char *buf, size_t count)
{
	int fail, ret = kstrtoint(buf, 10, &fail);

	if (ret)
		return ret;
	ret = cpuhp_set_fail((unsigned long)data, fail);
	return ret ? ret : (ssize_t)count;
}

static const struct proc_ops hotplug_fail_ops = {
	.proc_show = hotplug_fail_show,
	.proc_write = hotplug_fail_store,
};

/**
 * cpu_dev_init - make /sys/devices/system/cpu and a directory for each possible CPU
 *
 * Context: boot, after proc_root_init() and once the possible mask is final (after
 * smp_prepare_cpus()). Return: nothing; what cannot be made is missing.
 */
void cpu_dev_init(void)
{
	struct proc_dir_entry *dir = proc_mkdir_path("/sys/devices/system/cpu");
	struct proc_dir_entry *hp_dir;
	unsigned int cpu;

	if (!dir)
		return;
	proc_create_single_data("online", 0444, dir, show_cpus_attr, (void *)cpu_online_mask);
	proc_create_single_data("possible", 0444, dir, show_cpus_attr, (void *)cpu_possible_mask);
	proc_create_single_data("present", 0444, dir, show_cpus_attr, (void *)cpu_present_mask);
	proc_create_single("offline", 0444, dir, print_cpus_offline);
	hp_dir = proc_mkdir("hotplug", dir);
	if (hp_dir)
		proc_create_single("states", 0444, hp_dir, hotplug_states_show);
	for_each_possible_cpu(cpu) {
		char *name = kasprintf(GFP_KERNEL, "cpu%u", cpu);
		struct proc_dir_entry *cpu_dir = name ? proc_mkdir(name, dir) : NULL;

		if (!cpu_dir) {
			kfree(name);
			continue;
		}
		proc_create_data("online", 0644, cpu_dir, &cpu_online_ops, (void *)(unsigned long)cpu);
		hp_dir = proc_mkdir("hotplug", cpu_dir);
		if (!hp_dir)
			continue;
		proc_create_single_data("state", 0444, hp_dir, hotplug_state_show,
					(void *)(unsigned long)cpu);
		proc_create_data("fail", 0644, hp_dir, &hotplug_fail_ops,
				 (void *)(unsigned long)cpu);
	}
}
