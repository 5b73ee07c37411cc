/* Vectors 32-255: the handler table behind request_vector(), common_interrupt() (the C side of
 * every interrupt), EOI, the spurious and unhandled counts, interrupt set-up at boot, and the
 * x86 rows of /proc/interrupts. IRQ lines (request_irq()) are kernel/irq/'s, on these vectors. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/i8259.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/irq_regs.h>
#include <asm/irq_vectors.h>
#include <asm/processor.h>
#include <asm/ptrace.h>

DEFINE_PER_CPU(irq_cpustat_t, irq_stat);

struct vector_desc {
	vector_handler_t handler;
	void *data;
};

/* Read by every CPU on every interrupt; written only under vector_lock. A handler and its data
 * are published data first, so an interrupt never sees the new handler with the old data. */
static struct vector_desc vector_table[NR_VECTORS];
/* vector_lock: serialises the writers of vector_table (request_vector(), free_vector()), so a
 * vector is handed out once; taken with interrupts off (irqsave). Interrupt entry reads the
 * table without it. */
static DEFINE_SPINLOCK(vector_lock);
static bool vector_reported[NR_VECTORS];

/* The APIC's own vectors and the exceptions are not for drivers. */
static bool vector_is_reserved(u8 vector)
{
	return vector < FIRST_EXTERNAL_VECTOR || vector == LOCAL_TIMER_VECTOR ||
	       vector == RESCHEDULE_VECTOR || vector == CALL_FUNCTION_VECTOR ||
	       vector == CALL_FUNCTION_SINGLE_VECTOR ||
	       vector == ERROR_APIC_VECTOR || vector == SPURIOUS_APIC_VECTOR;
}

static void set_vector(u8 vector, vector_handler_t handler, void *data)
{
	__atomic_store_n(&vector_table[vector].data, data, __ATOMIC_RELAXED);
	__atomic_store_n(&vector_table[vector].handler, handler, __ATOMIC_RELEASE);
}

/**
 * request_vector - install @handler for interrupt @vector
 * @vector: a vector neither the CPU's exceptions nor the APIC own
 * @handler: called with the interrupted registers and @data, interrupts off
 * @data: handed to @handler
 *
 * The handler is published with a release store after its data, so an interrupt that sees
 * the handler sees its data too. Drivers do not call this: they request an IRQ line
 * (request_irq()), whose chip takes the line's vector here when the line is activated. Tests
 * and the APIC's own vectors do.
 *
 * Linux 6.1: device vectors come from the vector matrix (irq_matrix_alloc()) behind the IRQ
 * domains, and system vectors are fixed IDT entries; there is no request_vector().
 *
 * Context: any; takes vector_lock with interrupts off. Return: 0, -EINVAL for a reserved
 * vector or no handler, -EBUSY if the vector has one already.
 */
int request_vector(u8 vector, vector_handler_t handler, void *data)
{
	unsigned long flags;
	int ret = 0;

	if (vector_is_reserved(vector) || !handler)
		return -EINVAL;
	spin_lock_irqsave(&vector_lock, flags);
	if (vector_table[vector].handler)
		ret = -EBUSY;
	else
		set_vector(vector, handler, data);
	spin_unlock_irqrestore(&vector_lock, flags);
	return ret;
}

/**
 * free_vector - remove @vector's handler
 * @vector: a vector request_vector() gave out
 *
 * Context: any; takes vector_lock with interrupts off. An interrupt already inside the old
 * handler on another CPU may still be running it. Return: nothing.
 */
void free_vector(u8 vector)
{
	unsigned long flags;

	if (vector_is_reserved(vector))
		return;
	spin_lock_irqsave(&vector_lock, flags);
	/* The data stays: an interrupt that already loaded the handler may still load it. */
	__atomic_store_n(&vector_table[vector].handler, NULL, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&vector_lock, flags);
}

/**
 * irq_unhandled_total - interrupts that came on a vector with no handler, over every CPU
 *
 * Context: any; reads the per-CPU counters without locks. Return: the sum.
 */
unsigned long irq_unhandled_total(void)
{
	unsigned long n = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu(irq_stat, cpu).irq_unhandled_count);
	return n;
}

/*
 * A vector nobody asked for: a device left enabled by firmware, a stray PIC interrupt, a test.
 * Counted always, reported once per vector, never fatal: the kernel can go on without it.
 */
static void handle_unhandled_vector(u8 vector)
{
	inc_irq_stat(irq_unhandled_count);
	if (!__atomic_exchange_n(&vector_reported[vector], true, __ATOMIC_RELAXED))
		pr_warn("irq: no handler for vector %#x on CPU%u (counted, reported once)\n",
			vector, smp_processor_id());
}

/**
 * irqentry_exit - the interrupt-return path, after the handler and its EOI
 * @regs: the interrupted context
 *
 * It leaves interrupt context, running the softirqs raised meanwhile (irq_exit(),
 * kernel/softirq.c: with interrupts on again, so the EOI must come first), and, when the
 * interrupted code was preemptible (count 0, interrupts on) and a reschedule is due, switches
 * tasks: full kernel preemption. That is the other reason the EOI must already have been sent:
 * the switch must not keep the vector in service.
 *
 * Linux 6.1: irqentry_exit(regs, state) also takes the state irqentry_enter() returned (RCU and
 * lockdep bookkeeping Spindle does not have).
 *
 * Context: hard interrupt, interrupts off. Return: nothing (to the interrupted code, perhaps
 * after other tasks ran).
 */
void irqentry_exit(struct pt_regs *regs)
{
	irq_exit();
	/* Back to user mode, the entry code's irqentry_exit_to_user_mode() reschedules. */
	if (!user_mode(regs) && !preempt_count() && (regs->flags & X86_EFLAGS_IF) &&
	    need_resched())
		preempt_schedule_irq();
}

DEFINE_PER_CPU(struct pt_regs *, irq_regs);

/**
 * handle_irq - the vector handler of an IRQ line's vector
 * @regs: the interrupted context (also in get_irq_regs())
 * @desc: the line's struct irq_desc, given to request_vector() by its chip
 *
 * Linux's handle_irq(): common_interrupt() finds the line's descriptor for the vector in the
 * per-CPU vector_irq[] table; here the vector table holds it as the handler's data.
 *
 * Context: hard interrupt, interrupts off. Return: nothing.
 */
void handle_irq(struct pt_regs *regs, void *desc)
{
	generic_handle_irq_desc(desc);
}

/**
 * common_interrupt - the C side of every external interrupt (vectors 32-255)
 * @regs: the interrupted context, saved by the interrupt entry (arch/x86/entry.S)
 * @vector: the vector taken
 *
 * Counts it, runs the vector's handler (or reports a vector nobody asked for, once), sends
 * the EOI if the APIC has it in service, and returns through irqentry_exit(). The handler can
 * find @regs with get_irq_regs(), as in Linux.
 *
 * Context: hard interrupt, interrupts off. Return: nothing.
 */
void common_interrupt(struct pt_regs *regs, unsigned long vector)
{
	struct pt_regs *old_regs = set_irq_regs(regs);
	vector_handler_t handler;

	irq_enter();
	inc_irq_stat(irq_total);
	if (vector == SPURIOUS_APIC_VECTOR) {
		/* The APIC withdrew the interrupt before the CPU took it; it sets no ISR bit, so no
		 * EOI (SDM vol. 3, 11.9). */
		inc_irq_stat(irq_spurious_count);
		set_irq_regs(old_regs);
		irqentry_exit(regs);
		return;
	}
	handler = __atomic_load_n(&vector_table[vector].handler, __ATOMIC_ACQUIRE);
	if (handler && vector_is_reserved(vector)) {
		handler(regs, vector_table[vector].data);
	} else if (handler) {
		/* A device's interrupt (an IRQ line's: handle_irq()), or a test's vector. */
		inc_irq_stat(irq_device_count);
		handler(regs, vector_table[vector].data);
	} else {
		handle_unhandled_vector(vector);
	}
	/*
	 * Only an interrupt the APIC delivered is in service. An 'int $n' instruction sets no ISR
	 * bit, and an EOI then would retire some other vector that is.
	 */
	if (apic_vector_in_service(vector))
		apic_eoi();
	set_irq_regs(old_regs);
	irqentry_exit(regs);
}

static void idt_setup_irq_gates(void)
{
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
		set_intr_gate(v, irq_entries[v - FIRST_EXTERNAL_VECTOR], 0);
}

/**
 * init_IRQ - the interrupt controllers and the vectors the kernel itself owns
 *
 * The 8259s remapped and masked, the APIC's timer, error, reschedule and call-function
 * vectors, the IDT gates for vectors 32-255, the local APIC's mode, and the IOAPIC.
 *
 * Linux 6.1: init_IRQ() sets up the legacy IRQs and the IDT gates; the APIC mode and the IOAPIC
 * come later, from apic_intr_mode_init().
 *
 * Context: boot, interrupts off, the boot CPU. Return: nothing.
 */
void init_IRQ(void)
{
	init_8259A();
	set_vector(LOCAL_TIMER_VECTOR, local_apic_timer_interrupt, NULL);
	set_vector(ERROR_APIC_VECTOR, apic_error_interrupt, NULL);
	set_vector(RESCHEDULE_VECTOR, reschedule_interrupt, NULL);
	set_vector(CALL_FUNCTION_VECTOR, call_function_interrupt, NULL);
	set_vector(CALL_FUNCTION_SINGLE_VECTOR, call_function_single_interrupt, NULL);
	idt_setup_irq_gates();
	apic_intr_mode_init();
	setup_IO_APIC();
}

/* A row of one irq_stat counter (at @offset): "NAME: " right-aligned to the IRQ numbers, then a
 * column a CPU, then what it counts. */
static void show_irq_row(struct seq_file *p, int prec, const char *name, size_t offset,
			 const char *what)
{
	unsigned int j;

	seq_printf(p, "%*s: ", prec, name);
	for_each_online_cpu(j)
		seq_printf(p, "%10lu ", READ_ONCE(*(unsigned long *)((char *)&per_cpu(irq_stat, j) +
							      offset)));
	seq_printf(p, "  %s\n", what);
}

/**
 * arch_show_interrupts - /proc/interrupts' x86 rows, after the IRQ lines
 * @p: the file
 * @prec: the width of the IRQ numbers' column, for the row names
 *
 * Linux's arch_show_interrupts() (arch/x86/kernel/irq.c), for the kinds Spindle counts.
 *
 * Context: process context; reads the counters without locks. Return: 0.
 */
int arch_show_interrupts(struct seq_file *p, int prec)
{
	unsigned long err = 0;
	unsigned int j;

	show_irq_row(p, prec, "NMI", offsetof(irq_cpustat_t, __nmi_count),
		     "Non-maskable interrupts");
	show_irq_row(p, prec, "LOC", offsetof(irq_cpustat_t, apic_timer_irqs),
		     "Local timer interrupts");
	show_irq_row(p, prec, "SPU", offsetof(irq_cpustat_t, irq_spurious_count),
		     "Spurious interrupts");
	show_irq_row(p, prec, "RES", offsetof(irq_cpustat_t, irq_resched_count),
		     "Rescheduling interrupts");
	show_irq_row(p, prec, "CAL", offsetof(irq_cpustat_t, irq_call_count),
		     "Function call interrupts");
	show_irq_row(p, prec, "TLB", offsetof(irq_cpustat_t, irq_tlb_count), "TLB shootdowns");
	/* Linux's ERR is one total, not a row. */
	for_each_possible_cpu(j)
		err += READ_ONCE(per_cpu(irq_stat, j).apic_error_irqs);
	seq_printf(p, "%*s: %10lu\n", prec, "ERR", err);
	return 0;
}

/**
 * show_irq_stats - one line per CPU that took interrupts: totals by kind
 *
 * Context: any; reads the per-CPU counters without locks. Return: nothing.
 */
void show_irq_stats(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		const irq_cpustat_t *s = &per_cpu(irq_stat, cpu);

		if (!s->irq_total)
			continue;
		pr_info("CPU%d: interrupts %lu: timer %lu, device %lu, spurious %lu, APIC error %lu, unhandled %lu\n",
			cpu, s->irq_total, s->apic_timer_irqs, s->irq_device_count,
			s->irq_spurious_count, s->apic_error_irqs, s->irq_unhandled_count);
	}
}
