/* Starting a user program from the kernel (Linux's kernel/umh.c): a user-mode thread that
 * execs the program, and, if asked, a wait for its exec or its exit. */
#include <linux/kernel.h>
#include <linux/binfmts.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/tty.h>
#include <linux/umh.h>

struct subprocess_info {
	const char *path;
	const char *const *argv;
	const char *const *envp;
	int wait;
	int (*init)(void *data);
	void *data;
	struct completion exec_done;	/* the exec happened (or failed) */
	struct completion done;		/* the process ended: its vfork_done */
	struct task_struct *task;	/* referenced, for its exit code */
	int retval;			/* the exec's error, or 0 */
};

/*
 * Linux's call_usermodehelper_exec_async(): in the new task, exec the program. On success the
 * function returns 0 and the task goes to user mode as the program; on failure it exits with
 * the error, which the waiter reads from retval.
 */
static int call_usermodehelper_exec_async(void *data)
{
	struct subprocess_info *sub = data;
	int ret;

	if ((sub->wait & 0xff) == UMH_WAIT_PROC) {
		sub->task = get_task_struct(current);
		current->vfork_done = &sub->done;
	}
	if (sub->wait & UMH_FOREGROUND)
		tty_set_foreground(current);
	ret = current->files ? 0 : console_on_rootfs();
	if (!ret && sub->init)
		ret = sub->init(sub->data);
	if (!ret)
		ret = kernel_execve(sub->path, sub->argv, sub->envp);
	sub->retval = ret;
	/* The last touch of the request: the waiter may return as soon as it sees this. */
	if ((sub->wait & 0xff) != UMH_WAIT_PROC)
		complete(&sub->exec_done);
	return ret;
}

/**
 * call_usermodehelper_exec_init - run the program at @path in a new process
 * @path: absolute path in the in-memory root
 * @argv: its arguments, NULL-terminated (argv[0] by convention the name)
 * @envp: its environment, NULL-terminated
 * @wait: UMH_NO_WAIT, UMH_WAIT_EXEC or UMH_WAIT_PROC, optionally | UMH_FOREGROUND
 * @init: called in the new process before the exec; a non-zero return is the exec's error
 * @data: @init's argument
 *
 * The process is a child of the caller but, like Linux's helpers, reaped at once when it
 * exits. The request lives on the caller's stack, so even UMH_NO_WAIT waits for the exec
 * (Linux 6.1 copies the request instead and returns at once).
 *
 * Context: process context, may sleep. Return: with UMH_WAIT_PROC the exit status as wait4()
 * reports it (exit code << 8, or the killing signal), with UMH_WAIT_EXEC 0 once the exec
 * succeeded, with UMH_NO_WAIT the new PID; or a negative errno (the exec's, or -ENOMEM).
 */
int call_usermodehelper_exec_init(const char *path, const char *const *argv,
				  const char *const *envp, int wait,
				  int (*init)(void *data), void *data)
{
	struct subprocess_info sub = {
		.path = path, .argv = argv, .envp = envp, .wait = wait,
		.init = init, .data = data,
	};
	int pid, ret;

	init_completion(&sub.exec_done);
	init_completion(&sub.done);
	pid = user_mode_thread(call_usermodehelper_exec_async, &sub,
			       strrchr(path, '/') ? strrchr(path, '/') + 1 : path, 0);
	if (pid < 0)
		return pid;
	if ((wait & 0xff) != UMH_WAIT_PROC) {
		wait_for_completion(&sub.exec_done);
		if (sub.retval)
			return sub.retval;
		return (wait & 0xff) == UMH_NO_WAIT ? pid : 0;
	}
	wait_for_completion(&sub.done);
	ret = sub.retval ? sub.retval : sub.task->exit_code;
	put_task_struct(sub.task);
	return ret;
}

/**
 * call_usermodehelper - run the program at @path in a new process with the console as its
 * descriptors 0, 1 and 2
 * @path: absolute path in the in-memory root
 * @argv: its arguments, NULL-terminated
 * @envp: its environment, NULL-terminated
 * @wait: as call_usermodehelper_exec_init()
 *
 * Context: process context, may sleep. Return: as call_usermodehelper_exec_init().
 */
int call_usermodehelper(const char *path, const char *const *argv, const char *const *envp,
			int wait)
{
	return call_usermodehelper_exec_init(path, argv, envp, wait, NULL, NULL);
}
