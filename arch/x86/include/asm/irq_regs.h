/* The registers of the interrupted context, for code running in a hardware interrupt that
 * wants them without being handed them (SysRq-P): Linux's asm/irq_regs.h. */
#ifndef _ASM_X86_IRQ_REGS_H
#define _ASM_X86_IRQ_REGS_H

#include <linux/percpu.h>

struct pt_regs;

DECLARE_PER_CPU(struct pt_regs *, irq_regs);

/* NULL outside a hardware interrupt. */
static inline struct pt_regs *get_irq_regs(void)
{
	return this_cpu_read(irq_regs);
}

/* Set by the interrupt entry around the handler; returns the outer one (nested interrupts). */
static inline struct pt_regs *set_irq_regs(struct pt_regs *new_regs)
{
	struct pt_regs *old_regs = this_cpu_read(irq_regs);

	this_cpu_write(irq_regs, new_regs);
	return old_regs;
}

#endif
