/* The TSC: calibrated at boot against the PIT, the HPET or the ACPI PM timer (the "calibration
 * clocks" below), then turned into nanoseconds for sched_clock() and delays. */
#ifndef _ASM_TSC_H
#define _ASM_TSC_H

#include <linux/types.h>
#include <asm/bootparam.h>
#include <asm/processor.h>

extern unsigned long tsc_khz;
void tsc_init(void);

/* ns = cycles * mult >> 32 with a 128-bit product: exact to 1 ppb, no overflow for centuries. */
#define CYC2NS_SHIFT		32
extern u64 cyc2ns_mul;

/* TSC cycles in nanoseconds (0 before calibration). */
static inline u64 cycles_2_ns(u64 cycles)
{
	return (u64)(((unsigned __int128)cycles * cyc2ns_mul) >> CYC2NS_SHIFT);
}

/* Nanoseconds since the loader handed over. Inline: the scheduler reads it on every wake-up and
 * every switch, and it is a handful of instructions. */
static inline u64 native_sched_clock(void)
{
	u64 now = rdtsc();

	if (now < boot_params.boot_tsc)
		return 0;
	return cycles_2_ns(now - boot_params.boot_tsc);
}

/* A fixed-frequency counter the TSC can be measured against: counts up at freq_hz and wraps
 * at mask. probe() finds out whether it exists and counts (starting it if needed). */
struct calib_clock {
	const char *name;
	bool (*probe)(struct calib_clock *c);
	u32 (*read)(void);
	u32 mask;
	u32 freq_hz;
	bool probed;
	bool present;
};

enum calib_clock_id {
	CALIB_PIT,
	CALIB_HPET,
	CALIB_PMTMR,
	NR_CALIB_CLOCKS
};

extern struct calib_clock pit_calib_clock;	/* arch/x86/i8253.c */
extern struct calib_clock hpet_calib_clock;	/* arch/x86/hpet.c */
extern struct calib_clock pmtmr_calib_clock;	/* arch/x86/acpi_pm.c */

/* For probe(): does the clock's value change within a bounded number of reads? */
bool calib_clock_counts(struct calib_clock *c);
/* The clock, probed on first use; NULL when the machine does not have it. */
struct calib_clock *calib_clock_get(enum calib_clock_id id);
/* A measurement certain to this many parts per million (0.1 %) ends a calibration. */
#define CALIB_GOOD_PPM		1000
/* The loop every calibration runs (the TSC's, the LAPIC timer's): up to 'tries' calls of
 * measure(), which returns its result's uncertainty in ppm (U64_MAX: failed), stopping at the
 * first within CALIB_GOOD_PPM; the most certain result, its uncertainty in *ppm. */
unsigned long calib_best_of(u64 (*measure)(void *arg, unsigned long *result), void *arg,
			    int tries, u64 *ppm);
/* The TSC frequency measured over 'ms' (1..100) of clock 'c' with calib_best_of(), the chosen
 * measurement's uncertainty in *ppm (when ppm is not NULL). 0 if the clock stopped. */
unsigned long tsc_measure_khz(struct calib_clock *c, unsigned int ms, int tries, u64 *ppm);
/* The clock tsc_khz came from (NULL: taken from CPUID or assumed). */
extern struct calib_clock *tsc_calibrated_against;

#endif
