/* CPU identification and the features the kernel uses: struct cpuinfo_x86 boot_cpu_data, filled
 * from CPUID by early_cpu_init(), queried with boot_cpu_has(X86_FEATURE_...) as in Linux. */
#ifndef _ASM_CPUFEATURE_H
#define _ASM_CPUFEATURE_H

#include <linux/types.h>

/* One 32-bit word of feature bits per CPUID register the kernel looks at (Linux's layout idea,
 * a smaller set of words). Word CPUID_LNX_1 holds bits Spindle derives itself. */
enum cpuid_leafs {
	CPUID_1_EDX,
	CPUID_8000_0001_EDX,
	CPUID_LNX_1,
	CPUID_1_ECX,
	CPUID_7_0_EBX,
	CPUID_7_0_ECX,
	CPUID_8000_0001_ECX,
	NCAPINTS
};

#define X86_FEATURE(word, bit)		((word) * 32 + (bit))

/* CPUID 1 EDX */
#define X86_FEATURE_FPU			X86_FEATURE(CPUID_1_EDX, 0)
#define X86_FEATURE_PSE			X86_FEATURE(CPUID_1_EDX, 3)
#define X86_FEATURE_TSC			X86_FEATURE(CPUID_1_EDX, 4)
#define X86_FEATURE_MSR			X86_FEATURE(CPUID_1_EDX, 5)
#define X86_FEATURE_PAE			X86_FEATURE(CPUID_1_EDX, 6)
#define X86_FEATURE_MCE			X86_FEATURE(CPUID_1_EDX, 7)
#define X86_FEATURE_APIC		X86_FEATURE(CPUID_1_EDX, 9)
#define X86_FEATURE_MTRR		X86_FEATURE(CPUID_1_EDX, 12)
#define X86_FEATURE_PGE			X86_FEATURE(CPUID_1_EDX, 13)
#define X86_FEATURE_MCA			X86_FEATURE(CPUID_1_EDX, 14)
#define X86_FEATURE_PAT			X86_FEATURE(CPUID_1_EDX, 16)
#define X86_FEATURE_CLFLUSH		X86_FEATURE(CPUID_1_EDX, 19)
#define X86_FEATURE_FXSR		X86_FEATURE(CPUID_1_EDX, 24)
#define X86_FEATURE_XMM2		X86_FEATURE(CPUID_1_EDX, 26)
#define X86_FEATURE_HT			X86_FEATURE(CPUID_1_EDX, 28)

/* CPUID 0x80000001 EDX */
#define X86_FEATURE_SYSCALL		X86_FEATURE(CPUID_8000_0001_EDX, 11)
#define X86_FEATURE_NX			X86_FEATURE(CPUID_8000_0001_EDX, 20)
#define X86_FEATURE_GBPAGES		X86_FEATURE(CPUID_8000_0001_EDX, 26)
#define X86_FEATURE_RDTSCP		X86_FEATURE(CPUID_8000_0001_EDX, 27)
#define X86_FEATURE_LM			X86_FEATURE(CPUID_8000_0001_EDX, 29)
/* 1 GiB pages: Linux calls the bit GBPAGES and /proc/cpuinfo shows it as "pdpe1gb". */
#define X86_FEATURE_PDPE1GB		X86_FEATURE_GBPAGES

/* Derived: CPUID 0x80000007 EDX bit 8 (invariant TSC) means both of these. */
#define X86_FEATURE_CONSTANT_TSC	X86_FEATURE(CPUID_LNX_1, 0)
#define X86_FEATURE_NONSTOP_TSC		X86_FEATURE(CPUID_LNX_1, 1)

/* CPUID 1 ECX */
#define X86_FEATURE_XMM3		X86_FEATURE(CPUID_1_ECX, 0)
#define X86_FEATURE_MWAIT		X86_FEATURE(CPUID_1_ECX, 3)
#define X86_FEATURE_VMX			X86_FEATURE(CPUID_1_ECX, 5)
#define X86_FEATURE_CX16		X86_FEATURE(CPUID_1_ECX, 13)
#define X86_FEATURE_PCID		X86_FEATURE(CPUID_1_ECX, 17)
#define X86_FEATURE_X2APIC		X86_FEATURE(CPUID_1_ECX, 21)
#define X86_FEATURE_POPCNT		X86_FEATURE(CPUID_1_ECX, 23)
#define X86_FEATURE_TSC_DEADLINE_TIMER	X86_FEATURE(CPUID_1_ECX, 24)
#define X86_FEATURE_XSAVE		X86_FEATURE(CPUID_1_ECX, 26)
#define X86_FEATURE_AVX			X86_FEATURE(CPUID_1_ECX, 28)
#define X86_FEATURE_RDRAND		X86_FEATURE(CPUID_1_ECX, 30)
#define X86_FEATURE_HYPERVISOR		X86_FEATURE(CPUID_1_ECX, 31)

/* CPUID 7.0 EBX */
#define X86_FEATURE_FSGSBASE		X86_FEATURE(CPUID_7_0_EBX, 0)
#define X86_FEATURE_TSC_ADJUST		X86_FEATURE(CPUID_7_0_EBX, 1)
#define X86_FEATURE_SMEP		X86_FEATURE(CPUID_7_0_EBX, 7)
#define X86_FEATURE_ERMS		X86_FEATURE(CPUID_7_0_EBX, 9)
#define X86_FEATURE_INVPCID		X86_FEATURE(CPUID_7_0_EBX, 10)
#define X86_FEATURE_SMAP		X86_FEATURE(CPUID_7_0_EBX, 20)

/* CPUID 7.0 ECX */
#define X86_FEATURE_UMIP		X86_FEATURE(CPUID_7_0_ECX, 2)
#define X86_FEATURE_LA57		X86_FEATURE(CPUID_7_0_ECX, 16)
#define X86_FEATURE_RDPID		X86_FEATURE(CPUID_7_0_ECX, 22)

/* CPUID 0x80000001 ECX */
#define X86_FEATURE_LAHF_LM		X86_FEATURE(CPUID_8000_0001_ECX, 0)
#define X86_FEATURE_SVM			X86_FEATURE(CPUID_8000_0001_ECX, 2)

enum x86_vendor {
	X86_VENDOR_UNKNOWN,
	X86_VENDOR_INTEL,
	X86_VENDOR_AMD,
	X86_VENDOR_HYGON,
	X86_VENDOR_CENTAUR,
	X86_VENDOR_ZHAOXIN,
};

struct cpuinfo_x86 {
	u8 x86;				/* family, extended family added */
	u8 x86_model;			/* model, extended model added */
	u8 x86_stepping;
	u8 x86_vendor;			/* enum x86_vendor */
	u8 x86_phys_bits;
	u8 x86_virt_bits;
	u16 x86_clflush_size;
	u32 cpuid_level;		/* highest basic leaf */
	u32 extended_cpuid_level;	/* highest extended leaf, 0x80000000 and up (0 if none) */
	u32 initial_apicid;		/* CPUID 1 EBX[31:24], or leaf 0xB's x2APIC id */
	u32 x86_capability[NCAPINTS];
	char x86_vendor_id[16];
	char x86_model_id[64];		/* brand string, leading blanks removed */
	char hypervisor_id[16];		/* CPUID 0x40000000 signature, "" on bare metal */
};

extern struct cpuinfo_x86 boot_cpu_data;

/* A feature the boot report lists, with the name /proc/cpuinfo would give it. */
struct x86_cap_name {
	u16 feature;
	const char *name;
};
extern const struct x86_cap_name x86_boot_report_caps[];

static inline bool cpu_has(const struct cpuinfo_x86 *c, unsigned int feature)
{
	return (c->x86_capability[feature / 32] >> (feature % 32)) & 1;
}

#define boot_cpu_has(feature)	cpu_has(&boot_cpu_data, feature)

/* The APIC id of the CPU running this, from CPUID (leaf 0xB when x2APIC ids may exceed 255). */
u32 read_apic_id_cpuid(void);

void early_cpu_init(void);
void print_cpu_info(void);
#endif
