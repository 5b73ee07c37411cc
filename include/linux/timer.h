/* Kernel timers: run a function once jiffies reach an expiry time. Linux's API (timer_setup,
 * add_timer, mod_timer, del_timer, del_timer_sync), on a per-CPU queue ordered by expiry. */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/types.h>
#include <linux/rbtree.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>

struct timer_list {
	struct rb_node node;		/* in its CPU's timer_base, by expires */
	unsigned long expires;		/* in jiffies */
	void (*function)(struct timer_list *);
	u32 flags;			/* TIMER_* and the CPU the timer is queued on */
	bool pending;
#ifdef CONFIG_LOCKDEP
	/*
	 * Not a lock: "held" while the callback runs and taken for a moment by del_timer_sync(),
	 * so that waiting for the callback while holding a lock it takes is a cycle the lock
	 * validator sees, as in Linux.
	 */
	struct lockdep_map lockdep_map;
#endif
};

#define TIMER_CPUMASK		0x0003ffff
#define TIMER_IRQSAFE		0x00200000	/* callback runs with interrupts off */
#define TIMER_PINNED		0x00400000

/* The structure the callback gets is the one embedded in the caller's: from_timer() finds it. */
#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

void init_timer_key(struct timer_list *timer, void (*function)(struct timer_list *),
		    unsigned int flags, const char *name, struct lock_class_key *key);

/* A macro as in Linux: the timers set up at one call site are one lock class, named after the
 * timer's expression ("(&is->timer)"). */
#ifdef CONFIG_LOCKDEP
# define __init_timer(_timer, _fn, _flags)				\
	do {								\
		static struct lock_class_key __key;			\
									\
		init_timer_key((_timer), (_fn), (_flags), #_timer, &__key); \
	} while (0)
#else
# define __init_timer(_timer, _fn, _flags)				\
	init_timer_key((_timer), (_fn), (_flags), NULL, NULL)
#endif
#define timer_setup(timer, callback, flags)				\
	__init_timer((timer), (callback), (flags))
#define timer_setup_on_stack(timer, fn, flags)	timer_setup(timer, fn, flags)
#define destroy_timer_on_stack(timer)		do { } while (0)

static inline bool timer_pending(const struct timer_list *timer)
{
	return READ_ONCE(timer->pending);
}

/* Queue @timer at timer->expires (it must not be pending). */
void add_timer(struct timer_list *timer);
/* (Re)queue at @expires; returns 1 if it was pending, 0 if not. */
int mod_timer(struct timer_list *timer, unsigned long expires);
/* Dequeue; returns 1 if it was pending. The callback may still be running on another CPU. */
int del_timer(struct timer_list *timer);
/* Dequeue and wait until the callback is not running anywhere. From a hard interrupt handler or
 * with interrupts off (unless TIMER_IRQSAFE), or from the callback itself, that wait could never
 * end: it warns and only dequeues. */
int del_timer_sync(struct timer_list *timer);
#define timer_delete(t)		del_timer(t)
#define timer_delete_sync(t)	del_timer_sync(t)

/* The tick: raise TIMER_SOFTIRQ if a timer of this CPU has expired (kernel/time/). */
void run_local_timers(void);
/* The tick's work for the task it interrupted: accounting, timers, scheduler. */
void update_process_times(int user_tick);
/* The tick stops: this CPU's first timer as sched_clock() time (U64_MAX: none). */
u64 get_next_timer_interrupt(unsigned long basej, u64 basem);
/* The tick runs again: timers queued here from other CPUs need not wake this one. */
void timer_clear_idle(void);
void init_timers(void);
/* CPU hotplug: move the timers of offline @cpu to this CPU. */
int timers_dead_cpu(unsigned int cpu);

/* Sleep helpers built on timers and schedule_timeout(). */
void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);

static inline unsigned long usecs_to_jiffies(unsigned long us)
{
	return (us * HZ + 999999) / 1000000;
}

#endif
