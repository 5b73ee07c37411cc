/* Self-tests of the smpboot framework (suite "smpboot"): a test smp_hotplug_thread's threads and
 * callbacks through register, work, park, unpark and unregister; ksoftirqd/N as Linux shows it. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <linux/string.h>
#include <asm/pgtable.h>
#include <ktest.h>
#include "sched_test_util.h"
#include "../sched/sched.h"

#define SETTLE_TICKS	2000

static DEFINE_PER_CPU(struct task_struct *, smpboot_test_store);

/* What the callbacks saw, per CPU. seq orders the calls across callbacks. */
struct cb_log {
	int create, setup, cleanup, park, unpark, fn;
	int setup_seq, first_fn_seq;
	int wrong_cpu;			/* a callback ran elsewhere than on its CPU */
	bool cleanup_online;
	int work;			/* thread_should_run() is true while set */
	bool busy;			/* ... and while this is set: the thread never sleeps */
};

static struct cb_log cb[NR_CPUS];
static int cb_seq;

static int next_seq(void)
{
	return __atomic_add_fetch(&cb_seq, 1, __ATOMIC_SEQ_CST);
}

static void check_cpu(unsigned int cpu)
{
	if (smp_processor_id() != cpu)
		cb[cpu].wrong_cpu++;
}

static void test_create(unsigned int cpu)
{
	cb[cpu].create++;
}

static void test_setup(unsigned int cpu)
{
	check_cpu(cpu);
	cb[cpu].setup_seq = next_seq();
	WRITE_ONCE(cb[cpu].setup, cb[cpu].setup + 1);
}

static void test_cleanup(unsigned int cpu, bool online)
{
	check_cpu(cpu);
	cb[cpu].cleanup_online = online;
	WRITE_ONCE(cb[cpu].cleanup, cb[cpu].cleanup + 1);
}

static void test_park(unsigned int cpu)
{
	check_cpu(cpu);
	WRITE_ONCE(cb[cpu].park, cb[cpu].park + 1);
}

static void test_unpark(unsigned int cpu)
{
	check_cpu(cpu);
	WRITE_ONCE(cb[cpu].unpark, cb[cpu].unpark + 1);
}

static int test_should_run(unsigned int cpu)
{
	return READ_ONCE(cb[cpu].work) || READ_ONCE(cb[cpu].busy);
}

static void test_thread_fn(unsigned int cpu)
{
	check_cpu(cpu);
	if (!cb[cpu].fn)
		cb[cpu].first_fn_seq = next_seq();
	WRITE_ONCE(cb[cpu].work, 0);
	WRITE_ONCE(cb[cpu].fn, cb[cpu].fn + 1);
}

static struct smp_hotplug_thread test_threads = {
	.store			= &smpboot_test_store,
	.thread_should_run	= test_should_run,
	.thread_fn		= test_thread_fn,
	.create			= test_create,
	.setup			= test_setup,
	.cleanup		= test_cleanup,
	.park			= test_park,
	.unpark			= test_unpark,
	.thread_comm		= "smpboot_test/%u",
};

static bool wait_for_int(int *v, int want)
{
	for (int i = 0; i < SETTLE_TICKS && READ_ONCE(*v) < want; i++)
		schedule_timeout_uninterruptible(1);
	return READ_ONCE(*v) >= want;
}

/* Wait (bounded) until @p sleeps off its CPU in exactly @state. */
static bool wait_for_state(struct task_struct *p, unsigned int state)
{
	for (int i = 0; i < SETTLE_TICKS; i++) {
		if (READ_ONCE(p->__state) == state && wait_task_inactive(p, state))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

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

/* A per-CPU thread as Linux shows it: [name/N], PPID 2, bound to exactly N, SCHED_NORMAL. */
static void expect_percpu_kthread(struct ktest *test, struct task_struct *p, const char *fmt,
				  unsigned int cpu)
{
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), fmt, cpu);
	KTEST_EXPECT_STREQ(test, p->comm, name);
	KTEST_EXPECT_TRUE(test, p->flags & PF_KTHREAD);
	KTEST_EXPECT_TRUE(test, p->flags & PF_NO_SETAFFINITY);
	KTEST_EXPECT_EQ(test, p->nr_cpus_allowed, 1);
	KTEST_EXPECT_TRUE(test, cpumask_test_cpu(cpu, &p->cpus_mask));
	KTEST_EXPECT_EQ(test, p->real_parent->pid, 2);
	KTEST_EXPECT_EQ(test, p->policy, SCHED_NORMAL);
	KTEST_EXPECT_TRUE(test, kthread_is_per_cpu(p));
}

static int register_test_threads(struct ktest *test)
{
	memset(cb, 0, sizeof(cb));
	cb_seq = 0;
	return smpboot_register_percpu_thread(&test_threads);
}

/*
 * Registering creates one thread per online CPU (none for the others), named from thread_comm,
 * bound to its CPU, a child of kthreadd. create() runs once per thread, setup() once, in the
 * thread, on its CPU, before anything else; thread_fn() only while thread_should_run() is true,
 * once per request. Unregistering calls cleanup() (CPU online) and stops every thread.
 */
static void threads_follow_the_smpboot_loop(struct ktest *test)
{
	unsigned int cpu;

	KTEST_ASSERT_EQ(test, register_test_threads(test), 0);
	for_each_possible_cpu(cpu) {
		struct task_struct *p = per_cpu(smpboot_test_store, cpu);

		if (!cpu_online(cpu)) {
			KTEST_EXPECT_PTR_EQ(test, p, NULL);
			continue;
		}
		KTEST_ASSERT_NOT_NULL(test, p);
		expect_percpu_kthread(test, p, "smpboot_test/%u", cpu);
		KTEST_EXPECT_EQ(test, cb[cpu].create, 1);
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].setup, 1));
		KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
		KTEST_EXPECT_EQ(test, task_cpu(p), cpu);
	}
	msleep(5);
	for_each_online_cpu(cpu) {
		struct task_struct *p = per_cpu(smpboot_test_store, cpu);

		/* Woken with nothing to do: it goes back to sleep without thread_fn(). */
		wake_up_process(p);
		KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
		KTEST_EXPECT_EQ(test, READ_ONCE(cb[cpu].fn), 0);
		WRITE_ONCE(cb[cpu].work, 1);
		wake_up_process(p);
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].fn, 1));
		KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
		KTEST_EXPECT_EQ(test, cb[cpu].fn, 1);
		KTEST_EXPECT_LT(test, cb[cpu].setup_seq, cb[cpu].first_fn_seq);
	}
	smpboot_unregister_percpu_thread(&test_threads);
	for_each_possible_cpu(cpu) {
		KTEST_EXPECT_PTR_EQ(test, per_cpu(smpboot_test_store, cpu), NULL);
		KTEST_EXPECT_EQ(test, cb[cpu].setup, cb[cpu].cleanup);
		KTEST_EXPECT_EQ(test, cb[cpu].setup, cpu_online(cpu) ? 1 : 0);
		KTEST_EXPECT_EQ(test, cb[cpu].wrong_cpu, 0);
		KTEST_EXPECT_EQ(test, cb[cpu].park, 0);
		if (cpu_online(cpu))
			KTEST_EXPECT_TRUE(test, cb[cpu].cleanup_online);
	}
}

/*
 * Parking (what smpboot_park_threads() does for a CPU going down) calls park() in the thread,
 * which then sits in TASK_PARKED, ps "P": work and ordinary wake-ups do not run it. Unparking
 * calls unpark() and the work waiting meanwhile runs, once, on the same CPU.
 */
static void park_and_unpark_callbacks(struct ktest *test)
{
	unsigned int cpu;

	KTEST_ASSERT_EQ(test, register_test_threads(test), 0);
	for_each_online_cpu(cpu) {
		struct task_struct *p = per_cpu(smpboot_test_store, cpu);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].setup, 1));
		KTEST_EXPECT_EQ(test, kthread_park(p), 0);
		KTEST_EXPECT_EQ(test, cb[cpu].park, 1);
		KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_PARKED));
		KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');

		WRITE_ONCE(cb[cpu].work, 1);
		KTEST_EXPECT_EQ(test, wake_up_process(p), 0);
		msleep(3);
		KTEST_EXPECT_EQ(test, READ_ONCE(cb[cpu].fn), 0);
		KTEST_EXPECT_EQ(test, cb[cpu].unpark, 0);
		KTEST_EXPECT_EQ(test, task_state_to_char(p), 'P');

		kthread_unpark(p);
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].fn, 1));
		KTEST_EXPECT_EQ(test, cb[cpu].unpark, 1);
		KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_INTERRUPTIBLE));
		KTEST_EXPECT_EQ(test, task_state_to_char(p), 'S');
		KTEST_EXPECT_EQ(test, cb[cpu].fn, 1);
		KTEST_EXPECT_EQ(test, task_cpu(p), cpu);
		KTEST_EXPECT_EQ(test, cb[cpu].setup, 1);
	}
	smpboot_unregister_percpu_thread(&test_threads);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(test, cb[cpu].cleanup, 1);
		KTEST_EXPECT_EQ(test, cb[cpu].park, 1);
		KTEST_EXPECT_EQ(test, cb[cpu].wrong_cpu, 0);
	}
}

/*
 * A parked thread is stopped too: cleanup() runs, it was set up; then nothing is left. Three
 * rounds of a thread created, half of them parked, and all stopped on every CPU: each a
 * wake-up of another, usually idle, CPU. On 64 CPUs under TCG with the host at a load of 37
 * that took more than 10 s, so the case has 60 s, as park_races_wake_ups.
 */
static void unregister_stops_parked_and_leaks_nothing(struct ktest *test)
{
	struct usage base;
	unsigned int cpu;
	int round;

	usage_read(&base);
	for (round = 0; round < 3; round++) {
		KTEST_ASSERT_EQ(test, register_test_threads(test), 0);
		for_each_online_cpu(cpu) {
			struct task_struct *p = per_cpu(smpboot_test_store, cpu);

			KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].setup, 1));
			if (cpu % 2 == (unsigned int)round % 2) {
				KTEST_EXPECT_EQ(test, kthread_park(p), 0);
				KTEST_EXPECT_TRUE(test, wait_for_state(p, TASK_PARKED));
			}
		}
		smpboot_unregister_percpu_thread(&test_threads);
		for_each_online_cpu(cpu) {
			KTEST_EXPECT_EQ(test, cb[cpu].cleanup, 1);
			KTEST_EXPECT_EQ(test, cb[cpu].unpark, 0);
		}
	}
	expect_usage_back(test, &base);
}

/* ksoftirqd/N, registered by spawn_ksoftirqd() before the other CPUs came up, exists for every
 * online CPU, bound there, child of kthreadd, SCHED_NORMAL (ps "TS"), and has run there. */
static void ksoftirqd_on_every_online_cpu(struct ktest *test)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct task_struct *p = per_cpu(ksoftirqd, cpu);

		if (!cpu_online(cpu))
			continue;
		KTEST_ASSERT_NOT_NULL(test, p);
		expect_percpu_kthread(test, p, "ksoftirqd/%u", cpu);
		KTEST_EXPECT_EQ(test, task_cpu(p), cpu);
		KTEST_EXPECT_NE(test, task_state_to_char(p), 'P');
	}
}

#define MAX_KINDS	8

/* One CPU's boot-time per-CPU kthreads ("<kind>/<cpu>", bound there), in PID order. */
struct cpu_threads {
	int n;
	int pid[MAX_KINDS];
	char kind[MAX_KINDS][TASK_COMM_LEN];
};

static bool is_thread_of(struct task_struct *p, unsigned int cpu, char *kind)
{
	const char *slash = strrchr(p->comm, '/');
	unsigned int n;

	if (!(p->flags & PF_KTHREAD) || !kthread_is_per_cpu(p) || !slash ||
	    kstrtouint(slash + 1, 10, &n) || n != cpu)
		return false;
	memcpy(kind, p->comm, slash - p->comm);
	kind[slash - p->comm] = '\0';
	return true;
}

/* Insertion by PID: PIDs are handed out in creation order. O(tasks * MAX_KINDS). */
static void collect_cpu_threads(unsigned int cpu, struct cpu_threads *ct)
{
	char kind[TASK_COMM_LEN];
	struct task_struct *p;
	unsigned long flags;

	memset(ct, 0, sizeof(*ct));
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		int i;

		if (ct->n == MAX_KINDS || !is_thread_of(p, cpu, kind))
			continue;
		for (i = ct->n; i > 0 && ct->pid[i - 1] > p->pid; i--) {
			ct->pid[i] = ct->pid[i - 1];
			memcpy(ct->kind[i], ct->kind[i - 1], TASK_COMM_LEN);
		}
		ct->pid[i] = p->pid;
		memcpy(ct->kind[i], kind, TASK_COMM_LEN);
		ct->n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * hotplug_threads is kept newest first (list_add): CPU 0's threads are made at registration, in
 * registration order, ksoftirqd/0 first (it registers before smp_init()); every CPU brought up
 * later gets them from smpboot_create_threads(), walking the list, so in the reverse order
 * (Linux's ps: cpuhp/1, migration/1, ksoftirqd/1).
 */
static void later_cpus_create_in_reverse_order(struct ktest *test)
{
	struct cpu_threads boot, ap;
	unsigned int cpu;
	int i;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 online CPUs (%u online)", num_online_cpus());
	collect_cpu_threads(0, &boot);
	KTEST_ASSERT_GE(test, boot.n, 1);
	KTEST_EXPECT_STREQ(test, boot.kind[0], "ksoftirqd");
	for_each_online_cpu(cpu) {
		if (cpu == 0)
			continue;
		collect_cpu_threads(cpu, &ap);
		KTEST_EXPECT_EQ(test, ap.n, boot.n);
		for (i = 0; i < ap.n && i < boot.n; i++)
			KTEST_EXPECT_STREQ(test, ap.kind[i], boot.kind[boot.n - 1 - i]);
	}
	for (i = 0; i < boot.n; i++)
		ktest_info(test, "CPU 0: %s/0 PID %d", boot.kind[i], boot.pid[i]);
}

/*
 * TASK_PARKED is a special state (set_special_state() in __kthread_parkme()): a wake-up that
 * read the thread's TASK_INTERRUPTIBLE just before it parked must not land on TASK_PARKED
 * afterwards. The test thread of each online CPU in turn is kept busy (thread_should_run()
 * true), so that it goes round the smpboot loop, through TASK_INTERRUPTIBLE at the top of each
 * pass, all the time; waker threads on up to PARK_RACE_WAKERS other CPUs call
 * wake_up_process() on it whenever they see it in TASK_INTERRUPTIBLE; and this case parks and
 * unparks it again and again. Once kthread_park() has returned the thread must be in
 * TASK_PARKED, off its queue, and stay so until unparked: not run (its switch counts do not
 * move) while the wakers keep looking. A wake-up that lands on TASK_PARKED runs it round
 * __kthread_parkme() again, to a second complete() of the parked completion, and
 * kthread_park()'s wait_task_inactive() finds it running and warns.
 *
 * The race needs a waker that read TASK_INTERRUPTIBLE to be slow on its way to the run-queue
 * lock, as on a busy machine. With three CPUs or more, a contender thread takes the target
 * CPU's run-queue lock for PARK_RACE_HOLD_US just as this case calls kthread_park(): the
 * park's own wake-up (or a waker's) that read TASK_INTERRUPTIBLE then waits for the lock while
 * the thread goes on to park, and the thread's switch away queues behind it. With the state
 * set under pi_lock the thread waits instead, and nothing lands after it.
 *
 * The wakers test the state before calling, as a real waker tests its condition: hammering a
 * parked thread's pi_lock from many CPUs at once only builds a queue on that lock, which under
 * emulation (a vCPU spinning with interrupts off for its turn) stalls every CPU in it.
 */
#define PARK_RACE_CYCLES	256	/* park/unpark cycles in all, spread over the targets */
#define PARK_RACE_TARGETS	4	/* CPUs whose thread is raced, spread over the online ones */
#define PARK_RACE_LOOKS		16	/* waker passes let through before each park */
#define PARK_RACE_WAKERS	3
#define PARK_RACE_HOLD_US	50	/* how long the contender holds the run-queue lock */

struct park_race {
	struct task_struct *target;	/* the test thread being parked */
	unsigned int cpu;		/* its CPU */
	unsigned long looks;		/* waker loop passes (atomic) */
	unsigned long woken;		/* wake_up_process() calls that woke it (atomic) */
	int go, held, done;		/* contender hand-shake: the cycle it is asked for, holds,
					 * has finished */
	bool stop;
};

static int park_race_waker_fn(void *data)
{
	struct park_race *pr = data;
	struct task_struct *p = pr->target;

	while (!READ_ONCE(pr->stop)) {
		if (READ_ONCE(p->__state) == TASK_INTERRUPTIBLE && wake_up_process(p))
			__atomic_add_fetch(&pr->woken, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&pr->looks, 1, __ATOMIC_RELAXED);
		cond_resched();
	}
	return sleep_until_stopped(0);
}

static int park_race_contender_fn(void *data)
{
	struct park_race *pr = data;
	struct rq *rq = cpu_rq(pr->cpu);
	unsigned long flags;

	while (!READ_ONCE(pr->stop)) {
		int cycle = READ_ONCE(pr->go);

		if (cycle == pr->done) {
			cond_resched();
			continue;
		}
		spin_lock_irqsave(&rq->lock, flags);
		WRITE_ONCE(pr->held, cycle);
		udelay(PARK_RACE_HOLD_US);
		spin_unlock_irqrestore(&rq->lock, flags);
		WRITE_ONCE(pr->done, cycle);
	}
	return sleep_until_stopped(0);
}

/* Wait, bounded by a count of passes, for *@v to reach @want; true if it did. */
static bool park_race_wait(struct park_race *pr, int *v, int want)
{
	for (int i = 0; i < 100 * SETTLE_TICKS; i++) {
		if (READ_ONCE(*v) == want)
			return true;
		if (READ_ONCE(pr->stop))
			break;
		if (i % 100 == 99)
			schedule_timeout_uninterruptible(1);
		else
			cpu_relax();
	}
	return false;
}

/* Let @n more waker passes happen (a count, not a time: a busy host only makes it slower). */
static bool let_wakers_look(struct park_race *pr, unsigned long n)
{
	unsigned long want = __atomic_load_n(&pr->looks, __ATOMIC_RELAXED) + n;

	for (int i = 0; i < 100 * SETTLE_TICKS; i++) {
		if (__atomic_load_n(&pr->looks, __ATOMIC_RELAXED) >= want)
			return true;
		if (i % 100 == 99)
			schedule_timeout_uninterruptible(1);
		else
			cpu_relax();
	}
	return false;
}

struct park_race_result {
	int parked_wrong;	/* not TASK_PARKED and off its queue after kthread_park() */
	int ran_parked;		/* switched in or out while parked */
	int stalled;		/* the wakers or the contender made no progress */
	int contended;		/* parks made while the contender held the lock */
	unsigned long woken;
};

static struct task_struct *park_race_thread(struct ktest *test, int (*fn)(void *),
					    struct park_race *pr, unsigned int cpu,
					    const char *name)
{
	struct task_struct *t = kthread_create_on_cpu(fn, pr, cpu, name);

	if (!IS_ERR(t))
		wake_up_process(t);
	return t;
}

static void park_race_one_cpu(struct ktest *test, unsigned int cpu, int cycles,
			      struct park_race_result *res)
{
	struct task_struct *p = per_cpu(smpboot_test_store, cpu);
	struct task_struct *threads[PARK_RACE_WAKERS + 1];
	struct park_race pr = { .target = p, .cpu = cpu };
	unsigned int other[PARK_RACE_WAKERS + 1], o;
	int n = 0, nother = 0;

	/*
	 * The CPUs after @cpu: the contender on the first, this case alone on the second (a
	 * waker spinning there with interrupts off for a lock would keep the case from running
	 * when its park completes), the wakers on the rest, or with the contender where there
	 * are only three CPUs. One thread a CPU where there is room: two bound threads on a
	 * CPU make it the busiest to every idle CPU's balancer, and on 64 CPUs under emulation
	 * their queue on its run-queue lock stalled the case for a minute.
	 */
	for_each_cpu_wrap(o, cpu_online_mask, cpu)
		if (o != cpu && nother < PARK_RACE_WAKERS + 1)
			other[nother++] = o;
	if (!nother)
		other[nother++] = cpu;	/* one CPU: only preemption interleaves them */
	if (nother >= 2) {
		set_cpus_allowed_ptr(current, cpumask_of(other[1]));
		threads[n] = park_race_thread(test, park_race_contender_fn, &pr, other[0],
					      "park_rqlock/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, threads[n]);
		n++;
	}
	for (int i = 0; i < nother; i++) {
		if (i == 1 || (i == 0 && nother >= 3))
			continue;
		threads[n] = park_race_thread(test, park_race_waker_fn, &pr, other[i],
					      "park_waker/%u");
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, threads[n]);
		n++;
	}

	/* On one CPU a busy thread would hold off its waker: there it sleeps between passes. */
	WRITE_ONCE(cb[cpu].busy, other[0] != cpu);
	for (int i = 1; i <= cycles; i++) {
		unsigned long switches;

		if (!let_wakers_look(&pr, PARK_RACE_LOOKS))
			res->stalled++;
		if (nother >= 2) {
			WRITE_ONCE(pr.go, i);
			if (park_race_wait(&pr, &pr.held, i))
				res->contended++;
		}
		KTEST_EXPECT_EQ(test, kthread_park(p), 0);
		switches = READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
		if (READ_ONCE(p->__state) != TASK_PARKED || READ_ONCE(p->on_rq))
			res->parked_wrong++;
		if (nother >= 2 && !park_race_wait(&pr, &pr.done, i))
			res->stalled++;
		if (!let_wakers_look(&pr, PARK_RACE_LOOKS))
			res->stalled++;
		if (READ_ONCE(p->__state) != TASK_PARKED || READ_ONCE(p->on_rq))
			res->parked_wrong++;
		if (READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw) != switches)
			res->ran_parked++;
		kthread_unpark(p);
	}
	WRITE_ONCE(cb[cpu].busy, false);
	WRITE_ONCE(pr.stop, true);
	while (n)
		kthread_stop(threads[--n]);
	res->woken += pr.woken;
}

static void park_races_wake_ups(struct ktest *test)
{
	struct park_race_result res = { 0 };
	unsigned long warns = warn_count_read();
	unsigned int cpu, ncpus = num_online_cpus();
	unsigned int ntargets = min(ncpus, (unsigned int)PARK_RACE_TARGETS), n = 0;
	/* Fewer cycles where many CPUs share the host: each costs more, the race no less. */
	int cycles = max(PARK_RACE_CYCLES * 4 / (int)max(ncpus, 4U), 32) / (int)ntargets;
	struct cpumask allowed, targets;

	/* Every CPU's thread with up to four CPUs, else four spread from first to last. */
	cpumask_clear(&targets);
	for_each_online_cpu(cpu)
		if (n++ * ntargets % ncpus < ntargets)
			cpumask_set_cpu(cpu, &targets);
	cpumask_copy(&allowed, &current->cpus_mask);
	KTEST_ASSERT_EQ(test, register_test_threads(test), 0);
	for_each_cpu(cpu, &targets) {
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].setup, 1));
		park_race_one_cpu(test, cpu, cycles, &res);
		/*
		 * An unpark followed at once by the next park may be taken inside
		 * __kthread_parkme() without a pass through the smpboot loop: park() and
		 * unpark() pair up, at most once a cycle.
		 */
		KTEST_EXPECT_TRUE(test, wait_for_int(&cb[cpu].unpark, READ_ONCE(cb[cpu].park)));
		KTEST_EXPECT_EQ(test, cb[cpu].unpark, cb[cpu].park);
		KTEST_EXPECT_GE(test, cb[cpu].park, 1);
		KTEST_EXPECT_LE(test, cb[cpu].park, cycles);
	}
	set_cpus_allowed_ptr(current, &allowed);
	smpboot_unregister_percpu_thread(&test_threads);

	ktest_info(test, "%d park/unpark cycles on each of %u CPUs, %d with the run-queue lock "
		   "held; the wakers woke it %lu times", cycles, ntargets, res.contended, res.woken);
	KTEST_EXPECT_EQ(test, res.parked_wrong, 0);
	KTEST_EXPECT_EQ(test, res.ran_parked, 0);
	KTEST_EXPECT_EQ(test, res.stalled, 0);
	if (ncpus >= 3)
		KTEST_EXPECT_EQ(test, res.contended, cycles * (int)ntargets);
	/* The wake-ups did reach the thread between parks, where it runs the smpboot loop. */
	KTEST_EXPECT_GT(test, res.woken, 0);
	KTEST_EXPECT_UEQ(test, warn_count_read(), warns);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, cb[cpu].wrong_cpu, 0);
}

static struct ktest_case smpboot_cases[] = {
	KTEST_CASE(threads_follow_the_smpboot_loop),
	KTEST_CASE(park_and_unpark_callbacks),
	KTEST_CASE_TIMEOUT(park_races_wake_ups, 60),
	KTEST_CASE_TIMEOUT(unregister_stops_parked_and_leaks_nothing, 60),
	KTEST_CASE(ksoftirqd_on_every_online_cpu),
	KTEST_CASE(later_cpus_create_in_reverse_order),
	{}
};

static struct ktest_suite smpboot_suite = {
	.name = "smpboot",
	.cases = smpboot_cases,
};
ktest_register_suite(smpboot_suite);
