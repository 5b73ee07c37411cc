/* /init, PID 1: prints a banner, starts the programs that run at boot (/bin/hello) and then
 * reaps every child and orphan for as long as the machine runs. */
#include "ulib.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

/* What runs at boot, in this order, each with no arguments beyond its name. */
static const char *const boot_programs[] = { "/bin/hello" };

extern char **environ;

static void start(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	pid_t pid;

	fflush(stdout);
	pid = sys_fork();
	if (pid < 0) {
		printf("init: cannot fork for %s: %s\n", path, strerror(errno));
		return;
	}
	if (pid == 0) {
		execve(path, argv, environ);
		printf("init: cannot run %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(127);
	}
}

static void report(pid_t pid, int status)
{
	if (WIFEXITED(status))
		printf("init: pid %d exited with status %d\n", pid, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("init: pid %d killed by signal %d\n", pid, WTERMSIG(status));
	fflush(stdout);
}

/*
 * The kernel starts init with argv[0] "/init" plus the command-line words it does not know, and
 * HOME=/ TERM=linux, as Linux does. One word means something here:
 *   --no-children  start nothing, only reap (a test that starts its own programs wants init
 *                  idle).
 * As PID 1, init never returns: the kernel panics when PID 1 exits. Started as any other PID
 * (a test on a host), it returns once it has no child left, so it can be run and checked.
 */
int main(int argc, char **argv)
{
	const struct timespec idle = { .tv_sec = 1 };
	int no_children = 0;
	pid_t self = getpid();

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-children"))
			no_children = 1;
		else
			printf("init: ignoring argument '%s'\n", argv[i]);
	}
	printf("init: Spindle user space, PID %d\n", self);
	if (!no_children)
		for (size_t i = 0; i < sizeof(boot_programs) / sizeof(boot_programs[0]); i++)
			start(boot_programs[i]);
	fflush(stdout);

	for (;;) {
		int status;
		pid_t pid = wait4(-1, &status, 0, NULL);

		if (pid > 0) {
			report(pid, status);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (self != 1)
			return 0;
		/*
		 * No children: nothing to wait for until an orphan is handed to us, and wait4()
		 * cannot block for that. Sleep and look again.
		 */
		nanosleep(&idle, NULL);
	}
}
