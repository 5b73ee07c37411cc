/* Self-tests for traps: the exception table and copy_from_kernel_nofault(), WARN counting,
 * recoverable exceptions (int3, a ud2 with a fixup), the loaded IDT, GDT and TSS, and the
 * backtrace walker's symbols and its refusal to follow a corrupt chain, the trace of a sleeping
 * task. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <asm/traps.h>
#include <ktest.h>

static void nofault_unmapped_is_efault(struct ktest *test)
{
	char *area = vmalloc(PAGE_SIZE);
	char buf[16];

	KTEST_ASSERT_NOT_NULL(test, area);
	/* vmalloc areas have an unmapped guard page directly below: a #PF, fixed up. */
	KTEST_ASSERT_TRUE(test, is_vmalloc_guard_page((unsigned long)area - 8));
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(buf, area - 8, 8), -EFAULT);
	/* A copy straddling the guard page and the area fails as a whole. */
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(buf, area - 4, 8), -EFAULT);
	/* A non-canonical address raises #GP, not #PF: fixed up all the same. */
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(buf, (void *)0x8000000000000000UL, 8),
			-EFAULT);
	vfree(area);
}

static void nofault_mapped_copies(struct ktest *test)
{
	static const char src[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char dst[sizeof(src)];

	/* 15 bytes from an odd address: every load width (8, 4, 2, 1) is used once. */
	memset(dst, 0, sizeof(dst));
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(dst, src + 1, 15), 0);
	KTEST_EXPECT_EQ(test, memcmp(dst, src + 1, 15), 0);
	KTEST_EXPECT_EQ(test, dst[15], 0);
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(dst, src, 0), 0);
}

static void warn_on_counts_and_returns(struct ktest *test)
{
	unsigned long before = warn_count_read();
	int i, fired = 0;

	KTEST_EXPECT_TRUE(test, WARN_ON(1));
	KTEST_EXPECT_UEQ(test, warn_count_read(), before + 1);
	KTEST_EXPECT_FALSE(test, WARN_ON(0));
	KTEST_EXPECT_FALSE(test, WARN(0, "never printed\n"));
	KTEST_EXPECT_UEQ(test, warn_count_read(), before + 1);
	KTEST_EXPECT_TRUE(test, WARN(1, "traps test: a deliberate warning (%d)\n", 42));
	KTEST_EXPECT_UEQ(test, warn_count_read(), before + 2);
	/* The _ONCE forms report once per call site but keep returning the condition. */
	for (i = 0; i < 3; i++)
		fired += WARN_ON_ONCE(1);
	KTEST_EXPECT_EQ(test, fired, 3);
	KTEST_EXPECT_UEQ(test, warn_count_read(), before + 3);
}

static void int3_resumes(struct ktest *test)
{
	unsigned long before = int3_count;
	volatile int after = 0;

	__asm__ __volatile__("int3" ::: "memory");
	after = 1;
	KTEST_EXPECT_UEQ(test, int3_count, before + 1);
	KTEST_EXPECT_EQ(test, after, 1);
}

static void ud2_fixup_resumes(struct ktest *test)
{
	long fixed = 0;

	/* The ud2 raises #UD; its table entry sends it to 2:, which is reached no other way. */
	__asm__ __volatile__("1:	ud2\n"
			     "	jmp 3f\n"
			     "2:	movq $1, %0\n"
			     "3:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+r"(fixed) : : "memory");
	KTEST_EXPECT_EQ(test, fixed, 1);
	KTEST_EXPECT_PTR_EQ(test, search_exception_tables((unsigned long)ud2_fixup_resumes), NULL);
}

static void idt_has_all_exceptions(struct ktest *test)
{
	struct desc_ptr idtr;
	const gate_desc *idt;

	store_idt(&idtr);
	KTEST_ASSERT_UEQ(test, idtr.size, IDT_ENTRIES * sizeof(gate_desc) - 1);
	idt = (const gate_desc *)idtr.address;
	for (unsigned int v = 0; v < NR_EXCEPTION_VECTORS; v++) {
		unsigned int want_ist = 0;

		if (v == X86_TRAP_DF)
			want_ist = IST_INDEX_DF + 1;
		else if (v == X86_TRAP_NMI)
			want_ist = IST_INDEX_NMI + 1;
		else if (v == X86_TRAP_DB)
			want_ist = IST_INDEX_DB + 1;
		else if (v == X86_TRAP_MC)
			want_ist = IST_INDEX_MCE + 1;
		KTEST_EXPECT_EQ(test, idt[v].p, 1);
		KTEST_EXPECT_EQ(test, idt[v].type, GATE_INTERRUPT);
		KTEST_EXPECT_EQ(test, idt[v].segment, __KERNEL_CS);
		KTEST_EXPECT_UEQ(test, gate_offset(&idt[v]), exception_entries[v]);
		KTEST_EXPECT_EQ(test, idt[v].ist, want_ist);
	}
	KTEST_EXPECT_STREQ(test, x86_trap_name(X86_TRAP_PF), "page fault");
	KTEST_EXPECT_STREQ(test, x86_trap_name(X86_TRAP_GP), "general protection fault");
	KTEST_EXPECT_STREQ(test, x86_trap_name(X86_TRAP_DF), "double fault");
	KTEST_EXPECT_STREQ(test, x86_trap_name(X86_TRAP_DE), "divide error");
	KTEST_EXPECT_STREQ(test, x86_trap_name(X86_TRAP_UD), "invalid opcode");
}

static void tss_ist_stacks_distinct(struct ktest *test)
{
	struct desc_ptr gdtr;
	const struct x86_hw_tss *tss;
	const u64 *gdt;
	u16 tr = store_tr();
	u16 cs;

	KTEST_ASSERT_EQ(test, tr, __TSS_SELECTOR);
	__asm__ __volatile__("movw %%cs, %0" : "=r"(cs));
	KTEST_EXPECT_EQ(test, cs, __KERNEL_CS);
	store_gdt(&gdtr);
	gdt = (const u64 *)gdtr.address;
	/* ltr marked the TSS busy (type 0xb): the CPU really loaded this descriptor. */
	KTEST_EXPECT_UEQ(test, (gdt[tr >> 3] >> 40) & 0x8f, 0x8b);
	tss = (const struct x86_hw_tss *)system_desc_base(gdt, tr >> 3);
	for (int i = 0; i < N_EXCEPTION_STACKS; i++) {
		KTEST_EXPECT_NE(test, tss->ist[i], 0);
		KTEST_EXPECT_UEQ(test, tss->ist[i] % 16, 0);
		for (int j = 0; j < i; j++) {
			u64 gap = tss->ist[i] > tss->ist[j] ? tss->ist[i] - tss->ist[j] :
							      tss->ist[j] - tss->ist[i];

			KTEST_EXPECT_UGE(test, gap, EXCEPTION_STKSZ);
		}
	}
	for (int i = N_EXCEPTION_STACKS; i < 7; i++)
		KTEST_EXPECT_UEQ(test, tss->ist[i], 0);
}

/* The newest log text, NUL-terminated, for checking what a report printed. */
static void log_tail(char *buf, size_t size)
{
	size_t n = log_buf_copy(buf, size - 1);

	buf[n] = '\0';
}

static __noinline void backtrace_names_caller(struct ktest *test)
{
	static char log[2048];

	dump_stack_lvl(KERN_DEBUG);
	log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, "Call Trace:"));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, " backtrace_names_caller+0x"));
}

static void backtrace_stops_on_corrupt_chain(struct ktest *test)
{
	static char log[1024];
	unsigned long fake[2];

	show_trace_log_lvl(0, 0x8000000000000000UL, KERN_DEBUG);
	log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, "unreadable; trace ends"));

	/* A frame whose saved bp points below itself: the walk must stop, not loop. */
	fake[0] = (unsigned long)&fake[0] - 64;
	fake[1] = (unsigned long)backtrace_stops_on_corrupt_chain;
	show_trace_log_lvl(0, (unsigned long)fake, KERN_DEBUG);
	log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, "; trace ends"));

	fake[0] = 0;
	fake[1] = 0x1234;
	show_trace_log_lvl(0, (unsigned long)fake, KERN_DEBUG);
	log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, "outside kernel text; trace ends"));
}

/* A kthread that sleeps in a function of its own until stopped, for show_task_stack(). */
static __noinline void traps_sleep_here(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!kthread_should_stop())
		schedule();
	__set_current_state(TASK_RUNNING);
}

static int traps_sleeper_fn(void *unused)
{
	while (!kthread_should_stop())
		traps_sleep_here();
	return 0;
}

/*
 * show_task_stack() of a kthread asleep names where it sleeps: schedule() called from
 * traps_sleep_here() called from its thread function. Of current it is current's own trace.
 */
static void task_stack_names_where_it_sleeps(struct ktest *test)
{
	static char log[2048];
	struct task_struct *p;
	char *trace;
	int i;

	p = kthread_run(traps_sleeper_fn, NULL, "traps_sleeper");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, p);
	for (i = 0; i < 1000; i++) {
		if (READ_ONCE(p->__state) == TASK_INTERRUPTIBLE && !READ_ONCE(p->on_cpu))
			break;
		msleep(1);
	}
	KTEST_EXPECT_LT(test, i, 1000);
	show_task_stack(p);
	log_tail(log, sizeof(log));
	trace = NULL;
	for (char *t = log; (t = strstr(t, "Call Trace:")); t++)
		trace = t;
	KTEST_ASSERT_NOT_NULL(test, trace);
	KTEST_EXPECT_NOT_NULL(test, strstr(trace, " schedule+0x"));
	KTEST_EXPECT_NOT_NULL(test, strstr(trace, " traps_sleep_here+0x"));
	KTEST_EXPECT_NOT_NULL(test, strstr(trace, " traps_sleeper_fn+0x"));
	KTEST_EXPECT_NULL(test, strstr(trace, "trace ends"));
	kthread_stop(p);

	show_task_stack(current);
	log_tail(log, sizeof(log));
	KTEST_EXPECT_NOT_NULL(test, strstr(log, " task_stack_names_where_it_sleeps+0x"));
}

/* swapper/0's stack has an unmapped page below it, like every vmalloc'd stack. */
static void init_stack_has_guard_page(struct ktest *test)
{
	u8 byte;

	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&byte, __init_stack_guard, 1), -EFAULT);
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&byte, __init_stack_guard + PAGE_SIZE - 1, 1),
			-EFAULT);
	KTEST_EXPECT_EQ(test, copy_from_kernel_nofault(&byte, init_stack, 1), 0);
	KTEST_EXPECT_PTR_EQ(test, init_stack, __init_stack_guard + PAGE_SIZE);
}

/* The control bits the kernel relies on are on, whatever the firmware handed over. */
static void control_registers_set_explicitly(struct ktest *test)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();

	KTEST_EXPECT_TRUE(test, cr0 & X86_CR0_PG);
	KTEST_EXPECT_TRUE(test, cr0 & X86_CR0_WP);
	KTEST_EXPECT_TRUE(test, cr0 & X86_CR0_NE);
	KTEST_EXPECT_FALSE(test, cr0 & (X86_CR0_CD | X86_CR0_NW));
	KTEST_EXPECT_TRUE(test, cr4 & X86_CR4_PAE);
	KTEST_EXPECT_TRUE(test, cr4 & X86_CR4_PGE);
	KTEST_EXPECT_TRUE(test, cr4 & X86_CR4_MCE);
	/* User programs use SSE (fpu__init_cpu()); the kernel itself never does. */
	KTEST_EXPECT_TRUE(test, (cr4 & (X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)) ==
				(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT));
	KTEST_EXPECT_FALSE(test, cr0 & (X86_CR0_TS | X86_CR0_EM));
}

static struct ktest_case traps_cases[] = {
	KTEST_CASE(nofault_unmapped_is_efault),
	KTEST_CASE(nofault_mapped_copies),
	KTEST_CASE(warn_on_counts_and_returns),
	KTEST_CASE(int3_resumes),
	KTEST_CASE(ud2_fixup_resumes),
	KTEST_CASE(idt_has_all_exceptions),
	KTEST_CASE(tss_ist_stacks_distinct),
	KTEST_CASE(backtrace_names_caller),
	KTEST_CASE(backtrace_stops_on_corrupt_chain),
	KTEST_CASE(task_stack_names_where_it_sleeps),
	KTEST_CASE(init_stack_has_guard_page),
	KTEST_CASE(control_registers_set_explicitly),
	{}
};

static struct ktest_suite traps_suite = {
	.name = "traps",
	.cases = traps_cases,
};
ktest_register_suite(traps_suite);
