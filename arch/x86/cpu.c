/* Boot CPU identification from CPUID: vendor, family/model/stepping, brand string and the
 * feature bits the kernel relies on, reported in the boot log with absent features marked. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/preempt.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/uaccess.h>

/* Where Linux x86 keeps it: next to the other per-CPU state of the CPU itself. */
DEFINE_PER_CPU(int, __preempt_count) = PREEMPT_ENABLED;

#define MSR_IA32_APICBASE		0x1b
#define MSR_IA32_APICBASE_EXTD		(1UL << 10)

struct cpuinfo_x86 boot_cpu_data;
bool x86_smap_enabled;

/* What the boot report lists: the features later code chooses paths by. */
const struct x86_cap_name x86_boot_report_caps[] = {
	{ X86_FEATURE_NX, "nx" },
	{ X86_FEATURE_GBPAGES, "pdpe1gb" },
	{ X86_FEATURE_X2APIC, "x2apic" },
	{ X86_FEATURE_NONSTOP_TSC, "invariant_tsc" },
	{ X86_FEATURE_PCID, "pcid" },
	{ X86_FEATURE_INVPCID, "invpcid" },
	{ X86_FEATURE_APIC, "apic" },
	{ X86_FEATURE_TSC, "tsc" },
	{ X86_FEATURE_TSC_DEADLINE_TIMER, "tsc_deadline_timer" },
	{ X86_FEATURE_RDTSCP, "rdtscp" },
	{ X86_FEATURE_PGE, "pge" },
	{ X86_FEATURE_PAT, "pat" },
	{ X86_FEATURE_FSGSBASE, "fsgsbase" },
	{ X86_FEATURE_SMEP, "smep" },
	{ X86_FEATURE_SMAP, "smap" },
	{ X86_FEATURE_LA57, "la57" },
	{ X86_FEATURE_HYPERVISOR, "hypervisor" },
	{ 0, NULL }
};

static const struct {
	const char *id;
	enum x86_vendor vendor;
} vendors[] = {
	{ "GenuineIntel", X86_VENDOR_INTEL },
	{ "AuthenticAMD", X86_VENDOR_AMD },
	{ "HygonGenuine", X86_VENDOR_HYGON },
	{ "CentaurHauls", X86_VENDOR_CENTAUR },
	{ "  Shanghai  ", X86_VENDOR_ZHAOXIN },
};

static void set_cpu_cap(struct cpuinfo_x86 *c, unsigned int feature)
{
	c->x86_capability[feature / 32] |= 1U << (feature % 32);
}

static void get_cpu_vendor(struct cpuinfo_x86 *c)
{
	u32 eax, ebx, ecx, edx;

	cpuid(0, &eax, &ebx, &ecx, &edx);
	c->cpuid_level = eax;
	memcpy(c->x86_vendor_id, &ebx, 4);
	memcpy(c->x86_vendor_id + 4, &edx, 4);
	memcpy(c->x86_vendor_id + 8, &ecx, 4);
	c->x86_vendor_id[12] = '\0';
	c->x86_vendor = X86_VENDOR_UNKNOWN;
	for (size_t i = 0; i < ARRAY_SIZE(vendors); i++)
		if (!strcmp(c->x86_vendor_id, vendors[i].id))
			c->x86_vendor = vendors[i].vendor;
}

/* The extended family counts only when the base family is 0xF; the extended model counts from
 * family 6 on (Intel's and AMD's documented rule). */
static void get_cpu_signature(struct cpuinfo_x86 *c, u32 sig)
{
	c->x86 = (sig >> 8) & 0xf;
	if (c->x86 == 0xf)
		c->x86 += (sig >> 20) & 0xff;
	c->x86_model = (sig >> 4) & 0xf;
	if (c->x86 >= 0x6)
		c->x86_model += ((sig >> 16) & 0xf) << 4;
	c->x86_stepping = sig & 0xf;
}

static void get_model_name(struct cpuinfo_x86 *c)
{
	u32 *v = (u32 *)c->x86_model_id;
	char *s = c->x86_model_id;

	if (c->extended_cpuid_level < 0x80000004) {
		strscpy(c->x86_model_id, "unknown model", sizeof(c->x86_model_id));
		return;
	}
	for (u32 i = 0; i < 3; i++)
		cpuid(0x80000002 + i, &v[i * 4], &v[i * 4 + 1], &v[i * 4 + 2], &v[i * 4 + 3]);
	c->x86_model_id[48] = '\0';
	while (*s == ' ')
		s++;
	memmove(c->x86_model_id, s, strlen(s) + 1);
}

static void get_hypervisor_id(struct cpuinfo_x86 *c)
{
	u32 eax, sig[3];

	if (!cpu_has(c, X86_FEATURE_HYPERVISOR))
		return;
	cpuid(0x40000000, &eax, &sig[0], &sig[1], &sig[2]);
	memcpy(c->hypervisor_id, sig, 12);
	c->hypervisor_id[12] = '\0';
}

static void get_cpu_cap(struct cpuinfo_x86 *c)
{
	u32 eax, ebx, ecx, edx;

	if (c->cpuid_level >= 1) {
		cpuid(1, &eax, &ebx, &ecx, &edx);
		get_cpu_signature(c, eax);
		c->x86_capability[CPUID_1_EDX] = edx;
		c->x86_capability[CPUID_1_ECX] = ecx;
		c->x86_clflush_size = ((ebx >> 8) & 0xff) * 8;
		c->initial_apicid = ebx >> 24;
	}
	if (c->cpuid_level >= 7) {
		cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
		c->x86_capability[CPUID_7_0_EBX] = ebx;
		c->x86_capability[CPUID_7_0_ECX] = ecx;
	}
	cpuid(0x80000000, &eax, &ebx, &ecx, &edx);
	c->extended_cpuid_level = (eax & 0xffff0000) == 0x80000000 ? eax : 0;
	if (c->extended_cpuid_level >= 0x80000001) {
		cpuid(0x80000001, &eax, &ebx, &ecx, &edx);
		c->x86_capability[CPUID_8000_0001_EDX] = edx;
		c->x86_capability[CPUID_8000_0001_ECX] = ecx;
	}
	if (c->extended_cpuid_level >= 0x80000007) {
		cpuid(0x80000007, &eax, &ebx, &ecx, &edx);
		if (edx & (1U << 8)) {
			set_cpu_cap(c, X86_FEATURE_CONSTANT_TSC);
			set_cpu_cap(c, X86_FEATURE_NONSTOP_TSC);
		}
	}
	c->x86_phys_bits = 36;
	c->x86_virt_bits = 48;
	if (c->extended_cpuid_level >= 0x80000008) {
		cpuid(0x80000008, &eax, &ebx, &ecx, &edx);
		c->x86_phys_bits = eax & 0xff;
		c->x86_virt_bits = (eax >> 8) & 0xff;
	}
}

/**
 * read_apic_id_cpuid - the APIC id of the running CPU, as CPUID reports it
 *
 * Leaf 0xB gives the full 32-bit x2APIC id (an id above 255 only exists in x2APIC mode); a
 * CPU without that leaf reports EBX == 0 for it, and then the 8-bit initial APIC id in CPUID
 * leaf 1's EBX[31:24] is the answer. Needs no APIC mapping, so it works before the local APIC
 * is set up. Uses boot_cpu_data.cpuid_level, so early_cpu_init() must have filled that.
 *
 * Linux 6.1: reads the id from the APIC itself (read_apic_id()) once the APIC is up; CPUID is
 * used for the topology code's initial_apicid.
 *
 * Context: any; reports the CPU it runs on, so the caller must not migrate between the call
 * and the use of the result.
 * Return: the APIC id.
 */
u32 read_apic_id_cpuid(void)
{
	u32 eax, ebx, ecx, edx;

	/* Leaf 0xB gives the full 32-bit x2APIC id; EBX == 0 means the CPU lacks the leaf. */
	if (boot_cpu_data.cpuid_level >= 0xb) {
		cpuid_count(0xb, 0, &eax, &ebx, &ecx, &edx);
		if (ebx)
			return edx;
	}
	cpuid(1, &eax, &ebx, &ecx, &edx);
	return ebx >> 24;
}

/*
 * Linux's setup_smep(), setup_smap() and setup_umip(): the kernel may then neither execute
 * (SMEP) nor, outside stac/clac, touch (SMAP) user pages, and user mode may not read the
 * descriptor tables (UMIP). Set on the boot CPU; the APs load the same CR4 in
 * start_secondary().
 */
static void setup_smep_smap_umip(struct cpuinfo_x86 *c)
{
	unsigned long cr4 = read_cr4();

	if (cpu_has(c, X86_FEATURE_SMEP))
		cr4 |= X86_CR4_SMEP;
	if (cpu_has(c, X86_FEATURE_SMAP)) {
		cr4 |= X86_CR4_SMAP;
		x86_smap_enabled = true;
	}
	if (cpu_has(c, X86_FEATURE_UMIP))
		cr4 |= X86_CR4_UMIP;
	write_cr4(cr4);
}

/**
 * early_cpu_init - identify the boot CPU and turn on SMEP, SMAP and UMIP
 *
 * Fills boot_cpu_data from CPUID: vendor, family/model/stepping, the capability words later code
 * tests with boot_cpu_has(), the brand string, the hypervisor's signature and the initial APIC
 * id. Then sets CR4.SMEP/SMAP/UMIP on this CPU where the CPU has them (the APs copy the same
 * CR4 in start_secondary()) and records SMAP in x86_smap_enabled.
 *
 * Linux 6.1: early_cpu_init() only identifies; SMEP/SMAP/UMIP are set later in
 * identify_cpu(), once per CPU, and there is no per-vendor setup here.
 *
 * Context: boot CPU only, once, from setup_arch() before trap_init(); interrupts off.
 * Return: nothing.
 */
void early_cpu_init(void)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;

	get_cpu_vendor(c);
	get_cpu_cap(c);
	get_model_name(c);
	get_hypervisor_id(c);
	c->initial_apicid = read_apic_id_cpuid();
	setup_smep_smap_umip(c);
}

static void print_cpu_features(const struct cpuinfo_x86 *c)
{
	char line[256];
	size_t n = 0;

	for (const struct x86_cap_name *f = x86_boot_report_caps; f->name; f++)
		n += scnprintf(line + n, sizeof(line) - n, " %s%s",
			      cpu_has(c, f->feature) ? "" : "-", f->name);
	pr_info("CPU features:%s\n", line);
}

/**
 * print_cpu_info - report the boot CPU in the boot log
 *
 * Prints vendor, family/model/stepping and brand; the features of x86_boot_report_caps, each
 * absent one with a leading '-'; whether SMEP, SMAP and UMIP are on in CR4; the address widths,
 * the initial APIC id, the hypervisor (if any) and whether firmware left x2APIC mode enabled.
 *
 * Linux 6.1: print_cpu_info() prints only the model line; the feature list is /proc/cpuinfo's.
 *
 * Context: boot CPU, from setup_arch() after tsc_init(); may print through printk.
 * Return: nothing.
 */
void print_cpu_info(void)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;

	pr_info("CPU: %s family 0x%x model 0x%x stepping %u: %s\n", c->x86_vendor_id, c->x86,
		c->x86_model, c->x86_stepping, c->x86_model_id);
	print_cpu_features(c);
	pr_info("x86/cpu: SMEP %s, SMAP %s, UMIP %s\n", (read_cr4() & X86_CR4_SMEP) ? "on" : "off",
		(read_cr4() & X86_CR4_SMAP) ? "on" : "off", (read_cr4() & X86_CR4_UMIP) ? "on" : "off");
	pr_info("CPU: %u-bit physical, %u-bit virtual addresses; APIC id %u%s%s%s\n",
		c->x86_phys_bits, c->x86_virt_bits, c->initial_apicid,
		c->hypervisor_id[0] ? "; hypervisor " : "", c->hypervisor_id,
		boot_cpu_has(X86_FEATURE_APIC) &&
		(rdmsr(MSR_IA32_APICBASE) & MSR_IA32_APICBASE_EXTD) ?
		"; x2APIC mode enabled by firmware" : "");
}
