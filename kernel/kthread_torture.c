/*
 * kthread-torture (torture=kthread): the kthread API under random load with CPUs going offline
 * and online underneath, in the manner of Linux's rcutorture and locktorture.
 *
 * Operator threads ("ktt_op/N", torture.threads= of them, two per CPU by default) each draw
 * operations from a PRNG of their own, seeded from torture.seed=: they create children (plain,
 * kthread_bind'ed, or per-CPU with kthread_create_on_cpu), wake them or stop them before they
 * ever ran, park and unpark them, change their affinity and policy (FIFO, RR, normal with a
 * nice value) and their own, sleep on timers, wake sleeping children and poke other operators'
 * children with spurious wake-ups, queue, re-time, cancel and flush works on kthread_workers
 * (shared ones, per CPU and unbound, and private ones they create and destroy), and complete
 * each other's completions and wait on their own. Meanwhile the hotplug thread of
 * kernel/torture.c takes random CPUs offline and online.
 *
 * What is checked, each as the property itself rather than a time window:
 *  - no lost wake-up: a sleeper whose waker has returned from wake_up_process() is never seen
 *    asleep, off its run queue and off its CPU, with the wake-up unconsumed, a tick later; nor
 *    an operator whose sleep timer has fired and woken it; nor one asleep on schedule_timeout()
 *    KTT_LOST_TICKS past its deadline; and at the end, every operator finishes its clean-up
 *    within KTT_STUCK_TICKS (a lost wake-up in the kernel's own waits ends as a hang there,
 *    reported with the stacks);
 *  - kthread_stop() returns what the thread returned, or -EINTR for a thread never woken;
 *  - every thread runs on a CPU of its cpus_mask, checked at every step with preemption off
 *    (skipped only while its owner is changing that mask); a kthread_bind'ed or per-CPU one on
 *    its CPU, unless that CPU went offline since the binding (then the mask is widened, as
 *    Linux's select_fallback_rq() does);
 *  - a parked child never runs until unparked, even when poked;
 *  - every work queued ran or was cancelled, exactly once (checked after each flush and cancel);
 *  - every complete() was consumed by a wait or is still counted in its completion;
 *  - no WARNING was printed, hotplug never failed, and at the end free pages, slab objects,
 *    tasks and PIDs are back to what they were before the test.
 *
 * Every few seconds (torture.stat_interval=) a stats line; at the end one line,
 * "kthread-torture: SUCCESS ..." or "kthread-torture: FAILURE ...", with the counts.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/torture.h>
#include <asm/traps.h>

#define KTT_CHILDREN		4	/* children an operator keeps at most */
#define KTT_PLAIN_WORKS		3	/* works an operator owns ... */
#define KTT_DELAYED_WORKS	3	/* ... and delayed works */
#define KTT_WORKS		(KTT_PLAIN_WORKS + KTT_DELAYED_WORKS)
/*
 * A sleeper whose waker has returned from wake_up_process() and which is then seen asleep,
 * off its run queue and off its CPU, with the wake-up unconsumed, has lost it: it tests its
 * token after setting its state, so it cannot be on its way to sleep through it. Its owner
 * looks right after the wake-up and, if so, again once a tick has passed with the child not
 * switched meanwhile: then it counts. Nobody else wakes the child meanwhile (pokes leave a
 * suspect alone), so a later wake-up cannot hide the loss.
 *
 * Sleeps on timers are judged against a bound instead: a timer that has not run yet may only be
 * late (the host left its CPU's vCPU unscheduled). The bound only has to outlast such stalls; a
 * real loss lasts for ever. Generous, in guest jiffies.
 */
#define KTT_LOST_TICKS		(5 * HZ)
/* How long the operators may take to clean up once the time is up before they count as stuck
 * (a hang: a lost wake-up in the kernel's own waits ends there), reported with their stacks. */
#define KTT_STUCK_TICKS		(60 * HZ)
#define KTT_RT_PRIO_MAX		(MAX_RT_PRIO - 2)
#define KTT_REPORTS_MAX		10	/* error reports printed; the rest are only counted */

/* ---- Counters ---------------------------------------------------------------------------- */

/* The operations done; each is printed in the stats lines under its name. */
#define KTT_COUNTERS(C)							\
	C(ops) C(creates) C(create_fails) C(stops) C(never_ran) C(parks) C(unparks)	\
	C(binds) C(percpu) C(affinity) C(affinity_refused) C(policy) C(sleeps) C(early)	\
	C(wakes) C(pokes) C(queued) C(ran) C(cancels) C(flushes) C(workers)		\
	C(completes) C(consumed) C(widened)

/* What must stay 0. */
#define KTT_ERRORS(E)							\
	E(lost_wakeups) E(lost_timers) E(bad_stop_values) E(affinity_violations)	\
	E(bound_violations) E(parked_ran) E(work_accounting) E(completion_accounting)	\
	E(api_errors) E(warnings) E(hotplug_failures) E(leaks) E(stuck)

struct ktt_counts {
#define KTT_FIELD(name) unsigned long name;
	KTT_COUNTERS(KTT_FIELD)
	KTT_ERRORS(KTT_FIELD)
#undef KTT_FIELD
	unsigned long wake_lat_max;	/* jiffies from a wake-up to the sleeper consuming it */
	unsigned long timer_late_max;	/* jiffies a timed sleep ended after its deadline */
};

static struct ktt_counts ktt;
static unsigned long ktt_reports;

#define ktt_inc(field)	__atomic_add_fetch(&ktt.field, 1, __ATOMIC_RELAXED)

static void ktt_max(unsigned long *where, unsigned long v)
{
	unsigned long old = __atomic_load_n(where, __ATOMIC_RELAXED);

	while (v > old && !__atomic_compare_exchange_n(where, &old, v, false, __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED))
		;
}

/* Count an error and, for the first few, say what it was. */
static __printf(2, 3) void ktt_error(unsigned long *counter, const char *fmt, ...)
{
	char buf[200];
	va_list args;

	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
	if (__atomic_add_fetch(&ktt_reports, 1, __ATOMIC_RELAXED) > KTT_REPORTS_MAX)
		return;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_alert("kthread-torture: ERROR %s (on CPU %u, in %s/%d)\n", buf, smp_processor_id(),
		 current->comm, current->pid);
}

/* A mask as a CPU list, "0-2,5", for the reports. */
struct ktt_mask_str {
	char s[48];
};

static const char *ktt_mask(struct ktt_mask_str *buf, const struct cpumask *mask)
{
	cpumap_print_list(buf->s, sizeof(buf->s), mask);
	return buf->s;
}

/* ---- The objects --------------------------------------------------------------------------- */

/* A kthread_worker and what its works check against: its CPU when it is bound. */
struct ktt_worker {
	struct kthread_worker *kw;
	int cpu;			/* -1: unbound */
	unsigned long offlines;		/* binding snapshot (see ktt_bind_snapshot) */
};

struct ktt_op;

struct ktt_work {
	struct kthread_delayed_work dw;	/* a plain work uses dw.work alone */
	bool delayed;
	struct ktt_worker *w;		/* the worker it is queued on; changed only when idle */
	unsigned long queued;		/* times queued (owner only) */
	unsigned long cancelled;	/* cancels that took it off a queue (owner only) */
	unsigned long runs;		/* times run (the worker) */
};

enum ktt_kind { KTT_SLEEPER, KTT_SPINNER };
enum { KTT_SLEEP_TIMER = 1, KTT_SLEEP_TIMEOUT };

struct ktt_child {
	struct task_struct *task;
	int kind;
	int cookie;			/* what its function returns */
	int bound_cpu;			/* kthread_bind'ed or per-CPU: its CPU; else -1 */
	bool percpu;			/* made by kthread_create_on_cpu() */
	unsigned long bound_offlines;	/* binding snapshot (see ktt_bind_snapshot) */
	bool woken;			/* woken (or parked) at least once */
	bool started;			/* its function ran (set by the child) */
	bool parked;
	unsigned long parked_passes;	/* passes when parked: must not move until unparked */
	/*
	 * The wake-up handshake: the owner bumps token, wakes the child and then copies token to
	 * wake_done; the child copies token to seen when it runs. The control thread watches for
	 * a child asleep with seen behind wake_done (ktt_monitor).
	 */
	unsigned long token, wake_done, seen;
	unsigned long woken_at;		/* jiffies of the last token */
	bool suspect;			/* the owner saw it asleep with the wake-up unconsumed */
	unsigned long suspect_since;	/* at this jiffy */
	unsigned long suspect_switches;	/* with this switch count */
	unsigned long msuspect_since;	/* the same, the control thread's (ktt_monitor_child) */
	unsigned long msuspect_switches;
	unsigned long passes;		/* loop passes, by the child */
	unsigned long aff_seq;		/* odd while the owner changes its affinity */
};

struct ktt_op {
	int id;
	int cookie;
	struct task_struct *task;
	struct torture_random_state rand;
	spinlock_t lock;			/* child[] against pokers */
	struct ktt_child *child[KTT_CHILDREN];
	unsigned int nr_children;		/* for the children's names */
	struct ktt_work work[KTT_WORKS];
	struct ktt_worker private;		/* kw NULL: none now */
	struct completion mbox;			/* other operators complete() it, it waits */
	/* Timed sleeps, for the lost-timer check: on a timer of its own or schedule_timeout(). */
	struct timer_list timer;
	unsigned long fired;			/* the timer ran (1), by the timer, before its wake-up */
	unsigned long fired_done;		/* ... and after it */
	unsigned long deadline;			/* jiffies the sleep ends at */
	unsigned long sleeping;			/* KTT_SLEEP_* while in one (owner) */
	unsigned long suspect_since, suspect_switches;	/* the monitor's (control thread) */
	bool finished;				/* cleaned up after the end (owner) */
};

static struct ktt_op **ktt_ops;
static unsigned int ktt_nr_ops;
static struct ktt_worker *ktt_shared;	/* one per possible CPU (cpu >= 0), then the unbound */
static unsigned int ktt_nr_shared;

/* ---- Checks ------------------------------------------------------------------------------ */

/*
 * What a thread bound to @cpu may do later: lose the binding only if @cpu goes offline after
 * this, or is going or gone offline now (woken while its CPU is down, Linux widens the mask at
 * once). ULONG_MAX means "may lose it any time".
 */
static unsigned long ktt_bind_snapshot(int cpu)
{
	unsigned long n = torture_cpu_offline_count(cpu);

	return cpu_online(cpu) && !(n & 1) ? n : ULONG_MAX;
}

/*
 * Is current on a CPU its mask allows, and a bound thread on its CPU? Read with preemption off,
 * so neither a migration nor the hotplug stop_machine() can come in between; @aff_seq (odd
 * while another thread changes the mask) says whether the reading may be torn.
 */
static void ktt_check_cpu(const unsigned long *aff_seq, int bound_cpu, unsigned long offlines)
{
	unsigned long s1 = 0, s2 = 0;
	bool in_mask, kept = true;
	struct ktt_mask_str ms;
	unsigned int cpu;

	if (aff_seq)
		s1 = __atomic_load_n(aff_seq, __ATOMIC_ACQUIRE);
	preempt_disable();
	cpu = smp_processor_id();
	in_mask = cpumask_test_cpu(cpu, &current->cpus_mask);
	if (bound_cpu >= 0)
		kept = cpumask_equal(&current->cpus_mask, cpumask_of(bound_cpu));
	preempt_enable();
	if (aff_seq) {
		s2 = __atomic_load_n(aff_seq, __ATOMIC_ACQUIRE);
		if ((s1 & 1) || s1 != s2)
			return;
	}
	if (!in_mask) {
		ktt_error(&ktt.affinity_violations, "%s runs on CPU %u%s, outside its mask %s",
			  current->comm, cpu, cpu_active(cpu) ? "" : " (not active)",
			  ktt_mask(&ms, &current->cpus_mask));
		return;
	}
	if (bound_cpu < 0)
		return;
	if (kept && cpu != (unsigned int)bound_cpu)
		ktt_error(&ktt.bound_violations, "%s bound to CPU %d runs on CPU %u",
			  current->comm, bound_cpu, cpu);
	else if (!kept && offlines != ULONG_MAX &&
		 torture_cpu_offline_count(bound_cpu) == offlines && cpu_online(bound_cpu))
		ktt_error(&ktt.bound_violations, "%s lost its binding to CPU %d (mask now %s) "
			  "though that CPU never went offline", current->comm, bound_cpu,
			  ktt_mask(&ms, &current->cpus_mask));
}

/* Asleep for good unless someone wakes it: not runnable, not queued, not on a CPU. */
static bool ktt_task_asleep(struct task_struct *p, unsigned int state)
{
	return READ_ONCE(p->__state) == state && !__atomic_load_n(&p->on_rq, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE);
}

static unsigned long ktt_switches(struct task_struct *p)
{
	return READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
}

/* ---- Children ---------------------------------------------------------------------------- */

/* Spin for at most a tick, looking at the CPU as it goes, unless asked to stop or park. */
static void ktt_spin(struct ktt_child *c, struct torture_random_state *rand)
{
	unsigned long n = 1000 + torture_random_below(rand, 20000), start = jiffies;

	for (unsigned long i = 0; i < n; i++) {
		cpu_relax();
		if (i % 512)
			continue;
		ktt_check_cpu(&c->aff_seq, c->bound_cpu, READ_ONCE(c->bound_offlines));
		if (kthread_should_stop() || kthread_should_park() || jiffies - start >= 1)
			break;
	}
}

static int ktt_child_fn(void *data)
{
	struct ktt_child *c = data;
	struct torture_random_state rand;
	unsigned long seen = 0, token;

	WRITE_ONCE(c->started, true);
	torture_random_init(&rand, (u64)c->cookie << 20);
	for (;;) {
		if (kthread_should_stop())
			break;
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		ktt_check_cpu(&c->aff_seq, c->bound_cpu, READ_ONCE(c->bound_offlines));
		WRITE_ONCE(c->passes, c->passes + 1);
		if (c->kind == KTT_SPINNER) {
			ktt_spin(c, &rand);
			schedule_timeout_interruptible(1 + torture_random_below(&rand, 3));
		} else {
			/* The state before the test of the token: a wake-up in between is not lost. */
			set_current_state(TASK_INTERRUPTIBLE);
			if (READ_ONCE(c->token) == seen && !kthread_should_stop() &&
			    !kthread_should_park())
				schedule();
			__set_current_state(TASK_RUNNING);
		}
		token = __atomic_load_n(&c->token, __ATOMIC_ACQUIRE);
		if (token != seen) {
			ktt_max(&ktt.wake_lat_max, jiffies - READ_ONCE(c->woken_at));
			seen = token;
			__atomic_store_n(&c->seen, seen, __ATOMIC_RELEASE);
		}
	}
	return c->cookie;
}

/* The online CPU numbered @n modulo their number (CPU 0 if they change under us). */
static unsigned int ktt_nth_online_cpu(unsigned long n)
{
	unsigned int cpu;

	n %= num_online_cpus();
	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return 0;
}

static unsigned int ktt_random_online_cpu(struct torture_random_state *rand)
{
	return ktt_nth_online_cpu(torture_random(rand) >> 11);
}

/* A random present CPU, online or not: bindings to CPUs that are down are part of the test. */
static unsigned int ktt_random_present_cpu(struct torture_random_state *rand)
{
	unsigned int cpu, n = torture_random_below(rand, num_present_cpus());

	for_each_present_cpu(cpu)
		if (!n--)
			return cpu;
	return 0;
}

/* A random policy for @p: FIFO or RR at a random priority, or normal at a random nice. */
static void ktt_random_policy(struct ktt_op *op, struct task_struct *p)
{
	struct sched_param sp = { 0 };
	unsigned long r = torture_random_below(&op->rand, 4);
	int policy = r == 0 ? SCHED_FIFO : r == 1 ? SCHED_RR : SCHED_NORMAL;
	int nice = 0, ret;

	if (policy != SCHED_NORMAL)
		sp.sched_priority = 1 + torture_random_below(&op->rand, KTT_RT_PRIO_MAX);
	ret = sched_setscheduler_nocheck(p, policy, &sp);
	if (!ret && policy == SCHED_NORMAL) {
		nice = (int)torture_random_below(&op->rand, 40) - 20;
		set_user_nice(p, nice);
	}
	if (ret || READ_ONCE(p->policy) != (unsigned int)policy ||
	    READ_ONCE(p->rt_priority) != (unsigned int)sp.sched_priority ||
	    (policy == SCHED_NORMAL && task_nice(p) != nice))
		ktt_error(&ktt.api_errors, "sched_setscheduler(%s, %d, %d) nice %d returned %d: "
			  "policy %u rt_priority %u nice %d", p->comm, policy, sp.sched_priority,
			  nice, ret, p->policy, p->rt_priority, task_nice(p));
	ktt_inc(policy);
}

static void ktt_publish_child(struct ktt_op *op, int slot, struct ktt_child *c)
{
	spin_lock(&op->lock);
	op->child[slot] = c;
	spin_unlock(&op->lock);
}

static void ktt_wake_first(struct ktt_op *op, int slot, struct ktt_child *c)
{
	c->woken = true;
	wake_up_process(c->task);
	ktt_publish_child(op, slot, c);
}

/* Make a child in @slot: plain, bound or per-CPU, maybe with a policy before it first runs;
 * usually woken at once, sometimes left created, or parked before it ever ran. */
static void ktt_child_create(struct ktt_op *op, int slot)
{
	struct ktt_child *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned long how = torture_random_below(&op->rand, 8);
	struct task_struct *p;
	unsigned int cpu;

	if (!c) {
		ktt_inc(create_fails);
		return;
	}
	c->kind = torture_random_below(&op->rand, 3) ? KTT_SLEEPER : KTT_SPINNER;
	c->cookie = 1 + (int)torture_random_below(&op->rand, 1 << 30);
	c->bound_cpu = -1;
	cpu = ktt_random_present_cpu(&op->rand);
	if (how == 0) {
		c->percpu = true;
		c->bound_cpu = cpu;
		c->bound_offlines = ktt_bind_snapshot(cpu);
		p = kthread_create_on_cpu(ktt_child_fn, c, cpu, "ktt_pc/%u");
	} else {
		p = kthread_create(ktt_child_fn, c, "ktt_c%d.%u", op->id, op->nr_children);
	}
	op->nr_children++;
	if (IS_ERR(p)) {
		ktt_error(&ktt.api_errors, "kthread_create failed: %ld", PTR_ERR(p));
		kfree(c);
		ktt_inc(create_fails);
		return;
	}
	c->task = p;
	ktt_inc(creates);
	if (c->percpu) {
		ktt_inc(percpu);
	} else if (how == 1) {
		c->bound_cpu = cpu;
		c->bound_offlines = ktt_bind_snapshot(cpu);
		if (kthread_bind(p, cpu))
			ktt_error(&ktt.api_errors, "kthread_bind(%s, %u) of a new thread failed",
				  p->comm, cpu);
		ktt_inc(binds);
	}
	if (torture_random_below(&op->rand, 4) == 0)
		ktt_random_policy(op, p);
	op->child[slot] = c;	/* not poked before its first wake-up: published then */
	switch (torture_random_below(&op->rand, 10)) {
	case 0:		/* left created: stopped later, its function never runs */
		break;
	case 1:		/* parked before its first run: park wakes it, it parks at once */
		if (kthread_park(p))
			ktt_error(&ktt.api_errors, "kthread_park of a new thread failed");
		c->woken = c->parked = true;
		c->parked_passes = READ_ONCE(c->passes);
		ktt_inc(parks);
		ktt_publish_child(op, slot, c);
		break;
	default:
		ktt_wake_first(op, slot, c);
	}
}

/* Asleep in S with a wake-up done and not consumed? */
static bool ktt_wake_pending(struct ktt_child *c)
{
	unsigned long done = __atomic_load_n(&c->wake_done, __ATOMIC_ACQUIRE);

	return c->kind == KTT_SLEEPER && ktt_task_asleep(c->task, TASK_INTERRUPTIBLE) &&
	       (long)(done - __atomic_load_n(&c->seen, __ATOMIC_ACQUIRE)) > 0;
}

/* The owner's second look at a suspect child, once a tick has passed (waiting for it if
 * @wait, before the owner acts on the child, which would wake it). */
static void ktt_child_verdict(struct ktt_op *op, struct ktt_child *c, bool wait)
{
	struct task_struct *p = c->task;

	if (!c->suspect)
		return;
	if (jiffies == c->suspect_since) {
		if (!wait)
			return;
		schedule_timeout_uninterruptible(1);
	}
	if (ktt_wake_pending(c) && ktt_switches(p) == c->suspect_switches) {
		ktt_error(&ktt.lost_wakeups, "lost wake-up: %s/%d asleep in S %lu ticks after "
			  "wake_up_process() returned (wake-up %lu, consumed %lu)", p->comm,
			  p->pid, jiffies - READ_ONCE(c->woken_at), READ_ONCE(c->wake_done),
			  READ_ONCE(c->seen));
		wake_up_process(p);	/* go on with the test */
	}
	WRITE_ONCE(c->suspect, false);
}

static void ktt_child_wake(struct ktt_op *op, struct ktt_child *c)
{
	unsigned long token = c->token + 1;

	WRITE_ONCE(c->woken_at, jiffies);
	__atomic_store_n(&c->token, token, __ATOMIC_RELEASE);
	wake_up_process(c->task);
	/* From here on the child must not be found asleep with the wake-up unconsumed. */
	__atomic_store_n(&c->wake_done, token, __ATOMIC_RELEASE);
	if (ktt_wake_pending(c)) {
		c->suspect_switches = ktt_switches(c->task);
		c->suspect_since = jiffies;
		WRITE_ONCE(c->suspect, true);
	}
	ktt_inc(wakes);
}

static void ktt_child_park(struct ktt_op *op, struct ktt_child *c)
{
	int ret = kthread_park(c->task);

	if (ret) {
		ktt_error(&ktt.api_errors, "kthread_park(%s) returned %d", c->task->comm, ret);
		return;
	}
	/* Parked means: in TASK_PARKED and off its CPU (kthread_park waited for both). */
	if (READ_ONCE(c->task->__state) != TASK_PARKED)
		ktt_error(&ktt.api_errors, "%s/%d in state %c after kthread_park()",
			  c->task->comm, c->task->pid, task_state_to_char(c->task));
	c->parked = true;
	c->parked_passes = READ_ONCE(c->passes);
	ktt_inc(parks);
}

static void ktt_child_unpark(struct ktt_op *op, struct ktt_child *c)
{
	if (READ_ONCE(c->passes) != c->parked_passes)
		ktt_error(&ktt.parked_ran, "%s/%d ran %lu passes while parked", c->task->comm,
			  c->task->pid, READ_ONCE(c->passes) - c->parked_passes);
	if (READ_ONCE(c->task->__state) != TASK_PARKED)
		ktt_error(&ktt.api_errors, "%s/%d in state %c while parked", c->task->comm,
			  c->task->pid, task_state_to_char(c->task));
	/* A per-CPU child goes back to its CPU at unpark: a new binding. */
	if (c->percpu)
		WRITE_ONCE(c->bound_offlines, ktt_bind_snapshot(c->bound_cpu));
	c->parked = false;
	kthread_unpark(c->task);
	ktt_inc(unparks);
}

/* A random mask with at least one online CPU, and often some offline ones too. */
static void ktt_random_mask(struct ktt_op *op, struct cpumask *mask)
{
	unsigned int cpu;

	cpumask_clear(mask);
	for_each_present_cpu(cpu)
		if (torture_random_below(&op->rand, 2))
			cpumask_set_cpu(cpu, mask);
	cpumask_set_cpu(ktt_random_online_cpu(&op->rand), mask);
}

static void ktt_child_affinity(struct ktt_op *op, struct ktt_child *c)
{
	struct cpumask mask;
	int ret;

	if (c->bound_cpu >= 0)
		return;
	ktt_random_mask(op, &mask);
	__atomic_add_fetch(&c->aff_seq, 1, __ATOMIC_ACQ_REL);
	ret = set_cpus_allowed_ptr(c->task, &mask);
	__atomic_add_fetch(&c->aff_seq, 1, __ATOMIC_ACQ_REL);
	if (ret == -EINVAL)
		ktt_inc(affinity_refused);	/* its online CPUs went down meanwhile */
	else if (ret)
		ktt_error(&ktt.api_errors, "set_cpus_allowed_ptr(%s) returned %d", c->task->comm,
			  ret);
	else
		ktt_inc(affinity);
}

/*
 * Stop a child: kthread_stop() must return what its function returned, or -EINTR if the
 * function never ran. That is the case for a child never woken, and also, as in Linux, for one
 * woken whose first run came after the stop was asked: kthread() then exits at once.
 */
static void ktt_child_stop(struct ktt_op *op, int slot)
{
	struct ktt_child *c = op->child[slot];
	int expect, ret;

	if (c->parked && READ_ONCE(c->passes) != c->parked_passes)
		ktt_error(&ktt.parked_ran, "%s/%d ran %lu passes while parked", c->task->comm,
			  c->task->pid, READ_ONCE(c->passes) - c->parked_passes);
	ktt_child_verdict(op, c, true);
	spin_lock(&op->lock);
	op->child[slot] = NULL;
	spin_unlock(&op->lock);
	ret = kthread_stop(c->task);
	expect = READ_ONCE(c->started) ? c->cookie : -EINTR;
	if (ret != expect || (!c->woken && c->started))
		ktt_error(&ktt.bad_stop_values, "kthread_stop(ktt child, %s, %s) returned %d, "
			  "expected %d", c->woken ? "woken" : "never woken",
			  c->started ? "its function ran" : "its function never ran", ret, expect);
	if (!c->started)
		ktt_inc(never_ran);
	ktt_inc(stops);
	kfree(c);
}

/* Wake a random child of a random operator that need not expect it: spurious for a sleeper,
 * nothing at all for a parked child. */
static void ktt_poke(struct ktt_op *op)
{
	struct ktt_op *other = ktt_ops[torture_random_below(&op->rand, ktt_nr_ops)];
	unsigned int slot = torture_random_below(&op->rand, KTT_CHILDREN);
	struct task_struct *p = NULL;

	spin_lock(&other->lock);
	if (other->child[slot] && other->child[slot]->woken &&
	    !READ_ONCE(other->child[slot]->suspect))
		p = get_task_struct(other->child[slot]->task);
	spin_unlock(&other->lock);
	if (!p)
		return;
	wake_up_process(p);
	put_task_struct(p);
	ktt_inc(pokes);
}

/* ---- Works ------------------------------------------------------------------------------- */

static void ktt_work_fn(struct kthread_work *work)
{
	struct ktt_work *w = container_of(work, struct ktt_work, dw.work);
	unsigned long runs = READ_ONCE(w->runs);

	ktt_check_cpu(NULL, w->w->cpu, w->w->offlines);
	if (current != w->w->kw->task)
		ktt_error(&ktt.api_errors, "a work of worker %s ran in %s", w->w->kw->task->comm,
			  current->comm);
	/* Now and then a work sleeps, so flush and cancel meet a running one. */
	if (runs % 8 == 7)
		schedule_timeout_uninterruptible(1);
	__atomic_store_n(&w->runs, runs + 1, __ATOMIC_RELEASE);
	ktt_inc(ran);
}

/* Idle now (not queued, not running, nobody else queues it): every queueing ran or was
 * cancelled, exactly once. */
static void ktt_work_account(struct ktt_work *w, const char *after)
{
	unsigned long runs = __atomic_load_n(&w->runs, __ATOMIC_ACQUIRE);

	if (w->queued != runs + w->cancelled)
		ktt_error(&ktt.work_accounting, "%s work after %s: queued %lu, ran %lu, cancelled "
			  "%lu", w->delayed ? "delayed" : "plain", after, w->queued, runs,
			  w->cancelled);
}

static void ktt_work_attach(struct ktt_work *w, struct ktt_worker *kw)
{
	if (w->delayed)
		kthread_init_delayed_work(&w->dw, ktt_work_fn);
	else
		kthread_init_work(&w->dw.work, ktt_work_fn);
	w->w = kw;
}

static void ktt_work_cancel(struct ktt_work *w)
{
	bool was = w->delayed ? kthread_cancel_delayed_work_sync(&w->dw) :
		   kthread_cancel_work_sync(&w->dw.work);

	if (was)
		w->cancelled++;
	ktt_inc(cancels);
	ktt_work_account(w, "cancel");
}

static void ktt_work_op(struct ktt_op *op)
{
	struct ktt_work *w = &op->work[torture_random_below(&op->rand, KTT_WORKS)];
	unsigned long delay = torture_random_below(&op->rand, 4);

	switch (torture_random_below(&op->rand, 8)) {
	case 0: case 1: case 2:
		if (w->delayed ? kthread_queue_delayed_work(w->w->kw, &w->dw, delay) :
				 kthread_queue_work(w->w->kw, &w->dw.work)) {
			w->queued++;
			ktt_inc(queued);
		}
		break;
	case 3:
		if (w->delayed) {
			/* true: it was pending and is re-timed; false: queued anew. */
			if (!kthread_mod_delayed_work(w->w->kw, &w->dw, delay)) {
				w->queued++;
				ktt_inc(queued);
			}
		} else {
			kthread_flush_work(&w->dw.work);
			ktt_inc(flushes);
			ktt_work_account(w, "flush");
		}
		break;
	case 4:
		ktt_work_cancel(w);
		break;
	case 5:
		/* Every plain work queued on that worker before this has run. */
		kthread_flush_worker(w->w->kw);
		ktt_inc(flushes);
		for (int i = 0; i < KTT_WORKS; i++)
			if (!op->work[i].delayed && op->work[i].w == w->w)
				ktt_work_account(&op->work[i], "flush_worker");
		break;
	case 6:
		/* Move it to another worker: only once it is idle. */
		ktt_work_cancel(w);
		if (op->private.kw && torture_random_below(&op->rand, 2))
			ktt_work_attach(w, &op->private);
		else
			ktt_work_attach(w, &ktt_shared[torture_random_below(&op->rand,
									   ktt_nr_shared)]);
		break;
	default:
		/* A private worker: made (maybe bound to a CPU that may be down), or destroyed. */
		if (!op->private.kw) {
			int cpu = torture_random_below(&op->rand, 2) ?
				  (int)ktt_random_present_cpu(&op->rand) : -1;
			struct kthread_worker *kw;

			if (cpu >= 0) {
				op->private.offlines = ktt_bind_snapshot(cpu);
				kw = kthread_create_worker_on_cpu(cpu, 0, "ktt_pw%d/%d", op->id, cpu);
			} else {
				kw = kthread_create_worker(0, "ktt_pw%d", op->id);
			}
			if (IS_ERR(kw)) {
				ktt_error(&ktt.api_errors, "kthread_create_worker failed: %ld",
					  PTR_ERR(kw));
				break;
			}
			op->private.cpu = cpu;
			op->private.kw = kw;
			ktt_inc(workers);
		} else {
			for (int i = 0; i < KTT_WORKS; i++) {
				if (op->work[i].w != &op->private)
					continue;
				ktt_work_cancel(&op->work[i]);
				ktt_work_attach(&op->work[i], &ktt_shared[ktt_nr_shared - 1]);
			}
			kthread_destroy_worker(op->private.kw);
			op->private.kw = NULL;
		}
	}
}

/* ---- Operators --------------------------------------------------------------------------- */

static void ktt_timer_fn(struct timer_list *t)
{
	struct ktt_op *op = from_timer(op, t, timer);

	__atomic_store_n(&op->fired, 1, __ATOMIC_RELEASE);
	wake_up_process(op->task);
	/* From here on the operator must not be found asleep in this sleep. */
	__atomic_store_n(&op->fired_done, 1, __ATOMIC_RELEASE);
}

/* Sleep 1-5 ticks: on schedule_timeout(), or on a timer of our own whose firing the control
 * thread can see, so that it can tell a lost wake-up from a late timer. */
static void ktt_sleep(struct ktt_op *op)
{
	unsigned long n = 1 + torture_random_below(&op->rand, 5), deadline = jiffies + n;

	WRITE_ONCE(op->deadline, deadline);
	if (torture_random_below(&op->rand, 2)) {
		WRITE_ONCE(op->sleeping, KTT_SLEEP_TIMEOUT);
		schedule_timeout_uninterruptible(n);
		WRITE_ONCE(op->sleeping, 0);
	} else {
		__atomic_store_n(&op->fired, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&op->fired_done, 0, __ATOMIC_RELEASE);
		mod_timer(&op->timer, deadline);
		WRITE_ONCE(op->sleeping, KTT_SLEEP_TIMER);
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (__atomic_load_n(&op->fired, __ATOMIC_ACQUIRE) || kthread_should_stop())
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		WRITE_ONCE(op->sleeping, 0);
		del_timer_sync(&op->timer);
	}
	if (time_before(jiffies, deadline))
		ktt_inc(early);	/* a stale wake-up (a completion's waker that lost a race) */
	else
		ktt_max(&ktt.timer_late_max, jiffies - deadline);
	ktt_inc(sleeps);
}

/* Change our own affinity, then we must be on a CPU of the new mask (or, if hotplug took all
 * of its CPUs down meanwhile, of the mask it widened to). */
static void ktt_self_affinity(struct ktt_op *op)
{
	struct ktt_mask_str m1, m2;
	unsigned int cpu, before;
	bool ok, widened, active;
	struct cpumask mask;
	int ret;

	ktt_random_mask(op, &mask);
	before = task_cpu(current);
	ret = set_cpus_allowed_ptr(current, &mask);
	if (ret == -EINVAL) {
		ktt_inc(affinity_refused);
		return;
	}
	preempt_disable();
	cpu = smp_processor_id();
	widened = !cpumask_equal(&current->cpus_mask, &mask);
	ok = cpumask_test_cpu(cpu, &current->cpus_mask);
	active = cpu_active(cpu);
	preempt_enable();
	if (ret || !ok)
		ktt_error(&ktt.affinity_violations, "set_cpus_allowed_ptr(current, %s) from CPU %u "
			  "returned %d, and current runs on CPU %u (mask now %s, CPU %s)",
			  ktt_mask(&m1, &mask), before, ret, cpu,
			  ktt_mask(&m2, &current->cpus_mask), active ? "active" : "not active");
	if (widened)
		ktt_inc(widened);
	ktt_inc(affinity);
}

static void ktt_complete_other(struct ktt_op *op)
{
	complete(&ktt_ops[torture_random_below(&op->rand, ktt_nr_ops)]->mbox);
	ktt_inc(completes);
}

static void ktt_wait_own(struct ktt_op *op)
{
	if (wait_for_completion_timeout(&op->mbox, 1 + torture_random_below(&op->rand, 4)))
		ktt_inc(consumed);
}

/* One random operation. */
static void ktt_do_one(struct ktt_op *op)
{
	unsigned int slot = torture_random_below(&op->rand, KTT_CHILDREN);
	struct ktt_child *c = op->child[slot];
	unsigned long r = torture_random_below(&op->rand, 100);

	for (int i = 0; i < KTT_CHILDREN; i++)
		if (op->child[i])
			ktt_child_verdict(op, op->child[i], false);
	if (r < 40) {
		/* Something with a child: make one in a free slot, or act on the one there. */
		if (!c) {
			ktt_child_create(op, slot);
			return;
		}
		ktt_child_verdict(op, c, true);
		switch (r % 8) {
		case 0:
			ktt_child_stop(op, slot);
			break;
		case 1:
			if (!c->woken)
				ktt_wake_first(op, slot, c);
			else if (c->parked)
				ktt_child_unpark(op, c);
			else
				ktt_child_park(op, c);
			break;
		case 2:
			if (c->woken && !c->parked)
				ktt_child_affinity(op, c);
			break;
		case 3:
			ktt_random_policy(op, c->task);
			break;
		default:
			if (c->woken && !c->parked)
				ktt_child_wake(op, c);
		}
	} else if (r < 60) {
		ktt_work_op(op);
	} else if (r < 68) {
		ktt_sleep(op);
	} else if (r < 74) {
		ktt_self_affinity(op);
	} else if (r < 78) {
		ktt_random_policy(op, current);
	} else if (r < 86) {
		ktt_poke(op);
	} else if (r < 93) {
		ktt_complete_other(op);
	} else {
		ktt_wait_own(op);
	}
}

/* Stop every child, cancel every work, destroy the private worker. */
static void ktt_op_cleanup(struct ktt_op *op)
{
	for (int slot = 0; slot < KTT_CHILDREN; slot++)
		if (op->child[slot])
			ktt_child_stop(op, slot);
	for (int i = 0; i < KTT_WORKS; i++)
		ktt_work_cancel(&op->work[i]);
	if (op->private.kw) {
		kthread_destroy_worker(op->private.kw);
		op->private.kw = NULL;
	}
}

/*
 * An operator: random operations until the time is up, then its clean-up (back to normal and
 * anywhere first, so that it is neither starved nor held on one CPU), then it waits to be
 * stopped. The control thread waits for the clean-ups with a bound, so a hang in one is
 * reported instead of hanging the test.
 */
static int ktt_op_fn(void *data)
{
	struct ktt_op *op = data;

	while (!kthread_should_stop() && !torture_must_stop()) {
		ktt_check_cpu(NULL, -1, 0);
		ktt_do_one(op);
		ktt_inc(ops);
		cond_resched();
	}
	sched_set_normal(current, 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	ktt_op_cleanup(op);
	__atomic_store_n(&op->finished, true, __ATOMIC_RELEASE);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return op->cookie;
}

/* ---- The control thread ------------------------------------------------------------------ */

/*
 * The same check as the owner's, by the control thread, for a child whose owner does not come
 * back to it (stuck itself): a child seen asleep with a wake-up done and unconsumed at two
 * looks a tenth of a second apart, not switched in between. One the owner suspects already is
 * the owner's. Under op->lock, which keeps the child from being freed.
 */
static void ktt_monitor_child(struct ktt_child *c)
{
	struct task_struct *p = c->task;

	if (READ_ONCE(c->suspect) || !ktt_wake_pending(c)) {
		c->msuspect_since = 0;
		return;
	}
	if (!c->msuspect_since || c->msuspect_switches != ktt_switches(p)) {
		c->msuspect_since = jiffies | 1;
		c->msuspect_switches = ktt_switches(p);
		return;
	}
	ktt_error(&ktt.lost_wakeups, "lost wake-up: %s/%d asleep in S %lu ticks after "
		  "wake_up_process() returned (wake-up %lu, consumed %lu; seen by the control "
		  "thread)", p->comm, p->pid, jiffies - READ_ONCE(c->woken_at),
		  READ_ONCE(c->wake_done), READ_ONCE(c->seen));
	c->msuspect_since = 0;
	wake_up_process(p);
}

/*
 * Seen by the control thread, every tenth of a second: every child's wake-ups (above), and an
 * operator asleep on its own timer after that timer fired and woke it, which is a lost wake-up
 * too, counted once the same sleep has lasted KTT_LOST_TICKS past the firing.
 */
static void ktt_monitor(void)
{
	unsigned long sleeping;

	for (unsigned int i = 0; i < ktt_nr_ops; i++) {
		struct ktt_op *op = ktt_ops[i];
		struct task_struct *p = op->task;

		if (!p)
			continue;
		spin_lock(&op->lock);
		for (int slot = 0; slot < KTT_CHILDREN; slot++)
			if (op->child[slot])
				ktt_monitor_child(op->child[slot]);
		spin_unlock(&op->lock);

		/*
		 * On its own timer: lost once the timer has woken it (fired_done) and it is still
		 * asleep. On schedule_timeout(): the timer may only be late, so KTT_LOST_TICKS past
		 * the deadline. Either way seen so at two looks, not switched in between.
		 */
		sleeping = READ_ONCE(op->sleeping);
		if (!sleeping || !ktt_task_asleep(p, TASK_UNINTERRUPTIBLE) ||
		    (sleeping == KTT_SLEEP_TIMER ?
		     !__atomic_load_n(&op->fired_done, __ATOMIC_ACQUIRE) :
		     time_before(jiffies, READ_ONCE(op->deadline) + KTT_LOST_TICKS))) {
			op->suspect_since = 0;
			continue;
		}
		if (!op->suspect_since || op->suspect_switches != ktt_switches(p)) {
			op->suspect_since = jiffies | 1;
			op->suspect_switches = ktt_switches(p);
			continue;
		}
		ktt_error(&ktt.lost_timers, "lost wake-up: %s/%d asleep in D %lu ticks after the "
			  "deadline of its %s", p->comm, p->pid, jiffies - READ_ONCE(op->deadline),
			  sleeping == KTT_SLEEP_TIMER ? "timer, which fired and woke it" :
			  "schedule_timeout()");
		op->suspect_since = 0;
		wake_up_process(p);
	}
}

/*
 * Wait for the first @n operators to finish their clean-up, at most KTT_STUCK_TICKS, watching
 * for lost wake-ups meanwhile. One that has not is stuck (a hang): it is reported with its
 * state and stack, and its children's. Returns how many are stuck.
 */
static unsigned int ktt_wait_finished(unsigned int n)
{
	unsigned long since = jiffies;
	unsigned int left;

	for (;;) {
		left = 0;
		for (unsigned int j = 0; j < n; j++)
			left += !__atomic_load_n(&ktt_ops[j]->finished, __ATOMIC_ACQUIRE);
		if (!left || jiffies - since > KTT_STUCK_TICKS)
			break;
		schedule_timeout_interruptible(HZ / 10);
		ktt_monitor();
	}
	for (unsigned int j = 0; j < n && left; j++) {
		struct ktt_op *op = ktt_ops[j];
		struct task_struct *p = op->task;

		if (__atomic_load_n(&op->finished, __ATOMIC_ACQUIRE))
			continue;
		ktt_inc(stuck);
		pr_alert("kthread-torture: ERROR %s/%d has not finished its clean-up %lu s after the "
			 "end; in state %c on CPU %u:\n", p->comm, p->pid,
			 (unsigned long)KTT_STUCK_TICKS / HZ, task_state_to_char(p), task_cpu(p));
		show_task_stack(p);
		spin_lock(&op->lock);
		for (int slot = 0; slot < KTT_CHILDREN; slot++) {
			struct ktt_child *c = op->child[slot];

			if (c)
				pr_alert("kthread-torture:   its child %s/%d: state %c on CPU %u\n",
					 c->task->comm, c->task->pid, task_state_to_char(c->task),
					 task_cpu(c->task));
		}
		spin_unlock(&op->lock);
	}
	return left;
}

static unsigned long ktt_errors_total(void)
{
	unsigned long n = 0;

#define KTT_SUM(name) n += READ_ONCE(ktt.name);
	KTT_ERRORS(KTT_SUM)
#undef KTT_SUM
	return n;
}

/* One line: "kthread-torture: <tag> t=Ns ops N creates N ... hotplug a/b:c/d errors N". */
static void ktt_stats(const char *tag, unsigned long start)
{
	struct torture_onoff_counts oc;

	torture_onoff_counts(&oc);
	pr_alert("kthread-torture: %st=%lus ops %lu creates %lu stops %lu (never ran %lu) parks %lu "
		 "unparks %lu binds %lu percpu %lu affinity %lu/%lu policy %lu sleeps %lu wakes %lu "
		 "pokes %lu works %lu/%lu cancels %lu flushes %lu workers %lu completes %lu/%lu "
		 "hotplug %lu/%lu:%lu/%lu wake_lat %lu timer_late %lu errors %lu\n", tag,
		 (jiffies - start) / HZ, ktt.ops, ktt.creates, ktt.stops, ktt.never_ran, ktt.parks,
		 ktt.unparks, ktt.binds, ktt.percpu, ktt.affinity, ktt.affinity_refused,
		 ktt.policy, ktt.sleeps, ktt.wakes, ktt.pokes, ktt.queued, ktt.ran, ktt.cancels,
		 ktt.flushes, ktt.workers, ktt.completes, ktt.consumed, oc.on_ok, oc.on_attempts,
		 oc.off_ok, oc.off_attempts, ktt.wake_lat_max, ktt.timer_late_max,
		 ktt_errors_total());
}

static void ktt_print_errors(void)
{
#define KTT_PRINT(name)							\
	if (ktt.name)							\
		pr_alert("kthread-torture: errors: " #name " %lu\n", ktt.name);
	KTT_ERRORS(KTT_PRINT)
#undef KTT_PRINT
}

/* The shared workers: one bound to each present CPU, and one unbound (the last). */
static int ktt_shared_create(void)
{
	unsigned int cpu, n = 0;

	ktt_shared = kcalloc(num_present_cpus() + 1, sizeof(*ktt_shared), GFP_KERNEL);
	if (!ktt_shared)
		return -ENOMEM;
	for_each_present_cpu(cpu) {
		struct ktt_worker *w = &ktt_shared[n];

		w->cpu = cpu;
		w->offlines = ktt_bind_snapshot(cpu);
		w->kw = kthread_create_worker_on_cpu(cpu, 0, "ktt_kw/%u", cpu);
		if (IS_ERR(w->kw))
			return PTR_ERR(w->kw);
		ktt_nr_shared = ++n;
	}
	ktt_shared[n].cpu = -1;
	ktt_shared[n].kw = kthread_create_worker(0, "ktt_kw/u");
	if (IS_ERR(ktt_shared[n].kw))
		return PTR_ERR(ktt_shared[n].kw);
	ktt_nr_shared = n + 1;
	return 0;
}

static void ktt_shared_destroy(void)
{
	for (unsigned int i = 0; i < ktt_nr_shared; i++)
		kthread_destroy_worker(ktt_shared[i].kw);
	kfree(ktt_shared);
	ktt_shared = NULL;
	ktt_nr_shared = 0;
}

static struct ktt_op *ktt_op_alloc(int id)
{
	struct ktt_op *op = kzalloc(sizeof(*op), GFP_KERNEL);

	if (!op)
		return NULL;
	op->id = id;
	torture_random_init(&op->rand, id);
	op->cookie = 1 + (int)torture_random_below(&op->rand, 1 << 30);
	spin_lock_init(&op->lock);
	init_completion(&op->mbox);
	timer_setup(&op->timer, ktt_timer_fn, 0);
	for (int i = 0; i < KTT_WORKS; i++) {
		op->work[i].delayed = i >= KTT_PLAIN_WORKS;
		ktt_work_attach(&op->work[i],
				&ktt_shared[torture_random_below(&op->rand, ktt_nr_shared)]);
	}
	return op;
}

/* Bring every CPU down and up once, and make and destroy a worker, before the baseline: what
 * the first time allocates for good is not a leak. */
static void ktt_warm_up(void)
{
	struct kthread_worker *kw;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (!cpu)
			continue;
		if (remove_cpu(cpu) || add_cpu(cpu))
			ktt_error(&ktt.hotplug_failures, "warm-up cycle of CPU %u failed", cpu);
	}
	kw = kthread_create_worker(0, "ktt_warm");
	if (!IS_ERR(kw))
		kthread_destroy_worker(kw);
}

/* The tasks at the baseline, to name the ones that differ if the leak check fails. */
#define KTT_TASKS_MAX	1024

struct ktt_task_id {
	int pid;
	unsigned int state;
	char comm[TASK_COMM_LEN];
};

static unsigned int ktt_tasks_snapshot(struct ktt_task_id *ids)
{
	struct task_struct *p;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (n == KTT_TASKS_MAX)
			break;
		ids[n].pid = p->pid;
		ids[n].state = READ_ONCE(p->__state);
		memcpy(ids[n].comm, p->comm, TASK_COMM_LEN);
		n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

static bool ktt_task_in(const struct ktt_task_id *id, const struct ktt_task_id *ids,
			unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (ids[i].pid == id->pid && !strcmp(ids[i].comm, id->comm))
			return true;
	return false;
}

/* Print the tasks only in one of the two lists. */
static void ktt_tasks_diff(const struct ktt_task_id *before, unsigned int nb)
{
	struct ktt_task_id *now = kmalloc_array(KTT_TASKS_MAX, sizeof(*now), GFP_KERNEL);
	unsigned int nn;

	if (!before || !now) {
		kfree(now);
		return;
	}
	nn = ktt_tasks_snapshot(now);
	for (unsigned int i = 0; i < nb; i++)
		if (!ktt_task_in(&before[i], now, nn))
			pr_alert("kthread-torture: leak check: gone since the start: %s/%d (was in "
				 "state 0x%x)\n", before[i].comm, before[i].pid, before[i].state);
	for (unsigned int i = 0; i < nn; i++)
		if (!ktt_task_in(&now[i], before, nb))
			pr_alert("kthread-torture: leak check: new since the start: %s/%d (state "
				 "0x%x)\n", now[i].comm, now[i].pid, now[i].state);
	kfree(now);
}

/* Stopped threads and workers free themselves once they have switched out for the last time;
 * wait for that (at most 10 s of guest time), then compare. */
static void ktt_leak_check(const struct torture_usage *base, const struct ktt_task_id *before,
			   unsigned int nb)
{
	struct torture_usage now;
	unsigned long start = jiffies;

	for (;;) {
		torture_usage_read(&now);
		if (!memcmp(&now, base, sizeof(now)) || jiffies - start > 10 * HZ)
			break;
		schedule_timeout_uninterruptible(HZ / 10);
	}
	pr_alert("kthread-torture: leak check: free pages %ld, slab objects %ld, tasks %ld, "
		 "PIDs %ld against the start\n", (long)(now.pages - base->pages),
		 (long)(now.objects - base->objects), (long)(now.tasks - base->tasks),
		 (long)(now.pids - base->pids));
	if (memcmp(&now, base, sizeof(now))) {
		ktt_error(&ktt.leaks, "resources not back to the baseline");
		ktt_tasks_diff(before, nb);
	}
}

/**
 * kthread_torture - torture=kthread: the test this file describes
 *
 * Context: kernel_init, after the self-tests; sleeps for torture.duration= seconds and the
 * clean-up. Return: true if the test failed.
 */
bool kthread_torture(void)
{
	static const struct sched_param control = { .sched_priority = MAX_RT_PRIO - 1 };
	static const struct sched_param normal = { .sched_priority = 0 };
	unsigned long start, end, next_stats, warns;
	struct torture_onoff_counts oc;
	struct ktt_task_id *before;
	struct torture_usage base;
	unsigned int nr, i, nb;
	bool failed;
	int ret;

	memset(&ktt, 0, sizeof(ktt));
	ktt_reports = 0;
	start = jiffies;
	ktt_warm_up();
	/* Allocated before the baseline and freed after the last reading: counted in both. */
	before = kmalloc_array(KTT_TASKS_MAX, sizeof(*before), GFP_KERNEL);
	nb = before ? ktt_tasks_snapshot(before) : 0;
	torture_usage_read(&base);
	warns = warn_count_read();
	nr = torture_param.threads ?: 2 * num_online_cpus();
	pr_alert("kthread-torture: %u operator threads, %u CPUs, %u s, hotplug every %u ms\n", nr,
		 num_online_cpus(), torture_param.duration, torture_param.hotplug);

	/* The control thread (kernel_init) keeps its stats and checks on time whatever runs. */
	sched_setscheduler_nocheck(current, SCHED_FIFO, &control);
	ret = ktt_shared_create();
	ktt_ops = kcalloc(nr, sizeof(*ktt_ops), GFP_KERNEL);
	if (ret || !ktt_ops) {
		ktt_error(&ktt.api_errors, "setting up failed: %d", ret ?: -ENOMEM);
		goto out_shared;
	}
	for (i = 0; i < nr; i++) {
		ktt_ops[i] = ktt_op_alloc(i);
		if (!ktt_ops[i])
			break;
	}
	ktt_nr_ops = i;
	for (i = 0; i < ktt_nr_ops; i++) {
		struct task_struct *p = kthread_create(ktt_op_fn, ktt_ops[i], "ktt_op/%u", i);

		if (IS_ERR(p)) {
			ktt_error(&ktt.api_errors, "creating ktt_op/%u failed: %ld", i, PTR_ERR(p));
			break;
		}
		ktt_ops[i]->task = p;
		/* Spread over the CPUs to begin with; they roam from there. */
		set_cpus_allowed_ptr(p, cpumask_of(ktt_nth_online_cpu(i)));
	}
	/* Woken only once all exist: they poke and complete each other. */
	for (unsigned int j = 0; j < i; j++)
		wake_up_process(ktt_ops[j]->task);
	if (torture_onoff_init())
		ktt_error(&ktt.api_errors, "the hotplug thread could not be started");

	start = jiffies;
	end = start + (unsigned long)torture_param.duration * HZ;
	next_stats = start + (unsigned long)torture_param.stat_interval * HZ;
	while (time_before(jiffies, end) && i == ktt_nr_ops) {
		schedule_timeout_interruptible(HZ / 10);
		ktt_monitor();
		if (time_after_eq(jiffies, next_stats)) {
			ktt_stats("", start);
			next_stats += (unsigned long)torture_param.stat_interval * HZ;
		}
	}

	torture_end();
	if (ktt_wait_finished(i)) {
		/*
		 * A stuck thread cannot be stopped, nor can what it holds be freed: report and end
		 * here, without the clean-up and the leak check (the hotplug thread runs on).
		 */
		sched_setscheduler_nocheck(current, SCHED_NORMAL, &normal);
		ktt.warnings = warn_count_read() - warns;
		ktt_print_errors();
		ktt_stats("FAILURE ", start);
		return true;
	}
	for (unsigned int j = 0; j < i; j++) {
		ret = kthread_stop(ktt_ops[j]->task);
		if (ret != ktt_ops[j]->cookie)
			ktt_error(&ktt.bad_stop_values, "kthread_stop(ktt_op/%u) returned %d, "
				  "expected %d", j, ret, ktt_ops[j]->cookie);
		ktt_inc(stops);
	}
	torture_onoff_stop();
	/* Every complete() was either consumed by a wait or is still counted. */
	{
		unsigned long left = 0;

		for (unsigned int j = 0; j < ktt_nr_ops; j++)
			left += READ_ONCE(ktt_ops[j]->mbox.done);
		if (ktt.consumed + left != ktt.completes)
			ktt_error(&ktt.completion_accounting, "%lu complete() calls, %lu consumed, "
				  "%lu left in the completions", ktt.completes, ktt.consumed, left);
	}
	for (unsigned int j = 0; j < ktt_nr_ops; j++) {
		del_timer_sync(&ktt_ops[j]->timer);
		kfree(ktt_ops[j]);
	}
out_shared:
	kfree(ktt_ops);
	ktt_ops = NULL;
	ktt_nr_ops = 0;
	if (ktt_shared)
		ktt_shared_destroy();
	sched_setscheduler_nocheck(current, SCHED_NORMAL, &normal);

	torture_onoff_counts(&oc);
	if (oc.on_ok != oc.on_attempts || oc.off_ok != oc.off_attempts)
		ktt.hotplug_failures += (oc.on_attempts - oc.on_ok) + (oc.off_attempts - oc.off_ok);
	ktt.warnings = warn_count_read() - warns;
	ktt_leak_check(&base, before, nb);
	kfree(before);
	ktt_print_errors();
	failed = ktt_errors_total() != 0;
	ktt_stats(failed ? "FAILURE " : "SUCCESS ", start);
	return failed;
}
