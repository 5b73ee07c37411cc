/* Open files and descriptor tables (Linux's fs/file.c and fs/file_table.c): a struct file lives
 * while a descriptor or a user holds it; each user process has its own table, copied at fork,
 * emptied at exit, and cleared of its close-on-exec descriptors at execve(). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/**
 * copy_to_iter - copy @bytes from kernel memory into the buffer @i describes, and advance it
 * @addr: the source
 * @bytes: how many
 * @i: a user or kernel buffer
 *
 * Context: process context (a user buffer may fault). Return: the bytes copied; fewer than
 * asked when the buffer is shorter or a user page cannot be written.
 */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = min(bytes, i->count), left = 0;

	if (i->kernel)
		memcpy(i->kbuf, addr, n);
	else
		left = copy_to_user(i->ubuf, addr, n);
	n -= left;
	i->kbuf = (char *)i->kbuf + n;
	i->count -= n;
	return n;
}

/**
 * copy_from_iter - copy @bytes from the buffer @i describes into kernel memory, and advance it
 * @addr: the destination
 * @bytes: how many
 * @i: a user or kernel buffer
 *
 * Context: process context. Return: the bytes copied (fewer on a short or unreadable buffer).
 */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = min(bytes, i->count), left = 0;

	if (i->kernel)
		memcpy(addr, i->kbuf, n);
	else
		left = copy_from_user(addr, i->ubuf, n);
	n -= left;
	i->kbuf = (char *)i->kbuf + n;
	i->count -= n;
	return n;
}

/**
 * alloc_file - a new open file with one reference
 * @fop: its operations
 * @flags: O_* it is open with
 * @priv: the object behind it (a pipe), in private_data
 *
 * Context: process context, may sleep. Return: the file, or NULL without memory.
 */
struct file *alloc_file(const struct file_operations *fop, unsigned int flags, void *priv)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_op = fop;
	f->f_flags = flags;
	f->f_count = 1;
	f->private_data = priv;
	return f;
}

/**
 * get_file - another reference to @f
 * @f: an open file
 *
 * Context: any. Return: @f.
 */
struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

/**
 * fput - drop a reference; the last one releases the file (a pipe end closes)
 * @f: an open file
 *
 * Context: process context (release may wake and free). Return: nothing.
 */
void fput(struct file *f)
{
	if (__atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->f_op->release)
		f->f_op->release(f);
	kfree(f);
}

/**
 * fget - the file behind the current task's descriptor @fd, referenced
 * @fd: a descriptor
 *
 * Context: process context. Return: the file, or NULL if @fd is not open.
 */
struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f = NULL;

	if (!files || fd >= NR_OPEN_DEFAULT)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

/**
 * fd_install_new - give @f the lowest free descriptor of the current task
 * @f: the file; the descriptor takes over the caller's reference
 * @flags: O_CLOEXEC to close it at execve()
 *
 * Context: process context. Return: the descriptor, or -EMFILE when the table is full (the
 * caller still owns its reference then).
 */
int fd_install_new(struct file *f, unsigned int flags)
{
	struct files_struct *files = current->files;
	int fd;

	if (!files)
		return -EMFILE;
	spin_lock(&files->file_lock);
	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = f;
			if (flags & O_CLOEXEC)
				files->close_on_exec |= 1UL << fd;
			else
				files->close_on_exec &= ~(1UL << fd);
			spin_unlock(&files->file_lock);
			return fd;
		}
	}
	spin_unlock(&files->file_lock);
	return -EMFILE;
}

/**
 * replace_fd - make descriptor @fd of the current task refer to @f (closing what was there)
 * @fd: the descriptor
 * @f: the file, whose reference the descriptor takes
 *
 * Context: process context. Return: nothing.
 */
void replace_fd(unsigned int fd, struct file *f)
{
	struct files_struct *files = current->files;
	struct file *old;

	spin_lock(&files->file_lock);
	old = files->fd[fd];
	files->fd[fd] = f;
	files->close_on_exec &= ~(1UL << fd);
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
}

/**
 * close_fd - close the current task's descriptor @fd
 * @fd: the descriptor
 *
 * Context: process context. Return: 0, or -EBADF if it was not open.
 */
int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (!files || fd >= NR_OPEN_DEFAULT)
		return -EBADF;
	spin_lock(&files->file_lock);
	f = files->fd[fd];
	files->fd[fd] = NULL;
	spin_unlock(&files->file_lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/**
 * files_alloc - an empty descriptor table
 *
 * Context: process context, may sleep. Return: the table, or NULL without memory.
 */
struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	spin_lock_init(&files->file_lock);
	files->count = 1;
	return files;
}

/**
 * copy_files - give a forked child a copy of the current task's descriptors
 * @tsk: the child
 *
 * Context: process context, may sleep. Return: 0, or -ENOMEM (the child has none then).
 */
int copy_files(struct task_struct *tsk)
{
	struct files_struct *old = current->files, *new;

	tsk->files = NULL;
	if (!old)
		return 0;
	new = files_alloc();
	if (!new)
		return -ENOMEM;
	spin_lock(&old->file_lock);
	for (int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (old->fd[fd])
			new->fd[fd] = get_file(old->fd[fd]);
	new->close_on_exec = old->close_on_exec;
	spin_unlock(&old->file_lock);
	tsk->files = new;
	return 0;
}

/**
 * exit_files - close every descriptor of @tsk and free its table
 * @tsk: the exiting task (current), or a child whose fork failed
 *
 * Context: process context. Return: nothing.
 */
void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (!files)
		return;
	tsk->files = NULL;
	for (int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (files->fd[fd])
			fput(files->fd[fd]);
	kfree(files);
}

/**
 * do_close_on_exec - close the descriptors marked O_CLOEXEC (execve()'s part)
 *
 * Context: process context, the task itself. Return: nothing.
 */
void do_close_on_exec(void)
{
	struct files_struct *files = current->files;
	unsigned long set;

	if (!files)
		return;
	spin_lock(&files->file_lock);
	set = files->close_on_exec;
	files->close_on_exec = 0;
	spin_unlock(&files->file_lock);
	while (set) {
		int fd = __builtin_ctzl(set);

		set &= set - 1;
		close_fd(fd);
	}
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}
