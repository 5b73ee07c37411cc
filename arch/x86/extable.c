/* Exception-table lookup: when a kernel instruction faults, a matching __ex_table entry turns
 * the fault into a jump to its fixup code instead of an oops. */
#include <linux/kernel.h>
#include <asm/extable.h>
#include <asm/ptrace.h>

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static unsigned long ex_insn_addr(const struct exception_table_entry *x)
{
	return (unsigned long)&x->insn + x->insn;
}

static unsigned long ex_fixup_addr(const struct exception_table_entry *x)
{
	return (unsigned long)&x->fixup + x->fixup;
}

/**
 * search_exception_tables - find the exception-table entry for a faulting instruction
 * @ip: the address of the instruction that faulted
 *
 * A linear scan: the table has a few dozen entries and is searched only when a fault happened,
 * so sorting it at build time (as Linux does for its thousands) would buy nothing here.
 *
 * Linux 6.1: searches the kernel's sorted table by binary search, then the BPF and module
 * tables; Spindle has only the kernel's.
 *
 * Context: any, including NMI; takes no lock and does not sleep.
 * Return: the entry whose instruction is at @ip, or NULL if there is none.
 */
const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table; e++)
		if (ex_insn_addr(e) == ip)
			return e;
	return NULL;
}

/**
 * fixup_exception - recover from a fault by a kernel instruction that expects it
 * @regs: the registers saved at the fault; regs->ip is changed on success
 * @trapnr: the exception vector (not used: every entry is handled the same way)
 *
 * If the faulting instruction has an exception-table entry, point regs->ip at its fixup code,
 * so the return from the exception resumes there instead of at the instruction.
 *
 * Linux 6.1: also takes the error code and fault address, returns int, and each entry has a
 * type (EX_TYPE_UACCESS, EX_TYPE_FAULT, ...) choosing what the fixup does; here every entry is
 * a plain jump and the fixup code itself sets the error.
 *
 * Context: exception handlers (#PF, #GP, ...), interrupts in the state of the fault.
 * Return: true if a fixup was found and installed, false if the fault is a real bug.
 */
bool fixup_exception(struct pt_regs *regs, int trapnr)
{
	const struct exception_table_entry *e = search_exception_tables(regs->ip);

	if (!e)
		return false;
	regs->ip = ex_fixup_addr(e);
	return true;
}
