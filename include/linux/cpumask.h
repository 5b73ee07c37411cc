/* CPU masks: which CPUs a task may run on, and which CPUs exist and are online. Linux's names;
 * with NR_CPUS = 64 a mask is one word, but the helpers do not rely on that. */
#ifndef _LINUX_CPUMASK_H
#define _LINUX_CPUMASK_H

#include <linux/types.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/threads.h>
#include <linux/percpu.h>

struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
};
typedef struct cpumask cpumask_t;

#define cpumask_bits(m)		((m)->bits)

/*
 * CPUs with a per-CPU area, CPUs the MADT lists as enabled (that can be brought up), CPUs
 * running the scheduler now, and the online CPUs the scheduler may place and balance work on:
 * active is a subset of online, online of present, present of possible. A CPU is online from
 * early in its bring-up, but active only from its last step (sched_cpu_activate) to its first
 * step down (sched_cpu_deactivate): in between it runs only its own per-CPU threads.
 */
extern struct cpumask __cpu_possible_mask, __cpu_present_mask, __cpu_online_mask;
extern struct cpumask __cpu_active_mask;
#define cpu_possible_mask	((const struct cpumask *)&__cpu_possible_mask)
#define cpu_present_mask	((const struct cpumask *)&__cpu_present_mask)
#define cpu_online_mask		((const struct cpumask *)&__cpu_online_mask)
#define cpu_active_mask		((const struct cpumask *)&__cpu_active_mask)

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	clear_bit(cpu, m->bits);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return test_bit(cpu, m->bits);
}

static inline void cpumask_clear(struct cpumask *m)
{
	bitmap_zero(m->bits, NR_CPUS);
}

/* Every CPU that can exist here (nr_cpu_ids), as Linux's cpumask_setall. */
static inline void cpumask_setall(struct cpumask *m)
{
	bitmap_zero(m->bits, NR_CPUS);
	bitmap_set(m->bits, 0, nr_cpu_ids);
}

static inline void cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	bitmap_copy(dst->bits, src->bits, NR_CPUS);
}

static inline bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	return bitmap_equal(a->bits, b->bits, NR_CPUS);
}

static inline bool cpumask_empty(const struct cpumask *m)
{
	return bitmap_empty(m->bits, NR_CPUS);
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	return bitmap_weight(m->bits, NR_CPUS);
}

static inline unsigned int cpumask_first(const struct cpumask *m)
{
	return find_first_bit(m->bits, NR_CPUS);
}

/* The highest-numbered CPU in @m, or NR_CPUS if it is empty (Linux's cpumask_last()). */
static inline unsigned int cpumask_last(const struct cpumask *m)
{
	return find_last_bit(m->bits, NR_CPUS);
}

static inline unsigned int cpumask_next(int n, const struct cpumask *m)
{
	return find_next_bit(m->bits, NR_CPUS, n + 1);
}

/* Do a and b share a CPU? */
static inline bool cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(NR_CPUS); i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

/* dst = a & b; true if any CPU is left. */
static inline bool cpumask_and(struct cpumask *dst, const struct cpumask *a,
			       const struct cpumask *b)
{
	unsigned long any = 0;

	for (unsigned int i = 0; i < BITS_TO_LONGS(NR_CPUS); i++)
		any |= dst->bits[i] = a->bits[i] & b->bits[i];
	return any != 0;
}

/* The bytes of a mask as the system calls exchange it (sched_setaffinity()). */
static inline unsigned int cpumask_size(void)
{
	return BITS_TO_LONGS(nr_cpu_ids) * sizeof(long);
}

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = cpumask_first(mask); (cpu) < NR_CPUS;		\
	     (cpu) = cpumask_next((cpu), (mask)))
#define for_each_online_cpu(cpu)	for_each_cpu((cpu), cpu_online_mask)

/*
 * Every CPU of @mask once, starting at @start (a variable) and wrapping past the last one, as
 * Linux's for_each_cpu_wrap(): a search that starts at a task's own CPU finds it first when it
 * qualifies, and otherwise spreads its answers instead of always finding CPU 0.
 */
#define for_each_cpu_wrap(cpu, mask, start)					\
	for (unsigned int __wrap = 0;						\
	     __wrap < nr_cpu_ids &&						\
	     ((cpu) = (start) + __wrap < nr_cpu_ids ? (start) + __wrap :		\
		      (start) + __wrap - nr_cpu_ids, true);			\
	     __wrap++)								\
		if (!cpumask_test_cpu((cpu), (mask))) {} else
#define for_each_present_cpu(cpu)	for_each_cpu((cpu), cpu_present_mask)

static inline bool cpu_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

static inline bool cpu_active(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_active_mask);
}

static inline unsigned int num_active_cpus(void)
{
	return cpumask_weight(cpu_active_mask);
}

static inline bool cpu_present(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_present_mask);
}

static inline unsigned int num_present_cpus(void)
{
	return cpumask_weight(cpu_present_mask);
}

/* Boot: sched_init() marks every CPU that has a per-CPU area. */
static inline void set_cpu_possible(unsigned int cpu, bool possible)
{
	if (possible)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_possible_mask);
}

/* Boot: smp_prepare_cpus() marks the CPUs the MADT lists as enabled. */
static inline void set_cpu_present(unsigned int cpu, bool present)
{
	if (present)
		cpumask_set_cpu(cpu, &__cpu_present_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_present_mask);
}

void set_cpu_online(unsigned int cpu, bool online);

/*
 * Written only by the hotplug steps (sched_cpu_activate/deactivate) and the boot CPU's set-up;
 * readers test the mask without locks.
 */
static inline void set_cpu_active(unsigned int cpu, bool active)
{
	if (active)
		cpumask_set_cpu(cpu, &__cpu_active_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_active_mask);
}

/* The mask holding only @cpu, from a static table (no stack copy). */
const struct cpumask *cpumask_of(unsigned int cpu);

/* Print @m as a CPU list ("0-3", "1,4-5") into buf; returns the length, as Linux's %*pbl. */
int cpumap_print_list(char *buf, size_t size, const struct cpumask *m);
/* The mask in hex, as Linux's "%*pb" ("f", "ffffffff,ffffffff"). */
int cpumap_print_mask(char *buf, size_t size, const struct cpumask *m);

#endif
