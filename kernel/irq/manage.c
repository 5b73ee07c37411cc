/*
 * Requesting and freeing IRQ lines, and the threads of threaded handlers (Linux's
 * kernel/irq/manage.c): request_threaded_irq() puts a hard handler, and optionally a thread
 * function, on a line; the thread function runs in irq/<N>-<name>, a SCHED_FIFO kernel thread
 * made through kthreadd, whenever the hard handler returns IRQ_WAKE_THREAD.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/irq.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <asm/processor.h>
#include "internals.h"

/* Wait until no CPU runs the line's hard handlers: IRQD_IRQ_INPROGRESS is clear under the lock. */
static void __synchronize_hardirq(struct irq_desc *desc)
{
	bool inprogress;

	do {
		unsigned long flags;

		while (irqd_irq_inprogress(&desc->irq_data))
			cpu_relax();
		/* Seen clear without the lock: make sure under it. */
		spin_lock_irqsave(&desc->lock, flags);
		inprogress = irqd_irq_inprogress(&desc->irq_data);
		spin_unlock_irqrestore(&desc->lock, flags);
	} while (inprogress);
}

/**
 * synchronize_irq - wait until no handler of line @irq runs, hard or threaded
 * @irq: the line
 *
 * Returns once no CPU is in the line's hard handlers and every thread function they woke has
 * finished. Holding something a handler needs while calling it deadlocks.
 * Linux 6.1: it also asks the chip whether an interrupt is in flight at the hardware level;
 * the IOAPIC cannot say so for an edge line.
 *
 * Context: process context; sleeps while a thread function runs. Return: nothing.
 */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	__synchronize_hardirq(desc);
	wait_event(desc->wait_for_threads,
		   !__atomic_load_n(&desc->threads_active, __ATOMIC_ACQUIRE));
}

/* The hard handler of a request with none: the thread does all the work (ONESHOT only). */
static irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

/*
 * The thread sleeps here until the hard handler sets IRQTF_RUNTHREAD. 0: run the thread
 * function; -1: stopped. A request that came with the stop is served first.
 */
static int irq_wait_for_interrupt(struct irqaction *action)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);

		if (kthread_should_stop()) {
			if (test_and_clear_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
				__set_current_state(TASK_RUNNING);
				return 0;
			}
			__set_current_state(TASK_RUNNING);
			return -1;
		}
		if (test_and_clear_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
			__set_current_state(TASK_RUNNING);
			return 0;
		}
		schedule();
	}
}

/*
 * A ONESHOT line stays masked until its woken threads have finished: the last one unmasks it,
 * unless the line was shut down meanwhile. A hard handler still running on another CPU may be
 * about to wake this thread again, so wait until it is out; a request that came meanwhile
 * (IRQTF_RUNTHREAD set again) keeps the line masked for the next run.
 */
static void irq_finalize_oneshot(struct irq_desc *desc, struct irqaction *action)
{
	if (!(desc->istate & IRQS_ONESHOT))
		return;
again:
	spin_lock_irq(&desc->lock);
	if (unlikely(irqd_irq_inprogress(&desc->irq_data))) {
		spin_unlock_irq(&desc->lock);
		cpu_relax();
		goto again;
	}
	if (test_bit(IRQTF_RUNTHREAD, &action->thread_flags))
		goto out_unlock;
	desc->threads_oneshot &= ~action->thread_mask;
	if (!desc->threads_oneshot && !irqd_irq_disabled(&desc->irq_data) &&
	    irqd_irq_masked(&desc->irq_data))
		unmask_irq(desc);
out_unlock:
	spin_unlock_irq(&desc->lock);
}

/*
 * The thread goes where the line goes. Linux 6.1 copies the line's effective affinity under
 * desc->lock whenever IRQTF_AFFINITY says it changed, before each run; a Spindle line is set
 * to CPU 0 at boot and never moves, so the thread moves once, when it starts.
 */
static void irq_thread_check_affinity(struct irq_desc *desc)
{
	set_cpus_allowed_ptr(current, desc->irq_data.effective_affinity);
}

/*
 * A threaded handler's run: preemptible, interrupts on, able to sleep.
 * Linux 6.1: it counts IRQ_HANDLED results for the spurious-interrupt detection.
 */
static void irq_thread_fn(struct irq_desc *desc, struct irqaction *action)
{
	action->thread_fn(action->irq, action->dev_id);
	irq_finalize_oneshot(desc, action);
}

static void wake_threads_waitq(struct irq_desc *desc)
{
	if (!__atomic_sub_fetch(&desc->threads_active, 1, __ATOMIC_RELEASE))
		wake_up(&desc->wait_for_threads);
}

/* The thread has started: __setup_irq() may return. */
static void irq_thread_set_ready(struct irq_desc *desc, struct irqaction *action)
{
	set_bit(IRQTF_READY, &action->thread_flags);
	wake_up(&desc->wait_for_threads);
}

static void wake_up_and_wait_for_irq_thread_ready(struct irq_desc *desc,
						  struct irqaction *action)
{
	if (!action->thread)
		return;
	wake_up_process(action->thread);
	wait_event(desc->wait_for_threads, test_bit(IRQTF_READY, &action->thread_flags));
}

/*
 * irq/<N>-<name>: SCHED_FIFO 50 (sched_set_fifo(), Linux's choice for every such thread), so
 * a line's work goes ahead of ordinary tasks yet behind the per-CPU stoppers at 99, and runs
 * the thread function each time the hard handler asks, until free_irq() stops it.
 * Linux 6.1: a task_work (irq_thread_dtor()) finishes the accounting if the thread is killed;
 * nothing kills a kernel thread here. The thread never parks, as in Linux.
 */
static int irq_thread(void *data)
{
	struct irqaction *action = data;
	struct irq_desc *desc = irq_to_desc(action->irq);

	irq_thread_set_ready(desc, action);
	sched_set_fifo(current);
	irq_thread_check_affinity(desc);

	while (!irq_wait_for_interrupt(action)) {
		irq_thread_fn(desc, action);
		wake_threads_waitq(desc);
	}
	return 0;
}

/*
 * Create the action's thread, asleep until __setup_irq() has the line ready. The action keeps
 * a reference to it, so the hard handler never looks at a freed task.
 */
static int setup_irq_thread(struct irqaction *new, unsigned int irq)
{
	struct task_struct *t;

	t = kthread_create(irq_thread, new, "irq/%d-%s", irq, new->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	new->thread = get_task_struct(t);
	return 0;
}

/*
 * Put @new on the line: its thread first (creation sleeps), then, under request_mutex and
 * desc->lock, the checks against the handlers already there, the line's activation and
 * startup if it is the first, and the action itself. Then the thread is woken, and awaited.
 * Linux 6.1: it also handles nested and forced threading, NMIs, per-CPU and trigger-type
 * flags, IRQF_NO_AUTOEN and the chip's resources and bus lock; none exist here.
 */
static int __setup_irq(unsigned int irq, struct irq_desc *desc, struct irqaction *new)
{
	struct irqaction *old, **old_ptr;
	unsigned long flags, thread_mask = 0;
	int ret, shared = 0;

	/* Linux 6.1: a line no controller drives has &no_irq_chip. */
	if (!desc->irq_data.chip)
		return -ENOSYS;

	new->irq = irq;

	if (new->thread_fn) {
		ret = setup_irq_thread(new, irq);
		if (ret)
			return ret;
	}

	mutex_lock(&desc->request_mutex);
	spin_lock_irqsave(&desc->lock, flags);
	old_ptr = &desc->action;
	old = *old_ptr;
	if (old) {
		/* Sharing takes both to agree to it, and on ONESHOT. */
		if (!((old->flags & new->flags) & IRQF_SHARED) ||
		    ((old->flags ^ new->flags) & IRQF_ONESHOT))
			goto mismatch;

		/* At the end of the list, with every bit the others hold known. */
		do {
			thread_mask |= old->thread_mask;
			old_ptr = &old->next;
			old = *old_ptr;
		} while (old);
		shared = 1;
	}

	if (new->flags & IRQF_ONESHOT) {
		/* One bit of threads_oneshot per ONESHOT action: the first free one. */
		if (thread_mask == ~0UL) {
			ret = -EBUSY;
			goto out_unlock;
		}
		new->thread_mask = 1UL << ffz(thread_mask);
	} else if (new->handler == irq_default_primary_handler) {
		/*
		 * Only the thread would quieten the device, while the line is live: a level line
		 * would interrupt again at once, and again. Refused whatever the trigger.
		 */
		pr_err("Threaded irq requested with handler=NULL and !ONESHOT for %s (irq %u)\n",
		       new->name, irq);
		ret = -EINVAL;
		goto out_unlock;
	}

	if (!shared) {
		ret = irq_activate(desc);
		if (ret)
			goto out_unlock;
		desc->istate &= ~IRQS_ONESHOT;
		if (new->flags & IRQF_ONESHOT)
			desc->istate |= IRQS_ONESHOT;
		irq_startup(desc);
	}

	*old_ptr = new;
	spin_unlock_irqrestore(&desc->lock, flags);
	mutex_unlock(&desc->request_mutex);

	wake_up_and_wait_for_irq_thread_ready(desc, new);
	return 0;

mismatch:
	pr_err("Flags mismatch irq %u. %08x (%s) vs. %08x (%s)\n", irq, new->flags, new->name,
	       old->flags, old->name);
	ret = -EBUSY;
out_unlock:
	spin_unlock_irqrestore(&desc->lock, flags);
	mutex_unlock(&desc->request_mutex);
	if (new->thread) {
		struct task_struct *t = new->thread;

		/* Never woken: it ends without running irq_thread(). */
		new->thread = NULL;
		kthread_stop(t);
		put_task_struct(t);
	}
	return ret;
}

/*
 * Take the action of @dev_id off the line; the last one shuts the line down. Once no CPU runs
 * the hard handlers, the thread is stopped (after a last run, if one was asked for), and a
 * line left without handlers loses its route and vector.
 */
static struct irqaction *__free_irq(struct irq_desc *desc, void *dev_id)
{
	unsigned int irq = desc->irq_data.irq;
	struct irqaction *action, **action_ptr;
	unsigned long flags;

	WARN(in_interrupt(), "Trying to free IRQ %u from IRQ context!\n", irq);

	mutex_lock(&desc->request_mutex);
	spin_lock_irqsave(&desc->lock, flags);
	action_ptr = &desc->action;
	for (;;) {
		action = *action_ptr;
		if (!action) {
			WARN(1, "Trying to free already-free IRQ %u\n", irq);
			spin_unlock_irqrestore(&desc->lock, flags);
			mutex_unlock(&desc->request_mutex);
			return NULL;
		}
		if (action->dev_id == dev_id)
			break;
		action_ptr = &action->next;
	}
	*action_ptr = action->next;
	if (!desc->action)
		irq_shutdown(desc);
	spin_unlock_irqrestore(&desc->lock, flags);

	/* A CPU inside the handlers may still hold @action: it is freed only after this. */
	__synchronize_hardirq(desc);

	if (action->thread) {
		kthread_stop(action->thread);
		put_task_struct(action->thread);
	}

	if (!desc->action) {
		spin_lock_irqsave(&desc->lock, flags);
		irq_deactivate(desc);
		spin_unlock_irqrestore(&desc->lock, flags);
	}
	mutex_unlock(&desc->request_mutex);
	return action;
}

/**
 * free_irq - take a handler off an IRQ line
 * @irq: the line
 * @dev_id: the cookie it was requested with
 *
 * Removes the handler; the last one shuts the line down (masked, unrouted). Returns only once
 * no hard handler of the line runs any more and the handler's thread has exited. On a shared
 * line the caller must have quietened its device first. Freeing a handler that is not there is
 * a bug, reported as Linux reports it ("Trying to free already-free IRQ").
 *
 * Context: process context, not in an interrupt; sleeps. Return: the name it was requested
 * with, or NULL if there was no such handler.
 */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action;
	const char *devname;

	might_sleep();
	if (!desc)
		return NULL;
	action = __free_irq(desc, dev_id);
	if (!action)
		return NULL;
	devname = action->name;
	kfree(action);
	return devname;
}

/**
 * request_threaded_irq - put a handler, and optionally a thread function, on an IRQ line
 * @irq: the line (an ISA IRQ, 0-15)
 * @handler: the hard handler: hard interrupt context, interrupts off. It checks that its
 *	device interrupted (IRQ_NONE if not), quietens it, and returns IRQ_HANDLED, or
 *	IRQ_WAKE_THREAD to have @thread_fn run. NULL: the thread does everything, which needs
 *	IRQF_ONESHOT.
 * @thread_fn: run in the line's irq/<N>-<name> thread (SCHED_FIFO 50, on the line's CPU,
 *	may sleep) after the hard handler returned IRQ_WAKE_THREAD; NULL: no thread
 * @irqflags: IRQF_SHARED: other handlers may share the line (all must say so, and agree on
 *	IRQF_ONESHOT); IRQF_ONESHOT: the line stays masked from the hard handler until
 *	@thread_fn has finished
 * @devname: the device's name, for /proc/interrupts, the thread's name and the trace events
 * @dev_id: the cookie handed to the handlers and to free_irq(); a shared line needs one
 *
 * From its return the handler may be called: the device must be ready for it. The first
 * handler on a line activates it (its vector, its IOAPIC route to CPU 0) and unmasks it.
 *
 * Context: process context; sleeps (allocation, the thread's creation, request_mutex).
 * Return: 0; -EINVAL for a bad line number, no handler at all, a shared request without
 * @dev_id or a NULL @handler without IRQF_ONESHOT; -ENOSYS for a line no controller drives;
 * -EBUSY for a line taken by a handler that does not share it; -ENOMEM.
 */
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long irqflags, const char *devname, void *dev_id)
{
	struct irqaction *action;
	struct irq_desc *desc;
	int retval;

	/* free_irq() tells shared handlers apart by dev_id. */
	if ((irqflags & IRQF_SHARED) && !dev_id)
		return -EINVAL;

	desc = irq_to_desc(irq);
	if (!desc)
		return -EINVAL;

	if (!handler) {
		if (!thread_fn)
			return -EINVAL;
		handler = irq_default_primary_handler;
	}

	action = kzalloc(sizeof(*action), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = irqflags;
	action->name = devname;
	action->dev_id = dev_id;

	retval = __setup_irq(irq, desc, action);
	if (retval)
		kfree(action);
	return retval;
}
