/* The per-CPU areas: setup_per_cpu_areas() copies the .data..percpu template once per possible
 * CPU and points the boot CPU's GS base at its copy (Linux: arch/x86/kernel/setup_percpu.c). */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <asm/processor.h>

DEFINE_PER_CPU_FIRST(unsigned int, cpu_number);
DEFINE_PER_CPU(unsigned long, this_cpu_off);

/* All zero until setup: every CPU number then reaches the template, the boot CPU's data. */
unsigned long __per_cpu_offset[NR_CPUS];
unsigned int nr_cpu_ids = 1;

/**
 * setup_per_cpu_areas - give each possible CPU its copy of the per-CPU data
 *
 * Sets nr_cpu_ids from the MADT's enabled CPUs (at most NR_CPUS), copies the .data..percpu
 * template once per possible CPU and points the boot CPU's GS base at its copy. Every copy
 * starts as the template is now, so whatever the boot CPU wrote there so far is carried into
 * its own copy. The areas are never freed: a possible CPU keeps its area while it is offline.
 * Panics when an area cannot be allocated.
 *
 * Linux 6.1: the first-chunk allocator (pcpu_embed_first_chunk()) from memblock, which
 * also serves later alloc_percpu() calls.
 *
 * Context: once, on the boot CPU with interrupts off, after the page allocator is up and before
 * anything needs a second CPU's data.
 * Return: nothing.
 */
void setup_per_cpu_areas(void)
{
	unsigned long size = __per_cpu_end - __per_cpu_start;
	unsigned int order = get_order(size);
	unsigned int cpu;

	nr_cpu_ids = min_t(unsigned int, acpi_num_cpus(), NR_CPUS);
	for_each_possible_cpu(cpu) {
		char *area = (char *)__get_free_pages(GFP_KERNEL, order);

		if (!area)
			panic("percpu: no memory for the area of CPU %u (%lu bytes)", cpu, size);
		memcpy(area, __per_cpu_start, size);
		__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
		per_cpu(cpu_number, cpu) = cpu;
		per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	}
	/* From this instruction on, %gs:var on the boot CPU is its copy, not the template. */
	wrmsr(MSR_GS_BASE, __per_cpu_offset[0]);
	pr_info("percpu: %u areas of %lu bytes (order %u), CPU0 at %#lx\n", nr_cpu_ids, size,
		order, (unsigned long)__per_cpu_start + __per_cpu_offset[0]);
}
