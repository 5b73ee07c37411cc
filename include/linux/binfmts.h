/* What exec knows about the program it is starting (Linux's include/linux/binfmts.h): the file,
 * the new address space and the strings being copied onto its stack. */
#ifndef _LINUX_BINFMTS_H
#define _LINUX_BINFMTS_H

#include <linux/types.h>

struct mm_struct;
struct inode;

/* One argument or environment string may be 32 pages long (Linux's limit). All of them
 * together: Linux 6.1 allows a quarter of the stack limit (2 MiB); Spindle assembles them in
 * one 128 KiB buffer, and more is -E2BIG. */
#define MAX_ARG_STRLEN		(32 * 4096)
#define MAX_ARG_STRINGS		0x7fffffff
#define ARG_MAX_BYTES		(128 * 1024)
/* The stack's reserve: Linux's default RLIMIT_STACK. */
#define STACK_SIZE_MAX		(8 * 1024 * 1024)

struct linux_binprm {
	const char *filename;		/* as given to execve() (AT_EXECFN) */
	struct inode *file;		/* the program, in the in-memory root */
	const void *data;		/* its bytes: the root keeps every file in memory */
	size_t size;
	struct mm_struct *mm;		/* the new address space, not yet current's */
	unsigned long p;		/* the next free byte below the strings on the new stack */
	unsigned long exec;		/* where the file name was copied (AT_EXECFN) */
	int argc, envc;
	char *page;			/* the top of the new stack, built here, then copied */
	unsigned long page_base;	/* the user address of page[0] */
};

int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);
int begin_new_exec(struct linux_binprm *bprm);
void setup_new_exec(struct linux_binprm *bprm);
int load_elf_binary(struct linux_binprm *bprm);

#endif
