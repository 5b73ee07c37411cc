/* The console's trace command: `trace timeline` draws who ran on each CPU over the last
 * milliseconds of the trace, as text (Spindle's own; on Linux a program such as trace-cmd or
 * Perfetto reads /sys/kernel/tracing/trace, which tools/trace.py does for the SVG). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/shell.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/time.h>
#include <trace/events/sched.h>
#include "trace/trace.h"

#define TIMELINE_COLS	64
#define TIMELINE_MS	20		/* the window when none is given */
#define TIMELINE_TASKS	62		/* a-z, A-Z, 0-9 */

/* A CPU switching to a task: all the timeline needs of sched_switch. */
struct tl_switch {
	u64 ts;
	int cpu;
	int prev_pid, next_pid;
	char prev_comm[TASK_COMM_LEN], next_comm[TASK_COMM_LEN];
};

/* A task seen in the window, the letter it gets and the time it ran there. */
struct tl_task {
	int pid;
	char comm[TASK_COMM_LEN];
	u64 ns;
	char letter;
};

struct timeline {
	struct tl_switch *sw;
	unsigned long nr;
	u64 start, end;			/* the window */
	struct tl_task tasks[TIMELINE_TASKS];
	int nr_tasks;
	unsigned int other;		/* tasks past the last letter, drawn '?' */
};

/* Every sched_switch in the rings, oldest first; the window ends at the newest event. */
static int timeline_collect(struct timeline *tl)
{
	struct trace_iterator *iter = trace_iter_open();
	struct trace_entry *ent;

	if (!iter)
		return -ENOMEM;
	tl->sw = vmalloc(max(iter->entries, 1UL) * sizeof(*tl->sw));
	if (!tl->sw) {
		trace_iter_close(iter);
		return -ENOMEM;
	}
	while ((ent = trace_find_next_entry_inc(iter))) {
		const struct trace_event_raw_sched_switch *e = (const void *)ent;
		struct tl_switch *s = &tl->sw[tl->nr];

		tl->end = iter->ts;
		if (ent->type != event_sched_switch.type)
			continue;
		s->ts = iter->ts;
		s->cpu = iter->cpu;
		s->prev_pid = e->prev_pid;
		s->next_pid = e->next_pid;
		memcpy(s->prev_comm, e->prev_comm, TASK_COMM_LEN);
		memcpy(s->next_comm, e->next_comm, TASK_COMM_LEN);
		tl->nr++;
	}
	trace_iter_close(iter);
	return 0;
}

static struct tl_task *timeline_task(struct timeline *tl, int pid, const char *comm)
{
	for (int i = 0; i < tl->nr_tasks; i++)
		if (tl->tasks[i].pid == pid)
			return &tl->tasks[i];
	if (tl->nr_tasks == TIMELINE_TASKS)
		return NULL;
	tl->tasks[tl->nr_tasks].pid = pid;
	memcpy(tl->tasks[tl->nr_tasks].comm, comm, TASK_COMM_LEN);
	return &tl->tasks[tl->nr_tasks++];
}

/*
 * Walk @cpu's switches and call @fn for each stretch one task ran inside the window: from a
 * switch to it until the next switch on that CPU (or the window's end); the task is NULL once
 * the letters ran out. Before a CPU's first switch its task is unknown and nothing is drawn.
 */
static void timeline_walk(struct timeline *tl, int cpu,
			  void (*fn)(struct timeline *tl, struct tl_task *t, u64 from, u64 to,
				     void *arg), void *arg)
{
	struct tl_switch *last = NULL;

	for (unsigned long i = 0; i <= tl->nr; i++) {
		struct tl_switch *s = i < tl->nr ? &tl->sw[i] : NULL;
		u64 to = s ? s->ts : tl->end;

		if (s && s->cpu != cpu)
			continue;
		if (last && to > tl->start)
			fn(tl, timeline_task(tl, last->next_pid, last->next_comm),
			   max(last->ts, tl->start), to, arg);
		last = s;
	}
}

static void timeline_account(struct timeline *tl, struct tl_task *t, u64 from, u64 to, void *arg)
{
	if (t)
		t->ns += to - from;
	else
		tl->other++;
}

/* One CPU's row: each column shows the task that ran longest in it. */
struct tl_row {
	u64 best_ns[TIMELINE_COLS];
	char cells[TIMELINE_COLS + 1];
	u64 ns[TIMELINE_COLS][TIMELINE_TASKS];
};

static void timeline_paint(struct timeline *tl, struct tl_task *t, u64 from, u64 to, void *arg)
{
	struct tl_row *row = arg;
	u64 width = (tl->end - tl->start) / TIMELINE_COLS ?: 1;
	int idx;

	if (!t)
		return;
	idx = t - tl->tasks;

	for (u64 col = (from - tl->start) / width; col < TIMELINE_COLS; col++) {
		u64 lo = tl->start + col * width, hi = lo + width;
		u64 ns;

		if (lo >= to)
			break;
		ns = min(hi, to) - max(lo, from);
		row->ns[col][idx] += ns;
		if (row->ns[col][idx] > row->best_ns[col]) {
			row->best_ns[col] = row->ns[col][idx];
			row->cells[col] = t->letter;
		}
	}
}

/* Letters by time run, most first; the idle tasks are '.'. */
static void timeline_letters(struct timeline *tl)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	int next = 0;

	for (int i = 0; i < tl->nr_tasks; i++) {
		for (int j = i + 1; j < tl->nr_tasks; j++) {
			if (tl->tasks[j].ns > tl->tasks[i].ns) {
				struct tl_task tmp = tl->tasks[i];

				tl->tasks[i] = tl->tasks[j];
				tl->tasks[j] = tmp;
			}
		}
	}
	for (int i = 0; i < tl->nr_tasks; i++)
		tl->tasks[i].letter = tl->tasks[i].pid ? letters[next++] : '.';
}

static int trace_timeline(unsigned long ms)
{
	struct timeline *tl = vzalloc(sizeof(*tl));
	struct tl_row *row = vmalloc(sizeof(*row));
	u64 width;
	int ret = -ENOMEM;

	if (!tl || !row)
		goto out;
	ret = timeline_collect(tl);
	if (ret)
		goto out;
	if (!tl->nr) {
		shell_printf("trace: no sched_switch events (echo sched:sched_switch > "
			     "/sys/kernel/tracing/set_event, then run something)\n");
		ret = 0;
		goto out;
	}
	tl->start = tl->end > ms * NSEC_PER_MSEC ? tl->end - ms * NSEC_PER_MSEC : 0;
	width = (tl->end - tl->start) / TIMELINE_COLS ?: 1;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		timeline_walk(tl, cpu, timeline_account, NULL);
	timeline_letters(tl);
	shell_printf("CPU  |%lu.%06lu s%*s%lu.%06lu s|  (a column is %lu us)\n",
		     tl->start / NSEC_PER_SEC, tl->start / NSEC_PER_USEC % USEC_PER_SEC,
		     TIMELINE_COLS - 24, "", tl->end / NSEC_PER_SEC,
		     tl->end / NSEC_PER_USEC % USEC_PER_SEC, width / NSEC_PER_USEC);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids && !shell_interrupted(); cpu++) {
		memset(row, 0, sizeof(*row));
		memset(row->cells, ' ', TIMELINE_COLS);
		timeline_walk(tl, cpu, timeline_paint, row);
		shell_printf("%3u  |%s|\n", cpu, row->cells);
	}
	for (int i = 0; i < tl->nr_tasks; i++) {
		if (!tl->tasks[i].ns)
			continue;
		shell_printf("  %c  %s-%d  %lu.%03lu ms\n", tl->tasks[i].letter,
			     tl->tasks[i].pid ? tl->tasks[i].comm : "<idle>", tl->tasks[i].pid,
			     tl->tasks[i].ns / NSEC_PER_MSEC,
			     tl->tasks[i].ns / NSEC_PER_USEC % USEC_PER_MSEC);
	}
	if (tl->other)
		shell_printf("  and %u more stretches of tasks without a letter\n", tl->other);
	ret = 0;
out:
	if (tl)
		vfree(tl->sw);
	vfree(tl);
	vfree(row);
	return ret;
}

static int cmd_trace(int argc, char **argv)
{
	unsigned long ms = TIMELINE_MS;
	int ret;

	if (argc < 2 || argc > 3 || strcmp(argv[1], "timeline"))
		return shell_usage("trace");
	if (argc == 3 && (kstrtoul(argv[2], 10, &ms) || !ms || ms > 1000000)) {
		shell_printf("trace: invalid number of milliseconds: '%s'\n", argv[2]);
		return 1;
	}
	ret = trace_timeline(ms);
	if (ret) {
		shell_printf("trace: %s\n", strerror(ret));
		return 1;
	}
	return 0;
}

const struct shell_cmd shell_trace_cmds[] = {
	{ "trace", "trace timeline [MS]",
	  "who ran on each CPU in the last MS ms of the trace (default 20), a letter a task",
	  cmd_trace },
	{}
};
