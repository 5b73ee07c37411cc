/* Kernel command-line options, registered where they are used, as Linux's __setup() does. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

/* A handler gets the text after "name=" (or "" for a bare flag) and returns 0, or -EINVAL for a
 * bad value: parse_args() then reports it and the option keeps its default. */
struct obs_kernel_param {
	const char *str;	/* "name=" for options with a value, "name" for flags */
	int (*setup_func)(char *value);
};

#define __setup(str, fn)						\
	static const struct obs_kernel_param __setup_##fn		\
	__used __section(".init.setup") __aligned(8) = { str, fn }

void parse_args(char *cmdline);
extern char saved_command_line[];

#endif
