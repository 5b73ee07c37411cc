// SPDX-License-Identifier: GPL-2.0
/*
 * Turning trace events on and off: the set_event and available_events files and the
 * trace_event= boot option (Linux's kernel/trace/trace_events.c).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "trace.h"

/* The trace_event= list, applied by trace_event_init() once the buffer exists. */
#define BOOTUP_EVENT_BUF_SIZE	256
static char bootup_event_buf[BOOTUP_EVENT_BUF_SIZE];

static int setup_trace_event(char *str)
{
	if (strlen(str) >= sizeof(bootup_event_buf))
		return -EINVAL;
	strscpy(bootup_event_buf, str, sizeof(bootup_event_buf));
	return 0;
}
__setup("trace_event=", setup_trace_event);

/**
 * trace_event_by_type - the event whose entries carry @type
 * @type: trace_entry.type
 *
 * Context: any. Return: the event, or NULL for a type no event has.
 */
struct trace_event_call *trace_event_by_type(unsigned short type)
{
	return type && type <= nr_ftrace_events ? ftrace_events[type - 1] : NULL;
}

/* Does @call match? NULL or "*" matches anything; a lone @event may also name the system,
 * so "sched" means every sched event (Linux's __ftrace_set_clr_event_nolock()). */
static bool event_matches(struct trace_event_call *call, const char *system, const char *event)
{
	bool any_event = !event || !*event || !strcmp(event, "*");

	if (system && *system && strcmp(system, "*") && strcmp(system, call->system))
		return false;
	if (!system && event && strcmp(event, call->name) && strcmp(event, call->system))
		return false;
	return system ? any_event || !strcmp(event, call->name) : true;
}

/* Turn the matching events on (@set) or off; caller holds event_mutex. */
static int __ftrace_set_clr_event(const char *system, const char *event, int set)
{
	int ret = -EINVAL;

	if (set) {
		int err = tracing_update_buffers();

		if (err)
			return err;
	}
	for (unsigned int i = 0; i < nr_ftrace_events; i++) {
		if (!event_matches(ftrace_events[i], system, event))
			continue;
		WRITE_ONCE(ftrace_events[i]->enabled, set);
		ret = 0;
	}
	return ret;
}

/**
 * trace_set_clr_event - turn the events matching @system and @event on or off
 * @system: a system ("sched"), or NULL for any
 * @event: an event name, or NULL for all of @system
 * @set: 1 on, 0 off
 *
 * The first event turned on gives the rings their size (tracing_update_buffers()).
 *
 * Context: process context; may sleep. Return: 0, -EINVAL when nothing matched, -ENOMEM.
 */
int trace_set_clr_event(const char *system, const char *event, int set)
{
	int ret;

	mutex_lock(&event_mutex);
	ret = __ftrace_set_clr_event(system, event, set);
	mutex_unlock(&event_mutex);
	return ret;
}

/* One word of set_event or trace_event=: "[!]system:event", "[!]system:", "[!]name". */
static int ftrace_set_clr_event(char *buf)
{
	char *event, *system = NULL;
	int set = 1;

	if (*buf == '!') {
		buf++;
		set = 0;
	}
	event = strchr(buf, ':');
	if (event) {
		*event++ = '\0';
		system = buf;
	} else {
		event = buf;
	}
	return __ftrace_set_clr_event(system, event, set);
}

/* Apply every word of @list (commas or white space between); the first error wins. */
static int ftrace_set_clr_events(char *list)
{
	char *word;
	int ret = 0;

	while ((word = strsep(&list, ", \t\n"))) {
		int err;

		if (!*word)
			continue;
		err = ftrace_set_clr_event(word);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/**
 * trace_event_init - number the events and turn on those trace_event= names
 *
 * Context: kernel_init, from trace_init(). Return: nothing.
 */
void trace_event_init(void)
{
	for (unsigned int i = 0; i < nr_ftrace_events; i++)
		ftrace_events[i]->type = i + 1;
	if (!bootup_event_buf[0])
		return;
	mutex_lock(&event_mutex);
	if (ftrace_set_clr_events(bootup_event_buf))
		pr_warn("Failed to enable trace event: %s\n", bootup_event_buf);
	mutex_unlock(&event_mutex);
}

/* set_event: the events on, one "system:event" a line. */
static int ftrace_event_show(struct seq_file *m, void *data)
{
	for (unsigned int i = 0; i < nr_ftrace_events; i++)
		if (READ_ONCE(ftrace_events[i]->enabled))
			seq_printf(m, "%s:%s\n", ftrace_events[i]->system, ftrace_events[i]->name);
	return 0;
}

/*
 * A write names the events to turn on ("!" before one turns it off). The shell's "> FILE"
 * truncates, and Linux clears every event when set_event is opened with O_TRUNC, so the
 * events on afterwards are exactly those written.
 */
static ssize_t ftrace_event_write(void *data, const char *buf, size_t count)
{
	char *copy = kmalloc(count + 1, GFP_KERNEL);
	int ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, count + 1);
	mutex_lock(&event_mutex);
	__ftrace_set_clr_event(NULL, NULL, 0);
	ret = ftrace_set_clr_events(copy);
	mutex_unlock(&event_mutex);
	kfree(copy);
	return ret ? ret : (ssize_t)count;
}

static const struct proc_ops ftrace_set_event_fops = {
	.proc_show = ftrace_event_show,
	.proc_write = ftrace_event_write,
};

static int ftrace_avail_show(struct seq_file *m, void *data)
{
	for (unsigned int i = 0; i < nr_ftrace_events; i++)
		seq_printf(m, "%s:%s\n", ftrace_events[i]->system, ftrace_events[i]->name);
	return 0;
}

/**
 * event_trace_init_tracefs - set_event and available_events in @dir
 * @dir: /sys/kernel/tracing
 *
 * Context: kernel_init. Return: nothing.
 */
void event_trace_init_tracefs(struct proc_dir_entry *dir)
{
	if (!proc_create_data("set_event", 0644, dir, &ftrace_set_event_fops, NULL) ||
	    !proc_create_single("available_events", 0444, dir, ftrace_avail_show))
		pr_warn("tracing: no memory for set_event\n");
}
