/* TLB maintenance (Linux's arch/x86/include/asm/tlbflush.h): the local primitives, the kernel
 * range shootdown, and the per-CPU record of which user mm is loaded and how current its TLB
 * is, which decides who needs a flush of a user mm (arch/x86/tlb.c). */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <asm/page.h>

struct mm_struct;

static inline void __flush_tlb_one_kernel(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* One user page of the loaded mm (not global, so a CR3 write drops it too). */
static inline void __flush_tlb_one_user(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Drop every TLB entry on this CPU, global ones included, by toggling CR4.PGE. */
void __flush_tlb_all(void);

/*
 * After a kernel mapping in [start, end) was removed or changed: no CPU may keep the old
 * translation (kernel mappings are global, so no CR3 write ever drops them). Flushes here and,
 * through the function-call IPI, on every other online CPU, and returns once all have. Call with
 * interrupts on once other CPUs are online.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
/* The same for every kernel mapping. */
void flush_tlb_all(void);

/* Above this many pages one full flush replaces the invlpg loop (Linux's default, 33). */
extern unsigned long tlb_single_page_flush_ceiling;

/*
 * What this CPU has loaded (Linux's struct tlb_state and tlb_state_shared, one struct here):
 * written only by the CPU itself with interrupts off; is_lazy is read by flushing CPUs.
 * Linux 6.1: keeps one loaded_mm_asid and tlb_gen per PCID slot; Spindle uses no PCIDs.
 */
struct tlb_state {
	struct mm_struct *loaded_mm;	/* what CR3 points at */
	u64 loaded_tlb_gen;		/* loaded_mm's context.tlb_gen this TLB is current with */
	bool is_lazy;			/* a kernel thread runs on loaded_mm, borrowing it */
};
DECLARE_PER_CPU(struct tlb_state, cpu_tlbstate);

/*
 * Spindle's teaching counters, one set per CPU (Linux has none of these; its vmstat counts
 * only nr_tlb_remote_flush and friends): how often lazy TLB saved work.
 */
struct tlb_stats {
	unsigned long mm_kept;		/* switch_mm with next already loaded and current: no CR3 */
	unsigned long lazy_borrow;	/* switches to a kernel thread that borrowed a user mm */
	unsigned long lazy_enter;	/* times this CPU turned lazy */
	unsigned long ipi_sent;		/* flush IPIs this CPU sent for a user mm */
	unsigned long ipi_skipped_lazy;	/* CPUs it did not interrupt because they were lazy */
	unsigned long deferred_flush;	/* flushes done at switch for what was missed while lazy */
};
DECLARE_PER_CPU(struct tlb_stats, tlb_stats);

/* Flush a user range of @mm wherever it may be cached (arch/x86/tlb.c). */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned int stride_shift, bool freed_tables);

#define TLB_FLUSH_ALL	(~0UL)

#endif
