/* The TSC as the kernel's clock: its frequency measured against the PIT (or, when there is no
 * PIT, the HPET or the ACPI PM timer) by polling, then sched_clock() by a multiply and a shift.
 * tsc.calibrate=pit|hpet|pmtimer forces one clock so every path can be exercised. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/sched/clock.h>
#include <linux/time.h>
#include <linux/units.h>
#include <asm/bootparam.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/tsc.h>

#define CALIBRATE_MS		3
/* More tries only when the first ones were disturbed (each reports its own uncertainty). */
#define CALIBRATE_TRIES		5
/* No x86 TSC runs faster than this: bounds every polling loop when a clock stops. */
#define MAX_TSC_KHZ		10000000UL
#define FALLBACK_TSC_KHZ	2000000UL

unsigned long tsc_khz;
struct calib_clock *tsc_calibrated_against;
u64 cyc2ns_mul;
static int tsc_calibrate_forced = -1;

static struct calib_clock *const calib_clocks[NR_CALIB_CLOCKS] = {
	[CALIB_PIT] = &pit_calib_clock,
	[CALIB_HPET] = &hpet_calib_clock,
	[CALIB_PMTMR] = &pmtmr_calib_clock,
};

static const char *const calib_names[NR_CALIB_CLOCKS] = {
	[CALIB_PIT] = "pit",
	[CALIB_HPET] = "hpet",
	[CALIB_PMTMR] = "pmtimer",
};

static int tsc_calibrate_setup(char *value)
{
	for (int i = 0; i < NR_CALIB_CLOCKS; i++) {
		if (!strcmp(value, calib_names[i])) {
			tsc_calibrate_forced = i;
			return 0;
		}
	}
	return -EINVAL;
}
__setup("tsc.calibrate=", tsc_calibrate_setup);

/**
 * calib_clock_counts - does a calibration clock tick?
 * @c: the clock
 *
 * For the clocks' probe(): a clock that exists but is stopped (or emulated as a constant) would
 * hang a calibration, so a value that changes within 1000 reads is required.
 *
 * Context: boot, from a probe(); reads the clock's hardware, no lock.
 * Return: true if the value changed within 1000 reads.
 */
bool calib_clock_counts(struct calib_clock *c)
{
	u32 first = c->read();

	for (int i = 0; i < 1000; i++)
		if (c->read() != first)
			return true;
	return false;
}

/**
 * calib_clock_get - a calibration clock, probed on first use
 * @id: CALIB_PIT, CALIB_HPET or CALIB_PMTMR
 *
 * The first call probes the clock and records the answer; later calls return it.
 *
 * Context: boot CPU or tests, one caller at a time (the probed flag is not locked).
 * Return: the clock, or NULL when the machine does not have it (or it does not count).
 */
struct calib_clock *calib_clock_get(enum calib_clock_id id)
{
	struct calib_clock *c = calib_clocks[id];

	if (!c->probed) {
		c->present = c->probe(c) && c->freq_hz;
		c->probed = true;
	}
	return c->present ? c : NULL;
}

/* A reading of the clock bracketed by two TSC reads: the TSC value it belongs to is the
 * midpoint, known to within half the bracket. */
struct calib_sample {
	u64 tsc;
	u64 bracket;
	u32 ref;
};

static void calib_sample(struct calib_clock *c, struct calib_sample *s)
{
	u64 before = rdtsc_ordered();

	s->ref = c->read();
	s->bracket = rdtsc_ordered() - before;
	s->tsc = before + s->bracket / 2;
}

/* How far a sample taken just after a tick edge can be from that edge, in TSC cycles: the
 * gap since the sample before it (which still saw the old value), at most one tick. */
static u64 edge_uncertainty(const struct calib_sample *before, const struct calib_sample *s,
			    u64 tick_cycles)
{
	return min(s->tsc - before->tsc, tick_cycles) + s->bracket / 2;
}

/* What tsc_measure_once() measures against, and for how long. */
struct tsc_measure {
	struct calib_clock *c;
	unsigned int ms;
};

/* One measurement from one tick edge to another; returns its uncertainty in ppm, U64_MAX if
 * the clock stopped. Starting and ending on an edge keeps the clock's coarse ticks (0.84 us
 * for the PIT) out of the result. */
static u64 tsc_measure_once(void *arg, unsigned long *khz)
{
	const struct tsc_measure *m = arg;
	struct calib_clock *c = m->c;
	unsigned int ms = m->ms;
	u64 want = (u64)c->freq_hz * ms / MSEC_PER_SEC, elapsed = 0, cycles, tick, err, limit;
	struct calib_sample s0_before, s0, s1_before, s1;

	calib_sample(c, &s0);
	/* Generous, so a host stalling a virtual CPU is not taken for a stopped clock. */
	limit = s0.tsc + (2 * ms + 20) * MAX_TSC_KHZ;
	do {
		s0_before = s0;
		calib_sample(c, &s0);
		if (s0.tsc > limit)
			return U64_MAX;
	} while (s0.ref == s0_before.ref);
	s1 = s0;
	do {
		s1_before = s1;
		calib_sample(c, &s1);
		elapsed += (s1.ref - s1_before.ref) & c->mask;
		if (s1.tsc > limit)
			return U64_MAX;
	} while (elapsed < want);
	cycles = s1.tsc - s0.tsc;
	tick = DIV_ROUND_UP(cycles, elapsed);
	err = edge_uncertainty(&s0_before, &s0, tick) + edge_uncertainty(&s1_before, &s1, tick);
	*khz = cycles * c->freq_hz / (elapsed * 1000);
	return err * 1000000 / cycles + 1;
}

/**
 * calib_best_of - repeat a calibration's measurement until one is certain, keep the best
 * @measure: one measurement: stores its result and returns its uncertainty in parts per
 *	million, U64_MAX when it failed
 * @arg: passed to @measure
 * @tries: the most measurements to make
 * @ppm_out: where to store the chosen measurement's uncertainty, or NULL
 *
 * The loop of every calibration Spindle makes: the TSC against the PIT, HPET or PM timer
 * (tsc_measure_khz()), the LAPIC timer against the TSC (lapic_measure_timer_hz()). A
 * measurement an interrupt or a stalled virtual CPU disturbed says so through its uncertainty,
 * so measurements are made until one is within CALIB_GOOD_PPM or @tries are done, and the most
 * certain one wins.
 *
 * Linux 6.1: each calibration has its own loop (pit_hpet_ptimer_calibrate_cpu() in tsc.c,
 * calibrate_APIC_clock() in apic.c); Spindle's measurements report their own uncertainty, so
 * one loop serves them all.
 *
 * Context: whatever @measure needs; busy-waits for up to @tries measurements. No lock.
 * Return: the most certain result, or 0 if every measurement failed (*@ppm_out is then
 * U64_MAX).
 */
unsigned long calib_best_of(u64 (*measure)(void *arg, unsigned long *result), void *arg,
			    int tries, u64 *ppm_out)
{
	unsigned long result, best = 0;
	u64 ppm, best_ppm = U64_MAX;

	for (int i = 0; i < tries && best_ppm > CALIB_GOOD_PPM; i++) {
		ppm = measure(arg, &result);
		if (ppm < best_ppm) {
			best_ppm = ppm;
			best = result;
		}
	}
	if (ppm_out)
		*ppm_out = best_ppm;
	return best;
}

/**
 * tsc_measure_khz - measure the TSC's frequency against a clock
 * @c: the clock to measure against (from calib_clock_get())
 * @ms: the length of one measurement in milliseconds, clamped to 1..100
 * @tries: the most measurements to make
 * @ppm_out: where to store the chosen measurement's uncertainty in ppm, or NULL
 *
 * Each measurement runs from one tick edge of @c to another, so the clock's coarse ticks stay
 * out of the result, and reports its own uncertainty. A short first pass warms the caches (and
 * an emulator's translation) and is thrown away; then calib_best_of() makes up to @tries
 * measurements and keeps the most certain.
 *
 * Linux 6.1: native_calibrate_tsc() asks CPUID first; pit_hpet_ptimer_calibrate_cpu() measures
 * against the PIT and the HPET or PM timer at once and compares; here one clock at a time.
 *
 * Context: busy-waits up to about @tries * @ms milliseconds; interrupts on this CPU disturb a
 * measurement (its uncertainty grows) but do not corrupt it. No lock.
 * Return: the frequency in kHz, or 0 if the clock stopped in every measurement (*@ppm_out is then
 * U64_MAX).
 */
unsigned long tsc_measure_khz(struct calib_clock *c, unsigned int ms, int tries, u64 *ppm_out)
{
	struct tsc_measure warm_up = { c, 1 }, m = { c, clamp(ms, 1U, 100U) };
	unsigned long khz;

	/* A first, short pass brings the loop into the caches (and, under an emulator, gets it
	 * translated): otherwise the first real pass starts late and is 0.1 % off. */
	tsc_measure_once(&warm_up, &khz);
	return calib_best_of(tsc_measure_once, &m, tries, ppm_out);
}

/* No clock to measure against: what CPUID says (leaf 0x15 crystal ratio, else 0x16 base). */
static unsigned long tsc_khz_from_cpuid(void)
{
	u32 eax, ebx, ecx, edx;

	if (boot_cpu_data.cpuid_level >= 0x15) {
		cpuid(0x15, &eax, &ebx, &ecx, &edx);
		if (eax && ebx && ecx)
			return (u64)ecx * ebx / eax / HZ_PER_KHZ;
	}
	if (boot_cpu_data.cpuid_level >= 0x16) {
		cpuid(0x16, &eax, &ebx, &ecx, &edx);
		if (eax & 0xffff)
			return (eax & 0xffff) * KHZ_PER_MHZ;
	}
	return 0;
}

static unsigned long tsc_calibrate(void)
{
	unsigned long khz;
	int first = 0;
	u64 ppm;

	if (tsc_calibrate_forced >= 0) {
		if (calib_clock_get(tsc_calibrate_forced))
			first = tsc_calibrate_forced;
		else
			pr_err("tsc: tsc.calibrate=%s, but there is no %s; trying the others\n",
			       calib_names[tsc_calibrate_forced],
			       calib_clocks[tsc_calibrate_forced]->name);
	}
	for (int i = 0; i < NR_CALIB_CLOCKS; i++) {
		int id = i ? (i == first ? 0 : i) : first;
		struct calib_clock *c = calib_clock_get(id);

		if (!c)
			continue;
		khz = tsc_measure_khz(c, CALIBRATE_MS, CALIBRATE_TRIES, &ppm);
		if (khz) {
			if (ppm > CALIB_GOOD_PPM)
				pr_warn("tsc: calibration disturbed every try; uncertain to %llu ppm\n",
					(unsigned long long)ppm);
			tsc_calibrated_against = c;
			return khz;
		}
		pr_err("tsc: the %s stopped counting during calibration\n", c->name);
	}
	khz = tsc_khz_from_cpuid();
	if (khz) {
		pr_err("tsc: no PIT, HPET or PM timer to calibrate against; using CPUID's frequency\n");
		return khz;
	}
	pr_err("tsc: no clock to calibrate against and no frequency in CPUID; assuming %lu MHz\n",
	       FALLBACK_TSC_KHZ / KHZ_PER_MHZ);
	return FALLBACK_TSC_KHZ;
}


/**
 * tsc_init - calibrate the TSC and start sched_clock() on it
 *
 * Measures tsc_khz against the PIT, else the HPET, else the ACPI PM timer (tsc.calibrate= puts
 * one first); with none, takes CPUID's frequency, and with none of that assumes 2 GHz. Sets
 * cyc2ns_mul for sched_clock() and reports the result, and whether the TSC is invariant.
 *
 * Linux 6.1: the early part is tsc_early_init() from setup_arch(); the TSC then becomes a
 * clocksource the kernel watches and can mark unstable. Spindle trusts the TSC.
 *
 * Context: boot CPU, once, from setup_arch() with interrupts off.
 * Return: nothing.
 */
void tsc_init(void)
{
	tsc_khz = tsc_calibrate();
	cyc2ns_mul = (NSEC_PER_MSEC << CYC2NS_SHIFT) / tsc_khz;
	pr_info("tsc: Detected %lu.%03lu MHz processor (calibrated against %s)\n",
		tsc_khz / KHZ_PER_MHZ, tsc_khz % KHZ_PER_MHZ,
		tsc_calibrated_against ? tsc_calibrated_against->name : "nothing");
	if (!boot_cpu_has(X86_FEATURE_NONSTOP_TSC))
		pr_info("tsc: not invariant (CPUID 0x80000007 EDX[8] clear); it may stop in deep C-states\n");
}
