/* printk: format, stamp each line with the time since boot ("[    0.012345] "), keep it in the
 * log ring buffer, and hand it to every registered console. A console registered late (the
 * screen) is first replayed the buffer, so nothing printed before it is lost. In the buffer each
 * line starts with one byte holding its level ('0'..'7'), so a replay honours loglevel= too. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sched/clock.h>
#include <linux/time.h>

#define LOG_BUF_LEN	(128 * 1024)

static char log_buf[LOG_BUF_LEN];
static size_t log_head;		/* bytes ever written; the buffer holds the last LOG_BUF_LEN */
static struct console *console_list;
/*
 * logbuf_lock protects log_buf and log_head, line_open and line_level, log_clear_pos,
 * console_list and console_input, and serialises the consoles' write(): one message's text
 * reaches the consoles whole. Always taken with interrupts off (irqsave), since printk() is
 * called from any context, hard interrupts included. The holder never sleeps, so a console's
 * write() must not sleep either. During an oops a lock this CPU (or a dead one) still holds is
 * re-initialised and taken anyway.
 */
static DEFINE_SPINLOCK(logbuf_lock);
static bool line_open;		/* the last message did not end its line */
static int line_level;		/* level of the open line: pr_cont() continues at it */
/* Linux's console_printk[]: console_loglevel, default_message_loglevel,
 * minimum_console_loglevel, default_console_loglevel (/proc/sys/kernel/printk). */
int console_printk[4] = {
	CONSOLE_LOGLEVEL_DEFAULT, LOGLEVEL_DEFAULT, CONSOLE_LOGLEVEL_MIN, CONSOLE_LOGLEVEL_DEFAULT,
};
int oops_in_progress;

/* loglevel=N: consoles print messages of level below N (the log buffer keeps everything). */
static int loglevel_setup(char *value)
{
	int level;

	if (kstrtoint(value, 10, &level) || level < 1 || level > 8)
		return -EINVAL;
	console_loglevel = level;
	return 0;
}
__setup("loglevel=", loglevel_setup);

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_LEN] = s[i];
	log_head += n;
}

/* The line being typed at the console, if any (console_set_input()): read under logbuf_lock. */
static const struct console_input *console_input;

/* Write to the consoles only, not the log: the typed line printk puts back. */
static void console_emit(const char *s, size_t n)
{
	for (struct console *c = console_list; c; c = c->next)
		c->write(c, s, n);
}

/**
 * console_set_input - tell printk where the console's typed line is (NULL: nowhere)
 * @in: the prompt, the line, its length, and whether it is on the screen now
 *
 * A kernel message that arrives while a line is being typed would otherwise be written into
 * the middle of it: printk starts the message on a line of its own and, once the message's
 * line is done, writes the prompt and the typed text again, as a line editor redraws after
 * output. The owner updates @in as it goes; printk reads a snapshot under its lock.
 *
 * Linux 6.1: no such function; a tty's line discipline redraws its own echo.
 *
 * Context: any.
 * Return: nothing.
 */
void console_set_input(const struct console_input *in)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	console_input = in;
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

static void emit(const char *s, size_t n, bool to_console)
{
	log_store(s, n);
	if (!to_console)
		return;
	for (struct console *c = console_list; c; c = c->next)
		c->write(c, s, n);
}

static char log_byte(size_t pos)
{
	return log_buf[pos % LOG_BUF_LEN];
}

/* The oldest position holding the start of a line: once the buffer has wrapped, the oldest line
 * has lost its beginning (and its level byte), so it is skipped. */
static size_t log_first_line(void)
{
	size_t pos;

	if (log_head <= LOG_BUF_LEN)
		return 0;
	for (pos = log_head - LOG_BUF_LEN; pos < log_head; pos++)
		if (log_byte(pos) == '\n')
			return pos + 1;
	return log_head;
}

/**
 * log_buf_copy - the newest text of the log, without level bytes
 * @dst: where the text goes
 * @size: its room; the oldest part of the text is left out when it is short
 *
 * For the tests, which look for what a run printed. Reads without logbuf_lock: a printk
 * meanwhile may leave a torn line at the end.
 *
 * Linux 6.1: no such function; kmsg_dump_get_buffer() does the like for dumpers.
 *
 * Context: any.
 * Return: the bytes copied (not NUL-terminated).
 */
size_t log_buf_copy(char *dst, size_t size)
{
	size_t first = log_first_line(), pos = log_head, n = 0;

	/* Walk back, skipping each byte that starts a line (its level), then reverse. */
	while (pos > first && n < size) {
		pos--;
		if (pos != first && log_byte(pos - 1) != '\n')
			dst[n++] = log_byte(pos);
	}
	for (size_t i = 0; i < n / 2; i++) {
		char c = dst[i];

		dst[i] = dst[n - 1 - i];
		dst[n - 1 - i] = c;
	}
	return n;
}

/* Where "dmesg -c" last cleared the log (Linux's clear_seq): dmesg reads from there on. */
static size_t log_clear_pos;

/**
 * log_buf_read - the log's lines from the last clear on, of the levels in @levels, oldest first
 * @dst: where the text goes, without level bytes
 * @size: its room; the text is cut there
 * @levels: bit n set: lines of level n (0 emerg .. 7 debug)
 * @clear: then clear the log for the next read (dmesg -c, Linux's SYSLOG_ACTION_READ_CLEAR)
 *
 * Linux 6.1: syslog_print_all() does this for syslog(2), reading records of the ring buffer.
 *
 * Context: process context; takes logbuf_lock with interrupts off.
 * Return: the bytes copied.
 */
size_t log_buf_read(char *dst, size_t size, unsigned int levels, bool clear)
{
	size_t pos, n = 0;
	unsigned long flags;
	bool take = false;

	spin_lock_irqsave(&logbuf_lock, flags);
	pos = max(log_first_line(), log_clear_pos);
	for (bool line_start = true; pos < log_head && n < size; pos++) {
		char c = log_byte(pos);

		if (line_start) {
			take = c >= '0' && c <= '7' && (levels & (1U << (c - '0')));
			line_start = false;
			continue;
		}
		if (take)
			dst[n++] = c;
		line_start = c == '\n';
	}
	if (clear)
		log_clear_pos = log_head;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

/* Write to con every buffered line whose level passes console_loglevel. */
static void log_replay(struct console *con)
{
	char chunk[128];
	size_t n = 0;
	bool show = false, line_start = true;

	for (size_t pos = log_first_line(); pos < log_head; pos++) {
		char c = log_byte(pos);

		if (line_start) {
			show = c - '0' < console_loglevel;
			line_start = false;
			continue;
		}
		line_start = c == '\n';
		if (!show)
			continue;
		chunk[n++] = c;
		if (n == sizeof(chunk) || line_start) {
			con->write(con, chunk, n);
			n = 0;
		}
	}
	if (n)
		con->write(con, chunk, n);
}

/**
 * register_console - add a console and replay the log to it
 * @con: the console, its write() set
 *
 * The buffered lines whose level passes console_loglevel are written to @con first, so nothing
 * printed before it came is lost; then it gets every message. The newest console is first in
 * the list.
 *
 * Linux 6.1 replays only to consoles with CON_PRINTBUFFER, and picks the preferred console.
 *
 * Context: any; takes logbuf_lock with interrupts off and writes the replay under it.
 * Return: nothing.
 */
void register_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	log_replay(con);
	con->next = console_list;
	console_list = con;
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

/**
 * unregister_console - remove a console
 * @con: a console added by register_console() (one that is not is ignored)
 *
 * Once this returns, printk() no longer calls @con.
 *
 * Linux 6.1: returns int (-ENODEV for a console not registered).
 *
 * Context: any; takes logbuf_lock with interrupts off.
 * Return: nothing.
 */
void unregister_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	for (struct console **p = &console_list; *p; p = &(*p)->next) {
		if (*p == con) {
			*p = con->next;
			break;
		}
	}
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

/* Consoles with a tty write path of their own (struct console's tty_write): the serial line. */
#define CONSOLE_TTYS_MAX	2

/**
 * console_write - write @n bytes of @s to every console, without logging them
 * @s: the text ("\n" becomes "\r\n" on the serial line)
 * @n: its length
 *
 * What a program's writes to its terminal are, as opposed to kernel messages: the console
 * shell's prompt, echo and command output. Taken in pieces of a line at most. The screen gets
 * each piece under the log's lock, so a printk from another CPU lands between pieces, never
 * inside one, and interrupts are off for one piece at a time only. A console with a tty_write
 * (the serial line) gets the piece after the lock, into its transmit ring: when the ring is
 * full the caller sleeps until the transmit interrupt has made room, as a writer to a Linux
 * tty sleeps on its write_wait. A signal ends that sleep: what does not fit in the ring while
 * it is pending is dropped from the serial line, as a Linux write(2) interrupted there returns
 * short.
 *
 * Context: process context; sleeps while the serial transmit ring is full. Where sleeping is
 * not allowed (interrupts off, preemption off, an oops) the serial line is written
 * synchronously, as printk writes it, and nothing sleeps: callable from any context then.
 * Return: nothing.
 */
void console_write(const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t piece = nl ? (size_t)(nl - s) + 1 : n;
		struct console *ttys[CONSOLE_TTYS_MAX];
		unsigned int nr_ttys = 0;
		unsigned long flags;

		if (piece > 128)
			piece = 128;
		spin_lock_irqsave(&logbuf_lock, flags);
		for (struct console *c = console_list; c; c = c->next) {
			if (!c->tty_write)
				c->write(c, s, piece);
			else if (nr_ttys < ARRAY_SIZE(ttys))
				ttys[nr_ttys++] = c;
		}
		spin_unlock_irqrestore(&logbuf_lock, flags);
		for (unsigned int i = 0; i < nr_ttys; i++)
			ttys[i]->tty_write(ttys[i], s, piece);
		s += piece;
		n -= piece;
	}
}

/**
 * vprintk_emit - log a message at a given level and write it to the consoles
 * @level: its level (0 emerg .. 7 debug)
 * @cont: it continues the open line (KERN_CONT), at that line's level
 * @fmt: the message, printf-style
 * @args: its arguments
 *
 * Formats into 1024 bytes (the rest is cut), stamps each new line with the time since boot,
 * stores it in the log with its level byte, and writes it to the consoles if its level is
 * below console_loglevel. A line being typed at the console is written again after it.
 *
 * Linux 6.1: takes a facility and device info instead of @cont, stores records in a lockless
 * ring buffer, and leaves the console output to whoever holds the console lock.
 *
 * Context: any, hard interrupts and oops included; does not sleep (interrupts off throughout).
 * Return: the length of the formatted message.
 */
int vprintk_emit(int level, bool cont, const char *fmt, va_list args)
{
	char text[1024], stamp[24];
	bool to_console, redraw;
	unsigned long flags;
	const char *p, *end;
	int len;

	len = vsnprintf(text, sizeof(text), fmt, args);
	len = min(len, (int)sizeof(text) - 1);

	/* A panic must get its words out even if this CPU died holding the lock. */
	local_irq_save(flags);
	if (oops_in_progress) {
		if (!spin_trylock(&logbuf_lock)) {
			spin_lock_init(&logbuf_lock);
			spin_lock(&logbuf_lock);
		}
	} else {
		spin_lock(&logbuf_lock);
	}
	if (line_open && !cont)
		emit("\n", 1, line_level < console_loglevel);
	else if (line_open)
		level = line_level;
	to_console = level < console_loglevel;
	/* Something typed is on the screen: the message goes below it, and it is written again
	 * after. An empty line is not: a burst of messages would repeat the prompt each line. */
	redraw = to_console && !line_open && console_input && READ_ONCE(console_input->active) &&
		 READ_ONCE(console_input->len);
	if (redraw)
		console_emit("\n", 1);
	for (p = text; p < text + len; p = end) {
		end = memchr(p, '\n', text + len - p);
		end = end ? end + 1 : text + len;
		if (!line_open || p != text) {
			u64 ns = local_clock();
			char lv = '0' + level;

			log_store(&lv, 1);
			line_level = level;
			int n = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
					 (unsigned long)(ns / NSEC_PER_SEC),
					 (unsigned long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
			emit(stamp, n, to_console);
		}
		emit(p, end - p, to_console);
		line_open = end[-1] != '\n';
	}
	if (redraw && !line_open) {
		unsigned int n = min(READ_ONCE(console_input->len), console_input->size);

		console_emit(console_input->prompt, strlen(console_input->prompt));
		console_emit(console_input->line, n);
	}
	spin_unlock(&logbuf_lock);
	local_irq_restore(flags);
	return len;
}

/**
 * vprintk - printk() with a va_list
 * @fmt: the message, optionally starting with a KERN_* level (KERN_CONT continues a line)
 * @args: its arguments
 *
 * Without a level the message gets default_message_loglevel.
 *
 * Context: any.
 * Return: the length of the formatted message (without the level).
 */
int vprintk(const char *fmt, va_list args)
{
	char lv = printk_get_level(fmt);

	if (lv)
		fmt += 2;
	return vprintk_emit(lv >= '0' && lv <= '7' ? lv - '0' : default_message_loglevel, lv == 'c', fmt,
			    args);
}

/**
 * printk - print a kernel message
 * @fmt: the message, optionally starting with a KERN_* level (KERN_CONT continues a line)
 * @...: its arguments
 *
 * Linux 6.1: a macro around _printk().
 *
 * Context: any.
 * Return: the length of the formatted message (without the level).
 */
int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}
