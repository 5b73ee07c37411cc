/* The IDT: an interrupt gate for each of the 32 exception vectors, pointing at the entry points;
 * #DF, NMI, #DB and #MC switch to their own IST stack. init_IRQ() adds gates for vectors 32-255;
 * before it, a stray one is reported as a #NP naming the vector. */
#include <linux/kernel.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/traps.h>

static gate_desc idt_table[IDT_ENTRIES] __aligned(PAGE_SIZE);

static unsigned int exception_ist(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
		return IST_INDEX_DF + 1;
	case X86_TRAP_NMI:
		return IST_INDEX_NMI + 1;
	case X86_TRAP_DB:
		return IST_INDEX_DB + 1;
	case X86_TRAP_MC:
		return IST_INDEX_MCE + 1;
	default:
		return 0;
	}
}

/**
 * set_intr_gate - install an interrupt gate in the IDT
 * @vector: the vector, 0 to 255
 * @addr: the entry point
 * @ist: the IST slot plus one to switch stacks on entry, or 0 to stay on the current stack
 *
 * An interrupt gate (not a trap gate): the CPU clears IF on entry. DPL 0, so user mode cannot
 * raise it with INT. The IDT is shared by every CPU, so the new gate applies everywhere.
 *
 * Linux 6.1: set_intr_gate() is static to idt.c and takes no IST; IST gates come from the
 * idt_data tables.
 *
 * Context: boot, before the vector can fire (the gate is written in several stores, not
 * atomically); no lock.
 * Return: nothing.
 */
void set_intr_gate(unsigned int vector, unsigned long addr, unsigned int ist)
{
	gate_desc *g = &idt_table[vector];

	g->offset_low = addr & 0xffff;
	g->segment = __KERNEL_CS;
	g->ist = ist;
	g->zero = 0;
	g->type = GATE_INTERRUPT;
	g->dpl = 0;
	g->p = 1;
	g->offset_middle = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
	g->reserved = 0;
}

/**
 * idt_setup_traps - install the gates of the 32 exception vectors
 *
 * Points each exception vector at its entry stub; #DF, NMI, #DB and #MC get their own IST stack.
 *
 * Context: boot CPU, once, from trap_init() with interrupts off.
 * Return: nothing.
 */
void idt_setup_traps(void)
{
	for (unsigned int v = 0; v < NR_EXCEPTION_VECTORS; v++)
		set_intr_gate(v, exception_entries[v], exception_ist(v));
}

/**
 * load_idt - load the IDT register of this CPU with the shared IDT
 *
 * Linux 6.1: load_idt() takes the descriptor to load; there is only one IDT here.
 *
 * Context: this CPU, from cpu_init_exception_handling() after its TSS is loaded.
 * Return: nothing.
 */
void load_idt(void)
{
	struct desc_ptr idt_descr = {
		.size = sizeof(idt_table) - 1,
		.address = (unsigned long)idt_table,
	};

	__asm__ __volatile__("lidt %0" : : "m"(idt_descr) : "memory");
}
