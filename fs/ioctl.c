/* ioctl() (Linux's fs/ioctl.c): to the file's unlocked_ioctl, or -ENOTTY for a file that has
 * none (a pipe), as Linux's vfs_ioctl() says. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/syscalls.h>

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret = -ENOTTY;

	if (!f)
		return -EBADF;
	if (f->f_op->unlocked_ioctl)
		ret = f->f_op->unlocked_ioctl(f, cmd, arg);
	fput(f);
	return ret;
}
