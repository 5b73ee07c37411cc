/* Inter-processor interrupts: the reschedule IPI, the two function-call IPIs behind
 * kernel/smp.c, the stop NMI a panic sends to every other CPU, and the table from CPU number to
 * APIC id that addresses them all. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/stacktrace.h>
#include <linux/time.h>
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/irq_vectors.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

DEFINE_PER_CPU(u32, x86_cpu_to_apicid);

/**
 * smp_store_cpu_apicid - record this CPU's APIC id for IPIs addressed by CPU number
 *
 * The boot CPU's id is known only once its LAPIC is set up; the APs record theirs at start.
 *
 * Context: on the CPU itself, after its local APIC is set up, interrupts off.
 * Return: nothing.
 */
void smp_store_cpu_apicid(void)
{
	this_cpu_write(x86_cpu_to_apicid, read_apic_id());
}

/**
 * smp_send_reschedule - ask a CPU to reschedule
 * @cpu: the target CPU
 *
 * O(1): one ICR write. The receiver's handler does the rest on its way out of the interrupt.
 *
 * Linux 6.1: native_smp_send_reschedule() also warns when @cpu is offline.
 *
 * Context: any but NMI; the caller keeps @cpu online (the runqueue lock or preemption off).
 * Return: nothing.
 */
void smp_send_reschedule(int cpu)
{
	apic_icr_write(APIC_INT_ASSERT | APIC_DM_FIXED | RESCHEDULE_VECTOR,
		       per_cpu(x86_cpu_to_apicid, cpu));
}

/**
 * reschedule_interrupt - the handler of RESCHEDULE_VECTOR
 * @regs: the interrupted context (unused)
 * @data: unused
 *
 * Counts the IPI (irq_resched_count, "RES" in /proc/interrupts) and lets the scheduler look at
 * its runqueue; the reschedule itself happens on the way out of the interrupt.
 *
 * Linux 6.1: sysvec_reschedule_ipi().
 *
 * Context: hard interrupt, interrupts off.
 * Return: nothing.
 */
void reschedule_interrupt(struct pt_regs *regs, void *data)
{
	inc_irq_stat(irq_resched_count);
	scheduler_ipi();
}

/**
 * arch_send_call_function_single_ipi - kick one CPU to run its function-call queue
 * @cpu: the target CPU
 *
 * Context: any but NMI; called by kernel/smp.c after queueing the work for @cpu.
 * Return: nothing.
 */
void arch_send_call_function_single_ipi(int cpu)
{
	apic_icr_write(APIC_INT_ASSERT | APIC_DM_FIXED | CALL_FUNCTION_SINGLE_VECTOR,
		       per_cpu(x86_cpu_to_apicid, cpu));
}

/**
 * arch_send_call_function_ipi_mask - kick several CPUs to run their function-call queues
 * @mask: the target CPUs (the caller is not among them)
 *
 * One ICR write per target, O(CPUs in the mask), in both APIC modes. The all-but-self shorthand
 * would be one write, but it also reaches CPUs that are present and not online (parked in
 * wait-for-SIPI, or offline), so it is not used.
 *
 * Linux 6.1: native_send_call_func_ipi() does use the shorthand when @mask is every other CPU
 * and every present CPU is online (apic_use_ipi_shorthand).
 *
 * Context: any but NMI; called by kernel/smp.c after queueing the work.
 * Return: nothing.
 */
void arch_send_call_function_ipi_mask(const struct cpumask *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		apic_icr_write(APIC_INT_ASSERT | APIC_DM_FIXED | CALL_FUNCTION_VECTOR,
			       per_cpu(x86_cpu_to_apicid, cpu));
}

/**
 * call_function_interrupt - the handler of CALL_FUNCTION_VECTOR
 * @regs: the interrupted context (unused)
 * @data: unused
 *
 * Runs this CPU's function-call queue. Linux counts both function-call vectors as one kind
 * (irq_call_count, "CAL" in /proc/interrupts), and so does this.
 *
 * Linux 6.1: sysvec_call_function().
 *
 * Context: hard interrupt, interrupts off.
 * Return: nothing.
 */
void call_function_interrupt(struct pt_regs *regs, void *data)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_single_interrupt();
}

/**
 * call_function_single_interrupt - the handler of CALL_FUNCTION_SINGLE_VECTOR
 * @regs: the interrupted context (unused)
 * @data: unused
 *
 * As call_function_interrupt(): both vectors run the same queue.
 *
 * Linux 6.1: sysvec_call_function_single().
 *
 * Context: hard interrupt, interrupts off.
 * Return: nothing.
 */
void call_function_single_interrupt(struct pt_regs *regs, void *data)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_single_interrupt();
}

/*
 * The stop NMI. An NMI gets through whatever the target is doing, interrupts off included, so a
 * CPU spinning on a lock or stuck in a loop still stops and shows where it was. The panicking CPU
 * first stops everyone (each checks in and spins inside its NMI handler), then gives each a turn
 * to print, one after another in CPU order, so no two backtraces interleave and nobody else is
 * printing meanwhile; after its turn a CPU halts with interrupts off, and since the NMI handler
 * never returns, no further NMI can wake it.
 */
#define STOP_CHECKIN_TIMEOUT_NS	(1000ULL * NSEC_PER_MSEC)
#define STOP_PRINT_TIMEOUT_NS	(2000ULL * NSEC_PER_MSEC)

static struct cpumask stop_request;	/* CPUs the stop NMI was sent to */
static struct cpumask stop_checked_in;	/* ... and that are now spinning in their handler */
static int stop_turn = -1;		/* the CPU whose backtrace is printed now */
static int stop_printed = -1;		/* the last CPU that finished printing */

static bool wait_ns(bool (*done)(int), int arg, u64 timeout_ns)
{
	u64 start = sched_clock();

	while (!done(arg)) {
		if (sched_clock() - start > timeout_ns)
			return false;
		cpu_relax();
	}
	return true;
}

static bool stop_all_checked_in(int unused)
{
	return cpumask_equal(&stop_checked_in, &stop_request);
}

static bool stop_cpu_printed(int cpu)
{
	return __atomic_load_n(&stop_printed, __ATOMIC_ACQUIRE) == cpu;
}

/**
 * nmi_cpu_backtrace_stop - the stop NMI's work on a CPU smp_send_stop() asked to stop
 * @regs: the context the NMI interrupted
 *
 * Checks in, spins until it is this CPU's turn, prints its backtrace, tells the panicking CPU
 * it is done, then halts for good with interrupts off (the NMI handler never returns, so no
 * further NMI can wake it).
 *
 * Context: NMI (exc_nmi()).
 * Return: false if this CPU was not asked to stop; otherwise does not return.
 */
bool nmi_cpu_backtrace_stop(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	if (!cpumask_test_cpu(cpu, &stop_request))
		return false;
	inc_irq_stat(irq_stop_count);
	cpumask_set_cpu(cpu, &stop_checked_in);		/* atomic: others check in at once */
	while (__atomic_load_n(&stop_turn, __ATOMIC_ACQUIRE) != (int)cpu)
		cpu_relax();
	printk(KERN_EMERG "NMI backtrace for cpu %u\n", cpu);
	show_regs(regs);
	__atomic_store_n(&stop_printed, cpu, __ATOMIC_RELEASE);
	halt_forever();
}

/*
 * SysRq-l: a backtrace of every online CPU, through the NMI so that a CPU spinning with
 * interrupts off answers too (Linux's trigger_all_cpu_backtrace() and nmi_cpu_backtrace()).
 * Linux prints from the NMI handler through its NMI-safe printk buffers; here the handler only
 * saves the registers and the call chain, and the CPU that asked prints them all, so a CPU
 * interrupted inside printk cannot deadlock on the log's lock.
 */
#define NMI_BACKTRACE_DEPTH	32
#define NMI_BACKTRACE_TIMEOUT_NS	(10000ULL * NSEC_PER_MSEC)	/* Linux waits 10 s too */

struct nmi_backtrace {
	struct pt_regs regs;
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned int nr;
	unsigned long trace[NMI_BACKTRACE_DEPTH];
};

static DEFINE_PER_CPU(struct nmi_backtrace, nmi_backtrace);
static struct cpumask backtrace_mask;	/* CPUs asked and not yet saved */
/*
 * backtrace_lock: one SysRq-l at a time; guards backtrace_mask and the per-CPU nmi_backtrace
 * records between the request and the printing. Only trylocked, with interrupts off (a second
 * request is dropped, never waits); never taken in NMI, which only reads backtrace_mask.
 */
static DEFINE_SPINLOCK(backtrace_lock);

/**
 * nmi_cpu_backtrace - save this CPU's registers and call chain if SysRq-l asked for them
 * @regs: the context the NMI interrupted
 *
 * Context: NMI (exc_nmi()). Return: true if this NMI was a backtrace request, now handled.
 */
bool nmi_cpu_backtrace(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	struct nmi_backtrace *bt = this_cpu_ptr(&nmi_backtrace);

	if (!cpumask_test_cpu(cpu, &backtrace_mask))
		return false;
	bt->regs = *regs;
	bt->pid = current->pid;
	memcpy(bt->comm, current->comm, sizeof(bt->comm));
	bt->nr = stack_trace_save_regs(regs, bt->trace, NMI_BACKTRACE_DEPTH);
	cpumask_clear_cpu(cpu, &backtrace_mask);	/* atomic, and after the stores */
	return true;
}

static bool backtraces_saved(int unused)
{
	return cpumask_empty(&backtrace_mask);
}

/**
 * trigger_all_cpu_backtrace - print where every online CPU is, through the NMI
 *
 * The calling CPU prints its own stack; every other online CPU is sent an NMI, and what each
 * saved is printed in CPU order as "NMI backtrace for cpu N", its task, RIP and call trace. A
 * CPU that does not answer within 10 s is named.
 *
 * Context: any but NMI; busy-waits up to 10 s with interrupts as the caller has them.
 * Return: nothing (a second SysRq-l while one runs is dropped).
 */
void trigger_all_cpu_backtrace(void)
{
	unsigned int this_cpu, cpu;
	unsigned long flags;

	local_irq_save(flags);
	if (!spin_trylock(&backtrace_lock)) {
		local_irq_restore(flags);
		return;
	}
	this_cpu = smp_processor_id();
	cpumask_clear(&backtrace_mask);
	for_each_online_cpu(cpu)
		if (cpu != this_cpu)
			cpumask_set_cpu(cpu, &backtrace_mask);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for_each_cpu(cpu, &backtrace_mask)
		apic_icr_write(APIC_INT_ASSERT | APIC_DM_NMI, per_cpu(x86_cpu_to_apicid, cpu));
	printk(KERN_INFO "NMI backtrace for cpu %u\n", this_cpu);
	dump_stack_lvl(KERN_INFO);
	wait_ns(backtraces_saved, 0, NMI_BACKTRACE_TIMEOUT_NS);
	for_each_online_cpu(cpu) {
		struct nmi_backtrace *bt = per_cpu_ptr(&nmi_backtrace, cpu);

		if (cpu == this_cpu)
			continue;
		if (cpumask_test_cpu(cpu, &backtrace_mask)) {
			printk(KERN_INFO "NMI backtrace: CPU %u did not answer within 10 s\n", cpu);
			continue;
		}
		printk(KERN_INFO "NMI backtrace for cpu %u\n", cpu);
		printk(KERN_INFO "CPU: %u PID: %d Comm: %s\n", cpu, bt->pid, bt->comm);
		printk(KERN_INFO "RIP: %04lx:%pS\n", bt->regs.cs & 0xffff, (void *)bt->regs.ip);
		printk(KERN_INFO "Call Trace:\n");
		/* The first is the interrupted instruction itself, the rest return addresses. */
		if (bt->nr)
			printk(KERN_INFO " %pS\n", (void *)bt->trace[0]);
		for (unsigned int i = 1; i < bt->nr; i++)
			printk(KERN_INFO " %pB\n", (void *)bt->trace[i]);
	}
	cpumask_clear(&backtrace_mask);
	spin_unlock_irqrestore(&backtrace_lock, flags);
}

/**
 * smp_send_stop - stop every other online CPU, each printing its backtrace first
 *
 * The stop NMI gets through whatever the target is doing, interrupts off included, so a CPU
 * spinning on a lock or stuck in a loop still stops and shows where it was. This CPU first
 * stops everyone (each checks in and spins inside its NMI handler, waited for up to 1 s), then
 * gives each a turn to print, one after another in CPU order, so no two backtraces interleave
 * and nobody else is printing meanwhile. O(CPUs), each waited for at most 2 s: a CPU that does
 * not answer is named and skipped.
 *
 * Linux 6.1: native_stop_other_cpus() sends the REBOOT_VECTOR IPI first and the NMI only to
 * CPUs that did not stop within a second; the stopped CPUs print nothing.
 *
 * Context: once, by the panicking CPU, with interrupts off.
 * Return: nothing; the other CPUs are halted.
 */
void smp_send_stop(void)
{
	unsigned int this_cpu = smp_processor_id(), cpu;
	char list[64];

	for_each_online_cpu(cpu)
		if (cpu != this_cpu)
			cpumask_set_cpu(cpu, &stop_request);
	if (cpumask_empty(&stop_request))
		return;
	cpumap_print_list(list, sizeof(list), &stop_request);
	printk(KERN_EMERG "Sending NMI from CPU %u to CPUs %s:\n", this_cpu, list);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for_each_cpu(cpu, &stop_request)
		apic_icr_write(APIC_INT_ASSERT | APIC_DM_NMI, per_cpu(x86_cpu_to_apicid, cpu));
	wait_ns(stop_all_checked_in, 0, STOP_CHECKIN_TIMEOUT_NS);
	for_each_cpu(cpu, &stop_request) {
		if (!cpumask_test_cpu(cpu, &stop_checked_in)) {
			printk(KERN_EMERG "smp: CPU %u did not answer the stop NMI within 1 s\n", cpu);
			continue;
		}
		__atomic_store_n(&stop_turn, cpu, __ATOMIC_RELEASE);
		if (!wait_ns(stop_cpu_printed, cpu, STOP_PRINT_TIMEOUT_NS))
			printk(KERN_EMERG "smp: CPU %u did not finish its backtrace within 2 s\n",
			       cpu);
	}
}
