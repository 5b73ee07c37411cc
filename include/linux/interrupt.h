/* Requesting an IRQ line (request_irq(), request_threaded_irq(), free_irq(); kernel/irq/),
 * softirqs, the deferred half of interrupt handling, with Linux's kinds, pending mask, per-kind
 * counts and ksoftirqd, and the tasklets run in two of them. The hard-interrupt entry and exit
 * are in linux/hardirq.h. */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/irqreturn.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>

struct seq_file;
struct task_struct;

/*
 * Request flags, Linux's values. IRQF_SHARED: other handlers may be on the line too (each must
 * say so, and pass a dev_id to tell it from the others). IRQF_ONESHOT: the line stays masked
 * from the hard handler until the thread function has finished.
 */
#define IRQF_SHARED		0x00000080
#define IRQF_ONESHOT		0x00002000

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/**
 * struct irqaction - one handler on an IRQ line
 * @handler:	the hard handler, called in interrupt context with interrupts off
 * @dev_id:	the cookie given to the handlers and to free_irq()
 * @next:	the next handler on a shared line
 * @thread_fn:	the thread function, run by @thread in process context, or NULL
 * @thread:	the irq/N-name thread, referenced for as long as the action exists
 * @irq:	the line
 * @flags:	IRQF_*
 * @thread_flags: IRQTF_* (kernel/irq/internals.h), atomic bits
 * @thread_mask: this action's bit in the line's threads_oneshot (ONESHOT only)
 * @name:	the device's name: /proc/interrupts, the thread's name, the trace events
 */
struct irqaction {
	irq_handler_t		handler;
	void			*dev_id;
	struct irqaction	*next;
	irq_handler_t		thread_fn;
	struct task_struct	*thread;
	unsigned int		irq;
	unsigned int		flags;
	unsigned long		thread_flags;
	unsigned long		thread_mask;
	const char		*name;
};

int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long irqflags, const char *devname, void *dev_id);

/**
 * request_irq - install a hard handler on an IRQ line
 * @irq: the line (an ISA IRQ, 0-15)
 * @handler: called in hard interrupt context, interrupts off
 * @flags: IRQF_*
 * @name: the device's name
 * @dev: the cookie for @handler and free_irq()
 *
 * request_threaded_irq() without a thread function.
 *
 * Context: process context; sleeps. Return: 0 or a negative errno.
 */
static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
			      const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

const void *free_irq(unsigned int irq, void *dev_id);
void synchronize_irq(unsigned int irq);

/* /proc/interrupts: the IRQ lines (kernel/irq/proc.c), then the architecture's own rows. */
int show_interrupts(struct seq_file *p, void *v);
int arch_show_interrupts(struct seq_file *p, int prec);

/*
 * Linux's kinds, in Linux's order: a lower number runs first in each pass of __do_softirq().
 * Spindle uses HI and TASKLET (tasklets), TIMER and SCHED; the others keep their numbers so the
 * table reads like /proc/softirqs.
 */
enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

/* "HI", "TIMER", ...: the names /proc/softirqs prints. */
extern const char * const softirq_to_name[NR_SOFTIRQS];

struct softirq_action {
	void (*action)(struct softirq_action *);
};

/* How long __do_softirq() may keep going before it hands the rest to ksoftirqd. */
#define MAX_SOFTIRQ_TIME	2	/* jiffies, 2 ms at HZ=1000 */
#define MAX_SOFTIRQ_RESTART	10

/* This CPU's pending kinds, bit n for kind n. Changed only with interrupts off on this CPU. */
DECLARE_PER_CPU(u32, __softirq_pending);
#define local_softirq_pending()		this_cpu_read(__softirq_pending)
#define set_softirq_pending(x)		this_cpu_write(__softirq_pending, (x))
#define or_softirq_pending(x)		raw_cpu_or(__softirq_pending, (x))

/* Set @action as the handler of kind @nr (once, at boot, as Linux). */
void open_softirq(int nr, void (*action)(struct softirq_action *));
/* Mark @nr pending on this CPU; interrupts must be off. No wake-up at all. */
void __raise_softirq_irqoff(unsigned int nr);
/* As above, and outside interrupt context wake ksoftirqd: no interrupt exit is coming to run it. */
void raise_softirq_irqoff(unsigned int nr);
/* Any context: raise_softirq_irqoff() with interrupts saved and restored around it. */
void raise_softirq(unsigned int nr);

/* Run this CPU's pending softirqs now, unless in interrupt context (they run at its end then). */
void do_softirq(void);
/* The loop itself: called with interrupts off, runs the handlers with them on. */
void __do_softirq(void);

/* ksoftirqd/N, one per online CPU (smpboot thread), NULL before spawn_ksoftirqd(). */
DECLARE_PER_CPU(struct task_struct *, ksoftirqd);
static inline struct task_struct *this_cpu_ksoftirqd(void)
{
	return this_cpu_read(ksoftirqd);
}

/* Register the ksoftirqd smpboot thread: Linux's early_initcall, run before smp_init(). */
int spawn_ksoftirqd(void);

/* ---- Tasklets ------------------------------------------------------------------------------ */

/*
 * A tasklet: a function scheduled from any context to run soon in softirq context, on the CPU
 * that scheduled it, and never on two CPUs at once. HI tasklets run in HI_SOFTIRQ, the others
 * in TASKLET_SOFTIRQ. @next links it into one CPU's list while it is scheduled; @state holds the
 * TASKLET_STATE_* bits; a non-zero @count (tasklet_disable) keeps it from running. The function
 * is @callback (tasklet_setup, DECLARE_TASKLET) when @use_callback, else @func(@data)
 * (tasklet_init).
 */
struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	atomic_t count;
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

#define DECLARE_TASKLET(name, _callback)		\
struct tasklet_struct name = {				\
	.count = ATOMIC_INIT(0),			\
	.callback = _callback,				\
	.use_callback = true,				\
}

/* The structure a callback's tasklet is embedded in: from_tasklet(priv, t, tasklet). */
#define from_tasklet(var, callback_tasklet, tasklet_fieldname)	\
	container_of(callback_tasklet, typeof(*var), tasklet_fieldname)

enum {
	TASKLET_STATE_SCHED,	/* on a CPU's list, to run once */
	TASKLET_STATE_RUN	/* its function is running on some CPU */
};

/**
 * tasklet_trylock - take @t's RUN bit, which keeps it off every other CPU
 * @t: the tasklet
 *
 * Context: any. Return: true if it was free (now taken), false if @t runs elsewhere.
 */
static inline bool tasklet_trylock(struct tasklet_struct *t)
{
	return !test_and_set_bit(TASKLET_STATE_RUN, &t->state);
}

void tasklet_unlock(struct tasklet_struct *t);
void tasklet_unlock_wait(struct tasklet_struct *t);

void __tasklet_schedule(struct tasklet_struct *t);

/**
 * tasklet_schedule - have @t run once, soon, in TASKLET_SOFTIRQ on this CPU
 * @t: the tasklet
 *
 * Scheduling a tasklet that is already scheduled and has not started yet does nothing: it runs
 * once. One that is running may be scheduled again; it then runs again afterwards.
 *
 * Context: any; interrupts are off for a few instructions. Return: nothing.
 */
static inline void tasklet_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_schedule(t);
}

void __tasklet_hi_schedule(struct tasklet_struct *t);

/**
 * tasklet_hi_schedule - tasklet_schedule() in HI_SOFTIRQ, which runs before every other kind
 * @t: the tasklet
 *
 * Context: any. Return: nothing.
 */
static inline void tasklet_hi_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_hi_schedule(t);
}

/**
 * tasklet_disable_nosync - keep @t from running, without waiting for a run in progress
 * @t: the tasklet
 *
 * Disables nest: each needs a tasklet_enable(). A disabled tasklet may still be scheduled; it
 * stays queued (and its softirq keeps coming back) until enabled.
 *
 * Context: any. Return: nothing.
 */
static inline void tasklet_disable_nosync(struct tasklet_struct *t)
{
	atomic_inc(&t->count);
	smp_mb__after_atomic();
}

/**
 * tasklet_disable - keep @t from running, and wait for a run in progress to end
 * @t: the tasklet
 *
 * Context: process context; sleeps while @t runs. Return: nothing.
 */
static inline void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	tasklet_unlock_wait(t);
	smp_mb();
}

/**
 * tasklet_enable - undo one tasklet_disable(); a scheduled @t runs when the last is undone
 * @t: the tasklet
 *
 * Context: any. Return: nothing.
 */
static inline void tasklet_enable(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	atomic_dec(&t->count);
}

void tasklet_kill(struct tasklet_struct *t);
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));

/* The tasklet lists and their two softirqs: start_kernel(), after init_timers() (Linux's order). */
void softirq_init(void);

#endif
