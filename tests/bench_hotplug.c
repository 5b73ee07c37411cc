/* The CPU hotplug benchmarks of make bench: remove_cpu(1) and add_cpu(1) from CPU 0, apart and as
 * one cycle. Their figures are guest time, not instructions alone: each step waits for the
 * other CPU (the stopper, the AP's bring-up), as Linux's cycle waits on grace periods. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <asm/processor.h>
#include <bench.h>

#define HOTPLUG_CPU	1
#define WARMUP		2

/*
 * @runs cycles of remove_cpu(1) then add_cpu(1) from CPU 0 (the runner's CPU); each sample is the
 * step(s) @part selects: 0 the whole cycle, 1 the down, 2 the up. CPU 1 is online again after.
 */
static int hotplug_cycles(u64 *samples, unsigned int runs, int part)
{
	if (!cpu_online(HOTPLUG_CPU))
		return -ENODEV;
	for (unsigned int i = 0; i < runs + WARMUP; i++) {
		u64 t0, t1, t2;
		int ret;

		t0 = rdtsc();
		ret = remove_cpu(HOTPLUG_CPU);
		t1 = rdtsc();
		if (ret)
			return ret;
		ret = add_cpu(HOTPLUG_CPU);
		t2 = rdtsc();
		if (ret)
			return ret;
		if (i < WARMUP)
			continue;
		samples[i - WARMUP] = part == 1 ? t1 - t0 : part == 2 ? t2 - t1 : t2 - t0;
	}
	return runs;
}

static int bench_cpu_down_up_cycle(u64 *samples, unsigned int runs)
{
	return hotplug_cycles(samples, runs, 0);
}

static int bench_cpu_down(u64 *samples, unsigned int runs)
{
	return hotplug_cycles(samples, runs, 1);
}

static int bench_cpu_up(u64 *samples, unsigned int runs)
{
	return hotplug_cycles(samples, runs, 2);
}

static const struct bench h_cpu_down_up_cycle = {
	"h_cpu_down_up_cycle", 20, bench_cpu_down_up_cycle
};
static const struct bench h_cpu_down = {
	"h_cpu_down", 20, bench_cpu_down
};
static const struct bench h_cpu_up = {
	"h_cpu_up", 20, bench_cpu_up
};
bench_register(h_cpu_down_up_cycle);
bench_register(h_cpu_down);
bench_register(h_cpu_up);
