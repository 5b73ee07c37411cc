/* Helpers the user programs in usr/ share: the system calls that musl either does not wrap the
 * way Spindle needs, or wraps with extra system calls Spindle does not implement. */
#ifndef _USR_ULIB_H
#define _USR_ULIB_H

#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * fork() itself: musl's fork() blocks every signal with rt_sigprocmask around SYS_fork (for its
 * threads' sake), and Spindle has no rt_sigprocmask. Single-threaded programs need none of it.
 * Flush stdio before calling this, or the child prints the parent's buffered output again.
 */
static inline pid_t sys_fork(void)
{
	return syscall(SYS_fork);
}

/*
 * musl's sched_setscheduler(), sched_getscheduler() and sched_getparam() always fail with
 * ENOSYS (POSIX means the whole process, Linux's calls act on one thread), so the programs
 * make the Linux system calls themselves: these are what taskset-style tools use too.
 */
static inline int sys_sched_setscheduler(pid_t pid, int policy, int priority)
{
	struct sched_param sp = { .sched_priority = priority };

	return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

static inline int sys_sched_getscheduler(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

static inline int sys_sched_getparam(pid_t pid, struct sched_param *sp)
{
	return syscall(SYS_sched_getparam, pid, sp);
}

/* Run only on @cpu from now on (and so will every child forked afterwards). */
static inline int pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* The time stamp counter, after every earlier instruction has finished (lfence), so a sample
 * does not start before the code it measures or end before that code is done. */
static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

#endif
