/* printk and its log levels, as Linux spells them: a level is "\001" followed by a digit. */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <stdarg.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"

#define LOGLEVEL_DEFAULT 6
/* The console prints levels below console_loglevel: by default all but KERN_DEBUG. */
#define CONSOLE_LOGLEVEL_DEFAULT 7
extern int console_printk[4];
#define console_loglevel		(console_printk[0])
#define default_message_loglevel	(console_printk[1])
#define minimum_console_loglevel	(console_printk[2])
#define default_console_loglevel	(console_printk[3])
/* The lowest console_loglevel a write to /proc/sys/kernel/printk may set. */
#define CONSOLE_LOGLEVEL_MIN	1

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args);
/* printk with the level given apart from the format (0..7); cont continues the open line. */
int vprintk_emit(int level, bool cont, const char *fmt, va_list args);

/* The level character a message starts with ('0'..'7' or 'c'), or 0 when it has none. */
static inline char printk_get_level(const char *s)
{
	return s[0] == KERN_SOH[0] && s[1] ? s[1] : 0;
}

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* A kmalloc'ed, exactly sized formatted string (lib/kasprintf.c); NULL when allocation fails. */
char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap) __printf(2, 0);
char *kasprintf(gfp_t gfp, const char *fmt, ...) __printf(2, 3);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* %pS support: lib/vsprintf.c asks kallsyms to name an address ("func+0x1a/0x40"). */
int sprint_symbol(char *buf, size_t size, unsigned long addr);
/* A return address as "func+0x1a/0x40", looked up at the call before it (%pB). */
int sprint_backtrace(char *buf, size_t size, unsigned long addr);

/* Print this CPU and a backtrace of the caller (arch/x86/dumpstack.c); lvl is a KERN_ level. */
void dump_stack(void);
void dump_stack_lvl(const char *lvl);

/* A console is anything printk writes finished lines to (serial, framebuffer, VGA text). */
struct console {
	const char *name;
	/* printk's write: synchronous, callable in any context (Linux's console->write). */
	void (*write)(struct console *con, const char *s, size_t n);
	/*
	 * Program output (console_write()), for a console with a tty write path of its own: the
	 * serial line's transmit ring, drained by its THRE interrupt. Called without logbuf_lock;
	 * may sleep in process context, and must write synchronously where it cannot. NULL:
	 * console_write() uses write, under logbuf_lock (the screen). Linux reaches this through
	 * console->device(), the tty behind the console, whose write goes uart_write() -> xmit
	 * circ buffer -> start_tx() -> THRE interrupt. A console with one must stay valid once
	 * unregistered: console_write() calls it after the lock.
	 */
	void (*tty_write)(struct console *con, const char *s, size_t n);
	struct console *next;
};

void register_console(struct console *con);
void unregister_console(struct console *con);
void console_write(const char *s, size_t n);

/* A line being typed at the console, which printk writes again below a message (kernel/shell.c
 * owns it; console_set_input() in kernel/printk.c). */
struct console_input {
	const char *prompt;
	const char *line;
	unsigned int len, size;	/* typed so far, and the room in line */
	bool active;		/* the prompt and line are on the screen */
};

void console_set_input(const struct console_input *in);
/* Copy the newest bytes of the log ring buffer; returns how many were copied. */
size_t log_buf_copy(char *dst, size_t size);
/* dmesg: the lines of the @levels (bit n: level n) since the last clear; @clear clears. */
size_t log_buf_read(char *dst, size_t size, unsigned int levels, bool clear);

#endif
