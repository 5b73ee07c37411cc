/* /bin/fault: does one thing a user program must not get away with, so a test can see the
 * kernel end it with the right signal and report, and stay up: fault KIND. */
#include "ulib.h"
#include <stdio.h>
#include <string.h>

/* The start of Linux's (and Spindle's) direct map of physical memory: kernel memory. */
#define KERNEL_ADDR	0xffff888000000000UL

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "";
	volatile unsigned long *p;

	if (!strcmp(kind, "null-write")) {
		p = (volatile unsigned long *)0;
		*p = 1;
	} else if (!strcmp(kind, "kernel-read")) {
		p = (volatile unsigned long *)KERNEL_ADDR;
		printf("read %lx\n", *p);
	} else if (!strcmp(kind, "kernel-write")) {
		p = (volatile unsigned long *)KERNEL_ADDR;
		*p = 1;
	} else if (!strcmp(kind, "ud2")) {
		asm volatile("ud2");
	} else if (!strcmp(kind, "divzero")) {
		/* In assembly: the compiler may turn 1 / x into compares and never divide. */
		unsigned int zero = 0, q = 1, r = 0;

		asm volatile("divl %2" : "+a"(q), "+d"(r) : "r"(zero));
		printf("%u\n", q);
	} else if (!strcmp(kind, "hlt")) {
		asm volatile("hlt");		/* privileged: #GP in user mode */
	} else if (!strcmp(kind, "exec-stack")) {
		unsigned char code[] = { 0xc3 };	/* ret, on the non-executable stack */

		((void (*)(void))code)();
	} else if (!strcmp(kind, "write-text")) {
		*(volatile unsigned char *)(unsigned long)main = 0xcc;
	} else {
		fprintf(stderr, "usage: fault null-write|kernel-read|kernel-write|ud2|divzero|hlt|"
			"exec-stack|write-text\n");
		return 2;
	}
	printf("fault: %s did not fault\n", kind);
	return 1;
}
