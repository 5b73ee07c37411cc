/* Page faults (Linux's arch/x86/mm/fault.c): a fault on a user address is resolved against the
 * current mm's VMAs (a page on first touch, a stack that grows), or ends in SIGSEGV for user mode
 * and -EFAULT through the exception table for uaccess; any other kernel fault is an oops. */
#include <linux/kernel.h>
#include <linux/hardirq.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <asm/uaccess.h>

static void show_fault_oops(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	const char *access, *cause;

	if (error_code & X86_PF_INSTR)
		access = "instruction fetch";
	else if (error_code & X86_PF_WRITE)
		access = "write";
	else
		access = "read";
	if (!(error_code & X86_PF_PROT))
		cause = "not-present page";
	else if (error_code & X86_PF_RSVD)
		cause = "reserved bit violation";
	else if (error_code & X86_PF_PK)
		cause = "protection keys violation";
	else
		cause = "permissions violation";

	if (!(error_code & X86_PF_USER) && address < TASK_SIZE_MAX) {
		if (error_code & X86_PF_INSTR)
			printk(KERN_EMERG "BUG: unable to execute userspace code (SMEP?)\n");
		else if ((error_code & X86_PF_PROT) && x86_smap_enabled &&
			 !(regs->flags & X86_EFLAGS_AC))
			printk(KERN_EMERG "BUG: kernel access of user memory outside uaccess (SMAP?)\n");
	}
	if ((error_code & (X86_PF_INSTR | X86_PF_PROT)) == (X86_PF_INSTR | X86_PF_PROT))
		printk(KERN_EMERG "kernel tried to execute NX-protected page - exploit attempt?\n");
	printk(KERN_EMERG "BUG: unable to handle page fault for address: %016lx\n", address);
	printk(KERN_EMERG "#PF: %s %s access in %s mode\n",
	       (error_code & X86_PF_USER) ? "user" : "supervisor", access,
	       user_mode(regs) ? "user" : "kernel");
	printk(KERN_EMERG "#PF: error_code(0x%04lx) - %s\n", error_code, cause);
}

static __noreturn void page_fault_oops(struct pt_regs *regs, unsigned long error_code,
				       unsigned long address)
{
	oops_begin("page fault");
	show_fault_oops(regs, error_code, address);
	oops_end(regs, "page fault", "page fault", error_code);
}

/* A kernel-mode fault nobody can resolve: uaccess resumes at its fix-up, anything else dies. */
static void kernelmode_fixup_or_oops(struct pt_regs *regs, unsigned long error_code,
				     unsigned long address)
{
	if (fixup_exception(regs, X86_TRAP_PF))
		return;
	page_fault_oops(regs, error_code, address);
}

/*
 * Linux's line, byte for byte, up to its end: "%px" prints 16 hex digits without "0x", which
 * is what "%016lx" gives here. print_vma_addr() adds " in FILE[start+size]" for an address in
 * a program's segments (nothing for the heap or stack). Linux 6.1 also prints the CPU's core and
 * socket ("(core %d, socket %d)"); Spindle keeps no topology and prints the CPU alone. Linux
 * prints it only when the signal is unhandled and rate-limits it; Spindle's SIGSEGV always
 * kills, and every one is printed.
 */
#define SEGV_FMT "%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx"

/* Linux passes the level as "%s"; Spindle's printk reads it only at the format's start. */
static void show_signal_msg(struct pt_regs *regs, unsigned long error_code,
			    unsigned long address, struct task_struct *tsk)
{
	if (tsk->pid > 1)
		printk(KERN_INFO SEGV_FMT, tsk->comm, tsk->pid, address, regs->ip, regs->sp,
		       error_code);
	else
		printk(KERN_EMERG SEGV_FMT, tsk->comm, tsk->pid, address, regs->ip, regs->sp,
		       error_code);
	print_vma_addr(KERN_CONT " in ", regs->ip);
	pr_cont(" likely on CPU %d\n", smp_processor_id());
}

static void __bad_area_nosemaphore(struct pt_regs *regs, unsigned long error_code,
				   unsigned long address)
{
	if (!user_mode(regs)) {
		kernelmode_fixup_or_oops(regs, error_code, address);
		return;
	}
	/* User space must not learn which kernel addresses are mapped: always "protection". */
	if (address >= TASK_SIZE_MAX)
		error_code |= X86_PF_PROT;
	show_signal_msg(regs, error_code, address, current);
	force_sig(SIGSEGV);
}

static void bad_area_nosemaphore(struct pt_regs *regs, unsigned long error_code,
				 unsigned long address)
{
	__bad_area_nosemaphore(regs, error_code, address);
}

static void bad_area(struct pt_regs *regs, unsigned long error_code, unsigned long address,
		     struct mm_struct *mm)
{
	mutex_unlock(&mm->mmap_lock);
	__bad_area_nosemaphore(regs, error_code, address);
}

/* Linux's SEGV_ACCERR flavour of bad_area(); Spindle's signals carry no si_code. */
static void bad_area_access_error(struct pt_regs *regs, unsigned long error_code,
				  unsigned long address, struct mm_struct *mm)
{
	bad_area(regs, error_code, address, mm);
}

/* handle_mm_fault() could not help: out of memory, or the PTE still refuses the access.
 * Linux 6.1 also has SIGBUS for file and hugetlb faults; anonymous memory never gives it. */
static void mm_fault_error(struct pt_regs *regs, unsigned long error_code, unsigned long address,
			   vm_fault_t fault)
{
	if (!user_mode(regs)) {
		kernelmode_fixup_or_oops(regs, error_code, address);
		return;
	}
	if (fault & VM_FAULT_OOM) {
		/* Linux 6.1: the OOM killer picks a victim and the fault is retried; Spindle has
		 * no OOM killer and kills the faulting task. */
		pr_err("Out of memory: killing %s[%d] on a page fault at %lx\n", current->comm,
		       current->pid, address);
		force_sig(SIGKILL);
		return;
	}
	bad_area_nosemaphore(regs, error_code, address);
}

/*
 * Does @vma allow the access? Writes need VM_WRITE; a read of a present page faults only for a
 * reason a VMA cannot fix (protection keys); a read of an absent one needs any access at all.
 * Instruction fetches need VM_EXEC (Linux lets the NX bit catch them on the second fault).
 */
static bool access_error(unsigned long error_code, struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_INSTR)
		return !(vma->vm_flags & VM_EXEC);
	if (error_code & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC));
}

/* Kernel addresses: never resolved by faulting (vmalloc and the direct map are mapped in every
 * page table from the start); uaccess-style fix-up, a signal for user mode, or an oops. */
static void do_kern_addr_fault(struct pt_regs *regs, unsigned long hw_error_code,
			       unsigned long address)
{
	bad_area_nosemaphore(regs, hw_error_code, address);
}

static void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code,
			       unsigned long address)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk->mm;
	unsigned int flags = 0;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	/*
	 * The kernel touches user memory only through the instructions in the exception table
	 * (uaccess), and with SMAP only inside stac/clac: anything else is a kernel bug, and
	 * SMEP's refusal to run user code from the kernel lands here too. A listed instruction
	 * without stac (copy_from_kernel_nofault() on a user address) just fails.
	 */
	if (!user_mode(regs)) {
		if (!search_exception_tables(regs->ip))
			page_fault_oops(regs, error_code, address);
		if (x86_smap_enabled && !(regs->flags & X86_EFLAGS_AC)) {
			bad_area_nosemaphore(regs, error_code, address);
			return;
		}
	}
	/*
	 * Taking mmap_lock may sleep: not with preemption off (Linux's faulthandler_disabled():
	 * uaccess under a spinlock just fails) nor when the kernel ran with interrupts off.
	 * Kernel threads have no mm unless they adopted one (kthread_use_mm()).
	 */
	if (in_atomic() || (!user_mode(regs) && !(regs->flags & X86_EFLAGS_IF)) || !mm) {
		bad_area_nosemaphore(regs, error_code, address);
		return;
	}
	local_irq_enable();
	if (user_mode(regs))
		flags |= FAULT_FLAG_USER;
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;

	/* Linux 6.1: mmap_read_lock(); Spindle's mmap_lock is a mutex. */
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, address);
	if (!vma) {
		bad_area(regs, error_code, address, mm);
		return;
	}
	if (vma->vm_start > address &&
	    (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, address))) {
		bad_area(regs, error_code, address, mm);
		return;
	}
	if (access_error(error_code, vma)) {
		bad_area_access_error(regs, error_code, address, mm);
		return;
	}
	fault = handle_mm_fault(vma, address, flags, regs);
	mutex_unlock(&mm->mmap_lock);
	if (fault & VM_FAULT_ERROR)
		mm_fault_error(regs, error_code, address, fault);
}

/**
 * exc_page_fault - vector 14
 * @regs: the faulting state
 * @error_code: the CPU's page-fault error code (X86_PF_*)
 *
 * Context: exception context on the faulting task's stack, interrupts off on entry; a fault
 * on a user address may enable them and sleep (mmap_lock, allocating a page).
 * Return: nothing; the faulting instruction is retried, or resumes at its fix-up, or the task
 * has SIGSEGV pending.
 */
void exc_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	/* CR2 first: any later fault (even a fixed-up one) overwrites it. */
	unsigned long address = read_cr2();

	/* A uaccess fault arrives with EFLAGS.AC set, and this handler may sleep: close the
	 * user half until iret restores the faulting context's flags (Linux's entry code
	 * does this for every exception). */
	clac();
	if (address >= TASK_SIZE_MAX)
		do_kern_addr_fault(regs, error_code, address);
	else
		do_user_addr_fault(regs, error_code, address);
	local_irq_disable();
}
