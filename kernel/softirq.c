/* Softirqs (Linux's kernel/softirq.c): deferred work raised per CPU, run on interrupt exit or at
 * local_bh_enable(), and by ksoftirqd/N, the first smpboot thread, when there is too much of it;
 * and tasklets, the functions the HI and TASKLET softirqs run. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/cpuhotplug.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/kthread.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <linux/tick.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>
#include <trace/events/irq.h>
#include <asm/processor.h>

DEFINE_PER_CPU(u32, __softirq_pending);
DEFINE_PER_CPU(struct task_struct *, ksoftirqd);

/* Linux 6.1: defined in kernel/sched/core.c; here beside __do_softirq(), its one writer. */
DEFINE_PER_CPU(struct kernel_stat, kstat);

static struct softirq_action softirq_vec[NR_SOFTIRQS];

const char * const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU"
};

/*
 * Wake this CPU's ksoftirqd. Called with interrupts off (raise_softirq_irqoff, __do_softirq);
 * before spawn_ksoftirqd() there is none and the work waits for the next interrupt exit.
 */
static void wakeup_softirqd(void)
{
	struct task_struct *tsk = this_cpu_ksoftirqd();

	if (tsk)
		wake_up_process(tsk);
}

/*
 * While ksoftirqd is runnable (woken by the bound in __do_softirq(), or for work raised from
 * task context), interrupt exits and local_bh_enable() leave the softirqs to it: it runs them
 * at its own rate, as a task the scheduler shares the CPU with, instead of every interrupt
 * taking another bite of the CPU out of the task it interrupted. HI and TASKLET are exempt: a
 * tasklet's latency would otherwise be that of a nice-0 thread. Once ksoftirqd is to park
 * (the CPU going down) it runs nothing more, so the others must not wait for it either. Nor
 * while an RT task has the CPU: ksoftirqd, a fair task, would not get it back before that task
 * sleeps, and the timers that would wake it are softirq work.
 * Linux 6.1: no rt_task() test, as its RT throttling lets ksoftirqd in; Spindle has no RT
 * throttling.
 */
#define SOFTIRQ_NOW_MASK ((1 << HI_SOFTIRQ) | (1 << TASKLET_SOFTIRQ))
static bool ksoftirqd_running(unsigned long pending)
{
	struct task_struct *tsk = this_cpu_ksoftirqd();

	if (pending & SOFTIRQ_NOW_MASK)
		return false;
	return tsk && task_is_running(tsk) && !__kthread_should_park(tsk) && !rt_task(current);
}

/**
 * __local_bh_enable_ip - leave a bottom-half-off section and run the pending softirqs
 * @cnt: what the section added to the preempt count (SOFTIRQ_DISABLE_OFFSET for
 *	 local_bh_enable())
 *
 * The count drops to "preemption off" first, not to zero, so the softirqs run on this CPU
 * before anything can preempt or migrate the task; then a reschedule that came due meanwhile
 * happens in preempt_enable().
 *
 * Linux 6.1: also takes the caller's address, for lockdep's softirqs-on event; Spindle's lockdep
 * reads softirq state from the preempt count and has no use for it.
 *
 * Context: after local_bh_disable(); not in hard-interrupt context (warned about); may
 * reschedule on return if preemption is then on.
 * Return: nothing.
 */
void __local_bh_enable_ip(unsigned int cnt)
{
	WARN_ON_ONCE(in_irq());
	barrier();
	preempt_count_sub(cnt - 1);
	if (unlikely(!in_interrupt() && local_softirq_pending()))
		do_softirq();
	preempt_enable();
}

/*
 * Linux 6.1: wakes ksoftirqd instead with forced interrupt threads (threadirqs), and runs the
 * loop on the interrupt stack; Spindle has neither threadirqs nor an interrupt stack.
 */
static inline void invoke_softirq(void)
{
	if (ksoftirqd_running(local_softirq_pending()))
		return;
	__do_softirq();
}

/**
 * do_softirq - run the pending softirqs now, unless ksoftirqd is taking care of them
 *
 * Does nothing in interrupt context: the end of that context runs them.
 *
 * Context: any; interrupts are saved and disabled around the loop.
 * Return: nothing.
 */
void do_softirq(void)
{
	unsigned long flags;
	u32 pending;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	pending = local_softirq_pending();
	if (pending && !ksoftirqd_running(pending))
		__do_softirq();
	local_irq_restore(flags);
}

/**
 * __do_softirq - the softirq loop: run this CPU's pending softirqs
 *
 * Marks "serving a softirq" (SOFTIRQ_OFFSET), so interrupts arriving meanwhile only add pending
 * bits and do not recurse into it. Each pass takes the whole pending mask, clears it and runs
 * the handlers with interrupts on, lowest kind first; what was raised meanwhile is run by
 * another pass. A softirq that keeps raising itself would keep this CPU out of task context for
 * ever, so after MAX_SOFTIRQ_RESTART passes or MAX_SOFTIRQ_TIME, or when a task is waiting for
 * the CPU, what is left is handed to ksoftirqd, a thread the scheduler shares the CPU with.
 * O(kinds pending) per pass.
 *
 * Linux 6.1: also accounts softirq time and tells lockdep here, and runs on the interrupt stack
 * from irq_exit(); Spindle's tick charges softirq time, its lockdep reads the preempt count, and
 * it has no interrupt stack.
 *
 * Context: interrupts off on entry, and again on return (on in between); not in interrupt
 * context with softirqs already being served (the callers check).
 * Return: nothing.
 */
void __do_softirq(void)
{
	unsigned long end = jiffies + MAX_SOFTIRQ_TIME;
	int max_restart = MAX_SOFTIRQ_RESTART;
	struct softirq_action *h;
	u32 pending;
	int softirq_bit;

	pending = local_softirq_pending();
	preempt_count_add(SOFTIRQ_OFFSET);
restart:
	/* Cleared before interrupts are on again: a bit raised from now on is a new request. */
	set_softirq_pending(0);
	local_irq_enable();

	h = softirq_vec;
	while ((softirq_bit = __builtin_ffs(pending))) {
		unsigned int vec_nr;
		int prev_count;

		h += softirq_bit - 1;
		vec_nr = h - softirq_vec;
		prev_count = preempt_count();
		this_cpu_ptr(&kstat)->softirqs[vec_nr]++;
		trace_softirq_entry(vec_nr);
		if (h->action)
			h->action(h);
		trace_softirq_exit(vec_nr);
		if (unlikely(prev_count != preempt_count())) {
			pr_err("huh, entered softirq %u %s %pS with preempt_count %08x, exited with %08x?\n",
			       vec_nr, softirq_to_name[vec_nr], h->action, prev_count,
			       preempt_count());
			preempt_count_sub(preempt_count() - prev_count);
		}
		h++;
		pending >>= softirq_bit;
	}

	local_irq_disable();
	pending = local_softirq_pending();
	if (pending) {
		if (time_before(jiffies, end) && !need_resched() && --max_restart)
			goto restart;
		wakeup_softirqd();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

/**
 * irq_enter - enter hard-interrupt context
 *
 * The outermost interrupt over the idle task first lets the tick catch jiffies up, since its
 * CPU may have slept with its tick stopped (Linux's irq_enter_rcu()).
 *
 * Linux 6.1: also tells RCU and accounts hard-interrupt time; Spindle has no RCU, and its tick
 * charges interrupt time.
 *
 * Context: an interrupt's entry (common_interrupt()), interrupts off.
 * Return: nothing.
 */
void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
	if (is_idle_task(current) && irq_count() == HARDIRQ_OFFSET)
		tick_irq_enter();
}

/**
 * irq_exit - leave hard-interrupt context
 *
 * arch/x86/irq.c calls this after the EOI, interrupts still off. Softirqs run here only if the
 * interrupt came from task context with bottom halves on: a nested interrupt, or one that hit a
 * softirq handler or a local_bh_disable() section, leaves them to the outer level, which runs
 * them when it ends.
 *
 * Linux 6.1: also calls tick_irq_exit() (an idle CPU's tick stopped again) and the RCU and
 * accounting hooks; Spindle's idle loop stops the tick on each pass, and it has no RCU.
 *
 * Context: the end of an interrupt handler, interrupts off.
 * Return: nothing.
 */
void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		invoke_softirq();
}

/**
 * raise_softirq_irqoff - mark softirq @nr pending on this CPU and see that it runs
 * @nr: the softirq number
 *
 * In interrupt context (a hard interrupt, a softirq handler, or a section with bottom halves
 * off) the pending bit is enough: irq_exit() or local_bh_enable() at the end of it runs it. From
 * plain task context nothing of the kind is coming, so ksoftirqd is woken to run it.
 *
 * Context: interrupts off; any context otherwise.
 * Return: nothing.
 */
void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);
	if (!in_interrupt())
		wakeup_softirqd();
}

/**
 * raise_softirq - raise_softirq_irqoff() with interrupts saved and disabled around it
 * @nr: the softirq number
 *
 * Context: any.
 * Return: nothing.
 */
void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/**
 * __raise_softirq_irqoff - mark softirq @nr pending on this CPU, and nothing more
 * @nr: the softirq number
 *
 * Does not wake ksoftirqd: for callers that know an interrupt exit, a local_bh_enable() or a
 * further pass of the softirq loop is coming.
 *
 * Context: interrupts off.
 * Return: nothing.
 */
void __raise_softirq_irqoff(unsigned int nr)
{
	trace_softirq_raise(nr);
	or_softirq_pending(1U << nr);
}

/**
 * open_softirq - set the handler of softirq @nr
 * @nr: the softirq number
 * @action: the function __do_softirq() calls for it, with interrupts on
 *
 * Context: boot, before @nr can be raised; not serialised against a running softirq.
 * Return: nothing.
 */
void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

/* ---- Tasklets ------------------------------------------------------------------------------ */

/*
 * Each CPU's scheduled tasklets, oldest first; @tail points at the last one's @next (at @head
 * when empty), so appending is O(1). Only the owning CPU touches its lists, with interrupts off
 * (tasklets are scheduled from hard interrupts too); the one exception, takeover_tasklets(),
 * reads a dead CPU's.
 */
struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

static DEFINE_PER_CPU(struct tasklet_head, tasklet_vec);
static DEFINE_PER_CPU(struct tasklet_head, tasklet_hi_vec);

/*
 * Append @t (whose SCHED bit the caller just took) to this CPU's list and raise the softirq:
 * from a hard interrupt or a bottom-half-off section it runs at their end; from task context
 * raise_softirq_irqoff() wakes ksoftirqd.
 */
static void __tasklet_schedule_common(struct tasklet_struct *t,
				      struct tasklet_head *headp,
				      unsigned int softirq_nr)
{
	struct tasklet_head *head;
	unsigned long flags;

	local_irq_save(flags);
	head = this_cpu_ptr(headp);
	t->next = NULL;
	*head->tail = t;
	head->tail = &t->next;
	raise_softirq_irqoff(softirq_nr);
	local_irq_restore(flags);
}

/**
 * __tasklet_schedule - queue @t on this CPU for TASKLET_SOFTIRQ
 * @t: the tasklet, its TASKLET_STATE_SCHED bit set by the caller
 *
 * The second half of tasklet_schedule(), which calls it only when it set the bit itself, so a
 * tasklet is never on two lists.
 *
 * Context: any.
 * Return: nothing.
 */
void __tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_vec, TASKLET_SOFTIRQ);
}

/**
 * __tasklet_hi_schedule - queue @t on this CPU for HI_SOFTIRQ
 * @t: the tasklet, its TASKLET_STATE_SCHED bit set by the caller
 *
 * The second half of tasklet_hi_schedule().
 *
 * Context: any.
 * Return: nothing.
 */
void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_hi_vec, HI_SOFTIRQ);
}

/*
 * The tasklet is about to run (or tasklet_kill() ends its scheduling): from now on it may be
 * scheduled again. The bit is cleared before the function runs, so a schedule from inside the
 * function, or from another CPU meanwhile, is not lost.
 * Linux 6.1: not marked inline; here inline, as GCC would otherwise keep it out of line: 15
 * instructions fewer per tasklet run, 8 % of w_tasklet_bh_enable (208 without, 193 with).
 */
static inline bool tasklet_clear_sched(struct tasklet_struct *t)
{
	if (test_and_clear_bit(TASKLET_STATE_SCHED, &t->state)) {
		wake_up_var(&t->state);
		return true;
	}
	WARN_ONCE(1, "tasklet SCHED state not set: %s %pS\n",
		  t->use_callback ? "callback" : "func",
		  t->use_callback ? (void *)t->callback : (void *)t->func);
	return false;
}

/*
 * The softirq's action: take this CPU's whole list (new schedules meanwhile start a new one)
 * and run each tasklet, with interrupts on. A tasklet whose RUN bit another CPU holds (it was
 * scheduled here while running there), or that is disabled, goes back on the list and the
 * softirq is raised again, so it is retried on the next pass or by ksoftirqd: it is never run
 * on two CPUs at once and never while disabled, and never dropped. O(tasklets on the list).
 */
static void tasklet_action_common(struct softirq_action *a,
				  struct tasklet_head *tl_head,
				  unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;

		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				if (tasklet_clear_sched(t)) {
					if (t->use_callback) {
						trace_tasklet_entry(t, t->callback);
						t->callback(t);
						trace_tasklet_exit(t, t->callback);
					} else {
						trace_tasklet_entry(t, t->func);
						t->func(t->data);
						trace_tasklet_exit(t, t->func);
					}
				}
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		}

		local_irq_disable();
		t->next = NULL;
		*tl_head->tail = t;
		tl_head->tail = &t->next;
		__raise_softirq_irqoff(softirq_nr);
		local_irq_enable();
	}
}

/*
 * Linux 6.1: runs the tasklets only; the BH workqueue is Linux 6.9's, and its pools run here
 * first, from the same two softirqs, as there.
 */
static void tasklet_action(struct softirq_action *a)
{
	workqueue_softirq_action(false);
	tasklet_action_common(a, this_cpu_ptr(&tasklet_vec), TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	workqueue_softirq_action(true);
	tasklet_action_common(a, this_cpu_ptr(&tasklet_hi_vec), HI_SOFTIRQ);
}

/**
 * tasklet_setup - initialise @t to call @callback(@t)
 * @t: the tasklet, usually embedded in the structure the callback works on (from_tasklet())
 * @callback: its function
 *
 * Context: any; @t must not be scheduled.
 * Return: nothing.
 */
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}

/**
 * tasklet_init - initialise @t to call @func(@data), the older form
 * @t: the tasklet
 * @func: its function
 * @data: its argument
 *
 * Context: any; @t must not be scheduled.
 * Return: nothing.
 */
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->func = func;
	t->use_callback = false;
	t->data = data;
}

/**
 * tasklet_kill - wait until @t is neither scheduled nor running, and leave it so
 * @t: the tasklet
 *
 * A scheduled @t is not taken off its CPU's list (another CPU's list cannot be touched): this
 * waits for it to run, then holds the SCHED bit itself while it waits for the run to end, so a
 * tasklet that schedules itself again is stopped too. Afterwards @t stays idle until someone
 * schedules it. A disabled, scheduled @t never runs, so this would wait for ever: enable it
 * first.
 *
 * Context: process context; sleeps.
 * Return: nothing.
 */
void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("Attempt to kill tasklet from interrupt\n");

	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		wait_var_event(&t->state, !test_bit(TASKLET_STATE_SCHED, &t->state));

	tasklet_unlock_wait(t);
	tasklet_clear_sched(t);
}

/**
 * tasklet_unlock - release @t's RUN bit and wake whoever waits for the run to end
 * @t: the tasklet, its RUN bit held by the caller (tasklet_trylock())
 *
 * Context: any.
 * Return: nothing.
 */
void tasklet_unlock(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	clear_bit(TASKLET_STATE_RUN, &t->state);
	smp_mb__after_atomic();
	wake_up_var(&t->state);
}

/**
 * tasklet_unlock_wait - wait until @t's function is not running on any CPU
 * @t: the tasklet
 *
 * Context: process context; sleeps while it runs.
 * Return: nothing.
 */
void tasklet_unlock_wait(struct tasklet_struct *t)
{
	wait_var_event(&t->state, !test_bit(TASKLET_STATE_RUN, &t->state));
}

/**
 * softirq_init - empty tasklet lists on every CPU, and the HI and TASKLET actions
 *
 * Context: boot, start_kernel(), interrupts off, before anything can schedule a tasklet.
 * Return: nothing.
 */
void softirq_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		per_cpu(tasklet_vec, cpu).tail = &per_cpu(tasklet_vec, cpu).head;
		per_cpu(tasklet_hi_vec, cpu).tail = &per_cpu(tasklet_hi_vec, cpu).head;
	}

	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
}

/* ---- ksoftirqd: the smpboot thread that takes over ------------------------------------------ */

static int ksoftirqd_should_run(unsigned int cpu)
{
	return local_softirq_pending();
}

/*
 * ksoftirqd/N's work: the same loop as on interrupt exit, from a thread the scheduler can
 * preempt between passes. Interrupts are off from the test to the loop (the loop wants them off)
 * and cond_resched() lets waiting tasks in before the next round.
 */
static void run_ksoftirqd(unsigned int cpu)
{
	local_irq_disable();
	if (local_softirq_pending()) {
		__do_softirq();
		local_irq_enable();
		cond_resched();
		return;
	}
	local_irq_enable();
}

/*
 * CPUHP_SOFTIRQ_DEAD, on the control task once @cpu is dead: its scheduled tasklets would never
 * run there, so both lists go to the end of this CPU's and the softirqs are raised here; its
 * BH works are run here by workqueue_softirq_dead(). Nothing
 * else touches a dead CPU's lists; interrupts are off for this CPU's.
 */
static int takeover_tasklets(unsigned int cpu)
{
	local_irq_disable();

	if (&per_cpu(tasklet_vec, cpu).head != per_cpu(tasklet_vec, cpu).tail) {
		*this_cpu_read(tasklet_vec.tail) = per_cpu(tasklet_vec, cpu).head;
		this_cpu_write(tasklet_vec.tail, per_cpu(tasklet_vec, cpu).tail);
		per_cpu(tasklet_vec, cpu).head = NULL;
		per_cpu(tasklet_vec, cpu).tail = &per_cpu(tasklet_vec, cpu).head;
	}
	raise_softirq_irqoff(TASKLET_SOFTIRQ);

	if (&per_cpu(tasklet_hi_vec, cpu).head != per_cpu(tasklet_hi_vec, cpu).tail) {
		*this_cpu_read(tasklet_hi_vec.tail) = per_cpu(tasklet_hi_vec, cpu).head;
		this_cpu_write(tasklet_hi_vec.tail, per_cpu(tasklet_hi_vec, cpu).tail);
		per_cpu(tasklet_hi_vec, cpu).head = NULL;
		per_cpu(tasklet_hi_vec, cpu).tail = &per_cpu(tasklet_hi_vec, cpu).head;
	}
	raise_softirq_irqoff(HI_SOFTIRQ);

	local_irq_enable();

	/* The BH works left on its BH workqueue pools too (Linux 6.9's; not in 6.1). */
	workqueue_softirq_dead(cpu);
	return 0;
}

static struct smp_hotplug_thread softirq_threads = {
	.store			= &ksoftirqd,
	.thread_should_run	= ksoftirqd_should_run,
	.thread_fn		= run_ksoftirqd,
	.thread_comm		= "ksoftirqd/%u",
};

/**
 * spawn_ksoftirqd - the tasklets' hotplug state and the ksoftirqd/N threads
 *
 * kernel_init() calls it before smp_init(), so every CPU brought up gets its ksoftirqd and every
 * CPU taken down hands its tasklets over.
 *
 * Linux 6.1: a static early_initcall; Spindle has no initcalls, so kernel_init() calls it.
 *
 * Context: kernel_init, process context; sleeps.
 * Return: 0.
 */
int spawn_ksoftirqd(void)
{
	cpuhp_setup_state_nocalls(CPUHP_SOFTIRQ_DEAD, "softirq:dead", NULL, takeover_tasklets);
	BUG_ON(smpboot_register_percpu_thread(&softirq_threads));
	return 0;
}
