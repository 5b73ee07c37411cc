/* The console shell: a kernel thread reading command lines from the serial line and the
 * keyboard. Linux has none (its shell is a user program); Spindle's commands keep Linux's names. */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tty.h>

#define SHELL_PROMPT	"# "
#define SHELL_LINE_MAX	256	/* a longer line is cut here, as a terminal's buffer is */
#define SHELL_HISTORY	16
#define SHELL_ARGS_MAX	16

struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*fn)(int argc, char **argv);
};

static void shell_puts(const char *s)
{
	console_write(s, strlen(s));
}

/* Room for a whole command line inside a message. */
static __printf(1, 2) void shell_printf(const char *fmt, ...)
{
	char buf[SHELL_LINE_MAX + 128];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	console_write(buf, min(n, (int)sizeof(buf) - 1));
}

/* Run a seq_file show function into a buffer sized for it and write what it made. */
static int shell_show(void (*show)(struct seq_file *m), size_t size)
{
	char *buf = kmalloc(size, GFP_KERNEL);
	struct seq_file m = SEQ_FILE_INIT(buf, size);

	if (!buf) {
		shell_puts("spindle: out of memory\n");
		return -ENOMEM;
	}
	show(&m);
	console_write(buf, seq_used(&m));
	if (seq_has_overflowed(&m))
		shell_puts("(output cut: it did not fit)\n");
	kfree(buf);
	return 0;
}

static int cmd_ps(int argc, char **argv)
{
	/* procps's words for an option it does not know, SysV (-x) or BSD (x) style. */
	if (argc > 1) {
		shell_printf("error: unsupported %s\n\nUsage:\n ps [options]\n",
			     argv[1][0] == '-' ? "SysV option" : "option (BSD syntax)");
		return 1;
	}
	return shell_show(sched_show_ps, (nr_tasks() + nr_cpu_ids + 8) * 96);
}

static int cmd_dmesg(int argc, char **argv)
{
	size_t size = 128 * 1024, n;
	char *buf;

	if (argc > 1) {
		shell_printf("dmesg: unrecognized option '%s'\n", argv[1]);
		return 1;
	}
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf) {
		shell_puts("dmesg: out of memory\n");
		return 1;
	}
	n = log_buf_copy(buf, size);
	console_write(buf, n);
	kfree(buf);
	return 0;
}

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		shell_puts(argv[i]);
		shell_puts(i + 1 < argc ? " " : "");
	}
	shell_puts("\n");
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct shell_cmd shell_cmds[] = {
	{ "ps", "ps", "the task table: PID, PPID, class, priorities, CPU, state, kernel threads in [ ]",
	  cmd_ps },
	{ "dmesg", "dmesg", "the kernel log", cmd_dmesg },
	{ "echo", "echo [STRING]...", "write the strings, separated by spaces", cmd_echo },
	{ "help", "help [COMMAND]", "list the commands, or one command's usage", cmd_help },
	{}
};

static const struct shell_cmd *shell_find(const char *name)
{
	for (const struct shell_cmd *c = shell_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *c;

	if (argc < 2) {
		for (c = shell_cmds; c->name; c++)
			shell_printf("%-8s %s\n", c->name, c->help);
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

/* Split @line at blanks in place; run the command it names. */
static void shell_run(char *line)
{
	char *argv[SHELL_ARGS_MAX];
	const struct shell_cmd *c;
	int argc = 0;

	for (char *p = line; *p && argc < SHELL_ARGS_MAX;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (!argc)
		return;
	c = shell_find(argv[0]);
	if (!c) {
		shell_printf("spindle: %s: command not found\n", argv[0]);
		return;
	}
	c->fn(argc, argv);
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
} sh;

/* Replace what is on the screen after the prompt with @s. */
static void shell_set_line(const char *s)
{
	while (sh.len) {
		shell_puts("\b \b");
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

/* Tab: complete the command name being typed if one command starts with it, else list them. */
static void shell_complete(void)
{
	const struct shell_cmd *c, *only = NULL;
	int matches = 0;

	if (memchr(sh.line, ' ', sh.len))
		return;
	for (c = shell_cmds; c->name; c++)
		if (!strncmp(c->name, sh.line, sh.len)) {
			only = c;
			matches++;
		}
	if (matches == 1) {
		char done[SHELL_LINE_MAX];

		snprintf(done, sizeof(done), "%s ", only->name);
		shell_set_line(done);
	} else if (matches > 1) {
		shell_puts("\n");
		for (c = shell_cmds; c->name; c++)
			if (!strncmp(c->name, sh.line, sh.len))
				shell_printf("%s  ", c->name);
		shell_puts("\n" SHELL_PROMPT);
		console_write(sh.line, sh.len);
	}
}

/*
 * Read one line with a terminal's editing: Backspace, Ctrl-U (erase the line), Ctrl-C (drop
 * it), Ctrl-L (clear the screen), Tab (complete the command), the up and down arrows (history,
 * as ESC [ A and ESC [ B from both the keyboard and a terminal). Returns false for a dropped
 * line.
 */
static bool shell_readline(void)
{
	int esc = 0;

	sh.len = 0;
	sh.browsing = 0;
	for (;;) {
		int c = tty_read_char();

		if (c < 0)
			continue;
		if (esc == 1) {
			esc = c == '[' ? 2 : 0;
			continue;
		}
		if (esc == 2) {
			esc = 0;
			if (c == 'A' || c == 'B')
				shell_history_move(c == 'A');
			continue;
		}
		switch (c) {
		case '\r':
		case '\n':
			shell_puts("\n");
			sh.line[sh.len] = '\0';
			return true;
		case '\b':
		case 0x7f:
			if (sh.len) {
				sh.len--;
				shell_puts("\b \b");
			}
			break;
		case 0x15:	/* Ctrl-U */
			shell_set_line("");
			break;
		case 0x03:	/* Ctrl-C */
			shell_puts("^C\n");
			return false;
		case 0x0c:	/* Ctrl-L */
			shell_puts("\x1b[H\x1b[2J" SHELL_PROMPT);
			console_write(sh.line, sh.len);
			break;
		case '\t':
			shell_complete();
			break;
		case 0x1b:
			esc = 1;
			break;
		default:
			if (c >= ' ' && c < 0x7f && sh.len + 1 < SHELL_LINE_MAX) {
				char ch = c;

				sh.line[sh.len++] = ch;
				console_write(&ch, 1);
			}
		}
	}
}

static int shell_thread(void *unused)
{
	shell_puts("\nSpindle console: type help for the commands.\n");
	for (;;) {
		shell_puts(SHELL_PROMPT);
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
 * Context: process context, once kthreadd runs (kernel_init, after the self-tests). Return:
 * nothing; without memory for the thread there is no shell, and it says so.
 */
void shell_init(void)
{
	struct task_struct *p = kthread_run(shell_thread, NULL, "sh");

	if (IS_ERR(p))
		pr_err("shell: cannot start (%ld)\n", PTR_ERR(p));
}
