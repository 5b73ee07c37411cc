/* Starting the other CPUs (Linux: arch/x86/kernel/smpboot.c): number the CPUs the MADT lists,
 * copy the trampoline below 1 MiB, wake each AP with INIT-SIPI-SIPI and take it through its own
 * set-up (GDT, TSS, IDT, per-CPU area, local APIC, timer) into the scheduler as swapper/N. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/cpu.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/time.h>
#include <asm/apic.h>
#include <asm/bootparam.h>
#include <asm/boot.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/syscall.h>
#include <asm/irq_vectors.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/realmode.h>
#include <asm/smp.h>

/* A start-up IPI's vector is the page number of the code (CS = vector << 8, IP = 0): it must
 * lie below 1 MiB, and vectors 0xA0-0xBF are reserved (SDM vol. 3, 8.4.4.1), so the page must
 * be conventional memory below 640 KiB. Page 0 holds the real-mode IVT and BIOS data area. */
#define TRAMPOLINE_LOW		0x1000UL
#define TRAMPOLINE_HIGH		0xa0000UL

/* Waits for an AP: long enough for a loaded emulator host, short enough that a dead CPU only
 * delays the boot. */
#define AP_CALLIN_TIMEOUT_MS	2000
#define AP_ONLINE_TIMEOUT_NS	(2000ULL * NSEC_PER_MSEC)
#define CPU_DIE_TIMEOUT_NS	(1000ULL * NSEC_PER_MSEC)

unsigned long real_mode_base;
unsigned int setup_max_cpus = NR_CPUS;

/* The AP's page table while it enters long mode: the trampoline page identity-mapped (one
 * executable 2 MiB page at 0, no NX, so no EFER.NXE dependency for the fetch), the kernel half
 * shared with init_mm so the jump to secondary_startup_64 lands. In the kernel image, so below
 * 4 GiB, which a CR3 load in 32-bit code requires. */
static pteval_t trampoline_pgd[PTRS_PER_PGD] __aligned(PAGE_SIZE);
static pteval_t trampoline_pud[PTRS_PER_PUD] __aligned(PAGE_SIZE);
static pteval_t trampoline_pmd[PTRS_PER_PMD] __aligned(PAGE_SIZE);

/* The APIC id of each CPU number, filled by smp_prepare_cpus() from the MADT. */
static u32 cpu_to_apicid_map[NR_CPUS];
/* CPUs that have left the trampoline and set up their APIC (the header may be reused). The
 * boot CPU sleeps on ap_callin_done meanwhile rather than spinning: under an emulator a
 * spinning vCPU takes host time from the AP it waits for. */
static struct cpumask cpu_callin_mask;
static DECLARE_COMPLETION(ap_callin_done);
/* The boot CPU's control registers, which each AP copies. */
static unsigned long bsp_cr4;
static u64 bsp_efer;
/* CPUs halted in arch_cpu_idle_dead(), for native_cpu_die(); cleared when kicked again. */
static bool cpu_halted[NR_CPUS];
/* Microseconds between INIT and the first SIPI: the SDM's 10 ms, or none on CPUs known not
 * to need them (Linux's smp_quirk_init_udelay). */
static unsigned int init_udelay = 10000;

static int nosmp_setup(char *value)
{
	if (*value)
		return -EINVAL;
	setup_max_cpus = 0;
	return 0;
}
__setup("nosmp", nosmp_setup);

static int maxcpus_setup(char *value)
{
	unsigned int n = 0;

	if (!*value)
		return -EINVAL;
	for (; *value; value++) {
		if (*value < '0' || *value > '9' || n > NR_CPUS * 10)
			return -EINVAL;
		n = n * 10 + (*value - '0');
	}
	setup_max_cpus = n;
	return 0;
}
__setup("maxcpus=", maxcpus_setup);

/**
 * cpu_physical_id - the APIC id the MADT gives for a CPU
 * @cpu: the CPU number
 *
 * For CPU 0 it is the boot CPU's id as read from its local APIC.
 *
 * Linux 6.1: cpu_physical_id(cpu) is per_cpu(x86_cpu_to_apicid, cpu), which here is the id
 * each CPU read from its own APIC; this table keeps what the MADT said.
 *
 * Context: any, after smp_prepare_cpus().
 * Return: the APIC id, 0 for a CPU smp_prepare_cpus() did not number.
 */
u32 cpu_physical_id(unsigned int cpu)
{
	return cpu_to_apicid_map[cpu];
}

static bool overlaps(unsigned long a, unsigned long a_end, unsigned long b, unsigned long b_end)
{
	return a < b_end && b < a_end;
}

/* Whether the page at @pa holds something the loader handed over (the multiboot2 info, which
 * UEFI GRUB places in low memory near 0x4000, or a module). */
static bool holds_boot_data(unsigned long pa)
{
	if (overlaps(pa, pa + PAGE_SIZE, boot_params.mbi_start, boot_params.mbi_end))
		return true;
	for (int i = 0; i < boot_params.nr_modules; i++)
		if (overlaps(pa, pa + PAGE_SIZE, boot_params.modules[i].start,
			     boot_params.modules[i].end))
			return true;
	return false;
}

/**
 * reserve_real_mode - reserve the page the APs start in
 *
 * As Linux's reserve_real_mode(): the highest free page of conventional memory that holds no
 * boot data (the multiboot2 information, which UEFI GRUB places in low memory, or a module).
 * Called by e820__memblock_setup() after the RAM is added and before the whole first MiB is
 * reserved, so "free" here means RAM in the firmware's memory map. O(free ranges + pages below
 * 640 KiB). The page must lie between 4 KiB and 640 KiB: a start-up IPI's vector is its page
 * number, and vectors 0xA0-0xBF are reserved.
 *
 * Context: boot CPU, once, early in setup_arch().
 * Return: nothing. Without such a page real_mode_base stays 0 and only the boot CPU runs.
 */
void reserve_real_mode(void)
{
	phys_addr_t cursor, start, end;
	unsigned long best = 0;

	for_each_free_mem_range(cursor, start, end) {
		unsigned long s = max_t(unsigned long, PAGE_ALIGN(start), TRAMPOLINE_LOW);
		unsigned long e = min_t(unsigned long, ALIGN_DOWN(end, PAGE_SIZE), TRAMPOLINE_HIGH);

		for (unsigned long pa = e; pa >= s + PAGE_SIZE; pa -= PAGE_SIZE) {
			if (!holds_boot_data(pa - PAGE_SIZE)) {
				best = max(best, pa - PAGE_SIZE);
				break;
			}
		}
	}
	if (!best || memblock_reserve(best, PAGE_SIZE)) {
		pr_err("smpboot: no free page below 640 KiB for the AP trampoline; one CPU only\n");
		return;
	}
	real_mode_base = best;
	pr_info("smpboot: AP trampoline page at %#lx (SIPI vector %#lx)\n", best, best >> 12);
}

/* Identity map of the first 2 MiB plus the kernel half (entries 256-511) of init_mm's table.
 * Rebuilt before each bring-up: kernel top-level entries can be added after boot. */
static void setup_trampoline_pgtable(void)
{
	const pteval_t table = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

	trampoline_pmd[0] = table | _PAGE_PSE;
	trampoline_pud[0] = __pa(trampoline_pmd) | table;
	trampoline_pgd[0] = __pa(trampoline_pud) | table;
	memcpy(trampoline_pgd + KERNEL_PGD_BOUNDARY, init_top_pgt + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_PTRS * sizeof(pteval_t));
}

static struct trampoline_header *tr_header(void)
{
	return __va(real_mode_base) + (trampoline_header - trampoline_start);
}

/* Copy the blob and fill in what every AP shares; the stack and GS base are per AP. */
static void setup_real_mode(void)
{
	struct trampoline_header *th;

	memcpy(__va(real_mode_base), trampoline_start, trampoline_end - trampoline_start);
	if (__pa(trampoline_pgd) >= SZ_4G)
		panic("smpboot: trampoline page table above 4 GiB (%#lx)", __pa(trampoline_pgd));
	bsp_cr4 = read_cr4();
	bsp_efer = rdmsr(MSR_EFER);
	th = tr_header();
	th->start = (unsigned long)secondary_startup_64;
	th->kernel_cr3 = __pa(init_mm.pgd);
	th->tramp_cr3 = __pa(trampoline_pgd);
	th->cr0 = read_cr0();
	/* PCIDE can only be set in long mode; the AP sets the rest of CR4 in start_secondary(). */
	th->cr4 = bsp_cr4 & ~X86_CR4_PCIDE;
	th->efer = bsp_efer & (EFER_LME | EFER_NX | EFER_SCE);
}

/* Linux's smp_quirk_init_udelay(): processors from the P6 and K8 on need no 10 ms after INIT. */
static void smp_quirk_init_udelay(void)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;

	if ((c->x86_vendor == X86_VENDOR_INTEL && c->x86 >= 6) ||
	    (c->x86_vendor == X86_VENDOR_AMD && c->x86 >= 0xf) ||
	    (c->x86_vendor == X86_VENDOR_HYGON && c->x86 >= 0x18))
		init_udelay = 0;
}

/**
 * smp_prepare_cpus - number the present CPUs and copy the AP trampoline
 *
 * CPU 0 is the boot CPU; the others are the MADT's enabled entries in table order, skipping the
 * boot CPU's own, up to nr_cpu_ids (the possible CPUs, which got per-CPU areas). Every one of
 * them is present; how many are brought up is maxcpus's business. Also decides whether INIT
 * needs its 10 ms wait, and copies the trampoline with what every AP shares (the boot CPU's CR0, CR4 and EFER, the page
 * tables, the 64-bit entry point).
 *
 * Linux 6.1: the CPUs are numbered while the MADT is parsed (generic_processor_info()), and
 * native_smp_prepare_cpus() sets up topology and the boot CPU's APIC; the trampoline is copied
 * at boot by setup_real_mode().
 *
 * Context: boot CPU, once, from kernel_init before smp_init(), after the boot CPU's local APIC
 * is set up.
 * Return: nothing.
 */
void smp_prepare_cpus(void)
{
	u32 boot_id = this_cpu_read(x86_cpu_to_apicid);
	unsigned int cpu = 1;

	cpu_to_apicid_map[0] = boot_id;
	set_cpu_present(0, true);
	for (int i = 0; i < acpi_madt.nr_cpus && cpu < nr_cpu_ids; i++) {
		const struct acpi_cpu *c = &acpi_madt.cpus[i];

		if (!c->enabled || c->apic_id == boot_id)
			continue;
		cpu_to_apicid_map[cpu] = c->apic_id;
		per_cpu(x86_cpu_to_apicid, cpu) = c->apic_id;
		set_cpu_present(cpu, true);
		cpu++;
	}
	if (acpi_madt.nr_enabled > (int)NR_CPUS)
		pr_warn("smpboot: %d CPUs enabled, NR_CPUS is %d; the rest are ignored\n",
			acpi_madt.nr_enabled, NR_CPUS);
	smp_quirk_init_udelay();
	if (real_mode_base)
		setup_real_mode();
}

/*
 * The SDM's INIT-SIPI-SIPI (vol. 3, 8.4.4.1): INIT resets the AP into wait-for-SIPI; after
 * 10 ms (none on modern CPUs, as Linux does) the start-up IPI starts it in real mode at the
 * vector's page, 200 us later a second one in case the first was lost (an AP already running
 * ignores it). The INIT is level-asserted; modern APICs need no de-assert, and x2APIC has none.
 */
static void wakeup_secondary_cpu_via_init(u32 apicid, unsigned long start_eip)
{
	unsigned int sipi_udelay = init_udelay ? 200 : 10;

	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
	if (init_udelay)
		udelay(init_udelay);
	for (int i = 0; i < 2; i++) {
		apic_icr_write(APIC_DM_STARTUP | (start_eip >> 12), apicid);
		udelay(sipi_udelay);
	}
}

/* Each AP keeps its IST stacks for good: a CPU coming back after hotplug reuses them. */
static int alloc_exception_stacks(unsigned int cpu)
{
	unsigned long es;

	if (cpu_exception_stacks[cpu])
		return 0;
	es = __get_free_pages(GFP_KERNEL, get_order(sizeof(struct exception_stacks)));
	if (!es)
		return -ENOMEM;
	cpu_exception_stacks[cpu] = (struct exception_stacks *)es;
	return 0;
}

/* Sleep until @cpu calls in. A completion left over from an AP that called in after its
 * timeout is told apart by the mask. */
static bool wait_for_callin(unsigned int cpu)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(AP_CALLIN_TIMEOUT_MS);

	while (!cpumask_test_cpu(cpu, &cpu_callin_mask)) {
		long left = (long)(deadline - jiffies);

		if (left <= 0 || !wait_for_completion_timeout(&ap_callin_done, left))
			return cpumask_test_cpu(cpu, &cpu_callin_mask);
	}
	return true;
}

/* An AP that missed its deadline may still wake later: INIT puts it back to wait-for-SIPI, so
 * it never runs on a header that now belongs to another CPU. */
static void park_failed_ap(unsigned int cpu)
{
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, cpu_physical_id(cpu));
}

/**
 * native_kick_ap - start an AP on its idle task and wait until it has called in
 * @cpu: the CPU to start
 * @idle: its idle task
 *
 * Linux's do_boot_cpu(): hand the AP its idle task (as `current` and as the stack the
 * trampoline loads), its per-CPU offset and (first time only) its IST stacks, send
 * INIT-SIPI-SIPI and sleep until it has called in from C, up to 2 s. The AP finishes its own
 * set-up and goes online in parallel (native_wait_ap_online()). An AP that missed its deadline
 * is sent INIT again, so a late wake-up never runs on a header that belongs to another CPU.
 *
 * Context: process context, may sleep (GFP_KERNEL, a completion). Serialised by the caller
 * (cpu_add_remove_lock): one AP uses the trampoline header at a time.
 * Return: 0 once the AP called in; -EIO without a trampoline page or if it did not answer;
 * -ENOMEM if its IST stacks could not be allocated.
 */
int native_kick_ap(unsigned int cpu, struct task_struct *idle)
{
	struct trampoline_header *th = tr_header();
	u32 apicid = cpu_physical_id(cpu);

	if (!real_mode_base)
		return -EIO;
	if (alloc_exception_stacks(cpu))
		return -ENOMEM;
	cpumask_clear_cpu(cpu, &cpu_callin_mask);
	WRITE_ONCE(cpu_halted[cpu], false);
	reinit_completion(&ap_callin_done);
	per_cpu(current_task, cpu) = idle;
	per_cpu(__preempt_count, cpu) = PREEMPT_ENABLED;
	setup_trampoline_pgtable();
	th->stack = (unsigned long)idle->stack + THREAD_SIZE;
	th->gs_base = __per_cpu_offset[cpu];
	/* The ICR write that sends the IPI is ordered after these stores (apic_icr_write). */
	wakeup_secondary_cpu_via_init(apicid, real_mode_base);
	if (!wait_for_callin(cpu)) {
		park_failed_ap(cpu);
		pr_err("smpboot: CPU %u (APIC id %u) did not answer INIT-SIPI-SIPI within %u ms; "
		       "skipped\n", cpu, apicid, AP_CALLIN_TIMEOUT_MS);
		return -EIO;
	}
	return 0;
}

/**
 * native_wait_ap_online - wait until a kicked AP is online
 * @cpu: the CPU native_kick_ap() started
 *
 * After calling in, an AP has a few stores left before it is online: a short spin, up to 2 s.
 * One that does not make it is put back to wait-for-SIPI with INIT.
 *
 * Linux 6.1: native_cpu_up() spins on cpu_online() the same way, but without a time limit.
 *
 * Context: process context, the CPU bringing @cpu up; busy-waits, does not sleep.
 * Return: 0 once @cpu is online, -EIO on timeout.
 */
int native_wait_ap_online(unsigned int cpu)
{
	u64 start = sched_clock();

	while (!cpu_online(cpu)) {
		if (sched_clock() - start > AP_ONLINE_TIMEOUT_NS)
			goto timeout;
		cpu_relax();
	}
	return 0;
timeout:
	park_failed_ap(cpu);
	pr_err("smpboot: CPU %u (APIC id %u) called in but did not come online within %llu ms; "
	       "skipped\n", cpu, cpu_physical_id(cpu), AP_ONLINE_TIMEOUT_NS / NSEC_PER_MSEC);
	return -EIO;
}

/**
 * start_secondary - an AP's first C code: set itself up and enter the idle loop
 *
 * The AP's own set-up, as the boot CPU did it (control registers, PAT, GDT/TSS/IDT, SYSCALL,
 * FPU, local APIC and timer), then it calls in, runs its STARTING hotplug steps, goes online
 * and enters the idle loop (Linux: start_secondary / cpu_init).
 *
 * Linux 6.1: start_secondary(void *unused) also calibrates the delay loop and checks the TSC's
 * sync with the boot CPU.
 *
 * Context: the AP itself, from the trampoline via secondary_startup_64, with interrupts off on
 * swapper/N's stack; current and the GS base are already this CPU's.
 * Return: does not return.
 */
__noreturn void start_secondary(void)
{
	unsigned int cpu = smp_processor_id();

	write_cr4(bsp_cr4);
	wrmsr(MSR_EFER, bsp_efer);
	pat_init();
	cpu_init_exception_handling(cpu);
	syscall_init();
	fpu__init_cpu();
	/* Test hook (arch/x86/smpboot_debug.c): with smpboot.dead_cpu= naming it, the AP stops. */
	smpboot_debug_dead_cpu(cpu);
	/* swapper/N borrows init_mm lazily like swapper/0 (Linux's mmgrab_lazy_tlb). */
	mmgrab(&init_mm);
	current->active_mm = &init_mm;
	apic_ap_setup();
	if (read_apic_id() != cpu_physical_id(cpu))
		pr_warn("smpboot: CPU %u has APIC id %u, the MADT said %u\n", cpu, read_apic_id(),
			cpu_physical_id(cpu));
	smp_store_cpu_apicid();
	/* The APIC can now send the wake-up IPI; the boot CPU may reuse the header. */
	cpumask_set_cpu(cpu, &cpu_callin_mask);
	complete(&ap_callin_done);
	idle_task(cpu)->se.exec_start = sched_clock();
	notify_cpu_starting(cpu);
	set_cpu_online(cpu, true);
	cpuhp_online_idle();
	local_irq_enable();
	cpu_startup_entry();
}

/* ---- CPU hotplug: the dying CPU's last steps ------------------------------------------------ */

/**
 * arch_cpu_idle_dead - the last code an offline CPU runs
 *
 * Linux's native_play_dead() with hlt_play_dead(): the idle task of an offline CPU ends here,
 * interrupts off, halted. Nothing but an NMI (which returns here) or INIT wakes it; INIT-SIPI-
 * SIPI from cpu_up() restarts it in the trampoline on the same idle task's stack, which holds
 * nothing that is still needed. Drops the idle task's borrowed mm and then sets the flag
 * native_cpu_die() waits for.
 *
 * Linux 6.1: native_play_dead() may use MWAIT and reports death through cpu_report_death().
 *
 * Context: the offline CPU's idle task, from the idle loop.
 * Return: does not return.
 */
__noreturn void arch_cpu_idle_dead(void)
{
	unsigned int cpu = smp_processor_id();

	local_irq_disable();
	idle_task_exit();
	__atomic_store_n(&cpu_halted[cpu], true, __ATOMIC_RELEASE);
	for (;;)
		native_halt();
}

/**
 * native_cpu_die - wait until a dying CPU has halted
 * @cpu: the CPU being taken offline
 *
 * The control CPU, after the idle task reported the CPU dead: the last stores are a few
 * instructions away, so spin for the first 100 us, then sleep a tick between looks; give up
 * after 1 s.
 *
 * Linux 6.1: native_cpu_die() waits in cpu_wait_death() (up to 5 s) and returns nothing.
 *
 * Context: process context on the control CPU, may sleep.
 * Return: 0 once @cpu has halted in arch_cpu_idle_dead(), -EIO if it did not within 1 s.
 */
int native_cpu_die(unsigned int cpu)
{
	u64 start = sched_clock();

	while (!__atomic_load_n(&cpu_halted[cpu], __ATOMIC_ACQUIRE)) {
		u64 waited = sched_clock() - start;

		if (waited > CPU_DIE_TIMEOUT_NS) {
			pr_err("smpboot: CPU %u did not halt within %llu ms of going offline\n", cpu,
			       CPU_DIE_TIMEOUT_NS / NSEC_PER_MSEC);
			return -EIO;
		}
		if (waited < 100 * NSEC_PER_USEC)
			cpu_relax();
		else
			schedule_timeout_uninterruptible(1);
	}
	return 0;
}
