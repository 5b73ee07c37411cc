/* The console shell (kernel/shell.c): Spindle's own, a kernel thread; Linux's is a program. Its
 * commands live in kernel/shell_*.c, each file a table of struct shell_cmd. */
#ifndef _LINUX_SHELL_H
#define _LINUX_SHELL_H

#include <linux/compiler.h>
#include <linux/types.h>

struct seq_file;

#define SHELL_LINE_MAX	256	/* a longer line is cut here, as a terminal's buffer is */

struct shell_cmd {
	const char *name;
	const char *usage;	/* "ps [-e] [-f] ..." */
	const char *help;	/* one line for help */
	int (*fn)(int argc, char **argv);
};

/* The command tables (a NULL name ends each). */
extern const struct shell_cmd shell_demo_cmds[];
extern const struct shell_cmd shell_fs_cmds[];
extern const struct shell_cmd shell_kthread_cmds[];
extern const struct shell_cmd shell_ps_cmds[];
extern const struct shell_cmd shell_run_cmds[];
extern const struct shell_cmd shell_sched_cmds[];
extern const struct shell_cmd shell_sys_cmds[];
extern const struct shell_cmd shell_trace_cmds[];
extern const struct shell_cmd shell_wq_cmds[];

void shell_init(void);
void shell_write(const char *s, size_t n);
void shell_puts(const char *s);
void shell_printf(const char *fmt, ...) __printf(1, 2);
void shell_exec(const char *fmt, ...) __printf(1, 2);
void shell_capture(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
int shell_show(int (*show)(struct seq_file *m, void *data), void *data);
int shell_usage(const char *name);
bool shell_interrupted(void);
int shell_getc_timeout(unsigned int ms);
const char *strerror(int err);
void shell_uptime_line(const char *prefix);

#endif
