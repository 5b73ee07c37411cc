/* The smpboot framework (Linux's kernel/smpboot.c): per-CPU kernel threads that follow their CPU
 * through hotplug, all running the same loop, smpboot_thread_fn(). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include "smpboot.h"

/* Each CPU's idle task (swapper/N), made by idle_threads_init(). */
static DEFINE_PER_CPU(struct task_struct *, idle_threads);

/**
 * idle_thread_get - @cpu's idle task (swapper/N), made by idle_threads_init()
 * @cpu: the CPU
 *
 * Linux 6.1: returns ERR_PTR(-ENOMEM) for a CPU without one; NULL here, which the caller that
 * needs one (cpuhp_kick_ap_alive()) turns into -ENOMEM.
 *
 * Context: any.
 * Return: the task, or NULL if it could not be made.
 */
struct task_struct *idle_thread_get(unsigned int cpu)
{
	return per_cpu(idle_threads, cpu);
}

/**
 * idle_threads_init - make the idle task of every possible CPU
 *
 * Every idle task is made up front, so starting a CPU (at boot or after hotplug) allocates
 * nothing. A CPU whose idle task cannot be made stays down.
 *
 * Linux 6.1: the boot CPU's entry is set by idle_thread_set_boot_cpu() from sched_init(); here
 * this function sets it, its one caller being smp_init().
 *
 * Context: boot, smp_init(), before any AP starts; sleeps (fork_idle() allocates).
 * Return: nothing; a CPU without memory for its idle task is reported.
 */
void idle_threads_init(void)
{
	unsigned int cpu, boot = smp_processor_id();

	per_cpu(idle_threads, boot) = idle_task(boot);
	for_each_possible_cpu(cpu) {
		struct task_struct *idle;

		if (cpu == boot || per_cpu(idle_threads, cpu))
			continue;
		idle = fork_idle(cpu);
		if (IS_ERR(idle)) {
			pr_err("smp: no memory for the idle task of CPU %u\n", cpu);
			continue;
		}
		per_cpu(idle_threads, cpu) = idle;
	}
}

/*
 * Every registered smp_hotplug_thread, newest first: registration uses list_add() (the head), as
 * Linux does. A CPU brought up later gets its threads created in list order, so in the reverse
 * order of registration (cpuhp/N, migration/N, ksoftirqd/N), and parked in the reverse of that
 * when it goes down: the last thread set up is the first torn down.
 */
static LIST_HEAD(hotplug_threads);
/*
 * smpboot_threads_lock protects hotplug_threads and each thread's ht->store slots: it is held
 * while threads are created, unparked, parked or stopped, so a registration and a hotplug step
 * never interleave. A mutex: taken in process context only, never from interrupts, and the
 * holder sleeps (it creates, parks and stops threads under it).
 */
static DEFINE_MUTEX(smpboot_threads_lock);

/* What each thread knows about itself, freed by the thread when it is stopped. */
struct smpboot_thread_data {
	unsigned int cpu;
	unsigned int status;
	struct smp_hotplug_thread *ht;
};

enum {
	HP_THREAD_NONE = 0,	/* created; setup() not called yet */
	HP_THREAD_ACTIVE,	/* setup() (or unpark()) done: thread_fn may run */
	HP_THREAD_PARKED,	/* park() done: unpark() is due when it runs again */
};

/*
 * The loop of Linux's kernel/smpboot.c smpboot_thread_fn(). Each pass sets TASK_INTERRUPTIBLE
 * first, then looks at stop, park and work: a wake-up (for work, stop or park) that comes after the
 * state was set turns it back to RUNNING, so schedule() returns at once and nothing is missed.
 * Preemption is off from the state change to the decision so that a preemption there cannot leave
 * the thread switched out in a sleeping state it did not mean to sleep in yet.
 */
static int smpboot_thread_fn(void *data)
{
	struct smpboot_thread_data *td = data;
	struct smp_hotplug_thread *ht = td->ht;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		preempt_disable();
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			preempt_enable();
			/* cleanup mirrors setup: only a thread that was set up is cleaned up. */
			if (ht->cleanup && td->status != HP_THREAD_NONE)
				ht->cleanup(td->cpu, cpu_online(td->cpu));
			kfree(td);
			return 0;
		}

		if (kthread_should_park()) {
			__set_current_state(TASK_RUNNING);
			preempt_enable();
			if (ht->park && td->status == HP_THREAD_ACTIVE) {
				BUG_ON(td->cpu != smp_processor_id());
				ht->park(td->cpu);
				td->status = HP_THREAD_PARKED;
			}
			kthread_parkme();
			/* Unparked, or woken to be stopped: look again. */
			continue;
		}

		BUG_ON(td->cpu != smp_processor_id());

		switch (td->status) {
		case HP_THREAD_NONE:
			__set_current_state(TASK_RUNNING);
			preempt_enable();
			if (ht->setup)
				ht->setup(td->cpu);
			td->status = HP_THREAD_ACTIVE;
			continue;
		case HP_THREAD_PARKED:
			__set_current_state(TASK_RUNNING);
			preempt_enable();
			if (ht->unpark)
				ht->unpark(td->cpu);
			td->status = HP_THREAD_ACTIVE;
			continue;
		}

		if (!ht->thread_should_run(td->cpu)) {
			preempt_enable_no_resched();
			schedule();
		} else {
			__set_current_state(TASK_RUNNING);
			preempt_enable();
			ht->thread_fn(td->cpu);
		}
	}
}

/*
 * Create @ht's thread for @cpu, bound to it, and park it: it reaches kthread_parkme() before its
 * loop ever runs, so it starts on its own CPU once that CPU is online and unparked.
 */
static int __smpboot_create_thread(struct smp_hotplug_thread *ht, unsigned int cpu)
{
	struct task_struct *tsk = *per_cpu_ptr(ht->store, cpu);
	struct smpboot_thread_data *td;

	if (tsk)
		return 0;
	td = kzalloc(sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	td->cpu = cpu;
	td->ht = ht;

	tsk = kthread_create_on_cpu(smpboot_thread_fn, td, cpu, ht->thread_comm);
	if (IS_ERR(tsk)) {
		kfree(td);
		return PTR_ERR(tsk);
	}
	kthread_set_per_cpu(tsk, cpu);
	kthread_park(tsk);
	get_task_struct(tsk);
	*per_cpu_ptr(ht->store, cpu) = tsk;
	if (ht->create) {
		/* create() may rely on the thread being off the run queue (as migration/N does). */
		if (!wait_task_inactive(tsk, TASK_PARKED))
			WARN_ON(1);
		else
			ht->create(cpu);
	}
	return 0;
}

/**
 * smpboot_create_threads - create the registered per-CPU threads for a CPU coming up
 * @cpu: the CPU being brought up
 *
 * The CPUHP_CREATE_THREADS step: for each registered smp_hotplug_thread that has no thread on
 * @cpu yet, creates one bound to @cpu and leaves it parked. Stops at the first failure.
 *
 * Context: process context, hotplug control (cpu_hotplug_lock held for writing); sleeps;
 * takes smpboot_threads_lock.
 * Return: 0, or the error of the first thread that could not be created.
 */
int smpboot_create_threads(unsigned int cpu)
{
	struct smp_hotplug_thread *cur;
	int ret = 0;

	mutex_lock(&smpboot_threads_lock);
	list_for_each_entry(cur, &hotplug_threads, list) {
		ret = __smpboot_create_thread(cur, cpu);
		if (ret)
			break;
	}
	mutex_unlock(&smpboot_threads_lock);
	return ret;
}

static void smpboot_unpark_thread(struct smp_hotplug_thread *ht, unsigned int cpu)
{
	struct task_struct *tsk = *per_cpu_ptr(ht->store, cpu);

	if (!ht->selfparking)
		kthread_unpark(tsk);
}

/**
 * smpboot_unpark_threads - unpark the per-CPU threads of a CPU that came online
 * @cpu: the CPU that came online
 *
 * Unparks every registered thread of @cpu except the self-parking ones, in list order (the
 * reverse of registration).
 *
 * Context: process context, hotplug control; sleeps; takes smpboot_threads_lock.
 * Return: 0.
 */
int smpboot_unpark_threads(unsigned int cpu)
{
	struct smp_hotplug_thread *cur;

	mutex_lock(&smpboot_threads_lock);
	list_for_each_entry(cur, &hotplug_threads, list)
		smpboot_unpark_thread(cur, cpu);
	mutex_unlock(&smpboot_threads_lock);
	return 0;
}

static void smpboot_park_thread(struct smp_hotplug_thread *ht, unsigned int cpu)
{
	struct task_struct *tsk = *per_cpu_ptr(ht->store, cpu);

	if (tsk && !ht->selfparking)
		kthread_park(tsk);
}

/**
 * smpboot_park_threads - park the per-CPU threads of a CPU going down
 * @cpu: the CPU going down
 *
 * Parks every registered thread of @cpu except the self-parking ones, in the reverse of the
 * creation order: the first thread a CPU got is the last one parked.
 *
 * Context: process context, hotplug control; sleeps; takes smpboot_threads_lock.
 * Return: 0.
 */
int smpboot_park_threads(unsigned int cpu)
{
	struct smp_hotplug_thread *cur;

	mutex_lock(&smpboot_threads_lock);
	list_for_each_entry_reverse(cur, &hotplug_threads, list)
		smpboot_park_thread(cur, cpu);
	mutex_unlock(&smpboot_threads_lock);
	return 0;
}

/* Every possible CPU: the parked threads of offline CPUs are stopped too. */
static void smpboot_destroy_threads(struct smp_hotplug_thread *ht)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct task_struct *tsk = *per_cpu_ptr(ht->store, cpu);

		if (tsk) {
			kthread_stop(tsk);
			put_task_struct(tsk);
			*per_cpu_ptr(ht->store, cpu) = NULL;
		}
	}
}

/**
 * smpboot_register_percpu_thread - register a per-CPU thread related to hotplug
 * @plug_thread: hotplug thread descriptor
 *
 * Creates and starts the threads on all online CPUs, then adds @plug_thread to the list that
 * later CPU bring-ups create threads from. On failure the threads already made are stopped.
 *
 * Context: process context; sleeps; takes cpu_hotplug_lock for reading and
 * smpboot_threads_lock, so the caller must hold neither.
 * Return: 0, or the error of the thread that could not be created.
 */
int smpboot_register_percpu_thread(struct smp_hotplug_thread *plug_thread)
{
	unsigned int cpu;
	int ret = 0;

	/* No CPU may come up between creating the threads of the online CPUs and joining the
	 * list that cpu_up() creates threads from: it would get none. */
	cpus_read_lock();
	mutex_lock(&smpboot_threads_lock);
	for_each_online_cpu(cpu) {
		ret = __smpboot_create_thread(plug_thread, cpu);
		if (ret) {
			smpboot_destroy_threads(plug_thread);
			goto out;
		}
		smpboot_unpark_thread(plug_thread, cpu);
	}
	list_add(&plug_thread->list, &hotplug_threads);
out:
	mutex_unlock(&smpboot_threads_lock);
	cpus_read_unlock();
	return ret;
}

/**
 * smpboot_unregister_percpu_thread - unregister a per-CPU thread related to hotplug
 * @plug_thread: hotplug thread descriptor
 *
 * Removes @plug_thread from the list and stops its threads on all possible CPUs (the parked
 * threads of offline CPUs too).
 *
 * Context: process context; sleeps; takes cpu_hotplug_lock for reading and
 * smpboot_threads_lock.
 * Return: nothing.
 */
void smpboot_unregister_percpu_thread(struct smp_hotplug_thread *plug_thread)
{
	cpus_read_lock();
	mutex_lock(&smpboot_threads_lock);
	list_del(&plug_thread->list);
	smpboot_destroy_threads(plug_thread);
	mutex_unlock(&smpboot_threads_lock);
	cpus_read_unlock();
}
