/* Self-tests for SMP bring-up (suite "smp"): the CPU masks and maxcpus=, each CPU's idle task,
 * CPU identity seen from a thread bound to it, each CPU's LAPIC tick, and threads created,
 * bound or moved to an AP running there. Cases needing a second CPU skip on one. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <ktest.h>
#include "../kernel/smpboot.h"
#include "../sched/sched.h"
#include "sched_test_util.h"

/* What a thread bound to a CPU saw there. */
struct where {
	unsigned int cpu;		/* smp_processor_id() */
	unsigned int cpu_number;	/* this_cpu_read(cpu_number) */
	u32 apic_id;			/* read from the local APIC itself */
	u32 stored_apicid;		/* this_cpu_read(x86_cpu_to_apicid) */
	struct completion done;
};

static int report_where(void *data)
{
	struct where *w = data;

	w->cpu = smp_processor_id();
	w->cpu_number = this_cpu_read(cpu_number);
	w->apic_id = read_apic_id();
	w->stored_apicid = this_cpu_read(x86_cpu_to_apicid);
	complete(&w->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void need_two_cpus(struct ktest *test)
{
	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs, %u online", num_online_cpus());
}

/* online <= present <= possible, present = the MADT's enabled CPUs, and as many online as
 * maxcpus= (or nosmp) allows, less a CPU that smpboot.dead_cpu= keeps from answering: that
 * one stays present and offline. */
static void smp_masks_match_madt_and_maxcpus(struct ktest *test)
{
	bool dead = smpboot_dead_cpu < nr_cpu_ids;
	unsigned int cpu, want = min_t(unsigned int, num_present_cpus() - dead,
				       max(setup_max_cpus, 1U));

	if (dead) {
		KTEST_EXPECT_TRUE(test, cpu_present(smpboot_dead_cpu));
		KTEST_EXPECT_FALSE(test, cpu_online(smpboot_dead_cpu));
	}
	KTEST_EXPECT_EQ(test, num_present_cpus(),
			min_t(unsigned int, acpi_madt.nr_enabled ? acpi_madt.nr_enabled : 1,
			      NR_CPUS));
	KTEST_EXPECT_EQ(test, num_online_cpus(), want);
	KTEST_EXPECT_TRUE(test, cpu_online(0));
	for_each_online_cpu(cpu)
		KTEST_EXPECT_TRUE(test, cpu_present(cpu));
	for_each_present_cpu(cpu)
		KTEST_EXPECT_TRUE(test, cpumask_test_cpu(cpu, cpu_possible_mask));
	KTEST_EXPECT_EQ(test, cpumask_weight(cpu_possible_mask), nr_cpu_ids);
}

/* Every CPU's APIC id is one the MADT lists as enabled, and no two CPUs share one. */
static void smp_apic_ids_distinct_and_from_madt(struct ktest *test)
{
	unsigned int cpu, other;

	for_each_present_cpu(cpu) {
		bool listed = false;

		for (int i = 0; i < acpi_madt.nr_cpus; i++)
			if (acpi_madt.cpus[i].enabled && acpi_madt.cpus[i].apic_id ==
			    cpu_physical_id(cpu))
				listed = true;
		KTEST_EXPECT_TRUE(test, listed);
		for_each_present_cpu(other)
			if (other != cpu)
				KTEST_EXPECT_NE(test, cpu_physical_id(cpu), cpu_physical_id(other));
	}
}

/*
 * Each online CPU runs its own idle task: PID 0, swapper/N, PF_IDLE, bound to N, no mm of its
 * own. While it runs (checked under the CPU's rq lock, which every switch holds) it borrows an
 * address space: active_mm is set.
 */
static void smp_each_cpu_has_its_idle_task(struct ktest *test)
{
	unsigned int cpu;

	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	for_each_online_cpu(cpu) {
		struct task_struct *idle = idle_task(cpu);
		struct rq *rq = cpu_rq(cpu);
		unsigned long flags;
		char comm[TASK_COMM_LEN];
		bool checked = false;

		KTEST_ASSERT_NOT_NULL(test, idle);
		snprintf(comm, sizeof(comm), "swapper/%u", cpu);
		KTEST_EXPECT_STREQ(test, idle->comm, comm);
		KTEST_EXPECT_EQ(test, idle->pid, 0);
		KTEST_EXPECT_TRUE(test, idle->flags & PF_IDLE);
		KTEST_EXPECT_NULL(test, idle->mm);
		KTEST_EXPECT_EQ(test, task_cpu(idle), cpu);
		KTEST_EXPECT_TRUE(test, cpumask_equal(&idle->cpus_mask, cpumask_of(cpu)));
		KTEST_EXPECT_EQ(test, idle_thread_get(cpu), idle);
		/* TEST_CPU is running the test, not its idle task. */
		if (cpu == TEST_CPU)
			continue;
		for (int i = 0; i < 200 && !checked; i++) {
			spin_lock_irqsave(&rq->lock, flags);
			if (rq->curr == idle) {
				KTEST_EXPECT_NOT_NULL(test, idle->active_mm);
				checked = true;
			}
			spin_unlock_irqrestore(&rq->lock, flags);
			if (!checked)
				schedule_timeout_uninterruptible(1);
		}
		KTEST_EXPECT_TRUE(test, checked);
	}
	sched_test_leave();
}

/* A thread bound to each CPU finds itself there: smp_processor_id(), the per-CPU cpu_number
 * (through that CPU's GS base) and the APIC id the MADT gives for that CPU. */
static void smp_bound_thread_sees_its_cpu(struct ktest *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct where w = { .cpu = ~0U };
		struct task_struct *p;

		init_completion(&w.done);
		p = kthread_create_on_cpu(report_where, &w, cpu, "smp_where/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		wake_up_process(p);
		wait_for_completion(&w.done);
		KTEST_EXPECT_EQ(test, w.cpu, cpu);
		KTEST_EXPECT_EQ(test, w.cpu_number, cpu);
		KTEST_EXPECT_EQ(test, w.apic_id, cpu_physical_id(cpu));
		KTEST_EXPECT_EQ(test, w.stored_apicid, cpu_physical_id(cpu));
		kthread_stop(p);
	}
}

/* Spin on this CPU, so its tick runs, until told to stop. */
static int spin_until_stopped(void *unused)
{
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

/*
 * Every online CPU's LAPIC timer interrupts and its tick runs: both per-CPU counts rise by
 * three while a thread keeps the CPU busy (an idle one stops its tick). Counted, not timed:
 * a vCPU the host did not run for a while only makes it wait longer (up to 10 s; a CPU whose
 * timer is dead never gets there).
 */
static void smp_each_cpu_ticks(struct ktest *test)
{
	unsigned long ticks[NR_CPUS], irqs[NR_CPUS], deadline;
	struct task_struct *spinner[NR_CPUS];
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		ticks[cpu] = READ_ONCE(per_cpu(tick_count, cpu));
		irqs[cpu] = READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs);
		spinner[cpu] = kthread_create_on_cpu(spin_until_stopped, NULL, cpu, "smp_spin/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, spinner[cpu]);
	}
	/* All created first: kthreadd must not have to share a CPU with a spinner. */
	for_each_online_cpu(cpu)
		wake_up_process(spinner[cpu]);
	deadline = jiffies + msecs_to_jiffies(10000);
	for_each_online_cpu(cpu)
		while ((READ_ONCE(per_cpu(tick_count, cpu)) <= ticks[cpu] + 2 ||
			READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs) <= irqs[cpu] + 2) &&
		       time_before(jiffies, deadline))
			schedule_timeout_uninterruptible(1);
	for_each_online_cpu(cpu) {
		kthread_stop(spinner[cpu]);
		KTEST_EXPECT_GT(test, READ_ONCE(per_cpu(tick_count, cpu)), ticks[cpu] + 2);
		KTEST_EXPECT_GT(test, READ_ONCE(per_cpu(irq_stat, cpu).apic_timer_irqs),
				irqs[cpu] + 2);
	}
}

/*
 * One clock for all CPUs: a TSC value read on an AP lies between two read on CPU 0 just before
 * and after it (a ping-pong through memory). With 64 CPUs on a busy host an AP may not run for
 * a while, and each round may wait its second: 60 s for the case, not the default 10. sched_clock(), jiffies and every timeout assume
 * it; a skewed AP (say, a TSC reset by INIT) would run its timers early or late.
 */
struct tsc_pingpong {
	int round;		/* CPU 0 starts a round by raising it */
	int answered;		/* the AP echoes the round after reading its TSC */
	u64 ap_tsc;
};

#define TSC_ROUNDS	20

static int tsc_echo(void *data)
{
	struct tsc_pingpong *pp = data;

	for (int r = 1; r <= TSC_ROUNDS && !kthread_should_stop(); ) {
		if (READ_ONCE(pp->round) != r) {
			cpu_relax();
			continue;
		}
		pp->ap_tsc = rdtsc_ordered();
		__atomic_store_n(&pp->answered, r, __ATOMIC_RELEASE);
		r++;
	}
	return sleep_until_stopped(0);
}

/*
 * One round: CPU 0's TSC before and after the AP's; false if the AP did not answer in 10 s.
 * The bound only catches an AP that is gone: under TCG a vCPU taking an interrupt waits for
 * QEMU's big lock, which 64 CPUs' ticks keep busy, and on a loaded host one round was seen to
 * wait more than a second (smp64 failed 2 runs in 6 with a 1 s bound at a host load of 15).
 */
static bool tsc_round(struct tsc_pingpong *pp, int r, u64 *before, u64 *after)
{
	u64 deadline = sched_clock() + 10000000000ULL;

	*before = rdtsc_ordered();
	WRITE_ONCE(pp->round, r);
	while (__atomic_load_n(&pp->answered, __ATOMIC_ACQUIRE) != r) {
		if (sched_clock() > deadline)
			return false;
		cpu_relax();
	}
	*after = rdtsc_ordered();
	return true;
}

static void smp_tsc_agrees_across_cpus(struct ktest *test)
{
	unsigned int cpu;

	need_two_cpus(test);
	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	for_each_online_cpu(cpu) {
		struct tsc_pingpong pp = { 0 };
		struct task_struct *p;
		unsigned int bad = 0;
		u64 before, after;
		int r;

		if (cpu == TEST_CPU)
			continue;
		p = kthread_create_on_cpu(tsc_echo, &pp, cpu, "smp_tsc/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
		wake_up_process(p);
		for (r = 1; r <= TSC_ROUNDS && tsc_round(&pp, r, &before, &after); r++) {
			if (pp.ap_tsc < before || pp.ap_tsc > after) {
				ktest_info(test, "CPU %u: TSC %llu outside CPU 0's [%llu, %llu]", cpu,
					   (unsigned long long)pp.ap_tsc,
					   (unsigned long long)before, (unsigned long long)after);
				bad++;
			}
		}
		kthread_stop(p);
		KTEST_EXPECT_EQ(test, r, TSC_ROUNDS + 1);
		KTEST_EXPECT_EQ(test, bad, 0U);
	}
	sched_test_leave();
}

/* kthread_bind() of a new thread to an AP, then its first wake-up: it runs there. */
static void smp_kthread_bind_to_ap_runs_there(struct ktest *test)
{
	struct where w = { .cpu = ~0U };
	unsigned int ap;
	struct task_struct *p;

	need_two_cpus(test);
	ap = cpumask_last(cpu_online_mask);
	init_completion(&w.done);
	p = kthread_create(report_where, &w, "smp_bind");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_EXPECT_EQ(test, kthread_bind(p, ap), 0);
	wake_up_process(p);
	wait_for_completion(&w.done);
	KTEST_EXPECT_EQ(test, w.cpu, ap);
	kthread_stop(p);
}

/*
 * A thread asleep on CPU 0 is given an AP's mask with set_cpus_allowed_ptr(): its next wake-up
 * (from CPU 0) runs it on the AP, and that AP was woken from idle by a reschedule IPI.
 */
static int sleep_then_report(void *data)
{
	struct where *w = data;

	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule();
	return report_where(w);
}

static void smp_sleeping_task_moved_to_idle_ap(struct ktest *test)
{
	struct where w = { .cpu = ~0U };
	unsigned long ipis;
	unsigned int ap;
	struct task_struct *p;

	need_two_cpus(test);
	/* The waker must be on CPU 0 so the wake-up of the AP is remote. */
	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	ap = cpumask_last(cpu_online_mask);
	init_completion(&w.done);
	p = create_on_test_cpu(sleep_then_report, &w, SCHED_NORMAL, 0, "smp_move");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	get_task_struct(p);
	wake_up_process(p);
	for (int i = 0; i < 100 && !wait_task_inactive(p, TASK_UNINTERRUPTIBLE); i++)
		schedule_timeout_uninterruptible(1);
	KTEST_ASSERT_EQ(test, READ_ONCE(p->__state), TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, task_cpu(p), 0U);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(p, cpumask_of(ap)), 0);
	KTEST_EXPECT_EQ(test, task_cpu(p), ap);
	/* Let the AP settle into its idle loop, so the wake-up must interrupt its hlt. */
	for (int i = 0; i < 100 && cpu_rq(ap)->curr != idle_task(ap); i++)
		schedule_timeout_uninterruptible(1);
	ipis = READ_ONCE(per_cpu(irq_stat, ap).irq_resched_count);
	wake_up_process(p);
	wait_for_completion(&w.done);
	KTEST_EXPECT_EQ(test, w.cpu, ap);
	KTEST_EXPECT_GT(test, READ_ONCE(per_cpu(irq_stat, ap).irq_resched_count), ipis);
	kthread_stop(p);
	put_task_struct(p);
	sched_test_leave();
}

/* Bringing up a CPU that is already online changes nothing; a CPU that is not present is
 * refused. */
static void smp_cpu_up_online_and_absent(struct ktest *test)
{
	unsigned int before = num_online_cpus();

	KTEST_EXPECT_EQ(test, add_cpu(0), 0);
	KTEST_EXPECT_EQ(test, add_cpu(NR_CPUS - 1 + (num_present_cpus() == NR_CPUS)), -EINVAL);
	KTEST_EXPECT_EQ(test, num_online_cpus(), before);
}

/* The boot report's bring-up time was measured, and is plausible for the CPUs brought up. */
static void smp_bringup_time_measured(struct ktest *test)
{
	if (num_online_cpus() < 2)
		ktest_skip(test, "no AP was brought up");
	KTEST_EXPECT_UGT(test, smp_bringup_ns, 0);
	KTEST_EXPECT_ULT(test, smp_bringup_ns, 10ULL * 1000 * 1000 * 1000);
}

static struct ktest_case smp_cases[] = {
	KTEST_CASE(smp_masks_match_madt_and_maxcpus),
	KTEST_CASE(smp_apic_ids_distinct_and_from_madt),
	KTEST_CASE(smp_each_cpu_has_its_idle_task),
	KTEST_CASE(smp_bound_thread_sees_its_cpu),
	KTEST_CASE(smp_each_cpu_ticks),
	KTEST_CASE_TIMEOUT(smp_tsc_agrees_across_cpus, 60),
	KTEST_CASE(smp_kthread_bind_to_ap_runs_there),
	KTEST_CASE(smp_sleeping_task_moved_to_idle_ap),
	KTEST_CASE(smp_cpu_up_online_and_absent),
	KTEST_CASE(smp_bringup_time_measured),
	{}
};

static struct ktest_suite smp_suite = {
	.name = "smp",
	.cases = smp_cases,
};
ktest_register_suite(smp_suite);
