/* Busy-wait delays on the TSC, pausing between reads (kinder to a sibling hyperthread). */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/time.h>
#include <asm/processor.h>
#include <asm/tsc.h>

/* Before calibration, assume a 10 GHz TSC: every delay then lasts at least as long as asked. */
#define DELAY_UNCALIBRATED_KHZ	10000000UL

static unsigned long delay_khz(void)
{
	unsigned long khz = READ_ONCE(tsc_khz);

	return khz ? khz : DELAY_UNCALIBRATED_KHZ;
}

/**
 * __delay - busy-wait for a number of TSC cycles
 * @cycles: how many TSC cycles to wait
 *
 * Spins on the ordered TSC with PAUSE between reads, which is kinder to a sibling hyperthread.
 * The wait is measured from one start time, so time spent in an interrupt during it counts.
 *
 * Linux 6.1: __delay() takes loops of the chosen delay routine (delay_tsc() counts TSC cycles
 * too, and re-reads the CPU's TSC after a preemption); this one always uses the TSC.
 *
 * Context: any, including hard interrupt and interrupts off; never sleeps.
 * Return: nothing.
 */
void __delay(u64 cycles)
{
	u64 start = rdtsc_ordered();

	while (rdtsc_ordered() - start < cycles)
		cpu_relax();
}

/**
 * udelay - busy-wait for at least some microseconds
 * @usecs: microseconds to wait
 *
 * Converts with tsc_khz, rounding up. Before the TSC is calibrated it assumes a 10 GHz TSC, so
 * an early delay lasts at least as long as asked (and usually longer).
 *
 * Linux 6.1: udelay() is a macro over __udelay()/__const_udelay() and loops_per_jiffy.
 *
 * Context: any; never sleeps.
 * Return: nothing.
 */
void udelay(unsigned long usecs)
{
	__delay(DIV_ROUND_UP((u64)usecs * delay_khz(), USEC_PER_MSEC));
}

/**
 * ndelay - busy-wait for at least some nanoseconds
 * @nsecs: nanoseconds to wait
 *
 * As udelay(), at nanosecond resolution (rounded up to a whole TSC cycle).
 *
 * Linux 6.1: a macro over __ndelay().
 *
 * Context: any; never sleeps.
 * Return: nothing.
 */
void ndelay(unsigned long nsecs)
{
	__delay(DIV_ROUND_UP((u64)nsecs * delay_khz(), NSEC_PER_MSEC));
}

/**
 * mdelay - busy-wait for at least some milliseconds
 * @msecs: milliseconds to wait
 *
 * One deadline for the whole wait, so a stall in the middle (an interrupt, a host preempting a
 * virtual CPU) does not add to it.
 *
 * Linux 6.1: mdelay() is a macro calling udelay(1000) msecs times, so each stall adds up.
 *
 * Context: any; never sleeps. Long waits with interrupts off delay every interrupt on this CPU.
 * Return: nothing.
 */
void mdelay(unsigned long msecs)
{
	__delay((u64)msecs * delay_khz());
}
