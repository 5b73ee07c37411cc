/* TLB shootdown for kernel mappings (Linux's arch/x86/mm/tlb.c): invalidate a range here and on
 * every other online CPU through the function-call IPI, counting each remote flush. */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <asm/hardirq.h>
#include <asm/page.h>
#include <asm/tlbflush.h>

unsigned long tlb_single_page_flush_ceiling = 33;

struct flush_tlb_info {
	unsigned long start;
	unsigned long end;		/* 0: everything */
	unsigned int initiating_cpu;
};

/* Runs on every CPU with interrupts off; O(pages) invlpg up to the ceiling, else one full flush.
 * Only a flush done for another CPU counts as a shootdown (irq_tlb_count, Linux's "TLB"). */
static void do_kernel_range_flush(void *data)
{
	const struct flush_tlb_info *info = data;

	if (smp_processor_id() != info->initiating_cpu)
		inc_irq_stat(irq_tlb_count);
	if (!info->end ||
	    (info->end - info->start) >> PAGE_SHIFT > tlb_single_page_flush_ceiling) {
		__flush_tlb_all();
		return;
	}
	for (unsigned long a = info->start & PAGE_MASK; a < info->end; a += PAGE_SIZE)
		__flush_tlb_one_kernel(a);
}

static void flush_tlb_on_each_cpu(unsigned long start, unsigned long end)
{
	struct flush_tlb_info info = { .start = start, .end = end };

	preempt_disable();
	info.initiating_cpu = smp_processor_id();
	on_each_cpu(do_kernel_range_flush, &info, 1);
	preempt_enable();
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if (end > start)
		flush_tlb_on_each_cpu(start, end);
}

void flush_tlb_all(void)
{
	flush_tlb_on_each_cpu(0, 0);
}
