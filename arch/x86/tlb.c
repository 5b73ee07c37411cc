/* TLB management (Linux's arch/x86/mm/tlb.c): loading an mm at a context switch with lazy TLB
 * for kernel threads, the user-mm flush that interrupts only the CPUs that are not lazy, and
 * the shootdown of kernel ranges on every online CPU. */
#include <linux/kernel.h>
#include <linux/cpumask.h>
#include <linux/mm_types.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/hardirq.h>
#include <asm/mmu_context.h>
#include <asm/page.h>
#include <asm/tlbflush.h>

unsigned long tlb_single_page_flush_ceiling = 33;

/* Every CPU starts on the kernel's page table (the boot CPU since paging_init, APs from the
 * trampoline on). */
DEFINE_PER_CPU(struct tlb_state, cpu_tlbstate) = { .loaded_mm = &init_mm };
DEFINE_PER_CPU(struct tlb_stats, tlb_stats);

struct flush_tlb_info {
	struct mm_struct *mm;		/* NULL: kernel mappings */
	unsigned long start;
	unsigned long end;		/* 0 (kernel) or TLB_FLUSH_ALL (user): everything */
	u64 new_tlb_gen;		/* the mm's generation this flush brings CPUs up to */
	bool freed_tables;
	unsigned int initiating_cpu;
};

static u64 mm_tlb_gen(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->context.tlb_gen, __ATOMIC_SEQ_CST);
}

/* Full barrier: the caller's page-table changes are visible before the new generation is, and
 * the generation before the caller reads which CPUs are lazy (see switch_mm_irqs_off()). */
static u64 inc_mm_tlb_gen(struct mm_struct *mm)
{
	return __atomic_add_fetch(&mm->context.tlb_gen, 1, __ATOMIC_SEQ_CST);
}

/**
 * switch_mm_irqs_off - make @next the address space this CPU runs on
 * @prev: the mm the outgoing task ran on (its active_mm); only a hint, the CPU's own record
 *	(cpu_tlbstate.loaded_mm) decides
 * @next: the mm to load
 * @tsk: the task it is loaded for
 *
 * Writes CR3 only when @next is not loaded already, or when it is but this CPU missed a flush
 * of it while lazy (its tlb_gen moved on). Moves this CPU from the old mm's mm_cpumask to
 * @next's and leaves lazy mode.
 *
 * The scheduler's prev is only a hint: a lazy CPU may have been moved to init_mm by a flush
 * that freed page tables, while its kernel thread's active_mm still names the old mm.
 *
 * Context: interrupts off. Return: nothing.
 */
void switch_mm_irqs_off(struct mm_struct *prev, struct mm_struct *next, struct task_struct *tsk)
{
	struct mm_struct *real_prev = this_cpu_read(cpu_tlbstate.loaded_mm);
	unsigned int cpu = smp_processor_id();
	u64 next_tlb_gen;

	/*
	 * Leave lazy mode before reading next's generation: a flusher bumps the generation
	 * before it reads is_lazy, so either it sees us not lazy and sends the IPI, or we see
	 * its generation here and flush ourselves. The fence orders our store before our load
	 * (x86 may reorder exactly that pair).
	 */
	this_cpu_write(cpu_tlbstate.is_lazy, false);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	if (real_prev == next) {
		if (next == &init_mm) {
			this_cpu_inc(tlb_stats.mm_kept);
			return;
		}
		next_tlb_gen = mm_tlb_gen(next);
		if (this_cpu_read(cpu_tlbstate.loaded_tlb_gen) == next_tlb_gen) {
			this_cpu_inc(tlb_stats.mm_kept);
			return;
		}
		/* Flushes skipped this CPU while it was lazy: drop every user entry now. */
		this_cpu_write(cpu_tlbstate.loaded_tlb_gen, next_tlb_gen);
		load_mm_cr3(next);
		this_cpu_inc(tlb_stats.deferred_flush);
		return;
	}

	if (real_prev != &init_mm)
		cpumask_clear_cpu(cpu, mm_cpumask(real_prev));
	/* Join next's mask before reading its generation: a flusher that bumps the generation
	 * after our read sees us in the mask and interrupts us. */
	if (next != &init_mm)
		cpumask_set_cpu(cpu, mm_cpumask(next));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	next_tlb_gen = next == &init_mm ? 0 : mm_tlb_gen(next);
	this_cpu_write(cpu_tlbstate.loaded_mm, next);
	this_cpu_write(cpu_tlbstate.loaded_tlb_gen, next_tlb_gen);
	load_mm_cr3(next);
}

/*
 * Runs on each CPU the flush reaches, interrupts off. A CPU that loaded another mm since it
 * was chosen flushed with that CR3 write. A lazy one (reached only when tables were freed)
 * moves to init_mm, Linux's way of never walking freed tables. Otherwise: invlpg per page up
 * to the ceiling, else a CR3 write (drops every non-global entry).
 */
static void flush_tlb_func(void *data)
{
	const struct flush_tlb_info *f = data;
	struct mm_struct *loaded_mm = this_cpu_read(cpu_tlbstate.loaded_mm);
	u64 local_tlb_gen;

	if (smp_processor_id() != f->initiating_cpu)
		inc_irq_stat(irq_tlb_count);
	if (loaded_mm != f->mm)
		return;
	if (this_cpu_read(cpu_tlbstate.is_lazy)) {
		switch_mm_irqs_off(NULL, &init_mm, NULL);
		return;
	}
	local_tlb_gen = this_cpu_read(cpu_tlbstate.loaded_tlb_gen);
	if (local_tlb_gen >= f->new_tlb_gen)
		return;
	/*
	 * Linux's rule: a range flush may stand for its generation only if it is the very next
	 * one. Flushes can arrive out of order (two CPUs unmapping at once); one that finds
	 * another still missing flushes everything, which covers every generation up to now.
	 */
	if (f->end == TLB_FLUSH_ALL || f->new_tlb_gen != local_tlb_gen + 1 ||
	    (f->end - f->start) >> PAGE_SHIFT > tlb_single_page_flush_ceiling) {
		this_cpu_write(cpu_tlbstate.loaded_tlb_gen, mm_tlb_gen(loaded_mm));
		load_mm_cr3(loaded_mm);
		return;
	}
	for (unsigned long a = f->start; a < f->end; a += PAGE_SIZE)
		__flush_tlb_one_user(a);
	this_cpu_write(cpu_tlbstate.loaded_tlb_gen, f->new_tlb_gen);
}

/* Linux's native_flush_tlb_multi() choice: lazy CPUs are skipped unless tables were freed. */
static bool tlb_is_not_lazy(int cpu, void *data)
{
	const struct flush_tlb_info *f = data;

	if (f->freed_tables || !READ_ONCE(per_cpu(cpu_tlbstate, cpu).is_lazy))
		return true;
	this_cpu_inc(tlb_stats.ipi_skipped_lazy);
	return false;
}

/**
 * flush_tlb_mm_range - no CPU may keep a translation of @mm in [start, end)
 * @mm: the user address space whose page tables changed
 * @start: first address; @end: the end (TLB_FLUSH_ALL for the whole user half)
 * @stride_shift: PAGE_SHIFT (the only page size of user mappings)
 * @freed_tables: page-table pages were freed too, so even lazy CPUs must let go (their
 *	paging-structure caches, or a speculative walk, may use freed tables)
 *
 * Bumps @mm's tlb_gen, flushes here if this CPU has @mm loaded, and sends the flush IPI to the
 * other CPUs in mm_cpumask(@mm) that are not lazy; lazy ones catch up when they next load a
 * user mm. Returns when every CPU interrupted has flushed.
 *
 * Context: process context with interrupts on (it waits for IPIs). Return: nothing.
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			unsigned int stride_shift, bool freed_tables)
{
	struct flush_tlb_info info = {
		.mm = mm,
		.start = start & PAGE_MASK,
		.end = end,
		.freed_tables = freed_tables,
	};
	struct cpumask targets;
	unsigned long flags;
	unsigned int cpu, c;

	cpumask_clear(&targets);
	preempt_disable();
	info.initiating_cpu = cpu = smp_processor_id();
	info.new_tlb_gen = inc_mm_tlb_gen(mm);
	for_each_cpu(c, mm_cpumask(mm)) {
		if (c != cpu && cpu_online(c) && tlb_is_not_lazy(c, &info))
			cpumask_set_cpu(c, &targets);
	}
	if (this_cpu_read(cpu_tlbstate.loaded_mm) == mm) {
		local_irq_save(flags);
		flush_tlb_func(&info);
		local_irq_restore(flags);
	}
	if (!cpumask_empty(&targets)) {
		this_cpu_add(tlb_stats.ipi_sent, cpumask_weight(&targets));
		smp_call_function_many(&targets, flush_tlb_func, &info, true);
	}
	preempt_enable();
}

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

/**
 * flush_tlb_all - flush every TLB entry, global ones included, on every online CPU
 *
 * Runs __flush_tlb_all() on each online CPU through the function-call IPI (this one too) and
 * returns once all have. Each CPU but the caller's counts it in irq_tlb_count.
 *
 * Context: process context with interrupts on and no spinlock held (it waits for the other
 * CPUs), once other CPUs are online.
 * Return: nothing.
 */
void flush_tlb_all(void)
{
	flush_tlb_on_each_cpu(0, 0);
}

/**
 * flush_tlb_kernel_range - flush kernel mappings on every CPU
 * @start: first address
 * @end: the end (exclusive)
 *
 * After a kernel mapping in [@start, @end) was removed or changed, no CPU may keep the old
 * translation (kernel mappings are global, so no CR3 write ever drops them). Flushes here and,
 * through the function-call IPI, on every other online CPU: one INVLPG per page up to
 * tlb_single_page_flush_ceiling pages, a full flush above. Returns once all have flushed.
 * Does nothing if @end <= @start.
 *
 * Linux 6.1: the same, except that the caller chooses once between the range and the full
 * flush (on_each_cpu(do_flush_tlb_all)); here each CPU chooses, with the same ceiling.
 *
 * Context: process context with interrupts on and no spinlock held (it waits for the other
 * CPUs), once other CPUs are online.
 * Return: nothing.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if (end > start)
		flush_tlb_on_each_cpu(start, end);
}
