/* read(), write() and writev() (Linux's fs/read_write.c). Spindle has no files to open: the
 * only descriptors are 0, 1 and 2, the console, as every process inherits them from init's
 * /dev/console in Linux; any other number is -EBADF. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/tty.h>
#include <linux/uaccess.h>

#define UIO_MAXIOV	1024
/* Linux's MAX_RW_COUNT: one call moves at most this much, so the count fits an int. */
#define MAX_RW_COUNT	0x7ffff000L
#define CONSOLE_CHUNK	256

/* Is @fd one of the console's three? */
static bool console_fd(unsigned int fd)
{
	return fd <= 2;
}

/* Write @count bytes of user memory to the console, a chunk at a time: the number written,
 * or -EFAULT if none could be read. */
static long console_write_user(const char __user *buf, size_t count)
{
	char chunk[CONSOLE_CHUNK];
	size_t done = 0;

	count = min_t(size_t, count, MAX_RW_COUNT);
	while (done < count) {
		size_t n = min_t(size_t, count - done, sizeof(chunk));
		size_t left = copy_from_user(chunk, buf + done, n);

		if (n - left)
			console_write(chunk, n - left);
		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return done;
}

/*
 * Read from the console as Linux's n_tty does in canonical mode: wait for input, echo it, and
 * return at the end of a line or when @count bytes are in. The shell's line editor is not in
 * this path: a program reads raw keystrokes, with backspace removing the last byte.
 */
static long console_read_user(char __user *buf, size_t count)
{
	char line[CONSOLE_CHUNK];
	size_t n = 0;

	count = min_t(size_t, count, sizeof(line));
	while (n < count) {
		int c = tty_read_char();

		if (c < 0)
			return n ? (long)n : -EINTR;
		if (c == '\r')
			c = '\n';
		if ((c == 0x7f || c == '\b') && n) {
			n--;
			console_write("\b \b", 3);
			continue;
		}
		line[n++] = c;
		console_write(line + n - 1, 1);
		if (c == '\n' || c == 0x04)
			break;
	}
	if (n && line[n - 1] == 0x04)	/* Ctrl-D: end of file when alone on a line */
		n--;
	if (copy_to_user(buf, line, n))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	if (!console_fd(fd))
		return -EBADF;
	if (!count)
		return 0;
	if (!access_ok(buf, count))
		return -EFAULT;
	return console_read_user(buf, count);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	if (!console_fd(fd))
		return -EBADF;
	if (!count)
		return 0;
	if (!access_ok(buf, count))
		return -EFAULT;
	return console_write_user(buf, count);
}

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/*
 * writev(): the vectors in order, as one write. As Linux: more than UIO_MAXIOV vectors or a
 * total beyond ssize_t is -EINVAL; a fault part-way returns what was written before it.
 */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct iovec iov;
	size_t total = 0;
	long done = 0, ret;

	if (fd > 2)
		return -EBADF;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		if (copy_from_user(&iov, vec + i, sizeof(iov)))
			return -EFAULT;
		if ((long)iov.iov_len < 0 || total + iov.iov_len < total ||
		    (long)(total + iov.iov_len) < 0)
			return -EINVAL;
		total += iov.iov_len;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if (copy_from_user(&iov, vec + i, sizeof(iov)))
			return done ? done : -EFAULT;
		if (!iov.iov_len)
			continue;
		if (!access_ok(iov.iov_base, iov.iov_len))
			return done ? done : -EFAULT;
		ret = console_write_user(iov.iov_base, iov.iov_len);
		if (ret < 0)
			return done ? done : ret;
		done += ret;
		if ((size_t)ret < iov.iov_len)
			break;
	}
	return done;
}
