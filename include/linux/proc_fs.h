/* /proc, /sys and /sys/kernel/tracing as one small tree of files, each a show function into a
 * seq_file and, for a writable one, a write function (Linux's include/linux/proc_fs.h).
 * Linux 6.1: sysfs and tracefs are file systems of their own (kernfs, tracefs); Spindle keeps
 * all three in this tree, under the paths Linux gives them. */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/stat.h>
#include <linux/types.h>

struct seq_file;
struct seq_operations;
struct task_struct;

/* A file's operations; @data is the entry's, or for /proc/PID files the task. A file is
 * read through proc_show (its whole text at once) or, when long, seq_ops (a record at a
 * time; Linux's proc_ops.proc_read = seq_read with seq_open()). */
struct proc_ops {
	int (*proc_show)(struct seq_file *m, void *data);
	const struct seq_operations *seq_ops;
	/* @buf holds @count bytes and a NUL; returns @count, or -errno. */
	ssize_t (*proc_write)(void *data, const char *buf, size_t count);
};

/*
 * One file or directory. Entries are made at boot and never removed, except /proc/PID's,
 * which are not entries at all: the walk finds the task and shows it through pid_entries.
 */
struct proc_dir_entry {
	const char *name;
	unsigned int mode;
	const struct proc_ops *ops;
	void *data;
	struct proc_dir_entry *parent;
	struct proc_dir_entry *subdir;	/* first child */
	struct proc_dir_entry *next;	/* next sibling */
};

/* The name /proc/PID/{comm,stat,status} and ps show (fs/proc/array.c). */
void proc_task_name(char *buf, size_t size, struct task_struct *p);

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
struct proc_dir_entry *proc_mkdir_path(const char *path);
struct proc_dir_entry *proc_create_data(const char *name, unsigned int mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data);
struct proc_dir_entry *proc_create_single_data(const char *name, unsigned int mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) \
	proc_create_single_data(name, mode, parent, show, NULL)

/* What a reader of the tree (the console's cat, ls, echo >) calls. */
ssize_t proc_read_iter(const char *path, int (*emit)(void *arg, const char *buf, size_t n),
		       void *arg);
ssize_t proc_read_path(const char *path, char **bufp);
ssize_t proc_write_path(const char *path, const char *buf, size_t count);
int proc_list_path(const char *path, void (*emit)(void *arg, const char *name, bool dir),
		   void *arg);

void proc_root_init(void);

#endif
