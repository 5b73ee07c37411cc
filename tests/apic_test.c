/* Self-tests of the interrupt layer: the LAPIC mode and set-up, the tick at HZ, the timer against
 * the TSC, self-IPIs to handled and unhandled vectors, the masked PICs and IOAPIC entries, and
 * the serial receive interrupt through the IOAPIC. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/acpi.h>
#include <linux/delay.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/tick.h>
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/i8259.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/tsc.h>
#include <ktest.h>

#define TEST_VECTOR		0xd0
#define TEST_UNHANDLED_VECTOR	0xd1

/* Spin until *count reaches want or 'ms' of TSC time pass; interrupts stay on meanwhile. */
static bool wait_for_count(volatile unsigned long *count, unsigned long want, unsigned int ms)
{
	u64 t0 = rdtsc_ordered(), wait = (u64)tsc_khz * ms;

	while (*count < want) {
		if (rdtsc_ordered() - t0 > wait)
			return false;
		cpu_relax();
	}
	return true;
}

static void apic_mode_matches_cpuid(struct ktest *test)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	KTEST_EXPECT_TRUE(test, base & MSR_IA32_APICBASE_ENABLE);
	KTEST_EXPECT_EQ(test, !!(base & MSR_IA32_APICBASE_EXTD), x2apic_mode);
	if (x2apic_enabled_by_firmware)
		KTEST_EXPECT_TRUE(test, x2apic_mode);
	else
		KTEST_EXPECT_EQ(test, x2apic_mode, boot_cpu_has(X86_FEATURE_X2APIC));
	KTEST_EXPECT_UEQ(test, read_apic_id(), boot_cpu_data.initial_apicid);
}

/* Spurious vector 0xff with the APIC enabled, TPR 0, and the NMI pin the MADT names. */
static void lapic_setup_as_madt_says(struct ktest *test)
{
	int nmi_lint = 1;

	KTEST_EXPECT_UEQ(test, apic_read(APIC_SPIV) & 0x1ff,
			 APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	KTEST_EXPECT_UEQ(test, apic_read(APIC_TASKPRI) & 0xff, 0);
	for (int i = 0; i < acpi_madt.nr_lapic_nmis; i++)
		if (acpi_madt.lapic_nmis[i].acpi_uid == ACPI_ALL_PROCESSORS &&
		    acpi_madt.lapic_nmis[i].lint <= 1)
			nmi_lint = acpi_madt.lapic_nmis[i].lint;
	ktest_info(test, "NMI on LINT%d; LVT0 %#x, LVT1 %#x", nmi_lint, apic_read(APIC_LVT0),
		   apic_read(APIC_LVT1));
	KTEST_EXPECT_UEQ(test, apic_read(nmi_lint ? APIC_LVT1 : APIC_LVT0) & (0x700 | APIC_LVT_MASKED),
			 APIC_DM_NMI);
	KTEST_EXPECT_TRUE(test, apic_read(nmi_lint ? APIC_LVT0 : APIC_LVT1) & APIC_LVT_MASKED);
	KTEST_EXPECT_UEQ(test, apic_read(APIC_LVTERR) & (0xff | APIC_LVT_MASKED), ERROR_APIC_VECTOR);
}

static void jiffies_helpers(struct ktest *test)
{
	unsigned long before_wrap = (unsigned long)-5;

	KTEST_EXPECT_TRUE(test, time_after(before_wrap + 10, before_wrap));
	KTEST_EXPECT_TRUE(test, time_before(before_wrap, before_wrap + 10));
	KTEST_EXPECT_FALSE(test, time_after(before_wrap, before_wrap + 10));
	KTEST_EXPECT_TRUE(test, time_after_eq(before_wrap, before_wrap));
	KTEST_EXPECT_UEQ(test, msecs_to_jiffies(1), 1);
	KTEST_EXPECT_UEQ(test, msecs_to_jiffies(1500), 1500 * HZ / 1000);
	KTEST_EXPECT_UEQ(test, jiffies_to_msecs(HZ), 1000);
}

/* The TSC just after the next timer interrupt on the boot CPU; 0 after 1 s without one. Read
 * after the count changed, not before: a delivery held back by the host would make it stale. */
static u64 tsc_at_next_tick(void)
{
	unsigned long t = this_cpu_read(tick_count);
	u64 t0 = rdtsc_ordered();

	while (this_cpu_read(tick_count) == t) {
		if (rdtsc_ordered() - t0 > (u64)tsc_khz * 1000)
			return 0;
		cpu_relax();
	}
	return rdtsc_ordered();
}

/*
 * Jiffies over mdelay(100) must match the TSC's count of milliseconds, within the two partial
 * periods. Jiffies are updated when a tick is taken, and a busy host can hold a virtual CPU's
 * timer interrupts back for several periods, so both ends are read just after a tick: jiffies
 * then follow the TSC however few interrupts came in between. The interrupts can only be fewer
 * than the periods, never clearly more. A host that stops the virtual CPU between a tick and the
 * TSC read spoils one measurement, so up to three are made and the first good one counts.
 */
struct tick_sample {
	unsigned long jiffies, ticks, ms;
};

static bool tick_sample_good(const struct tick_sample *s)
{
	return s->ms >= 100 && s->jiffies + 2 >= s->ms && s->jiffies <= s->ms + 2 &&
	       s->ticks >= 1 && s->ticks <= s->ms + 2;
}

static void tick_runs_at_hz(struct ktest *test)
{
	struct tick_sample s = { 0 };

	KTEST_ASSERT_TRUE(test, native_save_fl() & X86_EFLAGS_IF);
	for (int attempt = 0; attempt < 3; attempt++) {
		unsigned long j0, t0;
		u64 tsc0, tsc1;

		tsc0 = tsc_at_next_tick();
		j0 = jiffies;
		t0 = this_cpu_read(tick_count);
		mdelay(100);
		tsc1 = tsc_at_next_tick();
		s.jiffies = jiffies - j0;
		s.ticks = this_cpu_read(tick_count) - t0;
		KTEST_ASSERT_TRUE(test, tsc0 && tsc1);
		s.ms = (tsc1 - tsc0) / tsc_khz;
		ktest_info(test, "jiffies advanced by %lu in %lu ms of TSC time (mdelay(100)), %lu timer interrupts",
			   s.jiffies, s.ms, s.ticks);
		if (tick_sample_good(&s))
			break;
	}
	KTEST_EXPECT_UGE(test, s.ms, 100);
	KTEST_EXPECT_UGE(test, s.jiffies + 2, s.ms);
	KTEST_EXPECT_ULE(test, s.jiffies, s.ms + 2);
	KTEST_EXPECT_UGE(test, s.ticks, 1);
	KTEST_EXPECT_ULE(test, s.ticks, s.ms + 2);
	KTEST_EXPECT_UGT(test, this_cpu_read(irq_stat.apic_timer_irqs), 0);
}

/* A fresh measurement agrees with the boot one, and the period gives HZ. */
static void lapic_timer_matches_tsc(struct ktest *test)
{
	unsigned long flags, hz;

	local_irq_save(flags);
	hz = lapic_measure_timer_hz(50);
	setup_APIC_timer();
	local_irq_restore(flags);
	ktest_info(test, "timer %lu Hz now, %lu Hz at boot", hz, lapic_timer_hz);
	KTEST_EXPECT_ULE(test, hz, lapic_timer_hz / 100 * 102);
	KTEST_EXPECT_UGE(test, hz, lapic_timer_hz / 100 * 98);
	KTEST_EXPECT_UEQ(test, lapic_timer_period, lapic_timer_hz / 16 / HZ);
}

static volatile unsigned long test_vector_runs;
static volatile bool test_vector_saw_in_irq;
static volatile bool test_vector_saw_data;

static void test_vector_handler(struct pt_regs *regs, void *data)
{
	test_vector_runs++;
	test_vector_saw_in_irq = in_irq() && in_interrupt();
	test_vector_saw_data = data == &test_vector_runs;
}

static void self_ipi_runs_handler_once(struct ktest *test)
{
	test_vector_runs = 0;
	KTEST_ASSERT_EQ(test, request_vector(TEST_VECTOR, test_vector_handler,
					     (void *)&test_vector_runs), 0);
	KTEST_EXPECT_EQ(test, request_vector(TEST_VECTOR, test_vector_handler, NULL), -EBUSY);
	KTEST_EXPECT_EQ(test, request_vector(LOCAL_TIMER_VECTOR, test_vector_handler, NULL), -EINVAL);
	KTEST_EXPECT_FALSE(test, in_irq());

	apic_send_IPI_self(TEST_VECTOR);
	KTEST_EXPECT_TRUE(test, wait_for_count(&test_vector_runs, 1, 10));
	mdelay(2);
	KTEST_EXPECT_UEQ(test, test_vector_runs, 1);
	KTEST_EXPECT_TRUE(test, test_vector_saw_in_irq);
	KTEST_EXPECT_TRUE(test, test_vector_saw_data);
	/* EOI was sent: the vector is no longer in service, so the next one is delivered too. */
	KTEST_EXPECT_FALSE(test, apic_vector_in_service(TEST_VECTOR));
	apic_send_IPI_self(TEST_VECTOR);
	KTEST_EXPECT_TRUE(test, wait_for_count(&test_vector_runs, 2, 10));
	KTEST_EXPECT_FALSE(test, in_irq());
	free_vector(TEST_VECTOR);
}

static void unregistered_vector_is_counted(struct ktest *test)
{
	unsigned long before = irq_unhandled_total();

	for (int i = 1; i <= 2; i++) {
		apic_send_IPI_self(TEST_UNHANDLED_VECTOR);
		mdelay(1);
		KTEST_EXPECT_UEQ(test, irq_unhandled_total(), before + i);
		KTEST_EXPECT_FALSE(test, apic_vector_in_service(TEST_UNHANDLED_VECTOR));
	}
}

/*
 * 'int $n' enters through the same gate as a delivered interrupt but sets no ISR bit: the
 * spurious vector is counted as such, and an unregistered vector as unhandled, neither fatal.
 */
static void software_int_counted_by_kind(struct ktest *test)
{
	unsigned long spurious = this_cpu_read(irq_stat.irq_spurious_count);
	unsigned long unhandled = irq_unhandled_total();

	__asm__ __volatile__("int $0xff" ::: "memory");
	KTEST_EXPECT_UEQ(test, this_cpu_read(irq_stat.irq_spurious_count), spurious + 1);
	__asm__ __volatile__("int $0xd2" ::: "memory");
	KTEST_EXPECT_UEQ(test, irq_unhandled_total(), unhandled + 1);
	KTEST_EXPECT_FALSE(test, in_interrupt());
}

/* Every interrupt is counted under exactly one kind. */
static void irq_counts_add_up(struct ktest *test)
{
	unsigned long flags;
	irq_cpustat_t s;

	local_irq_save(flags);
	s = *this_cpu_ptr(&irq_stat);
	local_irq_restore(flags);
	KTEST_EXPECT_UEQ(test, s.irq_total, s.apic_timer_irqs + s.irq_device_count +
			 s.irq_spurious_count + s.apic_error_irqs + s.irq_unhandled_count +
			 s.irq_resched_count + s.irq_call_count);
	KTEST_EXPECT_UEQ(test, hardirq_count(), 0);
	show_irq_stats();
}

static void pic_is_masked(struct ktest *test)
{
	if (!legacy_pic_present())
		ktest_skip(test, "no 8259 PICs (MADT PCAT_COMPAT clear)");
	KTEST_EXPECT_UEQ(test, inb(PIC_MASTER_IMR), 0xff);
	KTEST_EXPECT_UEQ(test, inb(PIC_SLAVE_IMR), 0xff);
}

static void ioapic_masked_except_routed(struct ktest *test)
{
	int routed = 0;

	if (!nr_ioapics_mapped())
		ktest_skip(test, "no IOAPIC in the MADT");
	for (int i = 0; i < nr_ioapics_mapped(); i++) {
		for (unsigned int pin = 0; pin < ioapic_nr_entries(i); pin++) {
			u64 e = ioapic_read_entry(i, pin);
			u32 gsi = ioapic_gsi_base(i) + pin;

			if (ioapic_gsi_routed(gsi)) {
				routed++;
				KTEST_EXPECT_FALSE(test, e & IO_APIC_REDIR_MASKED);
			} else if (!(e & IO_APIC_REDIR_MASKED)) {
				KTEST_EXPECT_TRUE(test, e & IO_APIC_REDIR_MASKED);
				ktest_info(test, "GSI %u is unmasked: %#llx", gsi,
					   (unsigned long long)e);
			}
		}
	}
	/* COM1's IRQ 4 and the keyboard's IRQ 1, where their drivers routed them. */
	KTEST_EXPECT_EQ(test, routed, (serial_rx_irq_enabled() ? 1 : 0) +
				      (i8042_kbd_irq_enabled() ? 1 : 0));
	KTEST_EXPECT_TRUE(test, i8042_kbd_irq_enabled());
}

/* The entry for COM1 against the MADT, read here without isa_irq_to_gsi(). */
static void serial_route_uses_madt_override(struct ktest *test)
{
	u32 gsi = COM1_IRQ;
	u16 mps = 0;
	u64 e;

	if (!serial_rx_irq_enabled())
		ktest_skip(test, "serial input is polled (no UART or no IOAPIC)");
	for (int i = 0; i < acpi_madt.nr_overrides; i++) {
		if (acpi_madt.overrides[i].bus == 0 && acpi_madt.overrides[i].source_irq == COM1_IRQ) {
			gsi = acpi_madt.overrides[i].gsi;
			mps = acpi_madt.overrides[i].flags;
			ktest_info(test, "MADT override: IRQ 4 -> GSI %u flags %#x", gsi, mps);
		}
	}
	KTEST_ASSERT_TRUE(test, ioapic_read_gsi_entry(gsi, &e));
	KTEST_EXPECT_TRUE(test, ioapic_gsi_routed(gsi));
	KTEST_EXPECT_UEQ(test, e & IO_APIC_REDIR_VECTOR_MASK, ISA_IRQ_VECTOR(COM1_IRQ));
	KTEST_EXPECT_FALSE(test, e & IO_APIC_REDIR_MASKED);
	KTEST_EXPECT_FALSE(test, e & IO_APIC_REDIR_DEST_LOGICAL);
	KTEST_EXPECT_UEQ(test, e >> IO_APIC_DEST_SHIFT, read_apic_id());
	KTEST_EXPECT_EQ(test, !!(e & IO_APIC_REDIR_LOW_POLARITY),
			(mps & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW);
	KTEST_EXPECT_EQ(test, !!(e & IO_APIC_REDIR_LEVEL_TRIGGER),
			(mps & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL);
}

/*
 * In loopback mode (MCR bit 4) the UART receives what it transmits, without the wire, and still
 * raises its receive interrupt: the byte must reach the ring through the handler. Nothing may
 * print while the loop is on, or the console's own bytes would land in the ring too.
 */
static void serial_loopback_byte_arrives_by_irq(struct ktest *test)
{
	unsigned long irqs0 = serial_rx_irqs;
	int c = -1;
	u64 t0, wait;

	if (!serial_rx_irq_enabled())
		ktest_skip(test, "serial input is polled (no UART or no IOAPIC)");
	while (serial_getc() >= 0)
		;
	outb(UART_MCR_LOOP | UART_MCR_NORMAL, COM1_BASE + UART_MCR);
	outb(0x5a, COM1_BASE + UART_TX);
	t0 = rdtsc_ordered();
	wait = (u64)tsc_khz * 100;
	while (rdtsc_ordered() - t0 < wait && (c = serial_getc()) < 0)
		cpu_relax();
	outb(UART_MCR_NORMAL, COM1_BASE + UART_MCR);
	KTEST_EXPECT_EQ(test, c, 0x5a);
	KTEST_EXPECT_UGT(test, serial_rx_irqs, irqs0);
	KTEST_EXPECT_EQ(test, serial_getc(), -1);
}

static struct ktest_case apic_cases[] = {
	KTEST_CASE(apic_mode_matches_cpuid),
	KTEST_CASE(lapic_setup_as_madt_says),
	KTEST_CASE(jiffies_helpers),
	KTEST_CASE(tick_runs_at_hz),
	KTEST_CASE(lapic_timer_matches_tsc),
	KTEST_CASE(self_ipi_runs_handler_once),
	KTEST_CASE(unregistered_vector_is_counted),
	KTEST_CASE(software_int_counted_by_kind),
	KTEST_CASE(irq_counts_add_up),
	KTEST_CASE(pic_is_masked),
	KTEST_CASE(ioapic_masked_except_routed),
	KTEST_CASE(serial_route_uses_madt_override),
	KTEST_CASE(serial_loopback_byte_arrives_by_irq),
	{}
};

static struct ktest_suite apic_suite = {
	.name = "apic",
	.cases = apic_cases,
	.boot_cpu = true,
};
ktest_register_suite(apic_suite);
