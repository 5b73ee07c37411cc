/* Spindle's own: drain_cached_stacks(), which the leak checks of the self-tests, the torture
 * and the benchmarks call so that memory kernel/fork.c keeps for reuse is counted as free. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/time.h>

/*
 * Is a task that exited still in its final switch? kthread_stop() returns once the thread
 * signalled its exit, but its stack and (unless someone else holds it) its task_struct are
 * freed by finish_task_switch() on the CPU it ran on, a moment later. Under tasklist_lock.
 * A count of 1 is that switch's own reference; a count of 0 is a put_task_struct() that has
 * let go of the last reference and not yet taken the task off the list in __put_task_struct().
 */
enum exiting {
	EXITING_NONE,
	EXITING_LAST_SWITCH,	/* dead, in (or about to be freed after) its last switch */
	EXITING_NOT_DEAD,	/* in do_exit(), its last switch still to come */
};

static enum exiting task_still_exiting(struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);

	/*
	 * kthread_stop() returns as soon as the thread completed its vfork_done, and on one CPU
	 * its waiter may run before the thread's last switch.
	 */
	if ((READ_ONCE(p->flags) & PF_EXITING) && state != TASK_DEAD)
		return EXITING_NOT_DEAD;
	if (state == TASK_DEAD &&
	    (READ_ONCE(p->stack) || __atomic_load_n(&p->usage, __ATOMIC_ACQUIRE) <= 1))
		return EXITING_LAST_SWITCH;
	return EXITING_NONE;
}

/* O(tasks). A task leaves the list only together with its task_struct's free. */
static enum exiting tasks_still_exiting(void)
{
	enum exiting found = EXITING_NONE;
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		found = max(found, task_still_exiting(p));
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/**
 * drain_cached_stacks - give back the cached stacks and the slab caches' empty slabs
 *
 * For leak checks that compare page, object and task counts. First lets tasks in their final
 * switch on other CPUs finish it, tasks being freed finish that, and tasks in do_exit() reach
 * it: O(tasks) per look. A last switch takes microseconds, but under emulation the vCPU running
 * it may go unscheduled by the host for far longer (a 100 ms bound once let a stack be freed
 * after the count was read), so it spins 1 ms, then sleeps a tick at a time, for at most 10 s in
 * case a task never gets there.
 *
 * Linux 6.1: no such function; the cached stacks stay until their CPU goes offline.
 *
 * Context: process context; sleeps; takes tasklist_lock.
 * Return: nothing.
 */
void drain_cached_stacks(void)
{
	u64 start = sched_clock();
	unsigned int cpu;

	for (;;) {
		enum exiting e = tasks_still_exiting();
		u64 waited = sched_clock() - start;

		if (e == EXITING_NONE || waited >= 10 * NSEC_PER_SEC)
			break;
		/* A task still on its way may need this CPU to get there. */
		if (e == EXITING_NOT_DEAD || waited >= NSEC_PER_MSEC)
			schedule_timeout_uninterruptible(1);
		else
			cpu_relax();
	}
	free_deferred_stacks(false);
	for_each_possible_cpu(cpu)
		free_vm_stack_cache(cpu);
	/* The slab caches keep a few empty slabs (min_partial): give them back too. */
	kmem_cache_shrink_all();
}
