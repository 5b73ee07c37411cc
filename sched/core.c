/* The core scheduler (Linux's kernel/sched/core.c): per-CPU run queues, schedule() and the
 * context switch, wake-ups, the tick, preemption, policy, priority, nice and CPU affinity. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/kthread.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/mm.h>
#include <linux/sched/nohz.h>
#include <linux/interrupt.h>
#include <linux/wait_bit.h>
#include <asm/mmu_context.h>
#include <asm/switch_to.h>
#include <asm/traps.h>
#include <linux/stacktrace.h>
#include <trace/events/sched.h>
#include <asm/sections.h>
#include "sched.h"
#include "../kernel/workqueue_internal.h"

/* One run queue per CPU; what its lock protects is told at struct rq (sched.h). */
DEFINE_PER_CPU(struct rq, runqueues);
/* Each CPU's running task: written in __switch_to() by its own CPU, or before it starts. */
DEFINE_PER_CPU(struct task_struct *, current_task) = &init_task;

/*
 * switch_to.S saves and loads the stack pointer at a constant offset, TASK_threadsp
 * (asm/switch_to.h): the build fails if struct task_struct moves thread.sp.
 */
_Static_assert(offsetof(struct task_struct, thread.sp) == TASK_threadsp,
	       "switch_to.S saves the stack pointer at TASK_threadsp");

/*
 * Linux's nice-to-weight table: each nice step is about 10 % of CPU time relative to a
 * neighbour, so weights differ by a factor of about 1.25 per step; nice 0 = 1024.
 */
const int sched_prio_to_weight[NICE_WIDTH] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */ 9548, 7620, 6100, 4904, 3906,
	/*  -5 */ 3121, 2501, 1991, 1586, 1277,
	/*   0 */ 1024, 820, 655, 526, 423,
	/*   5 */ 335, 272, 215, 172, 137,
	/*  10 */ 110, 87, 70, 56, 45,
	/*  15 */ 36, 29, 23, 18, 15,
};

/* 2^32 / weight, so the fair class scales runtime by a multiply and a shift. */
const u32 sched_prio_to_wmult[NICE_WIDTH] = {
	/* -20 */ 48388, 59856, 76040, 92818, 118348,
	/* -15 */ 147320, 184698, 229616, 287308, 360437,
	/* -10 */ 449829, 563644, 704093, 875809, 1099582,
	/*  -5 */ 1376151, 1717300, 2157191, 2708050, 3363326,
	/*   0 */ 4194304, 5237765, 6557202, 8165337, 10153587,
	/*   5 */ 12820798, 15790321, 19976592, 24970740, 31350126,
	/*  10 */ 39045157, 49367440, 61356676, 76695844, 95443717,
	/*  15 */ 119304647, 148102320, 186737708, 238609294, 286331153,
};

/**
 * double_rq_lock - lock two run queues, then update both clocks
 * @rq1: one run queue
 * @rq2: another, or @rq1 again (then it is locked once)
 *
 * Always the lower CPU's first, so two CPUs locking the same pair cannot deadlock.
 * Linux 6.1: leaves the clocks to the caller (it only clears their update flags); every
 * Spindle caller wants both clocks current, so they are updated here.
 *
 * Context: interrupts off; neither lock held. Return: nothing.
 */
void double_rq_lock(struct rq *rq1, struct rq *rq2)
{
	if (rq1 == rq2) {
		spin_lock(&rq1->lock);
		return;
	}
	if (rq1->cpu > rq2->cpu) {
		struct rq *tmp = rq1;

		rq1 = rq2;
		rq2 = tmp;
	}
	spin_lock(&rq1->lock);
	/* The same class twice, ordered by CPU number: the validator is told of the rule. */
	spin_lock_nested(&rq2->lock, SINGLE_DEPTH_NESTING);
	update_rq_clock(rq1);
	update_rq_clock(rq2);
}

/**
 * double_rq_trylock - lock @this_rq, then @busiest only if it is free
 * @this_rq: the caller's run queue, waited for
 * @busiest: another CPU's, never waited for (so the order of the two does not matter)
 *
 * Linux 6.1: no such function; double_lock_balance() drops @this_rq's lock and takes both in
 * order when the trylock fails. Spindle's balancer tries another CPU instead (load_balance()).
 *
 * Context: interrupts off. Return: true with both locked and their clocks updated, false
 * with neither locked.
 */
bool double_rq_trylock(struct rq *this_rq, struct rq *busiest)
{
	spin_lock(&this_rq->lock);
	if (this_rq != busiest && !spin_trylock(&busiest->lock)) {
		spin_unlock(&this_rq->lock);
		return false;
	}
	update_rq_clock(this_rq);
	update_rq_clock(busiest);
	return true;
}

/*
 * Lock the run queue @p is on. @p can move to another CPU until its rq lock is held, so check
 * after locking and retry. Holding p->pi_lock as well (task_rq_lock) also keeps wake-ups away.
 * Linux 6.1: task_rq_lock() lets go of pi_lock while it waits for a task being moved; Spindle
 * keeps it, safe because a pi_lock holder only ever waits for move_queued_task_locked(), which
 * holds both queues' locks and takes no other (the movers that drop a lock hold pi_lock).
 */
static struct rq *__task_rq_lock(struct task_struct *p)
{
	struct rq *rq;

	for (;;) {
		rq = task_rq(p);
		spin_lock(&rq->lock);
		if (likely(rq == task_rq(p) && !task_on_rq_migrating(p)))
			return rq;
		spin_unlock(&rq->lock);
		/* Being moved between queues: wait until it is on its new one (pi_lock kept). */
		while (unlikely(task_on_rq_migrating(p)))
			cpu_relax();
	}
}

static struct rq *task_rq_lock(struct task_struct *p, unsigned long *flags)
{
	spin_lock_irqsave(&p->pi_lock, *flags);
	return __task_rq_lock(p);
}

/**
 * resched_curr - ask @rq's CPU to reschedule
 * @rq: the run queue whose current task should give up its CPU
 *
 * Locally that is two flag writes, picked up at the next preempt_enable() or interrupt
 * return; another CPU gets a reschedule IPI. Nothing if the flag is already set. O(1).
 * Linux 6.1: also spares the IPI to an idle CPU that polls its flags; Spindle's idle halts.
 *
 * Context: @rq's lock held, interrupts off. Return: nothing.
 */
void resched_curr(struct rq *rq)
{
	struct task_struct *curr = rq->curr;

	if (test_tsk_need_resched(curr))
		return;
	set_tsk_need_resched(curr);
	if (rq->cpu == smp_processor_id()) {
		set_preempt_need_resched();
		return;
	}
	smp_send_reschedule(rq->cpu);
}

/**
 * resched_cpu - resched_curr() for a CPU whose run-queue lock the caller does not hold
 * @cpu: the CPU to reschedule
 *
 * Linux 6.1: does nothing for an offline CPU other than the caller's; Spindle does not check:
 * an offline CPU runs its idle task with interrupts off, so the IPI is simply never taken.
 *
 * Context: any; takes @cpu's rq lock with interrupts saved, so the caller must not hold it.
 * Return: nothing.
 */
void resched_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	resched_curr(rq);
	spin_unlock_irqrestore(&rq->lock, flags);
}

/**
 * wake_up_nohz_cpu - wake @cpu from its idle halt so it arms its tick for a new timer
 * @cpu: a CPU whose tick is stopped
 *
 * A bare IPI is enough: the idle loop goes round and tick_nohz_idle_stop_tick() looks at the
 * timers again.
 * Linux 6.1: also sets the idle task's need-resched flag (wake_up_idle_cpu()); Spindle's idle
 * loop looks at the timers again after any interrupt, so the IPI alone is enough.
 *
 * Context: any, interrupts off or on (the timer base lock is usually held). Return: nothing.
 */
void wake_up_nohz_cpu(int cpu)
{
	if (cpu != (int)smp_processor_id() && cpu_online(cpu))
		smp_send_reschedule(cpu);
}

/**
 * nohz_kick_ipi - the reschedule IPI's balancing half: run an idle balance asked for
 *
 * A busy CPU asked this idle one to balance (nohz_balancer_kick() set rq->nohz_kick and sent
 * the reschedule IPI): raise SCHED_SOFTIRQ, which balances as the interrupt returns.
 * Linux 6.1: the kick is a call-function IPI whose handler, nohz_csd_func(), raises the
 * softirq; Spindle reuses the reschedule IPI, so scheduler_ipi() calls this.
 *
 * Context: hard interrupt, interrupts off (scheduler_ipi()). Return: nothing.
 */
void nohz_kick_ipi(void)
{
	struct rq *rq = this_rq();

	/* A CPU deactivated since the kick was sent (going offline) must not pull work. */
	if (unlikely(READ_ONCE(rq->nohz_kick))) {
		WRITE_ONCE(rq->nohz_kick, false);
		if (cpu_active(rq->cpu))
			raise_softirq_irqoff(SCHED_SOFTIRQ);
	}
}

/**
 * set_load_weight - set @p's fair-class load weight from its policy and nice level
 * @p: the task, off its run queue or not yet queued
 *
 * SCHED_IDLE tasks get the minimal weight; others get sched_prio_to_weight[] for their
 * static priority, with the matching inverse for the multiply-and-shift division.
 * Linux 6.1: static, with an update_load argument that reweights a queued entity in place;
 * here the callers dequeue @p first (sched_fork(), __setscheduler_locked()).
 *
 * Context: @p's pi_lock and rq lock held, or @p not yet visible (fork).
 * Return: nothing.
 */
void set_load_weight(struct task_struct *p)
{
	int idx = p->static_prio - MAX_RT_PRIO;

	if (p->policy == SCHED_IDLE) {
		p->se.load.weight = WEIGHT_IDLEPRIO;
		p->se.load.inv_weight = WMULT_IDLEPRIO;
		return;
	}
	p->se.load.weight = sched_prio_to_weight[idx];
	p->se.load.inv_weight = sched_prio_to_wmult[idx];
}

static bool in_sched_functions(unsigned long addr);

/**
 * get_wchan - where @p sleeps: the first function on its stack that is not the scheduler's
 * @p: a task, kept alive by the caller
 *
 * Linux 6.1's get_wchan() and x86's __get_wchan(): 0 for a task that is running or runnable.
 * The task could wake meanwhile; the answer is then stale, never unsafe.
 *
 * Context: any. Return: a return address inside the sleeping function, or 0.
 */
unsigned long get_wchan(struct task_struct *p)
{
	unsigned long trace[16];
	unsigned int n;

	if (p == current || READ_ONCE(p->__state) == TASK_RUNNING || READ_ONCE(p->on_cpu))
		return 0;
	n = stack_trace_save_tsk(p, trace, ARRAY_SIZE(trace));
	for (unsigned int i = 0; i < n; i++)
		if (!in_sched_functions(trace[i]))
			return trace[i];
	return 0;
}

/**
 * update_stats_wait_start - note when @p began waiting on @rq for a CPU
 * @rq: the run queue @p waits on
 * @p: a task queued and not running
 *
 * Linux 6.1: __update_stats_wait_start() in stats.c, kept only with CONFIG_SCHEDSTATS and per
 * scheduling entity; here always kept, per task.
 *
 * Context: @rq's lock held, its clock updated. Return: nothing.
 */
void update_stats_wait_start(struct rq *rq, struct task_struct *p)
{
	p->se.wait_start = rq_clock(rq);
}

/**
 * update_stats_wait_end - add @p's wait since update_stats_wait_start() to its statistics
 * @rq: the run queue @p waited on
 * @p: the task about to run or leave the queue
 *
 * A wait never started, or one the clock shows as non-positive, adds nothing.
 * Linux 6.1: __update_stats_wait_end() in stats.c, under CONFIG_SCHEDSTATS; Spindle always
 * keeps the wait statistics (/proc/<pid>/sched).
 *
 * Context: @rq's lock held, its clock updated. Return: nothing.
 */
void update_stats_wait_end(struct rq *rq, struct task_struct *p)
{
	u64 delta;

	if (!p->se.wait_start)
		return;
	delta = rq_clock(rq) - p->se.wait_start;
	p->se.wait_start = 0;
	if ((s64)delta <= 0)
		return;
	p->se.wait_sum += delta;
	p->se.wait_count++;
	if (delta > p->se.wait_max)
		p->se.wait_max = delta;
}

static void enqueue_task(struct rq *rq, struct task_struct *p, int flags)
{
	p->sched_class->enqueue_task(rq, p, flags);
	rq->nr_running++;
}

static void dequeue_task(struct rq *rq, struct task_struct *p, int flags)
{
	p->sched_class->dequeue_task(rq, p, flags);
	rq->nr_running--;
}

/**
 * activate_task - put @p on @rq's queue and mark it queued
 * @rq: the run queue
 * @p: the task, on no queue
 * @flags: ENQUEUE_* flags for the class
 *
 * Also starts @p's wait statistics unless it is @rq's current task.
 *
 * Context: @rq's lock held, interrupts off, clock updated. Return: nothing.
 */
void activate_task(struct rq *rq, struct task_struct *p, int flags)
{
	enqueue_task(rq, p, flags);
	WRITE_ONCE(p->on_rq, TASK_ON_RQ_QUEUED);
	if (!task_current(rq, p))
		update_stats_wait_start(rq, p);
}

/**
 * deactivate_task - take @p off @rq's queue
 * @rq: the run queue
 * @p: a queued task
 * @flags: DEQUEUE_* flags for the class
 *
 * Only a task going to sleep leaves with 0: any other is on its way to another queue
 * (TASK_ON_RQ_MIGRATING until activate_task() queues it there).
 *
 * Context: @rq's lock held, interrupts off, clock updated. Return: nothing.
 */
void deactivate_task(struct rq *rq, struct task_struct *p, int flags)
{
	WRITE_ONCE(p->on_rq, (flags & DEQUEUE_SLEEP) ? 0 : TASK_ON_RQ_MIGRATING);
	dequeue_task(rq, p, flags);
}

/* The priority the policy gives: 99 - rt_priority for RT tasks, 120 + nice otherwise. */
static int normal_prio(struct task_struct *p)
{
	if (rt_policy(p->policy))
		return MAX_RT_PRIO - 1 - p->rt_priority;
	return p->static_prio;
}

static const struct sched_class *class_for(struct task_struct *p)
{
	if (rt_prio(p->prio))
		return &rt_sched_class;
	return &fair_sched_class;
}

/**
 * task_curr - is @p running on a CPU this moment?
 * @p: the task
 *
 * Context: any; the answer may be stale at once unless the caller pins @p (task_call_func).
 * Return: 1 if @p is its CPU's current task, else 0.
 */
int task_curr(const struct task_struct *p)
{
	return cpu_rq(task_cpu(p))->curr == p;
}

/**
 * check_preempt_curr - should newly queued @p preempt @rq's current task?
 * @rq: the run queue @p was just queued on
 * @p: the task
 * @flags: WF_* wake flags, passed to the class
 *
 * A higher class always preempts a lower one; within a class, the class decides.
 *
 * Context: @rq's lock held, interrupts off. Return: nothing.
 */
void check_preempt_curr(struct rq *rq, struct task_struct *p, int flags)
{
	if (p->sched_class == rq->curr->sched_class)
		p->sched_class->check_preempt_curr(rq, p, flags);
	else if (sched_class_above(p->sched_class, rq->curr->sched_class))
		resched_curr(rq);
}

static void set_task_cpu(struct task_struct *p, unsigned int cpu);
static void set_task_cpu_sleeping(struct task_struct *p, unsigned int cpu);
static unsigned int select_task_rq(struct task_struct *p, int wake_flags);
static bool affine_move_task(struct rq **rq, struct task_struct *p);

/* Take a queued task that is not running off its CPU's queue and put it on @cpu's; returns
 * @cpu's rq, locked in place of @rq (p->pi_lock keeps @p from changing meanwhile). */
static struct rq *move_queued_task(struct rq *rq, struct task_struct *p, unsigned int cpu)
{
	deactivate_task(rq, p, DEQUEUE_SAVE);
	set_task_cpu(p, cpu);
	spin_unlock(&rq->lock);
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	activate_task(rq, p, ENQUEUE_RESTORE);
	check_preempt_curr(rq, p, 0);
	return rq;
}

/**
 * move_queued_task_locked - move a queued, not running task from @src to @dst
 * @src: the run queue @p is queued on
 * @dst: the run queue it goes to
 * @p: the task
 *
 * It keeps its place relative to the others (the fair class re-bases its vruntime) and
 * preempts @dst's task if it should.
 * Linux 6.1: no such helper; detach_task()/attach_task() in fair.c and the RT push and pull
 * do these steps inline. Spindle's three movers share this one copy.
 *
 * Context: both locks held (double_rq_lock()), interrupts off. Return: nothing.
 */
void move_queued_task_locked(struct rq *src, struct rq *dst, struct task_struct *p)
{
	deactivate_task(src, p, DEQUEUE_SAVE);
	set_task_cpu(p, dst->cpu);
	activate_task(dst, p, ENQUEUE_RESTORE);
	check_preempt_curr(dst, p, 0);
}

/*
 * Linux's migration_cpu_stop(): runs in the stopper of the CPU @data's task was running on. The
 * stopper preempted it, so unless it slept or moved meanwhile it now waits in the queue and
 * moves like any queued task.
 * Linux 6.1: takes a struct migration_arg and also completes a pending affinity request shared
 * by concurrent callers and migrate_disable(); Spindle has neither, its caller just waits.
 */
static int migration_cpu_stop(void *data)
{
	struct task_struct *p = data;
	struct rq *rq;

	local_irq_disable();
	spin_lock(&p->pi_lock);
	rq = __task_rq_lock(p);
	update_rq_clock(rq);
	affine_move_task(&rq, p);
	spin_unlock(&rq->lock);
	spin_unlock(&p->pi_lock);
	local_irq_enable();
	return 0;
}

/**
 * do_set_cpus_allowed - write @p's CPU mask and its weight, nothing more
 * @p: the task
 * @new_mask: the CPUs it may run on
 *
 * Moving @p off a CPU it may no longer use is the caller's business (set_cpus_allowed_ptr()).
 * Linux 6.1: dequeues and requeues a queued task and tells its class (set_cpus_allowed);
 * here set_cpus_allowed_ptr() does that.
 *
 * Context: @p->pi_lock held, or @p not yet running (init_idle()). Return: nothing.
 */
void do_set_cpus_allowed(struct task_struct *p, const struct cpumask *new_mask)
{
	cpumask_copy(&p->cpus_mask, new_mask);
	p->nr_cpus_allowed = cpumask_weight(new_mask);
}

/*
 * Move @p off a CPU its mask no longer allows: at once if it is queued or asleep; a running task
 * is left for the stopper (return false). Called with p->pi_lock and @rq's lock held; returns the
 * rq still locked in @rq's place.
 * Linux 6.1: also waits for the move itself and serializes with migrate_disable() through a
 * pending request; Spindle has no migrate_disable(), so set_cpus_allowed_ptr() does the wait.
 */
static bool affine_move_task(struct rq **rq, struct task_struct *p)
{
	unsigned int dest;

	if (cpumask_test_cpu(task_cpu(p), &p->cpus_mask))
		return true;
	if (task_current(*rq, p) || p->on_cpu)
		return false;
	dest = select_task_rq(p, 0);
	if (task_on_rq_queued(p))
		*rq = move_queued_task(*rq, p, dest);
	else
		set_task_cpu_sleeping(p, dest);
	return true;
}

/**
 * set_cpus_allowed_ptr - restrict @p to @new_mask
 * @p: the task; not an idle task
 * @new_mask: the CPUs it may run on; at least one must be online
 *
 * A task that is asleep or waiting in a queue moves at once; a task running on a CPU it may
 * no longer use is preempted by that CPU's stopper (migration/N), which moves it, and this
 * returns once it has moved. Sleeps in that case, as in Linux.
 * Linux 6.1: a task other than a kernel thread needs an active CPU in @new_mask, not just an
 * online one; Spindle accepts any online CPU, and a wake-up there is redirected while the CPU
 * is not active (select_task_rq()).
 *
 * Context: process context; may sleep. Return: 0, or -EINVAL if @p is NULL or an idle task
 * or @new_mask has no online CPU.
 */
int set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *new_mask)
{
	unsigned int balance, cpu;
	unsigned long flags;
	struct rq *rq;
	int ret;

	if (!p || is_idle_task(p) || !cpumask_intersects(new_mask, cpu_online_mask))
		return -EINVAL;
	rq = task_rq_lock(p, &flags);
	update_rq_clock(rq);
	do_set_cpus_allowed(p, new_mask);
	/* A waiting RT task may now be free to run on another CPU. */
	if (task_on_rq_queued(p) && p->sched_class->set_cpus_allowed)
		p->sched_class->set_cpus_allowed(rq, p);
	while (!affine_move_task(&rq, p)) {
		cpu = task_cpu(p);
		get_task_struct(p);
		task_rq_unlock(rq, p, flags);
		ret = stop_one_cpu(cpu, migration_cpu_stop, p);
		put_task_struct(p);
		/* -ENOENT: no stopper (yet, or the CPU is going down and hotplug moves every
		 * task off it). */
		if (ret)
			return 0;
		rq = task_rq_lock(p, &flags);
	}
	balance = take_balance(rq);
	task_rq_unlock(rq, p, flags);
	if (balance)
		sched_balance(rq, balance);
	return 0;
}

static void set_task_cpu(struct task_struct *p, unsigned int cpu)
{
	if (task_cpu(p) != cpu) {
		trace_sched_migrate_task(p, cpu);
		p->se.nr_migrations++;
	}
	WRITE_ONCE(p->cpu, cpu);
	p->wake_cpu = cpu;
}

/*
 * @p, on no queue (asleep, or being woken), goes to @cpu: its class first re-bases what it
 * keeps on the old CPU's clock (the fair class's vruntime).
 * Linux 6.1: set_task_cpu() calls migrate_task_rq for every move; only a task off the queues
 * needs it, so Spindle calls it from here alone.
 */
static void set_task_cpu_sleeping(struct task_struct *p, unsigned int cpu)
{
	if (task_cpu(p) != cpu && p->sched_class->migrate_task_rq)
		p->sched_class->migrate_task_rq(p, cpu);
	set_task_cpu(p, cpu);
}

/**
 * wait_task_inactive - wait for a thread to unschedule.
 * @p: the task
 * @match_state: the state @p must stay in, or 0 for any
 *
 * Wait until @p is off every CPU and off its run queue. kthread_bind() uses it: a thread's
 * CPU can only be changed while it is not running.
 * Linux 6.1: returns unsigned long, @p's context-switch count (made nonzero), or 0; Spindle's
 * caller (kthread_bind()) only needs yes or no, so it returns bool.
 *
 * Context: process context; may sleep. Return: true once @p is inactive, false if its state
 * stopped matching @match_state meanwhile.
 */
bool wait_task_inactive(struct task_struct *p, unsigned int match_state)
{
	unsigned long flags;
	bool running, queued;
	struct rq *rq;

	for (;;) {
		while (READ_ONCE(p->on_cpu)) {
			if (match_state && READ_ONCE(p->__state) != match_state)
				return false;
			cpu_relax();
		}
		rq = task_rq_lock(p, &flags);
		running = p->on_cpu;
		queued = task_on_rq_queued(p);
		if (match_state && READ_ONCE(p->__state) != match_state) {
			task_rq_unlock(rq, p, flags);
			return false;
		}
		task_rq_unlock(rq, p, flags);
		if (!running && !queued)
			return true;
		if (running)
			continue;
		/* Queued but not running: it was woken; let it run and look again. */
		schedule_timeout_uninterruptible(1);
	}
}

/**
 * kick_process - make @p, if it runs on another CPU, enter the kernel soon
 * @p: a task just given work for its way back to user mode (a signal, a freeze)
 *
 * The reschedule IPI's return to user mode looks at the task's flags (Linux's kick_process()).
 *
 * Context: any. Return: nothing.
 */
void kick_process(struct task_struct *p)
{
	unsigned int cpu;

	preempt_disable();
	cpu = task_cpu(p);
	if (cpu != smp_processor_id() && task_curr(p))
		smp_send_reschedule(cpu);
	preempt_enable();
}

/*
 * Linux's select_fallback_rq(): the least loaded online CPU @p allows; if it allows none, its
 * affinity is widened to every CPU, with Linux's message for a task with an address space of
 * its own. A kernel thread (mm NULL) is widened silently, as Linux does: it never leaves the
 * kernel, and hotplug can widen dozens of them at once, each line printed under stop_machine.
 * O(NR_CPUS). Called with p->pi_lock held: from migrate_tasks() under stop_machine, and from
 * a wake-up (select_task_rq()), where @p is off every queue, so its mask may change under
 * pi_lock alone, as in Linux.
 * Linux 6.1: takes the first allowed CPU (in @p's node first) that is active, or online for a
 * per-CPU kthread, and tries the cpuset's CPUs before all of them; Spindle takes the least
 * loaded, which spreads a dying CPU's tasks, and has no cpusets.
 */
static unsigned int select_fallback_rq(unsigned int cpu, struct task_struct *p)
{
	unsigned int dest, best = nr_cpu_ids;

	for (int pass = 0; pass < 2 && best >= nr_cpu_ids; pass++) {
		for_each_cpu(dest, &p->cpus_mask) {
			if (!cpu_online(dest))
				continue;
			if (best >= nr_cpu_ids || cpu_rq(dest)->nr_running < cpu_rq(best)->nr_running)
				best = dest;
		}
		if (best >= nr_cpu_ids) {
			do_set_cpus_allowed(p, cpu_possible_mask);
			if (p->mm)
				pr_info("process %d (%s) no longer affine to cpu%u\n", p->pid, p->comm,
					cpu);
		}
	}
	return best;
}

/*
 * Where a waking task should run. A task bound to one CPU (per-CPU kthreads, kthread_bind)
 * has no choice: O(1). Otherwise its class chooses (fair: an idle CPU; RT: the CPU running the
 * lowest-priority work), O(nr_cpu_ids). The answer must be allowed and online; if it is not,
 * Linux's select_fallback_rq() picks an online CPU the task allows, and if it allows none (a
 * thread bound to a CPU that is down: smpboot parks its threads before their CPU starts; a
 * kthread_bind() or kthread_unpark() to an offline CPU) widens its mask to every CPU, so the
 * task never runs outside its mask. kthread_unpark() binds a per-CPU thread back.
 */
static unsigned int select_task_rq(struct task_struct *p, int wake_flags)
{
	unsigned int cpu = p->wake_cpu;

	if (p->nr_cpus_allowed > 1 && p->sched_class->select_task_rq)
		cpu = p->sched_class->select_task_rq(p, cpu, wake_flags);
	if (likely(cpumask_test_cpu(cpu, &p->cpus_mask) && cpu_online(cpu)))
		return cpu;
	return select_fallback_rq(task_cpu(p), p);
}

/**
 * sched_set_stop_task - make @stop the stop-class task of @cpu
 * @cpu: the CPU
 * @stop: its stopper thread (Linux's CPU stopper, migration/N), or NULL for none
 *
 * As in Linux, it is first made SCHED_FIFO 99 so it reads as the highest RT task, then moved
 * to the stop class; a replaced stop task goes back to plain FIFO 99. @stop must not be queued
 * yet (a created, not yet woken thread), nor the old one.
 *
 * Context: process context; takes @stop's locks through sched_setscheduler_nocheck().
 * Return: nothing.
 */
void sched_set_stop_task(int cpu, struct task_struct *stop)
{
	struct sched_param param = { .sched_priority = MAX_RT_PRIO - 1 };
	struct task_struct *old_stop = cpu_rq(cpu)->stop;

	if (stop) {
		sched_setscheduler_nocheck(stop, SCHED_FIFO, &param);
		stop->sched_class = &stop_sched_class;
	}
	cpu_rq(cpu)->stop = stop;
	if (old_stop)
		old_stop->sched_class = &rt_sched_class;
}

/* @p is still queued (it set its state but has not switched out yet): make it RUNNING again. */
static bool ttwu_runnable(struct task_struct *p, int wake_flags)
{
	struct rq *rq = __task_rq_lock(p);
	bool ret = false;

	if (task_on_rq_queued(p)) {
		if (!task_current(rq, p)) {
			update_rq_clock(rq);
			check_preempt_curr(rq, p, wake_flags);
		}
		WRITE_ONCE(p->__state, TASK_RUNNING);
		trace_sched_wakeup(p);
		ret = true;
	}
	spin_unlock(&rq->lock);
	return ret;
}

/*
 * Queue @p on @cpu's rq. Called with p->pi_lock held, so interrupts and preemption are off
 * already: the rq lock is taken bare, without raising the preempt count a third time. Returns
 * the balancing this noted (an RT task queued behind another may have to be pushed), for the
 * caller to do once its own locks are dropped.
 * Linux 6.1: may instead put @p on @cpu's wake list and send an IPI for @cpu to queue it
 * (ttwu_queue_wakelist()), sparing the remote lock across caches or to an idle CPU; Spindle
 * always takes @cpu's lock, one path to follow.
 */
static unsigned int ttwu_queue(struct task_struct *p, unsigned int cpu, int wake_flags)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned int balance;

	spin_acquire(&rq->lock.dep_map, 0, 0, _LOCK_IP_);
	arch_spin_lock(&rq->lock);
	update_rq_clock(rq);
	if (p->sched_contributes_to_load)
		rq->nr_uninterruptible--;	/* maybe another CPU's: only the sum means anything */
	activate_task(rq, p, ENQUEUE_WAKEUP);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	trace_sched_wakeup(p);
	check_preempt_curr(rq, p, wake_flags);
	balance = take_balance(rq);
	spin_release(&rq->lock.dep_map, _LOCK_IP_);
	arch_spin_unlock(&rq->lock);
	return balance;
}

/*
 * try_to_wake_up: if @p's state is one of @state, make it runnable and return 1; else 0.
 * The state test and the change to RUNNING happen under p->pi_lock, so of two racing wakers
 * exactly one succeeds, and a sleeper that set its state before testing its condition (see
 * set_current_state) cannot miss a wake-up. O(1) plus the class's enqueue (O(1) RT, O(log n)
 * fair).
 */
static int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	unsigned int cpu, balance = 0;
	unsigned long flags;
	int success = 0;

	/*
	 * No lockless test of the state before pi_lock, as in Linux: it would need a full fence of
	 * its own on every real wake-up, and the one caller that wakes busy tasks in bulk
	 * (kthread_insert_work) already skips a worker that is running.
	 */
	preempt_disable();
	if (p == current) {
		/* Waking ourselves (an interrupt handler, or before schedule()): only the state. */
		if (READ_ONCE(p->__state) & state) {
			WRITE_ONCE(p->__state, TASK_RUNNING);
			trace_sched_wakeup(p);
			success = 1;
		}
		goto out;
	}
	spin_lock_irqsave(&p->pi_lock, flags);
	smp_mb__after_spinlock();
	if (!(READ_ONCE(p->__state) & state))
		goto unlock;
	success = 1;
	if (READ_ONCE(p->on_rq) && ttwu_runnable(p, wake_flags))
		goto unlock;
	/* Off its run queue, but maybe still switching out on its old CPU: wait for that to end,
	 * so it is never running on two CPUs. */
	while (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	cpu = select_task_rq(p, wake_flags);
	if (task_cpu(p) != cpu)
		set_task_cpu_sleeping(p, cpu);
	balance = ttwu_queue(p, cpu, wake_flags);
unlock:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (unlikely(balance))
		sched_balance(cpu_rq(cpu), balance);
out:
	preempt_enable();
	return success;
}

/*
 * Does task_call_func() need @p's rq lock as well as its pi_lock? pi_lock alone holds off
 * wake-ups, which is enough for a task that is asleep and off its CPU. A running, waking or
 * still queued task can change under the rq lock only.
 */
static bool __task_needs_rq_lock(struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);

	if (state == TASK_RUNNING || state == TASK_WAKING)
		return true;
	/* The state is read before on_rq: __schedule() sets the state before dequeuing. */
	if (__atomic_load_n(&p->on_rq, __ATOMIC_ACQUIRE))
		return true;
	/* Dequeued, maybe still switching out: wait until its CPU has left it. */
	while (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	return false;
}

/**
 * task_call_func - call @func with @p pinned in its current state
 * @p: the task
 * @func: what to call; it may read and (for a sleeping task) rewrite p->__state
 * @arg: handed to @func
 *
 * With p->pi_lock held no wake-up can change a sleeping task; with its rq lock too, a running
 * or queued one cannot be switched or dequeued meanwhile. @func tells the cases apart by
 * p->on_rq, task_curr() and p->__state. The freezer uses it to make a sleeping task
 * TASK_FROZEN in place.
 *
 * Context: not in an NMI; takes p->pi_lock with interrupts off, then maybe the rq lock, so
 * @func runs with interrupts off and must not sleep. Return: what @func returned.
 */
int task_call_func(struct task_struct *p, task_call_f func, void *arg)
{
	struct rq *rq = NULL;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&p->pi_lock, flags);
	if (__task_needs_rq_lock(p))
		rq = __task_rq_lock(p);
	ret = func(p, arg);
	if (rq)
		spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return ret;
}

/**
 * wake_up_process - Wake up a specific process
 * @p: The process to be woken up.
 *
 * Attempt to wake up the nominated process and move it to the set of runnable processes,
 * if it sleeps in TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE. Unless @p is current, a full
 * memory barrier precedes the read of its state.
 *
 * Context: any, hard interrupts included; takes @p->pi_lock and a run-queue lock with
 * interrupts saved. Return: 1 if the process was woken up, 0 if it was already running
 * (or @p is NULL, with a warning).
 */
int wake_up_process(struct task_struct *p)
{
	if (WARN(!p, "wake_up_process(NULL)\n"))
		return 0;
	return try_to_wake_up(p, TASK_NORMAL, 0);
}

/**
 * wake_up_state - wake @p if its state is one of @state
 * @p: the task
 * @state: the mask of states to wake from (TASK_* bits)
 *
 * Context: as wake_up_process(). Return: 1 if woken, 0 if its state did not match (or @p is
 * NULL, with a warning).
 */
int wake_up_state(struct task_struct *p, unsigned int state)
{
	if (WARN(!p, "wake_up_state(NULL)\n"))
		return 0;
	return try_to_wake_up(p, state, 0);
}

/**
 * sched_fork - set up a new task's scheduling fields in fork
 * @p: the child, not yet visible to anyone
 *
 * It inherits the parent's policy, priority and CPUs, as in Linux (kthread_create resets them
 * afterwards, see kernel/kthread.c), and stays TASK_NEW until wake_up_new_task().
 * Linux 6.1: int sched_fork(clone_flags, p), which also honours SCHED_RESET_ON_FORK; Spindle's
 * children always inherit (the system call accepts the flag and ignores it), so it cannot fail.
 *
 * Context: process context (fork), preemption enabled. Return: nothing.
 */
void sched_fork(struct task_struct *p)
{
	struct task_struct *parent = current;

	p->__state = TASK_NEW;
	p->on_cpu = 0;
	p->on_rq = 0;
	p->policy = parent->policy;
	p->static_prio = parent->static_prio;
	p->rt_priority = parent->rt_priority;
	if (is_idle_task(parent) && parent->policy == SCHED_NORMAL)
		p->static_prio = DEFAULT_PRIO;
	p->normal_prio = normal_prio(p);
	p->prio = p->normal_prio;
	p->sched_class = class_for(p);
	set_load_weight(p);
	memset(&p->se.run_node, 0, sizeof(p->se.run_node));
	INIT_LIST_HEAD(&p->rt.run_list);
	p->rt.time_slice = RR_TIMESLICE;
	cpumask_copy(&p->cpus_mask, &parent->cpus_mask);
	p->nr_cpus_allowed = parent->nr_cpus_allowed;
	p->cpu = smp_processor_id();
	p->wake_cpu = p->cpu;
	if (p->sched_class->task_fork)
		p->sched_class->task_fork(p);
}

/**
 * wake_up_new_task - wake up a newly created task for the first time
 * @p: the task, set up by sched_fork()
 *
 * It becomes runnable on the CPU select_task_rq() chooses and may preempt that CPU's task
 * (its parent, if the same CPU).
 *
 * Context: process context; takes @p->pi_lock with interrupts saved, then the rq lock.
 * Return: nothing.
 */
void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;
	unsigned int cpu;
	struct rq *rq;

	spin_lock_irqsave(&p->pi_lock, flags);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	cpu = select_task_rq(p, 0);
	WRITE_ONCE(p->cpu, cpu);
	p->wake_cpu = cpu;
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	activate_task(rq, p, 0);
	trace_sched_wakeup_new(p);
	check_preempt_curr(rq, p, 0);
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/**
 * sched_balance - do the balancing noted under a run-queue lock once it is dropped
 * @rq: the run queue the balancing was noted on (take_balance())
 * @flags: RQ_BALANCE_* bits
 *
 * The work takes other CPUs' locks, so it waits until the noting lock is gone: RT push and
 * pull (sched/rt.c). Any CPU may do it for any rq. Callers test the flags inline, so a switch
 * that noted nothing pays one load.
 * Linux 6.1: queues balance callbacks on the rq (queue_balance_callback()) and runs them with
 * the lock still held, dropping it inside (do_balance_callbacks()); Spindle's two kinds of work
 * fit in flag bits, done once the lock is gone.
 *
 * Context: no run-queue lock held; may not sleep. Return: nothing.
 */
void sched_balance(struct rq *rq, unsigned int flags)
{
	if (flags & RQ_BALANCE_PUSH_RT)
		push_rt_tasks(rq);
	if (flags & RQ_BALANCE_PULL_RT)
		pull_rt_task(rq);
}

/* finish_task_switch()'s unlock when it also has something to do: balancing noted during the
 * switch (RT push or pull), the mm prev borrowed, or a dead prev's stack and task_struct. */
static __noinline void finish_task_switch_release(struct rq *rq, struct task_struct *prev,
						 struct mm_struct *mm, unsigned int prev_state)
{
	unsigned int balance = take_balance(rq);

	spin_unlock_irq(&rq->lock);
	if (balance)
		sched_balance(rq, balance);
	if (mm)
		mmdrop(mm);
	if (prev_state == TASK_DEAD) {
		put_task_stack(prev);
		put_task_struct(prev);
	}
}

/* Called by the new task (ret_from_fork) or by prev's continuation after the switch: let go
 * of what the switch still held for prev. Returns with interrupts on, count 1. The rare work
 * (RT balancing, a borrowed mm, a dead task) is out of line, so a plain kthread-to-kthread
 * switch keeps nothing live across the unlock. */
static struct rq *finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	struct mm_struct *mm = rq->prev_mm;
	unsigned int prev_state = READ_ONCE(prev->__state);

	/* The rq lock prev took in __schedule() is this task's to release now (Linux's
	 * finish_lock_switch()): the validator's record of it moves over. */
	spin_acquire(&rq->lock.dep_map, 0, 0, _LOCK_IP_);
	rq->prev_mm = NULL;
	/* From here prev may be woken and run on another CPU (try_to_wake_up waits for this). */
	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	if (unlikely(mm || prev_state == TASK_DEAD || rq->balance_flags))
		finish_task_switch_release(rq, prev, mm, prev_state);
	else
		spin_unlock_irq(&rq->lock);
	return rq;
}

/**
 * schedule_tail - first thing a freshly forked thread must call
 * @prev: the thread we just switched away from
 *
 * Called from ret_from_fork, still holding what __schedule() took: it finishes the switch
 * (the rq lock, @prev's mm or stack) and drops the preempt count to 0.
 * Linux 6.1: also writes the child's TID for CLONE_CHILD_SETTID and calls the return-to-user
 * hooks; Spindle's fork has no CLONE_CHILD_SETTID.
 *
 * Context: the new task, rq lock held and interrupts off on entry; returns with interrupts on
 * and preemption enabled. Return: nothing.
 */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable();
}

/*
 * The context switch. The lazy-TLB rule (Linux's kernel/sched/core.c context_switch()) lives here:
 * a kernel thread (mm == NULL) keeps running on the address space of whatever ran before it
 * (active_mm), so going from one kernel thread to another never touches CR3. A reference travels
 * with the borrowed mm: taken (mmgrab) when borrowed from a task that owns it, handed over when one
 * borrower follows another, and dropped after the switch when a task with its own mm takes over.
 * Linux 6.1: calls enter_lazy_tlb() on every switch to a kernel thread; only one from a task
 * with an mm can change the CPU's lazy state, so Spindle calls it there alone.
 */
static struct rq *context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	next->on_cpu = 1;
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		/* After a kernel thread the CPU is lazy already, or on init_mm. */
		if (prev->mm) {
			enter_lazy_tlb(prev->active_mm, next);
			mmgrab(prev->active_mm);
		} else {
			prev->active_mm = NULL;
		}
	} else {
		switch_mm_irqs_off(prev->active_mm, next->mm, next);
		if (!prev->mm) {
			rq->prev_mm = prev->active_mm;
			prev->active_mm = NULL;
		}
	}
	/* The lock stays held across the switch, but by the validator's books prev lets go of
	 * it here and next takes it in finish_task_switch() (Linux's prepare_lock_switch()). */
	spin_release(&rq->lock.dep_map, _LOCK_IP_);
	prev = __switch_to_asm(prev, next);
	barrier();
	return finish_task_switch(prev);
}

/**
 * nr_running - tasks runnable now, running ones included, over every online CPU
 *
 * Context: any; reads each CPU's count without its lock (a snapshot may mix moments).
 * Return: the sum.
 */
unsigned int nr_running(void)
{
	unsigned int cpu, sum = 0;

	for_each_online_cpu(cpu)
		sum += READ_ONCE(cpu_rq(cpu)->nr_running);
	return sum;
}

/**
 * scheduler_tick - the scheduler's share of the timer tick
 *
 * HZ times a second on every CPU, from the timer interrupt: charge the running task and let
 * its class decide whether its time is up (RR slice, fair share), fold this CPU's count into
 * the load average once a window, then maybe raise the balancing softirq. O(1).
 *
 * Context: hard interrupt, interrupts off; takes this CPU's rq lock. Return: nothing.
 */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *curr;

	spin_lock(&rq->lock);
	update_rq_clock(rq);
	curr = rq->curr;
	if (curr->sched_class->task_tick)
		curr->sched_class->task_tick(rq, curr);
	calc_global_load_tick(rq);
	spin_unlock(&rq->lock);
	trigger_load_balance(rq);
}

/*
 * "BUG: scheduling while atomic", as Linux reports it: a task that sleeps while holding a
 * spinlock or inside an interrupt handler would leave the CPU with a lock held or an interrupt
 * half-handled. Warn with a backtrace and refuse; the caller sees its sleep end at once.
 * Linux 6.1: __schedule_bug() reports, resets the preempt count and schedules anyway; Spindle
 * refuses, so the bug costs a spurious wake-up instead of a switch with a lock held.
 */
static __noinline void schedule_bug(void)
{
	struct task_struct *p = current;

	WARN(1, "BUG: scheduling while atomic: %s/%d/0x%08x%s\n", p->comm, p->pid,
	     preempt_count(), irqs_disabled() ? " (interrupts off)" : "");
}

/* The test is inline, the report out of line: schedule() runs this on every sleep. */
static __always_inline bool schedule_allowed(void)
{
	if (likely(!preempt_count() && !irqs_disabled()))
		return true;
	schedule_bug();
	return false;
}

static struct task_struct *pick_next_task(struct rq *rq, struct task_struct *prev)
{
	const struct sched_class *class;
	struct task_struct *p;

	/*
	 * Nothing left to run here: before idling, pull work from a busier CPU. That drops the rq
	 * lock, so it happens before prev is put, leaving prev as it was to anyone who looks
	 * meanwhile (Linux's put_prev_task_balance()).
	 */
	if (unlikely(!rq->nr_running))
		newidle_balance(rq);
	prev->sched_class->put_prev_task(rq, prev);
	/* Only fair tasks queued (the common case): skip asking stop and rt, which have none. */
	if (rq->nr_running == rq->cfs.nr_running) {
		p = fair_sched_class.pick_next_task(rq);
		return p ? p : idle_sched_class.pick_next_task(rq);
	}
	/* Four classes, each O(1) except fair's leftmost (cached, so also O(1)). */
	for_each_class(class) {
		p = class->pick_next_task(rq);
		if (p)
			return p;
	}
	BUG();
}

/*
 * The scheduler proper. @preempt: prev is being preempted (it stays runnable whatever its
 * state says: it may have set TASK_INTERRUPTIBLE and not yet called schedule()). Called with
 * the count at 1; takes the rq lock with interrupts off. O(1) apart from the class's enqueue
 * and dequeue (O(log n) for fair tasks).
 * Linux 6.1: takes a sched_mode (SM_NONE, SM_PREEMPT, SM_RTLOCK_WAIT); Spindle has no RT
 * spinlocks, so a bool says the same.
 */
static void __sched __schedule(bool preempt)
{
	struct task_struct *prev, *next;
	unsigned long *switch_count;
	unsigned int prev_state;
	struct rq *rq;

	rq = this_rq();
	prev = rq->curr;
	local_irq_disable();
	spin_lock(&rq->lock);
	update_rq_clock(rq);

	switch_count = &prev->nivcsw;
	prev_state = READ_ONCE(prev->__state);
	if (!preempt && prev_state) {
		if ((prev_state & TASK_INTERRUPTIBLE || prev_state & TASK_WAKEKILL) &&
		    signal_pending(prev) &&
		    (prev_state & TASK_INTERRUPTIBLE || fatal_signal_pending(prev))) {
			WRITE_ONCE(prev->__state, TASK_RUNNING);
		} else {
			/* Linux's rule for the load average: uninterruptible sleep counts, unless
			 * it is TASK_IDLE (TASK_NOLOAD), as an idle kthread's wait is not load. */
			prev->sched_contributes_to_load = (prev_state & TASK_UNINTERRUPTIBLE) &&
							  !(prev_state & TASK_NOLOAD);
			if (prev->sched_contributes_to_load)
				rq->nr_uninterruptible++;
			deactivate_task(rq, prev, DEQUEUE_SLEEP);
		}
		switch_count = &prev->nvcsw;
	}

	next = pick_next_task(rq, prev);
	clear_tsk_need_resched(prev);
	clear_preempt_need_resched();

	if (likely(prev != next)) {
		rq->nr_switches++;
		rq->curr = next;
		++*switch_count;
		if (task_on_rq_queued(prev) && !is_idle_task(prev))
			update_stats_wait_start(rq, prev);
		update_stats_wait_end(rq, next);
		next->se.exec_start = rq_clock(rq);
		trace_sched_switch(preempt, prev, next, prev_state);
		context_switch(rq, prev, next);
	} else {
		unsigned int balance = take_balance(rq);

		spin_unlock_irq(&rq->lock);
		if (unlikely(balance))
			sched_balance(rq, balance);
	}
}

/**
 * do_task_dead - the end of do_exit(): switch away for good
 *
 * TASK_DEAD is a special state (set_special_state(): no racing wake-up can turn it back to
 * RUNNING); the switch away never returns, and the next task frees this one's stack.
 *
 * Context: the exiting task, process context. Return: never.
 */
__noreturn void do_task_dead(void)
{
	preempt_disable();
	set_special_state(TASK_DEAD);
	/* It stays on the task list until reaped: the freezer must not wait for it. */
	current->flags |= PF_NOFREEZE;
	__schedule(false);
	BUG();
}

/*
 * Linux's sched_submit_work(): a workqueue worker about to sleep tells its pool, which may
 * wake another worker to keep the pool's work going (concurrency management). Every other
 * task pays one test of its flags.
 */
static __always_inline void sched_submit_work(struct task_struct *tsk)
{
	if (likely(!(tsk->flags & PF_WQ_WORKER)) || task_is_running(tsk))
		return;
	preempt_disable();
	wq_worker_sleeping(tsk);
	preempt_enable_no_resched();
}

/* Linux's sched_update_worker(): the worker is back, and counts as running in its pool. */
static __always_inline void sched_update_worker(struct task_struct *tsk)
{
	if (unlikely(tsk->flags & PF_WQ_WORKER))
		wq_worker_running(tsk);
}

/**
 * schedule - give up the CPU to the next task
 *
 * If current's state is not TASK_RUNNING it leaves its run queue (unless a signal it can take
 * is pending) and returns only once woken and picked again. A workqueue worker tells its pool
 * before sleeping and after. Repeats while a reschedule is pending.
 *
 * Linux 6.1: in atomic context it reports the bug and switches anyway; Spindle reports it and
 * returns (schedule_bug()).
 *
 * Context: process context, preemption enabled, interrupts on, no spinlock held. Otherwise it
 * reports "BUG: scheduling while atomic", sets current running, and returns at once.
 * Return: nothing.
 */
void __sched schedule(void)
{
	struct task_struct *tsk = current;

	if (unlikely(!schedule_allowed())) {
		__set_current_state(TASK_RUNNING);
		return;
	}
	sched_submit_work(tsk);
	do {
		preempt_disable();
		__schedule(false);
		preempt_enable_no_resched();
	} while (need_resched());
	sched_update_worker(tsk);
}

/**
 * schedule_idle - the idle loop's schedule()
 *
 * Idle is always runnable, so this is always a preemption. The idle task runs with
 * preemption off (cpu_startup_entry()), the count every switch is made at.
 *
 * Context: the idle task, preempt count 1, interrupts on. Return: nothing.
 */
void __sched schedule_idle(void)
{
	do {
		__schedule(true);
	} while (need_resched());
}

/**
 * schedule_preempt_disabled - called with preemption disabled
 *
 * schedule() for callers that hold one preempt_disable() and keep it afterwards.
 *
 * Context: preempt count exactly 1, interrupts on. Return: nothing, with preemption disabled.
 */
void __sched schedule_preempt_disabled(void)
{
	preempt_enable_no_resched();
	schedule();
	preempt_disable();
}

/**
 * preempt_schedule - preempt current when preempt_enable() finds a reschedule pending
 *
 * preempt_enable() brought the count to 0 with a reschedule pending. Returns at once if the
 * count is not 0 or interrupts are off.
 *
 * Context: any; switches only where preemption is allowed. Return: nothing.
 */
void __sched preempt_schedule(void)
{
	if (likely(preempt_count() || irqs_disabled()))
		return;
	do {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	} while (need_resched());
}

/**
 * preempt_schedule_irq - kernel preemption from the interrupt return path
 *
 * From irqentry_exit with the count 0: the interrupted task is preempted, even in the middle
 * of kernel code that never calls schedule(). Interrupts are on only around each switch.
 * Linux 6.1: also BUG()s if the count is not 0 or interrupts are on; Spindle's one caller,
 * the interrupt return, has checked both.
 *
 * Context: interrupt return, interrupts off, preempt count 0; returns with interrupts off.
 * Return: nothing.
 */
void __sched preempt_schedule_irq(void)
{
	do {
		preempt_disable();
		local_irq_enable();
		__schedule(true);
		local_irq_disable();
		preempt_enable_no_resched();
	} while (need_resched());
}

static void __setscheduler_locked(struct rq *rq, struct task_struct *p, int policy,
				  unsigned int rt_priority, int static_prio);

/**
 * set_user_nice - set the nice value of task @p
 * @p: the task
 * @nice: nice value, -20..19; out of range or unchanged does nothing
 *
 * Nice only weighs in the fair classes; an RT task (or an idle task) keeps it for when it
 * returns to them.
 *
 * Context: process context; takes @p's pi_lock and rq lock with interrupts saved, does not
 * sleep. Return: nothing.
 */
void set_user_nice(struct task_struct *p, long nice)
{
	unsigned long flags;
	struct rq *rq;

	if (!p || nice < MIN_NICE || nice > MAX_NICE || task_nice(p) == nice)
		return;
	rq = task_rq_lock(p, &flags);
	if (task_has_rt_policy(p) || is_idle_task(p))
		p->static_prio = NICE_TO_PRIO(nice);
	else
		__setscheduler_locked(rq, p, p->policy, 0, NICE_TO_PRIO(nice));
	task_rq_unlock(rq, p, flags);
}

/**
 * idle_cpu - is a given CPU idle currently?
 * @cpu: the processor in question.
 *
 * True if @cpu runs its idle task with nothing queued. Read without the lock: wake-up
 * placement and balancing take it as a hint, and a wrong guess costs a migration later, not
 * correctness.
 * Linux 6.1: returns int, and also counts wake-ups still pending in the CPU's list; Spindle
 * has no wake lists (a waker queues the task itself), so there are none to count.
 *
 * Context: any. Return: true if the CPU is currently idle, false otherwise.
 */
bool idle_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	return READ_ONCE(rq->curr) == rq->idle && !READ_ONCE(rq->nr_running);
}

/**
 * idle_task - return the idle task for a given CPU.
 * @cpu: the processor in question.
 *
 * Context: any. Return: The idle task for the CPU @cpu.
 */
struct task_struct *idle_task(int cpu)
{
	return cpu_rq(cpu)->idle;
}

/*
 * The scheduling system calls (Linux's kernel/sched/core.c keeps them here too). Spindle has
 * one user, root, so the permission checks Linux makes (CAP_SYS_NICE, same owner) always pass.
 */

/* The task @pid names (0: the caller), referenced; NULL if none. */
static struct task_struct *find_process_by_pid(int pid)
{
	if (pid == 0)
		return get_task_struct(current);
	return pid > 0 ? find_task_by_pid(pid) : NULL;
}

/*
 * Change @p's class properties under its locks: take it off the queue (and off the CPU's
 * books if it is running), change, put it back, and tell the class so it can preempt.
 */
static void __setscheduler_locked(struct rq *rq, struct task_struct *p, int policy,
				  unsigned int rt_priority, int static_prio)
{
	const struct sched_class *prev_class = p->sched_class;
	bool queued = task_on_rq_queued(p), running = task_current(rq, p);
	int oldprio = p->prio;

	update_rq_clock(rq);
	if (queued)
		dequeue_task(rq, p, DEQUEUE_SAVE);
	if (running)
		p->sched_class->put_prev_task(rq, p);

	p->policy = policy;
	p->rt_priority = rt_priority;
	p->static_prio = static_prio;
	p->normal_prio = normal_prio(p);
	p->prio = p->normal_prio;
	p->sched_class = class_for(p);
	set_load_weight(p);
	if (rt_policy(policy) && p->rt.time_slice == 0)
		p->rt.time_slice = RR_TIMESLICE;

	if (queued)
		enqueue_task(rq, p, ENQUEUE_RESTORE);
	if (running) {
		p->se.exec_start = rq_clock(rq);
		if (p->sched_class->set_next_task)
			p->sched_class->set_next_task(rq, p);
	}
	if (prev_class != p->sched_class) {
		if (prev_class->switched_from)
			prev_class->switched_from(rq, p);
		p->sched_class->switched_to(rq, p);
		if (running && sched_class_above(prev_class, p->sched_class))
			resched_curr(rq);
	} else if (oldprio != p->prio && (queued || running)) {
		p->sched_class->prio_changed(rq, p, oldprio);
	}
}

static int __sched_setscheduler(struct task_struct *p, int policy,
				const struct sched_param *param, bool check)
{
	unsigned int balance;
	unsigned long flags;
	struct rq *rq;
	int prio;

	if (!p || !param || !valid_policy(policy))
		return -EINVAL;
	prio = param->sched_priority;
	if (rt_policy(policy) ? (prio < 1 || prio > MAX_RT_PRIO - 1) : prio != 0)
		return -EINVAL;
	/* Spindle has no users or capabilities: the checked form differs only in refusing the
	 * idle tasks, which Linux also cannot change through the system call. */
	if (check && is_idle_task(p))
		return -EPERM;
	if (is_idle_task(p))
		return -EINVAL;
	rq = task_rq_lock(p, &flags);
	/* Linux's rule: the stop class's thread (migration/N) keeps its class. */
	if (p == rq->stop) {
		task_rq_unlock(rq, p, flags);
		return -EINVAL;
	}
	__setscheduler_locked(rq, p, policy, rt_policy(policy) ? prio : 0, p->static_prio);
	balance = take_balance(rq);
	task_rq_unlock(rq, p, flags);
	/* A lowered RT task lets this CPU pull a waiting one; a raised one may push. */
	if (balance)
		sched_balance(rq, balance);
	return 0;
}

/**
 * sched_setscheduler - change the scheduling policy and/or RT priority of a thread.
 * @p: the task in question.
 * @policy: new policy (SCHED_NORMAL, SCHED_BATCH, SCHED_IDLE, SCHED_FIFO or SCHED_RR).
 * @param: structure containing the new RT priority (1..99 for RT, 0 otherwise).
 *
 * Linux 6.1: checks the caller's permissions and limits and knows SCHED_DEADLINE and priority
 * inheritance; Spindle has no users, so the check only refuses the idle tasks.
 *
 * Context: process context; takes @p's pi_lock and rq lock with interrupts saved, does not
 * sleep. Return: 0 on success, -EINVAL for a bad policy or priority or the stop task,
 * -EPERM for an idle task.
 */
int sched_setscheduler(struct task_struct *p, int policy, const struct sched_param *param)
{
	return __sched_setscheduler(p, policy, param, true);
}

/**
 * sched_setscheduler_nocheck - change the scheduling policy and/or RT priority of a thread
 * from kernelspace.
 * @p: the task in question.
 * @policy: new policy.
 * @param: structure containing the new RT priority.
 *
 * The kernel's own form: no permission checks (kthreadd's children are reset with it).
 *
 * Context: as sched_setscheduler(). Return: 0 on success, -EINVAL otherwise (an idle task
 * included).
 */
int sched_setscheduler_nocheck(struct task_struct *p, int policy,
			       const struct sched_param *param)
{
	return __sched_setscheduler(p, policy, param, false);
}

/**
 * sched_set_fifo - make a kernel thread SCHED_FIFO at priority 50
 * @p: the thread
 *
 * Linux's helpers for kernel threads that want RT without choosing a number: 50 here, 1 in
 * sched_set_fifo_low().
 *
 * Context: as sched_setscheduler(); warns on failure. Return: nothing.
 */
void sched_set_fifo(struct task_struct *p)
{
	struct sched_param sp = { .sched_priority = MAX_RT_PRIO / 2 };

	WARN_ON_ONCE(sched_setscheduler_nocheck(p, SCHED_FIFO, &sp) != 0);
}

/**
 * sched_set_fifo_low - make a kernel thread SCHED_FIFO at priority 1, just above the fair tasks
 * @p: the thread
 *
 * Context: as sched_setscheduler(); warns on failure. Return: nothing.
 */
void sched_set_fifo_low(struct task_struct *p)
{
	struct sched_param sp = { .sched_priority = 1 };

	WARN_ON_ONCE(sched_setscheduler_nocheck(p, SCHED_FIFO, &sp) != 0);
}

/**
 * sched_set_normal - make a kernel thread SCHED_NORMAL at nice level @nice
 * @p: the thread
 * @nice: the nice level, -20..19
 *
 * Context: as sched_setscheduler(); warns on failure. Return: nothing.
 */
void sched_set_normal(struct task_struct *p, int nice)
{
	struct sched_param sp = { .sched_priority = 0 };

	WARN_ON_ONCE(sched_setscheduler_nocheck(p, SCHED_NORMAL, &sp) != 0);
	set_user_nice(p, nice);
}

/* SCHED_RESET_ON_FORK: accepted, as chrt -R passes it; Spindle's children always inherit. */
#define SCHED_RESET_ON_FORK	0x40000000

static long do_sched_setscheduler(int pid, int policy, struct sched_param __user *param)
{
	struct sched_param lparam;
	struct task_struct *p;
	long ret;

	if (!param || pid < 0)
		return -EINVAL;
	if (copy_from_user(&lparam, param, sizeof(lparam)))
		return -EFAULT;
	p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	if (policy < 0)
		policy = p->policy;
	ret = sched_setscheduler(p, policy & ~SCHED_RESET_ON_FORK, &lparam);
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE3(sched_setscheduler, int, pid, int, policy, struct sched_param __user *, param)
{
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(pid, policy, param);
}

SYSCALL_DEFINE2(sched_setparam, int, pid, struct sched_param __user *, param)
{
	return do_sched_setscheduler(pid, -1, param);
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	struct task_struct *p;
	long ret;

	if (pid < 0)
		return -EINVAL;
	p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	ret = p->policy;
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE2(sched_getparam, int, pid, struct sched_param __user *, param)
{
	struct sched_param lp = { 0 };
	struct task_struct *p;

	if (!param || pid < 0)
		return -EINVAL;
	p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	if (rt_policy(p->policy))
		lp.sched_priority = p->rt_priority;
	put_task_struct(p);
	return copy_to_user(param, &lp, sizeof(lp)) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned int, len,
		unsigned long __user *, user_mask_ptr)
{
	struct cpumask new_mask;
	struct task_struct *p;
	long ret;

	/* A shorter mask is zero-extended, a longer one cut, as Linux's get_user_cpu_mask(). */
	cpumask_clear(&new_mask);
	if (copy_from_user(new_mask.bits, user_mask_ptr, min(len, cpumask_size())))
		return -EFAULT;
	bitmap_clear(new_mask.bits, nr_cpu_ids, NR_CPUS - nr_cpu_ids);
	p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	if (p->flags & PF_NO_SETAFFINITY)
		ret = -EINVAL;
	else
		ret = set_cpus_allowed_ptr(p, &new_mask);
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len,
		unsigned long __user *, user_mask_ptr)
{
	unsigned int retlen = min(len, cpumask_size());
	struct cpumask mask;
	struct task_struct *p;

	if (len * 8 < nr_cpu_ids || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	p = find_process_by_pid(pid);
	if (!p)
		return -ESRCH;
	cpumask_and(&mask, &p->cpus_mask, cpu_active_mask);
	put_task_struct(p);
	if (copy_to_user(user_mask_ptr, mask.bits, retlen))
		return -EFAULT;
	return retlen;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

/**
 * __cond_resched - a voluntary preemption point for long loops
 *
 * With full preemption it rarely has work: only when a reschedule is pending and preemption
 * and interrupts are both enabled.
 *
 * Context: process context; does nothing if atomic. Return: 1 if it rescheduled, else 0.
 */
int __cond_resched(void)
{
	if (!need_resched() || preempt_count() || irqs_disabled())
		return 0;
	preempt_schedule();
	return 1;
}

/**
 * yield - yield the current processor to other threads.
 *
 * Give up the CPU to a task of the same class (the class decides what "behind" means); the
 * caller stays runnable. As in Linux, there is rarely a reason to use it: a task that waits
 * for an event should sleep on it.
 *
 * Context: process context, not atomic (otherwise it reports the bug and returns).
 * Return: nothing.
 */
void __sched yield(void)
{
	struct rq *rq;

	if (!schedule_allowed())
		return;
	__set_current_state(TASK_RUNNING);
	local_irq_disable();
	rq = this_rq();
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	current->sched_class->yield_task(rq);
	spin_release(&rq->lock.dep_map, _LOCK_IP_);
	arch_spin_unlock(&rq->lock);
	local_irq_enable();
	/* Drop the lock's count without the resched check: schedule() comes next anyway. */
	preempt_enable_no_resched();
	schedule();
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) ? 0 : -EINVAL;
}

/**
 * sched_show_task - one task and where it is, as SysRq-T and the hung-task detector print it
 * @p: the task; it must not run meanwhile for its stack to mean anything
 *
 * Linux's format: "task:NAME state:S stack:N pid:N ppid:N flags:0x...", then the call trace.
 * stack: is the stack never used, which Linux measures only with CONFIG_DEBUG_STACK_USAGE;
 * without it Linux prints 0, and so does Spindle. flags: are the thread-info flags.
 *
 * Context: any; prints with printk. Return: nothing.
 */
void sched_show_task(struct task_struct *p)
{
	pr_info("task:%-15.15s state:%c", p->comm, task_state_to_char(p));
	if (task_is_running(p))
		pr_cont("  running task    ");
	pr_cont(" stack:%-5lu pid:%-5d ppid:%-6d flags:0x%08lx\n", 0UL, p->pid,
		p->real_parent ? p->real_parent->pid : 0, p->thread_info.flags);
	show_task_stack(p);
}

/* Linux's state_filter_match(): no filter shows every task; TASK_UNINTERRUPTIBLE leaves out
 * TASK_IDLE, which is uninterruptible by design and blocks nothing. */
static bool state_filter_match(unsigned int state_filter, struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);

	if (!state_filter)
		return true;
	if (!(state & state_filter))
		return false;
	return !(state_filter == TASK_UNINTERRUPTIBLE && (state & TASK_NOLOAD));
}

/**
 * show_state_filter - sched_show_task() of every task whose state matches @state_filter
 * @state_filter: 0 for every task (SysRq-T), TASK_UNINTERRUPTIBLE for the blocked ones
 *	(SysRq-W)
 *
 * Walks the task list under tasklist_lock, interrupts off, so no task is freed meanwhile.
 * Linux 6.1: walks it under RCU and also prints the run queues for SysRq-T
 * (sysrq_sched_debug_show()); Spindle has no RCU and no run-queue dump.
 *
 * Context: any; prints a lot with interrupts off. Return: nothing.
 */
void show_state_filter(unsigned int state_filter)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (state_filter_match(state_filter, p))
			sched_show_task(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/**
 * init_idle - set up an idle thread for a given CPU
 * @idle: task in question
 * @cpu: CPU the idle task belongs to
 *
 * Make @idle the idle task of @cpu: PID 0, "swapper/N", the idle class, bound to @cpu, and
 * @cpu's current task.
 * Linux 6.1: __init, and takes @idle's pi_lock and the rq lock; Spindle takes neither, as @cpu
 * is not yet scheduling and nobody else looks.
 *
 * Context: boot (CPU 0) or fork_idle() before @cpu starts. Return: nothing.
 */
void init_idle(struct task_struct *idle, int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	idle->__state = TASK_RUNNING;
	idle->flags |= PF_IDLE | PF_KTHREAD | PF_NO_SETAFFINITY;
	idle->policy = SCHED_NORMAL;
	idle->static_prio = MAX_PRIO - 20;
	idle->normal_prio = idle->static_prio;
	idle->prio = idle->static_prio;
	idle->sched_class = &idle_sched_class;
	idle->se.exec_start = sched_clock();
	idle->on_cpu = 1;
	do_set_cpus_allowed(idle, cpumask_of(cpu));
	WRITE_ONCE(idle->cpu, cpu);
	idle->wake_cpu = cpu;
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
	rq->idle = idle;
	rq->curr = idle;
}

/**
 * idle_task_exit - put a dying CPU's idle task on init_mm
 *
 * The dead CPU halts on init_mm's page table, never on one that may be freed meanwhile; the
 * reference on the borrowed mm is dropped by finish_cpu() on the control CPU.
 *
 * Context: the dying CPU's idle task, interrupts off. Return: nothing.
 */
void idle_task_exit(void)
{
	struct mm_struct *mm = current->active_mm;

	if (mm && mm != &init_mm)
		switch_mm_irqs_off(mm, &init_mm, current);
}

/*
 * Every task whose CPU is @dead_rq's goes to a live CPU, queued or asleep, so that no task
 * names an offline CPU; the idle task, the stopper (running this) and parked per-CPU threads
 * stay, the latter off every queue until kthread_unpark() binds and wakes them. Runs under
 * stop_machine: no other CPU runs anything, so no wake-up races with it. O(tasks).
 * Linux 6.1: no sweep; balance_push(), a balance callback on the dying CPU, pushes each task
 * away as it is scheduled there, and sleepers choose a CPU when they wake. This is Linux 5.10's
 * migrate_tasks() (which took only the queued tasks), kept because Spindle has no balance
 * callbacks that run with the rq lock held (sched_balance()).
 */
static void migrate_tasks(struct rq *dead_rq)
{
	unsigned int dead = dead_rq->cpu;
	struct task_struct *p;

	spin_lock(&tasklist_lock);
	for_each_process(p) {
		unsigned int dest;
		struct rq *rq;

		if (task_cpu(p) != dead || p == dead_rq->idle || p == dead_rq->stop)
			continue;
		if (READ_ONCE(p->__state) == TASK_PARKED && kthread_is_per_cpu(p) &&
		    !task_on_rq_queued(p))
			continue;
		spin_lock(&p->pi_lock);
		dest = select_fallback_rq(dead, p);
		if (task_on_rq_queued(p)) {
			spin_lock(&dead_rq->lock);
			update_rq_clock(dead_rq);
			rq = move_queued_task(dead_rq, p, dest);
			spin_unlock(&rq->lock);
		} else {
			set_task_cpu_sleeping(p, dest);
		}
		spin_unlock(&p->pi_lock);
	}
	spin_unlock(&tasklist_lock);
}

/**
 * set_rq_online - tell the classes that @rq's CPU is active (fair rescales its tunables)
 * @rq: the run queue, not yet online
 *
 * Linux 6.1: also adds the CPU to its root domain's online mask, which the RT class reads;
 * Spindle has no root domains (one domain: the active CPUs).
 *
 * Context: @rq's lock held, interrupts off. Return: nothing.
 */
void set_rq_online(struct rq *rq)
{
	const struct sched_class *class;

	if (rq->online)
		return;
	rq->online = true;
	for_each_class(class) {
		if (class->rq_online)
			class->rq_online(rq);
	}
}

/**
 * set_rq_offline - tell the classes that @rq's CPU is no longer active
 * @rq: the run queue, online
 *
 * Context: @rq's lock held, interrupts off. Return: nothing.
 */
void set_rq_offline(struct rq *rq)
{
	const struct sched_class *class;

	if (!rq->online)
		return;
	for_each_class(class) {
		if (class->rq_offline)
			class->rq_offline(rq);
	}
	rq->online = false;
}

/**
 * sched_cpu_activate - CPUHP_AP_ACTIVE: let the scheduler place and balance work on @cpu
 * @cpu: the CPU coming up, the last of its steps
 *
 * Until now @cpu was online but not active: it ran its idle task and its own per-CPU threads
 * (cpuhp/N, migration/N, ksoftirqd/N), and neither wake-up placement nor the load balancers
 * counted it, as a source or a destination. That matters while it comes up: its threads are
 * queued there, bound to it, and other CPUs' balancers would lock its run queue only to find
 * nothing they may take, all of them at once at boot when every AP idles before its turn.
 *
 * Context: process context (cpuhp/N on @cpu); may not sleep. Return: 0.
 */
int sched_cpu_activate(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;

	set_cpu_active(cpu, true);
	spin_lock_irqsave(&rq->lock, flags);
	set_rq_online(rq);
	spin_unlock_irqrestore(&rq->lock, flags);
	return 0;
}

/**
 * sched_cpu_deactivate - CPUHP_AP_ACTIVE's teardown: the first step of taking @cpu down
 * @cpu: the CPU going down
 *
 * From here on wake-ups choose other CPUs and the balancers neither pull to nor from @cpu;
 * what still runs there leaves in sched_cpu_dying(). The classes are told (set_rq_offline()).
 * Linux 6.1: also sets balance_push and waits for an RCU grace period so that every lockless
 * reader sees the mask; Spindle has no RCU and needs none: a task still placed on @cpu is
 * moved away by sched_cpu_dying() like any other.
 *
 * Context: process context (cpuhp/N on @cpu); may not sleep. Return: 0.
 */
int sched_cpu_deactivate(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;

	set_cpu_active(cpu, false);
	spin_lock_irqsave(&rq->lock, flags);
	update_rq_clock(rq);
	set_rq_offline(rq);
	spin_unlock_irqrestore(&rq->lock, flags);
	return 0;
}

/**
 * sched_cpu_starting - CPUHP_AP_SCHED_STARTING: the scheduler's check of a starting CPU
 * @cpu: the CPU coming up
 *
 * Updates its run-queue clock and warns if tasks are already queued there.
 * Linux 6.1: also starts the remote tick and sets up core scheduling and the rq's domains;
 * Spindle has none of the three.
 *
 * Context: on @cpu, interrupts off. Return: 0.
 */
int sched_cpu_starting(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	update_rq_clock(rq);
	WARN(rq->nr_running, "CPU %u comes up with %u tasks queued\n", cpu, rq->nr_running);
	return 0;
}

/**
 * sched_cpu_dying - CPUHP_AP_SCHED_STARTING's teardown: empty a dying CPU
 * @cpu: the CPU going down
 *
 * Moves every task off @cpu (migrate_tasks()), hands its load-average counts over, and warns
 * if anything but the stopper running this is left.
 * Linux 6.1: tasks have already left by then (balance_push()), only the check and the load
 * hand-over remain; Spindle moves them here, as Linux 5.10 did (migrate_tasks()).
 *
 * Context: on @cpu under stop_machine, interrupts off. Return: 0.
 */
int sched_cpu_dying(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	migrate_tasks(rq);
	calc_load_migrate(rq);
	/* Left: the stopper, running this (idle is never queued). */
	WARN(rq->nr_running != 1, "dying CPU %u not vacated: %u tasks queued\n", cpu,
	     rq->nr_running);
	return 0;
}

/* Set once the CPUs brought up at boot are all up (sched_init_smp()): no load balancing before. */
bool sched_smp_initialized;

/**
 * sched_init_smp - the scheduler's SMP set-up, once smp_init() has brought the CPUs up
 *
 * The CFS tunables are scaled for the CPUs now up (sched_init_granularity()), and from here
 * on the CPUs balance. Not before: during bring-up the boot CPU runs kernel_init and kthreadd
 * creating every AP's threads, and the APs already up, idle, would all lock its run queue to
 * find nothing they may take (seen on 64 CPUs: 47 of them in double_rq_lock() on CPU 0's
 * lock, bring-up 9 to 18 s instead of a fraction of one).
 * Linux 6.1: builds the scheduling domains here, from cpu_active_mask, and balances nothing
 * before; Spindle has no domains but keeps the rule.
 *
 * Context: kernel_init, after smp_init(). Return: nothing.
 */
void sched_init_smp(void)
{
	sched_init_granularity();
	WRITE_ONCE(sched_smp_initialized, true);
}

/* Linux's in_sched_functions(): is @addr in a __sched function (linker.ld's .sched.text)? */
static bool in_sched_functions(unsigned long addr)
{
	return addr >= (unsigned long)__sched_text_start && addr < (unsigned long)__sched_text_end;
}

/**
 * sched_init - set up every possible CPU's run queue and make the boot code CPU 0's idle task
 *
 * Context: boot, once, on CPU 0 with interrupts off, before any other task exists.
 * Return: nothing.
 */
void sched_init(void)
{
	unsigned int cpu;

	/* The linker laid the classes out as one array, highest first, with no gap. */
	BUG_ON(&idle_sched_class != &fair_sched_class + 1 ||
	       &fair_sched_class != &rt_sched_class + 1 ||
	       &rt_sched_class != &stop_sched_class + 1);
	wait_bit_init();
	for_each_possible_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		set_cpu_possible(cpu, true);
		spin_lock_init(&rq->lock);
		rq->cpu = cpu;
		init_cfs_rq(&rq->cfs);
		init_rt_rq(&rq->rt);
		sched_balance_init(rq);
		calc_load_init_rq(rq);
	}
	init_sched_fair_class();
	/* The boot code becomes the idle task of CPU 0, as Linux's start_kernel() does. */
	init_idle(current, smp_processor_id());
	/* It runs lazily on init_mm like any kernel thread, so it holds the reference a borrower
	 * holds (Linux's mmgrab_lazy_tlb here): the first task with an mm of its own drops it. */
	mmgrab(&init_mm);
	set_cpu_online(smp_processor_id(), true);
	set_cpu_active(smp_processor_id(), true);
	/* Interrupts are still off: no other path can take the lock yet. */
	spin_lock(&this_rq()->lock);
	set_rq_online(this_rq());
	spin_unlock(&this_rq()->lock);
}

/**
 * __might_sleep - report a function that may sleep, called where sleeping is a bug
 * @file: the might_sleep() call's source file
 * @line: and line
 * @reported: that call site's flag: each site reports once
 *
 * Linux's report (kernel/sched/core.c __might_resched()), line for line where Spindle has the
 * facts: the context (non_block is always 0: Spindle has no non-blocking sections), the preempt
 * count against the 0 a sleep needs, the locks held (with the lock validator), the backtrace.
 * Not printed during a panic; a self-test's silenced task records it instead (lockdep.h).
 * Linux 6.1: __might_sleep(file, line) reports at most once a second from any site; Spindle's
 * callers pass a per-site flag (@reported), so each site reports once per boot.
 *
 * Context: any. Return: nothing.
 */
void __might_sleep(const char *file, int line, bool *reported)
{
	if (likely(!preempt_count() && !irqs_disabled()) || system_state == SYSTEM_BOOTING ||
	    system_state > SYSTEM_RUNNING || oops_in_progress)
		return;
#ifdef CONFIG_LOCKDEP
	if (!lockdep_report_begin(LOCKDEP_SLEEP_ATOMIC, file, NULL))
		return;
#endif
	/* Once per site and boot. */
	if (READ_ONCE(*reported))
		return;
	WRITE_ONCE(*reported, true);
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), 0, current->pid, current->comm);
	pr_err("preempt_count: %x, expected: %x\n", preempt_count(), 0);
	debug_show_held_locks(current);
	dump_stack();
}
