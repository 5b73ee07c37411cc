/* Process IDs: a bitmap allocator per namespace. PID 0 belongs to the idle tasks; the rest are
 * handed out in increasing order and reused only after the counter wraps, as in Linux. */
#ifndef _LINUX_PID_H
#define _LINUX_PID_H

#include <linux/types.h>
#include <linux/spinlock.h>

#define PID_MAX_DEFAULT	32768
/* After a wrap the search restarts here: low PIDs stay with the boot-time daemons. */
#define RESERVED_PIDS	300

struct pid_namespace {
	/* Protects bitmap, last_pid and nr_allocated; taken with interrupts saved (a PID may be
	 * freed where interrupts are off), never held across a sleep. */
	spinlock_t lock;
	unsigned long *bitmap;	/* bit n set: PID n in use */
	int pid_max;		/* PIDs are 0 .. pid_max - 1 */
	int reserved;		/* first PID tried after a wrap */
	int last_pid;		/* the most recently allocated */
	int nr_allocated;
};

extern struct pid_namespace init_pid_ns;

/* Set up @ns over @bitmap (pid_max bits); PID 0 is taken from the start. */
void pid_ns_init(struct pid_namespace *ns, unsigned long *bitmap, int pid_max, int reserved);
/* The next free PID after the last one, wrapping to @reserved; -EAGAIN when all are taken. */
int alloc_pid_ns(struct pid_namespace *ns);
void free_pid_ns(struct pid_namespace *ns, int pid);

static inline int alloc_pid(void)
{
	return alloc_pid_ns(&init_pid_ns);
}

static inline void free_pid(int pid)
{
	free_pid_ns(&init_pid_ns, pid);
}

#endif
