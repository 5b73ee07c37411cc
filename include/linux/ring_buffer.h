/* The trace ring buffer: one ring of fixed-size events per CPU, written by that CPU alone
 * without locks (Linux's include/linux/ring_buffer.h, a much smaller kernel/trace/ring_buffer.c). */
#ifndef _LINUX_RING_BUFFER_H
#define _LINUX_RING_BUFFER_H

#include <linux/types.h>

/*
 * Linux 6.1: events have variable length and a time delta in a 32-bit header, in pages that a
 * reader can swap out while writers go on. Here every event takes one slot of RB_EVENT_SIZE
 * bytes with a full time stamp: a slot's place is its index, so writing is one store of the
 * head and reading needs no page juggling.
 */
#define RB_EVENT_SIZE	96
#define RB_EVENT_DATA	(RB_EVENT_SIZE - sizeof(u64))

struct ring_buffer_event {
	u64 ts;				/* local_clock() when reserved */
	u8 data[RB_EVENT_DATA];		/* the event's struct trace_entry and fields */
};

struct trace_buffer;

static inline void *ring_buffer_event_data(struct ring_buffer_event *event)
{
	return event->data;
}

struct trace_buffer *ring_buffer_alloc(unsigned long size);
void ring_buffer_free(struct trace_buffer *buffer);
int ring_buffer_resize(struct trace_buffer *buffer, unsigned long size);
unsigned long ring_buffer_size(struct trace_buffer *buffer);

struct ring_buffer_event *ring_buffer_lock_reserve(struct trace_buffer *buffer,
						   unsigned long length);
void ring_buffer_unlock_commit(struct trace_buffer *buffer);

void ring_buffer_record_disable(struct trace_buffer *buffer);
void ring_buffer_record_disable_sync(struct trace_buffer *buffer);
void ring_buffer_record_enable(struct trace_buffer *buffer);
void ring_buffer_record_off(struct trace_buffer *buffer);
void ring_buffer_record_on(struct trace_buffer *buffer);
bool ring_buffer_record_is_on(struct trace_buffer *buffer);
void ring_buffer_reset(struct trace_buffer *buffer);

unsigned long ring_buffer_entries_cpu(struct trace_buffer *buffer, int cpu);
unsigned long ring_buffer_overrun_cpu(struct trace_buffer *buffer, int cpu);

/* Reading one CPU's ring, oldest first; only while recording is disabled. */
struct ring_buffer_iter {
	struct trace_buffer *buffer;
	int cpu;
	unsigned long next;		/* the index of the next event to read */
	unsigned long end;		/* one past the newest */
};

void ring_buffer_read_start(struct ring_buffer_iter *iter, struct trace_buffer *buffer, int cpu);
struct ring_buffer_event *ring_buffer_iter_peek(struct ring_buffer_iter *iter);
void ring_buffer_iter_advance(struct ring_buffer_iter *iter);

#endif
