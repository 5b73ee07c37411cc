/* The console's file commands: cat, ls and echo (with the shell's "> FILE"), over the tree of
 * /proc, /sys and tracing files (fs/proc/generic.c). Error texts are coreutils' and bash's. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/proc_fs.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

/* cat's @emit: write the piece; Ctrl-C ends a long file (the trace) between pieces. */
static int cat_emit(void *arg, const char *buf, size_t n)
{
	shell_write(buf, n);
	return shell_interrupted() ? -EINTR : 0;
}

static int cmd_cat(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return shell_usage("cat");
	for (int i = 1; i < argc && !shell_interrupted(); i++) {
		ssize_t n = proc_read_iter(argv[i], cat_emit, NULL);

		if (n == -EINTR)
			break;
		if (n < 0) {
			shell_printf("cat: %s: %s\n", argv[i], strerror(n));
			status = 1;
		}
	}
	return status;
}

#define LS_MAX_NAMES	4096
#define LS_WIDTH	80

struct ls_names {
	char **names;
	int n;
	bool overflow;
};

static void ls_collect(void *arg, const char *name, bool dir)
{
	struct ls_names *l = arg;
	size_t len = strlen(name) + 1;
	char *copy;

	if (l->n == LS_MAX_NAMES) {
		l->overflow = true;
		return;
	}
	/* Called under tasklist_lock for /proc's PIDs: no sleeping allocation. */
	copy = kmalloc(len, GFP_ATOMIC);
	if (!copy) {
		l->overflow = true;
		return;
	}
	memcpy(copy, name, len);
	l->names[l->n++] = copy;
}

/* ls's order: digits before letters (plain byte order, as in the C locale). */
static int ls_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in columns across a line of LS_WIDTH, column-major like ls -C. */
static void ls_print(struct ls_names *l)
{
	int width = 1, cols, rows;

	for (int i = 0; i < l->n; i++)
		width = max(width, (int)strlen(l->names[i]) + 2);
	cols = max(1, LS_WIDTH / width);
	rows = (l->n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;

			if (i >= l->n)
				break;
			shell_printf("%-*s", i + rows < l->n ? width : 0, l->names[i]);
		}
		shell_puts("\n");
	}
}

static int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct ls_names l = { 0 };
	int err;

	if (argc > 2)
		return shell_usage("ls");
	l.names = kmalloc_array(LS_MAX_NAMES, sizeof(*l.names), GFP_KERNEL);
	if (!l.names) {
		shell_printf("ls: %s\n", strerror(ENOMEM));
		return 2;
	}
	err = proc_list_path(path, ls_collect, &l);
	if (err)
		shell_printf("ls: cannot access '%s': %s\n", path, strerror(err));
	sort(l.names, l.n, sizeof(*l.names), ls_cmp, NULL);
	ls_print(&l);
	if (l.overflow)
		shell_printf("ls: %s: listing cut at %d names\n", path, l.n);
	for (int i = 0; i < l.n; i++)
		kfree(l.names[i]);
	kfree(l.names);
	return err ? 2 : 0;
}

/* bash's echo builtin: the words with one blank between, and -n to leave out the newline. */
static int cmd_echo(int argc, char **argv)
{
	int i = 1;
	bool newline = true;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i++;
	}
	for (; i < argc; i++) {
		shell_puts(argv[i]);
		if (i + 1 < argc)
			shell_puts(" ");
	}
	if (newline)
		shell_puts("\n");
	return 0;
}

const struct shell_cmd shell_fs_cmds[] = {
	{ "cat", "cat FILE...", "print files: /proc, /sys, /sys/kernel/tracing", cmd_cat },
	{ "echo", "echo [-n] [STRING]... [> FILE]",
	  "write the strings, separated by blanks; > FILE writes them to a file", cmd_echo },
	{ "ls", "ls [DIRECTORY]", "list a directory of /proc or /sys", cmd_ls },
	{}
};
