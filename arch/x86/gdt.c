/* Per-CPU GDT and 64-bit TSS: kernel and user code and data segments, and the Interrupt Stack Table
 * stacks the CPU switches to for #DF, NMI, #DB and #MC, so those are handled even when the
 * interrupted stack is unusable (a kernel stack overflow runs into its guard page). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/string.h>
#include <asm/desc.h>

/* 64-bit code (L=1), present, DPL 0, readable; accessed already set so the CPU never writes
 * the GDT. Data: present, writable, accessed. */
#define GDT_DESC_KERNEL_CS	0x00af9b000000ffffULL
#define GDT_DESC_KERNEL_DS	0x00cf93000000ffffULL
/* The same three for user mode: DPL 3 (bits 45-46). */
#define GDT_DESC_USER32_CS	0x00cffb000000ffffULL
#define GDT_DESC_USER_DS	0x00cff3000000ffffULL
#define GDT_DESC_USER_CS	0x00affb000000ffffULL
#define DESC_TSS_AVAILABLE	0x89ULL		/* present, 64-bit TSS, not busy */

struct gdt_page gdt_page[NR_CPUS];
struct tss_struct cpu_tss_rw[NR_CPUS];
DEFINE_PER_CPU(unsigned long, cpu_current_top_of_stack);
DEFINE_PER_CPU(unsigned long, cpu_user_rsp_scratch);

static struct exception_stacks boot_exception_stacks;
struct exception_stacks *cpu_exception_stacks[NR_CPUS] = { &boot_exception_stacks };

static void set_tss_desc(u64 *gdt, unsigned int idx, unsigned long base, u32 limit)
{
	gdt[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (DESC_TSS_AVAILABLE << 40) |
		   ((u64)((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[idx + 1] = base >> 32;
}

/* CS can only be reloaded by a far transfer; FS and GS are left alone: their bases come from
 * MSRs, which a selector load would disturb. */
static void load_segments(void)
{
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %[ds], %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     : : [cs] "i"(__KERNEL_CS), [ds] "i"(__KERNEL_DS) : "rax", "memory");
}

/**
 * cpu_init_exception_handling - load this CPU's GDT, TSS and IDT
 * @cpu: the number of the CPU running this
 *
 * Builds cpu's GDT (kernel and user code and data, the TSS descriptor) and its TSS (the IST
 * stacks from cpu_exception_stacks[cpu], no I/O bitmap), loads them, reloads CS, DS, ES and SS,
 * and loads the IDT last, because its IST gates need this CPU's TSS. FS and GS are left alone:
 * their bases come from MSRs, which a selector load would disturb.
 *
 * Linux 6.1: cpu_init_exception_handling() sets up the TSS and IST and loads the IDT, while the
 * per-CPU GDT is loaded separately (switch_to_new_gdt(), or head_64.S for an AP); here one
 * function does both.
 *
 * Context: once per CPU, on that CPU, early in bring-up with interrupts off; cpu_exception_stacks
 * [cpu] must be set. Panics if it is not (or @cpu >= NR_CPUS).
 * Return: nothing.
 */
void cpu_init_exception_handling(unsigned int cpu)
{
	struct x86_hw_tss *tss;
	struct exception_stacks *es;
	struct desc_ptr gdt_descr;
	u64 *gdt;

	if (cpu >= NR_CPUS || !cpu_exception_stacks[cpu])
		panic("CPU %u has no exception stacks (NR_CPUS is %d)", cpu, NR_CPUS);
	gdt = gdt_page[cpu].gdt;
	tss = &cpu_tss_rw[cpu].x86_tss;
	es = cpu_exception_stacks[cpu];

	memset(tss, 0, sizeof(*tss));
	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		tss->ist[i] = (unsigned long)es->stack[i] + EXCEPTION_STKSZ;
	/* An I/O bitmap offset past the TSS limit means "no I/O bitmap". */
	tss->io_bitmap_base = sizeof(*tss);

	memset(gdt, 0, sizeof(gdt_page[cpu].gdt));
	gdt[GDT_ENTRY_KERNEL_CS] = GDT_DESC_KERNEL_CS;
	gdt[GDT_ENTRY_KERNEL_DS] = GDT_DESC_KERNEL_DS;
	gdt[GDT_ENTRY_DEFAULT_USER32_CS] = GDT_DESC_USER32_CS;
	gdt[GDT_ENTRY_DEFAULT_USER_DS] = GDT_DESC_USER_DS;
	gdt[GDT_ENTRY_DEFAULT_USER_CS] = GDT_DESC_USER_CS;
	set_tss_desc(gdt, GDT_ENTRY_TSS, (unsigned long)tss, sizeof(*tss) - 1);

	gdt_descr.size = sizeof(gdt_page[cpu].gdt) - 1;
	gdt_descr.address = (unsigned long)gdt;
	__asm__ __volatile__("lgdt %0" : : "m"(gdt_descr) : "memory");
	load_segments();
	__asm__ __volatile__("ltr %w0" : : "r"(__TSS_SELECTOR) : "memory");
	/* Only now: the IDT's IST gates need this CPU's TSS loaded. */
	load_idt();
}
