/* The kernel command line: split it into options and hand each to the __setup() handler that
 * registered its name. Unknown options are reported once and ignored; a handler that rejects
 * its value is reported and the option keeps its default. */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <asm/bootparam.h>

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/* The command line as the boot loader gave it; written once by parse_args(), read-only after. */
char saved_command_line[COMMAND_LINE_SIZE];

static const struct obs_kernel_param *find_param(const char *opt, char **value)
{
	for (const struct obs_kernel_param *p = __setup_start; p < __setup_end; p++) {
		size_t n = strlen(p->str);

		if (p->str[n - 1] == '=') {
			if (!strncmp(opt, p->str, n)) {
				*value = (char *)opt + n;
				return p;
			}
		} else if (!strcmp(opt, p->str)) {
			*value = (char *)opt + n;
			return p;
		}
	}
	return NULL;
}

static void parse_one(char *opt)
{
	const struct obs_kernel_param *p;
	char *value;

	p = find_param(opt, &value);
	if (!p) {
		pr_warn("Unknown kernel command line parameter \"%s\", will be ignored\n", opt);
		return;
	}
	if (p->setup_func(value))
		pr_warn("Malformed kernel command line parameter \"%s\"; using the default\n", opt);
}

/**
 * parse_args - hand each option of the kernel command line to its __setup() handler
 * @cmdline: the command line; only read (a copy is split)
 *
 * Options are separated by spaces; quotes group a value with spaces in it (the quote marks
 * are dropped). An option matches a handler registered as "name=" by prefix, one registered
 * as "name" only exactly. @cmdline is also saved in saved_command_line.
 *
 * Linux 6.1: boot options go through parse_early_param() and unknown_bootoption() (init/),
 * whose handlers return 1 when they took the option, and unknown options go to init's
 * environment or arguments; Spindle's handlers return 0 or -EINVAL, and an unknown option is
 * only reported.
 *
 * Context: boot, once, single-threaded (setup_arch()). Return: nothing.
 */
void parse_args(char *cmdline)
{
	char buf[COMMAND_LINE_SIZE];
	char *s = buf;

	strscpy(saved_command_line, cmdline, sizeof(saved_command_line));
	strscpy(buf, cmdline, sizeof(buf));
	while (*s) {
		char *start, *out;
		bool quoted = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		start = out = s;
		for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
			if (*s == '"')
				quoted = !quoted;
			else
				*out++ = *s;
		}
		if (*s)
			s++;
		*out = '\0';
		parse_one(start);
	}
}
