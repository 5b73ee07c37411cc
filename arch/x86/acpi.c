/* ACPI at boot: validate the RSDP the boot loader copied, walk the XSDT (or RSDT), print and
 * checksum every table as Linux does, and keep what the MADT, FADT and HPET tables say. Any
 * broken piece gets a one-line error and the safe fallback: one CPU, no HPET, no PM timer. */
#include <linux/kernel.h>
#include <linux/acpi.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/cpufeature.h>
#include <asm/hpet.h>
#include <asm/processor.h>

#define ACPI_MAX_TABLES		48
/* Larger than any real table (big DSDTs are a few hundred KiB): a bigger length is garbage. */
#define ACPI_MAX_TABLE_SIZE	(16 * SZ_1M)
#define MSR_IA32_APICBASE	0x1b
#define APICBASE_ADDR_MASK	(~0xfffUL)

#define ACPI_ADR_SPACE_SYSTEM_IO	1
#define ACPI_FADT_TMR_VAL_EXT		(1 << 8)
#define ACPI_FADT_RESET_REGISTER	(1 << 10)	/* the reset register is supported */
#define ACPI_FADT_HW_REDUCED		(1 << 20)
#define ACPI_ADR_SPACE_SYSTEM_IO	1

struct acpi_generic_address {
	u8 space_id;
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;
	u64 address;
} __packed;

/* The FADT up to the fields Spindle reads; older revisions stop earlier, so every field is
 * read only when the table's length covers it. */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 model;
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;
	u32 pm1b_control_block;
	u32 pm2_control_block;
	u32 pm_timer_block;
	u32 gpe0_block;
	u32 gpe1_block;
	u8 pm1_event_length;
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;
	u16 boot_flags;
	u8 reserved;
	u32 flags;
	struct acpi_generic_address reset_register;
	u8 reset_value;
	u16 arm_boot_flags;
	u8 minor_revision;
	u64 xfacs;
	u64 xdsdt;
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;
	struct acpi_generic_address xpm1b_control_block;
	struct acpi_generic_address xpm2_control_block;
	struct acpi_generic_address xpm_timer_block;
} __packed;

_Static_assert(offsetof(struct acpi_table_fadt, boot_flags) == 109, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xdsdt) == 140, "FADT layout");
_Static_assert(offsetof(struct acpi_table_fadt, xpm_timer_block) == 208, "FADT layout");

struct acpi_table_hpet {
	struct acpi_table_header header;
	u32 id;
	struct acpi_generic_address address;
	u8 sequence;
	u16 minimum_tick;
	u8 flags;
} __packed;

struct acpi_table_facs {
	char signature[4];
	u32 length;
} __packed;

#define fadt_has(fadt, field) \
	((fadt)->header.length >= offsetof(struct acpi_table_fadt, field) + sizeof((fadt)->field))

struct acpi_madt_info acpi_madt;
struct acpi_fadt_info acpi_fadt;
bool acpi_disabled;

static struct {
	u64 phys;
	struct acpi_table_header *table;
} acpi_tables[ACPI_MAX_TABLES];
static int nr_acpi_tables;

static int acpi_setup(char *value)
{
	if (strcmp(value, "off"))
		return -EINVAL;
	acpi_disabled = true;
	return 0;
}
__setup("acpi=", acpi_setup);

/**
 * acpi_checksum - the byte sum of an ACPI structure
 * @buf: the structure
 * @len: its length in bytes
 *
 * A valid table (or RSDP) sums to zero over its length.
 *
 * Linux 6.1: acpi_ut_checksum() (ACPICA), which computes the same sum.
 *
 * Context: any. Return: the sum modulo 256; 0 means the checksum is right.
 */
u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* OEM fields are fixed-size and not NUL-terminated; firmware sometimes puts junk in them. */
static const char *acpi_field(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
	return dst;
}

static void acpi_print_table(u64 phys, const struct acpi_table_header *t)
{
	char sig[5], oem[7], oem_table[9], asl[5];

	pr_info("ACPI: %-4s 0x%016llX %06X (v%02u %-6s %-8s %08X %-4s %08X)\n",
		acpi_field(sig, t->signature, 4), (unsigned long long)phys, t->length,
		t->revision, acpi_field(oem, t->oem_id, 6),
		acpi_field(oem_table, t->oem_table_id, 8), t->oem_revision,
		acpi_field(asl, t->asl_compiler_id, 4), t->asl_compiler_revision);
}

/* Map a table: its header first, to learn its length, then all of it. */
static struct acpi_table_header *acpi_map_table(u64 phys, const char *what)
{
	struct acpi_table_header *hdr;
	char sig[5];
	u32 len;

	hdr = memremap(phys, sizeof(*hdr));
	if (!hdr) {
		pr_err("ACPI: cannot map the %s at 0x%llx; skipped\n", what,
		       (unsigned long long)phys);
		return NULL;
	}
	len = hdr->length;
	acpi_field(sig, hdr->signature, 4);
	memunmap(hdr);
	if (len < sizeof(*hdr) || len > ACPI_MAX_TABLE_SIZE) {
		pr_err("ACPI: %s (signature \"%s\") at 0x%llx has implausible length %u; skipped\n",
		       what, sig, (unsigned long long)phys, len);
		return NULL;
	}
	hdr = memremap(phys, len);
	if (!hdr)
		pr_err("ACPI: cannot map %u bytes of the %s at 0x%llx; skipped\n", len, what,
		       (unsigned long long)phys);
	return hdr;
}

/* Map, print and checksum one table; a table with a wrong checksum is reported and not used. */
static struct acpi_table_header *acpi_load_table(u64 phys, const char *what)
{
	struct acpi_table_header *t = acpi_map_table(phys, what);
	char sig[5];
	u8 sum;

	if (!t)
		return NULL;
	acpi_print_table(phys, t);
	sum = acpi_checksum(t, t->length);
	if (sum) {
		pr_err("ACPI: %s at 0x%llx has a wrong checksum (bytes sum to 0x%02x); table ignored\n",
		       acpi_field(sig, t->signature, 4), (unsigned long long)phys, sum);
		memunmap(t);
		return NULL;
	}
	return t;
}

static void acpi_record_table(u64 phys, struct acpi_table_header *t)
{
	if (nr_acpi_tables == ACPI_MAX_TABLES) {
		pr_err("ACPI: more than %d tables; %.4s and later ones not used\n",
		       ACPI_MAX_TABLES, t->signature);
		return;
	}
	acpi_tables[nr_acpi_tables].phys = phys;
	acpi_tables[nr_acpi_tables].table = t;
	nr_acpi_tables++;
}

/**
 * acpi_get_table - a table that passed its checksum at boot
 * @signature: its four-character signature ("APIC", "FACP", "HPET", "DSDT" ...)
 *
 * The tables stay mapped for good, so the pointer never goes stale.
 *
 * Linux 6.1: acpi_get_table(signature, instance, &table) returns an acpi_status, takes a
 * reference that acpi_put_table() drops, and can find the n-th of several; here the first.
 *
 * Context: any, after acpi_boot_init(); the table list is not changed after boot.
 * Return: the mapped table, or NULL if there is none.
 */
struct acpi_table_header *acpi_get_table(const char *signature)
{
	for (int i = 0; i < nr_acpi_tables; i++)
		if (!memcmp(acpi_tables[i].table->signature, signature, ACPI_NAMESEG_SIZE))
			return acpi_tables[i].table;
	return NULL;
}

/**
 * acpi_validate_rsdp - check an RSDP and choose the root table to walk
 * @rsdp: the RSDP (a copy the boot loader handed over)
 * @len: how many bytes of it there are
 * @why: set to a phrase saying what is wrong ("checksum is wrong" ...), or NULL
 *
 * Checks the length, signature and ACPI 1.0 checksum; for revision 2 and later also the length,
 * the extended checksum and the XSDT address. An ACPI 2.0 RSDP whose extended part is broken
 * still yields the RSDT if it has one: then the status is ACPI_RSDP_USE_RSDT and @why says
 * why the XSDT is not used.
 *
 * Linux 6.1: acpi_tb_validate_rsdp() checks the signature and checksums;
 * acpi_tb_parse_root_table() chooses the XSDT or the RSDT.
 *
 * Context: any; pure. Return: ACPI_RSDP_USE_XSDT, ACPI_RSDP_USE_RSDT or ACPI_RSDP_BAD.
 */
enum acpi_rsdp_status acpi_validate_rsdp(const struct acpi_table_rsdp *rsdp, size_t len,
					 const char **why)
{
	*why = NULL;
	if (len < ACPI_RSDP_V1_SIZE) {
		*why = "is truncated";
		return ACPI_RSDP_BAD;
	}
	if (memcmp(rsdp->signature, "RSD PTR ", 8)) {
		*why = "has no \"RSD PTR \" signature";
		return ACPI_RSDP_BAD;
	}
	if (acpi_checksum(rsdp, ACPI_RSDP_V1_SIZE)) {
		*why = "checksum is wrong";
		return ACPI_RSDP_BAD;
	}
	if (rsdp->revision < 2) {
		if (rsdp->rsdt_physical_address)
			return ACPI_RSDP_USE_RSDT;
		*why = "has no RSDT address";
		return ACPI_RSDP_BAD;
	}
	if (len < ACPI_RSDP_V2_SIZE || rsdp->length < ACPI_RSDP_V2_SIZE)
		*why = "is an ACPI 2.0 RSDP but too short for its XSDT address";
	else if (acpi_checksum(rsdp, min_t(size_t, rsdp->length, len)))
		*why = "extended checksum is wrong";
	else if (!rsdp->xsdt_physical_address)
		*why = "has no XSDT address";
	else
		return ACPI_RSDP_USE_XSDT;
	if (!rsdp->rsdt_physical_address) {
		*why = *why ? *why : "has no RSDT address";
		return ACPI_RSDP_BAD;
	}
	return ACPI_RSDP_USE_RSDT;
}

/**
 * acpi_polarity_name - the MPS INTI polarity of MADT flags, as Linux's boot log names it
 * @flags: the entry's inti_flags
 *
 * Context: any. Return: "dfl", "high", "res" or "low" (a static string).
 */
const char *acpi_polarity_name(u16 flags)
{
	static const char *const names[] = { "dfl", "high", "res", "low" };

	return names[flags & ACPI_MADT_POLARITY_MASK];
}

/**
 * acpi_trigger_name - the MPS INTI trigger mode of MADT flags, as Linux's boot log names it
 * @flags: the entry's inti_flags
 *
 * Context: any. Return: "dfl", "edge", "res" or "level" (a static string).
 */
const char *acpi_trigger_name(u16 flags)
{
	static const char *const names[] = { "dfl", "edge", "res", "level" };

	return names[(flags & ACPI_MADT_TRIGGER_MASK) >> 2];
}

static const char *cpu_state_name(u32 flags)
{
	if (flags & ACPI_MADT_ENABLED)
		return "enabled";
	return flags & ACPI_MADT_ONLINE_CAPABLE ? "online-capable" : "disabled";
}

static void madt_add_cpu(struct acpi_madt_info *info, u32 apic_id, u32 uid, u32 flags,
			 bool x2apic, bool verbose)
{
	bool enabled = flags & ACPI_MADT_ENABLED;
	struct acpi_cpu *cpu;

	if (!enabled && !(flags & ACPI_MADT_ONLINE_CAPABLE))
		return;
	for (int i = 0; i < info->nr_cpus; i++) {
		if (info->cpus[i].apic_id == apic_id) {
			if (verbose)
					pr_err("ACPI: MADT lists APIC id %u twice; the second entry ignored\n",
				       apic_id);
			return;
		}
	}
	if (info->nr_cpus == ACPI_MAX_CPUS) {
		if (verbose)
				pr_err("ACPI: MADT lists more than %d CPUs; APIC id %u ignored\n",
			       ACPI_MAX_CPUS, apic_id);
		return;
	}
	cpu = &info->cpus[info->nr_cpus++];
	cpu->apic_id = apic_id;
	cpu->acpi_uid = uid;
	cpu->enabled = enabled;
	cpu->x2apic = x2apic;
	info->nr_possible++;
	if (enabled)
		info->nr_enabled++;
}

static void madt_add_nmi(struct acpi_madt_info *info, u32 uid, u16 flags, u8 lint)
{
	if (info->nr_lapic_nmis == ACPI_MAX_LAPIC_NMIS) {
		pr_err("ACPI: MADT lists more than %d local APIC NMIs; the rest ignored\n",
		       ACPI_MAX_LAPIC_NMIS);
		return;
	}
	info->lapic_nmis[info->nr_lapic_nmis++] = (struct acpi_lapic_nmi){
		.acpi_uid = uid, .flags = flags, .lint = lint };
}

static void madt_local_apic(struct acpi_madt_info *info, const void *e, bool verbose)
{
	const struct acpi_madt_local_apic *p = e;

	if (verbose)
		pr_info("ACPI: LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n", p->processor_id,
			p->id, cpu_state_name(p->lapic_flags));
	/* 0xff is the xAPIC broadcast id: never a real CPU's (x2APIC ids come as type 9). */
	if (p->id != 0xff)
		madt_add_cpu(info, p->id, p->processor_id, p->lapic_flags, false, verbose);
}

static void madt_local_x2apic(struct acpi_madt_info *info, const void *e, bool verbose)
{
	const struct acpi_madt_local_x2apic *p = e;

	if (verbose)
		pr_info("ACPI: X2APIC (apic_id[0x%02x] uid[0x%02x] %s)\n", p->local_apic_id,
			p->uid, cpu_state_name(p->lapic_flags));
	madt_add_cpu(info, p->local_apic_id, p->uid, p->lapic_flags, true, verbose);
}

static void madt_io_apic(struct acpi_madt_info *info, const void *e, bool verbose)
{
	const struct acpi_madt_io_apic *p = e;

	if (verbose)
		pr_info("ACPI: IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n", p->id,
			p->address, p->global_irq_base);
	if (info->nr_ioapics == ACPI_MAX_IOAPICS) {
		pr_err("ACPI: MADT lists more than %d IOAPICs; id %u ignored\n",
		       ACPI_MAX_IOAPICS, p->id);
		return;
	}
	info->ioapics[info->nr_ioapics++] = (struct acpi_ioapic){
		.id = p->id, .address = p->address, .gsi_base = p->global_irq_base };
}

static void madt_override(struct acpi_madt_info *info, const void *e, bool verbose)
{
	const struct acpi_madt_interrupt_override *p = e;

	if (verbose)
		pr_info("ACPI: INT_SRC_OVR (bus %u bus_irq %u global_irq %u %s %s)\n", p->bus,
			p->source_irq, p->global_irq, acpi_polarity_name(p->inti_flags),
			acpi_trigger_name(p->inti_flags));
	if (info->nr_overrides == ACPI_MAX_OVERRIDES) {
		pr_err("ACPI: MADT lists more than %d interrupt overrides; IRQ %u ignored\n",
		       ACPI_MAX_OVERRIDES, p->source_irq);
		return;
	}
	info->overrides[info->nr_overrides++] = (struct acpi_irq_override){
		.bus = p->bus, .source_irq = p->source_irq, .flags = p->inti_flags,
		.gsi = p->global_irq };
}

static void madt_entry(struct acpi_madt_info *info, const struct acpi_subtable_header *e,
		       bool verbose)
{
	const struct acpi_madt_nmi_source *src = (const void *)e;
	const struct acpi_madt_local_apic_nmi *nmi = (const void *)e;
	const struct acpi_madt_local_x2apic_nmi *x2nmi = (const void *)e;
	const struct acpi_madt_local_apic_override *ovr = (const void *)e;

	switch (e->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		madt_local_apic(info, e, verbose);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		madt_local_x2apic(info, e, verbose);
		break;
	case ACPI_MADT_TYPE_IO_APIC:
		madt_io_apic(info, e, verbose);
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		madt_override(info, e, verbose);
		break;
	case ACPI_MADT_TYPE_NMI_SOURCE:
		if (verbose)
			pr_info("ACPI: NMI_SRC (%s %s global_irq %u)\n",
				acpi_polarity_name(src->inti_flags),
				acpi_trigger_name(src->inti_flags), src->global_irq);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		if (verbose)
			pr_info("ACPI: LAPIC_NMI (acpi_id[0x%02x] %s %s lint[0x%x])\n",
				nmi->processor_id, acpi_polarity_name(nmi->inti_flags),
				acpi_trigger_name(nmi->inti_flags), nmi->lint);
		madt_add_nmi(info, nmi->processor_id == 0xff ? ACPI_ALL_PROCESSORS :
			     nmi->processor_id, nmi->inti_flags, nmi->lint);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC_NMI:
		if (verbose)
			pr_info("ACPI: X2APIC_NMI (uid[0x%02x] %s %s lint[0x%x])\n", x2nmi->uid,
				acpi_polarity_name(x2nmi->inti_flags),
				acpi_trigger_name(x2nmi->inti_flags), x2nmi->lint);
		madt_add_nmi(info, x2nmi->uid, x2nmi->inti_flags, x2nmi->lint);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		if (verbose)
			pr_info("ACPI: LAPIC_ADDR_OVR (address[0x%016llx])\n",
				(unsigned long long)ovr->address);
		info->lapic_addr = ovr->address;
		break;
	}
}

static const u8 madt_entry_size[] = {
	[ACPI_MADT_TYPE_LOCAL_APIC] = sizeof(struct acpi_madt_local_apic),
	[ACPI_MADT_TYPE_IO_APIC] = sizeof(struct acpi_madt_io_apic),
	[ACPI_MADT_TYPE_INTERRUPT_OVERRIDE] = sizeof(struct acpi_madt_interrupt_override),
	[ACPI_MADT_TYPE_NMI_SOURCE] = sizeof(struct acpi_madt_nmi_source),
	[ACPI_MADT_TYPE_LOCAL_APIC_NMI] = sizeof(struct acpi_madt_local_apic_nmi),
	[ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE] = sizeof(struct acpi_madt_local_apic_override),
	[ACPI_MADT_TYPE_LOCAL_X2APIC] = sizeof(struct acpi_madt_local_x2apic),
	[ACPI_MADT_TYPE_LOCAL_X2APIC_NMI] = sizeof(struct acpi_madt_local_x2apic_nmi),
};

/**
 * acpi_parse_madt - read a MADT into a struct acpi_madt_info
 * @madt: the table (its checksum already checked)
 * @info: filled from scratch: CPUs, I/O APICs, overrides, local APIC NMIs
 * @verbose: print each entry and each malformed one, as the boot's own MADT does
 *
 * Entries are walked by their own length, each checked against the table's end, so a malformed
 * entry ends the walk with an error instead of a wild read; an entry shorter than its type needs
 * is skipped. Disabled CPUs that are not online-capable, duplicate APIC ids and the xAPIC
 * broadcast id 0xff are left out. The errors for more I/O APICs, overrides or NMIs than
 * @info holds are printed even when not @verbose.
 *
 * Linux 6.1: acpi_parse_madt() and the acpi_table_parse_madt() callbacks register each entry
 * with the APIC and IOAPIC code as they go; here everything lands in @info first.
 *
 * Context: any; no allocation, no lock.
 * Return: 0, or -EINVAL if the table is shorter than the MADT header (@info then zeroed).
 */
int acpi_parse_madt(const struct acpi_table_header *madt, struct acpi_madt_info *info,
		    bool verbose)
{
	const struct acpi_table_madt *m = (const void *)madt;
	const u8 *start = (const u8 *)madt, *p, *end;

	memset(info, 0, sizeof(*info));
	if (madt->length < sizeof(*m)) {
		if (verbose)
				pr_err("ACPI: MADT is %u bytes, shorter than its %zu-byte header\n",
			       madt->length, sizeof(*m));
		return -EINVAL;
	}
	info->found = true;
	info->lapic_addr = m->address;
	info->pcat_compat = m->flags & ACPI_MADT_PCAT_COMPAT;
	if (verbose)
		pr_info("ACPI: Local APIC address 0x%08x%s\n", m->address,
			info->pcat_compat ? ", PCAT_COMPAT (8259 PICs present)" : "");
	end = start + madt->length;
	for (p = start + sizeof(*m); p + sizeof(struct acpi_subtable_header) <= end; ) {
		const struct acpi_subtable_header *e = (const void *)p;

		if (e->length < sizeof(*e) || e->length > end - p) {
			if (verbose)
					pr_err("ACPI: MADT entry type %u at offset %zu has length %u (table is %u bytes); ignoring the rest\n",
				       e->type, (size_t)(p - start), e->length, madt->length);
			break;
		}
		if (e->type < ARRAY_SIZE(madt_entry_size) && madt_entry_size[e->type] &&
		    e->length < madt_entry_size[e->type]) {
			if (verbose)
				pr_err("ACPI: MADT entry type %u at offset %zu is %u bytes, needs %u; ignored\n",
				       e->type, (size_t)(p - start), e->length,
				       madt_entry_size[e->type]);
		} else {
			madt_entry(info, e, verbose);
		}
		p += e->length;
	}
	return 0;
}

/* No usable MADT: the boot CPU alone, at the APIC address the CPU itself reports. */
static void acpi_madt_fallback(void)
{
	memset(&acpi_madt, 0, sizeof(acpi_madt));
	acpi_madt.lapic_addr = APIC_DEFAULT_PHYS_BASE;
	if (boot_cpu_has(X86_FEATURE_APIC))
		acpi_madt.lapic_addr = rdmsr(MSR_IA32_APICBASE) & APICBASE_ADDR_MASK;
	acpi_madt.cpus[0] = (struct acpi_cpu){
		.apic_id = boot_cpu_data.initial_apicid, .enabled = true };
	acpi_madt.nr_cpus = acpi_madt.nr_enabled = acpi_madt.nr_possible = 1;
}

static void acpi_process_madt(void)
{
	struct acpi_table_header *madt = acpi_get_table("APIC");
	u32 boot_id = boot_cpu_data.initial_apicid;
	bool boot_listed = false;

	if (!madt) {
		pr_err("ACPI: no valid MADT (APIC table); assuming 1 CPU\n");
		acpi_madt_fallback();
		return;
	}
	if (acpi_parse_madt(madt, &acpi_madt, true) || !acpi_madt.nr_enabled) {
		pr_err("ACPI: MADT lists no enabled CPU; assuming 1 CPU\n");
		acpi_madt_fallback();
		return;
	}
	for (int i = 0; i < acpi_madt.nr_cpus; i++)
		if (acpi_madt.cpus[i].enabled && acpi_madt.cpus[i].apic_id == boot_id)
			boot_listed = true;
	if (!boot_listed && acpi_madt.nr_cpus < ACPI_MAX_CPUS) {
		pr_err("ACPI: MADT does not list the boot CPU (APIC id %u); adding it\n", boot_id);
		madt_add_cpu(&acpi_madt, boot_id, ACPI_ALL_PROCESSORS, ACPI_MADT_ENABLED, false,
			     true);
	}
	pr_info("ACPI: %d CPUs enabled, %d possible, %d IOAPICs, %d interrupt overrides\n",
		acpi_madt.nr_enabled, acpi_madt.nr_possible, acpi_madt.nr_ioapics,
		acpi_madt.nr_overrides);
}

static void acpi_process_hpet(void)
{
	const struct acpi_table_hpet *h = (const void *)acpi_get_table("HPET");

	if (!h) {
		pr_info("ACPI: no HPET table\n");
		return;
	}
	if (h->header.length < sizeof(*h) || !h->address.address) {
		pr_err("ACPI: HPET table is %u bytes with base 0x%llx; HPET not used\n",
		       h->header.length, (unsigned long long)h->address.address);
		return;
	}
	hpet_address = h->address.address;
	pr_info("ACPI: HPET id: 0x%x base: 0x%llx\n", h->id, (unsigned long long)hpet_address);
}

static void acpi_print_boot_flags(const struct acpi_table_fadt *f)
{
	u16 b = acpi_fadt.boot_flags;

	if (!fadt_has(f, boot_flags) || f->header.revision < 2) {
		pr_info("ACPI: IA-PC boot flags: none (FADT revision %u)\n", f->header.revision);
		return;
	}
	pr_info("ACPI: IA-PC boot flags 0x%04x:%s%s%s%s%s%s\n", b,
		b & ACPI_FADT_LEGACY_DEVICES ? " legacy-devices" : "",
		b & ACPI_FADT_8042 ? " 8042" : "",
		b & ACPI_FADT_NO_VGA ? " no-vga" : "",
		b & ACPI_FADT_NO_MSI ? " no-msi" : "",
		b & ACPI_FADT_NO_ASPM ? " no-aspm" : "",
		b & ACPI_FADT_NO_CMOS_RTC ? " no-cmos-rtc" : "");
}

static void acpi_fadt_pm_timer(const struct acpi_table_fadt *f)
{
	if (fadt_has(f, xpm_timer_block) && f->xpm_timer_block.address &&
	    f->xpm_timer_block.space_id == ACPI_ADR_SPACE_SYSTEM_IO)
		acpi_fadt.pm_tmr_port = f->xpm_timer_block.address;
	else if (f->pm_timer_length == 4)
		acpi_fadt.pm_tmr_port = f->pm_timer_block;
	/* An I/O port is 16 bits; anything else is firmware garbage. */
	if (acpi_fadt.pm_tmr_port > 0xffff) {
		pr_err("ACPI: PM timer port 0x%x is not an I/O port; PM timer not used\n",
		       acpi_fadt.pm_tmr_port);
		acpi_fadt.pm_tmr_port = 0;
	}
	acpi_fadt.pm_tmr_bits = fadt_has(f, flags) && (f->flags & ACPI_FADT_TMR_VAL_EXT) ? 32 : 24;
	if (acpi_fadt.pm_tmr_port)
		pr_info("ACPI: PM-Timer IO Port: 0x%x (%u bits)\n", acpi_fadt.pm_tmr_port,
			acpi_fadt.pm_tmr_bits);
	else
		pr_info("ACPI: no PM timer\n");
}

/* The FADT also points at the DSDT and FACS, which the XSDT does not list. */
static void acpi_process_fadt(const struct acpi_table_fadt *f)
{
	u64 dsdt = f->dsdt, facs = f->facs;
	struct acpi_table_header *t;

	if (f->header.length < offsetof(struct acpi_table_fadt, boot_flags)) {
		pr_err("ACPI: FADT is only %u bytes; not used\n", f->header.length);
		return;
	}
	if (fadt_has(f, xdsdt) && f->xdsdt)
		dsdt = f->xdsdt;
	if (fadt_has(f, xfacs) && f->xfacs)
		facs = f->xfacs;
	if (facs) {
		const struct acpi_table_facs *fc = memremap(facs, sizeof(*fc));

		if (fc) {
			pr_info("ACPI: FACS 0x%016llX %06X\n", (unsigned long long)facs,
				fc->length);
			memunmap((void *)fc);
		}
	}
	if (dsdt) {
		t = acpi_load_table(dsdt, "DSDT");
		if (t)
			acpi_record_table(dsdt, t);
	}
	acpi_fadt.found = true;
	acpi_fadt.sci_int = f->sci_interrupt;
	acpi_fadt.boot_flags = fadt_has(f, boot_flags) && f->header.revision >= 2 ?
			       f->boot_flags : 0;
	acpi_fadt.hw_reduced = fadt_has(f, flags) && (f->flags & ACPI_FADT_HW_REDUCED);
	/* Only I/O-port forms: what every PC chipset and QEMU's have. */
	acpi_fadt.pm1a_cnt = f->pm1a_control_block <= 0xffff ? f->pm1a_control_block : 0;
	acpi_fadt.pm1b_cnt = f->pm1b_control_block <= 0xffff ? f->pm1b_control_block : 0;
	if (fadt_has(f, reset_value) && (f->flags & ACPI_FADT_RESET_REGISTER) &&
	    f->reset_register.space_id == ACPI_ADR_SPACE_SYSTEM_IO &&
	    f->reset_register.address && f->reset_register.address <= 0xffff) {
		acpi_fadt.reset_port = f->reset_register.address;
		acpi_fadt.reset_value = f->reset_value;
	}
	acpi_fadt_pm_timer(f);
	acpi_print_boot_flags(f);
}

static bool acpi_walk_root(u64 phys, bool xsdt)
{
	struct acpi_table_header *root = acpi_load_table(phys, xsdt ? "XSDT" : "RSDT");
	size_t entry_size = xsdt ? 8 : 4;
	const u8 *entries;
	u32 n;

	if (!root)
		return false;
	if (memcmp(root->signature, xsdt ? "XSDT" : "RSDT", 4)) {
		pr_err("ACPI: the RSDP's %s pointer leads to a table with another signature\n",
		       xsdt ? "XSDT" : "RSDT");
		return false;
	}
	entries = (const u8 *)(root + 1);
	n = (root->length - sizeof(*root)) / entry_size;
	for (u32 i = 0; i < n; i++) {
		u64 addr = 0;
		struct acpi_table_header *t;

		memcpy(&addr, entries + i * entry_size, entry_size);
		if (!addr) {
			pr_err("ACPI: %s entry %u is a null pointer; skipped\n",
			       xsdt ? "XSDT" : "RSDT", i);
			continue;
		}
		t = acpi_load_table(addr, "table");
		if (!t)
			continue;
		acpi_record_table(addr, t);
		if (!memcmp(t->signature, "FACP", 4))
			acpi_process_fadt((const void *)t);
	}
	return true;
}

/* Returns false when ACPI cannot be used at all. */
static bool acpi_table_init(void)
{
	const struct acpi_table_rsdp *rsdp = (const void *)boot_params.rsdp;
	enum acpi_rsdp_status st;
	const char *why;
	char oem[7];

	if (!boot_params.rsdp_tag) {
		pr_err("ACPI: the boot loader passed no RSDP (no multiboot2 ACPI tag)\n");
		return false;
	}
	st = acpi_validate_rsdp(rsdp, boot_params.rsdp_len, &why);
	if (st == ACPI_RSDP_BAD) {
		pr_err("ACPI: RSDP from multiboot2 tag %u %s\n", boot_params.rsdp_tag, why);
		return false;
	}
	pr_info("ACPI: RSDP (multiboot2 tag %u) %06X (v%02u %-6s)\n", boot_params.rsdp_tag,
		rsdp->revision >= 2 ? rsdp->length : ACPI_RSDP_V1_SIZE, rsdp->revision,
		acpi_field(oem, rsdp->oem_id, 6));
	if (why)
		pr_err("ACPI: RSDP %s; using the RSDT\n", why);
	if (st == ACPI_RSDP_USE_XSDT) {
		if (acpi_walk_root(rsdp->xsdt_physical_address, true))
			return true;
		if (!rsdp->rsdt_physical_address)
			return false;
		pr_err("ACPI: XSDT unusable; trying the RSDT\n");
	}
	return acpi_walk_root(rsdp->rsdt_physical_address, false);
}

/**
 * acpi_boot_init - find and check the ACPI tables and keep what the MADT, FADT and HPET say
 *
 * Validates the RSDP the boot loader copied, walks the XSDT (falling back to the RSDT), maps,
 * prints and checksums every table, and reads the FADT (PM timer, reset register, PM1 control,
 * boot flags), the MADT (CPUs, I/O APICs, overrides, NMIs) and the HPET table. With acpi=off,
 * or when nothing usable is found, falls back to one CPU, no HPET and no PM timer.
 *
 * Linux 6.1: acpi_boot_table_init() and acpi_boot_init(), through ACPICA; without ACPI it can
 * still find CPUs in the MP table, which Spindle does not read.
 *
 * Context: boot CPU, once, from setup_arch() after paging_init() (tables are memremap()ed).
 * Return: nothing.
 */
void acpi_boot_init(void)
{
	if (acpi_disabled) {
		pr_info("ACPI: disabled by acpi=off; assuming 1 CPU, no HPET, no PM timer\n");
		acpi_madt_fallback();
		return;
	}
	if (!acpi_table_init()) {
		pr_err("ACPI: not usable; assuming 1 CPU, no HPET, no PM timer\n");
		acpi_disabled = true;
		acpi_madt_fallback();
		return;
	}
	acpi_process_madt();
	acpi_process_hpet();
	if (!acpi_fadt.found)
		pr_err("ACPI: no valid FADT; no PM timer\n");
}

/**
 * acpi_num_cpus - how many CPUs the MADT lists as enabled
 *
 * Context: any, after acpi_boot_init().
 * Return: the number of enabled CPUs, 1 when there is no usable MADT.
 */
int acpi_num_cpus(void)
{
	return acpi_madt.nr_enabled ? acpi_madt.nr_enabled : 1;
}

/* An AML package length (ACPI 20.2.4): the lead byte's top two bits count the bytes after it. */
static const u8 *aml_skip_pkglength(const u8 *p, const u8 *end)
{
	unsigned int follow = p < end ? *p >> 6 : 0;

	return p + 1 + follow;
}

/* One AML integer constant: ZeroOp, OneOp, or BytePrefix and a byte. */
static bool aml_byte(const u8 **p, const u8 *end, u8 *val)
{
	if (*p >= end)
		return false;
	if (**p == 0x00 || **p == 0x01) {	/* ZeroOp, OneOp */
		*val = *(*p)++;
		return true;
	}
	if (**p == 0x0a && *p + 1 < end) {	/* BytePrefix */
		*val = (*p)[1];
		*p += 2;
		return true;
	}
	return false;
}

/**
 * acpi_s5_sleep_type - the SLP_TYPa and SLP_TYPb values of the \_S5 (soft-off) state
 * @typa: set to the PM1a value
 * @typb: set to the PM1b value
 *
 * Linux runs the AML interpreter for \_S5; Spindle has none and reads the DSDT's
 * "Name (_S5, Package () { a, b, ... })" directly: the NameOp, the name, the PackageOp, its
 * length and element count, then the two integers.
 *
 * Context: process context. Return: true if found.
 */
bool acpi_s5_sleep_type(u8 *typa, u8 *typb)
{
	const struct acpi_table_header *dsdt = acpi_get_table("DSDT");
	const u8 *p, *end;

	if (!dsdt)
		return false;
	p = (const u8 *)(dsdt + 1);
	end = (const u8 *)dsdt + dsdt->length;
	for (; p + 5 < end; p++) {
		const u8 *q;

		if (memcmp(p, "_S5_", 4) || (p[-1] != 0x08 && !(p[-2] == 0x08 && p[-1] == '\\')))
			continue;
		q = p + 4;
		if (*q != 0x12)		/* PackageOp */
			continue;
		q = aml_skip_pkglength(q + 1, end) + 1;	/* the length, then NumElements */
		return aml_byte(&q, end, typa) && aml_byte(&q, end, typb);
	}
	return false;
}
