/* Fault injection for the slab and page allocators and stop_machine() (Linux's mm/failslab.c,
 * mm/fail_page_alloc.c and lib/fault-inject.c in one file): the decision whether a call fails
 * on purpose, by an armed attribute or by the calling task's fail-nth count. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

bool failslab_armed;
bool fail_page_alloc_armed;
bool fail_stop_machine_armed;
int fail_nth_tasks;

static struct fault_attr failslab = {
	.lock = __SPIN_LOCK_UNLOCKED(failslab.lock),
	.interval = 1,
	.armed = &failslab_armed,
	.name = "failslab",
};

static struct fault_attr fail_page_alloc = {
	.lock = __SPIN_LOCK_UNLOCKED(fail_page_alloc.lock),
	.interval = 1,
	.armed = &fail_page_alloc_armed,
	.name = "fail_page_alloc",
};

static struct fault_attr fail_stop_machine = {
	.lock = __SPIN_LOCK_UNLOCKED(fail_stop_machine.lock),
	.interval = 1,
	.armed = &fail_stop_machine_armed,
	.name = "fail_stop_machine",
};

static struct fault_attr *const all_attrs[] = {
	&failslab, &fail_page_alloc, &fail_stop_machine,
};

/**
 * set_fail_nth - make @p's @n-th fault-injectable call fail (Linux's /proc/PID/fail-nth write)
 * @p: the task; normally current, whose calls then count down
 * @n: 0 to cancel, else which call fails: 1 is the next
 *
 * Every should_fail() made by @p in task context counts, whatever the attribute and whether it
 * is armed; the @n-th fails and leaves the count at 0. Kernel threads created for @p (through
 * kthreadd) count against @p's count while kthreadd forks them. Keeps fail_nth_tasks, the
 * number of tasks holding a count, which lets the hot paths skip all this when it is 0.
 *
 * Context: any task context; lock-free (an atomic exchange). Return: the count @p had before.
 */
unsigned int set_fail_nth(struct task_struct *p, unsigned int n)
{
	unsigned int old = __atomic_exchange_n(&p->fail_nth, n, __ATOMIC_ACQ_REL);

	if (!old && n)
		__atomic_add_fetch(&fail_nth_tasks, 1, __ATOMIC_RELEASE);
	else if (old && !n)
		__atomic_sub_fetch(&fail_nth_tasks, 1, __ATOMIC_RELEASE);
	return old;
}

/**
 * get_fail_nth - what is left of @p's fail-nth count (Linux's /proc/PID/fail-nth read)
 * @p: the task
 *
 * Context: any. Return: 0 once the failure was injected (or none was asked for), else how many
 * more calls until it is.
 */
unsigned int get_fail_nth(struct task_struct *p)
{
	return READ_ONCE(p->fail_nth);
}

/**
 * fail_nth_drop - a fail-nth count that no task will use up leaves the count of tasks holding one
 * @n: the count being thrown away (a task's at its end, a creation request's given up); 0 is
 *	no count and changes nothing
 *
 * Context: any. Return: nothing.
 */
void fail_nth_drop(unsigned int n)
{
	if (n)
		__atomic_sub_fetch(&fail_nth_tasks, 1, __ATOMIC_RELEASE);
}

/*
 * Linux's fail-nth step of should_fail(): count this call against current's fail_nth. -1: the
 * task has no count; 0: counted, not this one; 1: this is the call to fail. Only the task
 * counts its own calls down, but set_fail_nth() may write the count from another task at the
 * same time, hence the compare-and-exchange.
 */
static int fail_nth_step(void)
{
	unsigned int n = READ_ONCE(current->fail_nth);

	while (n) {
		if (__atomic_compare_exchange_n(&current->fail_nth, &n, n - 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
			if (n > 1)
				return 0;
			__atomic_sub_fetch(&fail_nth_tasks, 1, __ATOMIC_RELEASE);
			return 1;
		}
	}
	return -1;
}

/* xorshift32: enough to spread failures for probability < 100, and repeatable from boot. */
static u32 fault_rand(struct fault_attr *attr)
{
	u32 x = attr->rand_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	attr->rand_state = x;
	return x;
}

/*
 * Linux's should_fail(): 'size' is what this call would allocate, for the 'space' budget. A
 * task with a fail-nth count decides by it alone, in task context only (an interrupt that
 * allocates on top of the task is not the task's call), as Linux does.
 */
static bool should_fail(struct fault_attr *attr, unsigned long size)
{
	unsigned long flags;
	bool fail = false;
	int nth = in_task() ? fail_nth_step() : -1;

	if (nth >= 0) {
		if (!nth)
			return false;
		/* Counted, but the attribute's own 'times' is left alone: it was not armed. */
		spin_lock_irqsave(&attr->lock, flags);
		attr->nr_injected++;
		spin_unlock_irqrestore(&attr->lock, flags);
		return true;
	}
	/* The hot path let us in for another task's fail-nth count. */
	if (!READ_ONCE(*attr->armed))
		return false;
	if (attr->task_filter && !(in_task() && READ_ONCE(current->make_it_fail)))
		return false;

	spin_lock_irqsave(&attr->lock, flags);
	if (!attr->times)
		goto out;
	if (attr->space > 0) {
		/* The first 'space' bytes are allowed, so boot-time users get going. */
		attr->space -= min(size, (unsigned long)attr->space);
		goto out;
	}
	if (++attr->count % attr->interval)
		goto out;
	if (attr->probability < 100 && fault_rand(attr) % 100 >= attr->probability)
		goto out;
	fail = true;
	attr->nr_injected++;
	if (attr->times > 0 && !--attr->times)
		/* Used up: the hot path goes back to a single untaken branch. */
		WRITE_ONCE(*attr->armed, false);
out:
	spin_unlock_irqrestore(&attr->lock, flags);
	return fail;
}

/**
 * __should_failslab - should this slab allocation fail (should_failslab()'s slow path)
 * @s: the cache being allocated from; its object size counts against the 'space' budget
 * @gfp: the allocation's flags; __GFP_NOWARN silences the log line
 *
 * Decided by the calling task's fail-nth count if it has one (task context only), else by the
 * armed failslab attribute.
 *
 * Linux 6.1: should_failslab() also skips __GFP_NOFAIL and, with ignore-gfp-wait, sleeping
 * allocations; Spindle has no such options.
 *
 * Context: any (kmem_cache_alloc()'s); takes the attribute's lock with interrupts off.
 * Return: true to fail the allocation, after one line in the log unless __GFP_NOWARN.
 */
bool __should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	if (!should_fail(&failslab, kmem_cache_size(s)))
		return false;
	if (!(gfp & __GFP_NOWARN))
		pr_info("FAULT_INJECTION: failslab: failing an allocation from %s\n",
			kmem_cache_name(s));
	return true;
}

/**
 * __should_fail_alloc_page - should this page allocation fail (should_fail_alloc_page()'s slow
 * path)
 * @gfp: the allocation's flags; __GFP_NOWARN silences the log line
 * @order: the allocation's order; its size counts against the 'space' budget
 *
 * As __should_failslab(), with the fail_page_alloc attribute.
 *
 * Linux 6.1: should_fail_alloc_page() also skips order-0 requests and __GFP_NOFAIL and highmem
 * ones when configured to; Spindle has no such options.
 *
 * Context: any (alloc_pages()'s); takes the attribute's lock with interrupts off.
 * Return: true to fail the allocation, after one line in the log unless __GFP_NOWARN.
 */
bool __should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (!should_fail(&fail_page_alloc, PAGE_SIZE << order))
		return false;
	if (!(gfp & __GFP_NOWARN))
		pr_info("FAULT_INJECTION: fail_page_alloc: failing an order-%u allocation\n",
			order);
	return true;
}

/**
 * __should_fail_stop_machine - should this stop_machine() fail (should_fail_stop_machine()'s
 * slow path)
 *
 * Context: task context (stop_machine() sleeps). Return: true to fail it, after one line in
 * the log.
 */
bool __should_fail_stop_machine(void)
{
	if (!should_fail(&fail_stop_machine, 0))
		return false;
	pr_info("FAULT_INJECTION: fail_stop_machine: failing stop_machine()\n");
	return true;
}

/* One comma-separated field of the option, copied out so it can be NUL-terminated. */
static const char *next_field(const char *s, char *buf, size_t size)
{
	const char *comma = strchr(s, ',');
	size_t n = comma ? (size_t)(comma - s) : strlen(s);

	if (!n || n >= size)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return comma ? comma + 1 : s + n;
}

/**
 * setup_fault_attr - parse a fault attribute's boot option
 * @attr: where to store interval, probability, space and times (nothing else is touched)
 * @str: Linux's "<interval>,<probability>,<space>,<times>" or the short "<interval>,<times>"
 *	(probability 100, space 0)
 *
 * Does not arm @attr. Interval must be at least 1 and probability at most 100; only times may
 * be -1 (no limit).
 *
 * Linux 6.1: setup_fault_attr() takes only the four-field form, and arms as it parses.
 *
 * Context: any; no lock. Return: 0, or -EINVAL for anything else (@attr then unchanged).
 */
int setup_fault_attr(struct fault_attr *attr, const char *str)
{
	unsigned long val[4];
	long times;
	char field[24];
	const char *s = str;
	unsigned int n = 0;

	if (!s)
		return -EINVAL;
	while (*s) {
		s = next_field(s, field, sizeof(field));
		if (!s || n == 4)
			return -EINVAL;
		/* 'times' may be -1; every other field is a plain unsigned number. */
		if (field[0] == '-') {
			if (kstrtol(field, 10, &times) || times != -1)
				return -EINVAL;
			val[n++] = (unsigned long)-1L;
		} else if (kstrtoul(field, 10, &val[n++])) {
			return -EINVAL;
		}
		/* A trailing comma leaves an empty last field. */
		if (s[-1] == ',' && !*s)
			return -EINVAL;
	}
	if (n == 2) {
		val[3] = val[1];
		val[1] = 100;
		val[2] = 0;
	} else if (n != 4) {
		return -EINVAL;
	}
	/* Only 'times' may be -1; the others must be in range. */
	if (!val[0] || val[0] == (unsigned long)-1L || val[1] > 100 ||
	    val[2] > (unsigned long)LONG_MAX ||
	    (val[3] > (unsigned long)LONG_MAX && val[3] != (unsigned long)-1L))
		return -EINVAL;
	attr->interval = val[0];
	attr->probability = val[1];
	attr->space = (long)val[2];
	attr->times = (long)val[3];
	return 0;
}

static void arm(struct fault_attr *attr, unsigned long interval, unsigned long probability,
		long space, long times)
{
	unsigned long flags;

	spin_lock_irqsave(&attr->lock, flags);
	attr->interval = interval ? interval : 1;
	attr->probability = probability;
	attr->space = space;
	attr->times = times;
	attr->count = 0;
	attr->nr_injected = 0;
	attr->rand_state = 0x2545f491;
	WRITE_ONCE(*attr->armed, times != 0);
	spin_unlock_irqrestore(&attr->lock, flags);
}

/* failslab=, fail_page_alloc=: arm at boot; a malformed value is reported by parse_args(). */
static int fault_attr_setup(struct fault_attr *attr, char *value)
{
	struct fault_attr parsed;

	if (setup_fault_attr(&parsed, value))
		return -EINVAL;
	arm(attr, parsed.interval, parsed.probability, parsed.space, parsed.times);
	pr_info("%s: interval %lu, probability %lu%%, space %ld, times %ld\n", attr->name,
		parsed.interval, parsed.probability, parsed.space, parsed.times);
	return 0;
}

static int failslab_setup(char *value)
{
	return fault_attr_setup(&failslab, value);
}
__setup("failslab=", failslab_setup);

static int fail_page_alloc_setup(char *value)
{
	return fault_attr_setup(&fail_page_alloc, value);
}
__setup("fail_page_alloc=", fail_page_alloc_setup);

/**
 * fault_inject_slab - arm failslab for a test
 * @times: how many calls to fail (-1: every one; 0 disarms)
 * @interval: fail every @interval-th call (0 counts as 1)
 *
 * Probability 100 and no 'space' budget; the counters start from zero.
 *
 * Context: any; takes the attribute's lock with interrupts off. Return: nothing.
 */
void fault_inject_slab(long times, unsigned long interval)
{
	arm(&failslab, interval, 100, 0, times);
}

/**
 * fault_inject_pages - arm fail_page_alloc for a test
 * @times: how many calls to fail (-1: every one; 0 disarms)
 * @interval: fail every @interval-th call (0 counts as 1)
 *
 * As fault_inject_slab(), for the page allocator.
 *
 * Context: any; takes the attribute's lock with interrupts off. Return: nothing.
 */
void fault_inject_pages(long times, unsigned long interval)
{
	arm(&fail_page_alloc, interval, 100, 0, times);
}

/**
 * fault_inject_stop_machine - arm Spindle's stop_machine() fault point
 * @times: how many calls to fail (-1: every one)
 * @interval: fail every @interval-th call
 *
 * Context: any task context. Return: nothing.
 */
void fault_inject_stop_machine(long times, unsigned long interval)
{
	arm(&fail_stop_machine, interval, 100, 0, times);
}

/**
 * fault_inject_task_filter - Linux's task-filter attribute, for all three attributes at once
 * @on: true: only tasks with make_it_fail take (and count towards) an armed attribute's
 *	failures; false: every task does
 *
 * Context: any task context. Return: nothing.
 */
void fault_inject_task_filter(bool on)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(all_attrs); i++) {
		unsigned long flags;

		spin_lock_irqsave(&all_attrs[i]->lock, flags);
		all_attrs[i]->task_filter = on;
		spin_unlock_irqrestore(&all_attrs[i]->lock, flags);
	}
}

/**
 * fault_inject_reset - disarm every fault attribute and zero their counters
 *
 * Also turns the task filter off. A task's fail-nth count is not touched.
 *
 * Context: any task context; takes each attribute's lock with interrupts off.
 * Return: nothing.
 */
void fault_inject_reset(void)
{
	fault_inject_task_filter(false);
	for (unsigned int i = 0; i < ARRAY_SIZE(all_attrs); i++)
		arm(all_attrs[i], 1, 100, 0, 0);
}

/**
 * failslab_injected - slab allocations failed since the last arming or reset
 *
 * Context: any. Return: the count, fail-nth's failures included.
 */
unsigned long failslab_injected(void)
{
	return READ_ONCE(failslab.nr_injected);
}

/**
 * fail_page_alloc_injected - page allocations failed since the last arming or reset
 *
 * Context: any. Return: the count, fail-nth's failures included.
 */
unsigned long fail_page_alloc_injected(void)
{
	return READ_ONCE(fail_page_alloc.nr_injected);
}

/**
 * fail_stop_machine_injected - stop_machine() calls failed since the last arming or reset
 *
 * Context: any. Return: the count, fail-nth's failures included.
 */
unsigned long fail_stop_machine_injected(void)
{
	return READ_ONCE(fail_stop_machine.nr_injected);
}
