/* Softirqs (Linux's kernel/softirq.c): deferred work raised per CPU, run on interrupt exit or at
 * local_bh_enable(), and by ksoftirqd/N, the first smpboot thread, when there is too much of it. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <trace/events/irq.h>
#include <asm/processor.h>

DEFINE_PER_CPU(u32, __softirq_pending);
DEFINE_PER_CPU(struct task_struct *, ksoftirqd);

/* Linux's struct kernel_stat, the part /proc/softirqs prints. */
struct kernel_stat {
	unsigned int softirqs[NR_SOFTIRQS];
};

static DEFINE_PER_CPU(struct kernel_stat, kstat);

static struct softirq_action softirq_vec[NR_SOFTIRQS];

const char * const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU"
};

unsigned int kstat_softirqs_cpu(unsigned int irq, int cpu)
{
	return READ_ONCE(per_cpu(kstat, cpu).softirqs[irq]);
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

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

void __raise_softirq_irqoff(unsigned int nr)
{
	or_softirq_pending(1U << nr);
	/* Linux traces first; after, the call is a tail call and needs no stack frame. */
	trace_softirq_raise(nr);
}

/*
 * In interrupt context (a hard interrupt, a softirq handler, or a section with bottom halves
 * off) the pending bit is enough: irq_exit() or local_bh_enable() at the end of it runs it. From
 * plain task context nothing of the kind is coming, so ksoftirqd is woken to run it.
 */
void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/*
 * The softirq loop. Entered with interrupts off; marks "serving a softirq" (SOFTIRQ_OFFSET), so
 * interrupts arriving meanwhile only add pending bits and do not recurse into it. Each pass takes
 * the whole pending mask, clears it and runs the handlers with interrupts on, lowest kind first;
 * what was raised meanwhile is run by another pass. A softirq that keeps raising itself would
 * keep this CPU out of task context for ever, so after MAX_SOFTIRQ_RESTART passes or
 * MAX_SOFTIRQ_TIME, or when a task is waiting for the CPU, what is left is handed to ksoftirqd,
 * a thread the scheduler shares the CPU with. O(kinds pending) per pass.
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

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
}

/*
 * Bottom halves back on. The count drops to "preemption off" first, not to zero, so the softirqs
 * run on this CPU before anything can preempt or migrate the task; then a reschedule that came
 * due meanwhile happens in preempt_enable().
 */
void local_bh_enable(void)
{
	WARN_ON_ONCE(in_irq());
	barrier();
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET - 1);
	if (unlikely(!in_interrupt() && local_softirq_pending()))
		do_softirq();
	preempt_enable();
}

/*
 * Leaving hard-interrupt context (arch/x86/irq.c calls this after the EOI, interrupts still
 * off). Softirqs run here only if the interrupt came from task context with bottom halves on: a
 * nested interrupt, or one that hit a softirq handler or a local_bh_disable() section, leaves
 * them to the outer level, which runs them when it ends.
 */
void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
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

static struct smp_hotplug_thread softirq_threads = {
	.store			= &ksoftirqd,
	.thread_should_run	= ksoftirqd_should_run,
	.thread_fn		= run_ksoftirqd,
	.thread_comm		= "ksoftirqd/%u",
};

int spawn_ksoftirqd(void)
{
	BUG_ON(smpboot_register_percpu_thread(&softirq_threads));
	return 0;
}
