/* seq_file's writing half (Linux's fs/seq_file.c): formatted text into a caller's buffer.
 * Linux 6.1 also iterates records (start/next/stop) and retries with a larger buffer on
 * overflow; a caller here sizes its buffer and checks seq_has_overflowed(). */
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

/* Mark the file full (Linux's seq_set_overflow()); what the last write began is cut off, so
 * the buffer holds whole writes only, up to seq_used(). */
static void seq_set_overflow(struct seq_file *m, size_t used)
{
	m->buf[used] = '\0';
	m->used = used;
	m->count = m->size;
}

/**
 * seq_printf - append formatted text to @m
 * @m: the file
 * @fmt: printf format
 *
 * Nothing is written when it does not fit whole; @m is then marked overflowed.
 *
 * Context: any. Return: nothing.
 */
void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;
	int len;

	if (m->count >= m->size)
		return;
	va_start(args, fmt);
	len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
	va_end(args);
	if (len < 0 || m->count + len >= m->size)
		seq_set_overflow(m, m->count);
	else
		m->count += len;
}

/**
 * seq_puts - append @s to @m
 * @m: the file
 * @s: the string
 *
 * Context: any. Return: nothing; as seq_printf() when it does not fit.
 */
void seq_puts(struct seq_file *m, const char *s)
{
	size_t len = strlen(s);

	if (m->count >= m->size)
		return;
	if (m->count + len >= m->size) {
		seq_set_overflow(m, m->count);
		return;
	}
	memcpy(m->buf + m->count, s, len + 1);
	m->count += len;
}

/**
 * seq_putc - append one character to @m
 * @m: the file
 * @c: the character
 *
 * Context: any. Return: nothing; as seq_printf() when it does not fit.
 */
void seq_putc(struct seq_file *m, char c)
{
	char s[2] = { c, '\0' };

	seq_puts(m, s);
}
