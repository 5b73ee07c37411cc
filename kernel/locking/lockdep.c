/*
 * The lock validator, Linux's lockdep (kernel/locking/lockdep.c) in Spindle's size. It proves
 * the locking rules on what actually runs, without waiting for a deadlock to happen:
 *
 * - Locks are grouped into classes: every lock initialised at one line of source (one static
 *   lock_class_key, declared by spin_lock_init(), mutex_init() and the other init macros) is
 *   one class, and a statically initialised lock is a class of its own.
 * - Each task keeps the locks it holds, in order (task_struct.held_locks).
 * - Taking lock B while holding lock A records the dependency A -> B between their classes. A
 *   new dependency that closes a cycle in that graph is a possible deadlock (AB-BA between two
 *   tasks, or a longer ring), reported before the acquisition happens.
 * - Each class also records how it has been used: taken in a hard interrupt or a softirq
 *   ("irq-safe" use), taken with interrupts or bottom halves enabled ("irq-unsafe" use). Both
 *   on one class, or a dependency from an irq-safe class to an irq-unsafe one, can deadlock
 *   against an interrupt, and is reported.
 * - Releasing a lock this task does not hold is reported (a lock released by another task).
 *
 * A "chain" is the sequence of classes a task holds in one context; once a chain has been
 * validated its hash is cached, so the next acquisition with the same locks held costs a hash
 * lookup and nothing else. The graph, the classes and the chain cache are fixed-size tables:
 * the validator never allocates, since it runs inside every lock, the allocators' included.
 *
 * The reports are Linux's, line for line where Spindle has the same facts; after the first one
 * the validator switches itself off (debug_locks = 0), as Linux's does. docs/locking.md tells the
 * whole story, what Spindle leaves out, and what it costs.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <asm/sections.h>

/* With LOCKDEP=0 the hooks in linux/lockdep.h are empty and nothing here is built. */
#ifdef CONFIG_LOCKDEP

/* The tables' sizes. A boot with every self-test uses a fraction of each (docs/locking.md). */
#define MAX_LOCKDEP_KEYS_BITS	11
#define MAX_LOCKDEP_KEYS	(1U << MAX_LOCKDEP_KEYS_BITS)	/* classes; indexed by a u16 */
#define CLASSHASH_BITS		10
#define CLASSHASH_SIZE		(1U << CLASSHASH_BITS)
#define MAX_LOCKDEP_ENTRIES	16384U	/* dependency list entries: two per dependency */
#define MAX_LOCKDEP_CHAINS_BITS	15
#define MAX_LOCKDEP_CHAINS	(1U << MAX_LOCKDEP_CHAINS_BITS)	/* chain-cache slots */
#define MAX_STACK_TRACE_ENTRIES	65536U	/* words of saved backtraces */
#define STACK_TRACE_HASH_SIZE	8192U
#define LOCK_TRACE_DEPTH	16	/* frames kept per backtrace */

/*
 * A class's usage, one bit each, numbered as Linux numbers them: bit 0 is read (never set:
 * Spindle has no read locks), bit 1 the direction (0: used in that interrupt context, 1: taken
 * with it enabled), the rest the context (hard interrupt, softirq). So a bit and its exclusive
 * bit differ in bit 1 only.
 */
enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ,
	LOCK_USED_IN_HARDIRQ_READ,
	LOCK_ENABLED_HARDIRQ,
	LOCK_ENABLED_HARDIRQ_READ,
	LOCK_USED_IN_SOFTIRQ,
	LOCK_USED_IN_SOFTIRQ_READ,
	LOCK_ENABLED_SOFTIRQ,
	LOCK_ENABLED_SOFTIRQ_READ,
	LOCK_USED,
	LOCK_USAGE_STATES
};

#define LOCK_USAGE_DIR_MASK	2
#define LOCKF(bit)		(1U << (bit))
#define LOCKF_USED_IN_IRQ_ALL	(LOCKF(LOCK_USED_IN_HARDIRQ) | LOCKF(LOCK_USED_IN_SOFTIRQ))
#define LOCKF_ENABLED_IRQ_ALL	(LOCKF(LOCK_ENABLED_HARDIRQ) | LOCKF(LOCK_ENABLED_SOFTIRQ))

static const char *const usage_str[] = {
	[LOCK_USED_IN_HARDIRQ]		= "IN-HARDIRQ-W",
	[LOCK_USED_IN_HARDIRQ_READ]	= "IN-HARDIRQ-R",
	[LOCK_ENABLED_HARDIRQ]		= "HARDIRQ-ON-W",
	[LOCK_ENABLED_HARDIRQ_READ]	= "HARDIRQ-ON-R",
	[LOCK_USED_IN_SOFTIRQ]		= "IN-SOFTIRQ-W",
	[LOCK_USED_IN_SOFTIRQ_READ]	= "IN-SOFTIRQ-R",
	[LOCK_ENABLED_SOFTIRQ]		= "SOFTIRQ-ON-W",
	[LOCK_ENABLED_SOFTIRQ_READ]	= "SOFTIRQ-ON-R",
	[LOCK_USED]			= "INITIAL USE",
};

/* A saved backtrace, innermost caller first, shared by every user of the same one. */
struct lock_trace {
	u32 hash;
	u32 nr_entries;
	unsigned long entries[];
};

/*
 * One dependency as seen from one end: in A's locks_after list, the entry for A -> B has class
 * B; in B's locks_before list, the entry for the same dependency has class A. Both point at the
 * backtrace of the acquisition of B that created it. parent is the breadth-first search's: the
 * entry it came from.
 */
struct lock_list {
	struct lock_list *next;
	struct lock_class *class;
	struct lock_class *links_to;
	const struct lock_trace *trace;
	struct lock_list *parent;
	u16 distance;
};

struct lock_class {
	struct lock_class *hash_next;		/* in classhash[] */
	const char *key;			/* lock_class_key's subkeys + subclass */
	const char *name;
	int name_version;			/* "#2" for the second class of one name */
	u8 subclass;
	u8 wait_type;
	unsigned int usage_mask;
	const struct lock_trace *usage_traces[LOCK_USAGE_STATES];
	struct lock_list *locks_after;		/* dependencies this -> class */
	struct lock_list *locks_before;		/* dependencies class -> this */
	unsigned int bfs_gen;			/* visited by the search of this generation */
};

int debug_locks = 1;

/*
 * The graph lock: a bare ticket lock, not itself validated, taken with interrupts off. It
 * guards everything below but the chain cache's and the class hash's lock-free readers (both
 * tables only grow while the validator runs, so a reader racing a writer at worst misses an
 * entry and takes the slow path, which looks again under this lock).
 */
static spinlock_t lockdep_lock;

static struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
static unsigned int nr_lock_classes = 1;	/* class 0: a lock the validator has no class for */
static struct lock_class *classhash[CLASSHASH_SIZE];

static struct lock_list list_entries[MAX_LOCKDEP_ENTRIES];
static unsigned int nr_list_entries;
static struct lock_list *free_list_entries;	/* given back by lockdep_reset_key() */

/* Linux 6.1: a struct lock_chain per chain, with its classes; only the chain keys here. */
static u64 lock_chains[MAX_LOCKDEP_CHAINS];	/* 0: empty slot */
static unsigned int nr_lock_chains;

static unsigned long stack_trace[MAX_STACK_TRACE_ENTRIES];
static unsigned int nr_stack_trace_entries;
static struct lock_trace *stack_trace_hash[STACK_TRACE_HASH_SIZE];

static unsigned int max_lockdep_depth;
static unsigned long nr_reports[LOCKDEP_NR_REPORTS];
static struct lockdep_selftest_result selftest_result;

/* A breadth-first search's queue: each class enters at most once per search. */
static struct lock_list *bfs_queue[MAX_LOCKDEP_KEYS + 1];
static unsigned int bfs_gen;

static inline struct lock_class *hlock_class(const struct held_lock *hlock)
{
	return lock_classes + hlock->class_idx;
}

static bool graph_lock(void)
{
	arch_spin_lock(&lockdep_lock);
	if (!READ_ONCE(debug_locks)) {
		arch_spin_unlock(&lockdep_lock);
		return false;
	}
	return true;
}

static void graph_unlock(void)
{
	arch_spin_unlock(&lockdep_lock);
}

/**
 * debug_locks_off - switch the validator off
 *
 * Linux's: the first report (and a panic) switches it off for good, since once the locking
 * state is known to be wrong every later report could be noise. The per-task held-lock stacks
 * are still kept up to date, so the self-test can switch it on again (lockdep_selftest_rearm()).
 *
 * Context: any. Return: 1 if this call switched it off, 0 if it was off already.
 */
int debug_locks_off(void)
{
	return __atomic_exchange_n(&debug_locks, 0, __ATOMIC_SEQ_CST) != 0;
}

/*
 * Every report starts here. A silenced task (the self-test's) records what it found instead of
 * printing, and leaves the validator on; otherwise the first report to get here switches the
 * validator off and prints, and any later one stays quiet. The graph lock, when held, is
 * released either way: printing takes printk's and the console's locks, which other CPUs may
 * hold while they wait for the graph lock. Returns true if the caller should print.
 */
static bool report_begin(enum lockdep_report kind, const struct lock_class *lock,
			 const struct lock_class *other, bool graph_locked)
{
	__atomic_add_fetch(&nr_reports[kind], 1, __ATOMIC_RELAXED);
	if (current->lockdep_silent) {
		selftest_result = (struct lockdep_selftest_result){
			.kind = kind,
			.lock = lock ? lock->name : NULL,
			.other = other ? other->name : NULL,
		};
		if (graph_locked)
			graph_unlock();
		return false;
	}
	if (!debug_locks_off()) {
		if (graph_locked)
			graph_unlock();
		return false;
	}
	if (graph_locked)
		graph_unlock();
	return true;
}

/* ---- Backtraces --------------------------------------------------------------------------- */

static u32 trace_hash(const unsigned long *entries, unsigned int nr)
{
	u64 h = nr;

	for (unsigned int i = 0; i < nr; i++)
		h = (h ^ entries[i]) * 0x9e3779b97f4a7c15ULL;
	return (u32)(h >> 32);
}

/* Set once the backtrace table is full: later dependencies are kept without one. */
static bool stack_trace_full;

/*
 * Save the backtrace of the acquisition under way: the callers from the lock function's caller
 * outwards (@bp is lock_acquire()'s frame). Identical backtraces are stored once. Called with
 * the graph lock held, or after a report switched the validator off (then no one else saves).
 * Returns NULL when the table is full: the validator goes on checking, and its reports lack
 * the backtraces it could not keep (lockdep_info() says so; Linux switches off instead).
 */
static const struct lock_trace *save_trace(unsigned long bp)
{
	unsigned long entries[LOCK_TRACE_DEPTH];
	unsigned int nr = stack_trace_save_bp(bp, entries, LOCK_TRACE_DEPTH);
	u32 hash = trace_hash(entries, nr);
	unsigned int slot = hash & (STACK_TRACE_HASH_SIZE - 1);
	struct lock_trace *t;

	for (unsigned int probe = 0; probe < STACK_TRACE_HASH_SIZE; probe++) {
		t = stack_trace_hash[slot];
		if (!t)
			break;
		if (t->hash == hash && t->nr_entries == nr &&
		    !memcmp(t->entries, entries, nr * sizeof(entries[0])))
			return t;
		slot = (slot + 1) & (STACK_TRACE_HASH_SIZE - 1);
	}
	if (nr_stack_trace_entries + 2 + nr > MAX_STACK_TRACE_ENTRIES ||
	    stack_trace_hash[slot]) {
		stack_trace_full = true;
		return NULL;
	}
	t = (struct lock_trace *)(stack_trace + nr_stack_trace_entries);
	t->hash = hash;
	t->nr_entries = nr;
	memcpy(t->entries, entries, nr * sizeof(entries[0]));
	nr_stack_trace_entries += 1 + nr;
	stack_trace_hash[slot] = t;
	return t;
}

/* Linux's stack_trace_print(): one caller a line, indented by @spaces. */
static void print_lock_trace(const struct lock_trace *trace, unsigned int spaces)
{
	if (!trace)
		return;
	for (unsigned int i = 0; i < trace->nr_entries; i++)
		printk("%*c%pS\n", 1 + spaces, ' ', (void *)trace->entries[i]);
}

/* ---- Printing classes and held locks ------------------------------------------------------- */

/* "6.1.0 #1 Not tainted" in Linux; Spindle's version, and a W once anything WARNed. */
static void print_kernel_ident(void)
{
	if (warn_count_read())
		printk("%s #1 Tainted: G        W         \n", SPINDLE_VERSION);
	else
		printk("%s #1 Not tainted\n", SPINDLE_VERSION);
}

/*
 * One character per (context, read) pair, as Linux prints them in {....}: '.' never used in
 * that context nor taken with it enabled, '-' used in it, '+' taken with it enabled, '?' both.
 */
static char get_usage_char(const struct lock_class *class, enum lock_usage_bit bit)
{
	char c = '.';

	if (class->usage_mask & LOCKF(bit + LOCK_USAGE_DIR_MASK)) {
		c = '+';
		if (class->usage_mask & LOCKF(bit))
			c = '?';
	} else if (class->usage_mask & LOCKF(bit)) {
		c = '-';
	}
	return c;
}

static void __print_lock_name(const struct lock_class *class)
{
	if (class->name)
		printk(KERN_CONT "%s", class->name);
	else
		printk(KERN_CONT "%ps", class->key);
	if (class->name_version > 1)
		printk(KERN_CONT "#%d", class->name_version);
	if (class->subclass)
		printk(KERN_CONT "/%d", class->subclass);
}

static void print_lock_name(const struct lock_class *class)
{
	char usage[5] = {
		get_usage_char(class, LOCK_USED_IN_HARDIRQ),
		get_usage_char(class, LOCK_USED_IN_HARDIRQ_READ),
		get_usage_char(class, LOCK_USED_IN_SOFTIRQ),
		get_usage_char(class, LOCK_USED_IN_SOFTIRQ_READ),
		'\0'
	};

	printk(KERN_CONT " (");
	__print_lock_name(class);
	printk(KERN_CONT "){%s}-{%d:%d}", usage, class->wait_type, class->wait_type);
}

static void print_lock(const struct held_lock *hlock)
{
	printk(KERN_CONT "%016lx", (unsigned long)hlock->instance);
	/* Taken while the validator was off, or never given a class (a bad key). */
	if (hlock->class_idx)
		print_lock_name(hlock_class(hlock));
	else
		printk(KERN_CONT " (<no class>)");
	printk(KERN_CONT ", at: %pS\n", (void *)hlock->acquire_ip);
}

/**
 * lockdep_print_held_locks - print the locks @p holds, innermost last, in Linux's format
 * @p: current, or a task that is not running (a running task's stack is changing under us)
 *
 * Context: any. Return: nothing.
 */
void lockdep_print_held_locks(struct task_struct *p)
{
	unsigned int depth = READ_ONCE(p->lockdep_depth);

	if (!depth)
		printk("no locks held by %s/%d.\n", p->comm, p->pid);
	else
		printk("%u lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "", p->comm, p->pid);
	if (p != current && READ_ONCE(p->on_cpu))
		return;
	for (unsigned int i = 0; i < depth && i < MAX_LOCK_DEPTH; i++) {
		printk(" #%u: ", i);
		print_lock(p->held_locks + i);
	}
}

/**
 * debug_show_held_locks - lockdep_print_held_locks() if the validator is on
 * @p: as lockdep_print_held_locks()
 *
 * Context: any. Return: nothing.
 */
void debug_show_held_locks(struct task_struct *p)
{
	if (!debug_locks) {
		pr_warn("INFO: lockdep is turned off.\n");
		return;
	}
	lockdep_print_held_locks(p);
}

/* A table ran out: say which, switch off, show where. Linux's print_lockdep_off(). */
static void report_limit(const char *what)
{
	if (!report_begin(LOCKDEP_LIMIT, NULL, NULL, false))
		return;
	printk(KERN_DEBUG "%s\n", what);
	printk(KERN_DEBUG "turning off the locking correctness validator.\n");
	dump_stack();
}

/* ---- Classes ------------------------------------------------------------------------------ */

static inline unsigned int classhash_of(const char *key)
{
	return (unsigned int)(((unsigned long)key * 0x9e3779b97f4a7c15ULL) >> (64 - CLASSHASH_BITS));
}

static struct lock_class *look_up_lock_class(const struct lockdep_map *lock, unsigned int subclass)
{
	const char *key;
	struct lock_class *class;

	if (!lock->key)
		return NULL;
	key = lock->key->subkeys + subclass;
	for (class = __atomic_load_n(&classhash[classhash_of(key)], __ATOMIC_ACQUIRE); class;
	     class = __atomic_load_n(&class->hash_next, __ATOMIC_ACQUIRE))
		if (class->key == key)
			return class;
	return NULL;
}

/* In the kernel image's data or bss: there for good, so its address can be a key. */
static bool static_obj(const void *obj)
{
	unsigned long addr = (unsigned long)obj;

	return addr >= (unsigned long)_sdata && addr < (unsigned long)_edata_bss;
}

/*
 * A lock initialised by its static initialiser has no key: its own address becomes the key,
 * as in Linux. A per-CPU lock's copy uses the template's address, so every CPU's copy is one
 * class. Anything else (a lock on the stack or in kmalloc'd memory that was never given a key
 * by spin_lock_init() and friends) cannot be a class: Linux's report, and off.
 */
static bool assign_lock_key(struct lockdep_map *lock)
{
	unsigned long addr = (unsigned long)lock;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		unsigned long can = addr - __per_cpu_offset[cpu];

		if (__per_cpu_offset[cpu] && can >= (unsigned long)__per_cpu_start &&
		    can < (unsigned long)__per_cpu_end) {
			lock->key = (struct lock_class_key *)can;
			return true;
		}
	}
	if (static_obj(lock)) {
		lock->key = (struct lock_class_key *)lock;
		return true;
	}
	if (!report_begin(LOCKDEP_BAD_KEY, NULL, NULL, false))
		return false;
	pr_err("INFO: trying to register non-static key.\n");
	pr_err("The code is fine but needs lockdep annotation, or maybe\n");
	pr_err("you didn't initialize this object before use?\n");
	pr_err("turning off the locking correctness validator.\n");
	dump_stack();
	return false;
}

/*
 * A class outlives the lock that named it, so a name that is not a string constant (the
 * workqueue maps' names are in the workqueue) is copied here. Under the graph lock.
 */
#define CLASS_NAME_POOL_SIZE	16384U
static char class_name_pool[CLASS_NAME_POOL_SIZE];
static unsigned int class_name_pool_used;

static const char *keep_class_name(const char *name)
{
	unsigned long addr = (unsigned long)name;
	size_t len;
	char *copy;

	if (!name || static_obj(name) ||
	    (addr >= (unsigned long)__start_rodata && addr < (unsigned long)__end_rodata))
		return name;
	len = strlen(name) + 1;
	if (class_name_pool_used + len > CLASS_NAME_POOL_SIZE)
		return "(name pool full)";
	copy = class_name_pool + class_name_pool_used;
	memcpy(copy, name, len);
	class_name_pool_used += len;
	return copy;
}

static int count_matching_names(const struct lock_class *new_class)
{
	int count = 0;

	if (!new_class->name)
		return 0;
	for (unsigned int i = 1; i < nr_lock_classes; i++) {
		const struct lock_class *class = lock_classes + i;

		if (class == new_class)
			continue;
		if (new_class->key - new_class->subclass == class->key - class->subclass)
			return class->name_version;
		if (class->name && !strcmp(class->name, new_class->name))
			count = max(count, class->name_version);
	}
	return count + 1;
}

/*
 * The class of @lock in @subclass, made on its first use. The lock caches its subclass-0
 * class, so this lookup runs once per lock (and on every nested acquisition). Interrupts off.
 */
static struct lock_class *register_lock_class(struct lockdep_map *lock, unsigned int subclass)
{
	struct lock_class *class;
	const char *key;
	unsigned int h;

	if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
		if (report_begin(LOCKDEP_LIMIT, NULL, NULL, false)) {
			printk(KERN_ERR "BUG: looking up invalid subclass: %u\n", subclass);
			printk(KERN_ERR "turning off the locking correctness validator.\n");
			dump_stack();
		}
		return NULL;
	}
	class = look_up_lock_class(lock, subclass);
	if (class)
		goto out;
	/* A key that is not static means the lock was never initialised (its map is whatever the
	 * memory held): as a lock without a key. */
	if (lock->key && !static_obj(lock->key)) {
		lock->key = NULL;
		lock->name = NULL;
	}
	if (!lock->key && !assign_lock_key(lock))
		return NULL;
	key = lock->key->subkeys + subclass;
	h = classhash_of(key);
	if (!graph_lock())
		return NULL;
	for (class = classhash[h]; class; class = class->hash_next)
		if (class->key == key)
			goto out_unlock;
	if (nr_lock_classes >= MAX_LOCKDEP_KEYS) {
		graph_unlock();
		report_limit("BUG: MAX_LOCKDEP_KEYS too low!");
		return NULL;
	}
	class = lock_classes + nr_lock_classes;
	class->key = key;
	class->name = keep_class_name(lock->name);
	class->subclass = subclass;
	class->wait_type = lock->wait_type;
	class->name_version = count_matching_names(class);
	class->hash_next = classhash[h];
	/* Published last: a lock-free reader sees the class whole or not at all. */
	__atomic_store_n(&classhash[h], class, __ATOMIC_RELEASE);
	nr_lock_classes++;
out_unlock:
	graph_unlock();
out:
	if (!subclass)
		WRITE_ONCE(lock->class_cache, class);
	return class;
}

/* The cached class, if it still is this lock's (a lock in reused memory may carry a stale one). */
static inline struct lock_class *cached_class(const struct lockdep_map *lock)
{
	struct lock_class *class = READ_ONCE(lock->class_cache);

	/* A class slot never used has a NULL key, which no lock's key matches. */
	if (likely(class >= lock_classes + 1 && class < lock_classes + MAX_LOCKDEP_KEYS &&
		   class->key == lock->key->subkeys && lock->key))
		return class;
	return NULL;
}

/**
 * lockdep_init_map_wait - give a lock its class key and name
 * @lock: the lock's map
 * @name: the class's name in reports
 * @key: the class key, a static object (a lock_class_key the init macro declared)
 * @subclass: not used: Spindle registers classes on first use only
 * @wait_type: LD_WAIT_SPIN, LD_WAIT_SLEEP or LD_WAIT_INV, printed after the name
 *
 * The init macros (spin_lock_init(), mutex_init(), init_waitqueue_head(), INIT_WORK() ...)
 * call this with a key of their own call site. A key that is not static cannot name a class
 * for good: Linux's warning, and the lock is left without a key, so its first use reports it.
 *
 * Context: any. Return: nothing.
 */
void lockdep_init_map_wait(struct lockdep_map *lock, const char *name,
			   struct lock_class_key *key, int subclass, u8 wait_type)
{
	lock->class_cache = NULL;
	lock->name = name;
	lock->wait_type = wait_type;
	lock->key = NULL;
	if (!key) {
		WARN_ON_ONCE(debug_locks);
		return;
	}
	if (!static_obj(key)) {
		if (debug_locks)
			printk(KERN_ERR "BUG: key %016lx has not been registered!\n",
			       (unsigned long)key);
		WARN_ON_ONCE(debug_locks);
		return;
	}
	lock->key = key;
}

/**
 * lockdep_copy_map - copy a lock's map (a work's, before its function may free it)
 * @to: the copy
 * @from: the original
 *
 * Context: any. Return: nothing.
 */
void lockdep_copy_map(struct lockdep_map *to, const struct lockdep_map *from)
{
	*to = *from;
	/* The class cache is checked against the key on use, so it may be copied too. */
}

/* ---- The chain cache ---------------------------------------------------------------------- */

static inline u64 iterate_chain_key(u64 key, unsigned int class_idx)
{
	u64 k = (key ^ (class_idx + 1)) * 0x9e3779b97f4a7c15ULL;

	k ^= k >> 29;
	return k ? k : 1;
}

static inline unsigned int chain_slot(u64 key)
{
	return (unsigned int)(key >> (64 - MAX_LOCKDEP_CHAINS_BITS));
}

/* Lock-free: slots are only ever filled (under the graph lock) while the validator runs. */
static inline bool chain_cached(u64 key)
{
	for (unsigned int i = chain_slot(key), n = 0; n < MAX_LOCKDEP_CHAINS;
	     i = (i + 1) & (MAX_LOCKDEP_CHAINS - 1), n++) {
		u64 k = __atomic_load_n(&lock_chains[i], __ATOMIC_ACQUIRE);

		if (k == key)
			return true;
		if (!k)
			return false;
	}
	return false;
}

/* Under the graph lock. The table is kept at most three quarters full. */
static bool add_chain_cache(u64 key)
{
	unsigned int i = chain_slot(key);

	if (nr_lock_chains >= MAX_LOCKDEP_CHAINS / 4 * 3) {
		graph_unlock();
		report_limit("BUG: MAX_LOCKDEP_CHAINS too low!");
		return false;
	}
	while (lock_chains[i]) {
		if (lock_chains[i] == key)
			return true;
		i = (i + 1) & (MAX_LOCKDEP_CHAINS - 1);
	}
	__atomic_store_n(&lock_chains[i], key, __ATOMIC_RELEASE);
	nr_lock_chains++;
	return true;
}

/* ---- Context ------------------------------------------------------------------------------ */

/* Hard interrupt and softirq context, from the preempt count (Linux tracks them per task). */
static inline unsigned int lockdep_hardirq_context(void)
{
	return hardirq_count() != 0;
}

static inline unsigned int lockdep_softirq_context(void)
{
	return in_serving_softirq();
}

/* Bottom halves could run now if interrupts were on: none is being served nor disabled. */
static inline unsigned int lockdep_softirqs_enabled(void)
{
	return softirq_count() == 0;
}

static inline unsigned int task_irq_context(void)
{
	return 2 * lockdep_hardirq_context() + lockdep_softirq_context();
}

/* ---- The graph ---------------------------------------------------------------------------- */

enum bfs_result { BFS_RMATCH, BFS_RNOMATCH };

/*
 * Breadth-first search from @root along the dependencies after (forwards) or before each class,
 * each class visited once; the first entry @match accepts is returned in @target, its path back
 * to @root in the entries' parent links. So the path found is a shortest one. Graph lock held.
 */
static enum bfs_result __bfs(struct lock_list *root, bool forwards,
			     bool (*match)(struct lock_list *entry, void *data), void *data,
			     struct lock_list **target)
{
	unsigned int head = 0, tail = 0;

	bfs_gen++;
	root->parent = NULL;
	root->class->bfs_gen = bfs_gen;
	bfs_queue[tail++] = root;
	while (head < tail) {
		struct lock_list *lock = bfs_queue[head++], *entry;

		if (match(lock, data)) {
			if (target)
				*target = lock;
			return BFS_RMATCH;
		}
		entry = forwards ? lock->class->locks_after : lock->class->locks_before;
		for (; entry; entry = entry->next) {
			if (entry->class->bfs_gen == bfs_gen)
				continue;
			entry->class->bfs_gen = bfs_gen;
			entry->parent = lock;
			bfs_queue[tail++] = entry;
		}
	}
	return BFS_RNOMATCH;
}

static unsigned int get_lock_depth(const struct lock_list *child)
{
	unsigned int depth = 0;

	while ((child = child->parent))
		depth++;
	return depth;
}

static bool class_equal(struct lock_list *entry, void *data)
{
	return entry->class == data;
}

static bool usage_match(struct lock_list *entry, void *mask)
{
	return entry->class->usage_mask & *(unsigned int *)mask;
}

static bool usage_accumulate(struct lock_list *entry, void *mask)
{
	*(unsigned int *)mask |= entry->class->usage_mask;
	return false;
}

static struct lock_list *alloc_list_entry(void)
{
	struct lock_list *entry = free_list_entries;

	if (entry) {
		free_list_entries = entry->next;
		return entry;
	}
	if (nr_list_entries >= MAX_LOCKDEP_ENTRIES)
		return NULL;
	return list_entries + nr_list_entries++;
}

static bool add_lock_to_list(struct lock_class *this, struct lock_class *links_to,
			     struct lock_list **head, u16 distance,
			     const struct lock_trace *trace)
{
	struct lock_list *entry = alloc_list_entry();

	if (!entry) {
		graph_unlock();
		report_limit("BUG: MAX_LOCKDEP_ENTRIES too low!");
		return false;
	}
	entry->class = this;
	entry->links_to = links_to;
	entry->distance = distance;
	entry->trace = trace;
	entry->next = *head;
	*head = entry;
	return true;
}

/* ---- Report: a circular dependency -------------------------------------------------------- */

static void print_circular_bug_entry(const struct lock_list *target, unsigned int depth)
{
	printk("\n-> #%u", depth);
	print_lock_name(target->class);
	printk(KERN_CONT ":\n");
	print_lock_trace(target->trace, 6);
}

/*
 * The two CPUs of the deadlock: CPU0 holds the lock this task holds (@tgt) and wants the one it
 * is taking (@src); CPU1 got there from the other side, through @parent (the class the
 * existing chain reaches first from @src). A longer chain is summed up on one line first.
 */
static void print_circular_lock_scenario(const struct held_lock *src, const struct held_lock *tgt,
					 const struct lock_list *prt)
{
	const struct lock_class *source = hlock_class(src), *target = hlock_class(tgt);
	const struct lock_class *parent = prt->class;

	if (parent != source) {
		printk("Chain exists of:\n  ");
		__print_lock_name(source);
		printk(KERN_CONT " --> ");
		__print_lock_name(parent);
		printk(KERN_CONT " --> ");
		__print_lock_name(target);
		printk(KERN_CONT "\n\n");
	}
	printk(" Possible unsafe locking scenario:\n\n");
	printk("       CPU0                    CPU1\n");
	printk("       ----                    ----\n");
	printk("  lock(");
	__print_lock_name(target);
	printk(KERN_CONT ");\n");
	printk("                               lock(");
	__print_lock_name(parent);
	printk(KERN_CONT ");\n");
	printk("                               lock(");
	__print_lock_name(target);
	printk(KERN_CONT ");\n");
	printk("  lock(");
	__print_lock_name(source);
	printk(KERN_CONT ");\n");
	printk("\n *** DEADLOCK ***\n\n");
}

static void print_circular_bug(struct lock_list *this, struct lock_list *target,
			       const struct held_lock *check_src, const struct held_lock *check_tgt,
			       unsigned long bp)
{
	struct task_struct *curr = current;
	struct lock_list *parent, *first_parent;
	unsigned int depth;

	if (!report_begin(LOCKDEP_CIRCULAR, hlock_class(check_src), hlock_class(check_tgt), true))
		return;
	this->trace = save_trace(bp);
	depth = get_lock_depth(target);

	pr_warn("\n");
	pr_warn("======================================================\n");
	pr_warn("WARNING: possible circular locking dependency detected\n");
	print_kernel_ident();
	pr_warn("------------------------------------------------------\n");
	pr_warn("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	print_lock(check_src);
	pr_warn("\nbut task is already holding lock:\n");
	print_lock(check_tgt);
	pr_warn("\nwhich lock already depends on the new lock.\n\n");
	pr_warn("\nthe existing dependency chain (in reverse order) is:\n");
	print_circular_bug_entry(target, depth);

	parent = target->parent;
	first_parent = parent;
	while (parent) {
		print_circular_bug_entry(parent, --depth);
		parent = parent->parent;
	}
	printk("\nother info that might help us debug this:\n\n");
	print_circular_lock_scenario(check_src, check_tgt, first_parent ? first_parent : this);
	lockdep_print_held_locks(curr);
	printk("\nstack backtrace:\n");
	dump_stack();
}

/*
 * Would the dependency @prev -> @next close a cycle? It does if @prev can already be reached
 * from @next. Returns false after reporting one (the graph lock then released).
 */
static bool check_noncircular(const struct held_lock *next, const struct held_lock *prev,
			      unsigned long bp)
{
	struct lock_list root = { .class = hlock_class(next) };
	struct lock_list *target;

	if (__bfs(&root, true, class_equal, hlock_class(prev), &target) == BFS_RNOMATCH)
		return true;
	print_circular_bug(&root, target, next, prev, bp);
	return false;
}

/* ---- Report: interrupt safety ------------------------------------------------------------- */

static const char *state_name(enum lock_usage_bit bit)
{
	return (bit >> 2) ? "SOFTIRQ" : "HARDIRQ";
}

static void print_lock_class_header(const struct lock_class *class, int depth)
{
	printk("%*s->", depth, "");
	print_lock_name(class);
	printk(KERN_CONT " {\n");
	for (int bit = 0; bit < LOCK_USAGE_STATES; bit++) {
		if (!(class->usage_mask & LOCKF(bit)))
			continue;
		/* Indented as Linux's, which adds up what its printk()s returned. */
		printk("%*s   %s at:\n", depth, "", usage_str[bit]);
		print_lock_trace(class->usage_traces[bit], 2 * depth + 8 + strlen(usage_str[bit]));
	}
	printk("%*s }\n", depth, "");
	printk("%*s ... key      at: [<%016lx>] %pS\n", depth, "", (unsigned long)class->key,
	       class->key);
}

/* From @leaf back to @root, each class with its usage and where it was acquired. */
static void print_shortest_lock_dependencies(const struct lock_list *leaf,
					     const struct lock_list *root)
{
	const struct lock_list *entry = leaf;
	int depth = get_lock_depth(leaf);

	do {
		print_lock_class_header(entry->class, depth);
		printk("%*s ... acquired at:\n", depth, "");
		print_lock_trace(entry->trace, 2);
		printk("\n");
		if (depth == 0 && entry != root) {
			printk("lockdep:%s bad path found in chain graph\n", __func__);
			break;
		}
		entry = entry->parent;
		depth--;
	} while (entry && depth >= 0);
}

/* The same along a backwards search's path: each entry's trace belongs to the one before it. */
static void print_shortest_lock_dependencies_backwards(const struct lock_list *leaf,
						       const struct lock_list *root)
{
	const struct lock_list *entry = leaf;
	const struct lock_trace *trace = NULL;
	int depth = get_lock_depth(leaf);

	do {
		print_lock_class_header(entry->class, depth);
		if (trace) {
			printk("%*s ... acquired at:\n", depth, "");
			print_lock_trace(trace, 2);
			printk("\n");
		}
		trace = entry->trace;
		if (depth == 0 && entry != root) {
			printk("lockdep:%s bad path found in chain graph\n", __func__);
			break;
		}
		entry = entry->parent;
		depth--;
	} while (entry && depth >= 0);
}

/* How an interrupt deadlocks on the two classes: CPU0 holds the unsafe one with interrupts on
 * and takes the interrupt; CPU1 holds the safe one and waits for the unsafe one. */
static void print_irq_lock_scenario(const struct lock_class *safe_class,
				    const struct lock_class *unsafe_class,
				    const struct lock_class *prev_class,
				    const struct lock_class *next_class)
{
	const struct lock_class *middle_class = prev_class;

	if (middle_class == safe_class)
		middle_class = next_class;
	if (middle_class != unsafe_class) {
		printk("Chain exists of:\n  ");
		__print_lock_name(safe_class);
		printk(KERN_CONT " --> ");
		__print_lock_name(middle_class);
		printk(KERN_CONT " --> ");
		__print_lock_name(unsafe_class);
		printk(KERN_CONT "\n\n");
	}
	printk(" Possible interrupt unsafe locking scenario:\n\n");
	printk("       CPU0                    CPU1\n");
	printk("       ----                    ----\n");
	printk("  lock(");
	__print_lock_name(unsafe_class);
	printk(KERN_CONT ");\n");
	printk("                               local_irq_disable();\n");
	printk("                               lock(");
	__print_lock_name(safe_class);
	printk(KERN_CONT ");\n");
	printk("                               lock(");
	__print_lock_name(middle_class);
	printk(KERN_CONT ");\n");
	printk("  <Interrupt>\n");
	printk("    lock(");
	__print_lock_name(safe_class);
	printk(KERN_CONT ");\n");
	printk("\n *** DEADLOCK ***\n\n");
}

/* "[HC1[1]:SC0[0]:HE0:SE1]": in a hard interrupt (and how deep), in a softirq, interrupts and
 * bottom halves enabled, for the acquisition @hlock. */
static void print_context(const struct held_lock *hlock)
{
	printk(KERN_CONT " [HC%u[%lu]:SC%u[%lu]:HE%u:SE%u]", lockdep_hardirq_context(),
	       (unsigned long)(hardirq_count() >> HARDIRQ_SHIFT), lockdep_softirq_context(),
	       (unsigned long)(softirq_count() >> SOFTIRQ_SHIFT), !hlock->hardirqs_off,
	       !hlock->hardirqs_off && lockdep_softirqs_enabled());
}

static void print_bad_irq_dependency(struct task_struct *curr, struct lock_list *prev_root,
				     struct lock_list *next_root,
				     struct lock_list *backwards_entry,
				     struct lock_list *forwards_entry,
				     const struct held_lock *prev, const struct held_lock *next,
				     enum lock_usage_bit bit1, enum lock_usage_bit bit2,
				     const char *irqclass, unsigned long bp)
{
	if (!report_begin(LOCKDEP_IRQ_ORDER, backwards_entry->class, forwards_entry->class, true))
		return;
	pr_warn("\n");
	pr_warn("=====================================================\n");
	pr_warn("WARNING: %s-safe -> %s-unsafe lock order detected\n", irqclass, irqclass);
	print_kernel_ident();
	pr_warn("-----------------------------------------------------\n");
	pr_warn("%s/%d", curr->comm, curr->pid);
	print_context(next);
	printk(KERN_CONT " is trying to acquire:\n");
	print_lock(next);
	pr_warn("\nand this task is already holding:\n");
	print_lock(prev);
	pr_warn("which would create a new lock dependency:\n");
	print_lock_name(hlock_class(prev));
	printk(KERN_CONT " ->");
	print_lock_name(hlock_class(next));
	printk(KERN_CONT "\n");
	pr_warn("\nbut this new dependency connects a %s-irq-safe lock:\n", irqclass);
	print_lock_name(backwards_entry->class);
	pr_warn("\n... which became %s-irq-safe at:\n", irqclass);
	print_lock_trace(backwards_entry->class->usage_traces[bit1], 1);
	pr_warn("\nto a %s-irq-unsafe lock:\n", irqclass);
	print_lock_name(forwards_entry->class);
	pr_warn("\n... which became %s-irq-unsafe at:\n", irqclass);
	pr_warn("...");
	print_lock_trace(forwards_entry->class->usage_traces[bit2], 1);
	pr_warn("\nother info that might help us debug this:\n\n");
	print_irq_lock_scenario(backwards_entry->class, forwards_entry->class, hlock_class(prev),
				hlock_class(next));
	lockdep_print_held_locks(curr);
	pr_warn("\nthe dependencies between %s-irq-safe lock and the holding lock:\n", irqclass);
	print_shortest_lock_dependencies_backwards(backwards_entry, prev_root);
	pr_warn("\nthe dependencies between the lock to be acquired");
	pr_warn(" and %s-irq-unsafe lock:\n", irqclass);
	next_root->trace = save_trace(bp);
	print_shortest_lock_dependencies(forwards_entry, next_root);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/*
 * A new dependency @prev -> @next must not connect a class used in an interrupt context (or
 * reaching @prev) to one taken with that interrupt enabled (or reachable from @next): the
 * interrupt could then come while the second is held and wait for the first. Returns false
 * after reporting (the graph lock released).
 */
static bool check_irq_usage(struct task_struct *curr, const struct held_lock *prev,
			    const struct held_lock *next, unsigned long bp)
{
	struct lock_list this = { .class = hlock_class(prev) };
	struct lock_list that = { .class = hlock_class(next) };
	struct lock_list *target_entry1, *target_entry;
	unsigned int usage_mask = 0, forward_mask, backward_mask;
	enum lock_usage_bit backward_bit = 0, forward_bit = 0;
	int bit;

	__bfs(&this, false, usage_accumulate, &usage_mask, NULL);
	usage_mask &= LOCKF_USED_IN_IRQ_ALL;
	if (!usage_mask)
		return true;
	forward_mask = usage_mask << LOCK_USAGE_DIR_MASK;
	if (__bfs(&that, true, usage_match, &forward_mask, &target_entry1) == BFS_RNOMATCH)
		return true;
	backward_mask = (target_entry1->class->usage_mask & LOCKF_ENABLED_IRQ_ALL) >>
			LOCK_USAGE_DIR_MASK;
	if (__bfs(&this, false, usage_match, &backward_mask, &target_entry) == BFS_RNOMATCH) {
		WARN_ON_ONCE(1);
		return true;
	}
	for (bit = 0; bit < LOCK_USED; bit++) {
		if ((target_entry->class->usage_mask & LOCKF(bit) & LOCKF_USED_IN_IRQ_ALL) &&
		    (target_entry1->class->usage_mask & LOCKF(bit + LOCK_USAGE_DIR_MASK))) {
			backward_bit = bit;
			forward_bit = bit + LOCK_USAGE_DIR_MASK;
			break;
		}
	}
	print_bad_irq_dependency(curr, &this, &that, target_entry, target_entry1, prev, next,
				 backward_bit, forward_bit, state_name(backward_bit), bp);
	return false;
}

static void print_usage_bug_scenario(const struct held_lock *lock)
{
	const struct lock_class *class = hlock_class(lock);

	printk(" Possible unsafe locking scenario:\n\n");
	printk("       CPU0\n");
	printk("       ----\n");
	printk("  lock(");
	__print_lock_name(class);
	printk(KERN_CONT ");\n");
	printk("  <Interrupt>\n");
	printk("    lock(");
	__print_lock_name(class);
	printk(KERN_CONT ");\n");
	printk("\n *** DEADLOCK ***\n\n");
}

/* One class used both in an interrupt context and with that interrupt enabled. */
static void print_usage_bug(struct task_struct *curr, const struct held_lock *this,
			    enum lock_usage_bit prev_bit, enum lock_usage_bit new_bit)
{
	if (!report_begin(LOCKDEP_INCONSISTENT, hlock_class(this), NULL, true))
		return;
	pr_warn("\n");
	pr_warn("================================\n");
	pr_warn("WARNING: inconsistent lock state\n");
	print_kernel_ident();
	pr_warn("--------------------------------\n");
	pr_warn("inconsistent {%s} -> {%s} usage.\n", usage_str[prev_bit], usage_str[new_bit]);
	pr_warn("%s/%d", curr->comm, curr->pid);
	print_context(this);
	printk(KERN_CONT " takes:\n");
	print_lock(this);
	pr_warn("{%s} state was registered at:\n", usage_str[prev_bit]);
	print_lock_trace(hlock_class(this)->usage_traces[prev_bit], 1);
	pr_warn("\nother info that might help us debug this:\n");
	print_usage_bug_scenario(this);
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

static void print_irq_inversion_bug(struct task_struct *curr, struct lock_list *root,
				    struct lock_list *other, const struct held_lock *this,
				    int forwards, const char *irqclass, unsigned long bp)
{
	struct lock_list *entry = other, *middle = NULL;
	int depth;

	if (!report_begin(LOCKDEP_IRQ_INVERSION, hlock_class(this), other->class, true))
		return;
	pr_warn("\n");
	pr_warn("========================================================\n");
	pr_warn("WARNING: possible irq lock inversion dependency detected\n");
	print_kernel_ident();
	pr_warn("--------------------------------------------------------\n");
	pr_warn("%s/%d just changed the state of lock:\n", curr->comm, curr->pid);
	print_lock(this);
	if (forwards)
		pr_warn("but this lock took another, %s-unsafe lock in the past:\n", irqclass);
	else
		pr_warn("but this lock was taken by another, %s-safe lock in the past:\n",
			irqclass);
	print_lock_name(other->class);
	pr_warn("\n\nand interrupts could create inverse lock ordering between them.\n\n");
	pr_warn("\nother info that might help us debug this:\n");
	depth = get_lock_depth(other);
	do {
		if (depth == 0 && entry != root) {
			pr_warn("lockdep:%s bad path found in chain graph\n", __func__);
			break;
		}
		middle = entry;
		entry = entry->parent;
		depth--;
	} while (entry && entry != root && depth >= 0);
	if (forwards)
		print_irq_lock_scenario(root->class, other->class,
					middle ? middle->class : root->class, other->class);
	else
		print_irq_lock_scenario(other->class, root->class,
					middle ? middle->class : other->class, root->class);
	lockdep_print_held_locks(curr);
	pr_warn("\nthe shortest dependencies between 2nd lock and 1st lock:\n");
	root->trace = save_trace(bp);
	print_shortest_lock_dependencies(other, root);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/* Does a class after (forwards) or before this one have usage @bit? Reports if so. */
static bool check_usage_dir(struct task_struct *curr, const struct held_lock *this,
			    enum lock_usage_bit bit, bool forwards, unsigned long bp)
{
	struct lock_list root = { .class = hlock_class(this) };
	struct lock_list *target_entry;
	unsigned int mask = LOCKF(bit);

	if (__bfs(&root, forwards, usage_match, &mask, &target_entry) == BFS_RNOMATCH)
		return true;
	print_irq_inversion_bug(curr, &root, target_entry, this, forwards, state_name(bit), bp);
	return false;
}

/*
 * A class just gained the usage @new_bit. Its exclusive bit on the same class is an
 * inconsistent state; on a class it depends on (for an "enabled" bit) or that depends on it
 * (for a "used in" bit) it is an inversion. Graph lock held; false after a report.
 */
static bool mark_lock_irq(struct task_struct *curr, const struct held_lock *this,
			  enum lock_usage_bit new_bit, unsigned long bp)
{
	enum lock_usage_bit excl_bit = new_bit ^ LOCK_USAGE_DIR_MASK;

	if (hlock_class(this)->usage_mask & LOCKF(excl_bit)) {
		print_usage_bug(curr, this, excl_bit, new_bit);
		return false;
	}
	if (new_bit & LOCK_USAGE_DIR_MASK)
		return check_usage_dir(curr, this, excl_bit, false, bp);
	return check_usage_dir(curr, this, excl_bit, true, bp);
}

/* Set a usage bit on the class of @this; the first time, save where and check it. */
static bool mark_lock(struct task_struct *curr, const struct held_lock *this,
		      enum lock_usage_bit new_bit, unsigned long bp)
{
	struct lock_class *class = hlock_class(this);

	if (likely(READ_ONCE(class->usage_mask) & LOCKF(new_bit)))
		return true;
	if (!graph_lock())
		return false;
	if (class->usage_mask & LOCKF(new_bit)) {
		graph_unlock();
		return true;
	}
	class->usage_traces[new_bit] = save_trace(bp);
	WRITE_ONCE(class->usage_mask, class->usage_mask | LOCKF(new_bit));
	if (new_bit < LOCK_USED && !mark_lock_irq(curr, this, new_bit, bp))
		return false;
	graph_unlock();
	return true;
}

/*
 * The usage bits this acquisition gives its class. Every acquisition computes them, from one
 * read of the preempt count; only one that adds a bit the class lacks goes to mark_usage().
 */
static inline unsigned int usage_of(const struct held_lock *hlock, int pc)
{
	unsigned int mask = LOCKF(LOCK_USED);

	if (!hlock->trylock) {
		if (pc & HARDIRQ_MASK)
			mask |= LOCKF(LOCK_USED_IN_HARDIRQ);
		if (pc & SOFTIRQ_OFFSET)
			mask |= LOCKF(LOCK_USED_IN_SOFTIRQ);
	}
	if (!hlock->hardirqs_off) {
		mask |= LOCKF(LOCK_ENABLED_HARDIRQ);
		if (!(pc & SOFTIRQ_MASK))
			mask |= LOCKF(LOCK_ENABLED_SOFTIRQ);
	}
	return mask;
}

static bool mark_usage(struct task_struct *curr, const struct held_lock *hlock, unsigned long bp)
{
	if (!hlock->trylock) {
		if (lockdep_hardirq_context() && !mark_lock(curr, hlock, LOCK_USED_IN_HARDIRQ, bp))
			return false;
		if (lockdep_softirq_context() && !mark_lock(curr, hlock, LOCK_USED_IN_SOFTIRQ, bp))
			return false;
	}
	if (!hlock->hardirqs_off) {
		if (!mark_lock(curr, hlock, LOCK_ENABLED_HARDIRQ, bp))
			return false;
		if (lockdep_softirqs_enabled() && !mark_lock(curr, hlock, LOCK_ENABLED_SOFTIRQ, bp))
			return false;
	}
	return mark_lock(curr, hlock, LOCK_USED, bp);
}

/* ---- Report: recursion -------------------------------------------------------------------- */

static void print_deadlock_bug(struct task_struct *curr, const struct held_lock *prev,
			       const struct held_lock *next)
{
	if (!report_begin(LOCKDEP_RECURSIVE, hlock_class(next), hlock_class(prev), true))
		return;
	pr_warn("\n");
	pr_warn("============================================\n");
	pr_warn("WARNING: possible recursive locking detected\n");
	print_kernel_ident();
	pr_warn("--------------------------------------------\n");
	pr_warn("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	print_lock(next);
	pr_warn("\nbut task is already holding lock:\n");
	print_lock(prev);
	pr_warn("\nother info that might help us debug this:\n");
	printk(" Possible unsafe locking scenario:\n\n");
	printk("       CPU0\n");
	printk("       ----\n");
	printk("  lock(");
	__print_lock_name(hlock_class(prev));
	printk(KERN_CONT ");\n");
	printk("  lock(");
	__print_lock_name(hlock_class(next));
	printk(KERN_CONT ");\n");
	printk("\n *** DEADLOCK ***\n\n");
	printk(" May be due to missing lock nesting notation\n\n");
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/* Taking a second lock of a class already held (the graph cannot see that). */
static bool check_deadlock(struct task_struct *curr, const struct held_lock *next)
{
	for (unsigned int i = 0; i < curr->lockdep_depth; i++) {
		const struct held_lock *prev = curr->held_locks + i;

		if (prev->check && prev->class_idx == next->class_idx) {
			print_deadlock_bug(curr, prev, next);
			return false;
		}
	}
	return true;
}

/* ---- Adding dependencies ------------------------------------------------------------------ */

/*
 * Validate and record the dependency @prev -> @next: no cycle, no interrupt inversion, then
 * into both classes' lists unless there already. Graph lock held; false after a report.
 */
static bool check_prev_add(struct task_struct *curr, const struct held_lock *prev,
			   const struct held_lock *next, u16 distance,
			   const struct lock_trace **trace, unsigned long bp)
{
	struct lock_class *pc = hlock_class(prev), *nc = hlock_class(next);
	struct lock_list *entry;

	if (!check_noncircular(next, prev, bp))
		return false;
	if (!check_irq_usage(curr, prev, next, bp))
		return false;
	for (entry = pc->locks_after; entry; entry = entry->next) {
		if (entry->class == nc) {
			if (distance == 1)
				entry->distance = 1;
			return true;
		}
	}
	if (!*trace)
		*trace = save_trace(bp);
	if (!add_lock_to_list(nc, pc, &pc->locks_after, distance, *trace))
		return false;
	return add_lock_to_list(pc, nc, &nc->locks_before, distance, *trace);
}

/*
 * The new lock depends on the lock held just before it, and on every trylock above that one
 * (a trylock adds no dependency of its own, so the one below it still has to); not across a
 * change of context (an interrupt's locks do not depend on what the interrupted task holds).
 */
static bool check_prevs_add(struct task_struct *curr, const struct held_lock *next,
			    unsigned long bp)
{
	const struct lock_trace *trace = NULL;
	unsigned int depth = curr->lockdep_depth;

	while (depth) {
		const struct held_lock *hlock = curr->held_locks + depth - 1;
		u16 distance = curr->lockdep_depth - depth + 1;

		if (hlock->irq_context != next->irq_context)
			break;
		if (hlock->check) {
			if (!check_prev_add(curr, hlock, next, distance, &trace, bp))
				return false;
			if (!hlock->trylock)
				break;
		}
		depth--;
	}
	return true;
}

/*
 * A chain not seen before: the lock must not be held already (in its class), and each new
 * dependency is checked and added. Only then is the chain cached, so a chain that made a
 * report (silenced, in a self-test) is checked again the next time.
 */
static __noinline void __validate_chain(struct task_struct *curr, const struct held_lock *hlock,
				       bool chain_head, u64 chain_key, unsigned long bp)
{
	if (!graph_lock())
		return;
	if (chain_cached(chain_key)) {
		graph_unlock();
		return;
	}
	if (!check_deadlock(curr, hlock))
		return;
	if (!chain_head && !check_prevs_add(curr, hlock, bp))
		return;
	if (!add_chain_cache(chain_key))
		return;
	graph_unlock();
}

static __always_inline void validate_chain(struct task_struct *curr,
					   const struct held_lock *hlock, bool chain_head,
					   u64 chain_key, unsigned long bp)
{
	if (hlock->trylock || likely(chain_cached(chain_key)))
		return;
	__validate_chain(curr, hlock, chain_head, chain_key, bp);
}

/* ---- Acquire and release ------------------------------------------------------------------ */

static void print_depth_overflow(struct task_struct *curr)
{
	if (!report_begin(LOCKDEP_LIMIT, NULL, NULL, false))
		return;
	printk(KERN_DEBUG "BUG: MAX_LOCK_DEPTH too low!\n");
	printk(KERN_DEBUG "turning off the locking correctness validator.\n");
	printk(KERN_DEBUG "depth: %u  max: %u!\n", curr->lockdep_depth, MAX_LOCK_DEPTH);
	lockdep_print_held_locks(curr);
	dump_stack();
}

/*
 * Push the lock on the task's stack and, while the validator is on, check it. The push happens
 * whatever the checks found, so the stack stays true to what the task holds (the release will
 * look for it) even after a report.
 */
static __always_inline void __lock_acquire(struct task_struct *curr, struct lockdep_map *lock,
					   unsigned int subclass, int trylock, int check,
					   int hardirqs_off, unsigned long ip, unsigned long bp)
{
	struct lock_class *class = NULL;
	unsigned int depth = curr->lockdep_depth;
	int pc = preempt_count();
	struct held_lock *hlock;
	bool chain_head = false;
	u64 chain_key;

	if (unlikely(depth >= MAX_LOCK_DEPTH)) {
		print_depth_overflow(curr);
		return;
	}
	if (likely(debug_locks)) {
		if (likely(!subclass))
			class = cached_class(lock);
		if (unlikely(!class))
			class = register_lock_class(lock, subclass);
	}
	hlock = curr->held_locks + depth;
	hlock->class_idx = class ? class - lock_classes : 0;
	hlock->acquire_ip = ip;
	hlock->instance = lock;
	hlock->irq_context = 2 * !!(pc & HARDIRQ_MASK) + !!(pc & SOFTIRQ_OFFSET);
	hlock->trylock = trylock;
	hlock->check = check && class;
	hlock->hardirqs_off = hardirqs_off;

	chain_key = curr->curr_chain_key;
	hlock->prev_chain_key = chain_key;
	if (!depth || curr->held_locks[depth - 1].irq_context != hlock->irq_context) {
		chain_key = 0;
		chain_head = true;
	}
	chain_key = iterate_chain_key(chain_key, hlock->class_idx);

	if (hlock->check && likely(debug_locks)) {
		unsigned int usage = usage_of(hlock, pc);

		if ((READ_ONCE(class->usage_mask) & usage) == usage ||
		    mark_usage(curr, hlock, bp))
			validate_chain(curr, hlock, chain_head, chain_key, bp);
	}

	curr->curr_chain_key = chain_key;
	curr->lockdep_depth = depth + 1;
	if (depth + 1 > max_lockdep_depth)
		max_lockdep_depth = depth + 1;
}

/**
 * lock_acquire - tell the validator this task is taking @lock
 * @lock: the lock's map
 * @subclass: its nesting level (0; SINGLE_DEPTH_NESTING for a second lock of a held class)
 * @trylock: 1 for a successful trylock (which adds no dependency of its own)
 * @check: 0 to only keep it on the held stack, unvalidated
 * @ip: where (printed as "at: func+0x../0x.."); 0: the address this is called from
 *
 * Linux's also takes read and nest_lock: Spindle has neither read locks nor nest-lock
 * annotations. Called before the lock is taken, so a real deadlock is reported first. It does
 * nothing in an NMI (Linux checks only its class there) or inside the validator itself.
 *
 * Context: any; turns interrupts off for its own work. Return: nothing.
 */
void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int check,
		  unsigned long ip)
{
	struct task_struct *curr = current;
	unsigned long flags;

	if (unlikely(curr->lockdep_recursion || in_nmi()))
		return;
	if (!ip)
		ip = _RET_IP_;
	local_irq_save(flags);
	curr->lockdep_recursion++;
	__lock_acquire(curr, lock, subclass, trylock, check, !(flags & X86_EFLAGS_IF), ip,
		       (unsigned long)__builtin_frame_address(0));
	curr->lockdep_recursion--;
	local_irq_restore(flags);
}

static void print_unlock_imbalance_bug(struct task_struct *curr, struct lockdep_map *lock,
				       unsigned long ip)
{
	struct lock_class *class = cached_class(lock);

	if (!report_begin(LOCKDEP_BAD_UNLOCK, class, NULL, false))
		return;
	pr_warn("\n");
	pr_warn("=====================================\n");
	pr_warn("WARNING: bad unlock balance detected!\n");
	print_kernel_ident();
	pr_warn("-------------------------------------\n");
	pr_warn("%s/%d is trying to release lock (", curr->comm, curr->pid);
	if (lock->name)
		printk(KERN_CONT "%s", lock->name);
	else
		printk(KERN_CONT "%ps", lock->key);
	printk(KERN_CONT ") at:\n");
	printk(KERN_WARNING "[<%016lx>] %pS\n", ip, (void *)ip);
	pr_warn("but there are no more locks to release!\n");
	pr_warn("\nother info that might help us debug this:\n");
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/*
 * Take @lock off the task's stack. Out of order is fine (lock A, lock B, unlock A): the locks
 * above it move down and their chain keys are recomputed without it, since the task now holds
 * that shorter sequence. A lock the task does not hold was taken by someone else: reported.
 */
static void __lock_release(struct lockdep_map *lock, unsigned long ip)
{
	struct task_struct *curr = current;
	unsigned int depth = curr->lockdep_depth, i;
	u64 key;

	/* Nearly always the lock taken last. */
	if (likely(depth) && likely(curr->held_locks[depth - 1].instance == lock)) {
		curr->lockdep_depth = depth - 1;
		curr->curr_chain_key = curr->held_locks[depth - 1].prev_chain_key;
		return;
	}
	for (i = depth; i-- > 0;)
		if (curr->held_locks[i].instance == lock)
			break;
	if (i >= depth) {
		if (likely(debug_locks))
			print_unlock_imbalance_bug(curr, lock, ip);
		return;
	}
	key = curr->held_locks[i].prev_chain_key;
	curr->lockdep_depth = --depth;
	for (; i < depth; i++) {
		struct held_lock *h = curr->held_locks + i;

		*h = h[1];
		h->prev_chain_key = key;
		if (!i || h[-1].irq_context != h->irq_context)
			key = 0;
		key = iterate_chain_key(key, h->class_idx);
	}
	curr->curr_chain_key = key;
}

/**
 * lock_release - tell the validator this task is releasing @lock
 * @lock: the lock's map
 * @ip: where; 0: the address this is called from
 *
 * Context: any; turns interrupts off for its own work. Return: nothing.
 */
void lock_release(struct lockdep_map *lock, unsigned long ip)
{
	struct task_struct *curr = current;
	unsigned long flags;

	if (unlikely(curr->lockdep_recursion || in_nmi()))
		return;
	if (!ip)
		ip = _RET_IP_;
	local_irq_save(flags);
	curr->lockdep_recursion++;
	__lock_release(lock, ip);
	curr->lockdep_recursion--;
	local_irq_restore(flags);
}

/**
 * lock_is_held - does this task hold @lock?
 * @lock: the lock's map
 *
 * Context: any. Return: true if it is on current's held-lock stack.
 */
bool lock_is_held(const struct lockdep_map *lock)
{
	struct task_struct *curr = current;

	for (unsigned int i = 0; i < curr->lockdep_depth; i++)
		if (curr->held_locks[i].instance == lock)
			return true;
	return false;
}

/* ---- Tasks -------------------------------------------------------------------------------- */

/**
 * lockdep_init_task - a new task holds no locks
 * @p: the task, not yet running
 *
 * Context: process context (fork). Return: nothing.
 */
void lockdep_init_task(struct task_struct *p)
{
	p->curr_chain_key = 0;
	p->lockdep_depth = 0;
	p->lockdep_recursion = 0;
	p->lockdep_silent = false;
}

/**
 * debug_check_no_locks_held - report a task that exits holding locks
 *
 * Linux's report (called from do_exit()): a lock held by a task that no longer exists can
 * never be released.
 *
 * Context: the exiting task. Return: nothing.
 */
void debug_check_no_locks_held(void)
{
	struct task_struct *curr = current;

	if (likely(!curr->lockdep_depth) || !debug_locks)
		return;
	if (!report_begin(LOCKDEP_HELD_AT_EXIT, hlock_class(curr->held_locks), NULL, false))
		return;
	pr_warn("\n");
	pr_warn("====================================\n");
	pr_warn("WARNING: %s/%d still has locks held!\n", curr->comm, curr->pid);
	print_kernel_ident();
	pr_warn("------------------------------------\n");
	lockdep_print_held_locks(curr);
	pr_warn("\nstack backtrace:\n");
	dump_stack();
}

/**
 * lockdep_off - stop tracking this task's locks
 *
 * For code that must take locks the validator cannot follow. Every lockdep_off() needs its
 * lockdep_on(), and a lock taken between them must be released between them too.
 *
 * Context: any. Return: nothing.
 */
void lockdep_off(void)
{
	current->lockdep_recursion += 1U << 16;
}

/**
 * lockdep_on - undo lockdep_off()
 *
 * Context: any. Return: nothing.
 */
void lockdep_on(void)
{
	current->lockdep_recursion -= 1U << 16;
}

/* ---- Reports from elsewhere, statistics, self-test support -------------------------------- */

/**
 * lockdep_report_begin - start a report of @kind made outside the validator (__might_sleep())
 * @kind: what is reported
 * @lock: a name for the self-test's record, or NULL
 * @other: another, or NULL
 *
 * Counts it; a silenced task records it instead of printing. Unlike the validator's own
 * reports it does not switch the validator off: Linux's sleep checks do not either.
 *
 * Context: any. Return: true if the caller should print the report.
 */
bool lockdep_report_begin(enum lockdep_report kind, const char *lock, const char *other)
{
	__atomic_add_fetch(&nr_reports[kind], 1, __ATOMIC_RELAXED);
	if (current->lockdep_silent) {
		selftest_result = (struct lockdep_selftest_result){
			.kind = kind, .lock = lock, .other = other,
		};
		return false;
	}
	return true;
}

/**
 * lockdep_report_count - reports of @kind since boot, printed or silenced
 * @kind: which
 *
 * Context: any. Return: the count.
 */
unsigned long lockdep_report_count(enum lockdep_report kind)
{
	return __atomic_load_n(&nr_reports[kind], __ATOMIC_RELAXED);
}

/**
 * lockdep_selftest_silence - record this task's reports instead of printing them
 * @on: true to start, false to stop
 *
 * The lockdep suite provokes each report with classes of its own; silenced, a report is
 * recorded for lockdep_selftest_take(), nothing is printed, and the validator stays on for the
 * rest of the run. Linux's locking self-test has debug_locks_silent for the same purpose (for
 * the whole kernel; here only for the task that asks).
 *
 * Context: process context. Return: nothing.
 */
void lockdep_selftest_silence(bool on)
{
	current->lockdep_silent = on;
	if (on)
		selftest_result = (struct lockdep_selftest_result){ .kind = LOCKDEP_NO_REPORT };
}

/**
 * lockdep_selftest_take - the last report a silenced task made, and forget it
 *
 * Context: process context. Return: the record (kind LOCKDEP_NO_REPORT if none).
 */
struct lockdep_selftest_result lockdep_selftest_take(void)
{
	struct lockdep_selftest_result r = selftest_result;

	selftest_result = (struct lockdep_selftest_result){ .kind = LOCKDEP_NO_REPORT };
	return r;
}

static void unlink_entries(struct lock_list **head, const struct lock_class *gone)
{
	while (*head) {
		struct lock_list *entry = *head;

		if (entry->class == gone || entry->links_to == gone) {
			*head = entry->next;
			entry->next = free_list_entries;
			free_list_entries = entry;
		} else {
			head = &entry->next;
		}
	}
}

/**
 * lockdep_reset_key - forget what was learnt about the classes of @key
 * @key: a lock_class_key (all its subclasses)
 *
 * For the self-test, so each case can provoke its report again (at the console's ktest, say):
 * the classes lose their usage and every dependency to or from them, and the chain cache is
 * emptied (chains through them would otherwise never be checked again; the others are checked
 * once more and cached again). Linux has lockdep_reset_lock() and lockdep_free_key_range()
 * for freed keys.
 *
 * Context: process context, none of @key's locks held. Return: nothing.
 */
void lockdep_reset_key(struct lock_class_key *key)
{
	unsigned long flags;

	local_irq_save(flags);
	arch_spin_lock(&lockdep_lock);
	for (unsigned int i = 1; i < nr_lock_classes; i++) {
		struct lock_class *class = lock_classes + i;

		if (class->key < key->subkeys || class->key >= key->subkeys + MAX_LOCKDEP_SUBCLASSES)
			continue;
		for (unsigned int j = 1; j < nr_lock_classes; j++) {
			unlink_entries(&lock_classes[j].locks_after, class);
			unlink_entries(&lock_classes[j].locks_before, class);
		}
		class->usage_mask = 0;
		memset(class->usage_traces, 0, sizeof(class->usage_traces));
	}
	for (unsigned int i = 0; i < MAX_LOCKDEP_CHAINS; i++)
		__atomic_store_n(&lock_chains[i], 0, __ATOMIC_RELAXED);
	nr_lock_chains = 0;
	arch_spin_unlock(&lockdep_lock);
	local_irq_restore(flags);
}

/**
 * lockdep_selftest_rearm - switch the validator back on after a printed report
 *
 * Only crashtest=lockdep calls this, to print every kind of report in one boot: after a real
 * report nothing should, which is why Linux has no such call. The held-lock stacks are still
 * right (they are kept while off), so checking can resume.
 *
 * Context: process context. Return: nothing.
 */
void lockdep_selftest_rearm(void)
{
	__atomic_store_n(&debug_locks, 1, __ATOMIC_SEQ_CST);
}

/**
 * lockdep_info - print the validator's table use, as Linux's /proc/lockdep_stats summarises it
 *
 * Context: any. Return: nothing.
 */
void lockdep_info(void)
{
	unsigned int deps = nr_list_entries / 2;

	pr_info("lockdep: %s; %u lock classes [max: %u], %u direct dependencies [max: %u], %u chains [max: %u], %u stack-trace words [max: %u%s], max held depth %u\n",
		debug_locks ? "on" : "off (after a report)", nr_lock_classes - 1,
		MAX_LOCKDEP_KEYS - 1, deps, MAX_LOCKDEP_ENTRIES / 2, nr_lock_chains,
		MAX_LOCKDEP_CHAINS / 4 * 3, nr_stack_trace_entries, MAX_STACK_TRACE_ENTRIES,
		stack_trace_full ? ", full: later ones not kept" : "", max_lockdep_depth);
}

#endif /* CONFIG_LOCKDEP */
