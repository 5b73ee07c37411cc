/* Self-tests of the CPU stopper and CPU hotplug (suite "hotplug"): stop_one_cpu() and
 * stop_machine() in migration/N, and each AP taken offline and online under load. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/tick.h>
#include <linux/timer.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <ktest.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

#define SETTLE_TICKS	2000

/* ---- The stopper ------------------------------------------------------------------------- */

struct stop_rec {
	int cpu;
	bool in_stopper;	/* current is migration/<cpu>, in the stop class (FIFO 99 to ps) */
	bool atomic;		/* preemption was off */
	int calls;
};

static int record_stop(void *arg)
{
	struct stop_rec *r = arg;
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), "migration/%d", smp_processor_id());
	r->cpu = smp_processor_id();
	r->in_stopper = !strcmp(current->comm, name) && current->policy == SCHED_FIFO &&
			current->rt_priority == MAX_RT_PRIO - 1;
	r->atomic = preempt_count() != 0;
	r->calls++;
	return 100 + r->cpu;
}

/* stop_one_cpu() runs the function on the CPU asked for, in that CPU's migration/N with
 * preemption off, waits for it and returns its value. */
static void stop_one_cpu_runs_in_migration_thread(struct ktest *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct stop_rec r = { .cpu = -1 };

		KTEST_EXPECT_EQ(test, stop_one_cpu(cpu, record_stop, &r), 100 + (int)cpu);
		KTEST_EXPECT_EQ(test, r.calls, 1);
		KTEST_EXPECT_EQ(test, r.cpu, (int)cpu);
		KTEST_EXPECT_TRUE(test, r.in_stopper);
		KTEST_EXPECT_TRUE(test, r.atomic);
	}
}

/* A FIFO 99 thread spinning on a CPU does not keep the stopper out: the stop class is above
 * every RT priority. */
static int spin_until_stopped(void *arg)
{
	unsigned long *count = arg;

	while (!kthread_should_stop())
		WRITE_ONCE(*count, *count + 1);
	return 0;
}

static void stop_one_cpu_preempts_fifo_99(struct ktest *test)
{
	struct sched_param param = { .sched_priority = MAX_RT_PRIO - 1 };
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct stop_rec r = { .cpu = -1 };
	unsigned long count = 0;
	struct task_struct *hog;

	if (cpu == 0)
		ktest_skip(test, "needs a second online CPU for the spinning FIFO thread");
	hog = kthread_create_on_cpu(spin_until_stopped, &count, cpu, "hp_hog/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, hog);
	sched_setscheduler_nocheck(hog, SCHED_FIFO, &param);
	wake_up_process(hog);
	for (int i = 0; i < 1000 && READ_ONCE(count) == 0; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_NE(test, READ_ONCE(count), 0UL);
	KTEST_EXPECT_EQ(test, stop_one_cpu(cpu, record_stop, &r), 100 + (int)cpu);
	KTEST_EXPECT_EQ(test, r.cpu, (int)cpu);
	KTEST_EXPECT_TRUE(test, r.in_stopper);
	kthread_stop(hog);
}

/* What stop_machine()'s function saw on each CPU it ran on. */
struct machine_rec {
	int ran[NR_CPUS];
	int irqs_on;			/* it ran with interrupts on somewhere */
	unsigned long *counter;		/* bumped by a busy thread on another CPU */
	int counter_moved;		/* ... and that thread ran while the function did */
};

static int record_machine(void *arg)
{
	struct machine_rec *m = arg;
	unsigned long before = READ_ONCE(*m->counter);

	__atomic_add_fetch(&m->ran[smp_processor_id()], 1, __ATOMIC_RELAXED);
	if (!irqs_disabled())
		__atomic_add_fetch(&m->irqs_on, 1, __ATOMIC_RELAXED);
	udelay(200);
	if (READ_ONCE(*m->counter) != before)
		__atomic_add_fetch(&m->counter_moved, 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * stop_machine(fn, data, NULL) runs fn once, on one CPU, with interrupts off; with
 * cpu_online_mask it runs once on every online CPU. Either way no other task runs anywhere
 * meanwhile: a thread busy counting on the last CPU makes no progress while fn waits 200 us.
 */
static void stop_machine_stops_every_cpu(struct ktest *test)
{
	unsigned int cpu, last = cpumask_last(cpu_online_mask);
	struct machine_rec m;
	unsigned long count = 0;
	struct task_struct *busy = NULL;
	int total = 0;

	if (last != 0) {
		busy = kthread_create_on_cpu(spin_until_stopped, &count, last, "hp_busy/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, busy);
		wake_up_process(busy);
		for (int i = 0; i < 1000 && READ_ONCE(count) == 0; i++)
			schedule_timeout_uninterruptible(1);
	}

	memset(&m, 0, sizeof(m));
	m.counter = &count;
	KTEST_EXPECT_EQ(test, stop_machine(record_machine, &m, NULL), 0);
	for_each_possible_cpu(cpu)
		total += m.ran[cpu];
	KTEST_EXPECT_EQ(test, total, 1);
	KTEST_EXPECT_EQ(test, m.irqs_on, 0);
	KTEST_EXPECT_EQ(test, m.counter_moved, 0);

	memset(&m, 0, sizeof(m));
	m.counter = &count;
	KTEST_EXPECT_EQ(test, stop_machine(record_machine, &m, cpu_online_mask), 0);
	for_each_possible_cpu(cpu)
		KTEST_EXPECT_EQ(test, m.ran[cpu], cpu_online(cpu) ? 1 : 0);
	KTEST_EXPECT_EQ(test, m.irqs_on, 0);
	KTEST_EXPECT_EQ(test, m.counter_moved, 0);
	if (busy) {
		KTEST_EXPECT_NE(test, READ_ONCE(count), 0UL);
		kthread_stop(busy);
	}
}

/* ---- The boot-time thread landscape ----------------------------------------------------- */

static struct task_struct *find_task(const char *fmt, unsigned int cpu)
{
	char name[TASK_COMM_LEN];
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	snprintf(name, sizeof(name), fmt, cpu);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (!strcmp(p->comm, name)) {
			found = p;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/* [name/N] as Linux 6.1 shows it: a child of kthreadd, bound to exactly N, per-CPU. */
static void expect_percpu_thread(struct ktest *test, struct task_struct *p, unsigned int cpu,
				 int policy, unsigned int rt_priority)
{
	KTEST_EXPECT_EQ(test, p->real_parent->pid, 2);
	KTEST_EXPECT_EQ(test, p->nr_cpus_allowed, 1);
	KTEST_EXPECT_TRUE(test, cpumask_test_cpu(cpu, &p->cpus_mask));
	KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(p));
	KTEST_EXPECT_EQ(test, p->policy, policy);
	KTEST_EXPECT_UEQ(test, p->rt_priority, rt_priority);
}

/*
 * The ps table after bring-up: swapper/N (PID 0) per CPU, and per CPU cpuhp/N (TS), migration/N
 * (FF 99) and ksoftirqd/N (TS). Creation order, by PID: CPU 0's by registration (ksoftirqd,
 * migration, cpuhp), each AP's in smpboot's list order (cpuhp, migration, ksoftirqd), the APs
 * one after another.
 */
static void boot_threads_as_linux_shows_them(struct ktest *test)
{
	unsigned int cpu;
	int last_pid = 0;

	for_each_online_cpu(cpu) {
		static const char *const fmt[3] = { "cpuhp/%u", "migration/%u", "ksoftirqd/%u" };
		struct task_struct *t[3], *idle = idle_task(cpu);
		char name[TASK_COMM_LEN];

		snprintf(name, sizeof(name), "swapper/%u", cpu);
		KTEST_EXPECT_STREQ(test, idle->comm, name);
		KTEST_EXPECT_EQ(test, idle->pid, 0);
		for (int i = 0; i < 3; i++) {
			t[i] = find_task(fmt[i], cpu);
			KTEST_ASSERT_NOT_NULL(test, t[i]);
		}
		expect_percpu_thread(test, t[0], cpu, SCHED_NORMAL, 0);
		expect_percpu_thread(test, t[1], cpu, SCHED_FIFO, MAX_RT_PRIO - 1);
		expect_percpu_thread(test, t[2], cpu, SCHED_NORMAL, 0);
		if (cpu == 0) {
			KTEST_EXPECT_LT(test, t[2]->pid, t[1]->pid);
			KTEST_EXPECT_LT(test, t[1]->pid, t[0]->pid);
			last_pid = t[0]->pid;
			continue;
		}
		KTEST_EXPECT_LT(test, last_pid, t[0]->pid);
		KTEST_EXPECT_LT(test, t[0]->pid, t[1]->pid);
		KTEST_EXPECT_LT(test, t[1]->pid, t[2]->pid);
		last_pid = t[2]->pid;
	}
}

/* ---- Hotplug ----------------------------------------------------------------------------- */

static void need_two_cpus(struct ktest *test)
{
	if (num_online_cpus() < 2)
		ktest_skip(test, "needs two online CPUs (one to take down)");
}

/* CPU 0 refuses; a CPU that is not present is invalid; a CPU already in the state asked for
 * is left alone with 0. */
static void cpu0_and_bad_cpus_refused(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, remove_cpu(0), -EBUSY);
	KTEST_EXPECT_EQ(test, remove_cpu(0), -EBUSY);
	KTEST_EXPECT_EQ(test, remove_cpu(nr_cpu_ids), -EINVAL);
	KTEST_EXPECT_EQ(test, add_cpu(nr_cpu_ids), -EINVAL);
	KTEST_EXPECT_EQ(test, add_cpu(0), 0);
	KTEST_EXPECT_TRUE(test, cpu_online(0));
}

/* Every AP down: CPU 0, now the last one, still refuses; downing an offline CPU again and
 * upping an online one are no-ops; all come back. */
static void last_cpu_stays_online(struct ktest *test)
{
	struct cpumask was;
	unsigned int cpu;

	need_two_cpus(test);
	cpumask_copy(&was, cpu_online_mask);
	for_each_cpu(cpu, &was)
		if (cpu)
			KTEST_EXPECT_EQ(test, remove_cpu(cpu), 0);
	KTEST_EXPECT_EQ(test, num_online_cpus(), 1U);
	KTEST_EXPECT_EQ(test, remove_cpu(0), -EBUSY);
	KTEST_EXPECT_TRUE(test, cpu_online(0));
	for_each_cpu(cpu, &was) {
		if (!cpu)
			continue;
		KTEST_EXPECT_EQ(test, remove_cpu(cpu), 0);
		KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
		KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
		KTEST_EXPECT_TRUE(test, cpu_online(cpu));
	}
	KTEST_EXPECT_EQ(test, num_online_cpus(), cpumask_weight(&was));
}

/* A present CPU that maxcpus= kept down at boot comes up through the same steps (its threads
 * created then) and goes down again. */
static void cpu_held_back_at_boot_comes_up(struct ktest *test)
{
	unsigned int cpu, tried = 0;

	for_each_present_cpu(cpu) {
		if (cpu_online(cpu) || cpu == smpboot_dead_cpu)
			continue;
		tried++;
		KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
		KTEST_EXPECT_TRUE(test, cpu_online(cpu));
		KTEST_EXPECT_NOT_NULL(test, find_task("cpuhp/%u", cpu));
		KTEST_EXPECT_NOT_NULL(test, find_task("migration/%u", cpu));
		KTEST_EXPECT_NOT_NULL(test, find_task("ksoftirqd/%u", cpu));
		KTEST_EXPECT_EQ(test, remove_cpu(cpu), 0);
		KTEST_EXPECT_FALSE(test, cpu_online(cpu));
	}
	if (!tried)
		ktest_skip(test, "every present CPU is online (boot with maxcpus= to keep some down)");
}

/* The call-in wait of one bring-up attempt (arch/x86/smpboot.c) and slack for a loaded host. */
#define DEAD_CPU_UP_MAX_NS	(5000ULL * 1000 * 1000)

/*
 * The CPU smpboot.dead_cpu= keeps silent: add_cpu() kicks it again, times out and returns
 * -EIO within one call-in wait, never hangs. It stays offline with its smpboot threads parked
 * (created before the kick, as in Linux): per-CPU threads of it, but parked on an online CPU
 * with their mask widened, as Linux's select_fallback_rq() leaves a thread woken (here by
 * kthread_park()) while its only CPU is down; kthread_unpark() would bind them back.
 * remove_cpu() of it is a no-op, and the other CPUs still go down and up.
 */
static void dead_cpu_up_fails_cleanly(struct ktest *test)
{
	static const char *const fmt[3] = { "cpuhp/%u", "migration/%u", "ksoftirqd/%u" };
	unsigned int cpu = smpboot_dead_cpu, other;
	u64 start, took;

	if (cpu >= nr_cpu_ids)
		ktest_skip(test, "no smpboot.dead_cpu=<N> on the command line");
	KTEST_EXPECT_FALSE(test, cpu_online(cpu));
	start = sched_clock();
	KTEST_EXPECT_EQ(test, add_cpu(cpu), -EIO);
	took = sched_clock() - start;
	ktest_printk(test, "add_cpu(%u) gave up after %lu ms\n", cpu,
		     (unsigned long)(took / 1000000));
	KTEST_EXPECT_LT(test, took, DEAD_CPU_UP_MAX_NS);
	KTEST_EXPECT_FALSE(test, cpu_online(cpu));
	KTEST_EXPECT_EQ(test, remove_cpu(cpu), 0);
	for (int i = 0; i < 3; i++) {
		struct task_struct *p = find_task(fmt[i], cpu);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ(test, READ_ONCE(p->__state), TASK_PARKED);
		KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(p));
		KTEST_EXPECT_TRUE(test, cpu_online(task_cpu(p)));
		KTEST_EXPECT_TRUE(test, cpumask_test_cpu(task_cpu(p), &p->cpus_mask));
	}
	other = cpumask_last(cpu_online_mask);
	if (other) {
		KTEST_EXPECT_EQ(test, remove_cpu(other), 0);
		KTEST_EXPECT_EQ(test, add_cpu(other), 0);
	}
}

/*
 * What may still name an offline CPU: its idle task and its parked per-CPU threads. Returns
 * how many other tasks do, printing them; also how many of its smpboot threads are parked.
 */
static int offline_cpu_intruders(struct ktest *test, unsigned int cpu, int *parked)
{
	struct task_struct *p;
	unsigned long flags;
	int bad = 0;

	*parked = 0;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (task_cpu(p) != cpu || p == idle_task(cpu))
			continue;
		if (READ_ONCE(p->__state) == TASK_PARKED && kthread_is_per_cpu(p) &&
		    !task_on_rq_queued(p) && !READ_ONCE(p->on_cpu)) {
			(*parked)++;
			continue;
		}
		bad++;
		ktest_printk(test, "%s/%d on offline CPU %u, state %#x, on_rq %d\n", p->comm,
			     p->pid, cpu, READ_ONCE(p->__state), p->on_rq);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return bad;
}

static int ran_on = -1;

static int record_cpu_and_sleep(void *unused)
{
	WRITE_ONCE(ran_on, smp_processor_id());
	return sleep_until_stopped(0);
}

/*
 * One AP down and up, looked at closely. Offline: not in the mask, its cpuhp/N, migration/N and
 * ksoftirqd/N parked (ps STAT P) and still its own, nothing else names it, its run queue holds
 * nothing, it runs its idle task (halted), takes no ticks, and its stopper refuses work.
 * Online again: the threads run on it, its stopper answers there, it ticks while a thread
 * keeps it busy, and a thread created bound to it runs there.
 */
static void offline_cpu_is_empty_and_quiet(struct ktest *test)
{
	static const char *const fmt[3] = { "cpuhp/%u", "migration/%u", "ksoftirqd/%u" };
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct stop_rec r = { .cpu = -1 };
	struct task_struct *t[3], *p;
	unsigned long ticks, spins = 0;
	int parked;

	need_two_cpus(test);
	for (int i = 0; i < 3; i++) {
		t[i] = find_task(fmt[i], cpu);
		KTEST_ASSERT_NOT_NULL(test, t[i]);
	}
	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KTEST_EXPECT_FALSE(test, cpu_online(cpu));
	for (int i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(test, READ_ONCE(t[i]->__state), TASK_PARKED);
		KTEST_EXPECT_EQ(test, task_cpu(t[i]), cpu);
	}
	KTEST_EXPECT_EQ(test, offline_cpu_intruders(test, cpu, &parked), 0);
	KTEST_EXPECT_EQ(test, parked, 3);
	KTEST_EXPECT_EQ(test, cpu_rq(cpu)->nr_running, 0U);
	KTEST_EXPECT_PTR_EQ(test, READ_ONCE(cpu_rq(cpu)->curr), idle_task(cpu));
	KTEST_EXPECT_EQ(test, stop_one_cpu(cpu, record_stop, &r), -ENOENT);
	KTEST_EXPECT_EQ(test, r.calls, 0);
	ticks = per_cpu(tick_count, cpu);
	msleep(20);
	KTEST_EXPECT_UEQ(test, per_cpu(tick_count, cpu), ticks);

	KTEST_ASSERT_EQ(test, add_cpu(cpu), 0);
	KTEST_EXPECT_TRUE(test, cpu_online(cpu));
	for (int i = 0; i < 3; i++) {
		/*
		 * Unparked, it may still be seen in TASK_PARKED for a moment: woken, it sets that
		 * state again at the top of __kthread_parkme()'s loop before it finds the request
		 * gone (Linux's loop too). A vCPU the host stops there keeps it so for a while.
		 */
		for (int j = 0; j < SETTLE_TICKS && READ_ONCE(t[i]->__state) == TASK_PARKED; j++)
			schedule_timeout_uninterruptible(1);
		KTEST_EXPECT_NE(test, READ_ONCE(t[i]->__state), TASK_PARKED);
		KTEST_EXPECT_EQ(test, task_cpu(t[i]), cpu);
	}
	KTEST_EXPECT_EQ(test, stop_one_cpu(cpu, record_stop, &r), 100 + (int)cpu);
	KTEST_EXPECT_EQ(test, r.cpu, (int)cpu);
	/* Busy, it ticks (idle, it would stop its tick). 20 ms is enough on a quiet host; a vCPU
	 * starved by a loaded host gets up to 2 s. */
	p = kthread_create_on_cpu(spin_until_stopped, &spins, cpu, "hp_spin/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	wake_up_process(p);
	msleep(20);
	for (int i = 0; i < SETTLE_TICKS && READ_ONCE(per_cpu(tick_count, cpu)) <= ticks + 5; i++)
		schedule_timeout_uninterruptible(1);
	kthread_stop(p);
	KTEST_EXPECT_GT(test, per_cpu(tick_count, cpu), ticks + 5);
	KTEST_EXPECT_GT(test, spins, 0UL);

	WRITE_ONCE(ran_on, -1);
	p = kthread_create_on_cpu(record_cpu_and_sleep, NULL, cpu, "hp_bound/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	wake_up_process(p);
	for (int i = 0; i < SETTLE_TICKS && READ_ONCE(ran_on) < 0; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_EQ(test, READ_ONCE(ran_on), (int)cpu);
	kthread_stop(p);
}

/* A task that runs on and on, checking on every pass that its CPU is online (a task running
 * on an offline CPU would see it is not). */
struct runner {
	unsigned long passes;
	unsigned long offline_seen;
	int last_cpu;
	bool spin;		/* busy ~1 ms per pass rather than sleeping a tick */
};

static int runner_fn(void *arg)
{
	struct runner *r = arg;

	while (!kthread_should_stop()) {
		unsigned int cpu;

		preempt_disable();
		cpu = smp_processor_id();
		if (!cpu_online(cpu))
			r->offline_seen++;
		WRITE_ONCE(r->last_cpu, cpu);
		preempt_enable();
		WRITE_ONCE(r->passes, r->passes + 1);
		if (r->spin)
			udelay(1000);
		schedule_timeout_uninterruptible(1);
	}
	return 0;
}

static unsigned long wait_passes(struct runner *r, unsigned long more)
{
	unsigned long want = READ_ONCE(r->passes) + more;

	for (int i = 0; i < SETTLE_TICKS && READ_ONCE(r->passes) < want; i++)
		schedule_timeout_uninterruptible(1);
	return READ_ONCE(r->passes);
}

/* A task allowed only on the CPU that goes down gets its affinity widened (silently, being a
 * kernel thread, as in Linux) and keeps running elsewhere; it stays widened afterwards. */
static void task_bound_to_dying_cpu_is_widened(struct ktest *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct runner r = { .last_cpu = -1 };
	struct task_struct *p;
	unsigned long before;

	need_two_cpus(test);
	p = kthread_create(runner_fn, &r, "hp_affine");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	KTEST_ASSERT_EQ(test, set_cpus_allowed_ptr(p, cpumask_of(cpu)), 0);
	wake_up_process(p);
	wait_passes(&r, 3);
	KTEST_EXPECT_EQ(test, READ_ONCE(r.last_cpu), (int)cpu);

	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KTEST_EXPECT_GT(test, p->nr_cpus_allowed, 1);
	KTEST_EXPECT_NE(test, task_cpu(p), cpu);
	before = READ_ONCE(r.passes);
	KTEST_EXPECT_GT(test, wait_passes(&r, 5), before + 4);
	KTEST_EXPECT_NE(test, READ_ONCE(r.last_cpu), (int)cpu);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
	kthread_stop(p);
	KTEST_EXPECT_UEQ(test, r.offline_seen, 0UL);
}

/* ---- Timers of a dying CPU ---- */

struct hp_timer {
	struct timer_list timer;
	unsigned long delay;		/* jiffies */
	int queued_on;
	int fired_on;
};

static void hp_timer_fn(struct timer_list *t)
{
	struct hp_timer *h = container_of(t, struct hp_timer, timer);

	WRITE_ONCE(h->fired_on, smp_processor_id());
}

static void queue_here(void *arg)
{
	struct hp_timer *h = arg;

	h->queued_on = smp_processor_id();
	mod_timer(&h->timer, jiffies + h->delay);
}

#define HP_TIMER_TRIES	5

/*
 * A timer queued on a CPU that then goes down still fires, on a live CPU (timers_dead_cpu).
 * Its delay is four times what a down/up pair just took (a down costs 0.5 ms on -smp 2 and
 * 50 ms on -smp 8 under TCG), so it is still pending when the CPU is gone; right after the
 * down it must sit on another CPU's base. A busy host can make the second down slower than
 * four of the first: the timer then fires on its CPU before the CPU is gone, which proves
 * nothing either way, so the case tries again with twice the delay, a few times at most.
 */
static void timers_of_dying_cpu_still_fire(struct ktest *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct hp_timer h;
	unsigned long start, cycle;
	int try;

	need_two_cpus(test);
	start = jiffies;
	KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KTEST_ASSERT_EQ(test, add_cpu(cpu), 0);
	cycle = jiffies - start;
	for (try = 0; try < HP_TIMER_TRIES; try++) {
		h = (struct hp_timer){ .queued_on = -1, .fired_on = -1 };
		h.delay = (4 * cycle << try) + msecs_to_jiffies(20);
		timer_setup(&h.timer, hp_timer_fn, 0);
		KTEST_ASSERT_EQ(test, smp_call_function_single(cpu, queue_here, &h, 1), 0);
		KTEST_EXPECT_EQ(test, h.queued_on, (int)cpu);
		KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
		/* Pending still, or already fired where it was moved to. */
		if (READ_ONCE(h.fired_on) != (int)cpu)
			break;
		ktest_info(test, "try %d: the timer (%lu jiffies) fired before remove_cpu() ended",
			   try + 1, h.delay);
		KTEST_ASSERT_EQ(test, add_cpu(cpu), 0);
	}
	if (try == HP_TIMER_TRIES)
		KTEST_ASSERT_FAILURE(test, "remove_cpu() outlasted the timer in %d tries", try);
	KTEST_EXPECT_NE(test, h.timer.flags & TIMER_CPUMASK, cpu);
	for (int i = 0; i < SETTLE_TICKS && READ_ONCE(h.fired_on) < 0; i++)
		schedule_timeout_uninterruptible(1);
	KTEST_EXPECT_GE(test, READ_ONCE(h.fired_on), 0);
	KTEST_EXPECT_NE(test, READ_ONCE(h.fired_on), (int)cpu);
	del_timer_sync(&h.timer);
	KTEST_EXPECT_EQ(test, add_cpu(cpu), 0);
}

/* ---- Dynamic states: callbacks in cpuhp/N ---- */

static int dyn_up[NR_CPUS], dyn_down[NR_CPUS], dyn_wrong;

static bool in_own_cpuhp(unsigned int cpu)
{
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), "cpuhp/%u", cpu);
	return smp_processor_id() == cpu && !strcmp(current->comm, name);
}

static int dyn_startup(unsigned int cpu)
{
	if (!in_own_cpuhp(cpu))
		dyn_wrong++;
	dyn_up[cpu]++;
	return 0;
}

static int dyn_teardown(unsigned int cpu)
{
	if (!in_own_cpuhp(cpu))
		dyn_wrong++;
	dyn_down[cpu]++;
	return 0;
}

/* cpuhp_setup_state(CPUHP_AP_ONLINE_DYN) runs startup on every online CPU; the CPU's own
 * cpuhp/N runs teardown when it goes down and startup when it comes back; removing the state
 * runs teardown everywhere. */
static void dynamic_state_runs_in_cpuhp_thread(struct ktest *test)
{
	unsigned int cpu, last = cpumask_last(cpu_online_mask);
	int state;

	memset(dyn_up, 0, sizeof(dyn_up));
	memset(dyn_down, 0, sizeof(dyn_down));
	dyn_wrong = 0;
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "test:online", dyn_startup, dyn_teardown);
	KTEST_ASSERT_GE(test, state, (int)CPUHP_AP_ONLINE_DYN);
	for_each_possible_cpu(cpu)
		KTEST_EXPECT_EQ(test, dyn_up[cpu], cpu_online(cpu) ? 1 : 0);
	if (last) {
		KTEST_EXPECT_EQ(test, remove_cpu(last), 0);
		KTEST_EXPECT_EQ(test, dyn_down[last], 1);
		KTEST_EXPECT_EQ(test, add_cpu(last), 0);
		KTEST_EXPECT_EQ(test, dyn_up[last], 2);
	}
	cpuhp_remove_state(state);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, dyn_down[cpu], cpu == last && last ? 2 : 1);
	KTEST_EXPECT_EQ(test, dyn_wrong, 0);
}

/*
 * Online is not active (Linux's order, docs/smp.md): a CPU coming up runs its AP online steps
 * online but not yet in cpu_active_mask, which it joins at CPUHP_AP_ACTIVE, its last step;
 * going down it leaves that mask first, before those steps are undone. The scheduler places
 * and balances work only on active CPUs, so while its own threads take it up or down nobody
 * else's balancer locks its run queue for them.
 */
static int act_bad, act_seen[NR_CPUS];

static int act_step(unsigned int cpu)
{
	if (!cpu_online(cpu) || cpu_active(cpu))
		act_bad++;
	act_seen[cpu]++;
	return 0;
}

static void cpu_active_only_after_its_last_step(struct ktest *test)
{
	unsigned int cpu, last = cpumask_last(cpu_online_mask);
	int state;

	for_each_possible_cpu(cpu)
		KTEST_EXPECT_EQ(test, cpu_active(cpu), cpu_online(cpu));
	need_two_cpus(test);
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "test:active", act_step, act_step);
	KTEST_ASSERT_GE(test, state, (int)CPUHP_AP_ONLINE_DYN);
	KTEST_EXPECT_LT(test, state, (int)CPUHP_AP_ACTIVE);
	/* Installing the state ran it on every online CPU, all active then. */
	act_bad = 0;
	memset(act_seen, 0, sizeof(act_seen));
	KTEST_EXPECT_EQ(test, remove_cpu(last), 0);
	KTEST_EXPECT_FALSE(test, cpu_active(last));
	KTEST_EXPECT_FALSE(test, cpu_online(last));
	KTEST_EXPECT_EQ(test, add_cpu(last), 0);
	KTEST_EXPECT_TRUE(test, cpu_active(last));
	KTEST_EXPECT_EQ(test, act_seen[last], 2);
	KTEST_EXPECT_EQ(test, act_bad, 0);
	cpuhp_remove_state(state);
	KTEST_EXPECT_EQ(test, num_active_cpus(), num_online_cpus());
}

/* ---- Cycles under load ---- */

struct usage {
	unsigned long pages, objects, tasks;
};

static void usage_read(struct usage *u)
{
	drain_cached_stacks();
	u->pages = nr_free_pages() + nr_kernel_pgtable_pages();
	u->objects = slab_objects_in_use();
	u->tasks = nr_tasks();
}

/* Stopped threads free themselves once switched out for the last time: wait for that. */
static void expect_usage_back(struct ktest *test, const struct usage *base)
{
	struct usage now;

	for (int i = 0; i < SETTLE_TICKS; i++) {
		usage_read(&now);
		if (now.tasks == base->tasks && now.objects == base->objects &&
		    now.pages == base->pages)
			break;
		schedule_timeout_uninterruptible(1);
	}
	KTEST_EXPECT_UEQ(test, now.tasks, base->tasks);
	KTEST_EXPECT_UEQ(test, now.objects, base->objects);
	KTEST_EXPECT_UEQ(test, now.pages, base->pages);
}

#define CHURN_THREADS	50

/* Creates and stops CHURN_THREADS runners one after another while the CPUs come and go. */
struct churn {
	int created, stopped, failed;
	unsigned long offline_seen;
};

static int churn_fn(void *arg)
{
	struct churn *c = arg;

	while (!kthread_should_stop() && c->created < CHURN_THREADS) {
		struct runner r = { .last_cpu = -1 };
		struct task_struct *p = kthread_create(runner_fn, &r, "hp_churn/%d", c->created);

		if (IS_ERR(p)) {
			c->failed++;
			break;
		}
		c->created++;
		wake_up_process(p);
		schedule_timeout_uninterruptible(2);
		kthread_stop(p);
		c->stopped++;
		c->offline_seen += r.offline_seen;
	}
	return sleep_until_stopped(0);
}

/*
 * Hotplug cycles per AP, each AP offline and online again several times. The stop_machine()
 * rendezvous of every vCPU dominates a cycle, and under TCG with more vCPUs than host CPUs it grows steeply (0.5 ms a cycle on
 * -smp 2, 5-10 ms on -smp 4, about 50 ms on -smp 8 with two host CPUs to itself, 150 ms with
 * other QEMUs running): the 700 cycles of -smp 8 take 30 s to 100 s, hence the case's timeout.
 */
#define HOTPLUG_CYCLES		100
#define HOTPLUG_CYCLES_TIMEOUT	240

/*
 * Each AP goes offline and online 100 times while a FIFO thread and a fair thread run and
 * 50 threads are created and stopped. After each down: nothing but the idle task and parked
 * per-CPU threads names the CPU, its run queue is empty; no running task ever finds its own
 * CPU offline; at the end every thread ran throughout, and pages, slab objects and tasks are
 * back to where they were.
 */
static void cycles_under_load(struct ktest *test)
{
	struct sched_param fifo = { .sched_priority = 50 };
	struct runner rt = { .last_cpu = -1, .spin = true }, fair = { .last_cpu = -1 };
	struct task_struct *prt, *pfair, *pchurn;
	unsigned int cpu, aps = 0, done = 0;
	struct churn churn = { 0 };
	int bad = 0, parked, min_parked = 1000, nonempty = 0, down_err = 0, up_err = 0;
	u64 start, t0, down_ns = 0, up_ns = 0;
	struct usage base;

	need_two_cpus(test);
	/* One warm-up cycle: first-time allocations (none are expected) are not leaks. */
	for_each_online_cpu(cpu) {
		if (!cpu)
			continue;
		KTEST_ASSERT_EQ(test, remove_cpu(cpu), 0);
		KTEST_ASSERT_EQ(test, add_cpu(cpu), 0);
	}
	usage_read(&base);

	prt = kthread_create(runner_fn, &rt, "hp_fifo");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, prt);
	sched_setscheduler_nocheck(prt, SCHED_FIFO, &fifo);
	wake_up_process(prt);
	pfair = kthread_create(runner_fn, &fair, "hp_fair");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, pfair);
	wake_up_process(pfair);
	pchurn = kthread_create(churn_fn, &churn, "hp_churn");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, pchurn);
	wake_up_process(pchurn);

	start = sched_clock();
	for (unsigned int n = 0; n < HOTPLUG_CYCLES; n++) {
		for (cpu = 1; cpu < nr_cpu_ids; cpu++) {
			if (!cpu_present(cpu) || !cpu_online(cpu))
				continue;
			t0 = sched_clock();
			if (remove_cpu(cpu)) {
				down_err++;
				continue;
			}
			down_ns += sched_clock() - t0;
			bad += offline_cpu_intruders(test, cpu, &parked);
			min_parked = min(min_parked, parked);
			if (cpu_rq(cpu)->nr_running)
				nonempty++;
			t0 = sched_clock();
			if (add_cpu(cpu))
				up_err++;
			else
				done++;
			up_ns += sched_clock() - t0;
			if (n == 0)
				aps++;
		}
	}
	ktest_printk(test, "%u cycles on %u APs in %lu ms (down %lu us, up %lu us each)\n",
		     done, aps, (unsigned long)((sched_clock() - start) / 1000000),
		     (unsigned long)(down_ns / 1000 / max(done, 1U)),
		     (unsigned long)(up_ns / 1000 / max(done, 1U)));
	KTEST_EXPECT_EQ(test, done, HOTPLUG_CYCLES * aps);
	KTEST_EXPECT_EQ(test, down_err, 0);
	KTEST_EXPECT_EQ(test, up_err, 0);
	KTEST_EXPECT_EQ(test, bad, 0);
	KTEST_EXPECT_GE(test, min_parked, 3);
	KTEST_EXPECT_EQ(test, nonempty, 0);
	KTEST_EXPECT_EQ(test, num_online_cpus(), aps + 1);

	for (int i = 0; i < SETTLE_TICKS * 5 && READ_ONCE(churn.created) < CHURN_THREADS &&
	     !churn.failed; i++)
		schedule_timeout_uninterruptible(1);
	kthread_stop(pchurn);
	kthread_stop(prt);
	kthread_stop(pfair);
	KTEST_EXPECT_EQ(test, churn.created, CHURN_THREADS);
	KTEST_EXPECT_EQ(test, churn.stopped, CHURN_THREADS);
	KTEST_EXPECT_UEQ(test, churn.offline_seen, 0UL);
	KTEST_EXPECT_GT(test, rt.passes, 10UL);
	KTEST_EXPECT_GT(test, fair.passes, 10UL);
	KTEST_EXPECT_UEQ(test, rt.offline_seen, 0UL);
	KTEST_EXPECT_UEQ(test, fair.offline_seen, 0UL);
	expect_usage_back(test, &base);
}

static struct ktest_case hotplug_cases[] = {
	KTEST_CASE(boot_threads_as_linux_shows_them),
	KTEST_CASE(stop_one_cpu_runs_in_migration_thread),
	KTEST_CASE(stop_one_cpu_preempts_fifo_99),
	KTEST_CASE(stop_machine_stops_every_cpu),
	KTEST_CASE(cpu0_and_bad_cpus_refused),
	KTEST_CASE(last_cpu_stays_online),
	KTEST_CASE(cpu_held_back_at_boot_comes_up),
	KTEST_CASE(dead_cpu_up_fails_cleanly),
	KTEST_CASE(offline_cpu_is_empty_and_quiet),
	KTEST_CASE(task_bound_to_dying_cpu_is_widened),
	KTEST_CASE(timers_of_dying_cpu_still_fire),
	KTEST_CASE(dynamic_state_runs_in_cpuhp_thread),
	KTEST_CASE(cpu_active_only_after_its_last_step),
	KTEST_CASE_TIMEOUT(cycles_under_load, HOTPLUG_CYCLES_TIMEOUT),
	{}
};

static struct ktest_suite hotplug_suite = {
	.name = "hotplug",
	.cases = hotplug_cases,
};
ktest_register_suite(hotplug_suite);
