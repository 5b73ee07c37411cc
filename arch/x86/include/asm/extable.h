/* The exception table (Linux's __ex_table): pairs of "this instruction may fault" and "resume
 * here if it does", stored as 32-bit offsets relative to each field so the table is position
 * independent and half the size of absolute pointers. */
#ifndef _ASM_EXTABLE_H
#define _ASM_EXTABLE_H

#ifdef __ASSEMBLY__
#define _ASM_EXTABLE(from, to)			\
	.pushsection __ex_table, "a";		\
	.balign 4;				\
	.long (from) - .;			\
	.long (to) - .;				\
	.popsection
#else
#include <linux/types.h>

#define _ASM_EXTABLE(from, to)			\
	" .pushsection __ex_table, \"a\"\n"	\
	" .balign 4\n"				\
	" .long (" #from ") - .\n"		\
	" .long (" #to ") - .\n"		\
	" .popsection\n"

struct exception_table_entry {
	int insn;
	int fixup;
};

struct pt_regs;

const struct exception_table_entry *search_exception_tables(unsigned long ip);
/* If the faulting instruction has a table entry, point regs->ip at its fixup; true if so. */
bool fixup_exception(struct pt_regs *regs, int trapnr);
#endif

#endif
