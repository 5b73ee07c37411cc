/* Completions: "wait until this has happened", counted, so a complete() before the wait is not
 * lost. The kthread start-up handshake: the creator waits until the new thread reports in. */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H

#include <linux/swait.h>

struct completion {
	unsigned int done;	/* complete() calls not yet consumed; UINT_MAX after complete_all */
	struct swait_queue_head wait;	/* simple: complete() wakes the first waiter directly */
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, __SWAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_swait_queue_head(&x->wait);
}

/*
 * On the stack a completion's lock cannot be its own class key (a key must outlive every use
 * of its class), so with the validator on it is initialised as init_completion() does, with
 * that call site's key, as Linux does.
 */
#ifdef CONFIG_LOCKDEP
# define COMPLETION_INITIALIZER_ONSTACK(work) \
	(*({ init_completion(&work); &work; }))
# define DECLARE_COMPLETION_ONSTACK(work) \
	struct completion work = COMPLETION_INITIALIZER_ONSTACK(work)
#else
# define DECLARE_COMPLETION_ONSTACK(work)	DECLARE_COMPLETION(work)
#endif

static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
/* Jiffies left (at least 1) when completed, 0 on timeout. */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
/* 0 when completed, -ERESTARTSYS when a signal interrupted the wait. */
int wait_for_completion_interruptible(struct completion *x);
/* 0 when completed, -ERESTARTSYS on a fatal signal (SIGKILL). */
int wait_for_completion_killable(struct completion *x);
long wait_for_completion_state_timeout(struct completion *x, unsigned int state,
				       unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif
