/* The kernel's own symbol table, linked into the image, for backtraces and %pS. */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H

#include <linux/types.h>

/* Find the function containing addr: its name, start and size. False if none does. */
bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *start,
		     unsigned long *size);
/* The address of a symbol by name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

#endif
