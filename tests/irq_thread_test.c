/* Self-tests of the IRQ request API and threaded IRQs (kernel/irq/; suite "irq_thread"): the
 * thread part runs after the hard handler asks for it, in irq/N-name at SCHED_FIFO 50 under
 * kthreadd on the line's CPU; ONESHOT keeps the line masked until the thread is done; free_irq()
 * stops the thread and waits for it; the refusals are Linux's; a request that cannot allocate
 * fails cleanly wherever it fails. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/apic.h>
#include <asm/boot.h>
#include <asm/io_apic.h>
#include <asm/irq_vectors.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <ktest.h>

/*
 * An ISA IRQ no device of QEMU's pc or q35 drives (the FPU error line of old PCs), edge
 * triggered with no MADT override on either. The tests raise its vector with a self-IPI: the
 * vector is the line's whatever the IOAPIC pin does, so the hard handler runs even while the
 * line is masked, and the pin's mask bit shows what the core did with it.
 */
#define TEST_IRQ	13
#define TEST_NAME	"ktest"
/* What a thread function may wait for the test before it gives up. */
#define TEST_WAIT	(5 * HZ)

struct irq_test {
	irqreturn_t hard_ret;		/* what the hard handler returns */
	int seq;			/* handlers' order, over every CPU */
	int hard_runs, thread_runs;
	int hard_seq, thread_seq;	/* the last run's place in that order */
	bool hard_in_irq;		/* hard interrupt context, interrupts off */
	bool thread_in_task;		/* process context, interrupts on */
	struct task_struct *thread_task;
	struct completion ran;		/* the thread function ran (each run) */
	struct completion started;	/* a blocking thread function began */
	struct completion release;	/* ... and may return */
	bool line_masked_in_thread;	/* the pin's mask bit, read in the thread function */
	u32 gsi;
};

static struct irq_test *irq_test_of(struct ktest *test)
{
	return test->priv;
}

static int irq_thread_test_init(struct ktest *test)
{
	struct irq_test *t = kzalloc(sizeof(*t), GFP_KERNEL);
	u16 flags;

	if (!t)
		return -ENOMEM;
	t->hard_ret = IRQ_WAKE_THREAD;
	init_completion(&t->ran);
	init_completion(&t->started);
	init_completion(&t->release);
	t->gsi = isa_irq_to_gsi(TEST_IRQ, &flags);
	test->priv = t;
	return 0;
}

/* A case that failed halfway leaves the line free for the next one. */
static void irq_thread_test_exit(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);

	/* A case that ended on a failed ASSERT may have left its count running. */
	set_fail_nth(current, 0);
	complete_all(&t->release);
	while (irq_to_desc(TEST_IRQ)->action)
		free_irq(TEST_IRQ, irq_to_desc(TEST_IRQ)->action->dev_id);
	kfree(t);
}

static bool pin_masked(u32 gsi)
{
	u64 e;

	return ioapic_read_gsi_entry(gsi, &e) && (e & IO_APIC_REDIR_MASKED);
}

static irqreturn_t test_hard_handler(int irq, void *dev_id)
{
	struct irq_test *t = dev_id;

	t->hard_runs++;
	t->hard_seq = __atomic_add_fetch(&t->seq, 1, __ATOMIC_RELAXED);
	t->hard_in_irq = in_irq() && irqs_disabled();
	return t->hard_ret;
}

static irqreturn_t test_thread_fn(int irq, void *dev_id)
{
	struct irq_test *t = dev_id;

	t->thread_runs++;
	t->thread_seq = __atomic_add_fetch(&t->seq, 1, __ATOMIC_RELAXED);
	t->thread_in_task = !in_interrupt() && !irqs_disabled();
	t->thread_task = current;
	t->line_masked_in_thread = pin_masked(t->gsi);
	complete(&t->ran);
	return IRQ_HANDLED;
}

/* Says it started, then holds the thread (and a ONESHOT line) until the test releases it. */
static irqreturn_t test_blocking_thread_fn(int irq, void *dev_id)
{
	struct irq_test *t = dev_id;

	t->line_masked_in_thread = pin_masked(t->gsi);
	complete(&t->started);
	wait_for_completion_timeout(&t->release, TEST_WAIT);
	t->thread_runs++;
	return IRQ_HANDLED;
}

static void fire_test_irq(void)
{
	apic_send_IPI_self(ISA_IRQ_VECTOR(TEST_IRQ));
}

static struct task_struct *test_irq_thread(void)
{
	struct irqaction *action = irq_to_desc(TEST_IRQ)->action;

	return action ? action->thread : NULL;
}

/* Until @p sleeps (@state, off its CPU), 2 s at most. */
static bool wait_for_state(struct task_struct *p, unsigned int state)
{
	for (int i = 0; i < 2 * HZ; i++) {
		if (READ_ONCE(p->__state) == state && wait_task_inactive(p, state))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/*
 * IRQ_WAKE_THREAD from the hard handler runs the thread function once, after it, in the line's
 * thread with interrupts on; IRQ_HANDLED runs the hard handler alone.
 */
static void thread_runs_after_hard_handler(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	struct task_struct *thread;

	KTEST_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, test_hard_handler, test_thread_fn, 0,
						   TEST_NAME, t), 0);
	thread = test_irq_thread();
	KTEST_ASSERT_NOT_NULL(test, thread);
	KTEST_EXPECT_FALSE(test, pin_masked(t->gsi));
	KTEST_EXPECT_TRUE(test, ioapic_gsi_routed(t->gsi));

	fire_test_irq();
	KTEST_ASSERT_TRUE(test, wait_for_completion_timeout(&t->ran, TEST_WAIT));
	KTEST_EXPECT_EQ(test, t->hard_runs, 1);
	KTEST_EXPECT_EQ(test, t->thread_runs, 1);
	KTEST_EXPECT_LT(test, t->hard_seq, t->thread_seq);
	KTEST_EXPECT_TRUE(test, t->hard_in_irq);
	KTEST_EXPECT_TRUE(test, t->thread_in_task);
	KTEST_EXPECT_PTR_EQ(test, t->thread_task, thread);
	KTEST_EXPECT_STREQ(test, t->thread_task->comm, "irq/13-" TEST_NAME);

	/* Once more: the thread went back to sleep and is woken again. */
	fire_test_irq();
	KTEST_ASSERT_TRUE(test, wait_for_completion_timeout(&t->ran, TEST_WAIT));
	KTEST_EXPECT_EQ(test, t->hard_runs, 2);
	KTEST_EXPECT_EQ(test, t->thread_runs, 2);

	/* A hard handler that did it all: no thread run. */
	t->hard_ret = IRQ_HANDLED;
	fire_test_irq();
	for (int i = 0; i < HZ / 10 && t->hard_runs < 3; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_EQ(test, t->hard_runs, 3);
	KTEST_EXPECT_FALSE(test, wait_for_completion_timeout(&t->ran, HZ / 10));
	KTEST_EXPECT_EQ(test, t->thread_runs, 2);

	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);
}

/*
 * Run the blocking thread function once on a line requested with @flags: whether the pin was
 * masked while it ran (read in the thread function, and by the test while it is held) and
 * after synchronize_irq() returned.
 */
static void run_blocked_thread(struct ktest *test, unsigned long flags, irq_handler_t handler,
			       bool *masked_during, bool *masked_after)
{
	struct irq_test *t = irq_test_of(test);

	KTEST_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, handler, test_blocking_thread_fn,
						   flags, TEST_NAME, t), 0);
	KTEST_EXPECT_FALSE(test, pin_masked(t->gsi));
	fire_test_irq();
	KTEST_ASSERT_TRUE(test, wait_for_completion_timeout(&t->started, TEST_WAIT));
	*masked_during = t->line_masked_in_thread && pin_masked(t->gsi) &&
			 irqd_irq_masked(&irq_to_desc(TEST_IRQ)->irq_data);
	complete(&t->release);
	synchronize_irq(TEST_IRQ);
	/* synchronize_irq() waited for the thread function to return. */
	KTEST_EXPECT_EQ(test, t->thread_runs, 1);
	*masked_after = pin_masked(t->gsi);
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);
}

/* ONESHOT: masked from the hard handler until the thread function returned; without it the
 * line stays live while the thread runs. */
static void oneshot_masks_line_until_thread_done(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	bool during, after;

	run_blocked_thread(test, IRQF_ONESHOT, test_hard_handler, &during, &after);
	KTEST_EXPECT_TRUE(test, during);
	KTEST_EXPECT_FALSE(test, after);

	reinit_completion(&t->started);
	reinit_completion(&t->release);
	t->thread_runs = 0;
	run_blocked_thread(test, 0, test_hard_handler, &during, &after);
	KTEST_EXPECT_FALSE(test, during);
	KTEST_EXPECT_FALSE(test, after);

	/* No hard handler at all: the default one wakes the thread, ONESHOT as required. */
	reinit_completion(&t->started);
	reinit_completion(&t->release);
	t->thread_runs = 0;
	run_blocked_thread(test, IRQF_ONESHOT, NULL, &during, &after);
	KTEST_EXPECT_TRUE(test, during);
	KTEST_EXPECT_FALSE(test, after);
}

static void expect_irq_thread(struct ktest *test, struct task_struct *p, const char *comm,
			      const struct cpumask *cpus)
{
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_STREQ(test, p->comm, comm);
	KTEST_EXPECT_TRUE(test, p->flags & PF_KTHREAD);
	KTEST_EXPECT_EQ(test, p->real_parent->pid, 2);
	KTEST_EXPECT_UEQ(test, p->policy, SCHED_FIFO);
	KTEST_EXPECT_UEQ(test, p->rt_priority, 50);
	KTEST_EXPECT_TRUE(test, cpumask_equal(&p->cpus_mask, cpus));
	KTEST_EXPECT_TRUE(test, cpumask_test_cpu(task_cpu(p), cpus));
}

/*
 * irq/<N>-<name>: a kthreadd child at SCHED_FIFO 50 on the line's CPUs (CPU 0), asleep until
 * its hard handler asks; COM1's is irq/4-ttyS0.
 */
static void thread_is_fifo_50_under_kthreadd(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	struct irq_desc *desc = irq_to_desc(TEST_IRQ);

	KTEST_EXPECT_TRUE(test, cpumask_equal(desc->irq_data.effective_affinity, cpumask_of(0)));
	KTEST_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, test_hard_handler, test_thread_fn, 0,
						   TEST_NAME, t), 0);
	expect_irq_thread(test, test_irq_thread(), "irq/13-" TEST_NAME, cpumask_of(0));
	KTEST_EXPECT_STREQ(test, kthread_full_name(test_irq_thread()), "irq/13-" TEST_NAME);
	/* A hard handler alone has no thread. */
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);
	KTEST_ASSERT_EQ(test, request_irq(TEST_IRQ, test_hard_handler, 0, TEST_NAME, t), 0);
	KTEST_EXPECT_NULL(test, test_irq_thread());
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);

	if (!serial_rx_irq_enabled())
		ktest_skip(test, "no serial interrupt");
	KTEST_ASSERT_NOT_NULL(test, irq_to_desc(COM1_IRQ)->action);
	expect_irq_thread(test, irq_to_desc(COM1_IRQ)->action->thread, "irq/4-ttyS0",
			  cpumask_of(0));
}

struct free_ctx {
	struct irq_test *t;
	const void *ret;
	bool done;
};

static int free_irq_fn(void *data)
{
	struct free_ctx *c = data;

	c->ret = free_irq(TEST_IRQ, c->t);
	WRITE_ONCE(c->done, true);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/*
 * free_irq() waits for a thread function that is running, stops the thread, shuts the line
 * down (masked, unrouted) and returns the name; a second free_irq() of it is refused with
 * Linux's warning.
 */
static void free_irq_stops_thread_once(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	struct free_ctx c = { .t = t };
	struct task_struct *thread, *freer;
	unsigned long warns;

	KTEST_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, test_hard_handler,
						   test_blocking_thread_fn, 0, TEST_NAME, t), 0);
	thread = get_task_struct(test_irq_thread());
	fire_test_irq();
	KTEST_ASSERT_TRUE(test, wait_for_completion_timeout(&t->started, TEST_WAIT));

	freer = kthread_run(free_irq_fn, &c, "irq_test_free");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, freer);
	schedule_timeout_uninterruptible(HZ / 10);
	/* Held up by the thread function. */
	KTEST_EXPECT_FALSE(test, READ_ONCE(c.done));
	KTEST_EXPECT_FALSE(test, thread->flags & PF_EXITING);
	complete(&t->release);
	for (int i = 0; i < TEST_WAIT && !READ_ONCE(c.done); i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_TRUE(test, READ_ONCE(c.done));
	kthread_stop(freer);

	KTEST_EXPECT_PTR_EQ(test, c.ret, TEST_NAME);
	KTEST_EXPECT_EQ(test, t->thread_runs, 1);
	KTEST_EXPECT_TRUE(test, thread->flags & PF_EXITING);
	put_task_struct(thread);
	KTEST_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
	KTEST_EXPECT_TRUE(test, irqd_irq_disabled(&irq_to_desc(TEST_IRQ)->irq_data));
	KTEST_EXPECT_TRUE(test, pin_masked(t->gsi));
	KTEST_EXPECT_FALSE(test, ioapic_gsi_routed(t->gsi));

	warns = warn_count_read();
	KTEST_EXPECT_NULL(test, free_irq(TEST_IRQ, t));
	KTEST_EXPECT_EQ(test, warn_count_read(), warns + 1);
}

static irqreturn_t test_shared_handler(int irq, void *dev_id)
{
	int *runs = dev_id;

	(*runs)++;
	return IRQ_HANDLED;
}

struct usage {
	unsigned long pages, objects, tasks;
	int pids;
};

static void usage_read(struct usage *u)
{
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
	u->pids = READ_ONCE(init_pid_ns.nr_allocated);
}

/* A refused request's thread is stopped before the refusal returns; reaped a moment later. */
static void expect_tasks(struct ktest *test, unsigned long tasks)
{
	for (int i = 0; i < HZ && nr_tasks() != tasks; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_EQ(test, nr_tasks(), tasks);
}

/* TEST_IRQ's row of /proc/interrupts: the chip, the GSI, the flow and then just @names. */
static void expect_proc_interrupts(struct ktest *test, const char *names)
{
	char *buf = NULL, *row, *end, *found;
	char want[64];

	KTEST_ASSERT_GT(test, proc_read_path("/proc/interrupts", &buf), 0);
	snprintf(want, sizeof(want), "IO-APIC %3lu-edge      %s\n",
		 irq_to_desc(TEST_IRQ)->irq_data.hwirq, names);
	row = strstr(buf, "\n 13: ");
	end = row ? strchr(row + 1, '\n') : NULL;
	found = row ? strstr(row, want) : NULL;
	KTEST_EXPECT_NOT_NULL(test, end);
	KTEST_EXPECT_TRUE(test, found && end && found + strlen(want) == end + 1);
	if (end)
		ktest_info(test, "%.*s", (int)(end - row - 1), row + 1);
	kfree(buf);
}

/*
 * A taken line without IRQF_SHARED on both sides is -EBUSY; with it both handlers run, in
 * request order, and free_irq() takes off the one of its dev_id. /proc/interrupts names them.
 */
static void busy_line_refused_unless_shared(struct ktest *test)
{
	unsigned long tasks;
	int a = 0, b = 0;

	KTEST_ASSERT_EQ(test, request_irq(TEST_IRQ, test_shared_handler, 0, "ktest_a", &a), 0);
	KTEST_EXPECT_EQ(test, request_irq(TEST_IRQ, test_shared_handler, 0, "ktest_b", &b), -EBUSY);
	KTEST_EXPECT_EQ(test, request_irq(TEST_IRQ, test_shared_handler, IRQF_SHARED, "ktest_b",
					  &b), -EBUSY);
	expect_proc_interrupts(test, "ktest_a");
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, &a), "ktest_a");

	KTEST_ASSERT_EQ(test, request_irq(TEST_IRQ, test_shared_handler, IRQF_SHARED, "ktest_a",
					  &a), 0);
	KTEST_ASSERT_EQ(test, request_irq(TEST_IRQ, test_shared_handler, IRQF_SHARED, "ktest_b",
					  &b), 0);
	/* Sharing needs agreement on ONESHOT too; the refused request's thread goes again. */
	tasks = nr_tasks();
	KTEST_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, test_thread_fn,
						   IRQF_SHARED | IRQF_ONESHOT, "ktest_c",
						   irq_test_of(test)), -EBUSY);
	expect_tasks(test, tasks);
	expect_proc_interrupts(test, "ktest_a, ktest_b");
	fire_test_irq();
	for (int i = 0; i < HZ && b < 1; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_EQ(test, a, 1);
	KTEST_EXPECT_EQ(test, b, 1);
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, &a), "ktest_a");
	fire_test_irq();
	for (int i = 0; i < HZ && b < 2; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_EQ(test, a, 1);
	KTEST_EXPECT_EQ(test, b, 2);
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, &b), "ktest_b");
	KTEST_EXPECT_FALSE(test, ioapic_gsi_routed(irq_test_of(test)->gsi));
}

/* Linux's -EINVAL cases; none leaves anything on the line, or a thread behind. */
static void bad_arguments_are_einval(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	unsigned long tasks;

	KTEST_EXPECT_EQ(test, request_irq(NR_IRQS, test_hard_handler, 0, TEST_NAME, t), -EINVAL);
	KTEST_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, NULL, 0, TEST_NAME, t),
			-EINVAL);
	KTEST_EXPECT_EQ(test, request_irq(TEST_IRQ, test_hard_handler, IRQF_SHARED, TEST_NAME,
					  NULL), -EINVAL);
	/* Only the thread would quieten the device while the line is live. */
	tasks = nr_tasks();
	KTEST_EXPECT_EQ(test, request_threaded_irq(TEST_IRQ, NULL, test_thread_fn, 0, TEST_NAME, t),
			-EINVAL);
	expect_tasks(test, tasks);
	KTEST_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
	KTEST_EXPECT_FALSE(test, ioapic_gsi_routed(t->gsi));
	KTEST_EXPECT_NULL(test, irq_to_desc(NR_IRQS));
	KTEST_EXPECT_NULL(test, free_irq(NR_IRQS, t));
}

/*
 * Fail call 1, 2, ... of a threaded request (this task's fail-nth count: its own allocations
 * and kthreadd's for the thread, no other task's) until one gets through: each failure is
 * -ENOMEM, leaves the line free and unrouted, and leaks nothing. Counts the slab and page
 * calls that failed.
 */
static void fail_each_site(struct ktest *test, int *slab_sites, int *page_sites)
{
	struct irq_test *t = irq_test_of(test);
	struct usage base, now;
	int k;

	*slab_sites = *page_sites = 0;
	for (k = 1; k < 100; k++) {
		unsigned long slab0 = failslab_injected(), pages0 = fail_page_alloc_injected();
		unsigned int left;
		int ret;

		usage_read(&base);
		set_fail_nth(current, k);
		ret = request_threaded_irq(TEST_IRQ, test_hard_handler, test_thread_fn, 0,
					   TEST_NAME, t);
		left = set_fail_nth(current, 0);
		if (!ret) {
			KTEST_EXPECT_GT(test, left, 0);
			KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);
			/* Stopped, and freed once it has switched out for the last time. */
			expect_tasks(test, base.tasks);
			return;
		}
		KTEST_EXPECT_EQ(test, ret, -ENOMEM);
		KTEST_EXPECT_EQ(test, left, 0);
		*slab_sites += failslab_injected() - slab0;
		*page_sites += fail_page_alloc_injected() - pages0;
		KTEST_EXPECT_EQ(test, *slab_sites + *page_sites, k);
		KTEST_EXPECT_NULL(test, irq_to_desc(TEST_IRQ)->action);
		KTEST_EXPECT_FALSE(test, ioapic_gsi_routed(t->gsi));
		/* A thread made before the failing call is stopped, then reaped a moment later. */
		expect_tasks(test, base.tasks);
		usage_read(&now);
		KTEST_EXPECT_EQ(test, now.pages, base.pages);
		KTEST_EXPECT_EQ(test, now.objects, base.objects);
		KTEST_EXPECT_EQ(test, now.tasks, base.tasks);
		KTEST_EXPECT_EQ(test, now.pids, base.pids);
	}
	KTEST_FAIL(test, "request_threaded_irq still failing at call %d", k);
}

static void request_fails_cleanly_at_every_allocation(struct ktest *test)
{
	struct irq_test *t = irq_test_of(test);
	unsigned long tasks = nr_tasks();
	int slab_sites, page_sites;

	/* A first request and free, so that caches filled on first use do not count. */
	KTEST_ASSERT_EQ(test, request_threaded_irq(TEST_IRQ, test_hard_handler, test_thread_fn, 0,
						   TEST_NAME, t), 0);
	KTEST_EXPECT_PTR_EQ(test, free_irq(TEST_IRQ, t), TEST_NAME);
	expect_tasks(test, tasks);
	fail_each_site(test, &slab_sites, &page_sites);
	ktest_info(test, "request path: %d slab and %d page allocations", slab_sites, page_sites);
	/* The irqaction, then kthread_create()'s five (see the kthread suite). */
	KTEST_EXPECT_GE(test, slab_sites, 6);
	/* At least the thread's stack. */
	KTEST_EXPECT_GE(test, page_sites, THREAD_SIZE / PAGE_SIZE);
}

static struct ktest_case irq_thread_cases[] = {
	KTEST_CASE(thread_runs_after_hard_handler),
	KTEST_CASE(oneshot_masks_line_until_thread_done),
	KTEST_CASE(thread_is_fifo_50_under_kthreadd),
	KTEST_CASE(free_irq_stops_thread_once),
	KTEST_CASE(busy_line_refused_unless_shared),
	KTEST_CASE(bad_arguments_are_einval),
	KTEST_CASE_TIMEOUT(request_fails_cleanly_at_every_allocation, 60),
	{}
};

static struct ktest_suite irq_thread_suite = {
	.name = "irq_thread",
	.cases = irq_thread_cases,
	.init = irq_thread_test_init,
	.exit = irq_thread_test_exit,
};
ktest_register_suite(irq_thread_suite);
