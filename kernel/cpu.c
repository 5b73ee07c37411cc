/* The CPU masks: which CPUs may exist (possible) and which run the scheduler now (online).
 * CPU hotplug will change the online mask here. */
#include <linux/kernel.h>
#include <linux/cpumask.h>

struct cpumask __cpu_possible_mask;
struct cpumask __cpu_online_mask;

void set_cpu_possible(unsigned int cpu, bool possible)
{
	if (possible)
		cpumask_set_cpu(cpu, &__cpu_possible_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_possible_mask);
}

void set_cpu_online(unsigned int cpu, bool online)
{
	if (online)
		cpumask_set_cpu(cpu, &__cpu_online_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_online_mask);
}
