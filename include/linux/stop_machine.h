/* The CPU stopper (Linux's include/linux/stop_machine.h): one stop-class thread per CPU,
 * migration/N, that runs queued functions ahead of everything else on its CPU. */
#ifndef _LINUX_STOP_MACHINE_H
#define _LINUX_STOP_MACHINE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/cpumask.h>

typedef int (*cpu_stop_fn_t)(void *arg);

struct cpu_stop_done;

/* One queued request; the caller owns it until @fn has run (or the queueing failed). */
struct cpu_stop_work {
	struct list_head	list;		/* on the stopper's works */
	cpu_stop_fn_t		fn;
	void			*arg;
	struct cpu_stop_done	*done;		/* NULL for stop_one_cpu_nowait */
};

/*
 * Run @fn(@arg) on @cpu in its stopper, which preempts whatever runs there, and wait for it.
 * @fn runs with preemption off and must not sleep. Returns @fn's value, or -ENOENT when @cpu's
 * stopper is not enabled (the CPU is offline or going down). Sleeps.
 */
int stop_one_cpu(unsigned int cpu, cpu_stop_fn_t fn, void *arg);
/* The same without waiting: @work_buf must stay valid until @fn has started. False when the
 * stopper is not enabled (then @fn will not run). Callable with preemption or interrupts off. */
bool stop_one_cpu_nowait(unsigned int cpu, cpu_stop_fn_t fn, void *arg,
			 struct cpu_stop_work *work_buf);

/*
 * Linux's stop_machine(): every online CPU's stopper takes part, all of them spin with
 * interrupts off, and @fn runs on each CPU of @cpus (on the first online CPU when @cpus is
 * NULL) while nothing else runs anywhere. Returns @fn's value (the last non-zero one). Takes
 * cpus_read_lock(); stop_machine_cpuslocked() is for callers that hold the hotplug lock.
 */
int stop_machine(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus);
int stop_machine_cpuslocked(cpu_stop_fn_t fn, void *data, const struct cpumask *cpus);

/* For kernel/cpu.c: the stopper of a CPU coming up is enabled and unparked; the stopper of a
 * dying CPU disables and parks itself from inside take_cpu_down(). */
void stop_machine_unpark(unsigned int cpu);
void stop_machine_park(unsigned int cpu);
/* Register migration/N with smpboot; from kernel_init after spawn_ksoftirqd(). */
void cpu_stop_init(void);

#endif
