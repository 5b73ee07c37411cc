/* read(), write() and writev() (Linux's fs/read_write.c): through the descriptor to the file's
 * read_iter/write_iter, which serve user buffers (these calls) and kernel ones (kernel_read(),
 * kernel_write()) alike. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define UIO_MAXIOV	1024
/* Linux's MAX_RW_COUNT: one call moves at most this much, so the count fits an int. */
#define MAX_RW_COUNT	0x7ffff000L

static ssize_t vfs_read(struct file *file, struct iov_iter *to)
{
	if ((file->f_flags & O_ACCMODE) == O_WRONLY || !file->f_op->read_iter)
		return -EBADF;
	if (!to->count)
		return 0;
	to->count = min_t(size_t, to->count, MAX_RW_COUNT);
	return file->f_op->read_iter(file, to);
}

static ssize_t vfs_write(struct file *file, struct iov_iter *from)
{
	if ((file->f_flags & O_ACCMODE) == O_RDONLY || !file->f_op->write_iter)
		return -EBADF;
	if (!from->count)
		return 0;
	from->count = min_t(size_t, from->count, MAX_RW_COUNT);
	return file->f_op->write_iter(file, from);
}

/**
 * kernel_read - read from @file into kernel memory
 * @file: an open file
 * @buf: where to
 * @count: at most this many bytes
 *
 * Context: process context, may sleep (a pipe waits for data). Return: bytes read (0 at end
 * of file), or a negative errno.
 */
ssize_t kernel_read(struct file *file, void *buf, size_t count)
{
	struct iov_iter i = { .kernel = true, .kbuf = buf, .count = count };

	return vfs_read(file, &i);
}

/**
 * kernel_write - write kernel memory to @file
 * @file: an open file
 * @buf: the bytes
 * @count: how many
 *
 * Context: process context, may sleep. Return: bytes written, or a negative errno.
 */
ssize_t kernel_write(struct file *file, const void *buf, size_t count)
{
	struct iov_iter i = { .kernel = true, .kbuf = (void *)buf, .count = count };

	return vfs_write(file, &i);
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct iov_iter i = { .ubuf = buf, .count = count };
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = access_ok(buf, count) ? vfs_read(f, &i) : -EFAULT;
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct iov_iter i = { .ubuf = (void __user *)buf, .count = count };
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = access_ok(buf, count) ? vfs_write(f, &i) : -EFAULT;
	fput(f);
	return ret;
}

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/*
 * writev(): the vectors in order, as one write. As Linux: more than UIO_MAXIOV vectors or a
 * total beyond ssize_t is -EINVAL, checked before anything is written; a fault or a short
 * write part-way returns what was written before it.
 */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct iovec iov;
	struct file *f;
	size_t total = 0;
	ssize_t done = 0, ret = 0;

	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		if (copy_from_user(&iov, vec + i, sizeof(iov)))
			return -EFAULT;
		if ((ssize_t)iov.iov_len < 0 || (ssize_t)(total + iov.iov_len) < 0)
			return -EINVAL;
		total += iov.iov_len;
	}
	f = fget(fd);
	if (!f)
		return -EBADF;
	for (unsigned long i = 0; i < vlen; i++) {
		struct iov_iter it;

		if (copy_from_user(&iov, vec + i, sizeof(iov))) {
			ret = -EFAULT;
			break;
		}
		if (!iov.iov_len)
			continue;
		if (!access_ok(iov.iov_base, iov.iov_len)) {
			ret = -EFAULT;
			break;
		}
		it = (struct iov_iter){ .ubuf = iov.iov_base, .count = iov.iov_len };
		ret = vfs_write(f, &it);
		if (ret < 0)
			break;
		done += ret;
		if ((size_t)ret < iov.iov_len)
			break;
	}
	fput(f);
	return done ? done : ret;
}
