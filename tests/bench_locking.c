/* The locking benchmarks of make bench: an uncontended lock and unlock, in guest instructions
 * under -icount. make bench's kernel is built with LOCKDEP=0, so these are the locks' own cost;
 * booted from a LOCKDEP=1 build (tests/run --bench --lockdep) they give the lock validator's
 * (docs/locking.md has both). Each sample times LOCK_BATCH pairs and is divided by it, so the
 * two rdtsc()s around the batch count for little. */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <asm/processor.h>
#include <bench.h>

#define LOCK_BATCH	64
#define WARMUP		4

static DEFINE_SPINLOCK(bench_lock_a);
static DEFINE_SPINLOCK(bench_lock_b);
static DEFINE_MUTEX(bench_mutex);

/*
 * Times @pair, LOCK_BATCH times per sample. Always inlined, with @pair a known function, so each
 * benchmark's loop calls nothing: the figures are the locks' alone.
 */
static __always_inline int time_lock_pairs(u64 *samples, unsigned int runs, void (*pair)(void))
{
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0 = rdtsc();

		for (int j = 0; j < LOCK_BATCH; j++)
			pair();
		if (i >= WARMUP)
			samples[i - WARMUP] = (rdtsc() - t0) / LOCK_BATCH;
	}
	return runs;
}

/* spin_lock() + spin_unlock() of one lock, nothing else held. */
static __always_inline void spin_lock_pair(void)
{
	spin_lock(&bench_lock_a);
	spin_unlock(&bench_lock_a);
}

/* spin_lock_irqsave() + spin_unlock_irqrestore(), the most common form in Spindle. */
static __always_inline void spin_lock_irqsave_pair(void)
{
	unsigned long flags;

	spin_lock_irqsave(&bench_lock_a, flags);
	spin_unlock_irqrestore(&bench_lock_a, flags);
}

/* Two nested locks: the inner acquisition is a chain of two for the validator. */
static __always_inline void spin_lock_nested_pair(void)
{
	spin_lock(&bench_lock_a);
	spin_lock(&bench_lock_b);
	spin_unlock(&bench_lock_b);
	spin_unlock(&bench_lock_a);
}

/* mutex_lock() + mutex_unlock(), uncontended (might_sleep() included). */
static __always_inline void mutex_lock_pair(void)
{
	mutex_lock(&bench_mutex);
	mutex_unlock(&bench_mutex);
}

static int bench_spin_lock(u64 *samples, unsigned int runs)
{
	return time_lock_pairs(samples, runs, spin_lock_pair);
}

static int bench_spin_lock_irqsave(u64 *samples, unsigned int runs)
{
	return time_lock_pairs(samples, runs, spin_lock_irqsave_pair);
}

static int bench_spin_lock_nested_pair(u64 *samples, unsigned int runs)
{
	return time_lock_pairs(samples, runs, spin_lock_nested_pair);
}

static int bench_mutex_lock(u64 *samples, unsigned int runs)
{
	return time_lock_pairs(samples, runs, mutex_lock_pair);
}

static const struct bench l_spin_lock_unlock = {
	"l_spin_lock_unlock", 200, bench_spin_lock
};
static const struct bench l_spin_lock_irqsave = {
	"l_spin_lock_irqsave", 200, bench_spin_lock_irqsave
};
static const struct bench l_spin_lock_nested_pair = {
	"l_spin_lock_nested_pair", 200, bench_spin_lock_nested_pair
};
static const struct bench l_mutex_lock_unlock = {
	"l_mutex_lock_unlock", 200, bench_mutex_lock
};
bench_register(l_spin_lock_unlock);
bench_register(l_spin_lock_irqsave);
bench_register(l_spin_lock_nested_pair);
bench_register(l_mutex_lock_unlock);
