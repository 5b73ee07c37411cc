/* The local APIC: mode choice (xAPIC or x2APIC), the LVT set-up, EOI, IPIs to self, and the
 * timer, calibrated against the TSC: the tick's clock event device, periodic at HZ while the
 * tick runs, one-shot while it is stopped (Linux's arch/x86/kernel/apic/apic.c). */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/clockchips.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/panic.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <linux/units.h>
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/cpufeature.h>
#include <asm/hardirq.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/tsc.h>

bool x2apic_mode;
bool x2apic_enabled_by_firmware;
unsigned long lapic_timer_hz;
u32 lapic_timer_period;

static void *lapic_base;

/**
 * apic_read - read a local APIC register, through its MSR in x2APIC mode or MMIO in xAPIC
 * @reg: the register's xAPIC offset (APIC_ID, APIC_ISR, ...)
 *
 * Context: any; this CPU's own APIC. Return: the register's value.
 */
u32 apic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(APIC_BASE_MSR + (reg >> 4));
	return readl(lapic_base + reg);
}

/**
 * apic_write - write a local APIC register, through its MSR or MMIO as apic_read()
 * @reg: the register's xAPIC offset
 * @val: the value
 *
 * Context: any; this CPU's own APIC. Return: nothing.
 */
void apic_write(u32 reg, u32 val)
{
	if (x2apic_mode)
		wrmsr(APIC_BASE_MSR + (reg >> 4), val);
	else
		writel(val, lapic_base + reg);
}

/**
 * apic_icr_write - send an IPI through the interrupt command register
 * @low: the ICR's low word: vector, delivery mode, shorthand
 * @dest: the destination APIC id (ignored with a shorthand)
 *
 * In x2APIC mode the ICR is one 64-bit MSR with a 32-bit destination in the high half, and a
 * write is the send: there is no busy bit to wait on (SDM vol. 3, 11.12.9). WRMSR to an x2APIC
 * register is not serializing, so the IPI could overtake stores the receiver is meant to see:
 * MFENCE; LFENCE first, as the SDM asks. In xAPIC mode the ICR is two registers, the low one
 * sending (an uncached store, ordered after earlier stores), and the delivery-status bit says
 * when the APIC accepted the previous IPI.
 *
 * An interrupt whose handler sends an IPI between the two xAPIC writes would change ICR2 under
 * us, so they are made with interrupts off (Linux's default_send_IPI_single_phys() does the
 * same around __default_send_IPI_dest_field()).
 *
 * Context: any. Return: nothing.
 */
void apic_icr_write(u32 low, u32 dest)
{
	unsigned long flags;

	if (x2apic_mode) {
		__asm__ __volatile__("mfence; lfence" ::: "memory");
		wrmsr(APIC_BASE_MSR + (APIC_ICR >> 4), ((u64)dest << 32) | low);
		return;
	}
	local_irq_save(flags);
	while (readl(lapic_base + APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	writel(dest << 24, lapic_base + APIC_ICR2);
	writel(low, lapic_base + APIC_ICR);
	local_irq_restore(flags);
}

/**
 * read_apic_id - this CPU's APIC id
 *
 * xAPIC keeps an 8-bit id in bits 31:24; x2APIC the whole 32-bit register.
 *
 * Context: any. Return: the id.
 */
u32 read_apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic_mode ? id : id >> 24;
}

/**
 * apic_eoi - end the interrupt in service on this CPU
 *
 * x2APIC requires 0 to be written to EOI (other values #GP); xAPIC ignores the value.
 *
 * Context: an interrupt handler, interrupts off. Return: nothing.
 */
void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/**
 * apic_vector_in_service - whether @vector is in service on this CPU (its ISR bit)
 * @vector: the vector
 *
 * Context: any. Return: true if it is.
 */
bool apic_vector_in_service(u8 vector)
{
	return apic_read(APIC_ISR + (vector / 32) * 0x10) & (1U << (vector % 32));
}

/**
 * apic_send_IPI_self - send @vector to this CPU (the self shorthand)
 * @vector: the vector
 *
 * Context: any. Return: nothing.
 */
void apic_send_IPI_self(u8 vector)
{
	apic_icr_write(APIC_DEST_SELF | APIC_INT_ASSERT | APIC_DM_FIXED | vector, 0);
}

/*
 * Once x2APIC is on, the only way back to xAPIC is through disabling the APIC (SDM vol. 3,
 * 11.12.5), which firmware that turned it on does not expect: keep it. Otherwise use x2APIC when
 * CPUID offers it (its MSR access is cheaper than MMIO and it has 32-bit ids), moving through
 * the legal EN=1, EXTD=0 -> EN=1, EXTD=1 transition.
 */
static void apic_choose_mode(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	if ((base & MSR_IA32_APICBASE_ENABLE) && (base & MSR_IA32_APICBASE_EXTD)) {
		x2apic_mode = true;
		x2apic_enabled_by_firmware = true;
		pr_info("x2apic: enabled by firmware\n");
		return;
	}
	if (!(base & MSR_IA32_APICBASE_ENABLE)) {
		base |= MSR_IA32_APICBASE_ENABLE;
		wrmsr(MSR_IA32_APICBASE, base);
	}
	if (boot_cpu_has(X86_FEATURE_X2APIC)) {
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_EXTD);
		x2apic_mode = true;
		pr_info("x2apic: enabled\n");
		return;
	}
	lapic_base = ioremap(acpi_madt.lapic_addr, PAGE_SIZE);
	if (!lapic_base)
		panic("APIC: cannot map the local APIC at %#lx", (unsigned long)acpi_madt.lapic_addr);
	pr_info("APIC: xAPIC mode at %#lx\n", (unsigned long)acpi_madt.lapic_addr);
}

/* Whether a MADT NMI entry's processor UID names the CPU with this APIC id. */
static bool nmi_entry_is_for(const struct acpi_lapic_nmi *n, u32 apic_id)
{
	if (n->acpi_uid == ACPI_ALL_PROCESSORS)
		return true;
	for (int i = 0; i < acpi_madt.nr_cpus; i++)
		if (acpi_madt.cpus[i].apic_id == apic_id)
			return acpi_madt.cpus[i].acpi_uid == n->acpi_uid;
	return false;
}

/*
 * LINT0 and LINT1 as the MADT says: the pin a local APIC NMI entry names for this CPU (or for
 * every CPU) delivers NMIs with the entry's polarity; NMIs are always edge-triggered, so the
 * trigger bit stays clear. Without such an entry, LINT1 is the NMI pin, as on every PC. The
 * other pin is ExtINT from the 8259, masked: the PICs are not used.
 */
static void setup_local_lints(u32 apic_id)
{
	u32 lvt[2] = { APIC_DM_EXTINT | APIC_LVT_MASKED, APIC_DM_NMI };
	bool found = false;

	for (int i = 0; i < acpi_madt.nr_lapic_nmis; i++) {
		const struct acpi_lapic_nmi *n = &acpi_madt.lapic_nmis[i];

		if (n->lint > 1 || !nmi_entry_is_for(n, apic_id))
			continue;
		if (!found) {
			lvt[0] = lvt[1] = APIC_DM_EXTINT | APIC_LVT_MASKED;
			found = true;
		}
		lvt[n->lint] = APIC_DM_NMI;
		if ((n->flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW)
			lvt[n->lint] |= APIC_INPUT_POLARITY;
	}
	apic_write(APIC_LVT0, lvt[0]);
	apic_write(APIC_LVT1, lvt[1]);
}

static void setup_local_APIC(void)
{
	u32 maxlvt = (apic_read(APIC_LVR) >> 16) & 0xff;
	u32 apic_id = read_apic_id();

	/* Accept every priority class. */
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	setup_local_lints(apic_id);

	/* Firmware may leave the timer running (OVMF does, masked) or the other sources armed. */
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, 0);
	if (maxlvt >= 4)
		apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	if (maxlvt >= 6)
		apic_write(APIC_LVTCMCI, APIC_LVT_MASKED);

	/* The ESR latches on a write; clear what firmware left before unmasking its vector. */
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);

	/* An interrupt left in service by firmware would block its priority class: retire it. */
	for (int i = 0; i < 8; i++)
		if (apic_read(APIC_ISR + i * 0x10))
			apic_eoi();
	/* Once, from the boot CPU: the APs' APICs are the same model. */
	if (!smp_processor_id())
		pr_info("APIC: id %u, version %#x, %u LVT entries, spurious vector %#x\n",
			apic_id, apic_read(APIC_LVR) & 0xff, maxlvt + 1, SPURIOUS_APIC_VECTOR);
}

/*
 * Firmware may leave the other CPUs running loops of its own after the loader exits its boot
 * services (OVMF does): code the kernel does not control, and under an emulator host time taken
 * from the boot CPU. Send them INIT, the first step of the INIT-SIPI-SIPI sequence that starts a
 * CPU: each then sleeps in wait-for-SIPI until the SMP bring-up sends its start-up IPIs.
 */
static void apic_park_other_cpus(void)
{
	if (acpi_num_cpus() > 1)
		apic_icr_write(APIC_DEST_ALLBUT | APIC_INT_ASSERT | APIC_DM_INIT, 0);
}

/**
 * apic_intr_mode_init - set up the boot CPU's local APIC (Linux's apic_intr_mode_init())
 *
 * Chooses x2APIC or xAPIC, enables the APIC, records this CPU's id and sends the other CPUs
 * INIT so firmware loops stop running on them.
 *
 * Context: boot, the boot CPU, interrupts off. Return: nothing.
 */
void apic_intr_mode_init(void)
{
	apic_choose_mode();
	setup_local_APIC();
	smp_store_cpu_apicid();
	apic_park_other_cpus();
}

/**
 * apic_ap_setup - set up an AP's local APIC and timer
 *
 * An AP's LAPIC in the boot CPU's mode. INIT leaves the APIC enabled and keeps x2APIC mode if
 * firmware had set it, so usually only EN=1 -> EXTD=1 is needed; an AP left in x2APIC while the
 * boot CPU uses xAPIC goes back through the disabled state, the SDM's only way (11.12.5). The
 * timer reuses the boot CPU's calibration: every LAPIC timer counts the same bus clock.
 *
 * Context: the AP's start-up path, interrupts off. Return: nothing.
 */
void apic_ap_setup(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	if (!x2apic_mode && (base & MSR_IA32_APICBASE_EXTD)) {
		base &= ~(MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_EXTD);
		wrmsr(MSR_IA32_APICBASE, base);
	}
	if (!(base & MSR_IA32_APICBASE_ENABLE)) {
		base |= MSR_IA32_APICBASE_ENABLE;
		wrmsr(MSR_IA32_APICBASE, base);
	}
	if (x2apic_mode && !(base & MSR_IA32_APICBASE_EXTD))
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_EXTD);
	setup_local_APIC();
	setup_APIC_timer();
}

/*
 * calib_best_of()'s measurement: count the timer down from its maximum for *@arg TSC cycles
 * and store its input clock's rate in *@hz. That clock (the bus or the core crystal clock) has
 * no standard rate, and the TSC is already calibrated, so no other timer is needed. A register
 * access can take microseconds, or far longer when a hypervisor exit is held up, so each end is
 * taken at the middle of the access that starts the count and the one that reads it, and the
 * width of those two accesses is the measurement's uncertainty, returned in ppm of the wait.
 */
static u64 lapic_measure_once(void *arg, unsigned long *hz)
{
	u64 wait = *(const u64 *)arg, a0, b0, a1, b1, t0, t1;
	u32 left;

	a0 = rdtsc_ordered();
	apic_write(APIC_TMICT, 0xffffffff);
	b0 = rdtsc_ordered();
	t0 = a0 + (b0 - a0) / 2;
	while (rdtsc_ordered() - t0 < wait)
		cpu_relax();
	a1 = rdtsc_ordered();
	left = apic_read(APIC_TMCCT);
	b1 = rdtsc_ordered();
	t1 = a1 + (b1 - a1) / 2;
	apic_write(APIC_TMICT, 0);
	*hz = (unsigned long)((u64)(0xffffffffU - left) * 16 * tsc_khz * HZ_PER_KHZ / (t1 - t0));
	return ((b0 - a0) + (b1 - a1)) * 1000000 / wait;
}

/**
 * lapic_measure_timer_hz - the LAPIC timer's input clock, measured against the TSC
 * @ms: how long each measurement counts
 *
 * Up to five measurements with calib_best_of(), stopping at the first certain to 0.1 %
 * (CALIB_GOOD_PPM); the most certain wins.
 *
 * Context: boot or a self-test, may spin for 5 * @ms. Return: the rate in Hz.
 */
unsigned long lapic_measure_timer_hz(unsigned int ms)
{
	u64 wait = (u64)tsc_khz * ms;

	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	return calib_best_of(lapic_measure_once, &wait, 5, NULL);
}

/*
 * The divider set by setup_APIC_timer() stays: only the mode and the count change. The count
 * first, then the mode: the other order makes the timer periodic for a moment with the count
 * the last one-shot event left, as small as min_delta_ticks (16, an interrupt every 272 ns).
 * QEMU's LAPIC model then fires its timer on its main loop back to back, and a vCPU waiting
 * for the big QEMU lock to write the real count may never get it: the whole machine stopped
 * (the kthread torture's hang, seen from gdb on QEMU as its timer re-armed every 272 ns).
 * Linux 6.1 writes LVTT first, but its NO_HZ tick never goes back to periodic mode.
 */
static int lapic_timer_set_periodic(struct clock_event_device *evt)
{
	apic_write(APIC_TMICT, lapic_timer_period);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	return 0;
}

/**
 * setup_APIC_timer - start this CPU's LAPIC timer periodic at HZ, divider 16
 *
 * Context: this CPU, interrupts off. Return: nothing.
 */
void setup_APIC_timer(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	lapic_timer_set_periodic(NULL);
}

/* One-shot mode: the count (in units of 16 input clocks) runs down once and interrupts at 0. */
static int lapic_next_event(unsigned long delta, struct clock_event_device *evt)
{
	apic_write(APIC_TMICT, delta);
	return 0;
}


/* Changing the mode does not restart the count: the caller arms or stops it next. */
static int lapic_timer_set_oneshot(struct clock_event_device *evt)
{
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	return 0;
}

/* A zero initial count stops the timer in either mode. */
static int lapic_timer_set_oneshot_stopped(struct clock_event_device *evt)
{
	apic_write(APIC_TMICT, 0);
	return 0;
}

static int lapic_timer_shutdown(struct clock_event_device *evt)
{
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, 0);
	return 0;
}

/*
 * The TSC-deadline mode is not used: a machine may lack it, and the count-down mode works on
 * every LAPIC. At least 16 counts, so an event armed for "now" is not lost to a count that ends
 * while the write is still under way; at most 2^31 - 1, half the counter, as Linux caps it.
 */
static struct clock_event_device lapic_clockevent = {
	.name				= "lapic",
	.set_next_event			= lapic_next_event,
	.set_state_periodic		= lapic_timer_set_periodic,
	.set_state_oneshot		= lapic_timer_set_oneshot,
	.set_state_oneshot_stopped	= lapic_timer_set_oneshot_stopped,
	.set_state_shutdown		= lapic_timer_shutdown,
	.min_delta_ticks		= 16,
	.max_delta_ticks		= 0x7fffffff,
};

/**
 * local_apic_timer_interrupt - the timer vector's handler: count it and run the tick
 * @regs: the interrupted state
 * @data: unused
 *
 * Context: hard interrupt. Return: nothing.
 */
void local_apic_timer_interrupt(struct pt_regs *regs, void *data)
{
	inc_irq_stat(apic_timer_irqs);
	tick_handle_periodic();
}

/**
 * apic_error_interrupt - the error vector's handler: report ESR
 * @regs: the interrupted state
 * @data: unused
 *
 * ESR must be written before it is read, to latch the current errors.
 *
 * Context: hard interrupt. Return: nothing.
 */
void apic_error_interrupt(struct pt_regs *regs, void *data)
{
	u32 esr;

	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	inc_irq_stat(apic_error_irqs);
	pr_warn("APIC error on CPU%u: %#x\n", smp_processor_id(), esr);
}

/**
 * time_init - calibrate the LAPIC timer and hand it to the tick as its clock event device
 *
 * Context: boot, the boot CPU. Return: nothing; panics if the timer does not count.
 */
void time_init(void)
{
	unsigned long flags;

	local_irq_save(flags);

	lapic_timer_hz = lapic_measure_timer_hz(5);
	lapic_timer_period = lapic_timer_hz / 16 / HZ;
	if (!lapic_timer_period)
		panic("APIC: the timer does not count (%lu Hz)", lapic_timer_hz);
	clockevents_config(&lapic_clockevent, lapic_timer_hz / 16);
	tick_setup_device(&lapic_clockevent);
	local_irq_restore(flags);
	pr_info("APIC: timer %lu.%03lu MHz, periodic at %u Hz (initial count %u, divider 16), %s\n",
		lapic_timer_hz / HZ_PER_MHZ, lapic_timer_hz / HZ_PER_KHZ % KHZ_PER_MHZ, HZ, lapic_timer_period,
		tick_nohz_enabled() ? "one-shot on idle CPUs (NO_HZ_IDLE)" : "on idle CPUs too");
}
