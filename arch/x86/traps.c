/* Exception handling: every one of the 32 vectors arrives in do_exception(). A fault at an
 * instruction listed in the exception table resumes at its fixup; int3 and unclaimed NMIs are
 * survived, as in Linux; everything else is fatal: "Kernel panic - not syncing: <name>", the
 * decoded error code, the registers and a backtrace. */
#include <linux/kernel.h>
#include <linux/hardirq.h>
#include <linux/panic.h>
#include <linux/smp.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/sections.h>
#include <asm/hardirq.h>
#include <asm/traps.h>
#include <asm/syscall.h>
#include <asm/fpu.h>

static const char *const trap_names[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE]		= "divide error",
	[X86_TRAP_DB]		= "debug",
	[X86_TRAP_NMI]		= "NMI",
	[X86_TRAP_BP]		= "int3",
	[X86_TRAP_OF]		= "overflow",
	[X86_TRAP_BR]		= "bounds",
	[X86_TRAP_UD]		= "invalid opcode",
	[X86_TRAP_NM]		= "device not available",
	[X86_TRAP_DF]		= "double fault",
	[X86_TRAP_OLD_MF]	= "coprocessor segment overrun",
	[X86_TRAP_TS]		= "invalid TSS",
	[X86_TRAP_NP]		= "segment not present",
	[X86_TRAP_SS]		= "stack segment",
	[X86_TRAP_GP]		= "general protection fault",
	[X86_TRAP_PF]		= "page fault",
	[X86_TRAP_SPURIOUS]	= "reserved exception 15",
	[X86_TRAP_MF]		= "coprocessor error",
	[X86_TRAP_AC]		= "alignment check",
	[X86_TRAP_MC]		= "machine check",
	[X86_TRAP_XF]		= "SIMD coprocessor error",
	[X86_TRAP_VE]		= "virtualization exception",
	[X86_TRAP_CP]		= "control protection fault",
	[22]			= "reserved exception 22",
	[23]			= "reserved exception 23",
	[24]			= "reserved exception 24",
	[25]			= "reserved exception 25",
	[26]			= "reserved exception 26",
	[27]			= "reserved exception 27",
	[X86_TRAP_HV]		= "hypervisor injection",
	[X86_TRAP_VC]		= "VMM communication",
	[X86_TRAP_SX]		= "security exception",
	[31]			= "reserved exception 31",
};

unsigned long int3_count;
unsigned long nmi_count;

/**
 * x86_trap_name - the SDM's name of exception @vector, for reports
 * @vector: 0 to 31
 *
 * Context: any. Return: a constant string ("page fault", "general protection fault", ...).
 */
const char *x86_trap_name(unsigned int vector)
{
	return vector < NR_EXCEPTION_VECTORS ? trap_names[vector] : "unknown vector";
}

/**
 * oops_begin - start a fatal report: "Kernel panic - not syncing: @reason"
 * @reason: what happened ("page fault", ...)
 *
 * The first line, before anything that could fault again: the runner keys on it.
 *
 * Context: exception context. Return: nothing.
 */
void oops_begin(const char *reason)
{
	panic_enter(reason);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", reason);
}

/**
 * oops_end - finish a fatal report with "Oops:", the registers and a backtrace, and halt
 * @regs: the faulting state
 * @reason: as given to oops_begin()
 * @what: the Oops line's description
 * @error_code: the exception's error code
 *
 * Context: exception context. Return: does not return.
 */
__noreturn void oops_end(struct pt_regs *regs, const char *reason, const char *what,
			 unsigned long error_code)
{
	printk(KERN_EMERG "Oops: %s: %04lx [#1]\n", what, error_code);
	show_regs(regs);
	panic_halt(reason);
}

static const char *selector_mnemonic(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_TS:
		return "#TS";
	case X86_TRAP_NP:
		return "#NP";
	case X86_TRAP_SS:
		return "#SS";
	default:
		return "#GP";
	}
}

/* #TS/#NP/#SS/#GP error codes name a segment selector or IDT vector: bit 0 the fault came from
 * an external event, bit 1 the index is an IDT vector, else bit 2 picks LDT over GDT. */
static void show_selector_error(unsigned int vector, unsigned long error_code)
{
	const char *mn = selector_mnemonic(vector);
	const char *ext = (error_code & 1) ? ", during an external event" : "";
	unsigned long index = (error_code & 0xffff) >> 3;

	if (!error_code) {
		printk(KERN_EMERG "%s: error_code(0x0000) - not caused by a segment selector\n", mn);
		return;
	}
	if (error_code & 2)
		printk(KERN_EMERG "%s: error_code(0x%04lx) - IDT vector %lu%s\n", mn, error_code,
		       index, ext);
	else
		printk(KERN_EMERG "%s: error_code(0x%04lx) - %s selector 0x%04lx (index %lu)%s\n",
		       mn, error_code, (error_code & 4) ? "LDT" : "GDT", error_code & 0xfff8,
		       index, ext);
}

static __noreturn void die(struct pt_regs *regs, unsigned int vector, unsigned long error_code)
{
	const char *name = x86_trap_name(vector);

	oops_begin(name);
	switch (vector) {
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
		show_selector_error(vector, error_code);
		break;
	}
	oops_end(regs, name, name, error_code);
}

/*
 * A kernel stack overflow shows up here, not as a page fault: the access to the guard page
 * faults, and pushing the #PF frame onto that same exhausted stack faults again, which the CPU
 * turns into #DF, delivered on its own IST stack. CR2 then holds a guard-page address.
 */
/* Guard pages sit below every vmalloc'd stack and below swapper/0's init_stack. */
static bool is_stack_guard_page(unsigned long addr)
{
	unsigned long boot_guard = (unsigned long)__init_stack_guard;

	return is_vmalloc_guard_page(addr) || (addr >= boot_guard && addr < boot_guard + PAGE_SIZE);
}

static __noreturn void exc_double_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long cr2 = read_cr2();
	unsigned long guard = 0, stack;

	if (is_stack_guard_page(cr2))
		guard = cr2;
	else if (is_stack_guard_page(regs->sp))
		guard = regs->sp;
	if (!guard) {
		oops_begin("double fault");
		oops_end(regs, "double fault", "double fault", error_code);
	}
	/* Kernel stacks are THREAD_SIZE areas directly above their guard page. */
	stack = (guard & PAGE_MASK) + PAGE_SIZE;
	oops_begin("kernel stack overflow");
	printk(KERN_EMERG "BUG: stack guard page was hit at %016lx (stack is %016lx..%016lx)\n",
	       guard, stack, stack + THREAD_SIZE - 1);
	oops_end(regs, "kernel stack overflow", "kernel stack overflow (double-fault)", error_code);
}

static void exc_nmi(struct pt_regs *regs)
{
	nmi_enter();
	inc_irq_stat(__nmi_count);
	if (nmi_cpu_backtrace_stop(regs) || nmi_cpu_backtrace(regs))
		goto out;
	__atomic_add_fetch(&nmi_count, 1, __ATOMIC_RELAXED);
	printk(KERN_EMERG "Uhhuh. NMI received for unknown reason on CPU %u (RIP %pS).\n",
	       cpuid_initial_apic_id(), (void *)regs->ip);
out:
	nmi_exit();
}

/* The signal each exception sends a user task (Linux's do_error_trap() callers in traps.c). */
static int user_trap_signal(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return SIGFPE;
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return SIGTRAP;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_AC:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/*
 * An exception in user mode is the program's, not the kernel's: report it as Linux's
 * show_signal() does ("traps: NAME[PID] trap divide error ip:... sp:... error:0 in
 * NAME[start+size]", no "trap " before a general protection fault), and end the process with
 * the signal. int3 is a debugger's and is not reported.
 */
static void do_user_trap(struct pt_regs *regs, unsigned int vector, unsigned long error_code)
{
	struct task_struct *tsk = current;
	int sig = user_trap_signal(vector);

	/* User mode ran with interrupts on: so may its trap (Linux's cond_local_irq_enable()). */
	local_irq_enable();
	if (vector != X86_TRAP_BP) {
		pr_info("traps: %s[%d] %s%s ip:%lx sp:%lx error:%lx", tsk->comm, tsk->pid,
			vector == X86_TRAP_GP ? "" : "trap ", x86_trap_name(vector), regs->ip,
			regs->sp, error_code);
		print_vma_addr(KERN_CONT " in ", regs->ip);
		pr_cont("\n");
	}
	force_sig(sig);
}

/**
 * do_exception - the C entry of every CPU exception, from the assembly stubs
 * @regs: the saved state; orig_ax holds the error code (0 where the CPU pushes none)
 * @vector: the exception's vector
 *
 * Page faults (arch/x86/fault.c), double faults, NMIs and int3 go to their handlers; any other
 * exception in user mode ends the process with a signal (and a report); in the kernel it is
 * fixed up through the exception table (copy_from_kernel_nofault(), uaccess) or dies with an
 * oops.
 *
 * Context: exception context, interrupts as the CPU left them. Return: nothing (die() does
 * not return).
 */
void do_exception(struct pt_regs *regs, unsigned long vector)
{
	unsigned long error_code = regs->orig_ax;

	switch (vector) {
	case X86_TRAP_PF:
		exc_page_fault(regs, error_code);
		return;
	case X86_TRAP_DF:
		exc_double_fault(regs, error_code);
	case X86_TRAP_NMI:
		exc_nmi(regs);
		return;
	case X86_TRAP_BP:
		if (user_mode(regs)) {
			do_user_trap(regs, vector, error_code);
			return;
		}
		/* The CPU already left regs->ip after the int3: just go on. */
		__atomic_add_fetch(&int3_count, 1, __ATOMIC_RELAXED);
		return;
	}
	if (user_mode(regs)) {
		do_user_trap(regs, vector, error_code);
		return;
	}
	if (fixup_exception(regs, vector))
		return;
	die(regs, vector, error_code);
}

/**
 * trap_init - install the exception gates in the IDT
 *
 * Context: boot, the boot CPU, interrupts off. Return: nothing.
 */
void trap_init(void)
{
	idt_setup_traps();
	cpu_init_exception_handling(0);
	syscall_init();
	fpu__init_cpu();
	pr_info("Traps: GDT, TSS with IST stacks for #DF, NMI, #DB, #MC, and %d exception gates loaded\n",
		NR_EXCEPTION_VECTORS);
}
