/* The CPU masks (possible, present, online) and bringing CPUs online: cpu_up() for one,
 * smp_init() for all at boot. CPU hotplug will change the online mask here. */
#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <asm/smp.h>

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

/* ---- Bringing CPUs up ---------------------------------------------------------------------- */

struct cpumask __cpu_present_mask;
u64 smp_bringup_ns;

/* Serialises CPU bring-up (and, later, hotplug): one CPU changes state at a time. */
static DEFINE_MUTEX(cpu_add_remove_lock);
/* Each CPU's idle task (Linux keeps this table in kernel/smpboot.c). */
static DEFINE_PER_CPU(struct task_struct *, idle_threads);

void set_cpu_present(unsigned int cpu, bool present)
{
	if (present)
		cpumask_set_cpu(cpu, &__cpu_present_mask);
	else
		cpumask_clear_cpu(cpu, &__cpu_present_mask);
}

struct task_struct *idle_thread_get(unsigned int cpu)
{
	return per_cpu(idle_threads, cpu);
}

/* Linux's idle_threads_init(): every idle task made up front, so starting a CPU (at boot or
 * after hotplug) allocates nothing. A CPU whose idle task cannot be made stays down. */
static void idle_threads_init(void)
{
	unsigned int cpu, boot = smp_processor_id();

	per_cpu(idle_threads, boot) = idle_task(boot);
	for_each_possible_cpu(cpu) {
		struct task_struct *idle;

		if (cpu == boot || per_cpu(idle_threads, cpu))
			continue;
		idle = fork_idle(cpu);
		if (IS_ERR(idle)) {
			pr_err("smp: no memory for the idle task of CPU %u\n", cpu);
			continue;
		}
		per_cpu(idle_threads, cpu) = idle;
	}
}

/*
 * The boot CPU's half of starting @cpu, up to the AP leaving the trampoline: its smpboot threads
 * (cpuhp/N, migration/N, ksoftirqd/N) are created parked first, as Linux's
 * CPUHP_CREATE_THREADS step, so they exist before anything can run there.
 */
static int cpu_kick(unsigned int cpu)
{
	struct task_struct *idle = idle_thread_get(cpu);
	int ret;

	if (!idle)
		return -ENOMEM;
	ret = smpboot_create_threads(cpu);
	if (ret)
		return ret;
	return native_kick_ap(cpu, idle);
}

/* The rest: wait until the AP is online, then unpark its smpboot threads (Linux's
 * CPUHP_AP_SMPBOOT_THREADS step). */
static int cpu_finish_up(unsigned int cpu)
{
	int ret = native_wait_ap_online(cpu);

	if (ret)
		return ret;
	return smpboot_unpark_threads(cpu);
}

static int _cpu_up(unsigned int cpu)
{
	int ret;

	if (cpu >= nr_cpu_ids || !cpu_present(cpu))
		return -EINVAL;
	if (cpu_online(cpu))
		return 0;
	ret = cpu_kick(cpu);
	if (!ret)
		ret = cpu_finish_up(cpu);
	return ret;
}

int cpu_up(unsigned int cpu)
{
	int ret;

	mutex_lock(&cpu_add_remove_lock);
	ret = _cpu_up(cpu);
	mutex_unlock(&cpu_add_remove_lock);
	return ret;
}

/*
 * Every present CPU up to @max_cpus online CPUs. The APs are started one after another, but the
 * boot CPU moves on as soon as one has called in (GDT, APIC and timer set up): its last steps,
 * going online, and the unparking of its threads are left to a second pass (Linux 6.5's
 * kick/wait split of parallel bring-up). A CPU that fails is reported and skipped.
 * O(present CPUs).
 */
void bringup_nonboot_cpus(unsigned int max_cpus)
{
	struct cpumask kicked;
	unsigned int cpu, n = num_online_cpus();
	int ret;

	cpumask_clear(&kicked);
	mutex_lock(&cpu_add_remove_lock);
	for_each_present_cpu(cpu) {
		if (n >= max_cpus)
			break;
		if (cpu_online(cpu))
			continue;
		ret = cpu_kick(cpu);
		if (ret) {
			pr_err("smp: CPU %u not brought up (%d)\n", cpu, ret);
			continue;
		}
		cpumask_set_cpu(cpu, &kicked);
		n++;
	}
	for_each_cpu(cpu, &kicked) {
		ret = cpu_finish_up(cpu);
		if (ret)
			pr_err("smp: CPU %u not brought up (%d)\n", cpu, ret);
	}
	mutex_unlock(&cpu_add_remove_lock);
}

/* From kernel_init, once kthreadd runs (the smpboot threads need it) and smp_prepare_cpus()
 * has numbered the CPUs, before the self-tests. */
void smp_init(void)
{
	unsigned int max_cpus = max(setup_max_cpus, 1U);
	u64 start = sched_clock();

	idle_threads_init();
	bringup_nonboot_cpus(max_cpus);
	smp_bringup_ns = sched_clock() - start;
	pr_info("smp: Brought up %u CPUs in %lu.%lu ms (%u present, %u possible%s)\n",
		num_online_cpus(), (unsigned long)(smp_bringup_ns / 1000000),
		(unsigned long)(smp_bringup_ns / 100000 % 10),
		num_present_cpus(), nr_cpu_ids,
		max_cpus < num_present_cpus() ? ", limited by nosmp/maxcpus=" : "");
}
