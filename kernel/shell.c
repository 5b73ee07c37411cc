/* The console shell: a kernel thread reading command lines from the serial line and the
 * keyboard. Linux has none (its shell is a user program); Spindle's commands keep Linux's names,
 * options, output and error texts. The commands are in kernel/shell_*.c. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tty.h>

#define SHELL_PROMPT	"# "
#define SHELL_HISTORY	16
#define SHELL_ARGS_MAX	32
#define SHELL_REDIRECT_MAX	4096	/* what a command may write into a file */

static int cmd_help(int argc, char **argv);

static const struct shell_cmd shell_core_cmds[] = {
	{ "help", "help [COMMAND]", "list the commands, or one command's usage", cmd_help },
	{}
};

static const struct shell_cmd *const shell_tables[] = {
	shell_core_cmds, shell_fs_cmds, shell_ps_cmds, shell_sched_cmds, shell_kthread_cmds,
	shell_demo_cmds, shell_sys_cmds, shell_trace_cmds, shell_wq_cmds,
};

/*
 * Where a command's output goes: the console, or with "> FILE" a buffer written to the file
 * once the command is done (one write, as the shell's one write(2) of echo's line). The shell
 * thread's alone.
 */
static struct seq_file *shell_redirect;

/**
 * shell_write - a command's output: to the console, or to the file it was redirected to
 * @s: the bytes
 * @n: how many
 *
 * Context: the shell thread; sleeps while the serial line's transmit ring is full (a slow
 * line slows the shell alone). Return: nothing.
 */
void shell_write(const char *s, size_t n)
{
	if (!shell_redirect) {
		console_write(s, n);
		return;
	}
	while (n && !seq_has_overflowed(shell_redirect)) {
		char piece[64];
		size_t k = min(n, sizeof(piece) - 1);

		memcpy(piece, s, k);
		piece[k] = '\0';
		seq_puts(shell_redirect, piece);
		s += k;
		n -= k;
	}
}

/**
 * shell_puts - shell_write() of a string
 * @s: the string
 *
 * Context: the shell thread. Return: nothing.
 */
void shell_puts(const char *s)
{
	shell_write(s, strlen(s));
}

/**
 * shell_printf - formatted output of a command
 * @fmt: the format; a line of up to about 400 characters
 *
 * Context: the shell thread. Return: nothing.
 */
void shell_printf(const char *fmt, ...)
{
	char buf[SHELL_LINE_MAX + 160];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	shell_write(buf, min(n, (int)sizeof(buf) - 1));
}

/**
 * shell_show - run a seq_file show function and write what it made
 * @show: writes the whole text
 * @data: handed to it
 *
 * The buffer starts at 4 KiB and doubles while the text does not fit (Linux's seq_read()).
 *
 * Context: the shell thread; sleeps. Return: 0, -ENOMEM, or the show function's error.
 */
int shell_show(int (*show)(struct seq_file *m, void *data), void *data)
{
	for (size_t size = 4096; size <= 4 * 1024 * 1024; size *= 2) {
		char *buf = kmalloc(size, GFP_KERNEL);
		struct seq_file m = SEQ_FILE_INIT(buf, size);
		int err;

		if (!buf)
			break;
		err = show(&m, data);
		if (err || !seq_has_overflowed(&m)) {
			if (!err)
				shell_write(buf, seq_used(&m));
			kfree(buf);
			return err;
		}
		kfree(buf);
	}
	shell_puts("spindle: out of memory\n");
	return -ENOMEM;
}

/**
 * strerror - the C library's text for an error number, as the commands print it
 * @err: a positive or negative errno
 *
 * Context: any. Return: a constant string.
 */
const char *strerror(int err)
{
	static const char *const msgs[] = {
		[EPERM] = "Operation not permitted",
		[ENOENT] = "No such file or directory",
		[ESRCH] = "No such process",
		[EINTR] = "Interrupted system call",
		[EIO] = "Input/output error",
		[E2BIG] = "Argument list too long",
		[EAGAIN] = "Resource temporarily unavailable",
		[ENOMEM] = "Cannot allocate memory",
		[EACCES] = "Permission denied",
		[EFAULT] = "Bad address",
		[EBUSY] = "Device or resource busy",
		[EEXIST] = "File exists",
		[ENODEV] = "No such device",
		[ENOTDIR] = "Not a directory",
		[EISDIR] = "Is a directory",
		[EINVAL] = "Invalid argument",
		[EFBIG] = "File too large",
		[ENOSPC] = "No space left on device",
		[ERANGE] = "Numerical result out of range",
		[EDEADLK] = "Resource deadlock avoided",
		[ENAMETOOLONG] = "File name too long",
		[ENOSYS] = "Function not implemented",
		[ELOOP] = "Too many levels of symbolic links",
		[ETIMEDOUT] = "Connection timed out",
	};

	if (err < 0)
		err = -err;
	if (err == ERESTARTSYS)
		err = EINTR;
	if (err < (int)ARRAY_SIZE(msgs) && msgs[err])
		return msgs[err];
	return "Unknown error";
}

/**
 * shell_interrupted - has Ctrl-C asked the running command to end?
 *
 * Context: the shell thread. Return: true once a SIGINT is pending; the shell clears it when
 * the command returns.
 */
bool shell_interrupted(void)
{
	return signal_pending(current);
}

/**
 * shell_getc_timeout - a key typed while a command runs (top's q), waiting @ms at most
 * @ms: the longest wait
 *
 * Context: the shell thread; sleeps. Return: the byte, -EAGAIN, or -ERESTARTSYS on Ctrl-C.
 */
int shell_getc_timeout(unsigned int ms)
{
	return tty_read_char_timeout(ms);
}

static void shell_run(char *line);

/**
 * shell_exec - run a command line from a command (demo shows ps lines this way)
 * @fmt: the line, printf-style
 *
 * Context: the shell thread. Return: nothing.
 */
void shell_exec(const char *fmt, ...)
{
	char line[SHELL_LINE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	shell_run(line);
}

/**
 * shell_capture - run a command line with its output into @m instead of the console
 * @m: where the text goes; it stops growing once full (seq_has_overflowed())
 * @fmt: the line, printf-style
 *
 * For the self-tests: they check what a command prints as text, and some outputs are too
 * big for the serial log (ps over 10,000 threads is some 300 KB). The command runs as typed,
 * through the same code, only its writes land in @m. The previous target is restored, so a
 * self-test run from the prompt with its output redirected keeps its own.
 *
 * Context: one caller at a time, as the shell itself (shell_redirect is the shell's one).
 * Return: nothing.
 */
void shell_capture(struct seq_file *m, const char *fmt, ...)
{
	struct seq_file *saved = shell_redirect;
	char line[SHELL_LINE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	shell_redirect = m;
	shell_run(line);
	shell_redirect = saved;
}

static const struct shell_cmd *shell_find(const char *name)
{
	for (size_t t = 0; t < ARRAY_SIZE(shell_tables); t++)
		for (const struct shell_cmd *c = shell_tables[t]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

/**
 * shell_usage - print @name's usage line, as a command given bad arguments does
 * @name: a command
 *
 * Context: the shell thread. Return: 1 (what a command returns then, as a failed program's
 * exit status).
 */
int shell_usage(const char *name)
{
	const struct shell_cmd *c = shell_find(name);

	if (c)
		shell_printf("Usage: %s\n", c->usage);
	return 1;
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *c;

	if (argc < 2) {
		for (size_t t = 0; t < ARRAY_SIZE(shell_tables); t++)
			for (c = shell_tables[t]; c->name; c++)
				shell_printf("%-9s %s\n", c->name, c->help);
		return 0;
	}
	c = shell_find(argv[1]);
	if (!c) {
		shell_printf("spindle: help: no help topics match `%s'.\n", argv[1]);
		return 1;
	}
	shell_printf("%s: %s\n    %s.\n", c->name, c->usage, c->help);
	return 0;
}

/*
 * Run argv[0..argc) with its output into @path (bash's "> FILE"): the text is gathered, then
 * written to the file in one write. Errors as bash words them: opening ("spindle: FILE: No
 * such file or directory") or writing ("spindle: echo: write error: Invalid argument").
 */
static void shell_run_redirected(const struct shell_cmd *c, int argc, char **argv,
				 const char *path)
{
	char *buf = kmalloc(SHELL_REDIRECT_MAX, GFP_KERNEL);
	struct seq_file m = SEQ_FILE_INIT(buf, SHELL_REDIRECT_MAX), *saved;
	ssize_t ret;

	if (!buf) {
		shell_printf("spindle: %s: %s\n", path, strerror(ENOMEM));
		return;
	}
	buf[0] = '\0';
	/* Restored, not cleared: under shell_capture() the errors below belong to its output. */
	saved = shell_redirect;
	shell_redirect = &m;
	c->fn(argc, argv);
	shell_redirect = saved;
	ret = proc_write_path(path, buf, seq_used(&m));
	if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR || ret == -ENOTDIR ||
	    ret == -ENAMETOOLONG)
		shell_printf("spindle: %s: %s\n", path, strerror(ret));
	else if (ret < 0)
		shell_printf("spindle: %s: write error: %s\n", argv[0], strerror(ret));
	kfree(buf);
}

/* Split @line at blanks in place; run the command it names, with "> FILE" if it has one. */
static void shell_run(char *line)
{
	char *argv[SHELL_ARGS_MAX + 1];
	const struct shell_cmd *c;
	const char *path = NULL;
	int argc = 0;

	for (char *p = line; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == SHELL_ARGS_MAX) {
			shell_printf("spindle: %s\n", strerror(E2BIG));
			return;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[argc] = NULL;
	/* "> FILE", ">FILE" and ">> FILE" (these files cannot be appended to: the same). */
	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		int drop = 1;

		if (a[0] != '>')
			continue;
		a += a[1] == '>' ? 2 : 1;
		if (!*a) {
			if (i + 1 == argc) {
				shell_puts("spindle: syntax error near unexpected token `newline'\n");
				return;
			}
			a = argv[i + 1];
			drop = 2;
		}
		path = a;
		for (int j = i; j + drop <= argc; j++)
			argv[j] = argv[j + drop];
		argc -= drop;
		break;
	}
	if (!argc)
		return;
	c = shell_find(argv[0]);
	if (!c) {
		shell_printf("spindle: %s: command not found\n", argv[0]);
		return;
	}
	if (path)
		shell_run_redirected(c, argc, argv, path);
	else
		c->fn(argc, argv);
	/* A Ctrl-C meant for the command must not end the next read. */
	flush_signals(current);
}

/*
 * The line being typed and the lines typed before (the newest last, SHELL_HISTORY at most),
 * the shell thread's alone.
 */
static struct {
	char line[SHELL_LINE_MAX];
	unsigned int len;
	char history[SHELL_HISTORY][SHELL_LINE_MAX];
	unsigned int nr_history, browsing;	/* browsing: how far back the arrows went */
	struct console_input input;		/* what printk puts back under a message */
} sh = {
	.input = { .prompt = SHELL_PROMPT, .line = sh.line, .size = SHELL_LINE_MAX },
};

/* Keep printk's copy of the typed length current (it redraws the line under a message). */
static void shell_sync_input(void)
{
	WRITE_ONCE(sh.input.len, sh.len);
}

/* Replace what is on the screen after the prompt with @s. */
static void shell_set_line(const char *s)
{
	while (sh.len) {
		console_write("\b \b", 3);
		sh.len--;
	}
	sh.len = strscpy(sh.line, s, sizeof(sh.line));
	console_write(sh.line, sh.len);
}

static void shell_history_add(void)
{
	if (!sh.len)
		return;
	if (sh.nr_history == SHELL_HISTORY) {
		memmove(sh.history[0], sh.history[1], sizeof(sh.history[0]) * (SHELL_HISTORY - 1));
		sh.nr_history--;
	}
	strscpy(sh.history[sh.nr_history++], sh.line, SHELL_LINE_MAX);
}

/* Up (@back) or down the history; past the newest entry is the empty line. */
static void shell_history_move(bool back)
{
	if (back && sh.browsing < sh.nr_history)
		sh.browsing++;
	else if (!back && sh.browsing)
		sh.browsing--;
	else
		return;
	shell_set_line(sh.browsing ? sh.history[sh.nr_history - sh.browsing] : "");
}

struct completion_state {
	const char *prefix;	/* what the word typed so far ends with */
	size_t len;
	char first[64];		/* the first match */
	size_t common;		/* how long a prefix all matches share */
	int matches;
	bool list;		/* second pass: print them */
	bool dir;		/* the only match is a directory */
};

static void complete_name(void *arg, const char *name, bool dir)
{
	struct completion_state *st = arg;
	size_t i;

	if (strncmp(name, st->prefix, st->len))
		return;
	if (st->list) {
		shell_printf("%s%s  ", name, dir ? "/" : "");
		return;
	}
	if (!st->matches++) {
		strscpy(st->first, name, sizeof(st->first));
		st->common = strlen(st->first);
		st->dir = dir;
		return;
	}
	for (i = 0; i < st->common && st->first[i] == name[i]; i++)
		;
	st->common = i;
}

/* Tab: complete the word being typed: a command name first, a file name after it. One match is
 * completed; several are completed as far as they agree, a second Tab lists them. */
static void shell_complete(bool again)
{
	struct completion_state st = { 0 };
	char *word = sh.line, dir[SHELL_LINE_MAX], done[SHELL_LINE_MAX];
	bool file = false;

	sh.line[sh.len] = '\0';
	for (char *p = sh.line; *p; p++)
		if (*p == ' ' || *p == '>') {
			word = p + 1;
			file = true;
		}
	if (file) {
		char *slash = strrchr(word, '/');

		st.prefix = slash ? slash + 1 : word;
		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - word) + 1 : 1,
			 slash ? word : "/");
	} else {
		st.prefix = word;
	}
	st.len = strlen(st.prefix);
	for (int pass = 0; pass < 2; pass++) {
		if (file) {
			proc_list_path(dir, complete_name, &st);
		} else {
			for (size_t t = 0; t < ARRAY_SIZE(shell_tables); t++)
				for (const struct shell_cmd *c = shell_tables[t]; c->name; c++)
					complete_name(&st, c->name, false);
		}
		if (pass || !again || st.matches < 2)
			break;
		st.list = true;
		console_write("\n", 1);
	}
	if (st.list) {
		console_write("\n" SHELL_PROMPT, 1 + strlen(SHELL_PROMPT));
		console_write(sh.line, sh.len);
		return;
	}
	if (!st.matches)
		return;
	snprintf(done, sizeof(done), "%.*s%.*s%s", (int)(st.prefix - sh.line), sh.line,
		 (int)st.common, st.first,
		 st.matches > 1 ? "" : (st.dir ? "/" : " "));
	shell_set_line(done);
}

/* One key of a line being read. Returns 1 when the line is done, -1 when it is dropped
 * (Ctrl-C), 0 to go on. @esc: where in an escape sequence; @tabbed: the last key was Tab. */
static int shell_readline_key(int c, int *esc, bool *tabbed)
{
	if (c < 0) {
		/* The Ctrl-C's SIGINT; its byte comes next and drops the line. */
		flush_signals(current);
		return 0;
	}
	if (*esc == 1) {
		*esc = c == '[' ? 2 : 0;
		return 0;
	}
	if (*esc == 2) {
		/* A CSI sequence ends at its first byte in 0x40..0x7e. */
		if (c >= 0x40 && c <= 0x7e) {
			*esc = 0;
			if (c == 'A' || c == 'B')
				shell_history_move(c == 'A');
		}
		return 0;
	}
	if (c != '\t')
		*tabbed = false;
	switch (c) {
	case '\r':
	case '\n':
		console_write("\n", 1);
		sh.line[sh.len] = '\0';
		return 1;
	case '\b':
	case 0x7f:
		if (sh.len) {
			sh.len--;
			console_write("\b \b", 3);
		}
		break;
	case 0x15:	/* Ctrl-U */
		shell_set_line("");
		break;
	case INTR_CHAR:
		console_write("^C\n", 3);
		return -1;
	case 0x0c:	/* Ctrl-L */
		console_write("\x1b[H\x1b[2J" SHELL_PROMPT, 7 + strlen(SHELL_PROMPT));
		console_write(sh.line, sh.len);
		break;
	case '\t':
		shell_complete(*tabbed);
		*tabbed = true;
		break;
	case 0x1b:
		*esc = 1;
		break;
	default:
		/* Other control characters and bytes beyond ASCII are ignored. */
		if (c >= ' ' && c < 0x7f && sh.len + 1 < SHELL_LINE_MAX) {
			char ch = c;

			sh.line[sh.len++] = ch;
			console_write(&ch, 1);
		}
	}
	return 0;
}

/*
 * Read one line with a terminal's editing: Backspace, Ctrl-U (erase the line), Ctrl-C (drop
 * it), Ctrl-L (clear the screen), Tab (complete), the up and down arrows (history, as ESC [ A
 * and ESC [ B from both the keyboard and a terminal). Returns false for a dropped line.
 */
static bool shell_readline(void)
{
	bool tabbed = false;
	int esc = 0, done;

	sh.len = 0;
	sh.browsing = 0;
	shell_sync_input();
	WRITE_ONCE(sh.input.active, true);
	do {
		done = shell_readline_key(tty_read_char(), &esc, &tabbed);
		shell_sync_input();
	} while (!done);
	WRITE_ONCE(sh.input.active, false);
	return done > 0;
}

static int shell_thread(void *unused)
{
	allow_signal(SIGINT);
	tty_set_foreground(current);
	console_set_input(&sh.input);
	shell_puts("\nSpindle console: type help for the commands.\n");
	for (;;) {
		console_write(SHELL_PROMPT, strlen(SHELL_PROMPT));
		if (!shell_readline())
			continue;
		shell_history_add();
		shell_run(sh.line);
	}
	return 0;
}

/**
 * shell_init - start the console shell, a kernel thread named sh (so ps shows [sh], PPID 2)
 *
 * The console has one shell: once it runs, a second call does nothing. kernel_init calls this
 * after the benchmarks, one of which (g_echo_under_hogs) starts the shell early to time its
 * echo.
 *
 * Context: process context, once kthreadd runs (kernel_init, after the self-tests); one caller
 * at a time. Return: nothing; without memory for the thread there is no shell, and it says so.
 */
void shell_init(void)
{
	static bool started;
	struct task_struct *p;

	if (started)
		return;
	p = kthread_run(shell_thread, NULL, "sh");
	if (IS_ERR(p)) {
		pr_err("shell: cannot start (%ld)\n", PTR_ERR(p));
		return;
	}
	started = true;
}
