// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing: the global ring buffer, recording an event into it, and the files of
 * /sys/kernel/tracing that read and control it: trace, tracing_on, buffer_size_kb (Linux's
 * kernel/trace/trace.c and the context part of kernel/trace/trace_output.c).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/trace.h>
#include <linux/time.h>
#include <asm/processor.h>
#include "trace.h"

/*
 * Linux 6.1 gives each CPU 1408 KiB once tracing is first used. Spindle's text leaves the
 * machine over a serial line, so the default is smaller: 256 KiB, about 2,700 events a CPU.
 * trace_buf_size= on the command line and buffer_size_kb change it.
 */
#define TRACE_BUF_SIZE_DEFAULT	(256 * 1024UL)

static unsigned long trace_buf_size = TRACE_BUF_SIZE_DEFAULT;
/* The buffer every event goes to; rings of size 0 until tracing_update_buffers(). */
static struct trace_buffer *global_buffer;
static bool ring_buffer_expanded;

/*
 * Serialises what changes the buffer or the events: resizing, resetting, expanding, turning
 * events on and off, and readers (which pause recording). Process context only.
 */
DEFINE_MUTEX(event_mutex);

/* "trace_buf_size=NN[KMG]": bytes per CPU, as in Linux. */
static int set_buf_size(char *str)
{
	unsigned long long size;
	char *end = str + strlen(str);
	unsigned int shift = 0;

	if (end > str && strchr("kKmMgG", end[-1])) {
		shift = strchr("kK", end[-1]) ? 10 : strchr("mM", end[-1]) ? 20 : 30;
		end[-1] = '\0';
	}
	if (kstrtoull(str, 0, &size) || !size || size > (1ULL << 40) >> shift)
		return -EINVAL;
	trace_buf_size = size << shift;
	return 0;
}
__setup("trace_buf_size=", set_buf_size);

/* ---- Recording ------------------------------------------------------------------------ */

/*
 * Remembered names: the trace file prints the comm of an event's pid as it was when the task
 * ran, even after the task exited or was renamed (Linux's saved_cmdlines, 128 by default).
 */
#define SAVED_CMDLINES	128
static struct {
	int pid;
	char comm[TASK_COMM_LEN];
} saved_cmdlines[SAVED_CMDLINES];
/* Protects saved_cmdlines; taken only with trylock from the recording path (interrupts off). */
static DEFINE_SPINLOCK(trace_cmdline_lock);

/* Called with interrupts off after an event: keep current's comm for its pid. */
static void tracing_record_cmdline(struct task_struct *tsk)
{
	unsigned int slot = (unsigned int)tsk->pid % SAVED_CMDLINES;

	if (!tsk->pid || !spin_trylock(&trace_cmdline_lock))
		return;
	if (saved_cmdlines[slot].pid != tsk->pid || strcmp(saved_cmdlines[slot].comm, tsk->comm)) {
		saved_cmdlines[slot].pid = tsk->pid;
		memcpy(saved_cmdlines[slot].comm, tsk->comm, TASK_COMM_LEN);
	}
	spin_unlock(&trace_cmdline_lock);
}

/* The comm to print for @pid: "<idle>" for 0, "<...>" for one not remembered. */
static void trace_find_cmdline(int pid, char comm[TASK_COMM_LEN])
{
	unsigned int slot = (unsigned int)pid % SAVED_CMDLINES;
	unsigned long flags;

	if (!pid) {
		strscpy(comm, "<idle>", TASK_COMM_LEN);
		return;
	}
	spin_lock_irqsave(&trace_cmdline_lock, flags);
	if (saved_cmdlines[slot].pid == pid)
		memcpy(comm, saved_cmdlines[slot].comm, TASK_COMM_LEN);
	else
		strscpy(comm, "<...>", TASK_COMM_LEN);
	spin_unlock_irqrestore(&trace_cmdline_lock, flags);
}

/* The context an event is recorded in, for the trace file's five letters (Linux's
 * tracing_gen_ctx_irq_test()). */
static unsigned int tracing_gen_ctx_flags(unsigned long irqflags)
{
	unsigned int pc = preempt_count();
	unsigned int flags = 0;

	if (!(irqflags & X86_EFLAGS_IF))
		flags |= TRACE_FLAG_IRQS_OFF;
	if (pc & NMI_MASK)
		flags |= TRACE_FLAG_NMI;
	if (pc & HARDIRQ_MASK)
		flags |= TRACE_FLAG_HARDIRQ;
	if (in_serving_softirq())
		flags |= TRACE_FLAG_SOFTIRQ;
	if (softirq_count() >> (SOFTIRQ_SHIFT + 1))
		flags |= TRACE_FLAG_BH_OFF;
	if (test_tsk_need_resched(current))
		flags |= TRACE_FLAG_NEED_RESCHED;
	if (!(raw_cpu_read(__preempt_count) & PREEMPT_NEED_RESCHED))
		flags |= TRACE_FLAG_PREEMPT_RESCHED;
	return flags << 16 | min(pc & PREEMPT_MASK, 0xfU);
}

/**
 * trace_event_buffer_reserve - start recording one event of @call
 * @fbuffer: where the reservation is kept until trace_event_buffer_commit()
 * @call: the event
 * @len: the size of its struct (trace_entry first)
 *
 * Turns interrupts off until the commit (see ring_buffer_lock_reserve()) and fills in the
 * common header: the event's type, the context letters, the preemption depth, the pid.
 *
 * Context: any but NMI. Return: the event's struct to fill, or NULL when it is not being
 * recorded (interrupts are then as they were).
 */
void *trace_event_buffer_reserve(struct trace_event_buffer *fbuffer,
				 struct trace_event_call *call, unsigned long len)
{
	struct ring_buffer_event *event;
	struct trace_entry *entry;
	unsigned int ctx;

	local_irq_save(fbuffer->flags);
	ctx = tracing_gen_ctx_flags(fbuffer->flags);
	event = global_buffer ? ring_buffer_lock_reserve(global_buffer, len) : NULL;
	if (!event) {
		local_irq_restore(fbuffer->flags);
		return NULL;
	}
	entry = ring_buffer_event_data(event);
	entry->type = call->type;
	entry->flags = ctx >> 16;
	entry->preempt_count = ctx & 0xff;
	entry->pid = current->pid;
	fbuffer->entry = entry;
	return entry;
}

/**
 * trace_event_buffer_commit - publish the event trace_event_buffer_reserve() started
 * @fbuffer: the reservation
 *
 * Context: right after a successful reserve, on the same CPU. Return: nothing.
 */
void trace_event_buffer_commit(struct trace_event_buffer *fbuffer)
{
	ring_buffer_unlock_commit(global_buffer);
	tracing_record_cmdline(current);
	local_irq_restore(fbuffer->flags);
}

/**
 * tracing_update_buffers - give the rings their size, the first time an event is turned on
 *
 * Linux 6.1 boots with tiny rings and expands them on first use, so a kernel that never
 * traces spends no memory on it; the same here.
 *
 * Context: process context, event_mutex held. Return: 0, or -ENOMEM (the rings stay empty).
 */
int tracing_update_buffers(void)
{
	int ret;

	if (!global_buffer)
		return -ENOMEM;
	if (ring_buffer_expanded)
		return 0;
	ret = ring_buffer_resize(global_buffer, trace_buf_size);
	if (!ret)
		ring_buffer_expanded = true;
	return ret;
}

/* ---- Reading --------------------------------------------------------------------------- */

/*
 * Pause recording and wait out writes in flight, so the rings hold still for a reader (Linux's
 * tracing_stop() with the "pause-on-trace" option, its default since 5.11).
 */
static void tracing_stop(void)
{
	ring_buffer_record_disable_sync(global_buffer);
}

/**
 * trace_iter_open - pause recording and start reading every CPU's events in time order
 *
 * Context: process context; takes event_mutex until trace_iter_close(). Return: the
 * iterator, or NULL without memory (or without a ring buffer, trace_init() having failed).
 */
struct trace_iterator *trace_iter_open(void)
{
	struct trace_iterator *iter;

	if (!global_buffer)
		return NULL;
	iter = kzalloc(sizeof(*iter) + nr_cpu_ids * sizeof(iter->iters[0]), GFP_KERNEL);
	if (!iter)
		return NULL;
	mutex_lock(&event_mutex);
	tracing_stop();
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		ring_buffer_read_start(&iter->iters[cpu], global_buffer, cpu);
		iter->entries += ring_buffer_entries_cpu(global_buffer, cpu);
		iter->total += ring_buffer_entries_cpu(global_buffer, cpu) +
			       ring_buffer_overrun_cpu(global_buffer, cpu);
		if (ring_buffer_overrun_cpu(global_buffer, cpu))
			iter->annotate = true;
	}
	return iter;
}

/**
 * trace_find_next_entry_inc - the oldest event not yet read, from whichever CPU has it
 * @iter: the iterator
 *
 * O(CPUs) per event: each CPU's ring is in time order, so the next event is the oldest of
 * their heads (Linux's __find_next_entry()).
 *
 * Context: process context, between trace_iter_open() and trace_iter_close(). Return: the
 * event (iter->cpu and iter->ts say where and when), or NULL when all are read.
 */
struct trace_entry *trace_find_next_entry_inc(struct trace_iterator *iter)
{
	struct ring_buffer_event *next = NULL;
	int next_cpu = -1;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ring_buffer_event *event = ring_buffer_iter_peek(&iter->iters[cpu]);

		if (event && (!next || event->ts < next->ts)) {
			next = event;
			next_cpu = cpu;
		}
	}
	iter->ent = NULL;
	if (!next)
		return NULL;
	ring_buffer_iter_advance(&iter->iters[next_cpu]);
	iter->idx++;
	iter->buffer_started = iter->annotate && !cpumask_test_cpu(next_cpu, &iter->started) &&
			       iter->idx > 1;
	cpumask_set_cpu(next_cpu, &iter->started);
	iter->cpu = next_cpu;
	iter->ts = next->ts;
	iter->ent = ring_buffer_event_data(next);
	return iter->ent;
}

/**
 * trace_iter_close - end a read and let recording go on
 * @iter: from trace_iter_open()
 *
 * Context: process context. Return: nothing.
 */
void trace_iter_close(struct trace_iterator *iter)
{
	ring_buffer_record_enable(global_buffer);
	mutex_unlock(&event_mutex);
	kfree(iter);
}

/* The five context letters: irqs-off/BH, need-resched, hard/soft irq, preempt depth,
 * migrate-disable (Linux's trace_print_lat_fmt()). */
static void trace_print_lat_fmt(struct seq_file *m, const struct trace_entry *entry)
{
	unsigned int f = entry->flags;
	bool nmi = f & TRACE_FLAG_NMI, hardirq = f & TRACE_FLAG_HARDIRQ;
	bool softirq = f & TRACE_FLAG_SOFTIRQ, bh_off = f & TRACE_FLAG_BH_OFF;
	char irqs_off, need_resched, hardsoft_irq;

	irqs_off = (f & TRACE_FLAG_IRQS_OFF && bh_off) ? 'D' :
		   (f & TRACE_FLAG_IRQS_OFF) ? 'd' : bh_off ? 'b' : '.';
	switch (f & (TRACE_FLAG_NEED_RESCHED | TRACE_FLAG_PREEMPT_RESCHED)) {
	case TRACE_FLAG_NEED_RESCHED | TRACE_FLAG_PREEMPT_RESCHED:
		need_resched = 'N';
		break;
	case TRACE_FLAG_NEED_RESCHED:
		need_resched = 'n';
		break;
	case TRACE_FLAG_PREEMPT_RESCHED:
		need_resched = 'p';
		break;
	default:
		need_resched = '.';
		break;
	}
	hardsoft_irq = (nmi && hardirq) ? 'Z' : nmi ? 'z' : (hardirq && softirq) ? 'H' :
		       hardirq ? 'h' : softirq ? 's' : '.';
	seq_printf(m, "%c%c%c", irqs_off, need_resched, hardsoft_irq);
	if (entry->preempt_count & 0xf)
		seq_printf(m, "%x", entry->preempt_count & 0xf);
	else
		seq_putc(m, '.');
	/* Spindle has no migrate_disable(): its depth is always 0. */
	seq_putc(m, '.');
}

/*
 * When a ring overwrote events, CPUs' records begin at different times: before a CPU's first
 * line (except the trace's very first) say that its buffer starts there, so a reader does not
 * take the gap before it for idle time (Linux's test_cpu_buff_start(); which line is a CPU's
 * first is decided when the iterator reaches it, so showing a line twice marks it twice).
 */
static void test_cpu_buff_start(struct seq_file *m, struct trace_iterator *iter)
{
	if (iter->buffer_started)
		seq_printf(m, "##### CPU %u buffer started ####\n", iter->cpu);
}

/* One line of the trace file (Linux's print_trace_fmt() with trace_print_context()). */
static void print_trace_line(struct seq_file *m, struct trace_iterator *iter)
{
	struct trace_event_call *call = trace_event_by_type(iter->ent->type);
	char comm[TASK_COMM_LEN];
	unsigned long usecs = (iter->ts + NSEC_PER_USEC / 2) / NSEC_PER_USEC;	/* rounded, as Linux's ns2usecs() */

	test_cpu_buff_start(m, iter);
	trace_find_cmdline(iter->ent->pid, comm);
	seq_printf(m, "%16s-%-7d [%03d] ", comm, iter->ent->pid, iter->cpu);
	trace_print_lat_fmt(m, iter->ent);
	seq_printf(m, " %5lu.%06lu: ", usecs / USEC_PER_SEC, usecs % USEC_PER_SEC);
	if (!call) {
		seq_printf(m, "Unknown type %u\n", iter->ent->type);
		return;
	}
	seq_printf(m, "%s: ", call->name);
	call->print(m, iter->ent);
	seq_putc(m, '\n');
}

/* The trace file's head (Linux's print_event_info() and print_func_help_header_irq()). */
static void print_trace_header(struct seq_file *m, struct trace_iterator *iter)
{
	seq_puts(m, "# tracer: nop\n#\n");
	seq_printf(m, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n#\n",
		   iter->entries, iter->total, num_online_cpus());
	seq_puts(m, "#                                _-----=> irqs-off/BH-disabled\n"
		    "#                               / _----=> need-resched\n"
		    "#                              | / _---=> hardirq/softirq\n"
		    "#                              || / _--=> preempt-depth\n"
		    "#                              ||| / _-=> migrate-disable\n"
		    "#                              |||| /     delay\n"
		    "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		    "#              | |         |   |||||     |         |\n");
}

/* The trace file as a sequence: the header, then one event a line (Linux's s_start,
 * s_next, s_show, s_stop). */
static void *s_start(struct seq_file *m, loff_t *pos)
{
	m->private = trace_iter_open();
	return m->private ? SEQ_START_TOKEN : ERR_PTR(-ENOMEM);
}

static void *s_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return trace_find_next_entry_inc(m->private) ? m->private : NULL;
}

static int s_show(struct seq_file *m, void *v)
{
	if (v == SEQ_START_TOKEN)
		print_trace_header(m, m->private);
	else
		print_trace_line(m, v);
	return 0;
}

static void s_stop(struct seq_file *m, void *v)
{
	if (!IS_ERR_OR_NULL(m->private))
		trace_iter_close(m->private);
}

static const struct seq_operations tracer_seq_ops = {
	.start = s_start,
	.next = s_next,
	.show = s_show,
	.stop = s_stop,
};

/**
 * tracing_reset_online_cpus - forget every event recorded so far
 *
 * Context: process context; may sleep. Return: nothing.
 */
void tracing_reset_online_cpus(void)
{
	if (!global_buffer)
		return;
	mutex_lock(&event_mutex);
	ring_buffer_reset(global_buffer);
	mutex_unlock(&event_mutex);
}

/* Any write to trace empties it, as "echo > trace" does on Linux (an open with O_TRUNC). */
static ssize_t tracing_write(void *data, const char *buf, size_t count)
{
	tracing_reset_online_cpus();
	return count;
}

static const struct proc_ops tracing_fops = {
	.seq_ops = &tracer_seq_ops,
	.proc_write = tracing_write,
};

/* ---- tracing_on and buffer_size_kb ---------------------------------------------------- */

/**
 * tracing_is_on - is recording switched on (tracing_on)?
 *
 * Context: any. Return: true or false.
 */
bool tracing_is_on(void)
{
	return global_buffer && ring_buffer_record_is_on(global_buffer);
}

/**
 * tracing_on - switch recording on, as "echo 1 > tracing_on"
 *
 * Context: any. Return: nothing.
 */
void tracing_on(void)
{
	if (global_buffer)
		ring_buffer_record_on(global_buffer);
}

/**
 * tracing_off - switch recording off, as "echo 0 > tracing_on"; a program calls it right
 * after the moment it wants to keep, so the rings still hold what led there
 *
 * Context: any. Return: nothing.
 */
void tracing_off(void)
{
	if (global_buffer)
		ring_buffer_record_off(global_buffer);
}

static int rb_simple_show(struct seq_file *m, void *data)
{
	seq_printf(m, "%d\n", tracing_is_on());
	return 0;
}

static ssize_t rb_simple_write(void *data, const char *buf, size_t count)
{
	unsigned long val;
	int ret = kstrtoul(buf, 10, &val);

	if (ret)
		return ret;
	if (val)
		tracing_on();
	else
		tracing_off();
	return count;
}

static const struct proc_ops rb_simple_fops = {
	.proc_show = rb_simple_show,
	.proc_write = rb_simple_write,
};

static int tracing_entries_show(struct seq_file *m, void *data)
{
	mutex_lock(&event_mutex);
	if (ring_buffer_expanded)
		seq_printf(m, "%lu\n", ring_buffer_size(global_buffer) >> 10);
	else
		seq_printf(m, "0 (expanded: %lu)\n", trace_buf_size >> 10);
	mutex_unlock(&event_mutex);
	return 0;
}

/* A size in KiB per CPU: the rings are remade at that size, empty (Linux's
 * tracing_entries_write(), which refuses 0 too). */
static ssize_t tracing_entries_write(void *data, const char *buf, size_t count)
{
	unsigned long kb;
	int ret = kstrtoul(buf, 10, &kb);

	if (ret)
		return ret;
	if (!kb || kb > (1UL << 30))
		return -EINVAL;
	mutex_lock(&event_mutex);
	ret = ring_buffer_resize(global_buffer, kb << 10);
	if (!ret) {
		trace_buf_size = kb << 10;
		ring_buffer_expanded = true;
	}
	mutex_unlock(&event_mutex);
	return ret ? ret : (ssize_t)count;
}

static const struct proc_ops tracing_entries_fops = {
	.proc_show = tracing_entries_show,
	.proc_write = tracing_entries_write,
};

/* ---- Boot ------------------------------------------------------------------------------ */

/**
 * trace_init - make the (still empty) global buffer and turn on the trace_event= events
 *
 * Linux 6.1 does this in start_kernel(); here it waits for smp_prepare_cpus(), which is when
 * nr_cpu_ids, and so the number of rings, is known.
 *
 * Context: kernel_init, process context. Return: nothing.
 */
void trace_init(void)
{
	global_buffer = ring_buffer_alloc(0);
	if (!global_buffer) {
		pr_warn("tracing: no memory for the ring buffer; tracing is off\n");
		return;
	}
	trace_event_init();
}

/**
 * tracer_init_tracefs - the files of /sys/kernel/tracing
 *
 * Context: kernel_init, after proc_root_init(). Return: nothing.
 */
void tracer_init_tracefs(void)
{
	struct proc_dir_entry *dir;

	if (!global_buffer)
		return;
	dir = proc_mkdir_path("/sys/kernel/tracing");
	if (!dir || !proc_create_data("trace", 0644, dir, &tracing_fops, NULL) ||
	    !proc_create_data("tracing_on", 0644, dir, &rb_simple_fops, NULL) ||
	    !proc_create_data("buffer_size_kb", 0644, dir, &tracing_entries_fops, NULL)) {
		pr_warn("tracing: no memory for /sys/kernel/tracing\n");
		return;
	}
	event_trace_init_tracefs(dir);
}
