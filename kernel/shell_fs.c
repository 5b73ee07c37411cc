/* The console's file commands: cat, ls and echo (with the shell's "> FILE"), over the root file
 * system unpacked from the initramfs (fs/ramfs/inode.c) and, under /proc and /sys, the tree of
 * proc, sysfs and tracing files (fs/proc/generic.c). Error texts are coreutils' and bash's. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/proc_fs.h>
#include <linux/ramfs.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

/* /proc and /sys are mounted on the root: a path whose first component is one of them goes to
 * the proc tree, any other to the root file system. A relative path starts at "/". */
static bool proc_path(const char *path)
{
	size_t len;

	path += strspn(path, "/");
	len = strcspn(path, "/");
	return (len == 4 && !strncmp(path, "proc", 4)) || (len == 3 && !strncmp(path, "sys", 3));
}

#define CAT_CHUNK	512

/* cat of a regular file of the root; -EISDIR for a directory, as read(2) gives. */
static ssize_t ramfs_cat(const char *path)
{
	struct inode *inode = ramfs_lookup(path);
	char *buf;
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	buf = kmalloc(CAT_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while ((n = ramfs_read(inode, buf, CAT_CHUNK, pos)) > 0) {
		shell_write(buf, n);
		pos += n;
		if (shell_interrupted()) {
			n = -EINTR;
			break;
		}
	}
	kfree(buf);
	return n;
}

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
		ssize_t n = proc_path(argv[i]) ? proc_read_iter(argv[i], cat_emit, NULL) :
			    ramfs_cat(argv[i]);

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

static int ls_collect_inode(void *arg, struct inode *child)
{
	ls_collect(arg, child->i_name, S_ISDIR(child->i_mode));
	return 0;
}

/* The mount points under "/" (proc, sys), unless the archive made directories of that name. */
static void ls_collect_mount(void *arg, const char *name, bool dir)
{
	struct ls_names *l = arg;

	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return;
	ls_collect(arg, name, dir);
}

/*
 * ls of a path in the root file system: a directory's entries, and for "/" the proc tree's
 * mount points too; a file lists itself, under the name it was given, as coreutils' ls does.
 */
static int ls_root_path(const char *path, struct ls_names *l)
{
	struct inode *inode = ramfs_lookup(path);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!S_ISDIR(inode->i_mode)) {
		ls_collect(l, path, false);
		return 0;
	}
	ramfs_iterate_dir(inode, ls_collect_inode, l);
	if (inode == ramfs_root())
		return proc_list_path("/", ls_collect_mount, l);
	return 0;
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
	err = proc_path(path) ? proc_list_path(path, ls_collect, &l) : ls_root_path(path, &l);
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
	{ "cat", "cat FILE...",
	  "print files: the root file system, /proc, /sys, /sys/kernel/tracing", cmd_cat },
	{ "echo", "echo [-n] [STRING]... [> FILE]",
	  "write the strings, separated by blanks; > FILE writes them to a file", cmd_echo },
	{ "ls", "ls [DIRECTORY]", "list a directory: the root file system, /proc or /sys", cmd_ls },
	{}
};
