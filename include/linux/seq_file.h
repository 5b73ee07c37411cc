/* seq_file: show functions write text into a buffer that /proc-style readers, the console shell
 * or printk then consume; a long file is a sequence of records shown a buffer at a time
 * (Linux's include/linux/seq_file.h). */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/compiler.h>
#include <linux/types.h>

/* Start from SEQ_FILE_INIT(buffer, size); the text is buf[0 .. seq_used()). */
struct seq_file {
	char *buf;
	size_t size;
	size_t count;	/* bytes written; size once something did not fit */
	size_t used;	/* after an overflow: the bytes of whole writes kept */
	void *private;	/* a seq_operations file's state, from its start() */
};

#define SEQ_FILE_INIT(b, n)	{ .buf = (b), .size = (n) }

/*
 * A file too long for one buffer: start() returns the first record (SEQ_START_TOKEN for a
 * header), next() the one after, show() writes one, stop() ends the read. Linux 6.1's
 * seq_read() calls start() and stop() around every buffer it fills; the readers here run one
 * loop to the end (or to an error or Ctrl-C), so they call each once per read.
 */
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

#define SEQ_START_TOKEN	((void *)1)

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

/* Linux's seq_has_overflowed(): a write did not fit. */
static inline bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

/* The length of the text in the buffer, overflowed or not. */
static inline size_t seq_used(struct seq_file *m)
{
	return seq_has_overflowed(m) ? m->used : m->count;
}

#endif
