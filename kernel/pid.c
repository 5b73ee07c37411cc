/* PID allocation: a bitmap and a cursor. Allocating moves the cursor forward and takes the next
 * clear bit, so a freed PID is not reused until the cursor wraps past it: a stale PID held by
 * someone does not suddenly name a new task. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/pid.h>

/* PID 0, the idle tasks', is taken from the start. */
static unsigned long init_pid_bitmap[BITS_TO_LONGS(PID_MAX_DEFAULT)] = { 1UL };
/*
 * The PIDs of every task. Its lock protects bitmap, last_pid and nr_allocated; it is taken with
 * interrupts saved and disabled (a PID is freed wherever a task is released), and the holder
 * never sleeps: a search is a bitmap scan.
 */
struct pid_namespace init_pid_ns = {
	.lock = __SPIN_LOCK_UNLOCKED(init_pid_ns.lock),
	.bitmap = init_pid_bitmap,
	.pid_max = PID_MAX_DEFAULT,
	.reserved = RESERVED_PIDS,
	.last_pid = 0,
	.nr_allocated = 1,
};

/**
 * pid_ns_init - set up a PID space over a bitmap
 * @ns: the namespace to initialise
 * @bitmap: @pid_max bits, owned by the caller
 * @pid_max: PIDs are 0 .. @pid_max - 1
 * @reserved: the first PID tried after the cursor wraps
 *
 * PID 0 is taken from the start. Used by the tests to try the allocator on a small space.
 *
 * Linux 6.1: PID namespaces are built on an IDR (create_pid_namespace()).
 *
 * Context: any; @ns must not be in use.
 * Return: nothing.
 */
void pid_ns_init(struct pid_namespace *ns, unsigned long *bitmap, int pid_max, int reserved)
{
	spin_lock_init(&ns->lock);
	ns->bitmap = bitmap;
	ns->pid_max = pid_max;
	ns->reserved = reserved;
	ns->last_pid = 0;
	ns->nr_allocated = 1;
	bitmap_zero(bitmap, pid_max);
	__set_bit(0, bitmap);
}

/**
 * alloc_pid_ns - take the next free PID after the last one allocated
 * @ns: the PID space
 *
 * The cursor moves forward and wraps to @ns->reserved, so a freed PID is not reused until the
 * cursor comes round again. O(pid_max / 64) in the worst case (a nearly full map), O(1) while
 * PIDs are fresh.
 *
 * Linux 6.1: alloc_pid() allocates a struct pid through idr_alloc_cyclic(), with the same
 * wrap to RESERVED_PIDS.
 *
 * Context: any; takes @ns->lock with interrupts saved; does not sleep.
 * Return: the PID, or -EAGAIN when all are taken.
 */
int alloc_pid_ns(struct pid_namespace *ns)
{
	unsigned long flags;
	unsigned long pid;

	spin_lock_irqsave(&ns->lock, flags);
	pid = find_next_zero_bit(ns->bitmap, ns->pid_max, ns->last_pid + 1);
	if (pid >= (unsigned long)ns->pid_max)
		pid = find_next_zero_bit(ns->bitmap, ns->pid_max, ns->reserved);
	if (pid >= (unsigned long)ns->pid_max) {
		spin_unlock_irqrestore(&ns->lock, flags);
		return -EAGAIN;
	}
	__set_bit(pid, ns->bitmap);
	ns->last_pid = pid;
	ns->nr_allocated++;
	spin_unlock_irqrestore(&ns->lock, flags);
	return pid;
}

/**
 * free_pid_ns - give a PID back
 * @ns: the PID space
 * @pid: a PID allocated from @ns
 *
 * A PID out of range or not in use is warned about and left alone.
 *
 * Linux 6.1: free_pid() drops a struct pid.
 *
 * Context: any; takes @ns->lock with interrupts saved; does not sleep.
 * Return: nothing.
 */
void free_pid_ns(struct pid_namespace *ns, int pid)
{
	unsigned long flags;

	if (WARN(pid <= 0 || pid >= ns->pid_max, "free_pid: bad PID %d\n", pid))
		return;
	spin_lock_irqsave(&ns->lock, flags);
	if (!WARN(!test_bit(pid, ns->bitmap), "free_pid: PID %d is not in use\n", pid)) {
		__clear_bit(pid, ns->bitmap);
		ns->nr_allocated--;
	}
	spin_unlock_irqrestore(&ns->lock, flags);
}
