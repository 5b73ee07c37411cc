/* The legacy 8259A PIC pair: moved off the exception vectors and masked, so that only the
 * IOAPIC delivers device interrupts. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <asm/i8259.h>
#include <asm/io.h>
#include <asm/irq_vectors.h>

#define ICW1_INIT	0x10
#define ICW1_ICW4	0x01	/* an ICW4 follows */
#define ICW4_8086	0x01
#define PIC_CASCADE_IR	2	/* the slave hangs off the master's IR2 */

/**
 * legacy_pic_present - does this machine have the two 8259A PICs?
 *
 * Without a MADT the machine is assumed to be a PC and to have them; with one, its PCAT_COMPAT
 * flag says. Ports 0x20/0xa0 on a machine without PICs may belong to something else, so they are
 * left alone there.
 *
 * Linux 6.1: probe_8259A() trusts PCAT_COMPAT too, but without it writes the mask register
 * and reads it back, using null_legacy_pic only when that fails.
 *
 * Context: any, after acpi_boot_init(). Return: true if the PICs are there.
 */
bool legacy_pic_present(void)
{
	return !acpi_madt.found || acpi_madt.pcat_compat;
}

/**
 * init_8259A - move the legacy PICs off the exception vectors and mask them
 *
 * The BIOS leaves the master at vectors 8-15, on top of #DF, #GP and #PF. Reprogramming needs
 * the full ICW1-ICW4 sequence; a PIC raises a spurious IRQ 7 (15) even while masked, so the new
 * base is a vector range of its own. The outb to port 0x80 gives old PICs time between writes.
 * Afterwards only the IOAPIC delivers device interrupts. Does nothing without PICs.
 *
 * Linux 6.1: init_8259A(auto_eoi) puts the master at ISA_IRQ_VECTOR(0) and restores the
 * cached IRQ mask afterwards, since the PICs may still deliver legacy interrupts.
 *
 * Context: boot CPU, once, interrupts off. Return: nothing.
 */
void init_8259A(void)
{
	if (!legacy_pic_present()) {
		pr_info("i8259: no legacy PICs (MADT PCAT_COMPAT clear)\n");
		return;
	}
	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	outb(ICW1_INIT | ICW1_ICW4, PIC_MASTER_CMD);
	outb(0, 0x80);
	outb(PIC_MASTER_VECTOR, PIC_MASTER_IMR);
	outb(0, 0x80);
	outb(1 << PIC_CASCADE_IR, PIC_MASTER_IMR);
	outb(0, 0x80);
	outb(ICW4_8086, PIC_MASTER_IMR);
	outb(0, 0x80);
	outb(ICW1_INIT | ICW1_ICW4, PIC_SLAVE_CMD);
	outb(0, 0x80);
	outb(PIC_SLAVE_VECTOR, PIC_SLAVE_IMR);
	outb(0, 0x80);
	outb(PIC_CASCADE_IR, PIC_SLAVE_IMR);
	outb(0, 0x80);
	outb(ICW4_8086, PIC_SLAVE_IMR);
	outb(0, 0x80);
	/* ICW4 leaves the IMR as it was; mask every line now. */
	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	pr_info("i8259: remapped to vectors %#x-%#x, all lines masked\n", PIC_MASTER_VECTOR,
		PIC_SLAVE_VECTOR + 7);
}
