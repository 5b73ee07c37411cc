/* The classic code examples of the kthread, workqueue and freezer APIs, as tutorials and drivers
 * write them, rebuilt as self-tests: each case runs the example and asserts what it is said to
 * do. Sleeps are shortened. */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fault-inject.h>
#include <linux/freezer.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/suspend.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/sched/clock.h>
#include <ktest.h>
#include "../kernel/power/power.h"
#include "sched_test_util.h"

/* Poll (1 ms sleeps) until @cond or @ms pass; true if @cond held. */
#define wait_until(cond, ms) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(ms);		\
	while (!(cond) && time_before(jiffies, __end))			\
		msleep(1);						\
	(bool)(cond);							\
})

/* Wait until a task we hold a reference to is off the CPU for good, then let it go. */
static void reap_task(struct task_struct *p)
{
	wait_task_inactive(p, 0);
	put_task_struct(p);
}

/* ---- The basic kthread module: a thread that counts iterations until kthread_stop() */

static int basic_count_seen;

static int basic_thread_func(void *data)
{
	int count = 0;

	while (!kthread_should_stop()) {
		count++;
		WRITE_ONCE(basic_count_seen, count);
		msleep(2);	/* the usual example sleeps 2000 ms */
	}
	WRITE_ONCE(basic_count_seen, count);
	return count;
}

/* module_init starts "example_kthread"; module_exit's kthread_stop returns the count. */
static void basic_module_example(struct ktest *test)
{
	struct task_struct *my_thread;
	int ret;

	basic_count_seen = 0;
	my_thread = kthread_run(basic_thread_func, NULL, "example_kthread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, my_thread);
	KTEST_EXPECT_STREQ(test, my_thread->comm, "example_kthread");
	KTEST_EXPECT_GT(test, my_thread->pid, 2);
	KTEST_EXPECT_EQ(test, my_thread->real_parent->pid, 2);
	wait_until(READ_ONCE(basic_count_seen) >= 5, 2000);
	ret = kthread_stop(my_thread);
	KTEST_EXPECT_GE(test, ret, 5);
	KTEST_EXPECT_EQ(test, ret, basic_count_seen);
}

/* ---- The basic kthread_should_stop() loop: work, then msleep_interruptible() */

static unsigned int loop_work_done;

static int my_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(loop_work_done, loop_work_done + 1);
		msleep_interruptible(5);	/* the usual example sleeps 1000 ms */
	}
	return 0;
}

static void should_stop_loop_example(struct ktest *test)
{
	struct task_struct *kth;

	loop_work_done = 0;
	kth = kthread_run(my_thread_fn, NULL, "my-kthread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(loop_work_done) >= 3, 2000));
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);
}

/* ---- kthread_create() without kthread_run(): create, bind, then wake (kernel/kthread.c
 * kthread_create_on_node(), kthread_bind()) */

static int create_ran_on = -1;

static int create_bind_fn(void *data)
{
	WRITE_ONCE(create_ran_on, smp_processor_id());
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/* Created, the thread sleeps in TASK_UNINTERRUPTIBLE (ps "D") and runs nothing until woken. */
static void kthread_create_bind_example(struct ktest *test)
{
	unsigned int cpu = 0;
	struct task_struct *kth;

	create_ran_on = -1;
	kth = kthread_create(create_bind_fn, NULL, "my-kthread/%d", cpu);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_STREQ(test, kth->comm, "my-kthread/0");
	msleep(5);
	KTEST_EXPECT_EQ(test, READ_ONCE(kth->__state), TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_EQ(test, task_state_to_char(kth), 'D');
	KTEST_EXPECT_EQ(test, READ_ONCE(create_ran_on), -1);
	KTEST_EXPECT_EQ(test, kthread_bind(kth, cpu), 0);
	KTEST_EXPECT_EQ(test, kth->nr_cpus_allowed, 1);
	wake_up_process(kth);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(create_ran_on) >= 0, 2000));
	KTEST_EXPECT_EQ(test, create_ran_on, (int)cpu);
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);
}

/* ---- kthreadd (PID 2), which rest_init() (init/main.c) starts, creates every kthread
 * (kernel/kthread.c kthreadd()): each is its child, has PF_KTHREAD, no mm of its own, and runs on
 * a borrowed active_mm (lazy TLB, kernel/sched/core.c context_switch()) */

static struct mm_struct *seen_mm, *seen_active_mm;
static unsigned int seen_flags;

static int identity_fn(void *data)
{
	seen_mm = current->mm;
	seen_active_mm = current->active_mm;
	seen_flags = current->flags;
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/* PID 0 idle, PID 2 kthreadd; every kthread is its child, PF_KTHREAD, mm NULL, active_mm lent. */
static void rest_init_kthreadd_example(struct ktest *test)
{
	struct task_struct *kth, *p2;

	KTEST_EXPECT_EQ(test, init_task.pid, 0);
	p2 = find_task_by_pid(2);
	KTEST_ASSERT_NOT_NULL(test, p2);
	KTEST_EXPECT_PTR_EQ(test, p2, kthreadd_task);
	KTEST_EXPECT_STREQ(test, p2->comm, "kthreadd");
	put_task_struct(p2);

	seen_active_mm = NULL;
	kth = kthread_run(identity_fn, NULL, "kth-identity");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(seen_active_mm) != NULL, 2000));
	KTEST_EXPECT_PTR_EQ(test, kth->real_parent, kthreadd_task);
	KTEST_EXPECT_NULL(test, seen_mm);
	KTEST_EXPECT_NOT_NULL(test, seen_active_mm);
	KTEST_EXPECT_TRUE(test, seen_flags & PF_KTHREAD);
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);
}

/*
 * Linux's kernel/kthread.c resets a new kthread's policy and CPU mask
 * (sched_setscheduler_nocheck(), set_cpus_allowed_ptr()) with the comment "root may have changed
 * our (kthreadd's) priority or CPU mask. The kernel thread should not inherit these properties."
 * Change kthreadd, create, check, restore.
 */
static void kthreadd_changes_not_inherited_example(struct ktest *test)
{
	struct task_struct *kth;

	set_user_nice(kthreadd_task, 5);
	KTEST_EXPECT_EQ(test, task_nice(kthreadd_task), 5);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(kthreadd_task, cpumask_of(0)), 0);
	KTEST_EXPECT_EQ(test, kthreadd_task->nr_cpus_allowed, 1);
	kth = kthread_create(identity_fn, NULL, "kth-clean");
	set_user_nice(kthreadd_task, 0);
	set_cpus_allowed_ptr(kthreadd_task, cpu_possible_mask);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_EQ(test, kth->policy, SCHED_NORMAL);
	KTEST_EXPECT_EQ(test, task_nice(kth), 0);
	KTEST_EXPECT_EQ(test, kth->nr_cpus_allowed, (int)cpumask_weight(cpu_possible_mask));
	KTEST_EXPECT_EQ(test, task_nice(kthreadd_task), 0);
	/* Never woken: kthread_stop reports -EINTR, the function never ran. */
	KTEST_EXPECT_EQ(test, kthread_stop(kth), -EINTR);
}

/* ---- kernel_thread() (kernel/fork.c): its child is the caller's, not kthreadd's (which is why
 * old drivers that used it called daemonize(), long since removed from Linux) */

struct kt_child {
	struct completion started;
	struct completion go;
	struct task_struct *parent;
};

static int kernel_thread_child(void *data)
{
	struct kt_child *c = data;

	c->parent = current->real_parent;
	complete(&c->started);
	wait_for_completion(&c->go);
	return 0;
}

static void kernel_thread_parent_example(struct ktest *test)
{
	struct task_struct *child;
	struct kt_child c;
	int pid;

	init_completion(&c.started);
	init_completion(&c.go);
	pid = kernel_thread(kernel_thread_child, &c, "kt-child", CLONE_FS | CLONE_FILES);
	KTEST_ASSERT_GT(test, pid, 0);
	wait_for_completion(&c.started);
	child = find_task_by_pid(pid);
	KTEST_EXPECT_PTR_EQ(test, c.parent, current);
	KTEST_EXPECT_PTR_NE(test, c.parent, kthreadd_task);
	KTEST_EXPECT_NOT_NULL(test, child);
	if (child) {
		KTEST_EXPECT_STREQ(test, child->comm, "kt-child");
		KTEST_EXPECT_TRUE(test, child->flags & PF_KTHREAD);
	}
	complete(&c.go);
	if (child)
		reap_task(child);
}

/* ---- The conditional sleep: set_current_state() before testing the condition, then
 * schedule(); 100,000 wake-ups */

#define NR_EVENTS	100000

struct my_device {
	unsigned long pending;		/* events added, not yet processed */
	unsigned long processed;
	struct task_struct *producer;
};

static bool has_pending_work(struct my_device *dev)
{
	return READ_ONCE(dev->pending) != 0;
}

static void process_pending_work(struct my_device *dev)
{
	unsigned long n = __atomic_exchange_n(&dev->pending, 0, __ATOMIC_SEQ_CST);

	WRITE_ONCE(dev->processed, dev->processed + n);
	wake_up_process(dev->producer);
}

static int event_thread_fn(void *data)
{
	struct my_device *dev = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!has_pending_work(dev)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		process_pending_work(dev);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * The producer adds one event and wakes the thread, then sleeps by the same rule until it was
 * processed, so every event costs the consumer a real sleep and wake-up. A lost wake-up shows
 * as a one-second timeout of the producer and a count short of 100,000. Both stay on the
 * case's CPU: spread over two, each round trip would be a pair of IPIs to a halted CPU, and
 * 100,000 of those take longer under emulation than the case may run.
 */
static void event_thread_example(struct ktest *test)
{
	struct my_device dev = { .producer = current };
	struct task_struct *thread_task;
	unsigned long lost = 0;

	KTEST_ASSERT_EQ(test, sched_test_enter(), 0);
	thread_task = kthread_create(event_thread_fn, &dev, "event_thread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, thread_task);
	kthread_bind(thread_task, TEST_CPU);
	wake_up_process(thread_task);
	for (unsigned long i = 1; i <= NR_EVENTS && lost < 3; i++) {
		__atomic_add_fetch(&dev.pending, 1, __ATOMIC_SEQ_CST);
		wake_up_process(thread_task);
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (READ_ONCE(dev.processed) == i)
				break;
			if (!schedule_timeout(HZ)) {
				lost++;
				break;
			}
		}
		__set_current_state(TASK_RUNNING);
	}
	KTEST_EXPECT_EQ(test, kthread_stop(thread_task), 0);
	KTEST_EXPECT_EQ(test, lost, 0);
	KTEST_EXPECT_EQ(test, dev.processed, NR_EVENTS);
	sched_test_leave();
}

/* ---- The wait_event_interruptible() loop (include/linux/wait.h), and a kthread that accepts a
 * signal with allow_signal() (kernel/signal.c) */

static DECLARE_WAIT_QUEUE_HEAD(my_wq);
static bool work_pending;
static unsigned int waiter_work_done;

static int waiter_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible(my_wq, work_pending || kthread_should_stop());
		if (kthread_should_stop())
			break;
		WRITE_ONCE(work_pending, false);
		WRITE_ONCE(waiter_work_done, waiter_work_done + 1);
	}
	return 0;
}

static bool sleeping_interruptible(struct task_struct *t)
{
	return READ_ONCE(t->__state) == TASK_INTERRUPTIBLE && !READ_ONCE(t->on_cpu);
}

/* Woken by condition + wake_up_interruptible (once per event); a bare wake-up does nothing. */
static void wait_event_interruptible_example(struct ktest *test)
{
	unsigned long switches;
	struct task_struct *t;

	work_pending = false;
	waiter_work_done = 0;
	t = kthread_run(waiter_thread_fn, NULL, "waiter");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	for (unsigned int i = 1; i <= 3; i++) {
		KTEST_EXPECT_TRUE(test, wait_until(sleeping_interruptible(t), 2000));
		KTEST_EXPECT_EQ(test, task_state_to_char(t), 'S');
		WRITE_ONCE(work_pending, true);
		wake_up_interruptible(&my_wq);
		KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(waiter_work_done) == i, 2000));
		KTEST_EXPECT_FALSE(test, READ_ONCE(work_pending));
	}
	/* Condition false: the waiter wakes, re-tests, and sleeps again without doing work. */
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_interruptible(t), 2000));
	switches = READ_ONCE(t->nvcsw);
	wake_up_interruptible(&my_wq);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(t->nvcsw) > switches &&
					   sleeping_interruptible(t), 2000));
	KTEST_EXPECT_EQ(test, waiter_work_done, 3);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

struct signal_waiter {
	struct completion done;
	long ret;
	bool pending_after;
};

static int signal_waiter_fn(void *data)
{
	struct signal_waiter *sw = data;

	allow_signal(SIGTERM);
	sw->ret = wait_event_interruptible(my_wq, work_pending || kthread_should_stop());
	sw->pending_after = signal_pending(current);
	flush_signals(current);
	complete(&sw->done);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/* A thread that allowed a signal is woken out of the wait with -ERESTARTSYS. */
static void wait_event_interruptible_signal_example(struct ktest *test)
{
	struct signal_waiter sw = { .ret = 1 };
	struct task_struct *t;

	work_pending = false;
	init_completion(&sw.done);
	t = kthread_run(signal_waiter_fn, &sw, "sig-waiter");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_interruptible(t), 2000));
	KTEST_EXPECT_EQ(test, send_sig(SIGTERM, t, 0), 0);
	KTEST_EXPECT_NE(test, wait_for_completion_timeout(&sw.done, HZ), 0);
	KTEST_EXPECT_EQ(test, sw.ret, -ERESTARTSYS);
	KTEST_EXPECT_TRUE(test, sw.pending_after);
	KTEST_EXPECT_FALSE(test, work_pending);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

/* ---- The completion-based start-up handshake (kernel/sched/completion.c) */

struct startup {
	struct completion thread_started;
	int pid_seen;
	unsigned int work_done;
};

static int startup_thread_fn(void *data)
{
	struct startup *s = data;

	s->pid_seen = current->pid;
	complete(&s->thread_started);
	while (!kthread_should_stop()) {
		WRITE_ONCE(s->work_done, s->work_done + 1);
		msleep(10);	/* the usual example sleeps 100 ms */
	}
	return 0;
}

static void completion_startup_example(struct ktest *test)
{
	struct startup s = { .pid_seen = -1 };
	struct task_struct *kth;

	init_completion(&s.thread_started);
	kth = kthread_run(startup_thread_fn, &s, "my-thread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	wait_for_completion(&s.thread_started);
	/* From here the thread's initialisation has surely happened. */
	KTEST_EXPECT_EQ(test, s.pid_seen, kth->pid);
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);
}

/* ---- kthread_park() / kthread_unpark() (kernel/kthread.c): the parkable thread */

static unsigned long park_work_done;

static int parkable_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		WRITE_ONCE(park_work_done, park_work_done + 1);
		schedule();
	}
	return 0;
}

/* Parked (state P), the thread does no work; unparked, it works again. Five cycles. */
static void parkable_thread_example(struct ktest *test)
{
	struct task_struct *kth;

	park_work_done = 0;
	kth = kthread_run(parkable_thread_fn, NULL, "parkable");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	for (int cycle = 0; cycle < 5; cycle++) {
		unsigned long before;

		KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(park_work_done) > 0, 2000));
		KTEST_EXPECT_EQ(test, kthread_park(kth), 0);
		KTEST_EXPECT_EQ(test, READ_ONCE(kth->__state), TASK_PARKED);
		KTEST_EXPECT_EQ(test, task_state_to_char(kth), 'P');
		before = READ_ONCE(park_work_done);
		/* A plain wake-up does not end a park. */
		wake_up_process(kth);
		msleep(10);
		KTEST_EXPECT_EQ(test, READ_ONCE(park_work_done), before);
		KTEST_EXPECT_EQ(test, READ_ONCE(kth->__state), TASK_PARKED);
		WRITE_ONCE(park_work_done, 0);
		kthread_unpark(kth);
	}
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(park_work_done) > 0, 2000));
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);
}

/* ---- Per-CPU kernel threads: kthread_create_on_cpu() (kernel/kthread.c) per online CPU */

static int per_cpu_ran_on[NR_CPUS];
static unsigned int per_cpu_loops[NR_CPUS];
static bool per_cpu_strayed;

static int per_cpu_fn(void *data)
{
	unsigned int cpu = (unsigned long)data;

	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		if (smp_processor_id() != cpu)
			WRITE_ONCE(per_cpu_strayed, true);
		WRITE_ONCE(per_cpu_ran_on[cpu], (int)smp_processor_id());
		WRITE_ONCE(per_cpu_loops[cpu], per_cpu_loops[cpu] + 1);
		msleep(2);	/* the usual example sleeps 5000 ms */
	}
	return 0;
}

static void per_cpu_thread_example(struct ktest *test)
{
	struct task_struct *per_cpu_threads[NR_CPUS] = { NULL };
	char name[TASK_COMM_LEN];
	unsigned int cpu;

	per_cpu_strayed = false;
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		per_cpu_ran_on[cpu] = -1;
		per_cpu_loops[cpu] = 0;
		t = kthread_create_on_cpu(per_cpu_fn, (void *)(unsigned long)cpu, cpu,
					  "my_pcpu/%u");
		KTEST_EXPECT_NOT_ERR_OR_NULL(test, t);
		if (IS_ERR(t))
			continue;
		per_cpu_threads[cpu] = t;
		wake_up_process(t);
	}
	for_each_online_cpu(cpu) {
		struct task_struct *t = per_cpu_threads[cpu];

		if (!t)
			continue;
		snprintf(name, sizeof(name), "my_pcpu/%u", cpu);
		KTEST_EXPECT_STREQ(test, t->comm, name);
		KTEST_EXPECT_EQ(test, t->nr_cpus_allowed, 1);
		KTEST_EXPECT_TRUE(test, cpumask_test_cpu(cpu, &t->cpus_mask));
		KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(t));
		KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(per_cpu_loops[cpu]) >= 3, 2000));
		KTEST_EXPECT_EQ(test, READ_ONCE(per_cpu_ran_on[cpu]), (int)cpu);
		/* The example's thread parks for CPU hotplug: park, unpark, still bound. */
		KTEST_EXPECT_EQ(test, kthread_park(t), 0);
		kthread_unpark(t);
		KTEST_EXPECT_EQ(test, t->nr_cpus_allowed, 1);
	}
	for_each_online_cpu(cpu) {
		if (per_cpu_threads[cpu])
			KTEST_EXPECT_EQ(test, kthread_stop(per_cpu_threads[cpu]), 0);
	}
	KTEST_EXPECT_FALSE(test, per_cpu_strayed);
}

/*
 * ---- The smpboot framework (kernel/smpboot.c): smpboot_thread_fn() with thread_should_run /
 * thread_fn. The simplified loop usually shown tests kthread_should_stop() only after
 * schedule(): a stop whose wake-up lands between that test and the next set_current_state() is
 * lost and the thread sleeps forever. Linux's smpboot_thread_fn() tests it right after
 * set_current_state(), as here.
 */
struct hotplug_thread {
	unsigned int pending;
	unsigned int runs;
};

static int smpboot_thread_fn(void *data)
{
	struct hotplug_thread *ht = data;

	while (1) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		if (kthread_should_park()) {
			__set_current_state(TASK_RUNNING);
			kthread_parkme();
			continue;
		}
		if (!READ_ONCE(ht->pending)) {
			schedule();
		} else {
			__set_current_state(TASK_RUNNING);
			WRITE_ONCE(ht->pending, ht->pending - 1);
			WRITE_ONCE(ht->runs, ht->runs + 1);
		}
	}
	return 0;
}

static void smpboot_thread_example(struct ktest *test)
{
	struct hotplug_thread ht = { 0 };
	struct task_struct *t;
	unsigned long flags;

	t = kthread_create_on_cpu(smpboot_thread_fn, &ht, 0, "hp_thread/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	wake_up_process(t);
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_interruptible(t), 2000));
	KTEST_EXPECT_EQ(test, ht.runs, 0);
	WRITE_ONCE(ht.pending, 3);
	wake_up_process(t);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(ht.runs) == 3, 2000));
	/*
	 * CPU offline: park (and the dead CPU's tasks are pushed elsewhere, which widens the
	 * parked thread's mask); online: unpark binds it to its CPU again, and it sleeps with
	 * nothing to run.
	 */
	KTEST_EXPECT_EQ(test, kthread_park(t), 0);
	KTEST_EXPECT_EQ(test, task_state_to_char(t), 'P');
	spin_lock_irqsave(&t->pi_lock, flags);
	do_set_cpus_allowed(t, cpu_possible_mask);
	spin_unlock_irqrestore(&t->pi_lock, flags);
	kthread_unpark(t);
	KTEST_EXPECT_EQ(test, t->nr_cpus_allowed, 1);
	KTEST_EXPECT_TRUE(test, cpumask_test_cpu(0, &t->cpus_mask));
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_interruptible(t), 2000));
	KTEST_EXPECT_EQ(test, ht.runs, 3);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

/* ---- The kthread_worker example: a self-requeueing delayed work (kernel/kthread.c
 * kthread_queue_delayed_work()) */

#define WORKER_PERIOD	10	/* ticks; the usual example's period is msecs_to_jiffies(3000) */
#define WORKER_RUNS	5

static struct kthread_worker *worker;
static struct kthread_work my_work;
static struct kthread_delayed_work my_delayed_work;
static char work_comm[TASK_COMM_LEN];
static unsigned int delayed_runs;
static unsigned long delayed_at[WORKER_RUNS + 4];
static struct cpumask delayed_cpus;	/* where the work ran and re-armed its timer */
static struct completion delayed_enough;

static void work_func(struct kthread_work *work)
{
	strscpy(work_comm, current->comm, sizeof(work_comm));
}

static void delayed_work_func(struct kthread_work *work)
{
	if (delayed_runs < ARRAY_SIZE(delayed_at))
		delayed_at[delayed_runs] = jiffies;
	cpumask_set_cpu(smp_processor_id(), &delayed_cpus);
	delayed_runs++;
	kthread_queue_delayed_work(worker, &my_delayed_work, WORKER_PERIOD);
	if (delayed_runs == WORKER_RUNS)
		complete(&delayed_enough);
}

/*
 * One run of the example: it runs N times, the exit path cancels it (true: it was pending) and
 * it runs no more. Returns true when each run came at its period, never early (asserted) and at
 * most one tick late (only reported, so the caller can retry what host noise made late).
 */
static bool kthread_worker_example_once(struct ktest *test, struct tick_watch *w)
{
	unsigned long queued_at, gap, max_gap = 0, lost;
	unsigned int runs;

	delayed_runs = 0;
	work_comm[0] = '\0';
	init_completion(&delayed_enough);
	worker = kthread_create_worker(0, "my_kworker");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, worker);
	kthread_init_work(&my_work, work_func);
	kthread_queue_work(worker, &my_work);
	kthread_init_delayed_work(&my_delayed_work, delayed_work_func);
	tick_watch_start(w);
	cpumask_clear(&delayed_cpus);
	cpumask_set_cpu(task_cpu(current), &delayed_cpus);
	queued_at = jiffies;
	kthread_queue_delayed_work(worker, &my_delayed_work, WORKER_PERIOD);

	KTEST_EXPECT_NE(test, wait_for_completion_timeout(&delayed_enough, 2 * HZ), 0);
	lost = tick_watch_lost(w, &delayed_cpus);
	KTEST_EXPECT_TRUE(test, kthread_cancel_delayed_work_sync(&my_delayed_work));
	runs = delayed_runs;
	msleep(3 * WORKER_PERIOD);
	KTEST_EXPECT_EQ(test, delayed_runs, runs);
	KTEST_EXPECT_GE(test, runs, WORKER_RUNS);
	kthread_destroy_worker(worker);

	KTEST_EXPECT_STREQ(test, work_comm, "my_kworker");
	gap = delayed_at[0] - queued_at;
	KTEST_EXPECT_GE(test, gap, WORKER_PERIOD);
	max_gap = gap;
	for (unsigned int i = 1; i < WORKER_RUNS; i++) {
		gap = delayed_at[i] - delayed_at[i - 1];
		KTEST_EXPECT_GE(test, gap, WORKER_PERIOD);
		max_gap = max(max_gap, gap);
	}
	ktest_info(test, "longest gap %lu ticks for a period of %d (%lu ticks lost to the host)",
		   max_gap, WORKER_PERIOD, lost);
	return max_gap <= WORKER_PERIOD + 1 + lost;
}

static void kthread_worker_example(struct ktest *test)
{
	struct tick_watch *w = kmalloc(sizeof(*w), GFP_KERNEL);
	bool on_time = false;

	KTEST_ASSERT_NOT_NULL(test, w);
	for (int attempt = 0; attempt < 3 && !on_time; attempt++)
		on_time = kthread_worker_example_once(test, w);
	kfree(w);
	KTEST_EXPECT_TRUE(test, on_time);
}

/* The kthread_worker API in brief: queue, flush the worker, destroy it. */
static unsigned int my_work_runs;

static void my_work_func(struct kthread_work *work)
{
	my_work_runs++;
}

static void kthread_worker_flush_example(struct ktest *test)
{
	struct kthread_worker *my_worker;
	struct kthread_work w;

	my_work_runs = 0;
	my_worker = kthread_create_worker(0, "my-worker");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, my_worker);
	kthread_init_work(&w, my_work_func);
	KTEST_EXPECT_TRUE(test, kthread_queue_work(my_worker, &w));
	kthread_flush_worker(my_worker);
	KTEST_EXPECT_EQ(test, my_work_runs, 1);
	kthread_destroy_worker(my_worker);
}

/* ---- Handling a failed kthread_run() the right way: the IS_ERR() path (kernel/kthread.c
 * __kthread_create_on_node()) */

static bool error_fn_ran;

static int error_fn(void *data)
{
	error_fn_ran = true;
	return 0;
}

/*
 * Fail this task's Nth allocation in kthread_create (1: the request, 2: the name; fail-nth, so
 * no other task's allocation can take the failure instead): kthread_run returns
 * ERR_PTR(-ENOMEM), which the caller checks with IS_ERR before touching the task, and
 * nothing is leaked. (A common version of the "right" example sets my_thread = NULL before
 * returning PTR_ERR(my_thread), which returns 0; the error is kept here.)
 */
static void error_paths(struct ktest *test)
{
	struct kthread_worker *w;
	struct task_struct *my_thread;

	for (unsigned long nth = 1; nth <= 2; nth++) {
		set_fail_nth(current, nth);
		my_thread = kthread_run(error_fn, NULL, "my-kth");
		set_fail_nth(current, 0);
		KTEST_EXPECT_TRUE(test, IS_ERR(my_thread));
		if (!IS_ERR(my_thread)) {
			kthread_stop(my_thread);
			continue;
		}
		KTEST_EXPECT_EQ(test, PTR_ERR(my_thread), -ENOMEM);
	}
	/* The usual worker init: if (IS_ERR(worker)) return PTR_ERR(worker). */
	set_fail_nth(current, 1);
	w = kthread_create_worker(0, "my_kworker");
	set_fail_nth(current, 0);
	KTEST_EXPECT_TRUE(test, IS_ERR(w));
	if (IS_ERR(w))
		KTEST_EXPECT_EQ(test, PTR_ERR(w), -ENOMEM);
	else
		kthread_destroy_worker(w);
}

static void error_handling_example(struct ktest *test)
{
	unsigned long pages, objects;

	error_fn_ran = false;
	/* Once to warm the slab caches, then again counted. */
	error_paths(test);
	drain_cached_stacks();
	pages = nr_free_pages();
	objects = slab_objects_in_use();
	error_paths(test);
	msleep(5);
	KTEST_EXPECT_FALSE(test, error_fn_ran);
	drain_cached_stacks();
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
}

/*
 * ---- kernel/kthread.c __kthread_create_on_node(): a creator killed while it waits.
 * wait_for_completion_killable() ends with SIGKILL; the creator takes the request back with
 * xchg(&create->done, NULL) and returns ERR_PTR(-EINTR); the thread kthreadd forks later finds
 * done == NULL, frees the request and exits without running its function.
 */
struct killed_creator {
	struct completion done;
	struct task_struct *result;
};

static int killed_creator_fn(void *data)
{
	struct killed_creator *kc = data;

	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 0);
	kc->result = kthread_create(error_fn, NULL, "orphan");
	flush_signals(current);
	complete(&kc->done);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

/*
 * One killed creation; the creator outranks kthreadd (FIFO, and kthreadd kept on the same CPU
 * for the while) so kthreadd cannot finish the creation before the creator sees its signal.
 */
static void killed_creation(struct ktest *test)
{
	struct killed_creator kc = { .result = NULL };
	struct task_struct *creator;

	KTEST_ASSERT_EQ(test, set_cpus_allowed_ptr(kthreadd_task, cpumask_of(0)), 0);
	init_completion(&kc.done);
	creator = kthread_create(killed_creator_fn, &kc, "killed-creator");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, creator);
	KTEST_EXPECT_EQ(test, kthread_bind(creator, 0), 0);
	sched_set_fifo_low(creator);
	get_task_struct(creator);
	wake_up_process(creator);
	wait_for_completion(&kc.done);
	set_cpus_allowed_ptr(kthreadd_task, cpu_possible_mask);
	KTEST_EXPECT_PTR_EQ(test, kc.result, ERR_PTR(-EINTR));
	KTEST_EXPECT_EQ(test, kthread_stop(creator), 0);
	reap_task(creator);
}

static void kthread_create_killed_example(struct ktest *test)
{
	unsigned long pages, objects, tasks, forks;

	error_fn_ran = false;
	tasks = nr_tasks();
	/*
	 * Once to warm the slab caches, then again counted. Each round forks two threads: the
	 * creator, and the orphan, which kthreadd may fork only after the creator is gone (a run
	 * on 8 vCPUs counted before it was born: 4 pages and an object short). So wait for both
	 * forks, then until the orphan, exiting on its own, is gone too.
	 */
	forks = READ_ONCE(total_forks);
	killed_creation(test);
	wait_until(READ_ONCE(total_forks) - forks >= 2 && nr_tasks() == tasks, 2000);
	KTEST_EXPECT_EQ(test, nr_tasks(), tasks);
	drain_cached_stacks();
	pages = nr_free_pages();
	objects = slab_objects_in_use();
	forks = READ_ONCE(total_forks);
	killed_creation(test);
	wait_until(READ_ONCE(total_forks) - forks >= 2 && nr_tasks() == tasks, 2000);
	KTEST_EXPECT_GE(test, READ_ONCE(total_forks) - forks, 2UL);
	KTEST_EXPECT_EQ(test, nr_tasks(), tasks);
	drain_cached_stacks();
	KTEST_EXPECT_FALSE(test, error_fn_ran);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), objects);
	KTEST_EXPECT_EQ(test, nr_free_pages(), pages);
}

/* ---- The endless polling loop that takes 100% of a CPU, and its cure */

static unsigned long hog_loops;

static int hog_thread_fn(void *data)
{
	while (!kthread_should_stop())
		WRITE_ONCE(hog_loops, hog_loops + 1);	/* do_polling(), never sleeping */
	return 0;
}

/*
 * The hog takes the CPU whenever it can (the example's "100% CPU"), but Spindle preempts it on
 * the tick, so this equal-priority thread still gets to run and stop it (no starvation).
 */
static void hog_thread_example(struct ktest *test)
{
	struct task_struct *t;
	u64 runtime, start;
	unsigned long loops;

	hog_loops = 0;
	t = kthread_run(hog_thread_fn, NULL, "hog");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	msleep(2);
	runtime = t->se.sum_exec_runtime;
	start = sched_clock();
	loops = READ_ONCE(hog_loops);
	msleep(20);
	KTEST_EXPECT_GT(test, READ_ONCE(hog_loops), loops);
	if (num_online_cpus() == 1)
		KTEST_EXPECT_GE(test, t->se.sum_exec_runtime - runtime,
				(sched_clock() - start) / 2);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

/* ---- The polling thread done right: sleep when idle, cond_resched() when busy */

static unsigned int good_work_left, good_work_done;

static int good_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		if (!READ_ONCE(good_work_left)) {
			usleep_range(1000, 2000);
			continue;
		}
		WRITE_ONCE(good_work_left, good_work_left - 1);
		WRITE_ONCE(good_work_done, good_work_done + 1);
		cond_resched();
	}
	return 0;
}

/* The thread sleeps while it has nothing to do, and does the work it is given. */
static void polling_thread_example(struct ktest *test)
{
	struct task_struct *t;
	u64 runtime;

	good_work_left = 0;
	good_work_done = 0;
	t = kthread_run(good_thread_fn, NULL, "good-poller");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	msleep(5);
	runtime = t->se.sum_exec_runtime;
	msleep(20);
	/* Idle for 20 ms, it ran for well under half of it. */
	KTEST_EXPECT_LT(test, t->se.sum_exec_runtime - runtime, 10 * 1000 * 1000ULL);
	WRITE_ONCE(good_work_left, 50);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(good_work_done) == 50, 2000));
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

/* ---- Scheduling classes and tuning on a kthread: policies, nice and affinity
 * (kernel/sched/core.c sched_setscheduler(), set_user_nice(), set_cpus_allowed_ptr()) */

static void sched_class_example(struct ktest *test)
{
	struct sched_param param = { .sched_priority = 50 };
	struct task_struct *kth;

	kth = kthread_create(identity_fn, NULL, "rt-kthread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_EQ(test, sched_setscheduler(kth, SCHED_FIFO, &param), 0);
	KTEST_EXPECT_EQ(test, kth->policy, SCHED_FIFO);
	KTEST_EXPECT_EQ(test, kth->prio, 99 - 50);
	KTEST_EXPECT_EQ(test, sched_setscheduler(kth, SCHED_RR, &param), 0);
	KTEST_EXPECT_EQ(test, kth->policy, SCHED_RR);
	/* The usual example restores with a NULL param, which Linux rejects: -EINVAL, no change. */
	KTEST_EXPECT_EQ(test, sched_setscheduler(kth, SCHED_NORMAL, NULL), -EINVAL);
	KTEST_EXPECT_EQ(test, kth->policy, SCHED_RR);
	param.sched_priority = 0;
	KTEST_EXPECT_EQ(test, sched_setscheduler(kth, SCHED_NORMAL, &param), 0);
	KTEST_EXPECT_EQ(test, kth->prio, 120);
	set_user_nice(kth, -10);
	KTEST_EXPECT_EQ(test, task_nice(kth), -10);
	KTEST_EXPECT_EQ(test, kth->prio, 110);
	KTEST_EXPECT_EQ(test, set_cpus_allowed_ptr(kth, cpumask_of(0)), 0);
	KTEST_EXPECT_EQ(test, kth->nr_cpus_allowed, 1);
	KTEST_EXPECT_EQ(test, kthread_stop(kth), -EINTR);
}

/* ---- A workqueue against a kthread_worker: who owns the threads, and whether works overlap.
 * A workqueue's works run in kworkers the pools create and reap (kernel/workqueue.c), and when
 * a running work sleeps, concurrency management lets the pool start the next one in another
 * kworker (wq_worker_sleeping()). A kthread_worker is one thread its user creates and names
 * (kernel/kthread.c kthread_create_worker()); its works run there one after the other. */

#define PAIR_WAIT	(HZ / 5)	/* how long the first work waits for the second to start */

struct work_pair {
	struct work_struct work[2];
	struct kthread_work kwork[2];
	struct completion started[2];
	struct task_struct *task[2];
	bool first_done;
	bool second_overlapped;		/* the second started while the first still ran */
};

/* The first work: started, then waits (sleeping) to see whether the second starts meanwhile. */
static void pair_first(struct work_pair *p)
{
	p->task[0] = current;
	complete(&p->started[0]);
	wait_for_completion_timeout(&p->started[1], PAIR_WAIT);
	WRITE_ONCE(p->first_done, true);
}

static void pair_second(struct work_pair *p)
{
	p->task[1] = current;
	p->second_overlapped = !READ_ONCE(p->first_done);
	complete(&p->started[1]);
}

static void pair_wq_first(struct work_struct *w)
{
	pair_first(container_of(w, struct work_pair, work[0]));
}

static void pair_wq_second(struct work_struct *w)
{
	pair_second(container_of(w, struct work_pair, work[1]));
}

static void pair_kw_first(struct kthread_work *w)
{
	pair_first(container_of(w, struct work_pair, kwork[0]));
}

static void pair_kw_second(struct kthread_work *w)
{
	pair_second(container_of(w, struct work_pair, kwork[1]));
}

static void workqueue_vs_kthread_worker_example(struct ktest *test)
{
	struct work_pair *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct kthread_worker *kw;
	int cpu = smp_processor_id();

	KTEST_ASSERT_NOT_NULL(test, p);

	/* Workqueue: both works on one CPU's pool; the first sleeps, so the second runs now. */
	init_completion(&p->started[0]);
	init_completion(&p->started[1]);
	INIT_WORK(&p->work[0], pair_wq_first);
	INIT_WORK(&p->work[1], pair_wq_second);
	KTEST_EXPECT_TRUE(test, queue_work_on(cpu, system_wq, &p->work[0]));
	KTEST_EXPECT_TRUE(test, queue_work_on(cpu, system_wq, &p->work[1]));
	flush_work(&p->work[0]);
	flush_work(&p->work[1]);
	KTEST_EXPECT_TRUE(test, p->second_overlapped);
	KTEST_EXPECT_PTR_NE(test, p->task[0], p->task[1]);
	KTEST_EXPECT_EQ(test, strncmp(p->task[0]->comm, "kworker/", 8), 0);
	KTEST_EXPECT_EQ(test, strncmp(p->task[1]->comm, "kworker/", 8), 0);

	/* kthread_worker: one named thread; the second work waits for the first to return. */
	memset(p, 0, sizeof(*p));
	init_completion(&p->started[0]);
	init_completion(&p->started[1]);
	kw = kthread_create_worker(0, "pair-worker");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kw);
	kthread_init_work(&p->kwork[0], pair_kw_first);
	kthread_init_work(&p->kwork[1], pair_kw_second);
	KTEST_EXPECT_TRUE(test, kthread_queue_work(kw, &p->kwork[0]));
	KTEST_EXPECT_TRUE(test, kthread_queue_work(kw, &p->kwork[1]));
	kthread_flush_worker(kw);
	KTEST_EXPECT_FALSE(test, p->second_overlapped);
	KTEST_EXPECT_PTR_EQ(test, p->task[0], p->task[1]);
	KTEST_EXPECT_PTR_EQ(test, p->task[0], kw->task);
	KTEST_EXPECT_STREQ(test, kw->task->comm, "pair-worker");
	kthread_destroy_worker(kw);
	kfree(p);
}

/* ---- kworker names (kernel/workqueue.c create_worker()): "kworker/N:M" is worker M of CPU N's
 * pool, with "H" for the nice -20 pool; "kworker/uP:M" is worker M of unbound pool P. P is the
 * pool's id, not a CPU count: two unbound pools over the same CPUs (nice 0 and nice -20) have
 * different numbers, and an unbound highpri worker has no "H". */

struct kworker_name {
	bool unbound;
	unsigned long pool;	/* CPU, or pool id when unbound */
	unsigned long id;
	bool highpri;
};

/* Parse a kworker's comm; false if it is not one. */
static bool parse_kworker(const char *comm, struct kworker_name *n)
{
	const char *s = comm + 8;
	unsigned long *v[2] = { &n->pool, &n->id };

	if (strncmp(comm, "kworker/", 8))
		return false;
	n->unbound = *s == 'u';
	if (n->unbound)
		s++;
	for (int i = 0; i < 2; i++) {
		if (*s < '0' || *s > '9')
			return false;
		for (*v[i] = 0; *s >= '0' && *s <= '9'; s++)
			*v[i] = *v[i] * 10 + (*s - '0');
		if (i == 0 && *s++ != ':')
			return false;
	}
	n->highpri = *s == 'H';
	return *s == '\0' || (n->highpri && s[1] == '\0');
}

struct name_work {
	struct work_struct work;
	char comm[TASK_COMM_LEN];
	int cpu;
	int nice;
	unsigned int nr_cpus;
};

static void name_work_fn(struct work_struct *w)
{
	struct name_work *nw = container_of(w, struct name_work, work);

	strscpy(nw->comm, current->comm, sizeof(nw->comm));
	nw->cpu = smp_processor_id();
	nw->nice = task_nice(current);
	nw->nr_cpus = current->nr_cpus_allowed;
}

/* Run a work on @wq (on @cpu when bound) and parse the name of the kworker that ran it. */
static bool run_named(struct ktest *test, struct workqueue_struct *wq, int cpu,
		      struct name_work *nw, struct kworker_name *n)
{
	memset(nw, 0, sizeof(*nw));
	INIT_WORK(&nw->work, name_work_fn);
	queue_work_on(cpu, wq, &nw->work);
	flush_work(&nw->work);
	if (!parse_kworker(nw->comm, n)) {
		ktest_info(test, "not a kworker name: \"%s\"", nw->comm);
		return false;
	}
	return true;
}

static void kworker_names_example(struct ktest *test)
{
	struct name_work *nw = kmalloc(sizeof(*nw), GFP_KERNEL);
	struct workqueue_struct *uhi;
	struct kworker_name n;
	unsigned long unbound_pool;
	int cpu = num_online_cpus() - 1;

	KTEST_ASSERT_NOT_NULL(test, nw);
	/* kworker/N:M: bound to CPU N, nice 0. */
	KTEST_ASSERT_TRUE(test, run_named(test, system_wq, cpu, nw, &n));
	KTEST_EXPECT_FALSE(test, n.unbound);
	KTEST_EXPECT_FALSE(test, n.highpri);
	KTEST_EXPECT_EQ(test, n.pool, (unsigned long)cpu);
	KTEST_EXPECT_EQ(test, nw->cpu, cpu);
	KTEST_EXPECT_EQ(test, nw->nr_cpus, 1);
	KTEST_EXPECT_EQ(test, nw->nice, 0);
	/* kworker/N:MH: the same CPU's highpri pool, nice -20. */
	KTEST_ASSERT_TRUE(test, run_named(test, system_highpri_wq, cpu, nw, &n));
	KTEST_EXPECT_FALSE(test, n.unbound);
	KTEST_EXPECT_TRUE(test, n.highpri);
	KTEST_EXPECT_EQ(test, n.pool, (unsigned long)cpu);
	KTEST_EXPECT_EQ(test, nw->nice, -20);
	/* kworker/uP:M: any CPU. */
	KTEST_ASSERT_TRUE(test, run_named(test, system_unbound_wq, WORK_CPU_UNBOUND, nw, &n));
	KTEST_EXPECT_TRUE(test, n.unbound);
	KTEST_EXPECT_FALSE(test, n.highpri);
	KTEST_EXPECT_EQ(test, nw->nr_cpus, cpumask_weight(cpu_possible_mask));
	KTEST_EXPECT_EQ(test, nw->nice, 0);
	unbound_pool = n.pool;
	/* The same CPUs at nice -20: another pool, so another P, and no "H". */
	uhi = alloc_workqueue("examples_unbound_hi", WQ_UNBOUND | WQ_HIGHPRI, 0);
	KTEST_ASSERT_NOT_NULL(test, uhi);
	if (run_named(test, uhi, WORK_CPU_UNBOUND, nw, &n)) {
		KTEST_EXPECT_TRUE(test, n.unbound);
		KTEST_EXPECT_FALSE(test, n.highpri);
		KTEST_EXPECT_NE(test, n.pool, unbound_pool);
		KTEST_EXPECT_EQ(test, nw->nr_cpus, cpumask_weight(cpu_possible_mask));
		KTEST_EXPECT_EQ(test, nw->nice, -20);
	} else {
		KTEST_FAIL(test, "unbound highpri work ran in \"%s\"", nw->comm);
	}
	destroy_workqueue(uhi);
	kfree(nw);
}

/* ---- Starting a thread now or later: once boot is over (Linux's system_state is
 * SYSTEM_RUNNING) a subsystem can start its kthread directly; before, it can defer the start with
 * schedule_delayed_work(), whose work runs in a system_wq kworker no earlier than the delay
 * (kernel/workqueue.c __queue_delayed_work(): a timer, then __queue_work()).
 * cancel_delayed_work_sync() withdraws it. The self-tests run once system_state is
 * SYSTEM_RUNNING, so the case takes the direct branch unconditionally, then runs the deferred
 * one. */

#define DEFER_TICKS	5	/* the delay; a subsystem would wait seconds */

static struct delayed_work deferred_start;
static unsigned long deferred_ran_at;
static char deferred_comm[TASK_COMM_LEN];
static unsigned int deferred_runs;

static void deferred_start_fn(struct work_struct *w)
{
	deferred_ran_at = jiffies;
	strscpy(deferred_comm, current->comm, sizeof(deferred_comm));
	WRITE_ONCE(deferred_runs, deferred_runs + 1);
}

static void deferred_start_example(struct ktest *test)
{
	struct task_struct *kth;
	unsigned long queued_at;

	deferred_runs = 0;
	INIT_DELAYED_WORK(&deferred_start, deferred_start_fn);
	/* After boot: the direct branch. */
	loop_work_done = 0;
	kth = kthread_run(my_thread_fn, NULL, "delayed-kthread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, kth);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(loop_work_done) > 0, 2000));
	KTEST_EXPECT_EQ(test, kthread_stop(kth), 0);

	/* The deferred branch: pending for the delay, then run once in a kworker. */
	queued_at = jiffies;
	KTEST_EXPECT_TRUE(test, schedule_delayed_work(&deferred_start, DEFER_TICKS));
	KTEST_EXPECT_TRUE(test, delayed_work_pending(&deferred_start));
	KTEST_EXPECT_FALSE(test, schedule_delayed_work(&deferred_start, DEFER_TICKS));
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(deferred_runs) == 1, 2000));
	flush_delayed_work(&deferred_start);
	KTEST_EXPECT_GE(test, deferred_ran_at - queued_at, DEFER_TICKS);
	KTEST_EXPECT_EQ(test, strncmp(deferred_comm, "kworker/", 8), 0);
	KTEST_EXPECT_EQ(test, deferred_runs, 1);

	/* Withdrawn before its time: it never runs. */
	schedule_delayed_work(&deferred_start, 10 * DEFER_TICKS);
	KTEST_EXPECT_TRUE(test, cancel_delayed_work_sync(&deferred_start));
	msleep(jiffies_to_msecs(12 * DEFER_TICKS));
	KTEST_EXPECT_EQ(test, deferred_runs, 1);
}

/* ---- Freezable kthreads (kernel/freezer.c, kernel/power/process.c). A kthread is unfreezable
 * (PF_NOFREEZE, inherited from kthreadd) until it calls set_freezable(). During a suspend's
 * freeze it stops either in try_to_freeze(), which returns true once thawed, or in a freezable
 * sleep. Linux 6.1 changed the second: wait_event_freezable() (include/linux/wait.h) no longer
 * calls try_to_freeze() after waking; it sleeps in TASK_INTERRUPTIBLE | TASK_FREEZABLE, and
 * freeze_task() -> __freeze_task() turns the sleeper into TASK_FROZEN where it lies, without
 * waking it. So the loop does not turn while frozen, and try_to_freeze() never reports it. */

struct fz_thread {
	wait_queue_head_t wq;
	bool has_work;
	bool keep_busy;			/* has_work stays set: the loop runs through try_to_freeze() */
	unsigned long io_done;
	unsigned long wakeups;		/* returns from wait_event_freezable() */
	unsigned long try_frozen;	/* times try_to_freeze() froze it */
};

static void do_io_work(struct fz_thread *f)
{
	if (!READ_ONCE(f->keep_busy))
		WRITE_ONCE(f->has_work, false);
	WRITE_ONCE(f->io_done, f->io_done + 1);
	if (READ_ONCE(f->keep_busy))
		msleep(1);	/* an unfreezable sleep: the freezer waits for the loop's top */
}

static int freezable_thread_fn(void *data)
{
	struct fz_thread *f = data;

	set_freezable();
	while (!kthread_should_stop()) {
		if (try_to_freeze())
			WRITE_ONCE(f->try_frozen, f->try_frozen + 1);
		if (READ_ONCE(f->has_work))
			do_io_work(f);
		wait_event_freezable(f->wq, READ_ONCE(f->has_work) || kthread_should_stop());
		WRITE_ONCE(f->wakeups, f->wakeups + 1);
	}
	return 0;
}

/* A suspend's freeze as enter_state() makes it: user space, then freezable kthreads. */
static int examples_freeze(unsigned int *sleep_flags)
{
	int err;

	*sleep_flags = lock_system_sleep();
	err = suspend_freeze_processes();
	if (err)
		unlock_system_sleep(*sleep_flags);
	return err;
}

static void examples_thaw(unsigned int sleep_flags)
{
	suspend_thaw_processes();
	unlock_system_sleep(sleep_flags);
}

static bool sleeping_freezable(struct task_struct *t)
{
	return READ_ONCE(t->__state) == (TASK_INTERRUPTIBLE | TASK_FREEZABLE) &&
	       !READ_ONCE(t->on_cpu);
}

static void freezable_thread_example(struct ktest *test)
{
	struct fz_thread *f = kzalloc(sizeof(*f), GFP_KERNEL);
	unsigned long io, wakeups;
	unsigned int sleep_flags;
	struct task_struct *t;

	KTEST_ASSERT_NOT_NULL(test, f);
	init_waitqueue_head(&f->wq);
	t = kthread_run(freezable_thread_fn, f, "freezable-thread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	KTEST_ASSERT_TRUE(test, wait_until(sleeping_freezable(t), 2000));
	KTEST_EXPECT_FALSE(test, t->flags & PF_NOFREEZE);

	/* Frozen asleep: in place, not woken, try_to_freeze() not reached (6.1). */
	wakeups = READ_ONCE(f->wakeups);
	KTEST_ASSERT_EQ(test, examples_freeze(&sleep_flags), 0);
	KTEST_EXPECT_TRUE(test, frozen(t));
	KTEST_EXPECT_EQ(test, READ_ONCE(t->__state), TASK_FROZEN);
	KTEST_EXPECT_EQ(test, task_state_to_char(t), 'D');
	KTEST_EXPECT_EQ(test, READ_ONCE(f->wakeups), wakeups);
	examples_thaw(sleep_flags);
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_freezable(t), 2000));
	KTEST_EXPECT_FALSE(test, frozen(t));
	KTEST_EXPECT_EQ(test, READ_ONCE(f->try_frozen), 0);

	/* Busy: it never sleeps freezably, so it stops in try_to_freeze() at the loop's top. */
	WRITE_ONCE(f->keep_busy, true);
	WRITE_ONCE(f->has_work, true);
	wake_up(&f->wq);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(f->io_done) >= 3, 2000));
	KTEST_ASSERT_EQ(test, examples_freeze(&sleep_flags), 0);
	KTEST_EXPECT_TRUE(test, frozen(t));
	io = READ_ONCE(f->io_done);
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(f->io_done), io);
	examples_thaw(sleep_flags);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(f->io_done) > io, 2000));
	KTEST_EXPECT_EQ(test, READ_ONCE(f->try_frozen), 1);
	WRITE_ONCE(f->keep_busy, false);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
	kfree(f);
}

/* ---- A freezable kthread that waits for work in wait_event_freezable(): frozen by a suspend,
 * work that arrives while it is frozen waits for the thaw (the wake-up of a TASK_FROZEN task
 * does nothing: only __thaw_task() ends it), and kthread_stop() still ends it afterwards. */

static struct fz_thread fz_module;

static int freezable_fn(void *data)
{
	struct fz_thread *f = data;

	set_freezable();
	while (!kthread_should_stop()) {
		wait_event_freezable(f->wq, READ_ONCE(f->has_work) || kthread_should_stop());
		if (kthread_should_stop())
			break;
		WRITE_ONCE(f->has_work, false);
		WRITE_ONCE(f->io_done, f->io_done + 1);
	}
	return 0;
}

static void freezable_module_example(struct ktest *test)
{
	struct fz_thread *f = &fz_module;
	unsigned int sleep_flags;
	struct task_struct *t;

	memset(f, 0, sizeof(*f));
	init_waitqueue_head(&f->wq);
	t = kthread_run(freezable_fn, f, "freezable_kth");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	KTEST_ASSERT_TRUE(test, wait_until(sleeping_freezable(t), 2000));
	WRITE_ONCE(f->has_work, true);
	wake_up(&f->wq);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(f->io_done) == 1, 2000));
	KTEST_ASSERT_TRUE(test, wait_until(sleeping_freezable(t), 2000));

	KTEST_ASSERT_EQ(test, examples_freeze(&sleep_flags), 0);
	KTEST_EXPECT_TRUE(test, frozen(t));
	WRITE_ONCE(f->has_work, true);
	wake_up(&f->wq);
	msleep(20);
	KTEST_EXPECT_EQ(test, READ_ONCE(f->io_done), 1);
	KTEST_EXPECT_EQ(test, READ_ONCE(t->__state), TASK_FROZEN);
	examples_thaw(sleep_flags);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(f->io_done) == 2, 2000));
	KTEST_EXPECT_TRUE(test, wait_until(sleeping_freezable(t), 2000));
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
	KTEST_EXPECT_EQ(test, READ_ONCE(f->io_done), 2);
}

/* ---- kthreadd is PF_NOFREEZE (kernel/kthread.c kthreadd()), and every kthread starts with it:
 * a thread that never calls set_freezable() keeps running through a suspend's freeze. Linux 6.1
 * has no PF_FREEZER_NOSIG; kthreads are never sent the freezer's fake signal anyway. */

static unsigned long nofreeze_loops;

static int nofreeze_fn(void *data)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(nofreeze_loops, nofreeze_loops + 1);
		schedule_timeout_interruptible(1);
	}
	return 0;
}

static void kthreadd_nofreeze_example(struct ktest *test)
{
	unsigned int sleep_flags;
	struct task_struct *t;
	unsigned long loops;

	KTEST_EXPECT_TRUE(test, kthreadd_task->flags & PF_NOFREEZE);
	nofreeze_loops = 0;
	t = kthread_run(nofreeze_fn, NULL, "nofreeze-kthread");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, t);
	KTEST_EXPECT_TRUE(test, t->flags & PF_NOFREEZE);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(nofreeze_loops) > 0, 2000));
	KTEST_ASSERT_EQ(test, examples_freeze(&sleep_flags), 0);
	loops = READ_ONCE(nofreeze_loops);
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(nofreeze_loops) > loops + 3, 2000));
	KTEST_EXPECT_FALSE(test, frozen(t));
	examples_thaw(sleep_flags);
	KTEST_EXPECT_EQ(test, kthread_stop(t), 0);
}

/* ---- A tasklet (kernel/softirq.c): tasklet_schedule() from a thread runs the function soon, in
 * softirq context (atomic: it must not sleep) on the CPU that scheduled it; scheduled again
 * before it ran, it still runs once. */

struct examples_tasklet {
	struct tasklet_struct tasklet;
	unsigned int runs;
	int cpu;
	bool in_softirq;
	bool atomic;
	struct task_struct *task;
};

static void examples_tasklet_fn(struct tasklet_struct *t)
{
	struct examples_tasklet *st = from_tasklet(st, t, tasklet);

	st->cpu = smp_processor_id();
	st->in_softirq = in_serving_softirq();
	st->atomic = preempt_count() != 0;
	st->task = current;
	WRITE_ONCE(st->runs, st->runs + 1);
}

static void tasklet_example(struct ktest *test)
{
	struct examples_tasklet *st = kzalloc(sizeof(*st), GFP_KERNEL);
	int cpu;

	KTEST_ASSERT_NOT_NULL(test, st);
	tasklet_setup(&st->tasklet, examples_tasklet_fn);
	preempt_disable();
	cpu = smp_processor_id();
	tasklet_schedule(&st->tasklet);
	preempt_enable();
	KTEST_EXPECT_TRUE(test, wait_until(READ_ONCE(st->runs) == 1, 2000));
	KTEST_EXPECT_EQ(test, st->cpu, cpu);
	KTEST_EXPECT_TRUE(test, st->in_softirq);
	KTEST_EXPECT_TRUE(test, st->atomic);

	/* Twice with bottom halves off: once, in local_bh_enable(), in this task. */
	local_bh_disable();
	tasklet_schedule(&st->tasklet);
	tasklet_schedule(&st->tasklet);
	KTEST_EXPECT_EQ(test, READ_ONCE(st->runs), 1);
	local_bh_enable();
	KTEST_EXPECT_EQ(test, READ_ONCE(st->runs), 2);
	KTEST_EXPECT_PTR_EQ(test, st->task, current);
	tasklet_kill(&st->tasklet);
	KTEST_EXPECT_EQ(test, st->runs, 2);
	kfree(st);
}

static struct ktest_case examples_cases[] = {
	KTEST_CASE(basic_module_example),
	KTEST_CASE(should_stop_loop_example),
	KTEST_CASE(kthread_create_bind_example),
	KTEST_CASE(rest_init_kthreadd_example),
	KTEST_CASE(kthreadd_changes_not_inherited_example),
	KTEST_CASE(kernel_thread_parent_example),
	KTEST_CASE(event_thread_example),
	KTEST_CASE(wait_event_interruptible_example),
	KTEST_CASE(wait_event_interruptible_signal_example),
	KTEST_CASE(completion_startup_example),
	KTEST_CASE(parkable_thread_example),
	KTEST_CASE(per_cpu_thread_example),
	KTEST_CASE(smpboot_thread_example),
	KTEST_CASE(kthread_worker_example),
	KTEST_CASE(kthread_worker_flush_example),
	KTEST_CASE(error_handling_example),
	KTEST_CASE(kthread_create_killed_example),
	KTEST_CASE(hog_thread_example),
	KTEST_CASE(polling_thread_example),
	KTEST_CASE(sched_class_example),
	KTEST_CASE(workqueue_vs_kthread_worker_example),
	KTEST_CASE(kworker_names_example),
	KTEST_CASE(deferred_start_example),
	KTEST_CASE(freezable_thread_example),
	KTEST_CASE(freezable_module_example),
	KTEST_CASE(kthreadd_nofreeze_example),
	KTEST_CASE(tasklet_example),
	{}
};

static struct ktest_suite examples_suite = {
	.name = "examples",
	.cases = examples_cases,
};
ktest_register_suite(examples_suite);
