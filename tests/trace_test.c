/* Self-tests of tracing (kernel/trace/; suite "trace"): the ring buffer keeps the newest events
 * and stops when told, the events come out in Linux's text format, set_event, tracing_on and
 * buffer_size_kb do what Linux's do, an IRQ handler's events name the IRQ. The console row
 * reads the trace at the prompt too. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/proc_fs.h>
#include <linux/ring_buffer.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/trace.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/processor.h>
#include <ktest.h>
#include "../kernel/trace/trace.h"
#include "sched_test_util.h"

#define TRACE_DIR	"/sys/kernel/tracing/"

/* The events that were on before the case, and tracing_on: put back after it. */
static bool events_before[32];
static bool tracing_on_before;

static int trace_test_init(struct ktest *test)
{
	tracing_on_before = tracing_is_on();
	if (nr_ftrace_events > ARRAY_SIZE(events_before))
		return -EINVAL;
	for (unsigned int i = 0; i < nr_ftrace_events; i++)
		events_before[i] = READ_ONCE(ftrace_events[i]->enabled);
	return 0;
}

static void trace_test_exit(struct ktest *test)
{
	for (unsigned int i = 0; i < nr_ftrace_events; i++)
		trace_set_clr_event(ftrace_events[i]->system, ftrace_events[i]->name,
				    events_before[i]);
	if (tracing_on_before)
		tracing_on();
	else
		tracing_off();
}

/* Write one event of @value into @buffer, as a trace point does. */
static bool rb_write(struct trace_buffer *buffer, int value)
{
	struct ring_buffer_event *event = ring_buffer_lock_reserve(buffer, sizeof(int));

	if (!event)
		return false;
	*(int *)ring_buffer_event_data(event) = value;
	ring_buffer_unlock_commit(buffer);
	return true;
}

/* A ring of 10 events written 25 times holds the last 10, oldest first, and counts 15 lost. */
static void ring_buffer_keeps_the_newest(struct ktest *test)
{
	struct trace_buffer *buffer = ring_buffer_alloc(10 * RB_EVENT_SIZE);
	struct ring_buffer_event *event;
	struct ring_buffer_iter iter;
	unsigned long flags;
	u64 last_ts = 0;
	int cpu, expect = 15;

	KTEST_ASSERT_TRUE(test, buffer != NULL);
	local_irq_save(flags);
	cpu = smp_processor_id();
	for (int i = 0; i < 25; i++)
		rb_write(buffer, i);
	local_irq_restore(flags);
	KTEST_EXPECT_UEQ(test, ring_buffer_entries_cpu(buffer, cpu), 10);
	KTEST_EXPECT_UEQ(test, ring_buffer_overrun_cpu(buffer, cpu), 15);
	ring_buffer_record_disable_sync(buffer);
	ring_buffer_read_start(&iter, buffer, cpu);
	while ((event = ring_buffer_iter_peek(&iter))) {
		KTEST_EXPECT_EQ(test, *(int *)ring_buffer_event_data(event), expect);
		KTEST_EXPECT_UGE(test, event->ts, last_ts);
		last_ts = event->ts;
		expect++;
		ring_buffer_iter_advance(&iter);
	}
	KTEST_EXPECT_EQ(test, expect, 25);
	ring_buffer_reset(buffer);
	KTEST_EXPECT_UEQ(test, ring_buffer_entries_cpu(buffer, cpu), 0);
	ring_buffer_record_enable(buffer);
	ring_buffer_free(buffer);
}

/* tracing_on's switch and the nested disables both drop events; on again, they are kept. */
static void ring_buffer_off_and_disable_drop(struct ktest *test)
{
	struct trace_buffer *buffer = ring_buffer_alloc(4 * RB_EVENT_SIZE);
	unsigned long flags;

	KTEST_ASSERT_TRUE(test, buffer != NULL);
	local_irq_save(flags);
	ring_buffer_record_off(buffer);
	KTEST_EXPECT_FALSE(test, ring_buffer_record_is_on(buffer));
	KTEST_EXPECT_FALSE(test, rb_write(buffer, 1));
	ring_buffer_record_on(buffer);
	KTEST_EXPECT_TRUE(test, rb_write(buffer, 2));
	ring_buffer_record_disable(buffer);
	ring_buffer_record_disable(buffer);
	ring_buffer_record_enable(buffer);
	KTEST_EXPECT_FALSE(test, rb_write(buffer, 3));
	KTEST_EXPECT_TRUE(test, ring_buffer_record_is_on(buffer));
	ring_buffer_record_enable(buffer);
	KTEST_EXPECT_TRUE(test, rb_write(buffer, 4));
	KTEST_EXPECT_UEQ(test, ring_buffer_entries_cpu(buffer, smp_processor_id()), 2);
	local_irq_restore(flags);
	ring_buffer_free(buffer);
}

/* A resize that cannot get its memory fails whole: the old rings and their events stay. */
static void resize_without_memory_keeps_the_rings(struct ktest *test)
{
	struct trace_buffer *buffer = ring_buffer_alloc(4 * RB_EVENT_SIZE);
	unsigned long flags;
	int cpu;

	KTEST_ASSERT_TRUE(test, buffer != NULL);
	local_irq_save(flags);
	cpu = smp_processor_id();
	rb_write(buffer, 7);
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(test, ring_buffer_resize(buffer, 1UL << 40), -ENOMEM);
	KTEST_EXPECT_UEQ(test, ring_buffer_size(buffer), 4 * RB_EVENT_SIZE);
	KTEST_EXPECT_UEQ(test, ring_buffer_entries_cpu(buffer, cpu), 1);
	ring_buffer_free(buffer);
}

/* What trace_contains() looks for, and what it found. */
struct trace_search {
	const char *needles[6];
	bool found[6];
};

static int trace_search_emit(void *arg, const char *buf, size_t n)
{
	struct trace_search *s = arg;
	char *text = kmalloc(n + 1, GFP_KERNEL);

	if (!text)
		return -ENOMEM;
	memcpy(text, buf, n);
	text[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(s->needles) && s->needles[i]; i++)
		s->found[i] |= strstr(text, s->needles[i]) != NULL;
	kfree(text);
	return 0;
}

/* Read the trace file through (the pieces are whole lines) and look for each needle. */
static void trace_expect_lines(struct ktest *test, struct trace_search *s)
{
	KTEST_EXPECT_GT(test, proc_read_iter(TRACE_DIR "trace", trace_search_emit, s), 0);
	for (size_t i = 0; i < ARRAY_SIZE(s->needles) && s->needles[i]; i++) {
		if (!s->found[i])
			ktest_info(test, "no line with \"%s\"", s->needles[i]);
		KTEST_EXPECT_TRUE(test, s->found[i]);
	}
}

static int trace_sleeper_fn(void *data)
{
	for (int i = 0; i < 3; i++)
		msleep(2);
	return sleep_until_stopped(0);
}

/* A thread that sleeps shows in Linux's format: its switch out in S, its wake-up, the header. */
static void sched_events_in_linux_format(struct ktest *test)
{
	char context[48], sw[128], wake[96];
	struct trace_search s = { };
	struct task_struct *p;

	KTEST_ASSERT_EQ(test, trace_set_clr_event("sched", "sched_switch", 1), 0);
	KTEST_ASSERT_EQ(test, trace_set_clr_event("sched", "sched_wakeup", 1), 0);
	tracing_reset_online_cpus();
	p = kthread_create(trace_sleeper_fn, NULL, "trace_sleeper");
	KTEST_ASSERT_TRUE(test, p != NULL);
	KTEST_ASSERT_FALSE(test, IS_ERR(p));
	wake_up_process(p);
	/*
	 * Until it sleeps in S for good, after its three sleeps in D: counted by its state, not
	 * by 30 ms, which a busy host's stalled vCPU let pass before the thread got that far.
	 */
	for (int i = 0; i < 5000; i++) {
		if (READ_ONCE(p->__state) == TASK_INTERRUPTIBLE &&
		    wait_task_inactive(p, TASK_INTERRUPTIBLE))
			break;
		msleep(1);
	}
	KTEST_EXPECT_EQ(test, READ_ONCE(p->__state), TASK_INTERRUPTIBLE);
	snprintf(context, sizeof(context), "%16s-%-7d [", "trace_sleeper", p->pid);
	snprintf(sw, sizeof(sw), "sched_switch: prev_comm=trace_sleeper prev_pid=%d prev_prio=120 "
		 "prev_state=S ==> next_comm=", p->pid);
	snprintf(wake, sizeof(wake), "sched_wakeup: comm=trace_sleeper pid=%d prio=120 "
		 "target_cpu=", p->pid);
	s.needles[0] = "# tracer: nop\n#\n# entries-in-buffer/entries-written: ";
	s.needles[1] = context;
	s.needles[2] = sw;
	s.needles[3] = wake;
	trace_expect_lines(test, &s);
	kthread_stop(p);
}

/* Runs until stopped, parking when asked; returns its passes round the loop. */
static int trace_parkable_fn(void *data)
{
	int loops = 0;

	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		else
			schedule_timeout_interruptible(1);
		loops++;
	}
	return loops;
}

/* kthread_create, park, unpark and stop each leave their event, and stop its return value. */
static void kthread_events_recorded(struct ktest *test)
{
	char create[64], park[64], unpark[64], stop[64], stop_ret[48];
	struct trace_search s = { };
	struct task_struct *p;

	KTEST_ASSERT_EQ(test, trace_set_clr_event("kthread", NULL, 1), 0);
	KTEST_ASSERT_EQ(test, trace_set_clr_event("sched", "sched_kthread_stop", 1), 0);
	KTEST_ASSERT_EQ(test, trace_set_clr_event("sched", "sched_kthread_stop_ret", 1), 0);
	tracing_reset_online_cpus();
	p = kthread_run(trace_parkable_fn, NULL, "trace_kthread");
	KTEST_ASSERT_FALSE(test, IS_ERR(p));
	/* In its loop, not still in kthread(), which parks before the function runs. */
	msleep(5);
	KTEST_EXPECT_EQ(test, kthread_park(p), 0);
	kthread_unpark(p);
	snprintf(create, sizeof(create), "kthread_create: comm=trace_kthread pid=%d\n", p->pid);
	snprintf(park, sizeof(park), "kthread_park: comm=trace_kthread pid=%d\n", p->pid);
	snprintf(unpark, sizeof(unpark), "kthread_unpark: comm=trace_kthread pid=%d\n", p->pid);
	snprintf(stop, sizeof(stop), "sched_kthread_stop: comm=trace_kthread pid=%d\n", p->pid);
	snprintf(stop_ret, sizeof(stop_ret), "sched_kthread_stop_ret: ret=%d\n", kthread_stop(p));
	s.needles[0] = create;
	s.needles[1] = park;
	s.needles[2] = unpark;
	s.needles[3] = stop;
	s.needles[4] = stop_ret;
	trace_expect_lines(test, &s);
}

/* The text of @path (NULL fails the case); kfree() it. */
static char *read_text(struct ktest *test, const char *path)
{
	char *buf = NULL;

	KTEST_EXPECT_GE(test, proc_read_path(path, &buf), 0);
	return buf;
}

static void expect_set_event(struct ktest *test, const char *write, int ret, const char *now)
{
	char *buf;

	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "set_event", write, strlen(write)), ret);
	buf = read_text(test, TRACE_DIR "set_event");
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, now);
	kfree(buf);
}

/* set_event takes Linux's words: system:event, a system alone, "!" to turn one off. */
static void set_event_selects_events(struct ktest *test)
{
	expect_set_event(test, "sched:sched_wakeup irq:softirq_entry\n", 37,
			 "sched:sched_wakeup\nirq:softirq_entry\n");
	expect_set_event(test, "cpuhp", 5, "cpuhp:cpuhp_enter\ncpuhp:cpuhp_exit\n");
	expect_set_event(test, "irq", 3, "irq:irq_handler_entry\nirq:irq_handler_exit\n"
			 "irq:softirq_entry\nirq:softirq_exit\nirq:softirq_raise\nirq:tasklet_entry\n"
			 "irq:tasklet_exit\n");
	expect_set_event(test, "kthread !kthread:kthread_park", 29,
			 "kthread:kthread_create\nkthread:kthread_unpark\n");
	expect_set_event(test, "nosuch\n", -EINVAL, "");
	expect_set_event(test, "\n", 1, "");
}

/* The events in the rings now, or ULONG_MAX without memory to look. */
static unsigned long trace_entries(void)
{
	struct trace_iterator *iter = trace_iter_open();
	unsigned long entries;

	if (!iter)
		return ULONG_MAX;
	entries = iter->entries;
	trace_iter_close(iter);
	return entries;
}

/* tracing_on 0 keeps what is there and records nothing more; 1 records again. */
static void tracing_on_switches_recording(struct ktest *test)
{
	char *buf;

	KTEST_ASSERT_EQ(test, trace_set_clr_event("sched", "sched_switch", 1), 0);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "tracing_on", "0\n", 2), 2);
	buf = read_text(test, TRACE_DIR "tracing_on");
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "0\n");
	kfree(buf);
	tracing_reset_online_cpus();
	msleep(5);
	KTEST_EXPECT_UEQ(test, trace_entries(), 0);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "tracing_on", "1\n", 2), 2);
	msleep(5);
	KTEST_EXPECT_UGT(test, trace_entries(), 0);
	KTEST_EXPECT_ULT(test, trace_entries(), ULONG_MAX);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "tracing_on", "x\n", 2), -EINVAL);
}

/* buffer_size_kb resizes every CPU's ring; 0, words and sizes past memory are refused. */
static void buffer_size_kb_resizes(struct ktest *test)
{
	char *before = read_text(test, TRACE_DIR "buffer_size_kb");
	char *buf;

	KTEST_ASSERT_TRUE(test, before != NULL);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "buffer_size_kb", "64\n", 3), 3);
	buf = read_text(test, TRACE_DIR "buffer_size_kb");
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "64\n");
	kfree(buf);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "buffer_size_kb", "0\n", 2), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "buffer_size_kb", "lots\n", 5), -EINVAL);
	KTEST_EXPECT_EQ(test, proc_write_path(TRACE_DIR "buffer_size_kb", "999999999\n", 10),
			-ENOMEM);
	buf = read_text(test, TRACE_DIR "buffer_size_kb");
	if (buf)
		KTEST_EXPECT_STREQ(test, buf, "64\n");
	kfree(buf);
	/* Back to the size it had ("0 (expanded: N)" before first use: N). */
	buf = strstr(before, "expanded: ") ? strstr(before, "expanded: ") + 10 : before;
	proc_write_path(TRACE_DIR "buffer_size_kb", buf, strcspn(buf, ")\n"));
	kfree(before);
}

/* Softirqs as the timer tick runs them: raised in the interrupt, entered and left after. */
static void softirq_events_recorded(struct ktest *test)
{
	struct trace_search s = {
		.needles = { "softirq_raise: vec=1 [action=TIMER]\n",
			     "softirq_entry: vec=1 [action=TIMER]\n",
			     "softirq_exit: vec=1 [action=TIMER]\n" },
	};

	KTEST_ASSERT_EQ(test, trace_set_clr_event("irq", NULL, 1), 0);
	tracing_reset_online_cpus();
	msleep(20);
	trace_expect_lines(test, &s);
}

static irqreturn_t trace_irq_handler(int irq, void *dev_id)
{
	int *runs = dev_id;

	(*runs)++;
	return IRQ_HANDLED;
}

/*
 * A requested line's hard handler between irq_handler_entry and irq_handler_exit, named by
 * Linux's IRQ number and the request's name. IRQ 13, which no QEMU device drives, is raised
 * with a self-IPI to its vector (as in the irq_thread suite).
 */
static void irq_handler_events_name_the_irq(struct ktest *test)
{
	struct trace_search s = {
		.needles = { "irq_handler_entry: irq=13 name=ktest_trace\n",
			     "irq_handler_exit: irq=13 ret=handled\n" },
	};
	int runs = 0;

	KTEST_ASSERT_EQ(test, trace_set_clr_event("irq", "irq_handler_entry", 1), 0);
	KTEST_ASSERT_EQ(test, trace_set_clr_event("irq", "irq_handler_exit", 1), 0);
	tracing_reset_online_cpus();
	KTEST_ASSERT_EQ(test, request_irq(13, trace_irq_handler, 0, "ktest_trace", &runs), 0);
	apic_send_IPI_self(ISA_IRQ_VECTOR(13));
	for (int i = 0; i < HZ && !READ_ONCE(runs); i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_PTR_EQ(test, free_irq(13, &runs), "ktest_trace");
	KTEST_EXPECT_EQ(test, runs, 1);
	trace_expect_lines(test, &s);
}

static void trace_tasklet_fn(struct tasklet_struct *t)
{
}

/* A tasklet's run: tasklet_entry and tasklet_exit in Linux's format (the tasklet's address, data
 * with no symbol, and its function's name), and the TASKLET softirq's own entry and exit. */
static void tasklet_events_recorded(struct ktest *test)
{
	struct tasklet_struct t;
	char entry[96], exit[96];
	struct trace_search s = { };

	tasklet_setup(&t, trace_tasklet_fn);
	snprintf(entry, sizeof(entry), "tasklet_entry: tasklet=%ps function=trace_tasklet_fn\n", &t);
	snprintf(exit, sizeof(exit), "tasklet_exit: tasklet=%ps function=trace_tasklet_fn\n", &t);
	s.needles[0] = "softirq_entry: vec=6 [action=TASKLET]\n";
	s.needles[1] = entry;
	s.needles[2] = exit;
	s.needles[3] = "softirq_exit: vec=6 [action=TASKLET]\n";
	KTEST_ASSERT_EQ(test, trace_set_clr_event("irq", NULL, 1), 0);
	tracing_reset_online_cpus();
	local_bh_disable();
	tasklet_schedule(&t);
	local_bh_enable();
	KTEST_EXPECT_UEQ(test, t.state, 0);
	trace_expect_lines(test, &s);
}

static struct ktest_case trace_cases[] = {
	KTEST_CASE(ring_buffer_keeps_the_newest),
	KTEST_CASE(ring_buffer_off_and_disable_drop),
	KTEST_CASE(resize_without_memory_keeps_the_rings),
	KTEST_CASE(sched_events_in_linux_format),
	KTEST_CASE(kthread_events_recorded),
	KTEST_CASE(set_event_selects_events),
	KTEST_CASE(tracing_on_switches_recording),
	KTEST_CASE(buffer_size_kb_resizes),
	KTEST_CASE(softirq_events_recorded),
	KTEST_CASE(irq_handler_events_name_the_irq),
	KTEST_CASE(tasklet_events_recorded),
	{}
};

static struct ktest_suite trace_suite = {
	.name = "trace",
	.cases = trace_cases,
	.init = trace_test_init,
	.exit = trace_test_exit,
};
ktest_register_suite(trace_suite);
