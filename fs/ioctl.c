/* ioctl() (Linux's fs/ioctl.c, with the console's part of drivers/tty/tty_io.c): only
 * TIOCGWINSZ on the console, which musl's stdio asks to see whether stdout is a terminal. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/errno.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define TIOCGWINSZ	0x5413

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct winsize ws = { 0 };
	unsigned int cols, rows;

	if (fd > 2)
		return -EBADF;
	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	screen_size(&cols, &rows);
	ws.ws_row = rows;
	ws.ws_col = cols;
	return copy_to_user((void __user *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}
