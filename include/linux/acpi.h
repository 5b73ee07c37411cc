/* ACPI tables at boot: the RSDP from the boot loader, the XSDT/RSDT and the tables it lists,
 * the MADT (CPUs, IOAPICs, interrupt overrides, NMIs), the HPET and the FADT. What they say is
 * kept here for the APIC, SMP and time code. */
#ifndef _LINUX_ACPI_H
#define _LINUX_ACPI_H

#include <linux/types.h>
#include <linux/compiler.h>

#define ACPI_NAMESEG_SIZE	4
#define ACPI_OEM_ID_SIZE	6
#define ACPI_OEM_TABLE_ID_SIZE	8

struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* over the first 20 bytes (ACPI 1.0 part) */
	char oem_id[ACPI_OEM_ID_SIZE];
	u8 revision;			/* 0: ACPI 1.0 (RSDT only); 2: ACPI 2.0+ (XSDT) */
	u32 rsdt_physical_address;
	u32 length;			/* revision >= 2 from here on */
	u64 xsdt_physical_address;
	u8 extended_checksum;		/* over all 'length' bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_SIZE	20
#define ACPI_RSDP_V2_SIZE	36

struct acpi_table_header {
	char signature[ACPI_NAMESEG_SIZE];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[ACPI_OEM_ID_SIZE];
	char oem_table_id[ACPI_OEM_TABLE_ID_SIZE];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAMESEG_SIZE];
	u32 asl_compiler_revision;
} __packed;

/* MADT interrupt controller structure types. */
enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_NMI_SOURCE = 3,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
	ACPI_MADT_TYPE_LOCAL_X2APIC_NMI = 10,
};

#define ACPI_MADT_PCAT_COMPAT		(1 << 0)	/* MADT flags: 8259 PICs present */
#define ACPI_MADT_ENABLED		(1 << 0)	/* local (x2)APIC flags */
#define ACPI_MADT_ONLINE_CAPABLE	(1 << 1)

/* MPS INTI flags (overrides and NMIs): polarity in bits 1:0, trigger mode in bits 3:2. */
#define ACPI_MADT_POLARITY_MASK		0x3
#define ACPI_MADT_POLARITY_CONFORMS	0
#define ACPI_MADT_POLARITY_ACTIVE_HIGH	1
#define ACPI_MADT_POLARITY_ACTIVE_LOW	3
#define ACPI_MADT_TRIGGER_MASK		0xc
#define ACPI_MADT_TRIGGER_CONFORMS	0
#define ACPI_MADT_TRIGGER_EDGE		4
#define ACPI_MADT_TRIGGER_LEVEL		0xc

/* MADT and its entries, as the ACPI specification lays them out. */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;			/* local APIC physical address */
	u32 flags;
} __packed;

struct acpi_subtable_header {
	u8 type;
	u8 length;
} __packed;

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id;
	u32 lapic_flags;
} __packed;

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;
} __packed;

struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus;
	u8 source_irq;
	u32 global_irq;
	u16 inti_flags;
} __packed;

struct acpi_madt_nmi_source {
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 global_irq;
} __packed;

struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8 processor_id;		/* 0xff: every processor */
	u16 inti_flags;
	u8 lint;
} __packed;

struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;
	u32 lapic_flags;
	u32 uid;
} __packed;

struct acpi_madt_local_x2apic_nmi {
	struct acpi_subtable_header header;
	u16 inti_flags;
	u32 uid;			/* 0xffffffff: every processor */
	u8 lint;
	u8 reserved[3];
} __packed;

#define ACPI_MAX_CPUS		256
#define ACPI_MAX_IOAPICS	16
#define ACPI_MAX_OVERRIDES	32
#define ACPI_MAX_LAPIC_NMIS	16
#define ACPI_ALL_PROCESSORS	0xffffffffu	/* an NMI entry's uid meaning "every CPU" */
#define APIC_DEFAULT_PHYS_BASE	0xfee00000UL

struct acpi_cpu {
	u32 apic_id;
	u32 acpi_uid;			/* the ACPI processor UID the NMI entries refer to */
	bool enabled;			/* present and usable now */
	bool x2apic;			/* from a type 9 entry */
};

struct acpi_ioapic {
	u32 id;
	u32 address;
	u32 gsi_base;
};

struct acpi_irq_override {
	u8 bus;				/* 0 = ISA */
	u8 source_irq;
	u16 flags;			/* MPS INTI flags */
	u32 gsi;
};

struct acpi_lapic_nmi {
	u32 acpi_uid;			/* ACPI_ALL_PROCESSORS for every CPU */
	u16 flags;
	u8 lint;
};

/* Everything the MADT says, or with found == false the one-CPU fallback. */
struct acpi_madt_info {
	bool found;
	bool pcat_compat;
	u64 lapic_addr;
	int nr_cpus;			/* entries in cpus[], in MADT order */
	int nr_enabled;			/* present CPUs: the CPU count the kernel reports */
	int nr_possible;		/* enabled + online-capable (hot-pluggable) */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	int nr_ioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	int nr_overrides;
	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
	int nr_lapic_nmis;
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
};

/* IA-PC boot architecture flags (FADT). */
#define ACPI_FADT_LEGACY_DEVICES	(1 << 0)
#define ACPI_FADT_8042			(1 << 1)
#define ACPI_FADT_NO_VGA		(1 << 2)
#define ACPI_FADT_NO_MSI		(1 << 3)
#define ACPI_FADT_NO_ASPM		(1 << 4)
#define ACPI_FADT_NO_CMOS_RTC		(1 << 5)

struct acpi_fadt_info {
	bool found;
	bool hw_reduced;		/* HW_REDUCED_ACPI: no PM timer, no fixed hardware */
	u16 boot_flags;			/* IA-PC boot architecture flags (0 before ACPI 2.0) */
	u16 sci_int;
	u32 pm_tmr_port;		/* 0: no PM timer */
	u8 pm_tmr_bits;			/* 24 or 32 */
	u16 pm1a_cnt, pm1b_cnt;		/* PM1 control ports, 0 if none (SLP_TYP, SLP_EN) */
	u16 reset_port;			/* the reset register's port, 0 if none */
	u8 reset_value;			/* what to write there to reset */
};

extern struct acpi_madt_info acpi_madt;
extern struct acpi_fadt_info acpi_fadt;
extern bool acpi_disabled;		/* acpi=off, or no usable RSDP */

void acpi_boot_init(void);
/* Enabled CPUs in the MADT (1 when there is no MADT). */
int acpi_num_cpus(void);
/* A table that passed its checksum, mapped; NULL if absent. */
struct acpi_table_header *acpi_get_table(const char *signature);
/* \\_S5's SLP_TYPa and SLP_TYPb from the DSDT; false if it has none. */
bool acpi_s5_sleep_type(u8 *typa, u8 *typb);

/* The checks acpi_boot_init() applies, for the self-tests to feed with made-up tables.
 * acpi_parse_madt() prints entries and malformed ones only when 'verbose' (the boot's own
 * MADT); running out of room for IOAPICs, overrides or NMIs is reported either way. */
u8 acpi_checksum(const void *buf, size_t len);
/* Which root table an RSDP leads to; 'why' explains a rejection or a fall-back to the RSDT. */
enum acpi_rsdp_status {
	ACPI_RSDP_BAD = -1,
	ACPI_RSDP_USE_RSDT,
	ACPI_RSDP_USE_XSDT,
};
enum acpi_rsdp_status acpi_validate_rsdp(const struct acpi_table_rsdp *rsdp, size_t len,
					 const char **why);
int acpi_parse_madt(const struct acpi_table_header *madt, struct acpi_madt_info *info,
		    bool verbose);
const char *acpi_polarity_name(u16 flags);
const char *acpi_trigger_name(u16 flags);

#endif
