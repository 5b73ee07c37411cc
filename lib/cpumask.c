/* cpumask helpers that are not one-liners: the single-CPU masks and printing a mask as a list. */
#include <linux/kernel.h>
#include <linux/cpumask.h>

/* cpumask_of(cpu) for every CPU, built on first use, so callers need no stack copy. */
static struct cpumask cpu_bit_masks[NR_CPUS];

const struct cpumask *cpumask_of(unsigned int cpu)
{
	struct cpumask *m = &cpu_bit_masks[cpu];

	if (!cpumask_test_cpu(cpu, m))
		cpumask_set_cpu(cpu, m);
	return m;
}

/* "0-3", "1", "0,2-3": runs of consecutive CPUs joined by '-', runs separated by ','. */
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
