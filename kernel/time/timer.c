/* Timers and timed sleeps: a per-CPU rbtree of timers by expiry, run in TIMER_SOFTIRQ when the
 * tick finds one due, and schedule_timeout()/msleep() on top. Linux uses a hierarchical wheel
 * (O(1) insert, batched expiry); an rbtree is O(log n) insert and O(1) to find the next expiry,
 * and reads simpler. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/sched/nohz.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct timer_base {
	/* Protects the fields below and the queued timers' nodes; taken with interrupts off.
	 * timers_dead_cpu() alone holds two, another CPU's nested inside its own. */
	spinlock_t lock;
	struct rb_root_cached timers;
	struct timer_list *running_timer;	/* whose callback runs now, for del_timer_sync */
	/* The first expiry, for the tick to read without the lock (valid if timers_pending). */
	unsigned long next_expiry;
	bool timers_pending;
	/*
	 * Its CPU stopped its tick past the next jiffy (get_next_timer_interrupt()): a timer
	 * queued here from another CPU must wake it. Set and read under @lock; cleared by its
	 * CPU without it (timer_clear_idle()).
	 */
	bool is_idle;
	unsigned int cpu;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

static void run_timer_softirq(struct softirq_action *h);

/**
 * init_timers - set up every possible CPU's timer base and the timer softirq
 *
 * Context: boot, before the tick starts. Return: nothing.
 */
void init_timers(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct timer_base *base = &per_cpu(timer_bases, cpu);

		spin_lock_init(&base->lock);
		base->timers = RB_ROOT_CACHED;
		base->cpu = cpu;
	}
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

/**
 * init_timer_key - set up @timer (timer_setup(), a macro, calls this)
 * @timer: the timer
 * @function: its callback
 * @flags: TIMER_IRQSAFE, TIMER_PINNED
 * @name: the lock class name of its lockdep map (timer_setup()'s argument text), or NULL
 * @key: that class's key (timer_setup()'s call site's), or NULL
 *
 * Context: any. Return: nothing.
 */
void init_timer_key(struct timer_list *timer, void (*function)(struct timer_list *),
		    unsigned int flags, const char *name, struct lock_class_key *key)
{
	timer->function = function;
	timer->flags = flags & ~TIMER_CPUMASK;
	timer->pending = false;
	timer->expires = 0;
	RB_CLEAR_NODE(&timer->node);
	lockdep_init_map(&timer->lockdep_map, name, key, 0);
}

/*
 * The callback, "holding" the timer's lockdep map, as Linux's call_timer_fn(): a copy of it,
 * since the callback may free the timer.
 */
static void call_timer_fn(struct timer_list *timer)
{
#ifdef CONFIG_LOCKDEP
	struct lockdep_map lockdep_map;

	lockdep_copy_map(&lockdep_map, &timer->lockdep_map);
#endif
	lock_map_acquire(&lockdep_map);
	timer->function(timer);
	lock_map_release(&lockdep_map);
}

static bool timer_before(struct rb_node *a, const struct rb_node *b)
{
	return time_before(rb_entry(a, struct timer_list, node)->expires,
			   rb_entry(b, struct timer_list, node)->expires);
}

static struct timer_base *timer_base_of(struct timer_list *timer)
{
	return &per_cpu(timer_bases, timer->flags & TIMER_CPUMASK);
}

/* Lock the base @timer is on. A timer changes base only under its old base's lock, so check
 * again after locking and retry if it moved meanwhile. */
static struct timer_base *lock_timer_base(struct timer_list *timer, unsigned long *flags)
{
	struct timer_base *base;

	for (;;) {
		base = timer_base_of(timer);
		spin_lock_irqsave(&base->lock, *flags);
		if (base == timer_base_of(timer))
			return base;
		spin_unlock_irqrestore(&base->lock, *flags);
	}
}

/* Publish the first expiry for the tick, after every change of the tree. O(1): cached leftmost. */
static void update_next_expiry(struct timer_base *base)
{
	struct rb_node *first = rb_first_cached(&base->timers);

	if (first)
		WRITE_ONCE(base->next_expiry, rb_entry(first, struct timer_list, node)->expires);
	WRITE_ONCE(base->timers_pending, first != NULL);
}

static void detach_timer(struct timer_base *base, struct timer_list *timer)
{
	rb_erase_cached(&timer->node, &base->timers);
	RB_CLEAR_NODE(&timer->node);
	WRITE_ONCE(timer->pending, false);
	update_next_expiry(base);
}

/*
 * A timer went first on another CPU's base while that CPU sleeps with its tick stopped, armed
 * for a later timer or none: wake it, so its idle loop arms the device again (Linux's
 * trigger_dyntick_cpu()). The base lock orders this against get_next_timer_interrupt().
 */
static void trigger_dyntick_cpu(struct timer_base *base, struct timer_list *timer)
{
	if (base->is_idle && base->cpu != smp_processor_id() &&
	    rb_first_cached(&base->timers) == &timer->node)
		wake_up_nohz_cpu(base->cpu);
}

/* O(log n). */
static void enqueue_timer(struct timer_base *base, struct timer_list *timer)
{
	rb_add_cached(&timer->node, &base->timers, timer_before);
	WRITE_ONCE(timer->pending, true);
	update_next_expiry(base);
	trigger_dyntick_cpu(base, timer);
}

/**
 * mod_timer - (re)arm @timer to expire at jiffy @expires
 * @timer: a timer set up with timer_setup()
 * @expires: the jiffy at which its callback runs (on the first tick at or after it)
 *
 * A pending timer is moved; an idle one is queued, on this CPU's base unless it is
 * TIMER_PINNED and pending (it stays where it is) or its callback runs right now on its old
 * base (it stays there, so del_timer_sync() waits on one base). O(log n).
 *
 * Context: any, interrupts on or off; takes the base lock with interrupts off.
 * Return: 1 if @timer was pending, 0 if not.
 */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	struct timer_base *base, *new_base;
	unsigned long flags;
	int was_pending;

	base = lock_timer_base(timer, &flags);
	was_pending = timer->pending;
	if (was_pending)
		detach_timer(base, timer);
	timer->expires = expires;
	/*
	 * Queue it on this CPU, unless its callback is running on its old base right now:
	 * keeping it there keeps del_timer_sync()'s wait on one base correct.
	 */
	new_base = this_cpu_ptr(&timer_bases);
	if (new_base != base && base->running_timer != timer &&
	    !(timer->flags & TIMER_PINNED && was_pending)) {
		timer->flags = (timer->flags & ~TIMER_CPUMASK) | smp_processor_id();
		spin_unlock(&base->lock);
		base = new_base;
		spin_lock(&base->lock);
	}
	enqueue_timer(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return was_pending;
}

/**
 * add_timer - arm @timer for the jiffy already in timer->expires
 * @timer: a timer that is not pending (one that is gets a WARN and is left alone)
 *
 * Context: any, as mod_timer(). Return: nothing.
 */
void add_timer(struct timer_list *timer)
{
	if (WARN(timer_pending(timer), "add_timer: timer %pS already pending\n",
		 timer->function))
		return;
	mod_timer(timer, timer->expires);
}

/**
 * del_timer - dequeue @timer if it is pending
 * @timer: the timer
 *
 * Does not wait for a callback running on another CPU: use del_timer_sync() before freeing
 * what the callback uses.
 *
 * Context: any; takes the base lock with interrupts off. Return: 1 if it was pending, else 0.
 */
int del_timer(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = 0;

	if (!timer_pending(timer))
		return 0;
	base = lock_timer_base(timer, &flags);
	if (timer->pending) {
		detach_timer(base, timer);
		ret = 1;
	}
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/*
 * Dequeue unless the callback is running: -1 then, so the caller waits and tries again; -2 when
 * it runs on this CPU under the caller (the caller is the callback, or was called from it), where
 * waiting would never end.
 */
static int try_to_del_timer_sync(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(timer, &flags);
	if (base->running_timer == timer && base == this_cpu_ptr(&timer_bases) &&
	    in_serving_softirq()) {
		ret = -2;
	} else if (base->running_timer != timer) {
		ret = 0;
		if (timer->pending) {
			detach_timer(base, timer);
			ret = 1;
		}
	}
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/**
 * del_timer_sync - dequeue @timer and wait until its callback is not running anywhere
 * @timer: the timer; its callback must not re-arm it unconditionally, or this may never end
 *
 * Linux's rules: a hard interrupt handler may not wait (it may have interrupted the very callback
 * on this CPU), except for a TIMER_IRQSAFE timer, whose callback runs with interrupts off and so
 * is never interrupted; nor may a caller with interrupts off (Linux's lockdep reports it), again
 * except for TIMER_IRQSAFE. Breaking them WARNs and only dequeues, where Linux would deadlock.
 * The wait itself spins while the callback runs on another CPU; it is as long as the callback.
 *
 * Context: process or softirq context, interrupts on (any context for TIMER_IRQSAFE); must
 * not hold a lock the callback takes (the validator reports that cycle).
 * Return: 1 if it was pending, else 0.
 */
int del_timer_sync(struct timer_list *timer)
{
	bool irqsafe = timer->flags & TIMER_IRQSAFE;
	int ret;
#ifdef CONFIG_LOCKDEP
	unsigned long flags;

	/*
	 * Waiting for the callback is, for the validator, taking its map: a lock held here that
	 * the callback takes makes a cycle (Linux's del_timer_sync() does the same).
	 */
	local_irq_save(flags);
	lock_map_acquire(&timer->lockdep_map);
	lock_map_release(&timer->lockdep_map);
	local_irq_restore(flags);
#endif

	if (WARN((in_irq() || irqs_disabled()) && !irqsafe,
		 "del_timer_sync() from interrupt context: only dequeuing %pS\n",
		 timer->function))
		return del_timer(timer);
	for (;;) {
		ret = try_to_del_timer_sync(timer);
		if (ret >= 0)
			return ret;
		if (WARN(ret == -2, "del_timer_sync() of %pS from its own callback\n",
			 timer->function))
			return 0;
		cpu_relax();
	}
}

/*
 * TIMER_SOFTIRQ: each expired timer of this CPU is dequeued and its callback run with the base
 * unlocked, so the callback may re-arm it (mod_timer). Callbacks run with interrupts on, except
 * TIMER_IRQSAFE ones (as Linux). O(log n) per expired timer.
 */
static void run_timer_softirq(struct softirq_action *h)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);
	struct timer_list *timer;
	struct rb_node *first;

	spin_lock_irq(&base->lock);
	while ((first = rb_first_cached(&base->timers))) {
		timer = rb_entry(first, struct timer_list, node);
		if (time_before(jiffies, timer->expires))
			break;
		detach_timer(base, timer);
		base->running_timer = timer;
		if (timer->flags & TIMER_IRQSAFE) {
			spin_unlock(&base->lock);
			call_timer_fn(timer);
			spin_lock(&base->lock);
		} else {
			spin_unlock_irq(&base->lock);
			call_timer_fn(timer);
			spin_lock_irq(&base->lock);
		}
		base->running_timer = NULL;
	}
	spin_unlock_irq(&base->lock);
}

/**
 * run_local_timers - the tick's look at this CPU's timers
 *
 * Only looks whether a timer is due and raises TIMER_SOFTIRQ, which runs it on this
 * interrupt's exit. O(1), no lock: a stale read (a timer queued here from another CPU
 * meanwhile) only leaves it to the next tick.
 *
 * Context: the tick, hard interrupt, interrupts off. Return: nothing.
 */
void run_local_timers(void)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	if (READ_ONCE(base->timers_pending) &&
	    !time_before(jiffies, READ_ONCE(base->next_expiry)))
		raise_softirq(TIMER_SOFTIRQ);
}

/**
 * update_process_times - the tick's work for the task it interrupted
 * @user_tick: the tick came from user mode
 *
 * Charge the tick, raise the timer softirq if a timer is due, tick the scheduler.
 *
 * Context: the tick, hard interrupt, interrupts off. Return: nothing.
 */
void update_process_times(int user_tick)
{
	account_process_tick(current, user_tick);
	run_local_timers();
	scheduler_tick();
}

/**
 * get_next_timer_interrupt - when this CPU's first timer is due, for a tick about to stop
 * @basej: jiffies now
 * @basem: sched_clock() time at which jiffies became @basej
 *
 * When that is more than a period away the base is marked idle, so that a CPU queueing an
 * earlier timer here wakes this one (trigger_dyntick_cpu()). O(1): the first expiry is cached.
 *
 * Context: the idle loop (tick_nohz_idle_stop_tick()), interrupts off.
 * Return: the sched_clock() time of the jiffy the first timer is due at (@basem if already
 * due), U64_MAX if there is none.
 */
u64 get_next_timer_interrupt(unsigned long basej, u64 basem)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);
	u64 expires = U64_MAX;

	spin_lock(&base->lock);
	if (base->timers_pending) {
		unsigned long delta = base->next_expiry - basej;

		/* Centuries away would overflow the nanoseconds: no nearer than none at all. */
		if (!time_after(base->next_expiry, basej))
			expires = basem;
		else if (delta < (U64_MAX - basem) / TICK_NSEC)
			expires = basem + (u64)delta * TICK_NSEC;
	}
	base->is_idle = expires - basem > TICK_NSEC;
	spin_unlock(&base->lock);
	return expires;
}

/**
 * timer_clear_idle - this CPU's tick runs again: remote timers need not wake it
 *
 * Context: the tick code, interrupts off. Return: nothing.
 */
void timer_clear_idle(void)
{
	/* Without the lock, as Linux: a CPU that still sees the mark only sends an IPI too many. */
	WRITE_ONCE(this_cpu_ptr(&timer_bases)->is_idle, false);
}

/**
 * timers_dead_cpu - CPUHP_TIMERS_PREPARE's teardown: adopt a dead CPU's timers
 * @cpu: the CPU taken down
 *
 * @cpu is offline and takes no more interrupts, so its pending timers would never run; move
 * them to this CPU's base (Linux's timers_dead_cpu()). Only one base lock is ever held
 * elsewhere (lock_timer_base, mod_timer), so taking two here cannot deadlock. O(n log n) in
 * the timers moved.
 * Linux 6.1: moves two bases (standard and deferrable), wheel bucket by bucket.
 *
 * Context: the control CPU, process context (CPU hotplug), after @cpu is dead; takes both
 * base locks with interrupts off. Return: 0, or -EBUSY (with a warning) if @cpu is online.
 */
int timers_dead_cpu(unsigned int cpu)
{
	struct timer_base *old_base = per_cpu_ptr(&timer_bases, cpu);
	struct timer_base *new_base;
	struct timer_list *timer;
	struct rb_node *first;

	if (WARN_ON(cpu_online(cpu)))
		return -EBUSY;
	/*
	 * Preemption off from the choice of base to the last timer moved (Linux's get_cpu_ptr()):
	 * a thread moved to another CPU between the two would file the timers under a CPU number
	 * that is not their base's, and leave them on a base whose CPU may sleep tickless.
	 */
	preempt_disable();
	new_base = this_cpu_ptr(&timer_bases);
	spin_lock_irq(&new_base->lock);
	/* Two bases, one class: the rule above is what makes the nesting safe (Linux's too). */
	spin_lock_nested(&old_base->lock, SINGLE_DEPTH_NESTING);
	WARN_ON_ONCE(old_base->running_timer);
	while ((first = rb_first_cached(&old_base->timers))) {
		timer = rb_entry(first, struct timer_list, node);
		detach_timer(old_base, timer);
		timer->flags = (timer->flags & ~TIMER_CPUMASK) | smp_processor_id();
		enqueue_timer(new_base, timer);
	}
	spin_unlock(&old_base->lock);
	spin_unlock_irq(&new_base->lock);
	preempt_enable();
	return 0;
}

/* ---- Timed sleeps ----------------------------------------------------------------------- */

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = from_timer(timeout, t, timer);

	wake_up_process(timeout->task);
}

/**
 * schedule_timeout - sleep until woken or @timeout jiffies pass
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT for no limit
 *
 * Sleeps in the state the caller set. The caller sets its state first, as with schedule(), so
 * a wake-up between that and the sleep is not lost. In atomic context this cannot sleep:
 * schedule() warns and this returns 0 ("timed out") at once instead of spinning.
 *
 * Context: process context, may sleep.
 * Return: the jiffies left (0 if the time ran out; MAX_SCHEDULE_TIMEOUT for no limit).
 */
long __sched schedule_timeout(long timeout)
{
	struct process_timer timer;
	unsigned long expire;

	/* msleep(), usleep_range() and the schedule_timeout_*() forms all come through here. */
	might_sleep();
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (WARN(timeout < 0, "schedule_timeout: wrong timeout value %lx\n", timeout)) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	if (preempt_count() || irqs_disabled()) {
		schedule();
		return 0;
	}
	expire = timeout + jiffies;
	timer.task = current;
	timer_setup(&timer.timer, process_timeout, 0);
	timer.timer.expires = expire;
	add_timer(&timer.timer);
	schedule();
	del_timer_sync(&timer.timer);
	timeout = expire - jiffies;
	return timeout < 0 ? 0 : timeout;
}

/**
 * schedule_timeout_interruptible - schedule_timeout() in TASK_INTERRUPTIBLE
 * @timeout: jiffies
 *
 * A signal or any wake-up ends it early.
 *
 * Context: process context, may sleep. Return: as schedule_timeout().
 */
long __sched schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/**
 * schedule_timeout_uninterruptible - schedule_timeout() in TASK_UNINTERRUPTIBLE
 * @timeout: jiffies
 *
 * Counts in the load average and for the hung-task detector.
 *
 * Context: process context, may sleep. Return: as schedule_timeout().
 */
long __sched schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/**
 * schedule_timeout_idle - schedule_timeout() in TASK_IDLE
 * @timeout: jiffies
 *
 * Uninterruptible, but counted neither in the load average nor by the hung-task detector (an
 * idle kernel thread's wait).
 *
 * Context: process context, may sleep. Return: as schedule_timeout().
 */
long __sched schedule_timeout_idle(long timeout)
{
	__set_current_state(TASK_IDLE);
	return schedule_timeout(timeout);
}

/* Sleep @timeout whole ticks; one more tick is added by the callers below, since the current
 * tick is already partly over and the sleep must last at least what was asked. */
static void sleep_ticks_uninterruptible(unsigned long timeout)
{
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

/**
 * msleep - sleep at least @msecs milliseconds, uninterruptibly
 * @msecs: milliseconds
 *
 * Context: process context, may sleep. Return: nothing.
 */
void msleep(unsigned int msecs)
{
	sleep_ticks_uninterruptible(msecs_to_jiffies(msecs) + 1);
}

/**
 * msleep_interruptible - msleep(), but a signal ends it early
 * @msecs: milliseconds
 *
 * Context: process context, may sleep. Return: the milliseconds left (0 if it slept them all).
 */
unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}

/**
 * usleep_range - sleep between @min and @max microseconds, uninterruptibly
 * @min: the least
 * @max: the most the caller would like
 *
 * Spindle's timers have the tick's 1 ms resolution, so the sleep lasts until the first tick
 * after @max microseconds.
 * Linux 6.1: sleeps on a high-resolution timer, between @min and @max.
 *
 * Context: process context, may sleep. Return: nothing.
 */
void usleep_range(unsigned long min, unsigned long max)
{
	sleep_ticks_uninterruptible(usecs_to_jiffies(max < min ? min : max) + 1);
}
