/* Busy-wait delays on the TSC, pausing between reads (kinder to a sibling hyperthread). */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <asm/processor.h>
#include <asm/tsc.h>

/* Before calibration, assume a 10 GHz TSC: every delay then lasts at least as long as asked. */
#define DELAY_UNCALIBRATED_KHZ	10000000UL

static unsigned long delay_khz(void)
{
	unsigned long khz = READ_ONCE(tsc_khz);

	return khz ? khz : DELAY_UNCALIBRATED_KHZ;
}

void __delay(u64 cycles)
{
	u64 start = rdtsc_ordered();

	while (rdtsc_ordered() - start < cycles)
		cpu_relax();
}

void udelay(unsigned long usecs)
{
	__delay(DIV_ROUND_UP((u64)usecs * delay_khz(), 1000));
}

void ndelay(unsigned long nsecs)
{
	__delay(DIV_ROUND_UP((u64)nsecs * delay_khz(), 1000000));
}

void mdelay(unsigned long msecs)
{
	__delay((u64)msecs * delay_khz());
}
