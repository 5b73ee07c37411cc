/* Kernel threads, as Linux's kernel/kthread.c: kthreadd (PID 2) creates every one of them from
 * kthread_create_list; the API around them (stop, park, bind, per-CPU) and kthread_worker. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/fault-inject.h>
#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <trace/events/kthread.h>
#include <trace/events/sched.h>

/* What a kernel thread has beyond its task_struct (task->worker_private). */
struct kthread {
	unsigned long flags;		/* KTHREAD_* bits */
	unsigned int cpu;		/* for per-CPU threads: their CPU, re-bound at unpark */
	long result;			/* threadfn's return value, for kthread_stop */
	int (*threadfn)(void *);	/* NULL for threads not made by kthread_create */
	void *data;
	struct completion parked;	/* the thread reached kthread_parkme() */
	struct completion exited;	/* completed by do_exit (task->vfork_done) */
	char *full_name;		/* the untruncated name; comm keeps 15 characters */
};

enum KTHREAD_BITS {
	KTHREAD_IS_PER_CPU = 0,
	KTHREAD_SHOULD_STOP,
	KTHREAD_SHOULD_PARK,
	KTHREAD_STARTED,		/* woken for the first time: kthread_bind is too late */
};

/* A creation request, queued on kthread_create_list for kthreadd. */
struct kthread_create_info {
	char *full_name;
	int (*threadfn)(void *data);
	void *data;
	int node;
	struct task_struct *result;
	struct completion *done;	/* NULL once the creator gave up (killed) */
	struct list_head list;
	/*
	 * The creator's fault-injection state, which kthreadd takes on while it forks: the
	 * allocations of the fork are made for the creator, so they count against its fail-nth
	 * count and fall under its make_it_fail, and no other creation takes the failure.
	 */
	/*
	 * Linux 6.1: kthreadd's allocations count against kthreadd's own fail-nth and filter; here
	 * against the creator's, so a test can fail the creation of its own thread and no other.
	 */
	unsigned int fail_nth;
	int make_it_fail;
};

/*
 * kthread_create_lock protects kthread_create_list: creators add their request to it and
 * kthreadd takes requests off it. Both run in process context, so it is a plain spin_lock()
 * with interrupts left on; it is never taken from interrupt context, and the holder never
 * sleeps (kthreadd drops it around each create_kthread()).
 */
static DEFINE_SPINLOCK(kthread_create_lock);
static LIST_HEAD(kthread_create_list);
struct task_struct *kthreadd_task;

static inline struct kthread *to_kthread(struct task_struct *k)
{
	return k->worker_private;
}

/* The task's struct kthread only if kthread_create() made it (not kthreadd, init, idle). */
static struct kthread *to_created_kthread(struct task_struct *k)
{
	struct kthread *kthread = k && (k->flags & PF_KTHREAD) ? to_kthread(k) : NULL;

	return kthread && kthread->threadfn ? kthread : NULL;
}

/**
 * kthread_full_name - the untruncated name of a kernel thread
 * @k: the task in question (may be NULL)
 *
 * comm keeps 15 characters; the struct kthread of a kthread_create() thread keeps the whole
 * name it was given.
 *
 * Linux 6.1: no such function, get_kthread_comm() copies the same full_name into a buffer;
 * Spindle's one reader (/proc/PID/sched) prints it in place.
 *
 * Context: any; the caller keeps @k alive.
 * Return: the full name, or NULL if @k was not made by kthread_create().
 */
const char *kthread_full_name(struct task_struct *k)
{
	struct kthread *kthread = to_created_kthread(k);

	return kthread ? kthread->full_name : NULL;
}

/**
 * set_kthread_struct - give a new kernel thread its struct kthread
 * @p: the task being forked, which has PF_KTHREAD
 *
 * Called by copy_process() for every kernel thread. Allocates the zeroed struct kthread,
 * hangs it on @p->worker_private and points @p->vfork_done at its exited completion, which
 * do_exit() completes for kthread_stop().
 *
 * Context: process context; may sleep (GFP_KERNEL allocation).
 * Return: true on success, false without memory.
 */
bool set_kthread_struct(struct task_struct *p)
{
	struct kthread *kthread = kzalloc(sizeof(*kthread), GFP_KERNEL);

	if (!kthread)
		return false;
	init_completion(&kthread->exited);
	init_completion(&kthread->parked);
	p->vfork_done = &kthread->exited;
	p->worker_private = kthread;
	return true;
}

/**
 * free_kthread_struct - free the struct kthread of a kernel thread
 * @k: the task whose struct kthread (if any) goes
 *
 * Frees the struct kthread and the full name it owns, and clears @k->worker_private. A task
 * without one is left alone.
 *
 * Context: any context kfree() may be called from; does not sleep.
 * Return: nothing.
 */
void free_kthread_struct(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread)
		return;
	k->worker_private = NULL;
	kfree(kthread->full_name);
	kfree(kthread);
}

/**
 * kthread_should_stop - should this kthread return now?
 *
 * When someone calls kthread_stop() on your kthread, it will be woken and this will return
 * true. You should then return, and your return value will be passed through to
 * kthread_stop().
 *
 * Context: a kernel thread that has a struct kthread; any context.
 * Return: true once kthread_stop() has been called on current.
 */
bool kthread_should_stop(void)
{
	return test_bit(KTHREAD_SHOULD_STOP, &to_kthread(current)->flags);
}

/**
 * __kthread_should_park - has kthread_park() been called on @k, and not undone yet
 * @k: a kernel thread made by kthread_create()
 *
 * kthread_should_park() for another thread: ksoftirqd_running() asks it of this CPU's
 * ksoftirqd, which does not run the softirqs any more once it is on its way to be parked.
 *
 * Context: any.
 * Return: true if @k was asked to park.
 */
bool __kthread_should_park(struct task_struct *k)
{
	return test_bit(KTHREAD_SHOULD_PARK, &to_kthread(k)->flags);
}

/**
 * kthread_should_park - should this kthread park now?
 *
 * When someone calls kthread_park() on your kthread, it will be woken and this will return
 * true. You should then do the necessary cleanup and call kthread_parkme(). Unlike
 * kthread_should_stop(), the thread stays alive; kthread_unpark() lets it carry on.
 *
 * Context: a kernel thread that has a struct kthread; any context.
 * Return: true while a park of current is requested.
 */
bool kthread_should_park(void)
{
	return __kthread_should_park(current);
}

/**
 * kthread_freezable_should_stop - kthread_should_stop() for a freezable kernel thread
 * @was_frozen: where to say whether current was frozen (may be NULL)
 *
 * Enters the refrigerator when a freeze covers current, but never once the thread has been
 * asked to stop: a kthread_stop() that came first ends the loop instead, where try_to_freeze()
 * would freeze the thread and leave the stopper waiting out the freeze.
 *
 * Context: process context, a kthread_create() thread; may sleep (for as long as the freeze
 * lasts).
 * Return: true if the thread should return from its function.
 */
bool kthread_freezable_should_stop(bool *was_frozen)
{
	bool frozen = false;

	might_sleep();

	if (unlikely(freezing(current)))
		frozen = __refrigerator(true);

	if (was_frozen)
		*was_frozen = frozen;

	return kthread_should_stop();
}

/**
 * kthread_data - return data value specified on kthread creation
 * @k: kthread task in question
 *
 * The caller is responsible for ensuring the validity of @k, and that it has a struct kthread.
 *
 * Context: any.
 * Return: the data value given to kthread_create() for @k.
 */
void *kthread_data(struct task_struct *k)
{
	return to_kthread(k)->data;
}

/*
 * Park until unparked, as Linux 6.1's __kthread_parkme(). TASK_PARKED matches no wake-up but
 * kthread_unpark()'s wake_up_state(TASK_PARKED) (wake_up_process() wakes TASK_NORMAL only), and
 * the loop tests the flag again after every wake-up, so only an unpark ends the park. The state
 * is stored with set_special_state(), under pi_lock: a wake-up that read an earlier
 * TASK_INTERRUPTIBLE (the smpboot loop sets it before testing its flags, and kthread_park() wakes
 * the thread) may still be inside try_to_wake_up(), and with set_current_state() its
 * TASK_RUNNING could land on TASK_PARKED. The thread would then go round again and complete
 * parked twice, and kthread_park()'s wait_task_inactive(TASK_PARKED) would find it running and
 * warn. The state is set before the flag is tested, so an unpark in between is not lost.
 */
static void __kthread_parkme(struct kthread *self)
{
	for (;;) {
		set_special_state(TASK_PARKED);
		if (!test_bit(KTHREAD_SHOULD_PARK, &self->flags))
			break;
		/* Not preempted between the completion and the switch, so kthread_park()'s
		 * wait_task_inactive() finds us off the CPU promptly. */
		preempt_disable();
		complete(&self->parked);
		schedule_preempt_disabled();
		preempt_enable();
	}
	__set_current_state(TASK_RUNNING);
}

/**
 * kthread_parkme - park the current kthread until it is unparked
 *
 * Sleeps in TASK_PARKED, after completing the parked completion kthread_park() waits on, until
 * kthread_unpark() clears the request. Returns at once if no park is requested.
 *
 * Context: process context, a kthread_create() thread; sleeps; no locks held.
 * Return: nothing.
 */
void kthread_parkme(void)
{
	__kthread_parkme(to_kthread(current));
}

/**
 * kthread_exit - cause the current kthread to return @result to kthread_stop()
 * @result: the value kthread_stop() returns
 *
 * Stores @result in the struct kthread (if there is one) and calls do_exit(0).
 *
 * Context: process context, a kernel thread; no locks held.
 * Return: does not return.
 */
__noreturn void kthread_exit(long result)
{
	struct kthread *kthread = to_kthread(current);

	if (kthread)
		kthread->result = result;
	do_exit(0);
}

/*
 * Every kthread_create() thread starts here, as a child of kthreadd. It takes over what the
 * request carried, resets the scheduling properties it inherited from kthreadd, reports to its
 * creator and sleeps in TASK_UNINTERRUPTIBLE until the first wake_up_process(): a created thread
 * does not run its function until woken.
 * Linux 6.1: keeps the nice value inherited from kthreadd and sets no KTHREAD_STARTED; Spindle
 * resets nice as well, and marks the first wake-up so that kthread_bind() can refuse a late bind.
 */
static int kthread(void *_create)
{
	static const struct sched_param param = { .sched_priority = 0 };
	struct kthread_create_info *create = _create;
	int (*threadfn)(void *data) = create->threadfn;
	void *data = create->data;
	struct kthread *self = to_kthread(current);
	struct completion *done;
	int ret;

	/* The creator was killed and gave up: the request is ours to free. */
	done = __atomic_exchange_n(&create->done, NULL, __ATOMIC_ACQ_REL);
	if (!done) {
		fail_nth_drop(create->fail_nth);
		kfree(create->full_name);
		kfree(create);
		kthread_exit(-EINTR);
	}
	self->full_name = create->full_name;
	self->threadfn = threadfn;
	self->data = data;

	/* kthreadd may have been given another policy, nice or CPU mask: do not inherit them. */
	sched_setscheduler_nocheck(current, SCHED_NORMAL, &param);
	set_user_nice(current, 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	__set_current_state(TASK_UNINTERRUPTIBLE);
	create->result = current;
	preempt_disable();
	complete(done);
	schedule_preempt_disabled();
	preempt_enable();

	set_bit(KTHREAD_STARTED, &self->flags);
	ret = -EINTR;
	if (!test_bit(KTHREAD_SHOULD_STOP, &self->flags)) {
		__kthread_parkme(self);
		ret = threadfn(data);
	}
	kthread_exit(ret);
}

/* kthreadd's half of a request: fork the thread, or report the error to the creator. */
static void create_kthread(struct kthread_create_info *create)
{
	/*
	 * Linux 6.1: calls kernel_thread(); here kernel_clone() itself, so the arguments can carry
	 * the creator's fail-nth count into the fork and back.
	 */
	struct kernel_clone_args args = {
		.flags	  = CLONE_FS | CLONE_FILES | CLONE_VM | CLONE_UNTRACED,
		.fn	  = kthread,
		.fn_arg	  = create,
		.name	  = create->full_name,
		.kthread  = true,
		.fail_nth = &create->fail_nth,
	};
	int own_make_it_fail = current->make_it_fail;
	unsigned int own_fail_nth;
	struct completion *done;
	int pid;

	/*
	 * The creator's count moves in, it is not copied, so fail_nth_tasks stays as it is;
	 * kthreadd's own (someone wrote /proc/2/fail-nth) waits aside until the fork is done.
	 */
	own_fail_nth = __atomic_exchange_n(&current->fail_nth, create->fail_nth, __ATOMIC_ACQ_REL);
	current->make_it_fail = own_make_it_fail | create->make_it_fail;
	pid = kernel_clone(&args);
	current->make_it_fail = own_make_it_fail;
	__atomic_store_n(&current->fail_nth, own_fail_nth, __ATOMIC_RELEASE);
	if (pid >= 0)
		return;
	done = __atomic_exchange_n(&create->done, NULL, __ATOMIC_ACQ_REL);
	kfree(create->full_name);
	if (!done) {
		fail_nth_drop(create->fail_nth);
		kfree(create);
		return;
	}
	create->result = ERR_PTR(pid);
	complete(done);
}

static struct task_struct *__kthread_create_on_node(int (*threadfn)(void *data), void *data,
						    int node, const char namefmt[], va_list args)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct kthread_create_info *create;
	struct task_struct *task;

	create = kmalloc(sizeof(*create), GFP_KERNEL);
	if (!create)
		return ERR_PTR(-ENOMEM);
	create->threadfn = threadfn;
	create->data = data;
	create->node = node;
	create->done = &done;
	create->full_name = kvasprintf(GFP_KERNEL, namefmt, args);
	if (!create->full_name) {
		task = ERR_PTR(-ENOMEM);
		goto free_create;
	}

	/* From here kthreadd's allocations for this thread are ours (create_kthread()). */
	create->fail_nth = __atomic_exchange_n(&current->fail_nth, 0, __ATOMIC_ACQ_REL);
	create->make_it_fail = current->make_it_fail;

	spin_lock(&kthread_create_lock);
	list_add_tail(&create->list, &kthread_create_list);
	spin_unlock(&kthread_create_lock);
	wake_up_process(kthreadd_task);

	/*
	 * Killed before kthreadd or the new thread took the request: leave the request to them
	 * (whoever exchanges done for NULL second frees it).
	 */
	if (unlikely(wait_for_completion_killable(&done))) {
		if (__atomic_exchange_n(&create->done, NULL, __ATOMIC_ACQ_REL))
			return ERR_PTR(-EINTR);
		wait_for_completion(&done);
	}
	task = create->result;
	if (!IS_ERR(task))
		trace_kthread_create(task);
	/* What kthreadd left of the count is ours to go on with. */
	__atomic_store_n(&current->fail_nth, create->fail_nth, __ATOMIC_RELEASE);
free_create:
	kfree(create);
	return task;
}

/**
 * kthread_create_on_node - create a kthread
 * @threadfn: the function to run in the new thread
 * @data: data pointer for @threadfn
 * @node: NUMA node hint, recorded but not used (Spindle allocates without node affinity)
 * @namefmt: printf-style name for the thread
 *
 * Queues a request for kthreadd and waits for it. The thread is created asleep: use
 * wake_up_process() to start it (see kthread_run()). It has SCHED_NORMAL policy, nice 0, and
 * may run on every possible CPU. When woken it runs @threadfn(@data) and its return value
 * goes to kthread_stop(). The creator's fault-injection count covers the allocations kthreadd
 * makes on its behalf.
 *
 * Context: process context; sleeps; no spinlocks held.
 * Return: the new task, ERR_PTR(-ENOMEM), or ERR_PTR(-EINTR) if the caller was killed while
 * waiting.
 */
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = __kthread_create_on_node(threadfn, data, node, namefmt, args);
	va_end(args);
	return task;
}

static int __kthread_bind_mask(struct task_struct *p, const struct cpumask *mask,
			       unsigned int state)
{
	struct kthread *kthread = to_kthread(p);
	unsigned long flags;

	/* kthread_unpark() re-binds a parked per-CPU thread, which has of course been woken. */
	if (WARN(!kthread ||
		 (state != TASK_PARKED && test_bit(KTHREAD_STARTED, &kthread->flags)) ||
		 !wait_task_inactive(p, state),
		 "kthread_bind: %s/%d has already been woken; bind before wake_up_process()\n",
		 p->comm, p->pid))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	do_set_cpus_allowed(p, mask);
	p->flags |= PF_NO_SETAFFINITY;
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return 0;
}

/**
 * kthread_bind_mask - bind a just-created kthread to a CPU mask
 * @p: thread created by kthread_create()
 * @mask: CPUs (which need not be online) for @p to run on
 *
 * Like set_cpus_allowed_ptr(), except that the CPUs need not be online, and the thread must
 * not have been woken yet; also sets PF_NO_SETAFFINITY.
 *
 * Linux 6.1: returns void, only warning, and refuses only a thread found awake; Spindle also
 * refuses one woken before (it may sleep again) and returns -EINVAL, which kthread-torture and
 * the kthread tests count.
 *
 * Context: process context; may sleep (waits until @p is off its CPU).
 * Return: 0, or -EINVAL (with a warning) if @p has already been woken.
 */
int kthread_bind_mask(struct task_struct *p, const struct cpumask *mask)
{
	return __kthread_bind_mask(p, mask, TASK_UNINTERRUPTIBLE);
}

/**
 * kthread_bind - bind a just-created kthread to a CPU
 * @p: thread created by kthread_create()
 * @cpu: CPU (might not be online, must be possible) for @p to run on
 *
 * kthread_bind_mask() with the mask of @cpu alone.
 *
 * Linux 6.1: returns void and only warns; Spindle returns -EINVAL as kthread_bind_mask() does,
 * for callers that count a refused bind (kthread-torture).
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL (with a warning) if @p has already been woken.
 */
int kthread_bind(struct task_struct *p, unsigned int cpu)
{
	return __kthread_bind_mask(p, cpumask_of(cpu), TASK_UNINTERRUPTIBLE);
}

/**
 * kthread_create_on_cpu - create a CPU-bound kthread
 * @threadfn: the function to run in the new thread
 * @data: data pointer for @threadfn
 * @cpu: the CPU the thread is bound to
 * @namefmt: printf-style name for the thread; its one argument is @cpu ("name/%u")
 *
 * kthread_create_on_node() followed by kthread_bind() and kthread_set_per_cpu(): the thread
 * stays on @cpu, also after a park while the CPU was offline.
 *
 * Linux 6.1: records @cpu without the per-CPU mark, which only smpboot and workqueue set, so its
 * kthread_unpark() re-binds only their threads; Spindle marks every thread made here, so any
 * parked one comes back to its CPU, and migrate_tasks() leaves it there while parked.
 *
 * Context: process context; sleeps.
 * Return: the new (sleeping) task, or an ERR_PTR() as from kthread_create_on_node().
 */
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	struct task_struct *p;

	p = kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, cpu);
	if (IS_ERR(p))
		return p;
	kthread_bind(p, cpu);
	kthread_set_per_cpu(p, cpu);
	return p;
}

/**
 * kthread_set_per_cpu - mark a kthread as belonging to one CPU
 * @k: the kernel thread
 * @cpu: its CPU, or a negative number to clear the mark
 *
 * A per-CPU thread is bound to @cpu again each time kthread_unpark() wakes it. Does nothing
 * for a task without a struct kthread.
 *
 * Linux 6.1: also warns when @k lacks PF_NO_SETAFFINITY; Spindle's workqueue marks a new worker
 * in worker_attach_to_pool() before kthread_bind_mask() sets that flag.
 *
 * Context: any.
 * Return: nothing.
 */
void kthread_set_per_cpu(struct task_struct *k, int cpu)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread)
		return;
	if (cpu < 0) {
		clear_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
		return;
	}
	kthread->cpu = cpu;
	set_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
}

/**
 * kthread_is_per_cpu - is this kthread marked as belonging to one CPU?
 * @k: the task in question
 *
 * Context: any.
 * Return: true if kthread_set_per_cpu() marked @k with a CPU.
 */
bool kthread_is_per_cpu(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	return kthread && test_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
}

/**
 * kthread_unpark - unpark a thread created by kthread_create()
 * @k: thread created by kthread_create()
 *
 * Sets kthread_should_park() for @k to return false and wakes it from TASK_PARKED. If the
 * thread is marked per-CPU it is bound to its CPU again first. A thread that is not parked,
 * or not made by kthread_create(), is left alone.
 *
 * Linux 6.1: assumes @k was made by kthread_create(); here any other task (kthreadd, init, an
 * idle task) is left alone, as kthread_park() refuses them, since the shell can name any PID.
 *
 * Context: process context; may sleep (the re-bind waits until @k is off its CPU).
 * Return: nothing.
 */
void kthread_unpark(struct task_struct *k)
{
	struct kthread *kthread = to_created_kthread(k);

	if (!kthread || !test_bit(KTHREAD_SHOULD_PARK, &kthread->flags))
		return;
	/* A per-CPU thread goes back to its CPU, which may have been offline meanwhile. */
	if (test_bit(KTHREAD_IS_PER_CPU, &kthread->flags))
		__kthread_bind_mask(k, cpumask_of(kthread->cpu), TASK_PARKED);
	trace_kthread_unpark(k);
	clear_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
	wake_up_state(k, TASK_PARKED);
}

/**
 * kthread_park - park a thread created by kthread_create()
 * @k: thread created by kthread_create()
 *
 * Sets kthread_should_park() for @k to return true, wakes it, and waits until it has parked:
 * reported in kthread_parkme() and switched out in TASK_PARKED. This can also be called after
 * kthread_create() instead of wake_up_process(): the thread will park without calling its
 * function. If called by the kthread itself, just the park bit is set.
 *
 * Linux 6.1: assumes @k was made by kthread_create(); Spindle refuses any other task with
 * -EINVAL, since the shell can name any PID and such a task never calls kthread_parkme().
 *
 * Context: process context; sleeps unless @k is current; no spinlocks held.
 * Return: 0 if the thread is parked, -ENOSYS if it is exiting, -EBUSY if a park was already
 * requested, -EINVAL if @k was not made by kthread_create() (the last three with a warning).
 */
int kthread_park(struct task_struct *k)
{
	struct kthread *kthread = to_created_kthread(k);

	if (WARN(!kthread, "kthread_park: %s/%d was not created by kthread_create()\n",
		 k ? k->comm : "(null)", k ? k->pid : -1))
		return -EINVAL;
	if (WARN_ON(k->flags & PF_EXITING))
		return -ENOSYS;
	if (WARN_ON_ONCE(test_bit(KTHREAD_SHOULD_PARK, &kthread->flags)))
		return -EBUSY;
	trace_kthread_park(k);
	reinit_completion(&kthread->parked);
	set_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
	if (k != current) {
		wake_up_process(k);
		/* Parked means: reported in kthread_parkme() and switched out in TASK_PARKED. */
		wait_for_completion(&kthread->parked);
		WARN_ON_ONCE(!wait_task_inactive(k, TASK_PARKED));
	}
	return 0;
}

/**
 * kthread_stop - stop a thread created by kthread_create()
 * @k: thread created by kthread_create()
 *
 * Sets kthread_should_stop() for @k to return true, unparks and wakes it, and waits for it
 * to exit. This can also be called after kthread_create() instead of wake_up_process(): the
 * thread will exit without calling its function (kthread() tests should_stop before calling
 * it, as in Linux). A thread that already exited or is already being stopped is a caller's
 * bug: warned about, and refused.
 *
 * Linux 6.1: checks neither that @k is still a task nor that it is not being stopped already;
 * Spindle warns and returns -EINVAL, so a test's or the shell's double stop is reported rather
 * than freeing the task twice.
 *
 * Context: process context; sleeps; no spinlocks held.
 * Return: the result of the thread's function (or of kthread_exit()), -EINTR if the function
 * never ran, or -EINVAL if @k is not a live kthread_create() thread or is already being stopped.
 */
int kthread_stop(struct task_struct *k)
{
	struct kthread *kthread;
	long ret;

	might_sleep();

	/*
	 * Not in Linux 6.1 (see above). A task_struct whose last reference is gone holds a count of 0
	 * until its memory is used again; Linux's refcount_t warns the same way ("addition on 0")
	 * when get_task_struct() below takes it. Testing the count is O(1); walking the task list
	 * to find @k made every stop cost the number of threads.
	 */
	if (WARN(!k || !READ_ONCE(k->usage), "kthread_stop: %p is not a task any more (stopped twice?)\n",
		 k))
		return -EINVAL;
	kthread = to_created_kthread(k);
	if (WARN(!kthread, "kthread_stop: %s/%d was not created by kthread_create()\n", k->comm,
		 k->pid))
		return -EINVAL;
	/*
	 * The reference comes before should_stop is set: from that moment the thread may see it,
	 * return and be freed, and this function still reads kthread->result afterwards.
	 */
	trace_sched_kthread_stop(k);
	get_task_struct(k);
	if (WARN(test_and_set_bit(KTHREAD_SHOULD_STOP, &kthread->flags),
		 "kthread_stop: %s/%d is already being stopped\n", k->comm, k->pid)) {
		put_task_struct(k);
		return -EINVAL;
	}
	kthread_unpark(k);
	wake_up_process(k);
	wait_for_completion(&kthread->exited);
	ret = kthread->result;
	put_task_struct(k);
	trace_sched_kthread_stop_ret(ret);
	return ret;
}

/**
 * kthreadd - the kernel thread daemon, PID 2
 * @unused: not used
 *
 * It serialises creation: every kernel thread is forked by it from kthread_create_list, so
 * each starts from kthreadd's clean context (no caller's mm, CPU mask or priority leaks in) and
 * has PPID 2.
 *
 * Context: runs as its own kernel thread, started once at boot; never frozen.
 * Return: does not return.
 */
int kthreadd(void *unused)
{
	struct task_struct *tsk = current;
	struct kthread_create_info *create;

	set_task_comm(tsk, "kthreadd");
	set_cpus_allowed_ptr(tsk, cpu_possible_mask);
	tsk->flags |= PF_NOFREEZE;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (list_empty(&kthread_create_list))
			schedule();
		__set_current_state(TASK_RUNNING);

		spin_lock(&kthread_create_lock);
		while (!list_empty(&kthread_create_list)) {
			create = list_first_entry(&kthread_create_list,
						  struct kthread_create_info, list);
			list_del_init(&create->list);
			spin_unlock(&kthread_create_lock);
			create_kthread(create);
			spin_lock(&kthread_create_lock);
		}
		spin_unlock(&kthread_create_lock);
	}
	return 0;
}

/* ---- kthread_worker -------------------------------------------------------------------- */

/**
 * kthread_init_worker - initialise a kthread_worker
 * @worker: the worker to initialise (contents are overwritten)
 *
 * Linux 6.1: a macro around __kthread_init_worker() that gives each caller's workers a lockdep
 * class; here one function, so every worker's lock shares the class of this spin_lock_init().
 *
 * Context: any; @worker must not be in use.
 * Return: nothing.
 */
void kthread_init_worker(struct kthread_worker *worker)
{
	memset(worker, 0, sizeof(*worker));
	spin_lock_init(&worker->lock);
	INIT_LIST_HEAD(&worker->work_list);
	INIT_LIST_HEAD(&worker->delayed_work_list);
}

/**
 * kthread_worker_fn - kthread function to process a kthread_worker
 * @worker_ptr: pointer to an initialised kthread_worker
 *
 * Takes the first work, runs it with the lock dropped, repeats; sleeps when the list is
 * empty, parks when asked, and returns when stopped with kthread_stop(). Works run one at a
 * time, in the order they were queued, and must not finish holding locks or with preemption
 * or interrupts disabled.
 *
 * Linux 6.1: freezes between works with KTW_FREEZABLE and never parks; Spindle has no freezable
 * worker (the flag is kept for its value), and parks when asked because the kthread lab's
 * "kthread park" parks any thread it made, a worker too.
 *
 * Context: the worker's own kernel thread; sleeps.
 * Return: 0 once stopped.
 */
int kthread_worker_fn(void *worker_ptr)
{
	struct kthread_worker *worker = worker_ptr;
	struct kthread_work *work;

	WARN_ON(worker->task && worker->task != current);
	worker->task = current;
repeat:
	set_current_state(TASK_INTERRUPTIBLE);
	if (kthread_should_stop()) {
		__set_current_state(TASK_RUNNING);
		spin_lock_irq(&worker->lock);
		worker->task = NULL;
		spin_unlock_irq(&worker->lock);
		return 0;
	}
	work = NULL;
	spin_lock_irq(&worker->lock);
	if (!list_empty(&worker->work_list)) {
		work = list_first_entry(&worker->work_list, struct kthread_work, node);
		list_del_init(&work->node);
	}
	worker->current_work = work;
	spin_unlock_irq(&worker->lock);

	if (work) {
		__set_current_state(TASK_RUNNING);
		work->func(work);
	} else if (!kthread_should_park()) {
		schedule();
	}
	if (kthread_should_park())
		kthread_parkme();
	cond_resched();
	goto repeat;
}

static struct kthread_worker *__kthread_create_worker(int cpu, unsigned int flags,
						      const char namefmt[], va_list args)
{
	struct kthread_worker *worker = kzalloc(sizeof(*worker), GFP_KERNEL);
	struct task_struct *task;

	if (!worker)
		return ERR_PTR(-ENOMEM);
	kthread_init_worker(worker);
	worker->flags = flags;
	task = __kthread_create_on_node(kthread_worker_fn, worker, NUMA_NO_NODE, namefmt, args);
	if (IS_ERR(task)) {
		kfree(worker);
		return ERR_CAST(task);
	}
	if (cpu >= 0) {
		kthread_bind(task, cpu);
		kthread_set_per_cpu(task, cpu);
	}
	worker->task = task;
	wake_up_process(task);
	return worker;
}

/**
 * kthread_create_worker - create a kthread worker
 * @flags: flags modifying the default behaviour of the worker (stored in @worker->flags)
 * @namefmt: printf-style name for the kthread worker (task)
 *
 * Allocates the worker, creates its thread with kthread_worker_fn() and wakes it.
 *
 * Context: process context; sleeps.
 * Return: the worker, ERR_PTR(-ENOMEM) when the needed structures could not be allocated,
 * or ERR_PTR(-EINTR) when the caller was killed by a fatal signal.
 */
struct kthread_worker *kthread_create_worker(unsigned int flags, const char namefmt[], ...)
{
	struct kthread_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = __kthread_create_worker(-1, flags, namefmt, args);
	va_end(args);
	return worker;
}

/**
 * kthread_create_worker_on_cpu - create a kthread worker and bind it to a CPU
 * @cpu: CPU number, or a negative number for an unbound worker
 * @flags: flags modifying the default behaviour of the worker
 * @namefmt: printf-style name for the kthread worker (task)
 *
 * As kthread_create_worker(), with the thread bound to @cpu and marked per-CPU. The caller
 * passes the CPU among the name's arguments, as Linux's users do ("kwork/%d", cpu).
 *
 * Linux 6.1: binds the worker without the per-CPU mark; Spindle marks it, as
 * kthread_create_on_cpu() does, so a parked worker is re-bound to @cpu when unparked.
 *
 * Context: process context; sleeps.
 * Return: the worker, or an ERR_PTR() as from kthread_create_worker().
 */
struct kthread_worker *kthread_create_worker_on_cpu(int cpu, unsigned int flags,
						    const char namefmt[], ...)
{
	struct kthread_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = __kthread_create_worker(cpu, flags, namefmt, args);
	va_end(args);
	return worker;
}

static bool queuing_blocked(struct kthread_worker *worker, struct kthread_work *work)
{
	return !list_empty(&work->node) || work->canceling;
}

/*
 * Queue @work at @pos and wake the worker unless it is running a work (it looks at the list
 * again when that one ends). Called with worker->lock held. O(1).
 * Linux 6.1: also warns here about a work already queued or another worker's
 * (kthread_insert_work_sanity_check()); Spindle's callers have tested queuing_blocked() first.
 */
static void kthread_insert_work(struct kthread_worker *worker, struct kthread_work *work,
				struct list_head *pos)
{
	struct task_struct *task = worker->task;

	list_add_tail(&work->node, pos);
	work->worker = worker;
	if (!worker->current_work && task)
		wake_up_process(task);
}

/**
 * kthread_queue_work - queue a kthread_work
 * @worker: target kthread_worker
 * @work: kthread_work to queue
 *
 * Queues @work at the tail of @worker's list and wakes the worker if it is idle. A work that
 * is pending, or being cancelled, is not queued again. Reinitialise the work if it is to be
 * used with another worker.
 *
 * Context: any, including hard interrupt context (takes worker->lock with irqsave).
 * Return: true if @work was queued, false if it was already pending or being cancelled.
 */
bool kthread_queue_work(struct kthread_worker *worker, struct kthread_work *work)
{
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&worker->lock, flags);
	if (!queuing_blocked(worker, work)) {
		kthread_insert_work(worker, work, &worker->work_list);
		ret = true;
	}
	spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

/**
 * kthread_delayed_work_timer_fn - queue a delayed kthread work when its timer expires
 * @t: pointer to the expired timer
 *
 * The delay ran out: moves the work from the delayed list to the run list, unless a cancel
 * is in progress; then the work stays on the delayed list for the canceller to take off.
 *
 * Linux 6.1: takes the work off the delayed list even when a cancel is in progress, so a
 * kthread_cancel_delayed_work_sync() or kthread_mod_delayed_work() that met the firing timer
 * reports a pending work as idle; Spindle leaves it for the canceller, so the return values
 * count every queueing exactly once (kthread-torture checks queued = ran + cancelled).
 *
 * Context: timer callback (IRQ-safe timer, interrupt context with interrupts off).
 * Return: nothing.
 */
void kthread_delayed_work_timer_fn(struct timer_list *t)
{
	struct kthread_delayed_work *dwork = from_timer(dwork, t, timer);
	struct kthread_work *work = &dwork->work;
	struct kthread_worker *worker = work->worker;
	unsigned long flags;

	if (WARN_ON_ONCE(!worker))
		return;
	spin_lock_irqsave(&worker->lock, flags);
	if (!work->canceling) {
		list_del_init(&work->node);
		kthread_insert_work(worker, work, &worker->work_list);
	}
	spin_unlock_irqrestore(&worker->lock, flags);
}

/* A zero delay queues at once; otherwise the work waits on the delayed list for its timer. */
static void __kthread_queue_delayed_work(struct kthread_worker *worker,
					 struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct kthread_work *work = &dwork->work;

	if (!delay) {
		kthread_insert_work(worker, work, &worker->work_list);
		return;
	}
	list_add(&work->node, &worker->delayed_work_list);
	work->worker = worker;
	timer->expires = jiffies + delay;
	add_timer(timer);
}

/**
 * kthread_queue_delayed_work - queue a kthread work after a delay
 * @worker: target kthread_worker
 * @dwork: kthread_delayed_work to queue
 * @delay: number of jiffies to wait before queuing
 *
 * If the work is not pending, starts a timer that will queue it after @delay; a zero @delay
 * queues it immediately.
 *
 * Context: any (takes worker->lock with irqsave).
 * Return: false if the work was already pending (timer running or work queued) or being
 * cancelled, true if it was queued now.
 */
bool kthread_queue_delayed_work(struct kthread_worker *worker,
				struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct kthread_work *work = &dwork->work;
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&worker->lock, flags);
	if (!queuing_blocked(worker, work)) {
		__kthread_queue_delayed_work(worker, dwork, delay);
		ret = true;
	}
	spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

struct kthread_flush_work {
	struct kthread_work work;
	struct completion done;
};

static void kthread_flush_work_fn(struct kthread_work *work)
{
	struct kthread_flush_work *fwork = container_of(work, struct kthread_flush_work, work);

	complete(&fwork->done);
}

static void init_flush_work(struct kthread_flush_work *fwork)
{
	kthread_init_work(&fwork->work, kthread_flush_work_fn);
	init_completion(&fwork->done);
}

/**
 * kthread_flush_work - flush a kthread_work
 * @work: work to flush
 *
 * If @work is queued or executing, waits for it to finish: a marker work queued right behind
 * it completes when it runs.
 *
 * Context: process context; may sleep; no spinlocks held.
 * Return: nothing.
 */
void kthread_flush_work(struct kthread_work *work)
{
	struct kthread_worker *worker = work->worker;
	struct kthread_flush_work fwork;
	bool noop = false;

	might_sleep();
	if (!worker)
		return;
	init_flush_work(&fwork);
	spin_lock_irq(&worker->lock);
	if (!list_empty(&work->node))
		kthread_insert_work(worker, &fwork.work, work->node.next);
	else if (worker->current_work == work)
		kthread_insert_work(worker, &fwork.work, worker->work_list.next);
	else
		noop = true;
	spin_unlock_irq(&worker->lock);
	if (!noop)
		wait_for_completion(&fwork.done);
}

/*
 * Make sure @work's timer is neither pending nor running. Called with worker->lock held, which
 * is dropped while waiting for a running timer callback (it takes the lock itself); meanwhile
 * work->canceling keeps the callback and the queueing functions from queueing the work.
 */
static void kthread_cancel_delayed_work_timer(struct kthread_work *work, unsigned long *flags)
{
	struct kthread_delayed_work *dwork = container_of(work, struct kthread_delayed_work, work);
	struct kthread_worker *worker = work->worker;

	work->canceling++;
	spin_unlock_irqrestore(&worker->lock, *flags);
	del_timer_sync(&dwork->timer);
	spin_lock_irqsave(&worker->lock, *flags);
	work->canceling--;
}

/*
 * Take @work off whichever list it is on (the run list or the delayed one). Called with
 * worker->lock held, a delayed work's timer already cancelled. @work may still be running.
 */
static bool __kthread_cancel_work(struct kthread_work *work)
{
	if (!list_empty(&work->node)) {
		list_del_init(&work->node);
		return true;
	}
	return false;
}

/**
 * kthread_mod_delayed_work - modify the delay of, or queue, a kthread delayed work
 * @worker: kthread worker to use
 * @dwork: kthread delayed work to queue
 * @delay: number of jiffies to wait before queuing
 *
 * If @dwork is idle, equivalent to kthread_queue_delayed_work(). Otherwise takes it off its
 * timer or list and queues it again after @delay; a zero @delay queues it immediately. A
 * cancel in progress wins: the work is then left to it and not queued.
 *
 * Context: any (takes worker->lock with irqsave; may spin while the timer callback runs).
 * Return: false if @dwork was idle and has been queued now, true otherwise (it was pending and
 * is re-queued, or a cancel in progress keeps it).
 */
bool kthread_mod_delayed_work(struct kthread_worker *worker,
			      struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct kthread_work *work = &dwork->work;
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&worker->lock, flags);
	if (!work->worker)
		goto fast_queue;
	WARN_ON_ONCE(work->worker != worker);
	/*
	 * The timer first, as that drops the lock; the work leaves its list only once it can be
	 * queued again. A cancel in progress keeps it: not queued, and counted as pending.
	 */
	kthread_cancel_delayed_work_timer(work, &flags);
	if (work->canceling) {
		ret = true;
		goto out;
	}
	ret = __kthread_cancel_work(work);
fast_queue:
	__kthread_queue_delayed_work(worker, dwork, delay);
out:
	spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

static bool __kthread_cancel_work_sync(struct kthread_work *work, bool is_dwork)
{
	struct kthread_worker *worker = work->worker;
	unsigned long flags;
	bool ret;

	if (!worker)
		return false;
	spin_lock_irqsave(&worker->lock, flags);
	if (is_dwork)
		kthread_cancel_delayed_work_timer(work, &flags);
	ret = __kthread_cancel_work(work);
	if (worker->current_work != work)
		goto out_fast;
	/* Running now: refuse new queueing while we wait for this run to end. */
	work->canceling++;
	spin_unlock_irqrestore(&worker->lock, flags);
	kthread_flush_work(work);
	spin_lock_irqsave(&worker->lock, flags);
	work->canceling--;
out_fast:
	spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

/**
 * kthread_cancel_work_sync - cancel a kthread work and wait for it to finish
 * @work: the kthread work to cancel
 *
 * Takes @work off its list and, if it is running, waits for that run to end while refusing
 * to queue it again. On return @work is not pending or executing. Not for delayed works: use
 * kthread_cancel_delayed_work_sync(). The worker must not be destroyed meanwhile.
 *
 * Context: process context; may sleep.
 * Return: true if @work was pending, false otherwise.
 */
bool kthread_cancel_work_sync(struct kthread_work *work)
{
	return __kthread_cancel_work_sync(work, false);
}

/**
 * kthread_cancel_delayed_work_sync - cancel a kthread delayed work and wait for it to finish
 * @dwork: the kthread delayed work to cancel
 *
 * This is kthread_cancel_work_sync() for delayed works: the timer is deactivated first.
 *
 * Context: process context; may sleep.
 * Return: true if @dwork was pending, false otherwise.
 */
bool kthread_cancel_delayed_work_sync(struct kthread_delayed_work *dwork)
{
	return __kthread_cancel_work_sync(&dwork->work, true);
}

/**
 * kthread_flush_worker - flush all current works on a kthread_worker
 * @worker: worker to flush
 *
 * Waits until every work queued so far, and the one running, has finished.
 *
 * Context: process context; sleeps.
 * Return: nothing.
 */
void kthread_flush_worker(struct kthread_worker *worker)
{
	struct kthread_flush_work fwork;

	might_sleep();
	init_flush_work(&fwork);
	kthread_queue_work(worker, &fwork.work);
	wait_for_completion(&fwork.done);
}

/**
 * kthread_destroy_worker - destroy a kthread worker
 * @worker: worker to be destroyed
 *
 * Flushes the worker, stops its thread and frees it. Works must not be queued meanwhile.
 *
 * Context: process context; sleeps.
 * Return: nothing.
 */
void kthread_destroy_worker(struct kthread_worker *worker)
{
	struct task_struct *task = worker->task;

	if (WARN_ON(!task))
		return;
	kthread_flush_worker(worker);
	kthread_stop(task);
	WARN_ON(!list_empty(&worker->delayed_work_list));
	WARN_ON(!list_empty(&worker->work_list));
	kfree(worker);
}
