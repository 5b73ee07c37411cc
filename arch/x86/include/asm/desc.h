/* Descriptor tables: the per-CPU GDT and 64-bit TSS (with its IST stacks) and the IDT, laid out
 * as the CPU reads them, with Linux's selector numbers (kernel CS 0x10, DS 0x18, user CS 0x33,
 * DS 0x2b, TSS 0x40). */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#define GDT_ENTRY_KERNEL_CS	2
#define GDT_ENTRY_KERNEL_DS	3
/*
 * The order syscall/sysret impose (Linux's arch/x86/include/asm/segment.h): sysret loads CS
 * from STAR[63:48] + 16 and SS from STAR[63:48] + 8, so 32-bit user code, user data and 64-bit
 * user code must follow each other. Spindle runs no 32-bit code; the slot is there because
 * STAR points at it.
 */
#define GDT_ENTRY_DEFAULT_USER32_CS	4
#define GDT_ENTRY_DEFAULT_USER_DS	5
#define GDT_ENTRY_DEFAULT_USER_CS	6
#define GDT_ENTRY_TSS		8	/* a 64-bit TSS descriptor takes two slots */
#define GDT_ENTRIES		16

#define __KERNEL_CS		(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS		(GDT_ENTRY_KERNEL_DS * 8)
#define __TSS_SELECTOR		(GDT_ENTRY_TSS * 8)
#define __USER32_CS		(GDT_ENTRY_DEFAULT_USER32_CS * 8 + 3)
#define __USER_DS		(GDT_ENTRY_DEFAULT_USER_DS * 8 + 3)
#define __USER_CS		(GDT_ENTRY_DEFAULT_USER_CS * 8 + 3)

/* Interrupt Stack Table slots (the gate's IST field is the slot + 1; 0 means "no IST"). */
#define IST_INDEX_DF		0
#define IST_INDEX_NMI		1
#define IST_INDEX_DB		2
#define IST_INDEX_MCE		3
#define N_EXCEPTION_STACKS	4
#define EXCEPTION_STKSZ		8192

#define IDT_ENTRIES		256
#define NR_EXCEPTION_VECTORS	32

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/threads.h>
#include <linux/percpu.h>

struct desc_ptr {
	u16 size;
	unsigned long address;
} __packed;

#define GATE_INTERRUPT		0xe

/* An IDT entry: handler address split in three, code selector, IST slot, type, DPL, present. */
typedef struct gate_struct {
	u16 offset_low;
	u16 segment;
	u16 ist	: 3,
	    zero	: 5,
	    type	: 5,
	    dpl	: 2,
	    p	: 1;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __packed gate_desc;

static inline unsigned long gate_offset(const gate_desc *g)
{
	return g->offset_low | ((unsigned long)g->offset_middle << 16) |
	       ((unsigned long)g->offset_high << 32);
}

/* The 64-bit TSS: no I/O bitmap, only the stack pointers the CPU loads on a trap. */
struct x86_hw_tss {
	u32 reserved1;
	u64 sp0;
	u64 sp1;
	u64 sp2;
	u64 reserved2;
	u64 ist[7];
	u32 reserved3;
	u32 reserved4;
	u16 reserved5;
	u16 io_bitmap_base;
} __packed;

struct tss_struct {
	struct x86_hw_tss x86_tss;
} __aligned(64);

struct gdt_page {
	u64 gdt[GDT_ENTRIES];
} __aligned(64);

struct exception_stacks {
	char stack[N_EXCEPTION_STACKS][EXCEPTION_STKSZ];
} __aligned(4096);

extern struct gdt_page gdt_page[NR_CPUS];
extern struct tss_struct cpu_tss_rw[NR_CPUS];

/*
 * Where this CPU's running task's kernel stack ends, just above its pt_regs: the syscall entry
 * switches to it (the CPU loads nothing on syscall), and TSS.sp0 holds the same for interrupts
 * and exceptions from user mode. __switch_to() sets both.
 */
DECLARE_PER_CPU(unsigned long, cpu_current_top_of_stack);
/* Where entry_SYSCALL_64 parks the user stack pointer until pt_regs has a slot for it
 * (Linux uses the TSS's unused sp2 field; a per-CPU variable says the same plainly). */
DECLARE_PER_CPU(unsigned long, cpu_user_rsp_scratch);

/* sp0 for the task that now runs on @cpu (the CPU loads it on an interrupt from user mode). */
static inline void update_task_stack(unsigned int cpu, unsigned long top)
{
	cpu_tss_rw[cpu].x86_tss.sp0 = top;
}
/* Each CPU's IST stacks: the boot CPU's are static; a CPU brought up later must have its own
 * set here before it calls cpu_init_exception_handling(). */
extern struct exception_stacks *cpu_exception_stacks[NR_CPUS];

/* Build and load this CPU's GDT and TSS, reload the segment registers, load the IDT. */
void cpu_init_exception_handling(unsigned int cpu);
/* Fill the IDT with the 32 exception gates (once, on the boot CPU). */
void idt_setup_traps(void);
/* An interrupt gate (interrupts off on entry) for 'vector' at 'addr'; 'ist' is slot + 1 or 0. */
void set_intr_gate(unsigned int vector, unsigned long addr, unsigned int ist);
void load_idt(void);

static inline void store_idt(struct desc_ptr *dtr)
{
	__asm__ __volatile__("sidt %0" : "=m"(*dtr));
}

static inline void store_gdt(struct desc_ptr *dtr)
{
	__asm__ __volatile__("sgdt %0" : "=m"(*dtr));
}

static inline u16 store_tr(void)
{
	u16 sel;

	__asm__ __volatile__("str %0" : "=r"(sel));
	return sel;
}

/* The base address a 16-byte system descriptor (TSS) at gdt[idx] points to. */
static inline unsigned long system_desc_base(const u64 *gdt, unsigned int idx)
{
	u64 lo = gdt[idx], hi = gdt[idx + 1];

	return ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24) | ((hi & 0xffffffff) << 32);
}
#endif

#endif
