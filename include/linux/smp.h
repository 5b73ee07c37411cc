/* Which CPU is running this code, and the generic cross-CPU calls (kernel/smp.c): run a function
 * on one CPU, on a mask of CPUs, or on every online CPU, with or without waiting for it. */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/llist.h>

struct cpumask;
struct pt_regs;

/*
 * Each CPU's area holds its own number, so asking is one GS-relative load. Before
 * setup_per_cpu_areas() the GS base is 0 and the template's cpu_number, 0, answers for the boot
 * CPU, the only one running then.
 */
#define smp_processor_id()	this_cpu_read(cpu_number)

/* Ask @cpu to reschedule (a reschedule IPI; arch/x86/smp.c). */
void smp_send_reschedule(int cpu);
/* Record this CPU's APIC id, so IPIs can address it by CPU number. */
void smp_store_cpu_apicid(void);
DECLARE_PER_CPU(u32, x86_cpu_to_apicid);

typedef void (*smp_call_func_t)(void *info);
typedef bool (*smp_cond_func_t)(int cpu, void *info);

/* Set while the request is queued or running; the sender's wait (and reuse) spins on it. */
#define CSD_FLAG_LOCK		0x01
/* The sender waits: the target releases the csd only after func has run. */
#define CSD_FLAG_SYNCHRONOUS	0x02

/*
 * One cross-CPU call in flight: queued on the target's call_single_queue, run there by
 * generic_smp_call_function_single_interrupt(). The sender owns it again once CSD_FLAG_LOCK
 * clears: before running func when nobody waits, after it when the sender waits.
 */
struct __call_single_data {
	struct llist_node node;
	unsigned int flags;
	smp_call_func_t func;
	void *info;
};
typedef struct __call_single_data call_single_data_t;

#define CSD_INIT(_func, _info)	{ .func = (_func), .info = (_info) }

/* Run func(info) on @cpu (directly, interrupts off, when it is this CPU); wait: until it has
 * run. 0, -ENXIO if @cpu is not online, -EDEADLK if waiting could deadlock (refused, WARN). */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait);
/* Queue a caller-owned csd on @cpu without waiting; -EBUSY while the csd is still in flight. */
int smp_call_function_single_async(int cpu, call_single_data_t *csd);
/* Run func on every online CPU in @mask except this one (Linux's semantics). */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			    bool wait);
/* Run func on every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, int wait);
/* As above, and on this CPU too (interrupts off), on the CPUs of @mask for which cond_func is
 * true (asked on the calling CPU; NULL: all of them). */
void on_each_cpu_cond_mask(smp_cond_func_t cond_func, smp_call_func_t func, void *info,
			   bool wait, const struct cpumask *mask);

/* On every online CPU, this one included. */
static inline void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	on_each_cpu_cond_mask(NULL, func, info, wait, cpu_online_mask);
}

/* On the online CPUs of @mask, this one included if in it. */
static inline void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func,
				    void *info, bool wait)
{
	on_each_cpu_cond_mask(NULL, func, info, wait, mask);
}

/* On the online CPUs for which cond_func(cpu, info) is true. */
static inline void on_each_cpu_cond(smp_cond_func_t cond_func, smp_call_func_t func,
				    void *info, bool wait)
{
	on_each_cpu_cond_mask(cond_func, func, info, wait, cpu_online_mask);
}

/* Boot: every present CPU up to maxcpus= online, and the boot report line with the time. */
void smp_init(void);
/* Guest time smp_init() took to bring the CPUs up, in nanoseconds. */
extern u64 smp_bringup_ns;

/* The receiving side: run everything queued for this CPU (interrupts off). */
void generic_smp_call_function_single_interrupt(void);
void flush_smp_call_function_queue(void);

/* The architecture's senders (arch/x86/smp.c). */
void arch_send_call_function_single_ipi(int cpu);
void arch_send_call_function_ipi_mask(const struct cpumask *mask);

/* Stop every other online CPU with an NMI, each printing its backtrace first (panic path). */
void smp_send_stop(void);
/* From the NMI handler: whether this NMI was the stop request (then it does not return). */
bool nmi_cpu_backtrace_stop(struct pt_regs *regs);
/* SysRq-l's NMI: save this CPU's registers and call chain if asked (arch/x86/smp.c). */
bool nmi_cpu_backtrace(struct pt_regs *regs);
/* SysRq-l: print every online CPU's backtrace, taken through the NMI. */
void trigger_all_cpu_backtrace(void);

#endif
