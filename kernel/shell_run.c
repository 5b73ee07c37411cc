/* The console's way into user space: run starts a program from the in-memory root in the
 * foreground and reports how it ended as bash does; syscalls lists the system calls programs
 * asked for that Spindle does not have. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/shell.h>
#include <linux/tty.h>
#include <linux/umh.h>
#include <asm/syscall.h>

/* bash's words for a death by signal (strsignal()); NULL: say nothing (SIGINT: the ^C shows). */
static const char *signal_words(int sig)
{
	switch (sig) {
	case SIGINT:
		return NULL;
	case SIGILL:
		return "Illegal instruction";
	case SIGTRAP:
		return "Trace/breakpoint trap";
	case SIGBUS:
		return "Bus error";
	case SIGFPE:
		return "Floating point exception";
	case SIGKILL:
		return "Killed";
	case SIGSEGV:
		return "Segmentation fault";
	case SIGTERM:
		return "Terminated";
	default:
		return "Killed by a signal";
	}
}

static const char *const run_envp[] = { "HOME=/", "TERM=linux", "PATH=/bin:/sbin", NULL };

/* run PATH [ARG...]: bash's "command not found" texts for a missing program; the exit status
 * is bash's: the program's, or 128 + the signal that killed it. */
static int cmd_run(int argc, char **argv)
{
	int status;

	if (argc < 2)
		return shell_usage(argv[0]);
	status = call_usermodehelper(argv[1], (const char *const *)(argv + 1), run_envp,
				     UMH_WAIT_PROC | UMH_FOREGROUND);
	tty_set_foreground(current);
	if (status < 0) {
		shell_printf("run: %s: %s\n", argv[1], strerror(status));
		return status == -ENOENT ? 127 : 126;
	}
	if (status & 0x7f) {
		const char *words = signal_words(status & 0x7f);

		if (words)
			shell_printf("%s\n", words);
		return 128 + (status & 0x7f);
	}
	return (status >> 8) & 0xff;
}

/* syscalls: each number asked for and refused with -ENOSYS since boot, with its count. */
static int cmd_syscalls(int argc, char **argv)
{
	bool any = false;

	if (argc > 1)
		return shell_usage(argv[0]);
	for (unsigned int nr = 0; nr <= NR_syscalls; nr++) {
		unsigned long n = ni_syscall_count(nr);

		if (!n)
			continue;
		if (!any)
			shell_puts("  NR  CALLS  (not implemented: -ENOSYS)\n");
		any = true;
		if (nr == NR_syscalls)
			shell_printf("%4s %6lu  (numbers outside the table)\n", "-", n);
		else
			shell_printf("%4u %6lu\n", nr, n);
	}
	if (!any)
		shell_puts("No program has asked for a system call Spindle lacks.\n");
	return 0;
}

const struct shell_cmd shell_run_cmds[] = {
	{ "run", "run PATH [ARG...]", "run a program from the initramfs in the foreground",
	  cmd_run },
	{ "syscalls", "syscalls", "system calls programs asked for that returned -ENOSYS",
	  cmd_syscalls },
	{}
};
