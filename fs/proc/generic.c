/* The tree of /proc, /sys and tracing files: making entries, walking a path to one, and
 * reading, writing and listing it (Linux's fs/proc/generic.c, with the VFS's part of the walk
 * and of read(2) and write(2) folded in, since nothing else here has files). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "internal.h"

#define NAME_MAX	255
#define PROC_READ_START	4096		/* the first buffer a read tries */
#define PROC_READ_MAX	(1024 * 1024)	/* and the largest: a file that long is a bug */

static struct proc_dir_entry fs_root = { .name = "", .mode = S_IFDIR | 0555 };
struct proc_dir_entry *proc_root;

/* proc_subdir_lock: serialises adding entries to a directory's subdir list (the name check and
 * the append). Entries are only added, at boot and by the self-tests, and published with a
 * release store, so readers walk without it. Taken with interrupts off (irqsave). */
static DEFINE_SPINLOCK(proc_subdir_lock);

static struct proc_dir_entry *proc_find(struct proc_dir_entry *dir, const char *name, size_t len)
{
	struct proc_dir_entry *de;

	for (de = __atomic_load_n(&dir->subdir, __ATOMIC_ACQUIRE); de; de = de->next)
		if (strlen(de->name) == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

/* Link @de at the end of @parent's children (so ls lists them in creation order before it
 * sorts). A name taken already is refused, as Linux's proc_register() warns and refuses. */
static struct proc_dir_entry *proc_register(struct proc_dir_entry *parent,
					    struct proc_dir_entry *de)
{
	struct proc_dir_entry **pp;
	unsigned long flags;

	spin_lock_irqsave(&proc_subdir_lock, flags);
	if (proc_find(parent, de->name, strlen(de->name))) {
		spin_unlock_irqrestore(&proc_subdir_lock, flags);
		WARN(1, "proc_dir_entry '%s/%s' already registered\n", parent->name, de->name);
		kfree(de);
		return NULL;
	}
	de->parent = parent;
	for (pp = &parent->subdir; *pp; pp = &(*pp)->next)
		;
	__atomic_store_n(pp, de, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&proc_subdir_lock, flags);
	return de;
}

static struct proc_dir_entry *proc_create_entry(const char *name, unsigned int mode,
						struct proc_dir_entry *parent,
						const struct proc_ops *ops, void *data)
{
	struct proc_dir_entry *de = kzalloc(sizeof(*de), GFP_KERNEL);

	if (!de)
		return NULL;
	de->name = name;
	de->mode = mode;
	de->ops = ops;
	de->data = data;
	return proc_register(parent ? parent : proc_root, de);
}

/**
 * proc_mkdir - make directory @name in @parent (NULL: /proc)
 * @name: a name that lives as long as the entry (a literal, or kmalloc'ed and kept)
 * @parent: the directory
 *
 * Context: process context; may sleep. Return: the entry, or NULL without memory or when
 * the name is taken.
 */
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_create_entry(name, S_IFDIR | 0555, parent, NULL, NULL);
}

/**
 * proc_mkdir_path - the directory at absolute @path, made with any missing parents
 * @path: such as "/sys/devices/system/cpu"; a literal, since the names point into it
 *
 * Context: process context; may sleep. Return: the directory, or NULL without memory.
 */
struct proc_dir_entry *proc_mkdir_path(const char *path)
{
	struct proc_dir_entry *dir = &fs_root;

	while (*path) {
		size_t len;
		struct proc_dir_entry *de;
		char *name;

		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (!len)
			break;
		de = proc_find(dir, path, len);
		if (!de) {
			name = kmalloc(len + 1, GFP_KERNEL);
			if (!name)
				return NULL;
			memcpy(name, path, len);
			name[len] = '\0';
			de = proc_create_entry(name, S_IFDIR | 0555, dir, NULL, NULL);
			if (!de) {
				kfree(name);
				return NULL;
			}
		}
		dir = de;
		path += len;
	}
	return dir;
}

/**
 * proc_create_data - make file @name in @parent with operations @ops
 * @name: a name that lives as long as the entry
 * @mode: permission bits (0444 read-only, 0644 writable, 0200 write-only)
 * @parent: the directory (NULL: /proc)
 * @ops: show and write functions; either may be NULL
 * @data: handed to them
 *
 * Context: process context; may sleep. Return: the entry, or NULL.
 */
struct proc_dir_entry *proc_create_data(const char *name, unsigned int mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data)
{
	return proc_create_entry(name, S_IFREG | mode, parent, ops, data);
}

/**
 * proc_create_single_data - make read-only file @name whose text @show writes
 * @name: a name that lives as long as the entry
 * @mode: permission bits
 * @parent: the directory (NULL: /proc)
 * @show: writes the whole file into the seq_file
 * @data: handed to @show
 *
 * Context: process context; may sleep. Return: the entry, or NULL.
 */
struct proc_dir_entry *proc_create_single_data(const char *name, unsigned int mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data)
{
	struct proc_ops *ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	struct proc_dir_entry *de;

	if (!ops)
		return NULL;
	ops->proc_show = show;
	de = proc_create_data(name, mode, parent, ops, data);
	if (!de)
		kfree(ops);
	return de;
}

/* Where a walk ended: an entry, and for /proc/PID and below, the task (referenced). */
struct proc_path {
	struct proc_dir_entry *de;
	struct task_struct *task;
};

/* "123" or "self" right under /proc: the task, referenced, or NULL. */
static struct task_struct *proc_pid_lookup(const char *name, size_t len)
{
	int pid = 0;

	if (len == 4 && !memcmp(name, "self", 4))
		return get_task_struct(current);
	if (!len || len > 9 || name[0] == '0')
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return NULL;
		pid = pid * 10 + name[i] - '0';
	}
	return find_task_by_pid(pid);
}

/* Walk absolute @path (a relative one is taken from /, the console's only directory). */
static int proc_walk(const char *path, struct proc_path *pp)
{
	pp->de = &fs_root;
	pp->task = NULL;
	for (;;) {
		struct proc_dir_entry *de;
		size_t len;

		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (!len)
			return 0;
		if (len > NAME_MAX)
			goto err_name;
		if (!S_ISDIR(pp->de->mode))
			goto err_notdir;
		if (pp->de == proc_root && !pp->task) {
			pp->task = proc_pid_lookup(path, len);
			if (pp->task) {
				pp->de = proc_pid_dir;
				path += len;
				continue;
			}
		}
		de = proc_find(pp->de, path, len);
		if (!de)
			goto err_noent;
		pp->de = de;
		path += len;
	}
err_name:
	if (pp->task)
		put_task_struct(pp->task);
	return -ENAMETOOLONG;
err_notdir:
	if (pp->task)
		put_task_struct(pp->task);
	return -ENOTDIR;
err_noent:
	if (pp->task)
		put_task_struct(pp->task);
	return -ENOENT;
}

/* Is @de under /sys (as opposed to /proc)? */
static bool proc_in_sysfs(struct proc_dir_entry *de)
{
	while (de->parent && de->parent != &fs_root)
		de = de->parent;
	return !strcmp(de->name, "sys");
}

static void proc_path_put(struct proc_path *pp)
{
	if (pp->task)
		put_task_struct(pp->task);
}

/* Walk @path to a file (not a directory), as open(2) does before a read or a write. */
static int proc_open_file(const char *path, struct proc_path *pp)
{
	int err = proc_walk(path, pp);

	if (!err && S_ISDIR(pp->de->mode)) {
		proc_path_put(pp);
		err = -EISDIR;
	}
	return err;
}

static void *proc_data(struct proc_path *pp)
{
	return pp->task ? pp->task : pp->de->data;
}

/* A show function's whole text: the buffer starts at 4 KiB and doubles while it does not fit
 * (Linux's single_open() files through seq_read()); handed to @emit in one piece. */
static ssize_t proc_read_single(int (*show)(struct seq_file *, void *), void *data,
				int (*emit)(void *arg, const char *buf, size_t n), void *arg)
{
	for (size_t size = PROC_READ_START; size <= PROC_READ_MAX; size *= 2) {
		char *buf = kmalloc(size, GFP_KERNEL);
		struct seq_file m = SEQ_FILE_INIT(buf, size);
		int err;

		if (!buf)
			return -ENOMEM;
		buf[0] = '\0';
		err = show(&m, data);
		if (!err && !seq_has_overflowed(&m))
			err = emit(arg, buf, m.count);
		kfree(buf);
		if (err < 0)
			return err;
		if (!seq_has_overflowed(&m))
			return m.count;
	}
	return -EFBIG;
}

/*
 * A sequence of records, a buffer at a time (Linux's seq_read_iter()): records are shown
 * into a 4 KiB buffer until one does not fit; the buffer goes to @emit and that record is
 * shown again at the start of the next.
 */
static ssize_t proc_read_seq(const struct seq_operations *ops,
			     int (*emit)(void *arg, const char *buf, size_t n), void *arg)
{
	char *buf = kmalloc(PROC_READ_START, GFP_KERNEL);
	struct seq_file m = SEQ_FILE_INIT(buf, PROC_READ_START);
	ssize_t total = 0;
	loff_t pos = 0;
	int err = 0;
	void *v;

	if (!buf)
		return -ENOMEM;
	for (v = ops->start(&m, &pos); v && !IS_ERR(v); ) {
		size_t before = m.count;

		err = ops->show(&m, v);
		if (err < 0)
			break;
		if (!seq_has_overflowed(&m)) {
			v = ops->next(&m, v, &pos);
			continue;
		}
		err = before ? emit(arg, buf, before) : -EFBIG;
		if (err < 0)
			break;
		total += before;
		m.count = m.used = 0;
	}
	if (IS_ERR(v))
		err = PTR_ERR(v);
	if (err >= 0 && m.count) {
		err = emit(arg, buf, m.count);
		total += m.count;
	}
	ops->stop(&m, v);
	kfree(buf);
	return err < 0 ? err : total;
}

/**
 * proc_read_iter - read the file at @path, handing its text to @emit piece by piece
 * @path: an absolute path
 * @emit: called with each piece in order; a negative return ends the read with that error
 * @arg: handed to @emit
 *
 * A show function's file comes in one piece; a seq_operations file (the trace) a buffer at
 * a time, so its length has no limit.
 *
 * Context: process context; may sleep. Return: the length read, or -ENOENT, -ENOTDIR,
 * -EISDIR, -EIO (a file with nothing to read, such as /proc/sysrq-trigger), -ENOMEM,
 * -EFBIG, the file's error or @emit's.
 */
ssize_t proc_read_iter(const char *path, int (*emit)(void *arg, const char *buf, size_t n),
		       void *arg)
{
	struct proc_path pp;
	ssize_t ret = -EIO;
	int err = proc_open_file(path, &pp);

	if (err)
		return err;
	if (pp.de->ops && pp.de->ops->seq_ops)
		ret = proc_read_seq(pp.de->ops->seq_ops, emit, arg);
	else if (pp.de->ops && pp.de->ops->proc_show)
		ret = proc_read_single(pp.de->ops->proc_show, proc_data(&pp), emit, arg);
	proc_path_put(&pp);
	return ret;
}

struct proc_read_buf {
	char *buf;
	size_t len, size;
};

/* proc_read_path()'s @emit: append, doubling the buffer up to PROC_READ_MAX. */
static int proc_read_append(void *arg, const char *s, size_t n)
{
	struct proc_read_buf *rb = arg;

	if (rb->len + n + 1 > rb->size) {
		size_t size = max(rb->size, (size_t)PROC_READ_START);
		char *buf;

		while (size < rb->len + n + 1)
			size *= 2;
		if (size > PROC_READ_MAX)
			return -EFBIG;
		buf = kmalloc(size, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, rb->buf, rb->len);
		kfree(rb->buf);
		rb->buf = buf;
		rb->size = size;
	}
	memcpy(rb->buf + rb->len, s, n);
	rb->len += n;
	rb->buf[rb->len] = '\0';
	return 0;
}

/**
 * proc_read_path - the whole text of the file at @path, in a buffer of its own
 * @path: an absolute path
 * @bufp: set to the text, NUL-terminated, for the caller to kfree()
 *
 * Context: process context; may sleep. Return: the length, or an error of
 * proc_read_iter(); -EFBIG past 1 MiB.
 */
ssize_t proc_read_path(const char *path, char **bufp)
{
	struct proc_read_buf rb = { };
	ssize_t ret = proc_read_iter(path, proc_read_append, &rb);

	if (ret >= 0 && !rb.buf)
		ret = proc_read_append(&rb, "", 0) ?: 0;
	if (ret < 0) {
		kfree(rb.buf);
		return ret;
	}
	*bufp = rb.buf;
	return ret;
}

/**
 * proc_write_path - write @count bytes of @buf to the file at @path, in one write
 * @path: an absolute path
 * @buf: the bytes
 * @count: how many
 *
 * Context: process context; may sleep. Return: @count or what the file took; for a file
 * without a write function -EACCES under /sys and -EIO under /proc, as Linux; -EISDIR,
 * -ENOENT, -ENOMEM, or the file's error.
 */
ssize_t proc_write_path(const char *path, const char *buf, size_t count)
{
	struct proc_path pp;
	ssize_t ret;
	char *copy;
	int err = proc_open_file(path, &pp);

	if (err)
		return err;
	/*
	 * A file without a write function: sysfs refuses to open it for writing (kernfs_fop_open,
	 * -EACCES); procfs opens it and fails the write (pde_write, -EIO).
	 */
	ret = proc_in_sysfs(pp.de) ? -EACCES : -EIO;
	if (!pp.de->ops || !pp.de->ops->proc_write)
		goto out;
	/* The file sees its own copy, NUL-terminated, as Linux's handlers see memdup_user_nul. */
	ret = -ENOMEM;
	copy = kmalloc(count + 1, GFP_KERNEL);
	if (!copy)
		goto out;
	memcpy(copy, buf, count);
	copy[count] = '\0';
	ret = pp.de->ops->proc_write(proc_data(&pp), copy, count);
	kfree(copy);
out:
	proc_path_put(&pp);
	return ret;
}

/**
 * proc_list_path - hand every name in the directory at @path to @emit
 * @path: an absolute path; a file lists itself, as ls does
 * @emit: called once a name, with whether it is a directory; must not sleep
 * @arg: handed to @emit
 *
 * /proc lists its entries, then every task's PID (the idle tasks' 0 is not one).
 *
 * Context: process context. Return: 0, or the walk's error.
 */
int proc_list_path(const char *path, void (*emit)(void *arg, const char *name, bool dir),
		   void *arg)
{
	struct proc_dir_entry *de;
	struct proc_path pp;
	int err = proc_walk(path, &pp);

	if (err)
		return err;
	if (!S_ISDIR(pp.de->mode)) {
		emit(arg, pp.de->name, false);
		goto out;
	}
	for (de = __atomic_load_n(&pp.de->subdir, __ATOMIC_ACQUIRE); de; de = de->next)
		emit(arg, de->name, S_ISDIR(de->mode));
	if (pp.de == proc_root && !pp.task) {
		struct task_struct *p;
		unsigned long flags;
		char name[12];

		emit(arg, "self", true);
		spin_lock_irqsave(&tasklist_lock, flags);
		for_each_process(p) {
			snprintf(name, sizeof(name), "%d", p->pid);
			emit(arg, name, true);
		}
		spin_unlock_irqrestore(&tasklist_lock, flags);
	}
out:
	proc_path_put(&pp);
	return 0;
}

/**
 * proc_root_init - make /proc, /sys and the files of fs/proc
 *
 * Linux makes each file in an initcall of its own file; Spindle calls them from here.
 *
 * Context: boot, process context, before anything reads the tree. Return: nothing; an entry
 * that cannot be made is missing, with a warning.
 */
void proc_root_init(void)
{
	proc_root = proc_create_entry("proc", S_IFDIR | 0555, &fs_root, NULL, NULL);
	if (!proc_root || !proc_mkdir_path("/sys")) {
		pr_warn("proc: no memory for /proc and /sys\n");
		return;
	}
	proc_base_init();
	proc_loadavg_init();
	proc_uptime_init();
	proc_meminfo_init();
	proc_stat_init();
	proc_softirqs_init();
	proc_lazytlb_init();
	proc_interrupts_init();
	proc_cpuinfo_init();
}
