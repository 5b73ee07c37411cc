/* seq_file: show functions write text into a buffer that /proc-style readers, the console shell
 * or printk then consume (Linux's include/linux/seq_file.h, without the iterator half). */
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
};

#define SEQ_FILE_INIT(b, n)	{ .buf = (b), .size = (n) }

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
