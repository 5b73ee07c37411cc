/* Creating tasks (Linux's kernel/fork.c): copy_process() builds a task_struct, a kernel stack, a
 * PID and, for a user fork, a copy of the address space; kernel_clone() makes it runnable;
 * kernel_thread() is how kthreadd (and rest_init) start kernel threads; fork(), vfork() and
 * clone() are how user processes start processes. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/sched/clock.h>
#include <linux/kthread.h>
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/smp.h>
#include <linux/syscalls.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/switch_to.h>

/* swapper/0: the boot CPU's idle task, statically built, running on init_stack. */
extern char init_stack[];
struct task_struct init_task = {
	.__state	= TASK_RUNNING,
	.flags		= PF_KTHREAD,
	.usage		= 2,
	.stack		= init_stack,
	.prio		= DEFAULT_PRIO,
	.static_prio	= DEFAULT_PRIO,
	.normal_prio	= DEFAULT_PRIO,
	.policy		= SCHED_NORMAL,
	.nr_cpus_allowed = NR_CPUS,
	.mm		= NULL,
	.active_mm	= &init_mm,
	.pid		= 0,
	.real_parent	= &init_task,
	.children	= LIST_HEAD_INIT(init_task.children),
	.sibling	= LIST_HEAD_INIT(init_task.sibling),
	.tasks		= LIST_HEAD_INIT(init_task.tasks),
	.pi_lock	= __SPIN_LOCK_UNLOCKED(init_task.pi_lock),
	.comm		= "swapper/0",
};

/*
 * tasklist_lock protects the task list (init_task.tasks), every task's parent, children and
 * sibling links, nr_threads and total_forks, and a task's leaving the list together with the
 * freeing of its task_struct (__put_task_struct()): a walker sees each task listed or gone.
 * Always taken with interrupts off (irqsave everywhere, or a caller already running with them
 * off): the last put_task_struct() may come from the scheduler's switch path. The holder never
 * sleeps; walkers copy what they need and print or allocate after unlocking.
 *
 * Linux 6.1: an rwlock_t, and the list walks are done under RCU instead.
 */
DEFINE_SPINLOCK(tasklist_lock);
static unsigned long nr_threads = 1;
/* Every task forked since boot (Linux's total_forks, /proc/stat's "processes"); under
 * tasklist_lock. */
unsigned long total_forks;
/*
 * User processes forked and not yet reaped, and how many may be: Linux's RLIMIT_NPROC, whose
 * default is half of threads-max (a share of memory). Linux exempts root, the only user here;
 * Spindle applies it to everyone so a fork bomb stops at -EAGAIN.
 */
static int nr_user_processes;
int max_user_processes;

static struct kmem_cache *task_struct_cachep;

/*
 * Freed stacks are kept, two per CPU as in Linux, because a vmalloc'd stack costs four page
 * allocations and four PTE writes, and its free as much again; thread creation reuses them.
 */
#define NR_CACHED_STACKS	2
static DEFINE_PER_CPU(void *, cached_stacks[NR_CACHED_STACKS]);

/*
 * Call @fn on the cache slots, this CPU's first (its stacks are likely still in its cache), then
 * the other CPUs', until it returns true. Stacks are often freed on one CPU and wanted on
 * another: kthreadd creates threads wherever it runs, and they exit where they were bound. The
 * slots are taken and filled with atomic exchanges, so any CPU may use any slot, and
 * free_vm_stack_cache() may empty them concurrently. O(nr_cpu_ids) at worst, against a
 * vmalloc() or a vfree().
 */
static bool for_each_stack_slot(bool (*fn)(void **slot, void **stack), void **stack)
{
	unsigned int start = smp_processor_id(), cpu;	/* a hint: preempted, it starts elsewhere */

	for_each_cpu_wrap(cpu, cpu_possible_mask, start)
		for (int i = 0; i < NR_CACHED_STACKS; i++)
			if (fn(per_cpu_ptr(&cached_stacks[i], cpu), stack))
				return true;
	return false;
}

static bool take_slot(void **slot, void **stack)
{
	*stack = __atomic_exchange_n(slot, NULL, __ATOMIC_ACQ_REL);
	return *stack != NULL;
}

static bool fill_slot(void **slot, void **stack)
{
	void *empty = NULL;

	return __atomic_compare_exchange_n(slot, &empty, *stack, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/*
 * The last switch away from a dead task frees its stack (finish_task_switch(), preemption
 * off), and so may the last put_task_struct(), wherever it happens. vfree() may sleep, so
 * there, once the cache is full, the stack waits on this list (its first word links it) until
 * process context frees it: the next thread creation (which reuses one) or
 * free_deferred_stacks(). Linux defers such frees too, through RCU and a work; a work here
 * would start a kworker, which the leak checks would count as a task left behind.
 */
static struct llist_head deferred_stacks;

static void free_thread_stack(void *stack)
{
	if (for_each_stack_slot(fill_slot, &stack))
		return;
	if (preempt_count() || irqs_disabled())
		llist_add((struct llist_node *)stack, &deferred_stacks);
	else
		vfree(stack);
}

/**
 * free_deferred_stacks - put the stacks freed where vfree() could not run back to use
 * @keep_one: return one of them instead of caching or freeing it
 *
 * Each deferred stack goes to a free cache slot, or to vfree() when the cache is full.
 *
 * Linux 6.1: no such function; its deferred stacks are freed by RCU callbacks. Spindle's own
 * list is emptied by the next thread creation and by the leak checks (kernel/fork_debug.c).
 *
 * Context: process context; may sleep (vfree()).
 * Return: the kept stack, or NULL when none was deferred or @keep_one is false.
 */
void *free_deferred_stacks(bool keep_one)
{
	struct llist_node *node = llist_del_all(&deferred_stacks), *next;
	void *kept = NULL;

	if (node && keep_one) {
		kept = node;
		node = node->next;
	}
	for (; node; node = next) {
		next = node->next;
		free_thread_stack(node);
	}
	return kept;
}

/**
 * free_vm_stack_cache - vfree() the stacks cached in a CPU's slots
 * @cpu: the CPU whose slots are emptied
 *
 * Linux 6.1: static, the teardown of a CPU-hotplug state, so a dead CPU's cache is not
 * stranded. Spindle's slots serve every CPU, so nothing is stranded and no hotplug state is
 * needed; the leak checks empty the cache with it (kernel/fork_debug.c).
 *
 * Context: process context; sleeps (vfree()). Slots may be refilled meanwhile.
 * Return: 0.
 */
int free_vm_stack_cache(unsigned int cpu)
{
	for (int i = 0; i < NR_CACHED_STACKS; i++) {
		void *stack = __atomic_exchange_n(per_cpu_ptr(&cached_stacks[i], cpu), NULL,
						  __ATOMIC_ACQ_REL);

		if (stack)
			vfree(stack);
	}
	return 0;
}

static void *alloc_thread_stack(void)
{
	void *stack;

	if (for_each_stack_slot(take_slot, &stack))
		return stack;
	if (unlikely(!llist_empty(&deferred_stacks))) {
		stack = free_deferred_stacks(true);
		if (stack)
			return stack;
	}
	return __vmalloc_node(THREAD_SIZE, THREAD_SIZE, GFP_KERNEL, -1,
			      __builtin_return_address(0));
}

/**
 * put_task_stack - free the kernel stack of a task that will not run again
 * @p: the task
 *
 * The stack goes back to a per-CPU cache slot, or, when the cache is full, to vfree(); from a
 * context that cannot sleep, onto the deferred list that process context frees later.
 *
 * Linux 6.1: stacks are reference-counted and freed on the last put_task_stack().
 *
 * Context: any; @p is dead and past its last switch.
 * Return: nothing.
 */
void put_task_stack(struct task_struct *p)
{
	if (p->stack) {
		free_thread_stack(p->stack);
		p->stack = NULL;
	}
}

/**
 * __put_task_struct - free a task whose last reference is gone
 * @t: the dead task
 *
 * The task's stack is freed, then it leaves the task list (where ps showed it as X since
 * do_exit()) and its struct kthread and task_struct are freed in the same tasklist_lock
 * section: a task-list walker never sees a task that is off the list but not yet given back.
 *
 * Linux 6.1: the task left the task list already at release_task(), when it was reaped, and
 * the task_struct is freed after an RCU grace period.
 *
 * Context: called by put_task_struct(), from any context including the scheduler's switch path;
 * never on @t itself; takes tasklist_lock with interrupts saved; does not sleep.
 * Return: nothing.
 */
void __put_task_struct(struct task_struct *t)
{
	unsigned long flags;

	WARN_ON(!(t->__state & TASK_DEAD));
	WARN_ON(t == current);
	/* Walkers already cope with a listed dead task's stack going (its last switch frees it). */
	put_task_stack(t);
	if (t->exit_signal)
		__atomic_sub_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED);
	/* A fail-nth count the task never used up stops holding the hot path open. */
	fail_nth_drop(__atomic_exchange_n(&t->fail_nth, 0, __ATOMIC_ACQ_REL));
	spin_lock_irqsave(&tasklist_lock, flags);
	list_del(&t->tasks);
	nr_threads--;
	/* Inside the lock: no walker reaches a freed struct kthread through a listed task. */
	free_kthread_struct(t);
	kmem_cache_free(task_struct_cachep, t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/**
 * fork_init - create the task_struct cache and size the user process limit
 *
 * max_user_processes is set as Linux's set_max_threads() sets its default: threads' stacks may
 * take an eighth of memory, and a user may have half of those.
 *
 * Context: boot (start_kernel()), before the first fork; panics without memory.
 * Return: nothing.
 */
void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct),
					       __alignof__(struct task_struct), 0, NULL);
	if (!task_struct_cachep)
		panic("fork_init: no memory for the task_struct cache");
	/* Linux's set_max_threads(): threads' stacks may take an eighth of memory. */
	max_user_processes = totalram_pages() / (8 * THREAD_SIZE / PAGE_SIZE) / 2;
}

/*
 * A task_struct and a kernel stack for a new task, with its reference, locks and lists set up:
 * the part of creating a task that copy_process() and fork_idle() share. NULL without memory,
 * leaving nothing behind.
 * Linux 6.1: dup_task_struct(orig, node) copies *orig whole (arch_dup_task_struct()) and resets
 * what must not be inherited; Spindle starts from a zeroed task_struct, so it has no @orig, and
 * the callers set what the new task inherits.
 */
static struct task_struct *dup_task_struct(void)
{
	struct task_struct *tsk = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);

	if (!tsk)
		return NULL;
	tsk->stack = alloc_thread_stack();
	if (!tsk->stack) {
		kmem_cache_free(task_struct_cachep, tsk);
		return NULL;
	}
	tsk->usage = 1;
	spin_lock_init(&tsk->pi_lock);
	lockdep_init_task(tsk);
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	INIT_LIST_HEAD(&tsk->tasks);
	INIT_LIST_HEAD(&tsk->wake_entry);
	return tsk;
}

/**
 * get_task_mm - the address space of process @task, with a user reference (mmget)
 * @task: a task
 *
 * Context: any context that may take @task->pi_lock (held briefly with interrupts saved).
 * Return: the mm (drop it with mmput()), or NULL for a kernel thread (even one using an mm with
 * kthread_use_mm()) or a task that has no mm any more.
 */
struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;
	unsigned long flags;

	/* Linux's task_lock(); pi_lock serialises this with exit_mm() and exec_mmap(). */
	spin_lock_irqsave(&task->pi_lock, flags);
	mm = task->mm;
	if (mm && !(task->flags & PF_KTHREAD))
		mmget(mm);
	else
		mm = NULL;
	spin_unlock_irqrestore(&task->pi_lock, flags);
	return mm;
}

/*
 * Linux's dup_mm(): a new address space with a copy of every mapping of @oldmm (and its brk,
 * stack and argument bounds). NULL without memory, leaving nothing behind.
 */
static struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* A user fork's share: the limit, the copied address space. */
static int copy_mm(struct task_struct *p, const struct kernel_clone_args *args)
{
	if (args->fn || !current->mm)
		return 0;
	if (__atomic_add_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED) > max_user_processes) {
		__atomic_sub_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED);
		return -EAGAIN;
	}
	p->exit_signal = args->exit_signal;
	p->mm = dup_mm(current->mm);
	if (!p->mm) {
		__atomic_sub_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED);
		p->exit_signal = 0;
		return -ENOMEM;
	}
	p->active_mm = p->mm;
	if (copy_files(p)) {
		mmput(p->mm);
		p->mm = NULL;
		__atomic_sub_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED);
		p->exit_signal = 0;
		return -ENOMEM;
	}
	return 0;
}

/**
 * __set_task_comm - set a task's name (comm), truncated to its 15 characters
 * @p: the task
 * @name: the new name
 *
 * Linux 6.1: lives in fs/exec.c, takes an exec flag, and holds task_lock() while it writes.
 *
 * Context: any; readers may see a half-written name.
 * Return: nothing.
 */
void __set_task_comm(struct task_struct *p, const char *name)
{
	strscpy(p->comm, name, sizeof(p->comm));
}

/**
 * copy_process - allocate and fill in a new task
 * @args: what to create (kernel thread function or user fork, flags, name)
 *
 * The task_struct, a stack with a guard page below it, a struct kthread for a kernel thread, a
 * copy of the address space and files for a user fork, and a PID; then the task goes on its
 * parent's children and the task list, not yet runnable. Each allocation can fail; what was
 * taken before it is given back, so a failure leaves nothing behind.
 *
 * Linux 6.1: static, with the PID, trace and node as further arguments.
 *
 * Context: process context; sleeps (GFP_KERNEL); takes tasklist_lock.
 * Return: the new task, or ERR_PTR(-ENOMEM), ERR_PTR(-EAGAIN) when PIDs run out or the user
 * process limit is reached.
 */
struct task_struct *copy_process(struct kernel_clone_args *args)
{
	struct task_struct *p, *parent = current;
	unsigned long flags;
	int pid;

	p = dup_task_struct();
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (args->kthread && !set_kthread_struct(p)) {
		pid = -ENOMEM;
		goto bad_fork_free_stack;
	}
	p->mm = NULL;
	p->active_mm = NULL;
	pid = copy_mm(p, args);
	if (pid)
		goto bad_fork_free_kthread;
	pid = alloc_pid();
	if (pid < 0)
		goto bad_fork_cleanup_mm;

	p->pid = pid;
	/* Linux copies the parent's flags and clears a few; of Spindle's, only PF_NOFREEZE is
	 * inherited: kthreadd has it, so every kernel thread starts unfreezable. */
	p->flags = (parent->flags & PF_NOFREEZE) | (args->kthread ? PF_KTHREAD : 0);
	if (!p->mm && (args->flags & CLONE_VM)) {
		p->mm = parent->mm;
		if (p->mm)
			mmget(p->mm);
	}
	__set_task_comm(p, args->name ? args->name : parent->comm);
	p->start_time = sched_clock();
	sched_fork(p);
	copy_thread(p, args);

	spin_lock_irqsave(&tasklist_lock, flags);
	p->real_parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	nr_threads++;
	total_forks++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;

bad_fork_cleanup_mm:
	if (p->exit_signal) {
		exit_files(p);
		mmput(p->mm);
		__atomic_sub_fetch(&nr_user_processes, 1, __ATOMIC_RELAXED);
	}
bad_fork_free_kthread:
	free_kthread_struct(p);
bad_fork_free_stack:
	free_thread_stack(p->stack);
	kmem_cache_free(task_struct_cachep, p);
	return ERR_PTR(pid);
}

/**
 * fork_idle - create the idle task of a CPU about to start
 * @cpu: the CPU
 *
 * PID 0 like swapper/0, never on the task list (ps finds each CPU's through its run queue),
 * never woken: the CPU runs it from its first instruction in C, on this stack. init_idle()
 * does the scheduler's part.
 *
 * Linux 6.1: __init, and built by copy_process() with init_struct_pid.
 *
 * Context: process context; sleeps (GFP_KERNEL).
 * Return: the task, or ERR_PTR(-ENOMEM).
 */
struct task_struct *fork_idle(int cpu)
{
	struct task_struct *p = dup_task_struct();

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->pid = 0;
	INIT_LIST_HEAD(&p->rt.run_list);
	p->real_parent = &init_task;
	p->start_time = sched_clock();
	init_idle(p, cpu);
	return p;
}

/**
 * kernel_clone - create a task and make it runnable
 * @args: what to create
 *
 * copy_process(), then the child's user stack pointer and clear_child_tid for clone(), then
 * wake_up_new_task(). What is left of a creator's fail-nth count goes back before the child can
 * run.
 *
 * Linux 6.1: returns pid_t, and also handles vfork's wait, ptrace and the parent/child TID
 * pointers.
 *
 * Context: process context; sleeps.
 * Return: the child's PID, or a negative errno.
 */
int kernel_clone(struct kernel_clone_args *args)
{
	struct task_struct *p = copy_process(args);
	int pid;

	/* What is left of a creator's fail-nth count goes back before the child can run (and
	 * perhaps let its creator go on and free the request holding it). */
	if (args->fail_nth)
		*args->fail_nth = __atomic_exchange_n(&current->fail_nth, 0, __ATOMIC_ACQ_REL);
	if (IS_ERR(p))
		return PTR_ERR(p);
	/* Read before the wake-up: from then on the child may run and exit at any time. */
	pid = p->pid;
	if (args->stack)
		task_pt_regs(p)->sp = args->stack;
	if (args->flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;
	wake_up_new_task(p);
	return pid;
}

static int __kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags,
			   bool kthread)
{
	struct kernel_clone_args args = {
		.flags	 = flags | CLONE_VM | CLONE_UNTRACED,
		.fn	 = fn,
		.fn_arg	 = arg,
		.name	 = name,
		.kthread = kthread,
	};

	return kernel_clone(&args);
}

/**
 * kernel_thread - create a kernel thread
 * @fn: the function the thread runs
 * @arg: its argument
 * @name: the thread's name (NULL: the caller's)
 * @flags: CLONE_* flags; CLONE_VM and CLONE_UNTRACED are added
 *
 * How kthreadd (and rest_init) start kernel threads; others use kthread_create().
 *
 * Linux 6.1: returns pid_t and has no @name (later Linux added it).
 *
 * Context: process context; sleeps.
 * Return: the thread's PID, or a negative errno.
 */
int kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags)
{
	return __kernel_thread(fn, arg, name, flags, true);
}

/**
 * user_mode_thread - create a task that starts in the kernel and will become a user process
 * @fn: the function the task runs until it execs
 * @arg: its argument
 * @name: the task's name (NULL: the caller's)
 * @flags: CLONE_* flags; CLONE_VM and CLONE_UNTRACED are added
 *
 * Like kernel_thread() but without PF_KTHREAD, so the task may exec a program: kernel_init
 * (PID 1) and the usermode helpers.
 *
 * Linux 6.1: returns pid_t and has no @name.
 *
 * Context: process context; sleeps.
 * Return: the task's PID, or a negative errno.
 */
int user_mode_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags)
{
	return __kernel_thread(fn, arg, name, flags, false);
}

/**
 * find_task_by_pid - the task with a given PID, referenced
 * @pid: the PID; 0 gives swapper/0
 *
 * O(n) in the number of tasks: for tests, ps and debugging, not for hot paths. A task already
 * exiting is not found.
 *
 * Linux 6.1: find_get_task_by_vpid(), a PID hash lookup under RCU.
 *
 * Context: any; takes tasklist_lock with interrupts saved.
 * Return: the task with a reference (drop it with put_task_struct()), or NULL.
 */
struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid == 0) {
		found = get_task_struct(&init_task);
	} else {
		for_each_process(p) {
			if (p->pid == pid && !(p->flags & PF_EXITING)) {
				found = get_task_struct(p);
				break;
			}
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/**
 * nr_tasks - how many tasks are on the task list
 *
 * Linux 6.1: callers read nr_threads directly.
 *
 * Context: any; a snapshot.
 * Return: the count.
 */
unsigned long nr_tasks(void)
{
	return READ_ONCE(nr_threads);
}

/* fork(): a copy of the calling process whose fork() returns 0. */
SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/*
 * vfork(): Linux 6.1 shares the address space and suspends the parent until the child execs
 * or exits; here it is fork() (POSIX allows vfork to be one), which needs more memory but
 * behaves the same for every correct program.
 */
SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

/*
 * clone() with what fork() needs: an exit signal (0 is taken as SIGCHLD: Spindle's wait4()
 * has no __WCLONE children), a new stack pointer, CLONE_CHILD_CLEARTID. Spindle's processes
 * have one thread each: threads, shared files or namespaces, CLONE_CHILD_SETTID (every other
 * flag) get -EINVAL.
 */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr, unsigned long, tls)
{
	struct kernel_clone_args args = {
		.flags		= clone_flags & ~CSIGNAL,
		.exit_signal	= clone_flags & CSIGNAL,
		.stack		= newsp,
		.child_tid	= child_tidptr,
	};

	if (clone_flags & ~(CSIGNAL | CLONE_CHILD_CLEARTID))
		return -EINVAL;
	if (args.exit_signal >= BITS_PER_LONG)
		return -EINVAL;
	if (!args.exit_signal)
		args.exit_signal = SIGCHLD;
	return kernel_clone(&args);
}

/* set_tid_address(): the word zeroed at exit (musl's pthread exit handshake); the TID. */
SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
