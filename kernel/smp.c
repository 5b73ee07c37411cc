/* Generic cross-CPU function calls, as Linux's kernel/smp.c: a request (call_single_data) is
 * pushed on the target's lock-free call_single_queue and an IPI makes the target run it. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/llist.h>
#include <linux/panic.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/sched/clock.h>
#include <linux/time.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include "smpboot.h"

/* How long a sender waits for a target before saying so (it keeps waiting: the csd may live
 * on its stack, which the target is about to write). */
#define CSD_LOCK_TIMEOUT_NS	(5ULL * NSEC_PER_SEC)

/* What smp_call_function_many() uses: one csd per possible target, so a call to many CPUs
 * allocates nothing; the mask remembers whom to wait for. */
struct call_function_data {
	call_single_data_t csd[NR_CPUS];
	struct cpumask cpumask;
};

static DEFINE_PER_CPU(struct llist_head, call_single_queue);
static DEFINE_PER_CPU(call_single_data_t, csd_data);	/* for single calls without waiting */
static DEFINE_PER_CPU(struct call_function_data, cfd_data);

/**
 * smpcfd_dying_cpu - CPUHP_AP_SMPCFD_DYING: run the cross-CPU calls still queued for @cpu
 * @cpu: the CPU going down (the caller's)
 *
 * Their IPIs may not have arrived: the CPU has had interrupts off in stop_machine since before
 * it left the online mask. None can be queued after that: the senders test the mask with
 * preemption off, so not while stop_machine runs.
 *
 * Linux 6.1: also runs the CPU's pending irq_work here; Spindle has no irq_work.
 *
 * Context: take_cpu_down() on @cpu, interrupts off.
 * Return: 0.
 */
int smpcfd_dying_cpu(unsigned int cpu)
{
	flush_smp_call_function_queue();
	return 0;
}

/*
 * Spin until the target has released @csd. O(time the target takes): it runs the queue as soon
 * as its interrupts are on. A target that never answers is reported once, with the function.
 */
static void csd_lock_wait(call_single_data_t *csd, int cpu)
{
	u64 start = sched_clock();
	bool reported = false;

	while (__atomic_load_n(&csd->flags, __ATOMIC_ACQUIRE) & CSD_FLAG_LOCK) {
		if (!reported && sched_clock() - start > CSD_LOCK_TIMEOUT_NS) {
			pr_err("smp: CPU%d has not run %pS (queued by CPU%u) for 5 s; still waiting\n",
			       cpu, csd->func, smp_processor_id());
			reported = true;
		}
		cpu_relax();
	}
}

/* Wait until @csd is free again, then take it; @extra: CSD_FLAG_SYNCHRONOUS or 0. */
static void csd_lock(call_single_data_t *csd, int cpu, unsigned int extra)
{
	csd_lock_wait(csd, cpu);
	__atomic_store_n(&csd->flags, CSD_FLAG_LOCK | extra, __ATOMIC_RELAXED);
}

/* The release orders everything func wrote before the sender's view of the unlock. */
static void csd_unlock(call_single_data_t *csd)
{
	__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
}

/*
 * Whether waiting for (or reusing a csd from) another CPU could deadlock here: with interrupts
 * off this CPU cannot run the requests others queued for it, so two CPUs calling each other
 * would spin forever. A CPU that is not online yet receives no calls, and a panic must get
 * through whatever the state.
 */
static bool call_would_deadlock(unsigned int this_cpu)
{
	return cpu_online(this_cpu) && irqs_disabled() && !oops_in_progress;
}

/* Queue @csd on @cpu; the IPI is needed only if the queue was empty: otherwise one is already
 * on its way (or the target is in its loop and will see the new entry). O(1). */
static void __smp_call_single_queue(int cpu, call_single_data_t *csd)
{
	if (llist_add(&csd->node, &per_cpu(call_single_queue, cpu)))
		arch_send_call_function_single_ipi(cpu);
}

/**
 * generic_smp_call_function_single_interrupt - the call-function IPIs' handler
 *
 * Context: hard interrupt, interrupts off.
 * Return: nothing.
 */
void generic_smp_call_function_single_interrupt(void)
{
	flush_smp_call_function_queue();
}

/**
 * flush_smp_call_function_queue - run the requests queued for this CPU
 *
 * Oldest first. A waited-for request is released after its function (the sender's wait means
 * "it has run"); the others before, so the function may queue its own csd again. O(requests
 * queued).
 *
 * Linux 6.1: runs the waited-for requests first, then the others, and the wake-up entries
 * queued on the same list; Spindle queues no wake-ups here and keeps the order of arrival.
 *
 * Context: interrupts off: the IPI handler, and the dying CPU's smpcfd step.
 * Return: nothing.
 */
void flush_smp_call_function_queue(void)
{
	struct llist_node *entry = llist_del_all(this_cpu_ptr(&call_single_queue));
	call_single_data_t *csd, *next;

	entry = llist_reverse_order(entry);
	llist_for_each_entry_safe(csd, next, entry, node) {
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		if (csd->flags & CSD_FLAG_SYNCHRONOUS) {
			func(info);
			csd_unlock(csd);
		} else {
			csd_unlock(csd);
			func(info);
		}
	}
}

static bool cpu_is_target(int cpu)
{
	return cpu >= 0 && (unsigned int)cpu < nr_cpu_ids && cpu_online(cpu);
}

/**
 * smp_call_function_single - run a function on a specific CPU
 * @cpu: the CPU to run on
 * @func: the function; it runs in the target's IPI handler, interrupts off, and must not sleep
 * @info: its argument
 * @wait: if true, wait until @func has completed on @cpu
 *
 * On the caller's own CPU @func runs at once, with interrupts off. Without @wait, this CPU's
 * single csd is used, so a call waits for the previous unwaited one to have started.
 *
 * Linux 6.1: warns about a call with interrupts off and makes it anyway; Spindle refuses it
 * with -EDEADLK, as two CPUs calling each other so would wait for ever (tests/ipi_test.c).
 *
 * Context: any context with interrupts on (or a CPU not yet online, or during a panic); does not
 * sleep, but spins while waiting.
 * Return: 0, -ENXIO if @cpu is not an online CPU, -EDEADLK if refused with interrupts off.
 */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	call_single_data_t csd_stack = {
		.flags = CSD_FLAG_LOCK | CSD_FLAG_SYNCHRONOUS,
	};
	call_single_data_t *csd = &csd_stack;
	unsigned int this_cpu;
	unsigned long flags;
	int err = 0;

	preempt_disable();
	this_cpu = smp_processor_id();
	if (cpu == (int)this_cpu) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
		goto out;
	}
	if (!cpu_is_target(cpu)) {
		err = -ENXIO;
		goto out;
	}
	if (WARN_ONCE(call_would_deadlock(this_cpu),
		      "smp_call_function_single(%d, %pS) with interrupts off: refused\n", cpu,
		      func)) {
		err = -EDEADLK;
		goto out;
	}
	if (!wait) {
		csd = this_cpu_ptr(&csd_data);
		csd_lock(csd, cpu, 0);
	}
	csd->func = func;
	csd->info = info;
	__smp_call_single_queue(cpu, csd);
	if (wait)
		csd_lock_wait(csd, cpu);
out:
	preempt_enable();
	return err;
}

/**
 * smp_call_function_single_async - run an asynchronous function on a specific CPU
 * @cpu: the CPU to run on
 * @csd: the request, func and info set; owned by the caller
 *
 * The caller must not touch @csd until its function has started. On the caller's own CPU the
 * function runs at once, with interrupts off.
 *
 * Context: any, interrupts off included: nothing here waits.
 * Return: 0, -EBUSY if @csd is still in flight from a previous call, -ENXIO if @cpu is not an
 * online CPU.
 */
int smp_call_function_single_async(int cpu, call_single_data_t *csd)
{
	unsigned int expected = 0;
	unsigned long flags;
	int err = 0;

	preempt_disable();
	if (!__atomic_compare_exchange_n(&csd->flags, &expected, CSD_FLAG_LOCK, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		err = -EBUSY;
		goto out;
	}
	if (cpu == (int)smp_processor_id()) {
		local_irq_save(flags);
		csd_unlock(csd);
		csd->func(csd->info);
		local_irq_restore(flags);
	} else if (!cpu_is_target(cpu)) {
		csd_unlock(csd);
		err = -ENXIO;
	} else {
		__smp_call_single_queue(cpu, csd);
	}
out:
	preempt_enable();
	return err;
}

/*
 * The remote half of every mask call: queue one csd per online CPU in @mask (except this one)
 * that @cond agrees to, send the IPIs, and wait if asked. O(CPUs in the mask). Preemption is
 * off, so this CPU's cfd stays ours. Returns false if refused because waiting could deadlock.
 */
static bool smp_call_function_many_cond(const struct cpumask *mask, smp_call_func_t func,
					void *info, bool wait, smp_cond_func_t cond)
{
	unsigned int this_cpu = smp_processor_id(), cpu;
	struct call_function_data *cfd = this_cpu_ptr(&cfd_data);
	struct cpumask ipimask;

	cpumask_clear(&cfd->cpumask);
	for_each_cpu(cpu, mask)
		if (cpu != this_cpu && cpu_online(cpu) && (!cond || cond(cpu, info)))
			cpumask_set_cpu(cpu, &cfd->cpumask);
	if (cpumask_empty(&cfd->cpumask))
		return true;
	if (WARN_ONCE(call_would_deadlock(this_cpu),
		      "smp_call_function_many(%pS) with interrupts off: refused\n", func))
		return false;

	cpumask_clear(&ipimask);
	for_each_cpu(cpu, &cfd->cpumask) {
		call_single_data_t *csd = &cfd->csd[cpu];

		csd_lock(csd, cpu, wait ? CSD_FLAG_SYNCHRONOUS : 0);
		csd->func = func;
		csd->info = info;
		if (llist_add(&csd->node, &per_cpu(call_single_queue, cpu)))
			cpumask_set_cpu(cpu, &ipimask);
	}
	if (cpumask_weight(&ipimask) == 1)
		arch_send_call_function_single_ipi(cpumask_first(&ipimask));
	else if (!cpumask_empty(&ipimask))
		arch_send_call_function_ipi_mask(&ipimask);

	if (wait)
		for_each_cpu(cpu, &cfd->cpumask)
			csd_lock_wait(&cfd->csd[cpu], cpu);
	return true;
}

/**
 * smp_call_function_many - run a function on a set of other CPUs
 * @mask: the CPUs to run on; the caller's own CPU and offline ones are skipped
 * @func: the function; it runs in each target's IPI handler and must not sleep
 * @info: its argument
 * @wait: if true, wait until @func has completed on every target
 *
 * Uses this CPU's call_function_data, one csd per target, so nothing is allocated.
 *
 * Linux 6.1: warns about a call with interrupts off and makes it anyway; Spindle warns and skips
 * it, as two CPUs calling each other so would wait for ever.
 *
 * Context: any context with interrupts on; does not sleep, but spins while waiting.
 * Return: nothing.
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			    bool wait)
{
	preempt_disable();
	smp_call_function_many_cond(mask, func, info, wait, NULL);
	preempt_enable();
}

/**
 * smp_call_function - run a function on all other online CPUs
 * @func: the function
 * @info: its argument
 * @wait: if true, wait until @func has completed on every other CPU
 *
 * Context: as smp_call_function_many().
 * Return: nothing.
 */
void smp_call_function(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_many(cpu_online_mask, func, info, wait);
}

u64 smp_bringup_ns;

/**
 * smp_init - make the idle tasks and cpuhp/N, then bring the other CPUs up
 *
 * Linux 6.1: neither times the bring-up nor says what limited it, and calls smp_cpus_done();
 * Spindle's report line gives the time (smp_bringup_ns, for the smp self-test) and the counts.
 *
 * Context: kernel_init, once kthreadd runs (the smpboot threads need it) and smp_prepare_cpus() has
 * numbered the CPUs, before the self-tests.
 * Return: nothing; a CPU that fails is reported and stays down.
 */
void smp_init(void)
{
	unsigned int max_cpus = max(setup_max_cpus, 1U);
	u64 start = sched_clock();

	idle_threads_init();
	cpuhp_threads_init();
	bringup_nonboot_cpus(max_cpus);
	smp_bringup_ns = sched_clock() - start;
	pr_info("smp: Brought up %u CPUs in %lu.%lu ms (%u present, %u possible%s)\n",
		num_online_cpus(), (unsigned long)(smp_bringup_ns / NSEC_PER_MSEC),
		(unsigned long)(smp_bringup_ns / 100000 % 10),
		num_present_cpus(), nr_cpu_ids,
		max_cpus < num_present_cpus() ? ", limited by nosmp/maxcpus=" : "");
}

/**
 * on_each_cpu_cond_mask - run a function on the online CPUs of @mask for which @cond holds
 * @cond: asked for each CPU, on the calling CPU with preemption off; NULL for every CPU
 * @func: the function; on this CPU it runs with interrupts off
 * @info: the argument of both
 * @wait: if true, wait until @func has completed on every other CPU
 * @mask: the CPUs to consider, this one included if in it
 *
 * The other CPUs first, so they work while this one runs its own share. on_each_cpu(),
 * on_each_cpu_mask() and on_each_cpu_cond() are its wrappers (linux/smp.h).
 *
 * Context: as smp_call_function_many().
 * Return: nothing.
 */
void on_each_cpu_cond_mask(smp_cond_func_t cond, smp_call_func_t func, void *info, bool wait,
			   const struct cpumask *mask)
{
	unsigned int this_cpu;
	unsigned long flags;

	preempt_disable();
	this_cpu = smp_processor_id();
	smp_call_function_many_cond(mask, func, info, wait, cond);
	if (cpumask_test_cpu(this_cpu, mask) && (!cond || cond(this_cpu, info))) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
	}
	preempt_enable();
}
