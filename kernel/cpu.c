/* CPU hotplug, as Linux's kernel/cpu.c: the state machine that takes a CPU from offline to online
 * and back (cpu_up, cpu_down), its cpuhp/N threads, the hotplug lock and the CPU masks. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <linux/smpboot.h>
#include "smpboot.h"
#include <linux/spinlock.h>
#include <linux/stop_machine.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <trace/events/cpuhp.h>
#include <asm/smp.h>
#include <asm/traps.h>

/* Waits for another CPU's part of a step: it says so if that takes long, then keeps waiting (a
 * half-done step cannot be abandoned safely). */
#define CPUHP_WAIT_WARN_MS	5000

/**
 * struct cpuhp_cpu_state - one CPU's place in the state machine (Linux's, reduced)
 * @state:	the last step done (bring-up) or the next to undo (teardown)
 * @target:	where the current operation goes
 * @thread:	cpuhp/N, which runs the AP_ONLINE_IDLE+1 .. ONLINE steps on the CPU itself
 * @should_run:	cpuhp/N has a request
 * @bringup:	the request's direction
 * @single:	the request is one callback (@cb_state, from cpuhp_setup_state), not a walk
 * @result:	the request's result
 * @fail:	a state whose callback fails once with -EAGAIN instead of running (the
 *		hotplug/fail file, cpuhp_set_fail()), or CPUHP_INVALID
 * @done_up, @done_down: the control task waits here for cpuhp/N (and for the idle task's
 *		"dead" report on the way down)
 */
struct cpuhp_cpu_state {
	enum cpuhp_state	state;
	enum cpuhp_state	target;
	struct task_struct	*thread;
	bool			should_run;
	bool			bringup;
	bool			single;
	enum cpuhp_state	cb_state;
	int			result;
	enum cpuhp_state	fail;
	struct completion	done_up;
	struct completion	done_down;
};

static DEFINE_PER_CPU(struct cpuhp_cpu_state, cpuhp_state);

/* One step: its name (for messages and the docs table) and its two callbacks, either of which
 * may be NULL. A callback gets the CPU number and returns 0 or a negative errno. */
struct cpuhp_step {
	const char	*name;
	int		(*startup)(unsigned int cpu);
	int		(*teardown)(unsigned int cpu);
};

static struct cpuhp_step cpuhp_hp_states[];

static const char *cpuhp_step_name(enum cpuhp_state state)
{
	return cpuhp_hp_states[state].name ?: "(unnamed)";
}

/* Run one callback of @state for @cpu. Where it runs is the caller's business. */
static int cpuhp_invoke_callback(unsigned int cpu, enum cpuhp_state state, bool bringup)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);
	struct cpuhp_step *step = &cpuhp_hp_states[state];
	int (*cb)(unsigned int cpu) = bringup ? step->startup : step->teardown;
	int ret;

	if (!cb)
		return 0;
	/* Linux's test hook: the callback is not called, as if it failed before doing anything. */
	if (READ_ONCE(st->fail) == state) {
		WRITE_ONCE(st->fail, CPUHP_INVALID);
		return -EAGAIN;
	}
	trace_cpuhp_enter(cpu, st->target, state, cb);
	ret = cb(cpu);
	trace_cpuhp_exit(cpu, st->state, state, ret);
	return ret;
}

/*
 * Sleep until cpuhp/N (or the dying idle task) signals; loud if it takes long. A step that
 * does not finish is usually cpuhp/N asleep in a callback: say what state it is in, where it
 * is and where it sleeps (going down, once cpuhp/N is parked, the wait is for the dying CPU's
 * idle task and the trace shows cpuhp/N parked).
 * Linux 6.1: waits silently; Spindle reports a stuck step, which its hotplug tests otherwise
 * show only as a timeout.
 */
static void wait_for_ap_thread(struct cpuhp_cpu_state *st, bool bringup, unsigned int cpu)
{
	struct completion *done = bringup ? &st->done_up : &st->done_down;

	while (!wait_for_completion_timeout(done, msecs_to_jiffies(CPUHP_WAIT_WARN_MS))) {
		struct task_struct *p = st->thread;

		if (st->single)
			pr_warn("cpuhp: CPU %u has not finished step %s after %u ms; still waiting\n",
				cpu, cpuhp_step_name(st->cb_state), CPUHP_WAIT_WARN_MS);
		else
			pr_warn("cpuhp: CPU %u has not finished its steps toward %s (at %s) after "
				"%u ms; still waiting\n", cpu, cpuhp_step_name(st->target),
				cpuhp_step_name(st->state), CPUHP_WAIT_WARN_MS);
		pr_warn("cpuhp: %s (PID %d) is in state %c on CPU %u\n", p->comm, p->pid,
			task_state_to_char(p), task_cpu(p));
		show_task_stack(p);
	}
}

static void complete_ap_thread(struct cpuhp_cpu_state *st, bool bringup)
{
	complete(bringup ? &st->done_up : &st->done_down);
}

/* Linux's cpuhp_is_atomic_state(): STARTING and DYING steps run with interrupts off on the CPU
 * itself, where nothing could undo a half-done step. */
static bool cpuhp_is_atomic_state(enum cpuhp_state state)
{
	return state >= CPUHP_AP_IDLE_DEAD && state < CPUHP_AP_ONLINE;
}

/*
 * Serialises CPU bring-up and hotplug: one CPU changes state at a time. Also held by
 * cpuhp_setup_state*(), cpuhp_remove_state() and cpuhp_set_fail(), so the step table and each
 * CPU's fail hook change only between moves. A mutex: process context only, never from
 * interrupts; the holder sleeps (it waits for the AP and for cpuhp/N). Taken before the hotplug
 * lock below.
 */
static DEFINE_MUTEX(cpu_add_remove_lock);

/*
 * Linux's cpu_hotplug_lock, a per-CPU rw-semaphore there, here a plain reader/writer lock:
 * readers (smpboot registration, stop_machine()) keep the online mask from changing under them;
 * the writer is a CPU changing state. No writer preference: readers are rare and short.
 */
static struct {
	/* Protects readers and writer. Taken with interrupts saved and disabled, held for a few
	 * instructions, never across a sleep: waiters sleep on wq, outside it. */
	spinlock_t lock;
	unsigned int readers;
	bool writer;
	struct wait_queue_head wq;
} cpu_hotplug_lock = {
	.lock = __SPIN_LOCK_UNLOCKED(cpu_hotplug_lock.lock),
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER(cpu_hotplug_lock.wq),
};

static bool cpus_read_trylock(void);

/**
 * cpus_read_lock - keep the online CPUs from changing until cpus_read_unlock()
 *
 * Linux's cpu_hotplug_lock taken for reading (smpboot registration, stop_machine()).
 *
 * Linux 6.1: a per-CPU rw-semaphore, whose waiting writer holds off new readers; here a
 * spinlock-guarded count without writer preference, enough for Spindle's few, short readers.
 *
 * Context: process context; sleeps while a CPU changes state.
 * Return: nothing.
 */
void cpus_read_lock(void)
{
	wait_event(cpu_hotplug_lock.wq, cpus_read_trylock());
}

static bool cpus_read_trylock(void)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&cpu_hotplug_lock.lock, flags);
	ok = !cpu_hotplug_lock.writer;
	if (ok)
		cpu_hotplug_lock.readers++;
	spin_unlock_irqrestore(&cpu_hotplug_lock.lock, flags);
	return ok;
}

/**
 * cpus_read_unlock - end a cpus_read_lock() section
 *
 * Context: process context; wakes a waiting writer when the last reader leaves.
 * Return: nothing.
 */
void cpus_read_unlock(void)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&cpu_hotplug_lock.lock, flags);
	last = --cpu_hotplug_lock.readers == 0;
	spin_unlock_irqrestore(&cpu_hotplug_lock.lock, flags);
	if (last)
		wake_up_all(&cpu_hotplug_lock.wq);
}

static bool cpus_write_trylock(void)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&cpu_hotplug_lock.lock, flags);
	ok = !cpu_hotplug_lock.writer && !cpu_hotplug_lock.readers;
	if (ok)
		cpu_hotplug_lock.writer = true;
	spin_unlock_irqrestore(&cpu_hotplug_lock.lock, flags);
	return ok;
}

static void cpus_write_lock(void)
{
	wait_event(cpu_hotplug_lock.wq, cpus_write_trylock());
}

static void cpus_write_unlock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&cpu_hotplug_lock.lock, flags);
	cpu_hotplug_lock.writer = false;
	spin_unlock_irqrestore(&cpu_hotplug_lock.lock, flags);
	wake_up_all(&cpu_hotplug_lock.wq);
}

static int cpuhp_kick_ap_work(unsigned int cpu);
static void cpuhp_rollback_ap(unsigned int cpu, enum cpuhp_state prev, bool was_bringup);

/*
 * CPUHP_BP_KICK_AP: INIT-SIPI-SIPI on the CPU's idle task; returns once it has called in.
 * Linux 6.1: no such state (it is Linux 6.5's); its bringup_cpu() starts the AP and waits for it
 * in one step. Split, bringup_nonboot_cpus() starts each AP while the previous one finishes.
 */
static int cpuhp_kick_ap_alive(unsigned int cpu)
{
	struct task_struct *idle = idle_thread_get(cpu);

	if (!idle)
		return -ENOMEM;
	return native_kick_ap(cpu, idle);
}

/*
 * CPUHP_BRINGUP_CPU: wait until the AP is online (its STARTING steps are then done and its
 * stopper enabled), unpark its cpuhp/N, and let cpuhp/N take it the rest of the way to the
 * target.
 * Linux 6.1: also starts the AP here (__cpu_up()); Spindle did that at CPUHP_BP_KICK_AP.
 */
static int bringup_cpu(unsigned int cpu)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);
	enum cpuhp_state target = st->target;
	int ret;

	ret = native_wait_ap_online(cpu);
	if (ret)
		return ret;
	st->state = CPUHP_AP_ONLINE_IDLE;
	kthread_unpark(st->thread);
	if (target <= CPUHP_AP_ONLINE_IDLE)
		return 0;
	ret = cpuhp_kick_ap_work(cpu);
	if (ret)
		cpuhp_rollback_ap(cpu, CPUHP_AP_ONLINE_IDLE, true);
	/* The step itself succeeded: the CPU is up; the caller sees the walk's error. */
	st->target = target;
	return ret;
}

/*
 * CPUHP_BRINGUP_CPU's teardown (Linux's finish_cpu): the dead CPU's idle task drops the address
 * space it borrowed; start_secondary() takes init_mm again when the CPU comes back.
 * Linux 6.1: points active_mm at init_mm, which idle_task_exit() switched to; Spindle's dead CPU
 * runs no task, so NULL says "none" until start_secondary().
 */
static int finish_cpu(unsigned int cpu)
{
	struct task_struct *idle = idle_thread_get(cpu);
	struct mm_struct *mm = idle->active_mm;

	idle->active_mm = NULL;
	if (mm)
		mmdrop(mm);
	return 0;
}

/* The control CPU's steps up to @target, undone in reverse if one fails. */
static int cpuhp_up_callbacks(unsigned int cpu, struct cpuhp_cpu_state *st,
			      enum cpuhp_state target)
{
	enum cpuhp_state prev = st->state;
	int ret = 0;

	while (st->state < target) {
		/* Named before the call: bringup_cpu() moves st->state on to the AP's steps. */
		enum cpuhp_state step = ++st->state;

		ret = cpuhp_invoke_callback(cpu, step, true);
		if (ret) {
			pr_err("cpuhp: CPU %u: step %s failed (%d)\n", cpu, cpuhp_step_name(step),
			       ret);
			break;
		}
	}
	if (ret && st->state <= CPUHP_BRINGUP_CPU) {
		st->state--;
		while (st->state > prev) {
			cpuhp_invoke_callback(cpu, st->state, false);
			st->state--;
		}
	}
	return ret;
}

static int cpuhp_should_run(unsigned int cpu)
{
	return READ_ONCE(this_cpu_ptr(&cpuhp_state)->should_run);
}

/*
 * cpuhp/N's thread_fn: walk this CPU's AP steps from state toward target (startup going up,
 * teardown going down), or run one callback for cpuhp_setup_state(). A failing step stops the
 * walk with state on the last step done, and the control task rolls back.
 * Linux 6.1: one step per call, smpboot's loop calling again while should_run stays set; the
 * whole walk in one call does the same with less ceremony.
 */
static void cpuhp_thread_fun(unsigned int cpu)
{
	struct cpuhp_cpu_state *st = this_cpu_ptr(&cpuhp_state);
	int ret = 0;

	if (!READ_ONCE(st->should_run))
		return;
	WRITE_ONCE(st->should_run, false);
	if (st->single) {
		ret = cpuhp_invoke_callback(cpu, st->cb_state, st->bringup);
	} else if (st->bringup) {
		while (st->state < st->target) {
			ret = cpuhp_invoke_callback(cpu, st->state + 1, true);
			if (ret) {
				pr_err("cpuhp: CPU %u: step %s failed (%d)\n", cpu,
				       cpuhp_step_name(st->state + 1), ret);
				break;
			}
			st->state++;
		}
	} else {
		while (st->state > st->target) {
			ret = cpuhp_invoke_callback(cpu, st->state, false);
			if (ret) {
				pr_err("cpuhp: CPU %u: teardown of %s failed (%d)\n", cpu,
				       cpuhp_step_name(st->state), ret);
				break;
			}
			st->state--;
		}
	}
	st->result = ret;
	complete_ap_thread(st, st->bringup);
}

/* One callback of @state for @cpu, in its cpuhp/N (cpuhp_setup_state on online CPUs). */
static int cpuhp_invoke_ap_callback(unsigned int cpu, enum cpuhp_state state, bool bringup)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);

	st->single = true;
	st->cb_state = state;
	st->bringup = bringup;
	st->result = 0;
	reinit_completion(bringup ? &st->done_up : &st->done_down);
	__atomic_store_n(&st->should_run, true, __ATOMIC_RELEASE);
	wake_up_process(st->thread);
	wait_for_ap_thread(st, bringup, cpu);
	st->single = false;
	return st->result;
}

/* Hand cpuhp/N of @cpu the walk to st->target and wait for it. */
static int cpuhp_kick_ap_work(unsigned int cpu)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);

	st->single = false;
	st->result = 0;
	reinit_completion(st->bringup ? &st->done_up : &st->done_down);
	/* The request's fields are written before should_run, which cpuhp/N reads first. */
	__atomic_store_n(&st->should_run, true, __ATOMIC_RELEASE);
	wake_up_process(st->thread);
	wait_for_ap_thread(st, st->bringup, cpu);
	return st->result;
}

/* A walk on @cpu that failed half-way goes back to where it started (Linux's rollback). */
static void cpuhp_rollback_ap(unsigned int cpu, enum cpuhp_state prev, bool was_bringup)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);

	st->target = prev;
	st->bringup = !was_bringup;
	WARN(cpuhp_kick_ap_work(cpu), "cpuhp: CPU %u could not roll back to state %d\n", cpu,
	     prev);
}

static struct smp_hotplug_thread cpuhp_threads = {
	.store			= &cpuhp_state.thread,
	.thread_should_run	= cpuhp_should_run,
	.thread_fn		= cpuhp_thread_fun,
	.thread_comm		= "cpuhp/%u",
	.selfparking		= true,
};

/**
 * cpuhp_threads_init - set up every CPU's hotplug state and create cpuhp/N
 *
 * Called by smp_init() before any AP starts, so each AP's smpboot threads are created with
 * cpuhp/N first (smpboot's list is newest first). The boot CPU's cpuhp/N is unparked at once.
 *
 * Context: boot, process context (kthreadd running); sleeps; panics if the threads cannot be
 * created.
 * Return: nothing.
 */
void cpuhp_threads_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);

		init_completion(&st->done_up);
		init_completion(&st->done_down);
		st->fail = CPUHP_INVALID;
		if (cpu_online(cpu))
			st->state = st->target = CPUHP_ONLINE;
	}
	if (smpboot_register_percpu_thread(&cpuhp_threads))
		panic("cpuhp: cannot create cpuhp/%u", smp_processor_id());
	kthread_unpark(this_cpu_read(cpuhp_state.thread));
}

/*
 * On the dying CPU, in its stopper, with every other online CPU spinning in multi_cpu_stop()
 * with interrupts off: leave the online mask (nothing can be placed here from now on), run the
 * DYING steps (calls flushed, tick stopped, tasks moved away), and disable and park the
 * stopper, which parks as soon as this returns. Its idle task then finds the CPU offline.
 * Linux 6.1: __cpu_disable() leaves the mask, and balance_push() has moved the tasks since
 * CPUHP_AP_ACTIVE; Spindle's sched_cpu_dying() moves them here (migrate_tasks(), Linux's way
 * before 5.11), the only point where no other CPU can wake one onto this CPU.
 */
static int take_cpu_down(void *unused)
{
	struct cpuhp_cpu_state *st = this_cpu_ptr(&cpuhp_state);
	unsigned int cpu = smp_processor_id();

	set_cpu_online(cpu, false);
	for (st->state = CPUHP_AP_ONLINE; st->state > CPUHP_AP_OFFLINE; st->state--)
		WARN(cpuhp_invoke_callback(cpu, st->state, false), "cpuhp: CPU %u: %s failed\n",
		     cpu, cpuhp_hp_states[st->state].name);
	stop_machine_park(cpu);
	return 0;
}

/*
 * CPUHP_TEARDOWN_CPU: park cpuhp/N (its part is done), take the CPU down under stop_machine,
 * and wait for its idle task to report it dead and for the CPU to halt.
 */
static int takedown_cpu(unsigned int cpu)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);
	int err;

	kthread_park(st->thread);
	reinit_completion(&st->done_down);
	err = stop_machine_cpuslocked(take_cpu_down, NULL, cpumask_of(cpu));
	if (err) {
		kthread_unpark(st->thread);
		return err;
	}
	WARN_ON(cpu_online(cpu));
	wait_for_ap_thread(st, false, cpu);
	WARN_ON(st->state != CPUHP_AP_IDLE_DEAD);
	native_cpu_die(cpu);
	return 0;
}

/**
 * cpuhp_report_idle_dead - the dying CPU's idle task says its last task is gone
 *
 * Linux's cpuhp_report_idle_dead(): wake the control task waiting in takedown_cpu().
 *
 * Linux 6.1: completes through an IPI to an online CPU, as RCU no longer watches this one;
 * Spindle has no RCU, and the wake-up places the task on an online CPU, so completing here is safe.
 *
 * Context: the dying CPU's idle loop, interrupts off.
 * Return: nothing.
 */
void cpuhp_report_idle_dead(void)
{
	struct cpuhp_cpu_state *st = this_cpu_ptr(&cpuhp_state);

	WARN_ON(st->state != CPUHP_AP_OFFLINE);
	st->state = CPUHP_AP_IDLE_DEAD;
	complete_ap_thread(st, false);
}

/* The control CPU's steps from TEARDOWN_CPU down to @target; takedown_cpu moves st->state
 * to AP_IDLE_DEAD through the dead CPU, and the loop goes on from there. */
static int cpuhp_down_callbacks(unsigned int cpu, struct cpuhp_cpu_state *st,
				enum cpuhp_state target)
{
	int ret;

	for (; st->state > target; st->state--) {
		ret = cpuhp_invoke_callback(cpu, st->state, false);
		if (ret) {
			pr_err("cpuhp: CPU %u: teardown of %s failed (%d)\n", cpu,
			       cpuhp_hp_states[st->state].name, ret);
			return ret;
		}
	}
	return 0;
}

static int _cpu_down(unsigned int cpu, enum cpuhp_state target)
{
	struct cpuhp_cpu_state *st = per_cpu_ptr(&cpuhp_state, cpu);
	enum cpuhp_state prev = st->state;
	int ret;

	if (st->state <= target)
		return 0;
	/* The last CPU keeps the machine running. */
	if (cpu_online(cpu) && num_online_cpus() == 1)
		return -EBUSY;
	st->target = target;
	st->bringup = false;
	if (st->state > CPUHP_TEARDOWN_CPU) {
		st->target = max(CPUHP_TEARDOWN_CPU, target);
		ret = cpuhp_kick_ap_work(cpu);
		if (ret) {
			cpuhp_rollback_ap(cpu, prev, false);
			return ret;
		}
		if (st->state > CPUHP_TEARDOWN_CPU)
			return 0;
		st->target = target;
	}
	ret = cpuhp_down_callbacks(cpu, st, target);
	/*
	 * Linux's _cpu_down(): a failed takedown (stop_machine() refused, or the fail hook) leaves
	 * the CPU online with its AP steps undone; cpuhp/N (unparked again by takedown_cpu())
	 * walks them back up to where the CPU was. The steps below TEARDOWN_CPU run after the
	 * CPU is dead and must not fail.
	 */
	if (ret && st->state == CPUHP_TEARDOWN_CPU && prev > CPUHP_TEARDOWN_CPU) {
		st->target = prev;
		st->bringup = true;
		WARN(cpuhp_kick_ap_work(cpu), "cpuhp: CPU %u could not roll back to state %d\n",
		     cpu, prev);
	} else {
		WARN(ret, "cpuhp: CPU %u: DEAD step %s failed (%d)\n", cpu,
		     cpuhp_step_name(st->state), ret);
	}
	return ret;
}

/*
 * Linux 6.1: refuses with -EBUSY while cpu_hotplug_disabled, and the architecture decides which
 * CPUs may go; Spindle keeps CPU 0 (it keeps jiffies and the legacy interrupts) and answers
 * -EINVAL for a CPU that is not present, here rather than in a device model.
 */
static int cpu_down_maps_locked(unsigned int cpu, enum cpuhp_state target)
{
	int ret;

	if (cpu >= nr_cpu_ids || !cpu_present(cpu))
		return -EINVAL;
	if (cpu == 0)
		return -EBUSY;
	cpus_write_lock();
	ret = _cpu_down(cpu, target);
	cpus_write_unlock();
	return ret;
}

static int cpu_down(unsigned int cpu, enum cpuhp_state target)
{
	int err;

	mutex_lock(&cpu_add_remove_lock);
	err = cpu_down_maps_locked(cpu, target);
	mutex_unlock(&cpu_add_remove_lock);
	return err;
}

/**
 * remove_cpu - take @cpu offline, through every step down to CPUHP_OFFLINE
 * @cpu: a present CPU
 *
 * Linux 6.1: goes through the device model (lock_device_hotplug(), device_offline()), which
 * answers 1 for a CPU already offline; Spindle has no device model and calls cpu_down() itself.
 *
 * Context: process context; sleeps; takes cpu_add_remove_lock and the hotplug lock.
 * Return: 0 (also if it already is offline), -EBUSY for CPU 0 or the last online CPU, -EINVAL
 * for a CPU that is not present, or the error of the step that failed.
 */
int remove_cpu(unsigned int cpu)
{
	return cpu_down(cpu, CPUHP_OFFLINE);
}

/**
 * notify_cpu_starting - run @cpu's STARTING steps, on @cpu itself
 * @cpu: the CPU coming up (the caller's)
 *
 * They cannot fail (nothing could undo a half-started CPU). The control CPU accounts for them
 * in bringup_cpu(): st->state is its to write while it waits.
 *
 * Linux 6.1: advances st->state itself, step by step; here the control CPU alone writes it.
 *
 * Context: start_secondary(), interrupts off, before the CPU is online.
 * Return: nothing.
 */
void notify_cpu_starting(unsigned int cpu)
{
	for (int state = CPUHP_AP_OFFLINE + 1; state <= CPUHP_AP_ONLINE; state++)
		WARN(cpuhp_invoke_callback(cpu, state, true), "cpuhp: CPU %u: %s failed\n", cpu,
		     cpuhp_hp_states[state].name);
}

/**
 * cpuhp_online_idle - the AP is online and about to schedule: enable its stopper first
 *
 * Linux's cpuhp_online_idle(): the stopper (migration/N) takes works from the moment the CPU
 * can run a task. Enabled later, by the control CPU once it saw the AP online, it left a window
 * in which a task could run on the new CPU while stop_one_cpu() there failed with -ENOENT:
 * set_cpus_allowed_ptr() then returned 0 with the task still running outside its new mask
 * (found by kthread-torture).
 *
 * Linux 6.1: takes the state (CPUHP_AP_ONLINE_IDLE) and also completes the control task's wait;
 * here bringup_cpu() waits with native_wait_ap_online().
 *
 * Context: start_secondary() on the AP, interrupts off, after set_cpu_online(), before the idle
 * loop.
 * Return: nothing.
 */
void cpuhp_online_idle(void)
{
	stop_machine_unpark(smp_processor_id());
}

/*
 * Serialised by cpu_add_remove_lock and the write side of the hotplug lock.
 * Linux 6.1: an AP step that fails leaves the CPU online and not active at CPUHP_AP_ONLINE_IDLE;
 * Spindle takes it back down, so a failed cpu_up() changes nothing and the next starts afresh.
 */
static int _cpu_up(unsigned int cpu, enum cpuhp_state target)
{
	struct cpuhp_cpu_state *st;
	enum cpuhp_state prev;
	int ret;

	if (cpu >= nr_cpu_ids || !cpu_present(cpu))
		return -EINVAL;
	st = per_cpu_ptr(&cpuhp_state, cpu);
	prev = st->state;
	if (st->state >= target)
		return 0;
	st->target = target;
	st->bringup = true;
	if (st->state > CPUHP_BRINGUP_CPU) {
		ret = cpuhp_kick_ap_work(cpu);
		if (ret)
			cpuhp_rollback_ap(cpu, prev, true);
		return ret;
	}
	ret = cpuhp_up_callbacks(cpu, st, min(target, CPUHP_BRINGUP_CPU));
	/*
	 * An AP step failed: bringup_cpu() rolled cpuhp/N's walk back to CPUHP_AP_ONLINE_IDLE,
	 * where the CPU is online but not active. Take it the rest of the way back, through the
	 * steps cpu_down() takes, so a cpu_up() that fails leaves the CPU where it found it and
	 * a later cpu_up() starts from scratch.
	 */
	if (ret && st->state > CPUHP_BRINGUP_CPU) {
		/* From CPUHP_BP_KICK_AP (the boot's second pass) the AP had been started: a dead
		 * AP can only be started again from scratch. */
		enum cpuhp_state back = prev < CPUHP_BP_KICK_AP ? prev : CPUHP_OFFLINE;

		st->target = back;
		st->bringup = false;
		WARN(cpuhp_down_callbacks(cpu, st, back),
		     "cpuhp: CPU %u could not be taken back to state %d\n", cpu, back);
	}
	return ret;
}

static int cpu_up(unsigned int cpu, enum cpuhp_state target)
{
	int ret;

	mutex_lock(&cpu_add_remove_lock);
	cpus_write_lock();
	ret = _cpu_up(cpu, target);
	cpus_write_unlock();
	mutex_unlock(&cpu_add_remove_lock);
	return ret;
}

/**
 * add_cpu - bring @cpu online, through every step up to CPUHP_ONLINE
 * @cpu: a present CPU
 *
 * Linux 6.1: goes through the device model (lock_device_hotplug(), device_online()), which
 * answers 1 for a CPU already online; Spindle has no device model and calls cpu_up() itself.
 *
 * Context: process context; sleeps; takes cpu_add_remove_lock and the hotplug lock.
 * Return: 0 (also if it already is online), or the error of the step that failed, the CPU rolled
 * back.
 */
int add_cpu(unsigned int cpu)
{
	return cpu_up(cpu, CPUHP_ONLINE);
}

/**
 * bringup_nonboot_cpus - bring every present CPU up, until @max_cpus are online
 * @max_cpus: maxcpus= (nosmp: 1)
 *
 * The APs are kicked one after another, the boot CPU moving on as soon as one has called in
 * (GDT, APIC and timer set up); going online, the unparking of its threads and the rest of its
 * steps are left to a second pass. O(present CPUs).
 *
 * Linux 6.1: takes one CPU at a time to CPUHP_ONLINE; the two passes are Linux 6.5's
 * cpuhp_bringup_mask(..., CPUHP_BP_KICK_AP) then (..., CPUHP_ONLINE), so that each AP finishes
 * while the next one starts.
 *
 * Context: smp_init(); sleeps.
 * Return: nothing; a CPU that fails is reported and skipped.
 */
void bringup_nonboot_cpus(unsigned int max_cpus)
{
	struct cpumask kicked;
	unsigned int cpu, n = num_online_cpus();
	int ret;

	cpumask_clear(&kicked);
	mutex_lock(&cpu_add_remove_lock);
	cpus_write_lock();
	for_each_present_cpu(cpu) {
		if (n >= max_cpus)
			break;
		if (cpu_online(cpu))
			continue;
		ret = _cpu_up(cpu, CPUHP_BP_KICK_AP);
		if (ret) {
			pr_err("smp: CPU %u not brought up (%d)\n", cpu, ret);
			continue;
		}
		cpumask_set_cpu(cpu, &kicked);
		n++;
	}
	for_each_cpu(cpu, &kicked) {
		ret = _cpu_up(cpu, CPUHP_ONLINE);
		if (ret)
			pr_err("smp: CPU %u not brought up (%d)\n", cpu, ret);
	}
	cpus_write_unlock();
	mutex_unlock(&cpu_add_remove_lock);
}

static struct cpuhp_step cpuhp_hp_states[] = {
	[CPUHP_OFFLINE] = { .name = "offline" },
	[CPUHP_CREATE_THREADS] = {
		.name = "threads:prepare",
		.startup = smpboot_create_threads,
	},
	[CPUHP_WORKQUEUE_PREP] = {
		.name = "workqueue:prepare",
		.startup = workqueue_prepare_cpu,
	},
	[CPUHP_TIMERS_PREPARE] = {
		.name = "timers:prepare",
		.teardown = timers_dead_cpu,
	},
	[CPUHP_BP_KICK_AP] = {
		.name = "cpu:kick_ap",
		.startup = cpuhp_kick_ap_alive,
	},
	[CPUHP_BRINGUP_CPU] = {
		.name = "cpu:bringup",
		.startup = bringup_cpu,
		.teardown = finish_cpu,
	},
	[CPUHP_AP_IDLE_DEAD] = { .name = "idle:dead" },
	[CPUHP_AP_OFFLINE] = { .name = "ap:offline" },
	[CPUHP_AP_SCHED_STARTING] = {
		.name = "sched:starting",
		.startup = sched_cpu_starting,
		.teardown = sched_cpu_dying,
	},
	[CPUHP_AP_TICK_DYING] = {
		.name = "tick:dying",
		.teardown = tick_cpu_dying,
	},
	[CPUHP_AP_SMPCFD_DYING] = {
		.name = "smpcfd:dying",
		.teardown = smpcfd_dying_cpu,
	},
	[CPUHP_AP_ONLINE] = { .name = "ap:online" },
	[CPUHP_TEARDOWN_CPU] = {
		.name = "cpu:teardown",
		.teardown = takedown_cpu,
	},
	[CPUHP_AP_ONLINE_IDLE] = { .name = "ap:online-idle" },
	[CPUHP_AP_SMPBOOT_THREADS] = {
		.name = "smpboot/threads:online",
		.startup = smpboot_unpark_threads,
		.teardown = smpboot_park_threads,
	},
	[CPUHP_AP_WORKQUEUE_ONLINE] = {
		.name = "workqueue:online",
		.startup = workqueue_online_cpu,
		.teardown = workqueue_offline_cpu,
	},
	[CPUHP_AP_ACTIVE] = {
		.name = "sched:active",
		.startup = sched_cpu_activate,
		.teardown = sched_cpu_deactivate,
	},
	[CPUHP_ONLINE] = { .name = "online" },
};

static int cpuhp_reserve_state(enum cpuhp_state state)
{
	if (state != CPUHP_AP_ONLINE_DYN)
		return cpuhp_hp_states[state].name ? -EBUSY : state;
	for (int i = CPUHP_AP_ONLINE_DYN; i <= CPUHP_AP_ONLINE_DYN_END; i++)
		if (!cpuhp_hp_states[i].name)
			return i;
	return -ENOSPC;
}

/**
 * __cpuhp_setup_state - install @startup/@teardown at @state, and maybe run @startup now
 * @state: a state, or CPUHP_AP_ONLINE_DYN for the first free dynamic slot
 * @name: its name, for messages
 * @invoke: run @startup on every CPU already at or past @state (cpuhp_setup_state()), or only
 *	    for the CPUs that come and go from now on (cpuhp_setup_state_nocalls())
 * @startup: run for a CPU going up (may be NULL)
 * @teardown: run for a CPU going down (may be NULL)
 *
 * Installing without calls takes any state between OFFLINE and ONLINE, so also a control-task
 * one (CPUHP_SOFTIRQ_DEAD); the callbacks then run where the state's range says (cpuhotplug.h).
 * Calling now takes only cpuhp/N's states (above CPUHP_AP_ONLINE_IDLE): @startup runs in each
 * CPU's cpuhp/N, and one that fails is undone on the CPUs already done and the state freed.
 *
 * Linux 6.1: also a multi_instance flag and a _cpuslocked form, a control-CPU state's callbacks
 * run on the caller's CPU, under cpus_read_lock() and cpuhp_state_mutex; Spindle's users need
 * none of that, and it takes cpu_add_remove_lock as it drives cpuhp/N the way cpu_up() does.
 *
 * Context: process context; sleeps; takes cpu_add_remove_lock and the hotplug lock.
 * Return: the slot for CPUHP_AP_ONLINE_DYN, else 0; or a negative errno (-EINVAL, -EBUSY: taken,
 * -ENOSPC: no dynamic slot left, or the error of the first @startup that failed).
 */
int __cpuhp_setup_state(enum cpuhp_state state, const char *name, bool invoke,
			int (*startup)(unsigned int cpu), int (*teardown)(unsigned int cpu))
{
	bool dynstate = state == CPUHP_AP_ONLINE_DYN;
	unsigned int cpu, undo;
	int ret;

	if (state <= (invoke ? CPUHP_AP_ONLINE_IDLE : CPUHP_OFFLINE) || state >= CPUHP_ONLINE ||
	    !name)
		return -EINVAL;
	mutex_lock(&cpu_add_remove_lock);
	cpus_write_lock();
	ret = cpuhp_reserve_state(state);
	if (ret < 0)
		goto out;
	state = ret;
	ret = 0;
	cpuhp_hp_states[state] = (struct cpuhp_step){ name, startup, teardown };
	if (!invoke || !startup)
		goto out;
	for_each_present_cpu(cpu) {
		if (per_cpu(cpuhp_state, cpu).state < state)
			continue;
		ret = cpuhp_invoke_ap_callback(cpu, state, true);
		if (!ret)
			continue;
		for_each_present_cpu(undo) {
			if (undo == cpu)
				break;
			if (per_cpu(cpuhp_state, undo).state >= state && teardown)
				cpuhp_invoke_ap_callback(undo, state, false);
		}
		cpuhp_hp_states[state] = (struct cpuhp_step){ NULL };
		break;
	}
out:
	cpus_write_unlock();
	mutex_unlock(&cpu_add_remove_lock);
	return !ret && dynstate ? state : ret;
}

/**
 * __cpuhp_remove_state - free a state, and maybe run its teardown on the CPUs past it first
 * @state: a state cpuhp_setup_state() installed
 * @invoke: run @state's teardown in the cpuhp/N of every CPU at or past it before freeing it
 *
 * Linux 6.1: takes any state, running a control-CPU state's teardown on the caller's CPU; here
 * only cpuhp/N's states are removed, as only they can be set up with calls.
 *
 * Context: process context; sleeps; takes cpu_add_remove_lock and the hotplug lock.
 * Return: nothing.
 */
void __cpuhp_remove_state(enum cpuhp_state state, bool invoke)
{
	unsigned int cpu;

	if (state <= CPUHP_AP_ONLINE_IDLE || state >= CPUHP_ONLINE)
		return;
	mutex_lock(&cpu_add_remove_lock);
	cpus_write_lock();
	if (invoke && cpuhp_hp_states[state].teardown)
		for_each_present_cpu(cpu)
			if (per_cpu(cpuhp_state, cpu).state >= state)
				cpuhp_invoke_ap_callback(cpu, state, false);
	cpuhp_hp_states[state] = (struct cpuhp_step){ NULL };
	cpus_write_unlock();
	mutex_unlock(&cpu_add_remove_lock);
}

/**
 * cpuhp_get_state - the last hotplug step @cpu has done (Linux's hotplug/state)
 * @cpu: a possible CPU
 *
 * Linux 6.1: no such function, state_show() reads st->state in this file; Spindle's sysfs
 * files live in drivers/base/cpu.c, and the per-CPU state stays private here.
 *
 * Context: any; a snapshot.
 * Return: the state.
 */
int cpuhp_get_state(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&cpuhp_state, cpu)->state);
}

/**
 * cpuhp_set_fail - make one hotplug step of @cpu fail once (Linux's hotplug/fail store)
 * @cpu: a possible CPU
 * @fail: the state whose callback is to return -EAGAIN instead of running, or CPUHP_INVALID
 *	  to cancel
 *
 * The next cpu_up() or cpu_down() of @cpu (or cpuhp_setup_state() on it) that reaches @fail's
 * callback gets -EAGAIN there and rolls back. Refused (as Linux refuses): a state out of range,
 * a STARTING or DYING step, a control-CPU step while @cpu is up (going down those are DEAD
 * steps, which must not fail), and a state without callbacks.
 *
 * Linux 6.1: also takes CPUHP_BRINGUP_CPU, and a state with a callback for either direction;
 * Spindle refuses the first (the AP started at CPUHP_BP_KICK_AP, and a fail there would leave it
 * running) and a state whose next move does not call it (armed, it would fire in a DEAD step).
 *
 * Context: process context; takes cpu_add_remove_lock.
 * Return: 0, or -EINVAL.
 */
int cpuhp_set_fail(unsigned int cpu, int fail)
{
	struct cpuhp_cpu_state *st;
	struct cpuhp_step *step;
	bool up;
	int ret = -EINVAL;

	if (cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, cpu_possible_mask))
		return -EINVAL;
	st = per_cpu_ptr(&cpuhp_state, cpu);
	if (fail == CPUHP_INVALID) {
		WRITE_ONCE(st->fail, CPUHP_INVALID);
		return 0;
	}
	if (fail < CPUHP_OFFLINE || fail > CPUHP_ONLINE || cpuhp_is_atomic_state(fail))
		return -EINVAL;
	mutex_lock(&cpu_add_remove_lock);
	up = st->state > CPUHP_BRINGUP_CPU;
	step = &cpuhp_hp_states[fail];
	if (up && fail <= CPUHP_BRINGUP_CPU)
		goto out;
	/* The AP started at CPUHP_BP_KICK_AP: failing this step would leave it running. */
	if (fail == CPUHP_BRINGUP_CPU)
		goto out;
	/*
	 * The callback the CPU's next move calls: armed on the other, the fail would stay armed
	 * through that move and fire in a DEAD step of the next, which nothing can roll back.
	 */
	if (!(up ? step->teardown : step->startup))
		goto out;
	WRITE_ONCE(st->fail, fail);
	ret = 0;
out:
	mutex_unlock(&cpu_add_remove_lock);
	return ret;
}

/**
 * cpuhp_get_fail - the state armed by cpuhp_set_fail() for @cpu
 * @cpu: a possible CPU
 *
 * Linux 6.1: no such function, fail_show() reads st->fail in this file; Spindle's sysfs files
 * live in drivers/base/cpu.c, and the per-CPU state stays private here.
 *
 * Context: any.
 * Return: the state, or CPUHP_INVALID when none is armed (or it has fired).
 */
int cpuhp_get_fail(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&cpuhp_state, cpu)->fail);
}

/**
 * cpuhp_state_name - the name of hotplug step @state, as /sys/devices/system/cpu/hotplug/states
 * shows it
 * @state: CPUHP_OFFLINE .. CPUHP_ONLINE
 *
 * Linux 6.1: no such function, states_show() reads the step table in this file; Spindle's
 * sysfs files live in drivers/base/cpu.c, and the table stays private here.
 *
 * Context: any.
 * Return: the name, or NULL for a free or unused state.
 */
const char *cpuhp_state_name(int state)
{
	if (state < CPUHP_OFFLINE || state > CPUHP_ONLINE)
		return NULL;
	return READ_ONCE(cpuhp_hp_states[state].name);
}

/**
 * cpuhp_state_has_callback - does @state have a callback for the given direction
 * @state: CPUHP_OFFLINE .. CPUHP_ONLINE
 * @bringup: the startup callback (true) or the teardown (false)
 *
 * For tests that walk every step (Spindle's): a step without one never runs and cannot fail.
 *
 * Linux 6.1: no such function; a test there reads the states file. Spindle's fault-injection
 * test asks here, the step table being private to this file.
 *
 * Context: any.
 * Return: true if it has one.
 */
bool cpuhp_state_has_callback(int state, bool bringup)
{
	struct cpuhp_step *step;

	if (state < CPUHP_OFFLINE || state > CPUHP_ONLINE)
		return false;
	step = &cpuhp_hp_states[state];
	return bringup ? READ_ONCE(step->startup) : READ_ONCE(step->teardown);
}

/*
 * The masks cpumask.h describes. The set_cpu_*() helpers write them; set_cpu_online() is the one
 * defined here, as in Linux.
 */
struct cpumask __cpu_possible_mask;
struct cpumask __cpu_online_mask;
struct cpumask __cpu_present_mask;
struct cpumask __cpu_active_mask;

/**
 * set_cpu_online - add @cpu to or remove it from cpu_online_mask
 * @cpu: the CPU
 * @online: its new state
 *
 * Linux 6.1: also keeps __num_online_cpus, the count num_online_cpus() reads; Spindle's
 * num_online_cpus() weighs the mask, one word at its NR_CPUS of 64.
 *
 * Context: the CPU itself, interrupts off: start_secondary() going up, take_cpu_down() under
 * stop_machine going down; the boot CPU in sched_init().
 * Return: nothing.
 */
void set_cpu_online(unsigned int cpu, bool online)
{
	if (online)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_online_mask);
}
