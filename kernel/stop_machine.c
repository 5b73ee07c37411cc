/* The CPU stopper (Linux's kernel/stop_machine.c): migration/N, a stop-class smpboot thread per
 * CPU that runs queued functions before anything else there, and stop_machine() built on it. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <linux/spinlock.h>
#include <linux/stop_machine.h>
#include <linux/time.h>
#include "../sched/sched.h"

/* A multi_cpu_stop() CPU that waits this long for the others says so (and keeps waiting: once
 * the stoppers are running there is no safe way back). */
#define MULTI_STOP_WARN_NS	(2000ULL * NSEC_PER_MSEC)

/* What the waiter of one or more works waits on. */
struct cpu_stop_done {
	int			nr_todo;	/* works not yet done (atomic) */
	int			ret;		/* the last non-zero return value */
	bool			executed;	/* at least one work ran */
	struct completion	completion;	/* fired when nr_todo reaches 0 */
};

struct cpu_stopper {
	struct task_struct	*thread;	/* migration/N */
	/* Protects works, and enabled as the queuers test it. Taken with interrupts off (irqsave
	 * or _irq): works are queued from any context, the scheduler's included. The holder never
	 * sleeps and takes no other lock; the wake-up of the stopper comes after it is dropped.
	 * stop_machine_park() and stop_machine_unpark() write enabled without it: a queuer that
	 * read the old value acts as if it had come just before the change. */
	spinlock_t		lock;
	bool			enabled;	/* the CPU is up: works are accepted */
	struct list_head	works;		/* queued cpu_stop_work, oldest first */
	struct cpu_stop_work	stop_work;	/* this CPU's part of stop_machine() */
};

static DEFINE_PER_CPU(struct cpu_stopper, cpu_stopper);
static bool stop_machine_initialized;
/* One stop_machine() at a time: two interleaved ones could queue their works in different
 * orders on two CPUs, each CPU then spinning in a different one, waiting for the other. A mutex,
 * taken in process context only (stop_cpus()); the holder sleeps until every stopper is done. */
static DEFINE_MUTEX(stop_cpus_mutex);

static void cpu_stop_init_done(struct cpu_stop_done *done, unsigned int nr_todo)
{
	memset(done, 0, sizeof(*done));
	done->nr_todo = nr_todo;
	init_completion(&done->completion);
}

static void cpu_stop_signal_done(struct cpu_stop_done *done)
{
	if (__atomic_sub_fetch(&done->nr_todo, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&done->completion);
}

/*
 * Queue @work on @cpu's stopper and wake it; false (and @work's done signalled) if the stopper
 * is disabled. The wake-up comes after the unlock: try_to_wake_up takes rq locks, and a stopper
 * lock nested in them would order them against it. O(1).
 */
static bool cpu_stop_queue_work(unsigned int cpu, struct cpu_stop_work *work)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);
	unsigned long flags;
	bool enabled;

	preempt_disable();
	spin_lock_irqsave(&stopper->lock, flags);
	enabled = stopper->enabled;
	if (enabled)
		list_add_tail(&work->list, &stopper->works);
	else if (work->done)
		cpu_stop_signal_done(work->done);
	spin_unlock_irqrestore(&stopper->lock, flags);
	if (enabled)
		wake_up_process(stopper->thread);
	preempt_enable();
	return enabled;
}

/**
 * stop_one_cpu - run a function on a CPU's stopper and wait for it
 * @cpu: the CPU to run @fn on
 * @fn: the function to run; it runs in migration/@cpu with preemption off and must not sleep
 * @arg: its argument
 *
 * Queues @fn on @cpu's stopper, which preempts whatever runs there, and waits until it has run.
 * Other CPUs go on running; if @cpu is the caller's, the caller is preempted by it.
 *
 * Linux 6.1: does not check @cpu against nr_cpu_ids; Spindle's shell and tests pass CPU numbers
 * they were given, and per_cpu() of one out of range would reach outside every per-CPU area.
 *
 * Context: process context; sleeps; no spinlocks held.
 * Return: -ENOENT if @fn was not run because @cpu is offline (or out of range), otherwise the
 * return value of @fn.
 */
int stop_one_cpu(unsigned int cpu, cpu_stop_fn_t fn, void *arg)
{
	struct cpu_stop_done done;
	struct cpu_stop_work work = { .fn = fn, .arg = arg, .done = &done };

	might_sleep();
	if (cpu >= nr_cpu_ids)
		return -ENOENT;
	cpu_stop_init_done(&done, 1);
	if (!cpu_stop_queue_work(cpu, &work))
		return -ENOENT;
	wait_for_completion(&done.completion);
	return done.ret;
}

/* The steps every participating stopper goes through together (Linux's multi_stop_state). */
enum multi_stop_state {
	MULTI_STOP_NONE,
	MULTI_STOP_PREPARE,	/* every stopper is running: no task runs anywhere else */
	MULTI_STOP_DISABLE_IRQ,	/* every CPU has interrupts off */
	MULTI_STOP_RUN,		/* fn runs on the active CPUs */
	MULTI_STOP_EXIT,
};

struct multi_stop_data {
	cpu_stop_fn_t		fn;
	void			*data;
	unsigned int		num_threads;	/* the online CPUs, all taking part */
	const struct cpumask	*active_cpus;	/* where fn runs; NULL: the first online CPU */
	enum multi_stop_state	state;
	int			thread_ack;	/* CPUs still to acknowledge state (atomic) */
};

static void set_state(struct multi_stop_data *msdata, enum multi_stop_state newstate)
{
	__atomic_store_n(&msdata->thread_ack, msdata->num_threads, __ATOMIC_RELAXED);
	__atomic_store_n(&msdata->state, newstate, __ATOMIC_RELEASE);
}

/* The last CPU to acknowledge a state moves everyone to the next. */
static void ack_state(struct multi_stop_data *msdata)
{
	if (__atomic_sub_fetch(&msdata->thread_ack, 1, __ATOMIC_ACQ_REL) == 0)
		set_state(msdata, msdata->state + 1);
}

/*
 * Each participating stopper runs this: follow the states in lock step, turning interrupts off
 * at DISABLE_IRQ, so that at RUN every online CPU is inside it with interrupts off and fn has
 * the machine to itself. O(online CPUs) acknowledgements per state.
 * Linux 6.1: waits silently, touching the NMI watchdog; Spindle says once which state it is
 * stuck in, which a test would otherwise see only as a hang.
 */
static int multi_cpu_stop(void *data)
{
	struct multi_stop_data *msdata = data;
	enum multi_stop_state newstate, curstate = MULTI_STOP_NONE;
	unsigned int cpu = smp_processor_id();
	u64 since = sched_clock();
	bool is_active, warned = false;
	unsigned long flags;
	int err = 0;

	flags = native_save_fl();
	if (!msdata->active_cpus)
		is_active = cpu == cpumask_first(cpu_online_mask);
	else
		is_active = cpumask_test_cpu(cpu, msdata->active_cpus);

	do {
		cpu_relax();
		newstate = __atomic_load_n(&msdata->state, __ATOMIC_ACQUIRE);
		if (newstate != curstate) {
			curstate = newstate;
			since = sched_clock();
			switch (curstate) {
			case MULTI_STOP_DISABLE_IRQ:
				local_irq_disable();
				break;
			case MULTI_STOP_RUN:
				if (is_active)
					err = msdata->fn(msdata->data);
				break;
			default:
				break;
			}
			ack_state(msdata);
		} else if (!warned && sched_clock() - since > MULTI_STOP_WARN_NS) {
			warned = true;
			pr_warn("stop_machine: CPU %u waited %llu ms in state %d for the other CPUs\n",
				cpu, MULTI_STOP_WARN_NS / NSEC_PER_MSEC, curstate);
		}
	} while (curstate != MULTI_STOP_EXIT);

	local_irq_restore(flags);
	return err;
}

/**
 * stop_one_cpu_nowait - queue a function on a CPU's stopper without waiting
 * @cpu: the CPU to run @fn on
 * @fn: the function to run, with preemption off, in migration/@cpu
 * @arg: its argument
 * @work_buf: the work to queue; the caller keeps it alive until @fn has run
 *
 * Linux 6.1: does not check @cpu against nr_cpu_ids; checked here as in stop_one_cpu().
 *
 * Context: any context that may wake a task; does not sleep (takes the stopper's lock with
 * interrupts saved and disabled, and wakes the stopper after dropping it).
 * Return: true if the work was queued, false if @cpu is offline (or out of range) and @fn will
 * not run.
 */
bool stop_one_cpu_nowait(unsigned int cpu, cpu_stop_fn_t fn, void *arg,
			 struct cpu_stop_work *work_buf)
{
	if (cpu >= nr_cpu_ids)
		return false;
	*work_buf = (struct cpu_stop_work){ .fn = fn, .arg = arg };
	return cpu_stop_queue_work(cpu, work_buf);
}

/*
 * Queue @fn on every CPU of @cpumask and wait for all of them. Preemption stays off while
 * queueing: this CPU's stopper, woken first, would otherwise preempt us and spin in
 * multi_cpu_stop() for stoppers we have not queued yet.
 * Linux 6.1: split into queue_stop_cpus_work(), __stop_cpus() and this; one function here, as
 * stop_machine_cpuslocked() is its only caller.
 */
static int stop_cpus(const struct cpumask *cpumask, cpu_stop_fn_t fn, void *arg)
{
	struct cpu_stop_done done;
	unsigned int cpu;

	mutex_lock(&stop_cpus_mutex);
	cpu_stop_init_done(&done, cpumask_weight(cpumask));
	preempt_disable();
	for_each_cpu(cpu, cpumask) {
		struct cpu_stop_work *work = &per_cpu(cpu_stopper.stop_work, cpu);

		work->fn = fn;
		work->arg = arg;
		work->done = &done;
		cpu_stop_queue_work(cpu, work);
	}
	preempt_enable();
	wait_for_completion(&done.completion);
	mutex_unlock(&stop_cpus_mutex);
	return done.executed ? done.ret : -ENOENT;
}

static int cpu_stop_should_run(unsigned int cpu)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);
	unsigned long flags;
	int run;

	spin_lock_irqsave(&stopper->lock, flags);
	run = !list_empty(&stopper->works);
	spin_unlock_irqrestore(&stopper->lock, flags);
	return run;
}

/*
 * The thread_fn: run every queued work, oldest first. A work runs with preemption off (it must
 * not sleep; nothing may preempt the stopper anyway). O(1) per work plus the work itself.
 */
static void cpu_stopper_thread(unsigned int cpu)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);
	struct cpu_stop_work *work;

	for (;;) {
		struct cpu_stop_done *done;
		int ret;

		work = NULL;
		spin_lock_irq(&stopper->lock);
		if (!list_empty(&stopper->works)) {
			work = list_first_entry(&stopper->works, struct cpu_stop_work, list);
			list_del_init(&work->list);
		}
		spin_unlock_irq(&stopper->lock);
		if (!work)
			return;

		done = work->done;
		preempt_disable();
		ret = work->fn(work->arg);
		if (done) {
			if (ret)
				done->ret = ret;
			done->executed = true;
			cpu_stop_signal_done(done);
		}
		preempt_enable();
	}
}

/**
 * stop_machine_park - disable a CPU's stopper and have it park
 * @cpu: the CPU going down (the caller's)
 *
 * Called by the stopper itself from take_cpu_down(): kthread_park() of current only sets the
 * flag, and smpboot_thread_fn() parks once the work returns. From now on works queued for @cpu
 * are refused.
 *
 * Context: migration/@cpu, inside stop_machine with interrupts off; does not sleep.
 * Return: nothing.
 */
void stop_machine_park(unsigned int cpu)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);

	stopper->enabled = false;
	kthread_park(stopper->thread);
}

/* Created parked: make it @cpu's stop-class task (shown as FIFO 99). */
static void cpu_stop_create(unsigned int cpu)
{
	sched_set_stop_task(cpu, per_cpu(cpu_stopper.thread, cpu));
}

/* Parking happens after stop_machine_park() disabled the queue, so nothing can be left. */
static void cpu_stop_park(unsigned int cpu)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);

	WARN_ON(!list_empty(&stopper->works));
}

/**
 * stop_machine_unpark - enable a CPU's stopper and unpark it
 * @cpu: the CPU coming up
 *
 * From now on works can be queued for @cpu. Called by cpuhp_online_idle() on the new CPU, and
 * by cpu_stop_init() for the boot CPU.
 *
 * Context: the AP before its idle loop (interrupts off) or boot; does not sleep when the thread
 * is already off its CPU, which it is on these paths.
 * Return: nothing.
 */
void stop_machine_unpark(unsigned int cpu)
{
	struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);

	stopper->enabled = true;
	kthread_unpark(stopper->thread);
}

/* selfparking: smpboot neither parks nor unparks it; kernel/cpu.c does, through
 * stop_machine_park() and stop_machine_unpark(), at the points of the hotplug sequence where
 * Linux does. */
static struct smp_hotplug_thread cpu_stop_threads = {
	.store			= &cpu_stopper.thread,
	.thread_should_run	= cpu_stop_should_run,
	.thread_fn		= cpu_stopper_thread,
	.thread_comm		= "migration/%u",
	.create			= cpu_stop_create,
	.park			= cpu_stop_park,
	.selfparking		= true,
};

/**
 * cpu_stop_init - set up every CPU's stopper and create migration/N
 *
 * Registers the stopper threads with smpboot and enables the boot CPU's; stop_machine() uses
 * the stoppers from then on.
 *
 * Linux 6.1: a static early_initcall; Spindle has no initcalls, so kernel_init() calls it.
 *
 * Context: boot, process context (kthreadd running); sleeps; panics if the threads cannot be
 * created.
 * Return: nothing.
 */
void cpu_stop_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct cpu_stopper *stopper = &per_cpu(cpu_stopper, cpu);

		spin_lock_init(&stopper->lock);
		INIT_LIST_HEAD(&stopper->works);
	}
	if (smpboot_register_percpu_thread(&cpu_stop_threads))
		panic("cpu_stop_init: cannot create migration/%u", smp_processor_id());
	stop_machine_unpark(smp_processor_id());
	stop_machine_initialized = true;
}

/**
 * stop_machine_cpuslocked - freeze the machine on all online CPUs and run a function
 * @fn: the function to run, with every online CPU in its stopper with interrupts off
 * @data: its argument
 * @cpus: the CPUs that run @fn; NULL means the first online CPU
 *
 * Every online CPU's stopper joins in multi_cpu_stop(); they go through the states together, so
 * while @fn runs no task runs anywhere and no CPU takes interrupts. Before the stoppers exist
 * (early boot), @fn simply runs here with interrupts off. Spindle's fault point
 * (fail_stop_machine) can make it fail with -ENOENT, @fn not run anywhere.
 *
 * Linux 6.1: has no fault point here; Spindle's lets the fault-injection tests walk the callers'
 * error paths (takedown_cpu()).
 *
 * Context: process context; sleeps; the caller holds the CPU hotplug lock (cpus_read_lock() or
 * the hotplug writer's hold), so the online mask cannot change; takes stop_cpus_mutex.
 * Return: 0 or the last non-zero value @fn returned on a CPU of @cpus; -ENOENT if it ran nowhere.
 */
int stop_machine_cpuslocked(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus)
{
	struct multi_stop_data msdata = {
		.fn = fn,
		.data = data,
		.num_threads = num_online_cpus(),
		.active_cpus = cpus,
	};
	unsigned long flags;
	int ret;

	if (!stop_machine_initialized) {
		/* Before the stoppers exist only this CPU runs: interrupts off is enough. */
		local_irq_save(flags);
		ret = fn(data);
		local_irq_restore(flags);
		return ret;
	}
	/* Spindle's fault point: fail as stop_cpus() does when a stopper cannot take the work,
	 * with @fn not run anywhere, so callers' error paths (takedown_cpu()) can be walked. */
	if (should_fail_stop_machine())
		return -ENOENT;
	set_state(&msdata, MULTI_STOP_PREPARE);
	return stop_cpus(cpu_online_mask, multi_cpu_stop, &msdata);
}

/**
 * stop_machine - freeze the machine on all online CPUs and run a function
 * @fn: the function to run
 * @data: its argument
 * @cpus: the CPUs that run @fn; NULL means the first online CPU
 *
 * stop_machine_cpuslocked() with cpus_read_lock() taken around it.
 *
 * Context: process context; sleeps; the caller must not hold the CPU hotplug lock.
 * Return: as stop_machine_cpuslocked().
 */
int stop_machine(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus)
{
	int ret;

	might_sleep();
	cpus_read_lock();
	ret = stop_machine_cpuslocked(fn, data, cpus);
	cpus_read_unlock();
	return ret;
}
