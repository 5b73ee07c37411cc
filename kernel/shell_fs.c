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
#include <linux/time.h>
#include <asm/page.h>

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

/* ls -l's permission string: the type letter, then rwx three times with setuid, setgid and
 * sticky shown in the x places (coreutils' filemodestring). */
static void ls_mode_string(umode_t mode, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : S_ISCHR(mode) ? 'c' :
	       S_ISBLK(mode) ? 'b' : S_ISFIFO(mode) ? 'p' : S_ISSOCK(mode) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		s[3] = mode & S_IXUSR ? 's' : 'S';
	if (mode & S_ISGID)
		s[6] = mode & S_IXGRP ? 's' : 'S';
	if (mode & S_ISVTX)
		s[9] = mode & S_IXOTH ? 't' : 'T';
	s[10] = '\0';
}

/* Seconds since the epoch to a civil date (days to year, month, day by 400-year eras).
 * Linux 6.1: time64_to_tm() in kernel/time/timeconv.c. */
static void ls_date(time64_t t, time64_t now, char *buf, size_t size)
{
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	s64 z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	s64 era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned int doe = z - era * 146097;
	unsigned int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned int mp = (5 * doy + 2) / 153;
	unsigned int day = doy - (153 * mp + 2) / 5 + 1;
	unsigned int month = mp < 10 ? mp + 3 : mp - 9;
	s64 year = yoe + era * 400 + (month <= 2);

	/* coreutils' ls shows the time of day for a date from the last six months (an average
	 * Gregorian year's half) up to an hour ahead, else the year. */
	if (t > now - 31556952 / 2 && t < now + 3600)
		snprintf(buf, size, "%s %2u %02lld:%02lld", months[month - 1], day,
			 (long long)(t / 3600 % 24), (long long)(t / 60 % 60));
	else
		snprintf(buf, size, "%s %2u %5lld", months[month - 1], day, (long long)year);
}

/* The size column: bytes, or "major, minor" for a device node. */
static void ls_size(struct inode *inode, char *buf, size_t size)
{
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		snprintf(buf, size, "%u, %u", (inode->i_rdev >> 8) & 0xfff,
			 (inode->i_rdev & 0xff) | ((inode->i_rdev >> 12) & 0xfff00));
	else
		snprintf(buf, size, "%lld", (long long)inode->i_size);
}

/* /proc and /sys as entries of "/": Linux's mount points show dr-xr-xr-x. */
static struct inode ls_mount_point = { .i_mode = S_IFDIR | 0555, .i_nlink = 2 };

/* Decimal digits of @v, for ls -l's column widths. */
static int ls_digits(unsigned long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * ls -l of the names in @l: in @dir, or (no @dir) the one file @file. Columns as coreutils
 * lines them up; owners are numbers (there is no /etc/passwd); "total" counts 1K blocks of
 * the pages the data would take, as ramfs reports them.
 */
static void ls_print_long(struct ls_names *l, struct inode *dir, struct inode *file)
{
	time64_t now = ktime_get_real_ns() / NSEC_PER_SEC;
	int wlink = 1, wuid = 1, wgid = 1, wsize = 1;
	unsigned long blocks = 0;
	char num[24], mode[11], date[24];

	for (int pass = 0; pass < 2; pass++) {
		if (pass && dir)
			shell_printf("total %lu\n", blocks);
		for (int i = 0; i < l->n; i++) {
			struct inode *inode = dir ? ramfs_walk(dir, l->names[i], 0) : file;

			if (IS_ERR(inode))
				inode = &ls_mount_point;
			ls_size(inode, num, sizeof(num));
			if (!pass) {
				wlink = max(wlink, ls_digits(inode->i_nlink));
				wuid = max(wuid, ls_digits(inode->i_uid));
				wgid = max(wgid, ls_digits(inode->i_gid));
				wsize = max(wsize, (int)strlen(num));
				blocks += PAGE_ALIGN(inode->i_size) >> 10;
				continue;
			}
			ls_mode_string(inode->i_mode, mode);
			ls_date(inode->i_mtime, now, date, sizeof(date));
			shell_printf("%s %*u %*u %*u %*s %s %s", mode, wlink, inode->i_nlink,
				     wuid, inode->i_uid, wgid, inode->i_gid, wsize, num, date,
				     l->names[i]);
			if (S_ISLNK(inode->i_mode))
				shell_printf(" -> %s", (const char *)inode->i_private);
			shell_puts("\n");
		}
	}
}

static int cmd_ls(int argc, char **argv)
{
	struct inode *dir = NULL, *file = NULL;
	struct ls_names l = { 0 };
	bool long_format = false;
	const char *path = "/";
	int err, arg = 1;

	if (arg < argc && !strcmp(argv[arg], "-l")) {
		long_format = true;
		arg++;
	}
	if (argc - arg > 1)
		return shell_usage("ls");
	if (arg < argc)
		path = argv[arg];
	if (long_format && proc_path(path)) {
		shell_printf("ls: %s: -l is not supported under /proc and /sys\n", path);
		return 2;
	}
	l.names = kmalloc_array(LS_MAX_NAMES, sizeof(*l.names), GFP_KERNEL);
	if (!l.names) {
		shell_printf("ls: %s\n", strerror(ENOMEM));
		return 2;
	}
	if (proc_path(path)) {
		err = proc_list_path(path, ls_collect, &l);
	} else if (long_format) {
		/* -l shows a symlink named on the command line, not what it points to. */
		file = ramfs_walk(ramfs_root(), path, 0);
		err = IS_ERR(file) ? PTR_ERR(file) : 0;
		if (!err && S_ISDIR(file->i_mode)) {
			dir = file;
			err = ls_root_path(path, &l);
		} else if (!err) {
			ls_collect(&l, path, false);
		}
	} else {
		err = ls_root_path(path, &l);
	}
	if (err)
		shell_printf("ls: cannot access '%s': %s\n", path, strerror(err));
	sort(l.names, l.n, sizeof(*l.names), ls_cmp, NULL);
	if (long_format && !err)
		ls_print_long(&l, dir, file);
	else
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
	{ "ls", "ls [-l] [DIRECTORY]",
	  "list a directory: the root file system (-l: in long format), /proc or /sys", cmd_ls },
	{}
};
