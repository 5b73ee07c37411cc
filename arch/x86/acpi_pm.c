/* The ACPI power-management timer as a calibration clock: a 3.579545 MHz counter, 24 or 32
 * bits wide, at the I/O port the FADT names. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <asm/io.h>
#include <asm/tsc.h>

#define PMTMR_TICKS_PER_SEC	3579545

static u16 pmtmr_ioport;

static u32 acpi_pm_read(void)
{
	return inl(pmtmr_ioport) & pmtmr_calib_clock.mask;
}

static bool acpi_pm_probe(struct calib_clock *c)
{
	if (!acpi_fadt.pm_tmr_port)
		return false;
	pmtmr_ioport = acpi_fadt.pm_tmr_port;
	c->mask = acpi_fadt.pm_tmr_bits == 32 ? 0xffffffff : 0xffffff;
	if (!calib_clock_counts(c)) {
		pr_err("ACPI: PM timer at port 0x%x does not count; not used\n", pmtmr_ioport);
		return false;
	}
	return true;
}

struct calib_clock pmtmr_calib_clock = {
	.name = "PM timer",
	.probe = acpi_pm_probe,
	.read = acpi_pm_read,
	.mask = 0xffffff,
	.freq_hz = PMTMR_TICKS_PER_SEC,
};
