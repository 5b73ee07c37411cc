/* The task: struct task_struct, its states and flags, `current`, and the scheduler's API
 * (schedule, wake-ups, policies and priorities). Names and numbers are Linux's. */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sched/prio.h>
#include <asm/processor.h>

struct mm_struct;
struct sched_class;
struct completion;

/*
 * Task states (task->__state), Linux's bits. A task is on a run queue only in TASK_RUNNING;
 * every other state says what kind of wake-up may make it runnable again:
 *   TASK_INTERRUPTIBLE   ps "S": any wake-up, or a signal
 *   TASK_UNINTERRUPTIBLE ps "D": only the wake-up it waits for (a new kthread sleeps so)
 *   TASK_PARKED          ps "P": only kthread_unpark()
 *   TASK_DEAD            ps "X": do_exit() has run; freed after the last switch away
 *   TASK_IDLE            ps "I": uninterruptible, but not counted as load (idle kthreads)
 *   TASK_FROZEN          ps "D": in the freezer; only __thaw_task() ends it (kernel/freezer.c)
 * TASK_FREEZABLE is added to TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE by a sleep that the
 * freezer may turn into TASK_FROZEN where it is, without waking the task (Linux 6.1's design).
 */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define TASK_PARKED		0x00000040
#define TASK_DEAD		0x00000080
#define TASK_WAKEKILL		0x00000100
#define TASK_WAKING		0x00000200
#define TASK_NOLOAD		0x00000400
#define TASK_NEW		0x00000800
#define TASK_FREEZABLE		0x00002000
#define TASK_FROZEN		0x00008000

#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task->flags */
#define PF_IDLE			0x00000002	/* an idle task, swapper/N */
#define PF_EXITING		0x00000004	/* in do_exit() */
#define PF_WQ_WORKER		0x00000020	/* a workqueue worker */
#define PF_NOFREEZE		0x00008000	/* never frozen */
#define PF_KTHREAD		0x00200000	/* a kernel thread */
#define PF_NO_SETAFFINITY	0x04000000	/* affinity is fixed (bound per-CPU threads) */
#define PF_SUSPEND_TASK		0x80000000	/* called freeze_processes(): not frozen */

/* Scheduling policies (uapi numbers). */
#define SCHED_NORMAL		0
#define SCHED_FIFO		1
#define SCHED_RR		2
#define SCHED_BATCH		3
#define SCHED_IDLE		5

/* Thread-info flags, tested with atomic bit operations because other CPUs set them. */
#define TIF_SIGPENDING		2
#define TIF_NEED_RESCHED	3
/* The FPU registers hold someone else's state: load this task's before it returns to user
 * mode (Linux's flag of the same name and number). */
#define TIF_NEED_FPU_LOAD	14

/* task->exit_state. */
#define EXIT_DEAD		0x00000010
#define EXIT_ZOMBIE		0x00000020

#define TASK_COMM_LEN		16

/* Signals a kernel thread may choose to receive (allow_signal); the rest are ignored. */
#define SIGHUP			1
#define SIGINT			2
#define SIGKILL			9
#define SIGUSR1			10
#define SIGTERM			15
#define SIGSTOP			19

struct sched_param {
	int sched_priority;
};

/* A task's weight in the fair class: Linux's sched_prio_to_weight[] entry for its nice. */
struct load_weight {
	unsigned long weight;
	u32 inv_weight;		/* 2^32 / weight, so dividing by the weight is a multiply */
};

/* What the fair class keeps per task (Linux's sched_entity). */
struct sched_entity {
	struct load_weight load;
	struct rb_node run_node;	/* in cfs_rq->tasks_timeline, keyed by vruntime */
	unsigned int on_rq;
	u64 exec_start;			/* rq clock when it last went on the CPU or was charged */
	u64 sum_exec_runtime;		/* ns on a CPU in total */
	u64 prev_sum_exec_runtime;	/* sum_exec_runtime when it last went on the CPU */
	u64 vruntime;			/* ns of runtime, scaled by 1024 / weight */
	u64 nr_migrations;
	/* /proc/<pid>/sched's wait statistics: time runnable but not running. */
	u64 wait_start;
	u64 wait_sum;
	u64 wait_count;
	u64 wait_max;
};

/* What the RT class keeps per task. */
struct sched_rt_entity {
	struct list_head run_list;	/* in rt_rq->active.queue[prio] */
	unsigned int time_slice;	/* SCHED_RR: ticks left of its 100 ms */
	unsigned short on_rq;
	unsigned short migratory;	/* counted in rt_nr_migratory: may run on other CPUs */
};

struct thread_info {
	unsigned long flags;		/* TIF_* */
};

struct task_struct {
	struct thread_info thread_info;	/* first, as in Linux: current_thread_info() == current */
	struct thread_struct thread;	/* saved stack pointer; at TASK_threadsp for switch_to.S */
	unsigned int __state;
	unsigned int flags;		/* PF_* */
	int usage;			/* get_task_struct/put_task_struct */
	void *stack;			/* THREAD_SIZE bytes; a guard page below (vmalloc) */

	/* Scheduling: on_cpu = running on a CPU (or being switched), on_rq = queued. */
	int on_cpu;
	int on_rq;
	unsigned int cpu;
	unsigned int wake_cpu;
	int prio;			/* effective: what the class orders by */
	int static_prio;		/* 120 + nice */
	int normal_prio;		/* from policy: 99 - rt_priority, or static_prio */
	unsigned int rt_priority;	/* 1..99 for SCHED_FIFO/SCHED_RR, else 0 */
	unsigned int policy;
	const struct sched_class *sched_class;
	struct sched_entity se;
	struct sched_rt_entity rt;
	struct cpumask cpus_mask;
	int nr_cpus_allowed;

	/* Address space: mm is the task's own (NULL for kernel threads), active_mm the one it
	 * runs on, borrowed from the task before it when mm is NULL (lazy TLB). */
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	struct files_struct *files;	/* open descriptors: user processes only */

	int pid;
	int exit_code;			/* as wait4() reports it: status << 8, or the signal */
	/* A user process that exited stays a zombie (EXIT_ZOMBIE, ps "Z") until its parent's
	 * wait4() reaps it (EXIT_DEAD); kernel threads are reaped at once. */
	int exit_state;
	int exit_signal;		/* sent to the parent at exit: SIGCHLD for a fork */
	int __user *clear_child_tid;	/* set_tid_address(): zeroed at exit */
	/* How to go on with a sleep a signal (or the freezer) interrupted, when the system call
	 * is restarted (Linux's struct restart_block, the nanosleep part). */
	struct restart_block {
		long (*fn)(struct restart_block *restart);
		int clockid;
		u64 expires;		/* ns on that clock */
		void __user *rmtp;
	} restart_block;
	struct task_struct *real_parent;
	struct list_head children;	/* my children */
	struct list_head sibling;	/* in my parent's children */
	struct list_head tasks;		/* in init_task.tasks: every task */

	/* Context switches: voluntary (it slept) and involuntary (preempted), as getrusage. */
	unsigned long nvcsw;
	unsigned long nivcsw;
	/* The hung-task detector's view: the switch count it last saw, and when (jiffies). */
	unsigned long last_switch_count;
	unsigned long last_switch_time;
	u64 start_time;			/* sched_clock() at creation */
	u64 utime, stime;		/* ns charged by the tick in user and kernel mode */
	/* Went to sleep counted in the load average (TASK_UNINTERRUPTIBLE, not TASK_NOLOAD):
	 * its wake-up takes it off rq->nr_uninterruptible (Linux's field of the same name). */
	unsigned int sched_contributes_to_load;
	unsigned long signal;		/* pending signals, as a mask */
	unsigned long allowed_signals;

	/* Serialises wake-ups of this task (try_to_wake_up()), its special states, its pending
	 * signals, and mm/active_mm changes that get_task_mm() must see whole (Linux's
	 * task_lock()'s part); taken with interrupts off, before any rq->lock. */
	spinlock_t pi_lock;
	struct list_head wake_entry;	/* in a wake_q-free list of woken tasks (waitqueues) */
	void *worker_private;		/* struct kthread for kernel threads */
	struct completion *vfork_done;	/* completed at exit: kthread_stop waits on it */
	char comm[TASK_COMM_LEN];
#ifdef CONFIG_LOCKDEP
	/*
	 * The lock validator's view of this task (kernel/locking/lockdep.c): the locks it holds,
	 * in the order taken, and a hash of their classes (the chain key). Written only by the
	 * task itself, with interrupts off; an interrupt's locks go on the interrupted task's
	 * stack and come off again before it returns.
	 */
	u64 curr_chain_key;
	unsigned int lockdep_depth;
	unsigned int lockdep_recursion;	/* inside the validator, or lockdep_off() */
	bool lockdep_silent;		/* reports recorded, not printed (the self-test) */
	struct held_lock held_locks[MAX_LOCK_DEPTH];
#endif

	/* Fault injection (Linux's fields, include/linux/fault-inject.h): make_it_fail puts the
	 * task under an attribute's task filter; a non-zero fail_nth fails the task's fail_nth-th
	 * injectable call and counts down to it (set through set_fail_nth()). */
	int make_it_fail;
	unsigned int fail_nth;
};

DECLARE_PER_CPU(struct task_struct *, current_task);

/* Only __switch_to() changes it, and for the task reading it the value is always itself. */
static __always_inline struct task_struct *get_current(void)
{
	return this_cpu_read_stable(current_task);
}
#define current	get_current()

/* The boot CPU's idle task, swapper/0, PID 0: the head of the task list. */
extern struct task_struct init_task;

#define task_thread_info(p)	(&(p)->thread_info)

static inline void set_tsk_thread_flag(struct task_struct *p, int flag)
{
	set_bit(flag, &p->thread_info.flags);
}

static inline void clear_tsk_thread_flag(struct task_struct *p, int flag)
{
	clear_bit(flag, &p->thread_info.flags);
}

static inline bool test_tsk_thread_flag(struct task_struct *p, int flag)
{
	return test_bit(flag, &p->thread_info.flags);
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	set_tsk_thread_flag(p, TIF_NEED_RESCHED);
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	clear_tsk_thread_flag(p, TIF_NEED_RESCHED);
}

static inline bool test_tsk_need_resched(struct task_struct *p)
{
	return test_tsk_thread_flag(p, TIF_NEED_RESCHED);
}

static __always_inline bool need_resched(void)
{
	return test_tsk_need_resched(current);
}

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->cpu);
}

static inline bool task_is_running(const struct task_struct *p)
{
	return READ_ONCE(p->__state) == TASK_RUNNING;
}

/*
 * The sleep rule (Linux's include/linux/sched.h, the comment above set_current_state()): set
 * the state *before* testing the condition you will sleep on. A waker that makes the condition
 * true and then calls wake_up_process() either runs before the test (the test sees it) or after
 * the state was set (the wake-up makes us RUNNING again, and schedule() returns at once). The
 * full barrier orders the state store before the test's loads.
 *
 * These two write the state without pi_lock, so a wake-up already inside try_to_wake_up()
 * (it read the old sleeping state under pi_lock) may still store TASK_RUNNING over the new
 * one. For a condition-based sleep that costs one more pass round the loop, nothing else.
 */
#define __set_current_state(state_value)				\
	WRITE_ONCE(current->__state, (state_value))
#define set_current_state(state_value)					\
	do {								\
		WRITE_ONCE(current->__state, (state_value));		\
		__atomic_thread_fence(__ATOMIC_SEQ_CST);		\
	} while (0)

/*
 * Linux's set_special_state(): for a state that only one kind of wake-up may end (TASK_PARKED,
 * which only kthread_unpark() ends; TASK_DEAD, which nothing ends), where the task cannot loop
 * on a condition. The store is made under current->pi_lock, which try_to_wake_up() holds from
 * its test of the state to its store of TASK_RUNNING: a concurrent wake-up either finished
 * before (its TASK_RUNNING is overwritten) or comes after and sees the special state, which it
 * does not match. Without the lock the wake-up's TASK_RUNNING could land last, and a parked
 * thread would run on, or a dead one be queued again.
 */
#define set_special_state(state_value)					\
	do {								\
		unsigned long __ss_flags;				\
									\
		spin_lock_irqsave(&current->pi_lock, __ss_flags);	\
		WRITE_ONCE(current->__state, (state_value));		\
		spin_unlock_irqrestore(&current->pi_lock, __ss_flags);	\
	} while (0)

/*
 * Linux's __sched: the scheduler's sleeping functions (schedule, schedule_timeout,
 * wait_for_completion, mutex_lock...) live in .sched.text, so get_wchan() can skip them and
 * name the function that went to sleep.
 */
#define __sched		__section(".sched.text")

unsigned long get_wchan(struct task_struct *p);
const char *task_policy_cls(unsigned int policy);

static inline int task_nice(const struct task_struct *p)
{
	return PRIO_TO_NICE(p->static_prio);
}

static inline bool rt_prio(int prio)
{
	return prio < MAX_RT_PRIO;
}

static inline bool rt_task(const struct task_struct *p)
{
	return rt_prio(p->prio);
}

static inline bool is_idle_task(const struct task_struct *p)
{
	return !!(p->flags & PF_IDLE);
}

/* Reference counting: a task_struct lives while anyone holds a reference. */
static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	__atomic_add_fetch(&t->usage, 1, __ATOMIC_RELAXED);
	return t;
}

void __put_task_struct(struct task_struct *t);

static inline void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL) == 0)
		__put_task_struct(t);
}

/* Signals, only as far as kernel threads use them: a thread opts in with allow_signal(). */
static inline bool signal_pending(struct task_struct *p)
{
	return test_tsk_thread_flag(p, TIF_SIGPENDING);
}

static inline bool fatal_signal_pending(struct task_struct *p)
{
	return signal_pending(p) && (READ_ONCE(p->signal) & (1UL << SIGKILL));
}

void allow_signal(int sig);
void flush_signals(struct task_struct *p);
int send_sig(int sig, struct task_struct *p, int priv);

/* The scheduler (sched/core.c). */
#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

void sched_init(void);
void sched_init_smp(void);
void schedule(void);
void schedule_idle(void);
void schedule_preempt_disabled(void);
/* A new task's first step after its first switch (ret_from_fork). */
void schedule_tail(struct task_struct *prev);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_idle(long timeout);
int wake_up_process(struct task_struct *p);
int wake_up_state(struct task_struct *p, unsigned int state);
void sched_fork(struct task_struct *p);
void wake_up_new_task(struct task_struct *p);
int __cond_resched(void);
/* Inline test first: loops call this once per item, and the answer is nearly always "no". */
static inline int cond_resched(void)
{
	return unlikely(need_resched()) ? __cond_resched() : 0;
}
void yield(void);
void scheduler_tick(void);
void preempt_schedule(void);
void preempt_schedule_irq(void);
void resched_cpu(int cpu);
void kick_process(struct task_struct *p);
void nohz_kick_ipi(void);

/*
 * The reschedule IPI's handler (hard interrupt, interrupts off). The sender set
 * TIF_NEED_RESCHED on our current task: mirror it into the preempt count so the interrupt
 * return switches. Or a busy CPU asked this idle one to balance (nohz_kick_ipi()). Or it only
 * woke the idle loop to arm the tick again (wake_up_nohz_cpu()), which needs nothing here.
 * Linux 6.1: only folds the flag (preempt_fold_need_resched()); the idle-balance kick is a
 * call-function IPI of its own.
 */
static __always_inline void scheduler_ipi(void)
{
	if (need_resched())
		set_preempt_need_resched();
	nohz_kick_ipi();
}

void set_user_nice(struct task_struct *p, long nice);
int sched_setscheduler(struct task_struct *p, int policy, const struct sched_param *param);
int sched_setscheduler_nocheck(struct task_struct *p, int policy,
			       const struct sched_param *param);
void sched_set_fifo(struct task_struct *p);
void sched_set_fifo_low(struct task_struct *p);
void sched_set_normal(struct task_struct *p, int nice);
int set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *new_mask);
void do_set_cpus_allowed(struct task_struct *p, const struct cpumask *new_mask);
bool wait_task_inactive(struct task_struct *p, unsigned int match_state);
int task_curr(const struct task_struct *p);
typedef int (*task_call_f)(struct task_struct *p, void *arg);
int task_call_func(struct task_struct *p, task_call_f func, void *arg);

void init_idle(struct task_struct *idle, int cpu);
void __noreturn cpu_startup_entry(void);
struct task_struct *idle_task(int cpu);

/* What ps shows: state letter, one task with its stack (SysRq-T's and the hung-task report's
 * format), per-task statistics (/proc/PID/sched's), the whole table. */
char task_state_to_char(struct task_struct *p);
void sched_show_task(struct task_struct *p);
struct seq_file;
void proc_sched_show_task(struct task_struct *p, struct seq_file *m);
void show_state(void);
void show_state_filter(unsigned int state_filter);
struct seq_file;
void sched_show_ps(struct seq_file *m);

/* Tasks (kernel/fork.c, kernel/exit.c, kernel/pid.c). */
struct kernel_clone_args {
	unsigned long flags;
	int (*fn)(void *);
	void *fn_arg;
	const char *name;	/* comm of the child; the parent's when NULL */
	bool kthread;		/* a kernel thread (PF_KTHREAD, a struct kthread) */
	/* A user fork (fn == NULL): the signal the parent gets at exit, the child's stack
	 * pointer (0: the parent's) and the word clone() clears at the child's exit. */
	int exit_signal;
	unsigned long stack;
	int __user *child_tid;
	/* Linux 6.1 has no such field: kthreadd forks on a creator's behalf with the creator's
	 * fail-nth count, and hands what is left back here before the child can run. */
	unsigned int *fail_nth;
};

#define CLONE_VM	0x00000100
#define CLONE_FS	0x00000200
#define CLONE_FILES	0x00000400
#define CLONE_UNTRACED	0x00800000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CSIGNAL		0x000000ff

extern spinlock_t tasklist_lock;
#define for_each_process(p)	list_for_each_entry((p), &init_task.tasks, tasks)
#define next_task(p)		list_entry((p)->tasks.next, struct task_struct, tasks)

int kernel_clone(struct kernel_clone_args *args);
int kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags);
/* A task that is not a kernel thread: what becomes init (Linux's user_mode_thread). */
int user_mode_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags);
struct task_struct *copy_process(struct kernel_clone_args *args);
/* The idle task swapper/@cpu of a CPU about to be started (PID 0, not on the task list). */
struct task_struct *fork_idle(int cpu);
struct task_struct *find_task_by_pid(int pid);
__noreturn void do_exit(long code);
/* The last thing a task does: become TASK_DEAD and switch away for good (sched/core.c). */
__noreturn void do_task_dead(void);
/* Free the stack of a dead task (after the last switch away). */
void put_task_stack(struct task_struct *p);
/* Empty the stack cache (kernel/fork.c): a CPU's slots, the stacks deferred from atomic context. */
int free_vm_stack_cache(unsigned int cpu);
void *free_deferred_stacks(bool keep_one);
/* For leak checks (kernel/fork_debug.c): give back the stack cache once tasks in their final
 * switch have finished it. */
void drain_cached_stacks(void);
/* The kthread part of a task, freed with it (kernel/kthread.c). */
void free_kthread_struct(struct task_struct *p);
extern struct task_struct *child_reaper;
void fork_init(void);
unsigned long nr_tasks(void);
extern unsigned long total_forks;
unsigned int nr_running(void);

void __set_task_comm(struct task_struct *p, const char *name);
#define set_task_comm(p, name)	__set_task_comm(p, name)

static inline void get_task_comm(char *buf, size_t size, const struct task_struct *p)
{
	strscpy(buf, p->comm, size);
}

/*
 * might_sleep(): every function that may sleep says so first, so that calling it where
 * sleeping is a bug (a spinlock held, preemption or interrupts off, an interrupt handler) is
 * reported even on the runs where it happens not to sleep. The report is Linux's ("BUG:
 * sleeping function called from invalid context at FILE:LINE"), printed once per call site
 * (Linux prints at most one a second, whichever site). The test is inline (every sleeping lock
 * and wait runs it), the report is a call.
 */
void __might_sleep(const char *file, int line, bool *reported);
#define might_sleep()							\
	do {								\
		static bool __might_sleep_reported;			\
									\
		if (unlikely(preempt_count() || irqs_disabled()))	\
			__might_sleep(__FILE__, __LINE__, &__might_sleep_reported); \
	} while (0)
/* might_sleep() when @cond holds. */
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)
/* An allocation that may wait for memory to be reclaimed may sleep, in Linux (Spindle's never
 * waits yet, but a caller that could not sleep must ask with GFP_ATOMIC all the same). */
#define might_alloc(gfp)	might_sleep_if((gfp) & __GFP_DIRECT_RECLAIM)

#endif
