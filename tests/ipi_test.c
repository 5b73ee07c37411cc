/* Self-tests of the IPIs: cross-CPU function calls reach exactly the CPUs asked for, once, and
 * are counted on the receiver only; the reschedule IPI; the TLB shootdown of a vfree'd page on
 * every CPU; show_cpu_stats' columns and idle time. Cases needing a second CPU skip on one. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpu_stats.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/hardirq.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <ktest.h>

/* Attempts for a counter check: an IPI some other code sends meanwhile (a shootdown, a wake-up)
 * shows up on a CPU that must stay unchanged; a real bug shows up in every attempt. */
#define COUNT_ATTEMPTS	3

struct call_record {
	int hits[NR_CPUS];		/* runs of the function on each CPU */
	int last_cpu;
	bool irqs_were_off;
	bool in_hardirq_seen;
	struct completion done;
};

static void record_call(void *data)
{
	struct call_record *r = data;
	int cpu = smp_processor_id();

	__atomic_add_fetch(&r->hits[cpu], 1, __ATOMIC_RELAXED);
	WRITE_ONCE(r->last_cpu, cpu);
	if (irqs_disabled())
		WRITE_ONCE(r->irqs_were_off, true);
	if (in_hardirq())
		WRITE_ONCE(r->in_hardirq_seen, true);
}

static void record_call_complete(void *data)
{
	struct call_record *r = data;

	record_call(data);
	complete(&r->done);
}

static void require_cpus(struct ktest *test, unsigned int n)
{
	if (num_online_cpus() < n)
		ktest_skip(test, "needs %u online CPUs, %u online", n, num_online_cpus());
}

static int total_hits(const struct call_record *r)
{
	int n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += READ_ONCE(r->hits[cpu]);
	return n;
}

typedef unsigned long irq_counts_t[NR_CPUS];

/* offset: an irq_cpustat_t member. */
static void snap_counts(irq_counts_t out, size_t offset)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		out[cpu] = READ_ONCE(*(unsigned long *)((char *)&per_cpu(irq_stat, cpu) + offset));
}

#define SNAP(out, member)	snap_counts(out, offsetof(irq_cpustat_t, member))

/* Whether any CPU but @except changed between the two snapshots. */
static bool others_changed(const irq_counts_t a, const irq_counts_t b, unsigned int except)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu != except && a[cpu] != b[cpu])
			return true;
	return false;
}

/* Local: run directly, interrupts off, no IPI sent. */
static void single_call_on_self_runs_directly(struct ktest *test)
{
	struct call_record r = {};
	irq_counts_t before, after;
	unsigned int self;
	int ret;

	preempt_disable();
	self = smp_processor_id();
	SNAP(before, irq_call_count);
	ret = smp_call_function_single(self, record_call, &r, 1);
	SNAP(after, irq_call_count);
	preempt_enable();
	KTEST_EXPECT_EQ(test, ret, 0);
	KTEST_EXPECT_EQ(test, r.hits[self], 1);
	KTEST_EXPECT_EQ(test, total_hits(&r), 1);
	KTEST_EXPECT_TRUE(test, r.irqs_were_off);
	KTEST_EXPECT_FALSE(test, r.in_hardirq_seen);
	KTEST_EXPECT_UEQ(test, after[self], before[self]);
}

/* wait=1: when the call returns, the function has run, on the target, once, in its IPI. */
static void single_call_runs_on_target_once(struct ktest *test)
{
	unsigned int self, cpu;

	require_cpus(test, 2);
	preempt_disable();
	self = smp_processor_id();
	for_each_online_cpu(cpu) {
		struct call_record r = { .last_cpu = -1 };
		int ret;

		if (cpu == self)
			continue;
		ret = smp_call_function_single(cpu, record_call, &r, 1);
		KTEST_EXPECT_EQ(test, ret, 0);
		KTEST_EXPECT_EQ(test, READ_ONCE(r.last_cpu), (int)cpu);
		KTEST_EXPECT_EQ(test, READ_ONCE(r.hits[cpu]), 1);
		KTEST_EXPECT_EQ(test, total_hits(&r), 1);
		KTEST_EXPECT_TRUE(test, r.irqs_were_off);
		KTEST_EXPECT_TRUE(test, r.in_hardirq_seen);
	}
	preempt_enable();
}

/* wait=0 returns at once; the function signals a completion from the target. */
static void single_call_nowait_completes(struct ktest *test)
{
	unsigned int cpu;

	require_cpus(test, 2);
	for_each_online_cpu(cpu) {
		struct call_record r = { .last_cpu = -1 };
		unsigned long left;
		int ret;

		if (cpu == smp_processor_id())
			continue;
		init_completion(&r.done);
		ret = smp_call_function_single(cpu, record_call_complete, &r, 0);
		KTEST_EXPECT_EQ(test, ret, 0);
		left = wait_for_completion_timeout(&r.done, msecs_to_jiffies(1000));
		KTEST_ASSERT_NE(test, left, 0UL);
		KTEST_EXPECT_EQ(test, READ_ONCE(r.last_cpu), (int)cpu);
		KTEST_EXPECT_EQ(test, total_hits(&r), 1);
	}
}

/* A CPU number that is not online is refused, and nothing runs anywhere. */
static void single_call_to_offline_cpu_refused(struct ktest *test)
{
	struct call_record r = {};

	KTEST_EXPECT_EQ(test, smp_call_function_single(nr_cpu_ids, record_call, &r, 1), -ENXIO);
	KTEST_EXPECT_EQ(test, smp_call_function_single(-1, record_call, &r, 0), -ENXIO);
	KTEST_EXPECT_EQ(test, total_hits(&r), 0);
}

/* Waiting with interrupts off could deadlock against a CPU calling us: refused with a WARN. */
static void single_call_with_irqs_off_refused(struct ktest *test)
{
	struct call_record r = {};
	unsigned long flags, warns = warn_count_read();
	unsigned int target;
	int ret;

	require_cpus(test, 2);
	local_irq_save(flags);
	target = smp_processor_id() == 0 ? cpumask_next(0, cpu_online_mask) : 0;
	ret = smp_call_function_single(target, record_call, &r, 1);
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(test, ret, -EDEADLK);
	KTEST_EXPECT_EQ(test, total_hits(&r), 0);
	/* WARN_ONCE: the first refusal since boot reports, later ones only refuse. */
	KTEST_EXPECT_LE(test, warn_count_read() - warns, 1UL);
}

struct hold {
	int spinning;
	int release;
};

/* Keep the target inside its IPI (interrupts off) until released, 1 s at most. */
static void hold_cpu(void *data)
{
	struct hold *h = data;
	u64 start = sched_clock();

	WRITE_ONCE(h->spinning, 1);
	while (!READ_ONCE(h->release) && sched_clock() - start < 1000000000ULL)
		cpu_relax();
}

/*
 * The async call with a csd the caller owns: while it waits in the target's queue (the target is
 * held inside an earlier IPI) a second submission of the same csd is refused with -EBUSY; once
 * released, the target runs it exactly once.
 */
static void single_call_async_busy_until_run(struct ktest *test)
{
	struct call_record r = { .last_cpu = -1 };
	call_single_data_t csd = CSD_INIT(record_call, &r);
	struct hold h = {};
	unsigned int target;
	int first, second;
	u64 start;

	require_cpus(test, 2);
	preempt_disable();
	target = smp_processor_id() == 0 ? cpumask_next(0, cpu_online_mask) : 0;
	KTEST_EXPECT_EQ(test, smp_call_function_single(target, hold_cpu, &h, 0), 0);
	start = sched_clock();
	while (!READ_ONCE(h.spinning) && sched_clock() - start < 1000000000ULL)
		cpu_relax();
	first = smp_call_function_single_async(target, &csd);
	second = smp_call_function_single_async(target, &csd);
	WRITE_ONCE(h.release, 1);
	start = sched_clock();
	while (!READ_ONCE(r.hits[target]) && sched_clock() - start < 1000000000ULL)
		cpu_relax();
	preempt_enable();
	KTEST_EXPECT_EQ(test, READ_ONCE(h.spinning), 1);
	KTEST_EXPECT_EQ(test, first, 0);
	KTEST_EXPECT_EQ(test, second, -EBUSY);
	KTEST_EXPECT_EQ(test, READ_ONCE(r.last_cpu), (int)target);
	KTEST_EXPECT_EQ(test, total_hits(&r), 1);
}

/* N calls to one CPU raise that CPU's function-call count by N, and no other CPU's. */
static void call_ipi_counted_on_target_only(struct ktest *test)
{
	enum { N = 5 };
	unsigned int target, self;

	require_cpus(test, 2);
	for_each_online_cpu(target) {
		irq_counts_t before, after;
		struct call_record r = {};
		int attempt = 0;

		do {
			preempt_disable();
			self = smp_processor_id();
			if (target == self) {
				preempt_enable();
				break;
			}
			memset(r.hits, 0, sizeof(r.hits));
			SNAP(before, irq_call_count);
			for (int i = 0; i < N; i++)
				smp_call_function_single(target, record_call, &r, 1);
			SNAP(after, irq_call_count);
			preempt_enable();
		} while (others_changed(before, after, target) && ++attempt < COUNT_ATTEMPTS);
		if (target == self)
			continue;
		KTEST_EXPECT_EQ(test, r.hits[target], N);
		KTEST_EXPECT_UEQ(test, after[target] - before[target], N);
		KTEST_EXPECT_FALSE(test, others_changed(before, after, target));
	}
}

/* A mask of every other CPU but one (and self): reaches exactly mask minus self, once each. */
static void many_reaches_mask_minus_self(struct ktest *test)
{
	struct call_record r = {};
	struct cpumask mask;
	unsigned int self, cpu, skipped = NR_CPUS;

	require_cpus(test, 2);
	preempt_disable();
	self = smp_processor_id();
	cpumask_clear(&mask);
	cpumask_set_cpu(self, &mask);
	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		/* Leave one other CPU out when there are several, to see the mask is honoured. */
		if (skipped == NR_CPUS && num_online_cpus() > 2)
			skipped = cpu;
		else
			cpumask_set_cpu(cpu, &mask);
	}
	smp_call_function_many(&mask, record_call, &r, true);
	preempt_enable();
	for_each_online_cpu(cpu) {
		int want = cpumask_test_cpu(cpu, &mask) && cpu != self;

		KTEST_EXPECT_EQ(test, r.hits[cpu], want);
	}
	KTEST_EXPECT_EQ(test, total_hits(&r), (int)cpumask_weight(&mask) - 1);
}

static bool all_hit(const struct call_record *r, const struct cpumask *mask, unsigned int self)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		if (cpu != self && !READ_ONCE(r->hits[cpu]))
			return false;
	return true;
}

/* wait=false: returns at once; every other online CPU runs the function soon after. */
static void many_nowait_reaches_every_other_cpu(struct ktest *test)
{
	struct call_record r = {};
	unsigned int self, cpu;
	u64 start;

	require_cpus(test, 2);
	preempt_disable();
	self = smp_processor_id();
	smp_call_function(record_call, &r, 0);
	start = sched_clock();
	while (!all_hit(&r, cpu_online_mask, self) && sched_clock() - start < 1000000000ULL)
		cpu_relax();
	preempt_enable();
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, READ_ONCE(r.hits[cpu]), cpu != self);
}

/* on_each_cpu: every online CPU once, this one included (directly, interrupts off). */
static void on_each_cpu_reaches_every_cpu(struct ktest *test)
{
	struct call_record r = {};
	unsigned int cpu;

	on_each_cpu(record_call, &r, 1);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, r.hits[cpu], 1);
	KTEST_EXPECT_EQ(test, total_hits(&r), (int)num_online_cpus());
	KTEST_EXPECT_TRUE(test, r.irqs_were_off);
}

static bool cpu_is_even(int cpu, void *info)
{
	return cpu % 2 == 0;
}

/* on_each_cpu_cond: only the CPUs the condition picks. */
static void on_each_cpu_cond_picks_cpus(struct ktest *test)
{
	struct call_record r = {};
	unsigned int cpu;

	on_each_cpu_cond(cpu_is_even, record_call, &r, true);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, r.hits[cpu], cpu % 2 == 0);
}

/* A reschedule IPI is counted on its target and nowhere else. */
static void reschedule_ipi_counted_on_target_only(struct ktest *test)
{
	unsigned int target;

	require_cpus(test, 2);
	for_each_online_cpu(target) {
		irq_counts_t before, after;
		int attempt = 0;
		u64 start;

		if (target == smp_processor_id())
			continue;
		do {
			SNAP(before, irq_resched_count);
			smp_send_reschedule(target);
			start = sched_clock();
			while (READ_ONCE(per_cpu(irq_stat, target).irq_resched_count) ==
				       before[target] && sched_clock() - start < 1000000000ULL)
				cpu_relax();
			SNAP(after, irq_resched_count);
		} while ((others_changed(before, after, target) || after[target] - before[target] > 1) &&
			 ++attempt < COUNT_ATTEMPTS);
		KTEST_EXPECT_UEQ(test, after[target] - before[target], 1);
		KTEST_EXPECT_FALSE(test, others_changed(before, after, target));
	}
}

#define TLB_MAGIC	0x5a5a1234c0ffee00UL

struct tlb_probe {
	unsigned long *addr;
	unsigned long seen[NR_CPUS];
	long err[NR_CPUS];
};

/* Read through the mapping on this CPU: fills the CPU's TLB entry (or, once unmapped, faults
 * into the exception-table fixup instead of oopsing). */
static void tlb_probe_read(void *data)
{
	struct tlb_probe *p = data;
	int cpu = smp_processor_id();

	p->err[cpu] = copy_from_kernel_nofault(&p->seen[cpu], p->addr, sizeof(unsigned long));
}

/*
 * Map a page, read it on every CPU (each now caches the translation), vfree it: every other CPU
 * ran a shootdown for it, and a read there now faults. Without the shootdown the other CPUs would
 * still read the freed page through their stale global TLB entries.
 */
/*
 * Keep this thread on the CPU it runs on, across a vfree() (which may sleep, so not with
 * preemption off: the lock validator's might_sleep() says so, as Linux's would). Returns the
 * CPU; unpin() restores the affinity saved in @saved.
 */
static unsigned int pin_here(struct cpumask *saved)
{
	unsigned int cpu = smp_processor_id();

	cpumask_copy(saved, &current->cpus_mask);
	set_cpus_allowed_ptr(current, cpumask_of(cpu));
	/* A move, if one came between the two lines above, happens at the next sleep. */
	while (smp_processor_id() != cpu)
		schedule_timeout_uninterruptible(1);
	return cpu;
}

static void unpin(const struct cpumask *saved)
{
	set_cpus_allowed_ptr(current, saved);
}

static void tlb_shootdown_on_vfree(struct ktest *test)
{
	struct tlb_probe p = {};
	irq_counts_t before, after;
	unsigned int self, cpu;
	struct cpumask saved;

	require_cpus(test, 2);
	p.addr = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, p.addr);
	*p.addr = TLB_MAGIC;
	on_each_cpu(tlb_probe_read, &p, 1);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(test, p.err[cpu], 0L);
		KTEST_EXPECT_UEQ(test, p.seen[cpu], TLB_MAGIC);
	}

	self = pin_here(&saved);
	SNAP(before, irq_tlb_count);
	vfree(p.addr);
	SNAP(after, irq_tlb_count);
	unpin(&saved);
	for_each_online_cpu(cpu)
		if (cpu != self)
			KTEST_EXPECT_UGE(test, after[cpu] - before[cpu], 1);

	memset(p.seen, 0, sizeof(p.seen));
	on_each_cpu(tlb_probe_read, &p, 1);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(test, p.err[cpu], (long)-EFAULT);
		KTEST_EXPECT_UEQ(test, p.seen[cpu], 0);
	}
}

/* The local flush is no shootdown: one CPU alone counts none. */
static void tlb_flush_alone_counts_nothing(struct ktest *test)
{
	irq_counts_t before, after;
	unsigned long *v = vmalloc(PAGE_SIZE);
	unsigned int self;
	struct cpumask saved;

	KTEST_ASSERT_NOT_NULL(test, v);
	self = pin_here(&saved);
	SNAP(before, irq_tlb_count);
	vfree(v);
	SNAP(after, irq_tlb_count);
	unpin(&saved);
	KTEST_EXPECT_UEQ(test, after[self], before[self]);
}

/* The header names one column per online CPU, and each row has one number per online CPU. */
static void show_cpu_stats_has_column_per_cpu(struct ktest *test)
{
	static char log[32768];
	unsigned int cpu, ncols = 0, nnums = 0;
	char *header, *row, *p, *eol;
	size_t n;

	show_cpu_stats();
	n = log_buf_copy(log, sizeof(log) - 1);
	log[n] = '\0';
	header = NULL;
	for (p = log; (p = strstr(p, "cpu stats:")); p++)
		header = p;
	KTEST_ASSERT_NOT_NULL(test, header);
	eol = strchr(header, '\n');
	KTEST_ASSERT_NOT_NULL(test, eol);
	*eol = '\0';
	for_each_online_cpu(cpu) {
		char name[16];

		snprintf(name, sizeof(name), " CPU%u", cpu);
		KTEST_EXPECT_NOT_NULL(test, strstr(header, name));
	}
	for (p = header; (p = strstr(p, "CPU")); p += 3)
		ncols++;
	KTEST_EXPECT_EQ(test, ncols, num_online_cpus());

	row = strstr(eol + 1, "context switches");
	KTEST_ASSERT_NOT_NULL(test, row);
	eol = strchr(row, '\n');
	if (eol)
		*eol = '\0';
	for (p = row + strlen("context switches"); *p; p++)
		if (*p >= '0' && *p <= '9' && (p[-1] == ' '))
			nnums++;
	KTEST_EXPECT_EQ(test, nnums, num_online_cpus());
}

#define IDLE_SLEEP_MS	50

/*
 * cpu_idle_time_ns() counts the idle period under way: while this thread sleeps, its own CPU
 * and every other online CPU (nothing else runs during the suite) gain at least half the
 * sleep, even a CPU whose idle task has not been switched out since it came up. While this
 * thread keeps its CPU busy with preemption off, that CPU gains nothing.
 */
static void idle_time_includes_period_under_way(struct ktest *test)
{
	u64 before[NR_CPUS], after[NR_CPUS], busy_before, busy_after;
	unsigned int cpu, self;

	for_each_online_cpu(cpu)
		before[cpu] = cpu_idle_time_ns(cpu);
	msleep(IDLE_SLEEP_MS);
	for_each_online_cpu(cpu) {
		after[cpu] = cpu_idle_time_ns(cpu);
		ktest_printk(test, "CPU%u: %lu ms idle, %lu ms of them during a %u ms sleep\n",
			     cpu, (unsigned long)(after[cpu] / 1000000),
			     (unsigned long)((after[cpu] - before[cpu]) / 1000000), IDLE_SLEEP_MS);
		KTEST_EXPECT_GE(test, after[cpu] - before[cpu], IDLE_SLEEP_MS / 2 * 1000000ULL);
	}

	preempt_disable();
	self = smp_processor_id();
	busy_before = cpu_idle_time_ns(self);
	mdelay(IDLE_SLEEP_MS / 2);
	busy_after = cpu_idle_time_ns(self);
	preempt_enable();
	KTEST_EXPECT_UEQ(test, busy_after, busy_before);
}

static struct ktest_case ipi_cases[] = {
	KTEST_CASE(single_call_on_self_runs_directly),
	KTEST_CASE(single_call_runs_on_target_once),
	KTEST_CASE(single_call_nowait_completes),
	KTEST_CASE(single_call_to_offline_cpu_refused),
	KTEST_CASE(single_call_with_irqs_off_refused),
	KTEST_CASE(single_call_async_busy_until_run),
	KTEST_CASE(call_ipi_counted_on_target_only),
	KTEST_CASE(many_reaches_mask_minus_self),
	KTEST_CASE(many_nowait_reaches_every_other_cpu),
	KTEST_CASE(on_each_cpu_reaches_every_cpu),
	KTEST_CASE(on_each_cpu_cond_picks_cpus),
	KTEST_CASE(reschedule_ipi_counted_on_target_only),
	KTEST_CASE(tlb_shootdown_on_vfree),
	KTEST_CASE(tlb_flush_alone_counts_nothing),
	KTEST_CASE(show_cpu_stats_has_column_per_cpu),
	KTEST_CASE(idle_time_includes_period_under_way),
	{}
};

static struct ktest_suite ipi_suite = {
	.name = "ipi",
	.cases = ipi_cases,
};
ktest_register_suite(ipi_suite);
