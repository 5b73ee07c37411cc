/* Signals sent by the kernel to a user task it must stop (Linux's include/linux/sched/signal.h):
 * a fault it cannot fix (SIGSEGV, SIGBUS), an illegal instruction (SIGILL), a divide error
 * (SIGFPE). The task dies on its way back to user mode (default action: terminate). */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#define SIGILL			4
#define SIGTRAP			5
#define SIGBUS			7
#define SIGFPE			8
#define SIGSEGV			11
#define SIGCHLD			17

/**
 * force_sig - send @sig to the current task, which may not ignore or block it
 * @sig: the signal number
 *
 * Context: any context of the current task (a trap handler, process context). Return: nothing.
 */
void force_sig(int sig);

#endif
