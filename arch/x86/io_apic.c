/* The IOAPICs the MADT lists: mapped, every redirection entry masked at boot, and the chip of
 * the ISA IRQ lines (ioapic_chip): a requested line is routed to its vector on CPU 0 with the
 * MADT's interrupt source overrides applied, and masked and unmasked at its pin. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/spinlock.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/page.h>
#include <asm/irq.h>
#include <asm/irq_vectors.h>
#include <asm/smp.h>

/* Indirect access: write the register index to IOREGSEL, then read or write IOWIN. */
#define IO_APIC_REGSEL		0x00
#define IO_APIC_WIN		0x10
#define IO_APIC_REG_ID		0x00
#define IO_APIC_REG_VERSION	0x01
#define IO_APIC_REG_REDTBL	0x10	/* entry n: low half at 0x10 + 2n, high at 0x11 + 2n */

struct ioapic {
	void *base;
	u32 gsi_base;
	unsigned int nr_entries;
	u64 routed[4];			/* pins a requested ISA IRQ line is routed through */
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static int nr_ioapics;
/* ioapic_lock: IOREGSEL then IOWIN is a two-step access: keep it whole against other CPUs and
 * handlers; it also guards the routed[] bits. Taken with interrupts off (irqsave). */
static DEFINE_SPINLOCK(ioapic_lock);

static u32 io_apic_read(struct ioapic *a, u32 reg)
{
	writel(reg, a->base + IO_APIC_REGSEL);
	return readl(a->base + IO_APIC_WIN);
}

static void io_apic_write(struct ioapic *a, u32 reg, u32 val)
{
	writel(reg, a->base + IO_APIC_REGSEL);
	writel(val, a->base + IO_APIC_WIN);
}

static u64 __read_entry(struct ioapic *a, unsigned int pin)
{
	u32 lo = io_apic_read(a, IO_APIC_REG_REDTBL + 2 * pin);
	u32 hi = io_apic_read(a, IO_APIC_REG_REDTBL + 2 * pin + 1);

	return ((u64)hi << 32) | lo;
}

/* Masked first, so the entry never fires with a half-written destination; the low half, which
 * holds the final mask bit, goes last. */
static void __write_entry(struct ioapic *a, unsigned int pin, u64 e)
{
	io_apic_write(a, IO_APIC_REG_REDTBL + 2 * pin, IO_APIC_REDIR_MASKED);
	io_apic_write(a, IO_APIC_REG_REDTBL + 2 * pin + 1, e >> 32);
	io_apic_write(a, IO_APIC_REG_REDTBL + 2 * pin, (u32)e);
}

static struct ioapic *gsi_to_ioapic(u32 gsi, unsigned int *pin)
{
	for (int i = 0; i < nr_ioapics; i++) {
		struct ioapic *a = &ioapics[i];

		if (gsi >= a->gsi_base && gsi - a->gsi_base < a->nr_entries) {
			*pin = gsi - a->gsi_base;
			return a;
		}
	}
	return NULL;
}

/**
 * nr_ioapics_mapped - how many of the MADT's IOAPICs setup_IO_APIC() mapped
 *
 * Context: any, after setup_IO_APIC(). Return: the number; indexes 0 to it - 1 are valid for
 * ioapic_nr_entries(), ioapic_gsi_base() and ioapic_read_entry().
 */
int nr_ioapics_mapped(void)
{
	return nr_ioapics;
}

/**
 * ioapic_nr_entries - the number of redirection entries of a mapped IOAPIC
 * @idx: the IOAPIC, below nr_ioapics_mapped()
 *
 * Read from the IOAPIC's version register at setup.
 *
 * Context: any, after setup_IO_APIC(). Return: the number of entries (pins).
 */
unsigned int ioapic_nr_entries(int idx)
{
	return ioapics[idx].nr_entries;
}

/**
 * ioapic_gsi_base - the first GSI of a mapped IOAPIC
 * @idx: the IOAPIC, below nr_ioapics_mapped()
 *
 * Context: any, after setup_IO_APIC(). Return: the GSI of its pin 0, as the MADT says.
 */
u32 ioapic_gsi_base(int idx)
{
	return ioapics[idx].gsi_base;
}

/**
 * ioapic_read_entry - read a redirection entry, for the self-tests
 * @idx: the IOAPIC, below nr_ioapics_mapped()
 * @pin: the pin, below ioapic_nr_entries(@idx)
 *
 * Linux 6.1: ioapic_read_entry(apic, pin) returns a struct IO_APIC_route_entry.
 *
 * Context: any; takes ioapic_lock with interrupts off. Return: the 64-bit entry.
 */
u64 ioapic_read_entry(int idx, unsigned int pin)
{
	unsigned long flags;
	u64 e;

	spin_lock_irqsave(&ioapic_lock, flags);
	e = __read_entry(&ioapics[idx], pin);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return e;
}

/**
 * ioapic_read_gsi_entry - read the redirection entry of a GSI, for the self-tests
 * @gsi: the global system interrupt
 * @entry: set to the entry
 *
 * Context: any; takes ioapic_lock with interrupts off.
 * Return: true, or false if no mapped IOAPIC has @gsi (*@entry then untouched).
 */
bool ioapic_read_gsi_entry(u32 gsi, u64 *entry)
{
	unsigned int pin;
	struct ioapic *a = gsi_to_ioapic(gsi, &pin);

	if (!a)
		return false;
	*entry = ioapic_read_entry(a - ioapics, pin);
	return true;
}

/**
 * ioapic_gsi_routed - is an ISA IRQ line routed through this GSI?
 * @gsi: the global system interrupt
 *
 * A line is routed while it is requested (request_irq() activates it).
 *
 * Context: any; reads without ioapic_lock, so a snapshot.
 * Return: true if a requested line's entry points at a vector through @gsi.
 */
bool ioapic_gsi_routed(u32 gsi)
{
	unsigned int pin;
	struct ioapic *a = gsi_to_ioapic(gsi, &pin);

	return a && (a->routed[pin / 64] & (1ULL << (pin % 64)));
}

/**
 * isa_irq_to_gsi - the GSI a legacy ISA IRQ arrives on, after the MADT's overrides
 * @irq: the ISA IRQ, 0-15
 * @flags: set to the override's MPS INTI flags, 0 (bus default) without one
 *
 * ISA IRQs are edge-triggered and active high unless an override says otherwise; an override
 * may also move the IRQ to another GSI (IRQ 0 to GSI 2 on most PCs).
 *
 * Linux 6.1: the overrides are applied once at MADT parse time (mp_override_legacy_irq()) into
 * the mp_irqs table.
 *
 * Context: any, after acpi_boot_init(). Return: the GSI (@irq itself without an override).
 */
u32 isa_irq_to_gsi(unsigned int irq, u16 *flags)
{
	for (int i = 0; i < acpi_madt.nr_overrides; i++) {
		const struct acpi_irq_override *o = &acpi_madt.overrides[i];

		if (o->bus == 0 && o->source_irq == irq) {
			*flags = o->flags;
			return o->gsi;
		}
	}
	*flags = 0;
	return irq;
}

static void set_gsi_mask(u32 gsi, bool masked)
{
	unsigned int pin;
	struct ioapic *a = gsi_to_ioapic(gsi, &pin);
	unsigned long flags;
	u32 lo;

	if (!a)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	lo = io_apic_read(a, IO_APIC_REG_REDTBL + 2 * pin);
	if (masked)
		lo |= IO_APIC_REDIR_MASKED;
	else
		lo &= ~IO_APIC_REDIR_MASKED;
	io_apic_write(a, IO_APIC_REG_REDTBL + 2 * pin, lo);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

/**
 * mask_ioapic_gsi - set the mask bit of a GSI's redirection entry
 * @gsi: the global system interrupt; one no IOAPIC has is ignored
 *
 * ioapic_chip's irq_mask, and the tests'.
 *
 * Context: any; takes ioapic_lock with interrupts off. Return: nothing.
 */
void mask_ioapic_gsi(u32 gsi)
{
	set_gsi_mask(gsi, true);
}

/**
 * unmask_ioapic_gsi - clear the mask bit of a GSI's redirection entry
 * @gsi: the global system interrupt; one no IOAPIC has is ignored
 *
 * ioapic_chip's irq_unmask, and the tests'. The rest of the entry is left as it is.
 *
 * Context: any; takes ioapic_lock with interrupts off. Return: nothing.
 */
void unmask_ioapic_gsi(u32 gsi)
{
	set_gsi_mask(gsi, false);
}

/*
 * Route ISA IRQ @irq (overrides applied) to @vector on the CPU with @apic_id, masked: the line's
 * startup unmasks it. 0, or -EINVAL (bad IRQ or vector, APIC id too wide) or -ENODEV (no
 * IOAPIC has the GSI).
 */
static int io_apic_route_isa_irq(unsigned int irq, u8 vector, u32 apic_id)
{
	u16 mps;
	u32 gsi;
	unsigned int pin;
	struct ioapic *a;
	unsigned long flags;
	u64 e = vector;

	/* Physical destination mode has 8 bits of APIC id; wider ids need interrupt remapping. */
	if (irq >= NR_ISA_IRQS || vector < FIRST_EXTERNAL_VECTOR || apic_id > 0xff)
		return -EINVAL;
	gsi = isa_irq_to_gsi(irq, &mps);
	a = gsi_to_ioapic(gsi, &pin);
	if (!a)
		return -ENODEV;
	if ((mps & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW)
		e |= IO_APIC_REDIR_LOW_POLARITY;
	if ((mps & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL)
		e |= IO_APIC_REDIR_LEVEL_TRIGGER;
	e |= (u64)apic_id << IO_APIC_DEST_SHIFT | IO_APIC_REDIR_MASKED;

	spin_lock_irqsave(&ioapic_lock, flags);
	__write_entry(a, pin, e);
	a->routed[pin / 64] |= 1ULL << (pin % 64);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	pr_info("IOAPIC: ISA IRQ %u -> GSI %u (%s, %s) -> vector %#x on APIC id %u\n", irq, gsi,
		acpi_polarity_name(mps), acpi_trigger_name(mps), vector, apic_id);
	return 0;
}

/* The line's pin back to masked and unrouted, as setup_IO_APIC() left it. */
static void io_apic_clear_isa_irq(unsigned int irq)
{
	u16 mps;
	unsigned int pin;
	struct ioapic *a = gsi_to_ioapic(isa_irq_to_gsi(irq, &mps), &pin);
	unsigned long flags;

	if (!a)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	__write_entry(a, pin, IO_APIC_REDIR_MASKED);
	a->routed[pin / 64] &= ~(1ULL << (pin % 64));
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

/*
 * The chip's activation: the line's vector ISA_IRQ_VECTOR(irq) gets handle_irq() with the
 * line's descriptor, and the pin a route to it on CPU 0 (the line's effective affinity; the
 * boot CPU never goes offline, so no line has to move), still masked.
 * Linux 6.1: x86_vector_activate() takes a vector from the matrix on a CPU of the line's
 * affinity, and the IOAPIC domain's activate writes the entry with it.
 */
static int ioapic_irq_activate(struct irq_data *data)
{
	u8 vector = ISA_IRQ_VECTOR(data->irq);
	int ret;

	ret = request_vector(vector, handle_irq, irq_data_to_desc(data));
	if (ret)
		return ret;
	ret = io_apic_route_isa_irq(data->irq, vector, cpu_physical_id(0));
	if (ret)
		free_vector(vector);
	return ret;
}

static void ioapic_irq_deactivate(struct irq_data *data)
{
	io_apic_clear_isa_irq(data->irq);
	free_vector(ISA_IRQ_VECTOR(data->irq));
}

static void mask_ioapic_irq(struct irq_data *data)
{
	mask_ioapic_gsi(data->hwirq);
}

static void unmask_ioapic_irq(struct irq_data *data)
{
	unmask_ioapic_gsi(data->hwirq);
}

/* Linux's ioapic_chip, the IOAPIC's operations on an ISA IRQ line. */
static struct irq_chip ioapic_chip = {
	.name			= "IO-APIC",
	.irq_activate		= ioapic_irq_activate,
	.irq_deactivate		= ioapic_irq_deactivate,
	.irq_mask		= mask_ioapic_irq,
	.irq_unmask		= unmask_ioapic_irq,
};

/*
 * Each ISA IRQ whose GSI an IOAPIC has becomes a line of ioapic_chip, named by its trigger as
 * Linux names the flow ("edge", or "fasteoi" for a level line an override makes).
 */
static void ioapic_setup_isa_irqs(void)
{
	for (unsigned int irq = 0; irq < NR_IRQS_LEGACY; irq++) {
		u16 mps;
		unsigned int pin;
		u32 gsi = isa_irq_to_gsi(irq, &mps);

		if (!gsi_to_ioapic(gsi, &pin))
			continue;
		irq_domain_set_info(irq, gsi, &ioapic_chip, cpumask_of(0),
				    (mps & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL ?
				    "fasteoi" : "edge");
	}
}

/**
 * setup_IO_APIC - map the MADT's IOAPICs and mask every entry
 *
 * Maps each IOAPIC, reads its entry count, masks every redirection entry (firmware may leave
 * entries live; nothing is delivered until a driver routes it), then makes each ISA IRQ whose
 * GSI an IOAPIC has a line of ioapic_chip, named by its trigger as Linux names the flow ("edge",
 * or "fasteoi" for a level line an override makes). An IOAPIC that cannot be mapped is
 * reported and skipped.
 *
 * Linux 6.1: setup_IO_APIC() also sets the IOAPIC ids, checks the timer's routing through the
 * IOAPIC (check_timer()) and builds the IOAPIC IRQ domains.
 *
 * Context: boot CPU, once, from init_IRQ() with interrupts off. Return: nothing.
 */
void setup_IO_APIC(void)
{
	for (int i = 0; i < acpi_madt.nr_ioapics && i < ACPI_MAX_IOAPICS; i++) {
		const struct acpi_ioapic *m = &acpi_madt.ioapics[i];
		struct ioapic *a = &ioapics[nr_ioapics];
		u32 ver;

		a->base = ioremap(m->address, PAGE_SIZE);
		if (!a->base) {
			pr_err("IOAPIC[%d]: cannot map %#x\n", i, m->address);
			continue;
		}
		a->gsi_base = m->gsi_base;
		ver = io_apic_read(a, IO_APIC_REG_VERSION);
		a->nr_entries = ((ver >> 16) & 0xff) + 1;
		/* Firmware may leave entries live; nothing is delivered until a driver routes it. */
		for (unsigned int pin = 0; pin < a->nr_entries; pin++)
			__write_entry(a, pin, IO_APIC_REDIR_MASKED);
		nr_ioapics++;
		pr_info("IOAPIC[%d]: apic_id %u, version %#x, address %#x, GSI %u-%u, all masked\n",
			i, m->id, ver & 0xff, m->address, a->gsi_base,
			a->gsi_base + a->nr_entries - 1);
	}
	ioapic_setup_isa_irqs();
}
