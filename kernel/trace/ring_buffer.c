// SPDX-License-Identifier: GPL-2.0
/*
 * The trace ring buffer: per CPU, an array of fixed-size events that its own CPU writes with
 * interrupts off and no lock, overwriting the oldest once full (Linux's
 * kernel/trace/ring_buffer.c, reduced to what fixed-size slots need).
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/ring_buffer.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/processor.h>

/*
 * One CPU's ring. Only that CPU writes it, with interrupts off, so head needs no atomic
 * instruction: the slot is filled first and head moved after it, and a reader (which runs only
 * while recording is disabled, see ring_buffer_record_disable_sync()) sees whole events.
 */
struct ring_buffer_per_cpu {
	struct ring_buffer_event *events;
	unsigned long nr_events;	/* slots; 0 until the buffer is sized */
	unsigned long head;		/* events written since boot: the next goes to head % nr_events */
	unsigned long start;		/* head at the last reset: older events are not shown */
	int writing;			/* between reserve and commit (or a reserve that gave up) */
};

/* Bit of record_disabled that tracing_on=0 sets; the bits under it count nested disables. */
#define RB_BUFFER_OFF	(1 << 20)

struct trace_buffer {
	int record_disabled;		/* non-zero: writers drop events (read with __atomic) */
	unsigned long size;		/* bytes per CPU */
	struct ring_buffer_per_cpu *buffers;	/* nr_cpu_ids of them */
};

static unsigned long rb_nr_events(unsigned long size)
{
	return DIV_ROUND_UP(size, RB_EVENT_SIZE);
}

/**
 * ring_buffer_record_disable_sync - ring_buffer_record_disable(), then wait until every
 * write reserved before it is committed, so the rings hold still for a reader
 * @buffer: the buffer
 *
 * A writer raises its CPU's writing flag before it looks at record_disabled, with a full
 * barrier between, and lowers it at the commit; this side raises record_disabled (a locked
 * instruction, a full barrier too) before it looks at the flags. So either the writer sees
 * recording disabled, or this sees its flag and waits. Every possible CPU is waited for, not
 * only the online ones: a CPU coming up runs traced hotplug callbacks before it is marked
 * online, and one going down switches to idle after it was marked offline. Linux 6.1 waits
 * with synchronize_rcu() instead, which its writers' preempt-disabled sections make enough.
 *
 * Context: process context. Return: nothing.
 */
void ring_buffer_record_disable_sync(struct trace_buffer *buffer)
{
	ring_buffer_record_disable(buffer);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		while (__atomic_load_n(&buffer->buffers[cpu].writing, __ATOMIC_ACQUIRE))
			cpu_relax();
}

static void rb_free_events(struct ring_buffer_event **events)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		vfree(events[cpu]);
	kfree(events);
}

/* Every CPU's new slots, or NULL with nothing left allocated. */
static struct ring_buffer_event **rb_alloc_events(unsigned long nr_events)
{
	struct ring_buffer_event **events = kcalloc(nr_cpu_ids, sizeof(*events), GFP_KERNEL);

	if (!events)
		return NULL;
	for (unsigned int cpu = 0; nr_events && cpu < nr_cpu_ids; cpu++) {
		events[cpu] = vmalloc(nr_events * RB_EVENT_SIZE);
		if (!events[cpu]) {
			rb_free_events(events);
			return NULL;
		}
	}
	return events;
}

/**
 * ring_buffer_alloc - a buffer with @size bytes of events per possible CPU
 * @size: bytes per CPU; 0 makes the rings empty (every write is dropped) until resized
 *
 * Context: process context; may sleep. Return: the buffer, or NULL without memory.
 */
struct trace_buffer *ring_buffer_alloc(unsigned long size)
{
	struct trace_buffer *buffer = kzalloc(sizeof(*buffer), GFP_KERNEL);

	if (!buffer)
		return NULL;
	buffer->buffers = kcalloc(nr_cpu_ids, sizeof(*buffer->buffers), GFP_KERNEL);
	if (!buffer->buffers) {
		kfree(buffer);
		return NULL;
	}
	if (ring_buffer_resize(buffer, size)) {
		ring_buffer_free(buffer);
		return NULL;
	}
	return buffer;
}

/**
 * ring_buffer_free - free @buffer and its rings
 * @buffer: a buffer nobody writes any more
 *
 * Context: process context. Return: nothing.
 */
void ring_buffer_free(struct trace_buffer *buffer)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		vfree(buffer->buffers[cpu].events);
	kfree(buffer->buffers);
	kfree(buffer);
}

/**
 * ring_buffer_resize - give every CPU's ring @size bytes, emptying it
 * @buffer: the buffer
 * @size: bytes per CPU (rounded up to whole events)
 *
 * Writers are held off while the rings are swapped; the old events are dropped (Linux 6.1
 * keeps them where they fit; a teaching kernel resizes before it records).
 *
 * Context: process context; may sleep. Return: 0, or -ENOMEM with the old rings untouched.
 */
int ring_buffer_resize(struct trace_buffer *buffer, unsigned long size)
{
	unsigned long nr_events = rb_nr_events(size);
	struct ring_buffer_event **events = rb_alloc_events(nr_events);
	struct ring_buffer_event *old;

	if (!events)
		return -ENOMEM;
	ring_buffer_record_disable_sync(buffer);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ring_buffer_per_cpu *cpu_buffer = &buffer->buffers[cpu];

		old = cpu_buffer->events;
		cpu_buffer->events = events[cpu];
		cpu_buffer->nr_events = nr_events;
		cpu_buffer->start = cpu_buffer->head;
		events[cpu] = old;
	}
	buffer->size = size;
	ring_buffer_record_enable(buffer);
	rb_free_events(events);
	return 0;
}

/**
 * ring_buffer_size - the bytes each CPU's ring was given (ring_buffer_resize()'s @size)
 * @buffer: the buffer
 *
 * Context: any. Return: the size per CPU.
 */
unsigned long ring_buffer_size(struct trace_buffer *buffer)
{
	return READ_ONCE(buffer->size);
}

/**
 * ring_buffer_lock_reserve - the next slot of this CPU's ring, stamped with the time
 * @buffer: the buffer
 * @length: the bytes the event needs (at most RB_EVENT_DATA)
 *
 * The oldest event is overwritten when the ring is full (Linux's default overwrite mode).
 * Linux 6.1 only disables preemption and lets an interrupt nest a reservation of its own
 * inside this one; with fixed slots and one head per CPU the caller instead keeps
 * interrupts off until ring_buffer_unlock_commit(), so writes never nest.
 *
 * Context: interrupts off (not NMI). Return: the event to fill, or NULL when recording is
 * disabled or the ring has no slots.
 */
struct ring_buffer_event *ring_buffer_lock_reserve(struct trace_buffer *buffer,
						   unsigned long length)
{
	struct ring_buffer_per_cpu *cpu_buffer;
	struct ring_buffer_event *event;

	if (WARN_ON_ONCE(length > RB_EVENT_DATA))
		return NULL;
	cpu_buffer = &buffer->buffers[smp_processor_id()];
	/* The flag, then the look at record_disabled (see ring_buffer_record_disable_sync()). */
	__atomic_store_n(&cpu_buffer->writing, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&buffer->record_disabled, __ATOMIC_RELAXED) ||
	    unlikely(!cpu_buffer->nr_events)) {
		__atomic_store_n(&cpu_buffer->writing, 0, __ATOMIC_RELEASE);
		return NULL;
	}
	event = &cpu_buffer->events[cpu_buffer->head % cpu_buffer->nr_events];
	event->ts = local_clock();
	return event;
}

/**
 * ring_buffer_unlock_commit - publish the event ring_buffer_lock_reserve() gave
 * @buffer: the buffer
 *
 * Context: interrupts off, on the CPU that reserved. Return: nothing.
 */
void ring_buffer_unlock_commit(struct trace_buffer *buffer)
{
	struct ring_buffer_per_cpu *cpu_buffer = &buffer->buffers[smp_processor_id()];

	/* The event's bytes before the head that makes them part of the ring. */
	__atomic_store_n(&cpu_buffer->head, cpu_buffer->head + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&cpu_buffer->writing, 0, __ATOMIC_RELEASE);
}

/**
 * ring_buffer_record_disable - stop writers, nestably (ring_buffer_record_enable() undoes it)
 * @buffer: the buffer
 *
 * A write already reserved may still complete; ring_buffer_record_disable_sync() also waits
 * for that.
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_record_disable(struct trace_buffer *buffer)
{
	__atomic_fetch_add(&buffer->record_disabled, 1, __ATOMIC_SEQ_CST);
}

/**
 * ring_buffer_record_enable - undo one ring_buffer_record_disable()
 * @buffer: the buffer
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_record_enable(struct trace_buffer *buffer)
{
	__atomic_fetch_sub(&buffer->record_disabled, 1, __ATOMIC_SEQ_CST);
}

/**
 * ring_buffer_record_off - the switch behind tracing_on: stop recording until turned on
 * @buffer: the buffer
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_record_off(struct trace_buffer *buffer)
{
	__atomic_fetch_or(&buffer->record_disabled, RB_BUFFER_OFF, __ATOMIC_SEQ_CST);
}

/**
 * ring_buffer_record_on - turn recording back on (nested disables still hold)
 * @buffer: the buffer
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_record_on(struct trace_buffer *buffer)
{
	__atomic_fetch_and(&buffer->record_disabled, ~RB_BUFFER_OFF, __ATOMIC_SEQ_CST);
}

/**
 * ring_buffer_record_is_on - is the tracing_on switch on?
 * @buffer: the buffer
 *
 * Context: any. Return: true unless ring_buffer_record_off() turned it off.
 */
bool ring_buffer_record_is_on(struct trace_buffer *buffer)
{
	return !(__atomic_load_n(&buffer->record_disabled, __ATOMIC_RELAXED) & RB_BUFFER_OFF);
}

/**
 * ring_buffer_reset - forget every event recorded so far (echo > trace)
 * @buffer: the buffer
 *
 * Context: process context; may sleep. Return: nothing.
 */
void ring_buffer_reset(struct trace_buffer *buffer)
{
	ring_buffer_record_disable_sync(buffer);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		buffer->buffers[cpu].start = buffer->buffers[cpu].head;
	ring_buffer_record_enable(buffer);
}

/* The events written since the last reset, kept or overwritten. */
static unsigned long rb_written(struct ring_buffer_per_cpu *cpu_buffer)
{
	return __atomic_load_n(&cpu_buffer->head, __ATOMIC_ACQUIRE) - READ_ONCE(cpu_buffer->start);
}

/**
 * ring_buffer_entries_cpu - how many events @cpu's ring holds now
 * @buffer: the buffer
 * @cpu: the CPU
 *
 * Context: any. Return: the count.
 */
unsigned long ring_buffer_entries_cpu(struct trace_buffer *buffer, int cpu)
{
	struct ring_buffer_per_cpu *cpu_buffer = &buffer->buffers[cpu];

	return min(rb_written(cpu_buffer), cpu_buffer->nr_events);
}

/**
 * ring_buffer_overrun_cpu - how many of @cpu's events were overwritten before being read
 * @buffer: the buffer
 * @cpu: the CPU
 *
 * Context: any. Return: the count.
 */
unsigned long ring_buffer_overrun_cpu(struct trace_buffer *buffer, int cpu)
{
	return rb_written(&buffer->buffers[cpu]) - ring_buffer_entries_cpu(buffer, cpu);
}

/**
 * ring_buffer_read_start - begin reading @cpu's ring from its oldest event
 * @iter: the iterator to set up
 * @buffer: the buffer, with ring_buffer_record_disable_sync() done
 * @cpu: the CPU
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_read_start(struct ring_buffer_iter *iter, struct trace_buffer *buffer, int cpu)
{
	struct ring_buffer_per_cpu *cpu_buffer = &buffer->buffers[cpu];

	iter->buffer = buffer;
	iter->cpu = cpu;
	iter->end = __atomic_load_n(&cpu_buffer->head, __ATOMIC_ACQUIRE);
	iter->next = iter->end - ring_buffer_entries_cpu(buffer, cpu);
}

/**
 * ring_buffer_iter_peek - the iterator's current event, without moving on
 * @iter: the iterator
 *
 * Context: any. Return: the event, or NULL past the newest.
 */
struct ring_buffer_event *ring_buffer_iter_peek(struct ring_buffer_iter *iter)
{
	struct ring_buffer_per_cpu *cpu_buffer = &iter->buffer->buffers[iter->cpu];

	if (iter->next == iter->end)
		return NULL;
	return &cpu_buffer->events[iter->next % cpu_buffer->nr_events];
}

/**
 * ring_buffer_iter_advance - move the iterator to the next event
 * @iter: the iterator
 *
 * Context: any. Return: nothing.
 */
void ring_buffer_iter_advance(struct ring_buffer_iter *iter)
{
	if (iter->next != iter->end)
		iter->next++;
}
