/* Starting a user program from the kernel (Linux's include/linux/umh.h): the console's run
 * command and the self-tests use it. */
#ifndef _LINUX_UMH_H
#define _LINUX_UMH_H

#define UMH_NO_WAIT	0	/* don't wait at all */
#define UMH_WAIT_EXEC	1	/* wait for the exec, but not the process */
#define UMH_WAIT_PROC	2	/* wait for the process to complete */

/* Linux's UMH_* flags go in the same word; this one is Spindle's: make the program the
 * console's foreground task while it runs, so Ctrl-C reaches it. */
#define UMH_FOREGROUND	0x100

struct subprocess_info;

/*
 * Linux's call_usermodehelper_setup()/call_usermodehelper_exec() in one call: @init, if given,
 * runs in the new process before the exec (descriptors already set up: console on 0, 1, 2)
 * and may change them, e.g. point 1 at a pipe to collect the program's output; its @data.
 */
int call_usermodehelper_exec_init(const char *path, const char *const *argv,
				  const char *const *envp, int wait,
				  int (*init)(void *data), void *data);
int call_usermodehelper(const char *path, const char *const *argv, const char *const *envp,
			int wait);

#endif
