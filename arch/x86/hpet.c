/* The HPET's main counter as a calibration clock. The counter is started if the firmware left
 * it stopped; no comparator or interrupt is touched. */
#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/units.h>
#include <asm/hpet.h>
#include <asm/io.h>
#include <asm/tsc.h>

#define FSEC_PER_SEC	1000000000000000ULL

u64 hpet_address;
static void *hpet_virt_address;

static u32 hpet_readl(unsigned int reg)
{
	return readl((u8 *)hpet_virt_address + reg);
}

static void hpet_writel(u32 v, unsigned int reg)
{
	writel(v, (u8 *)hpet_virt_address + reg);
}

/* The low 32 bits are enough: at the usual 10-100 MHz they wrap after 40 s or more, and a
 * 32-bit read cannot tear on a 32-bit counter. */
static u32 hpet_read(void)
{
	return hpet_readl(HPET_COUNTER);
}

static bool hpet_probe(struct calib_clock *c)
{
	u32 id, period, cfg;

	if (!hpet_address)
		return false;
	hpet_virt_address = ioremap(hpet_address, HPET_MMAP_SIZE);
	if (!hpet_virt_address) {
		pr_err("hpet: cannot map 0x%llx; HPET not used\n",
		       (unsigned long long)hpet_address);
		return false;
	}
	id = hpet_readl(HPET_ID);
	period = hpet_readl(HPET_PERIOD);
	if (id == 0xffffffff || !period || period > HPET_MAX_PERIOD_FS) {
		pr_err("hpet: at 0x%llx reports a tick of %u fs (id 0x%x); HPET not used\n",
		       (unsigned long long)hpet_address, period, id);
		return false;
	}
	cfg = hpet_readl(HPET_CFG);
	if (!(cfg & HPET_CFG_ENABLE))
		hpet_writel(cfg | HPET_CFG_ENABLE, HPET_CFG);
	c->freq_hz = FSEC_PER_SEC / period;
	if (!calib_clock_counts(c)) {
		pr_err("hpet: main counter at 0x%llx does not count; HPET not used\n",
		       (unsigned long long)hpet_address);
		return false;
	}
	pr_info("hpet: %u timers, %u-bit counter at %lu.%06lu MHz\n",
		((id & HPET_ID_NUMBER_MASK) >> HPET_ID_NUMBER_SHIFT) + 1,
		id & HPET_ID_64BIT ? 64 : 32, c->freq_hz / HZ_PER_MHZ, c->freq_hz % HZ_PER_MHZ);
	return true;
}

struct calib_clock hpet_calib_clock = {
	.name = "HPET",
	.probe = hpet_probe,
	.read = hpet_read,
	.mask = 0xffffffff,
};
