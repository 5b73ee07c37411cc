/* The console shell (kernel/shell.c): Spindle's own, a kernel thread; Linux's is a program. */
#ifndef _LINUX_SHELL_H
#define _LINUX_SHELL_H

void shell_init(void);

#endif
