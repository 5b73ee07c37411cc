/* Inter-processor interrupts for the scheduler: the reschedule IPI that tells another CPU to
 * look at its run queue, and the table from CPU number to APIC id that addresses it. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/irq_vectors.h>

DEFINE_PER_CPU(u32, x86_cpu_to_apicid);

void scheduler_ipi(void);

/* The boot CPU's id is known only once its LAPIC is set up; the APs record theirs at start. */
void smp_store_cpu_apicid(void)
{
	this_cpu_write(x86_cpu_to_apicid, read_apic_id());
}

/* O(1): one ICR write. The receiver's handler does the rest on its way out of the interrupt. */
void smp_send_reschedule(int cpu)
{
	apic_icr_write(APIC_INT_ASSERT | APIC_DM_FIXED | RESCHEDULE_VECTOR,
		       per_cpu(x86_cpu_to_apicid, cpu));
}

void reschedule_interrupt(struct pt_regs *regs, void *data)
{
	inc_irq_stat(irq_resched_count);
	scheduler_ipi();
}
