/* Self-tests of the per-CPU areas (per_cpu, this_cpu_* through the GS base, current), of the
 * preempt count (nesting, the HARDIRQ field inside handlers, spinlocks, in_atomic) and the lock. */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <ktest.h>

#define PERCPU_TEST_VECTOR	0xd4
#define PERCPU_TEST_MAGIC	0x5a17c0de

/* Never written: every copy must still hold the template's value. */
static DEFINE_PER_CPU(unsigned int, percpu_test_magic) = PERCPU_TEST_MAGIC;
static DEFINE_PER_CPU(u8, percpu_test_u8);
static DEFINE_PER_CPU(u16, percpu_test_u16);
static DEFINE_PER_CPU(u32, percpu_test_u32);
static DEFINE_PER_CPU(u64, percpu_test_u64);
static DEFINE_PER_CPU(unsigned long, percpu_test_shared);

static void areas_are_distinct_copies(struct ktest *test)
{
	unsigned long size = __per_cpu_end - __per_cpu_start;
	unsigned int cpu, other;

	KTEST_ASSERT_UGE(test, nr_cpu_ids, 1);
	KTEST_ASSERT_ULE(test, nr_cpu_ids, NR_CPUS);
	KTEST_EXPECT_PTR_EQ(test, (void *)&cpu_number, (void *)__per_cpu_start);
	ktest_info(test, "%u possible CPUs, %lu bytes each", nr_cpu_ids, size);
	for_each_possible_cpu(cpu) {
		unsigned long a = (unsigned long)per_cpu_ptr(&percpu_test_magic, cpu);

		KTEST_EXPECT_UNE(test, a, (unsigned long)&percpu_test_magic);
		KTEST_EXPECT_UEQ(test, per_cpu(percpu_test_magic, cpu), PERCPU_TEST_MAGIC);
		KTEST_EXPECT_UEQ(test, per_cpu(cpu_number, cpu), cpu);
		KTEST_EXPECT_UEQ(test, per_cpu(this_cpu_off, cpu), __per_cpu_offset[cpu]);
		for (other = 0; other < cpu; other++) {
			unsigned long b = (unsigned long)per_cpu_ptr(&percpu_test_magic, other);

			/* Whole areas apart, not only different addresses. */
			KTEST_EXPECT_UGE(test, a > b ? a - b : b - a, size);
		}
	}
}

static void boot_cpu_gs_base(struct ktest *test)
{
	KTEST_EXPECT_UEQ(test, smp_processor_id(), 0);
	KTEST_EXPECT_UEQ(test, rdmsr(MSR_GS_BASE), __per_cpu_offset[0]);
	KTEST_EXPECT_UEQ(test, this_cpu_read(this_cpu_off), __per_cpu_offset[0]);
	KTEST_EXPECT_PTR_EQ(test, this_cpu_ptr(&percpu_test_u64),
			    per_cpu_ptr(&percpu_test_u64, 0));
}

/* Every size of operand, against the same variable seen through per_cpu(). */
static void this_cpu_ops_match_per_cpu(struct ktest *test)
{
	unsigned int cpu = smp_processor_id();

	this_cpu_write(percpu_test_u8, 0xfe);
	this_cpu_inc(percpu_test_u8);
	KTEST_EXPECT_UEQ(test, this_cpu_read(percpu_test_u8), 0xff);
	KTEST_EXPECT_UEQ(test, per_cpu(percpu_test_u8, cpu), 0xff);

	this_cpu_write(percpu_test_u16, 1000);
	this_cpu_add(percpu_test_u16, 234);
	KTEST_EXPECT_UEQ(test, per_cpu(percpu_test_u16, cpu), 1234);

	this_cpu_write(percpu_test_u32, 10);
	this_cpu_dec(percpu_test_u32);
	this_cpu_sub(percpu_test_u32, 4);
	KTEST_EXPECT_UEQ(test, this_cpu_read(percpu_test_u32), 5);
	KTEST_EXPECT_UEQ(test, per_cpu(percpu_test_u32, cpu), 5);

	this_cpu_write(percpu_test_u64, 1UL << 40);
	for (int i = 0; i < 100; i++)
		this_cpu_inc(percpu_test_u64);
	KTEST_EXPECT_UEQ(test, per_cpu(percpu_test_u64, cpu), (1UL << 40) + 100);
	per_cpu(percpu_test_u64, cpu) = 7;
	KTEST_EXPECT_UEQ(test, this_cpu_read(percpu_test_u64), 7);
	/* The template is not this CPU's copy any more. */
	KTEST_EXPECT_UNE(test, (unsigned long)this_cpu_ptr(&percpu_test_u64),
			 (unsigned long)&percpu_test_u64);
}

#define SHARED_TASK_ADDS	200000
#define SHARED_IRQ_ADD		3
#define SHARED_IPI_EVERY	64

static volatile unsigned long shared_irq_runs;

static void shared_add_handler(struct pt_regs *regs, void *data)
{
	this_cpu_add(percpu_test_shared, SHARED_IRQ_ADD);
	shared_irq_runs++;
}

/*
 * Task context and an interrupt handler add to the same per-CPU counter, interrupts on, with
 * self-IPIs landing at arbitrary points of the task's loop. A load-add-store sequence would lose
 * the handler's update whenever one landed in the middle; the single GS-relative add cannot.
 */
static void this_cpu_add_irq_and_task_lose_nothing(struct ktest *test)
{
	unsigned long want;

	KTEST_ASSERT_TRUE(test, native_save_fl() & X86_EFLAGS_IF);
	shared_irq_runs = 0;
	this_cpu_write(percpu_test_shared, 0);
	KTEST_ASSERT_EQ(test, request_vector(PERCPU_TEST_VECTOR, shared_add_handler, NULL), 0);
	for (int i = 0; i < SHARED_TASK_ADDS; i++) {
		if (i % SHARED_IPI_EVERY == 0)
			apic_send_IPI_self(PERCPU_TEST_VECTOR);
		this_cpu_inc(percpu_test_shared);
	}
	mdelay(2);
	free_vector(PERCPU_TEST_VECTOR);
	want = SHARED_TASK_ADDS + shared_irq_runs * SHARED_IRQ_ADD;
	ktest_info(test, "%d task adds, %lu handler runs", SHARED_TASK_ADDS, shared_irq_runs);
	KTEST_EXPECT_UGT(test, shared_irq_runs, 0);
	KTEST_EXPECT_UEQ(test, this_cpu_read(percpu_test_shared), want);
}

static void preempt_count_nesting(struct ktest *test)
{
	KTEST_ASSERT_TRUE(test, native_save_fl() & X86_EFLAGS_IF);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_TRUE(test, in_task());
	KTEST_EXPECT_FALSE(test, in_atomic());
	KTEST_EXPECT_FALSE(test, in_interrupt());
	KTEST_EXPECT_FALSE(test, in_softirq());
	for (int depth = 1; depth <= 3; depth++) {
		preempt_disable();
		KTEST_EXPECT_EQ(test, preempt_count(), depth * PREEMPT_OFFSET);
		KTEST_EXPECT_TRUE(test, in_atomic());
		KTEST_EXPECT_TRUE(test, in_task());
	}
	preempt_enable();
	preempt_enable_no_resched();
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	preempt_enable();
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_FALSE(test, in_atomic());
}

struct irq_context_seen {
	int count;
	bool in_irq, in_interrupt, in_task, in_atomic;
};

static void record_context_handler(struct pt_regs *regs, void *data)
{
	struct irq_context_seen *seen = data;

	seen->count = preempt_count();
	seen->in_irq = in_irq();
	seen->in_interrupt = in_interrupt();
	seen->in_task = in_task();
	seen->in_atomic = in_atomic();
}

/* 'int $n' runs the handler synchronously, so what it saw is known right after. */
static void preempt_count_in_handler(struct ktest *test)
{
	struct irq_context_seen seen = { .count = -1 };

	KTEST_ASSERT_EQ(test, request_vector(PERCPU_TEST_VECTOR, record_context_handler, &seen), 0);
	__asm__ __volatile__("int %0" : : "i"(PERCPU_TEST_VECTOR) : "memory");
	KTEST_EXPECT_EQ(test, seen.count, HARDIRQ_OFFSET);
	KTEST_EXPECT_TRUE(test, seen.in_irq);
	KTEST_EXPECT_TRUE(test, seen.in_interrupt);
	KTEST_EXPECT_FALSE(test, seen.in_task);
	KTEST_EXPECT_TRUE(test, seen.in_atomic);

	/* The handler's field adds to what the interrupted code had. */
	preempt_disable();
	__asm__ __volatile__("int %0" : : "i"(PERCPU_TEST_VECTOR) : "memory");
	preempt_enable();
	KTEST_EXPECT_EQ(test, seen.count, HARDIRQ_OFFSET + PREEMPT_OFFSET);
	free_vector(PERCPU_TEST_VECTOR);

	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_FALSE(test, in_irq());
	KTEST_EXPECT_TRUE(test, in_task());
}

static DEFINE_SPINLOCK(percpu_test_lock);

static void spinlock_disables_preemption(struct ktest *test)
{
	unsigned long flags;

	KTEST_ASSERT_EQ(test, preempt_count(), 0);
	spin_lock(&percpu_test_lock);
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	KTEST_EXPECT_TRUE(test, in_atomic());
	/* A failed trylock leaves the count as it found it. */
	KTEST_EXPECT_FALSE(test, spin_trylock(&percpu_test_lock));
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	spin_unlock(&percpu_test_lock);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_FALSE(test, in_atomic());

	KTEST_EXPECT_TRUE(test, spin_trylock(&percpu_test_lock));
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	spin_unlock(&percpu_test_lock);

	spin_lock_irqsave(&percpu_test_lock, flags);
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	KTEST_EXPECT_FALSE(test, native_save_fl() & X86_EFLAGS_IF);
	spin_unlock_irqrestore(&percpu_test_lock, flags);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_TRUE(test, native_save_fl() & X86_EFLAGS_IF);

	spin_lock_irq(&percpu_test_lock);
	KTEST_EXPECT_EQ(test, preempt_count(), 1);
	spin_unlock_irq(&percpu_test_lock);
	KTEST_EXPECT_EQ(test, preempt_count(), 0);
	KTEST_EXPECT_FALSE(test, in_atomic());
}

/*
 * The ticket lock keeps both tickets in one word and releases with a 16-bit add on owner: at
 * the 16-bit wrap, owner must go back to 0 without carrying into next, and the lock taken next
 * must see its ticket served at once.
 */
static void ticket_lock_wraps_cleanly(struct ktest *test)
{
	spinlock_t l;

	spin_lock_init(&l);
	l.owner = 0xffff;
	l.next = 0xffff;
	KTEST_EXPECT_FALSE(test, spin_is_locked(&l));
	spin_lock(&l);
	KTEST_EXPECT_TRUE(test, spin_is_locked(&l));
	KTEST_EXPECT_UEQ(test, l.next, 0);
	spin_unlock(&l);
	KTEST_EXPECT_UEQ(test, l.owner, 0);
	KTEST_EXPECT_UEQ(test, l.next, 0);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&l));
	KTEST_EXPECT_TRUE(test, spin_trylock(&l));
	KTEST_EXPECT_FALSE(test, spin_trylock(&l));
	spin_unlock(&l);
	KTEST_EXPECT_UEQ(test, l.val, 0x00010001);
}

/*
 * current is read with this_cpu_read_stable(), which the compiler may keep in a register
 * across calls (here across the sleeps that move the thread). That is right only because a
 * task is current wherever it runs: after moving this thread to another CPU, that CPU's
 * current_task must be the value read before the move.
 */
static void current_follows_migration(struct ktest *test)
{
	struct task_struct *self = current;
	unsigned int from = smp_processor_id(), to;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs, %u online", num_online_cpus());
	to = cpumask_next(from, cpu_online_mask);
	if (to >= nr_cpu_ids)
		to = cpumask_first(cpu_online_mask);
	KTEST_ASSERT_EQ(test, set_cpus_allowed_ptr(self, cpumask_of(to)), 0);
	/* A running task may move only at its next wake-up: sleep until it has. */
	for (int i = 0; i < 100 && smp_processor_id() != to; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_ASSERT_EQ(test, smp_processor_id(), to);
	KTEST_EXPECT_PTR_EQ(test, current, self);
	KTEST_EXPECT_PTR_EQ(test, per_cpu(current_task, to), self);
	KTEST_EXPECT_PTR_EQ(test, this_cpu_read(current_task), self);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(self, cpu_online_mask), 0);
}

static struct ktest_case percpu_cases[] = {
	KTEST_CASE(areas_are_distinct_copies),
	KTEST_CASE(boot_cpu_gs_base),
	KTEST_CASE(this_cpu_ops_match_per_cpu),
	KTEST_CASE(this_cpu_add_irq_and_task_lose_nothing),
	KTEST_CASE(preempt_count_nesting),
	KTEST_CASE(preempt_count_in_handler),
	KTEST_CASE(spinlock_disables_preemption),
	KTEST_CASE(ticket_lock_wraps_cleanly),
	KTEST_CASE(current_follows_migration),
	{}
};

static struct ktest_suite percpu_suite = {
	.name = "percpu",
	.cases = percpu_cases,
	.boot_cpu = true,
};
ktest_register_suite(percpu_suite);
