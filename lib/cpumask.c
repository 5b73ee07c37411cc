/* cpumask helpers that are not one-liners: the single-CPU masks and printing a mask as a list. */
#include <linux/kernel.h>
#include <linux/cpumask.h>

/* cpumask_of(cpu) for every CPU, built on first use, so callers need no stack copy. */
static struct cpumask cpu_bit_masks[NR_CPUS];

/**
 * cpumask_of - a mask with only one CPU set
 * @cpu: the CPU, below NR_CPUS
 *
 * Built on first use in a static table, so callers need no stack copy; setting the bit is
 * atomic, so two first uses at once are harmless.
 *
 * Linux 6.1: cpumask_of() points into the constant cpu_bit_bitmap table.
 *
 * Context: any. Return: the mask; it is never changed afterwards.
 */
const struct cpumask *cpumask_of(unsigned int cpu)
{
	struct cpumask *m = &cpu_bit_masks[cpu];

	if (!cpumask_test_cpu(cpu, m))
		cpumask_set_cpu(cpu, m);
	return m;
}

/**
 * cpumap_print_list - print a mask as a list of CPU ranges, as Linux's "%*pbl"
 * @buf: where to print; NUL-terminated as snprintf() does
 * @size: its size, at least 1
 * @m: the mask
 *
 * "0-3", "1", "0,2-3": runs of consecutive CPUs joined by '-', runs separated by ','. An empty
 * mask prints "".
 *
 * Context: any. Return: the length it would have (as snprintf), which may exceed @size - 1.
 */
int cpumap_print_list(char *buf, size_t size, const struct cpumask *m)
{
	unsigned int cpu, end;
	int len = 0;

	buf[0] = '\0';
	for (cpu = cpumask_first(m); cpu < NR_CPUS; cpu = cpumask_next(end, m)) {
		end = cpu;
		while (end + 1 < NR_CPUS && cpumask_test_cpu(end + 1, m))
			end++;
		len += snprintf(buf + len, size > (size_t)len ? size - len : 0, "%s%u", len ? "," : "",
				cpu);
		if (end > cpu)
			len += snprintf(buf + len, size > (size_t)len ? size - len : 0, "-%u", end);
	}
	return len;
}

/**
 * cpumap_print_mask - @m as Linux's "%*pb" prints a cpumask
 * @buf: where
 * @size: its size
 * @m: the mask
 *
 * nr_cpu_ids bits in hex, in groups of 32 separated by ',', each as many digits as its bits
 * need: "f" for 4 CPUs, "01" for CPU 0 of 8, "ffffffff,ffffffff" for 64.
 *
 * Context: any. Return: the length it would have (as snprintf).
 */
int cpumap_print_mask(char *buf, size_t size, const struct cpumask *m)
{
	unsigned int nbits = nr_cpu_ids;
	int len = 0;

	buf[0] = '\0';
	for (int lo = (nbits - 1) / 32 * 32; lo >= 0; lo -= 32) {
		unsigned int width = min(nbits - lo, 32U), val = 0;

		for (unsigned int b = 0; b < width; b++)
			if (cpumask_test_cpu(lo + b, m))
				val |= 1U << b;
		len += snprintf(buf + len, size > (size_t)len ? size - len : 0, "%s%0*x",
				len ? "," : "", (int)(width + 3) / 4, val);
	}
	return len;
}
