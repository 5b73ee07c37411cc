/* The console as a tty (in Linux, the tty layer: drivers/tty/tty_io.c and n_tty.c): what the
 * serial line and the keyboard received, for one reader, woken by their interrupts; Ctrl-C,
 * which signals the task in the foreground, as n_tty's ISIG does; and the console as the file
 * user programs have as descriptors 0, 1 and 2. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/console.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/printk.h>
#include <linux/uaccess.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/tty.h>
#include <linux/wait.h>
#include <asm/serial.h>

/* The reader sleeps here until a receive interrupt has something for it. */
static DECLARE_WAIT_QUEUE_HEAD(tty_read_wait);
/* The console's foreground task (Linux's tty->pgrp, one task here); read by interrupts. */
static struct task_struct *tty_fg;

/**
 * tty_input_wake - wake the console's reader: a receive interrupt queued input
 *
 * Linux's tty_flip_buffer_push() hands received bytes to the line discipline, which wakes
 * the reader; here the bytes stay in the driver's ring and only the reader is woken.
 *
 * Context: any, hard interrupts included. Return: nothing.
 */
void tty_input_wake(void)
{
	wake_up(&tty_read_wait);
}

/**
 * tty_receive_char - a byte arrived: Ctrl-C sends SIGINT to the foreground task
 * @c: the byte, which the driver queues for the reader as well
 *
 * Linux's n_tty_receive_char_special() with ISIG: the interrupt character signals the
 * foreground process group. The byte still reaches the reader, so a shell reading a line
 * drops it ("^C").
 *
 * Context: a receive path: the serial line's irq/4-ttyS0 thread or the keyboard's hard
 * interrupt. Return: nothing.
 */
void tty_receive_char(int c)
{
	struct task_struct *fg = __atomic_load_n(&tty_fg, __ATOMIC_ACQUIRE);

	if (c == INTR_CHAR && fg)
		send_sig(SIGINT, fg, 1);
}

/**
 * tty_set_foreground - make @p the task Ctrl-C signals (NULL: none)
 * @p: a task that outlives its time in the foreground
 *
 * Context: any. Return: nothing.
 */
void tty_set_foreground(struct task_struct *p)
{
	__atomic_store_n(&tty_fg, p, __ATOMIC_RELEASE);
}

/**
 * tty_foreground - the task Ctrl-C signals, or NULL
 *
 * Context: any. Return: the task (not referenced: the console's foreground is its shell).
 */
struct task_struct *tty_foreground(void)
{
	return __atomic_load_n(&tty_fg, __ATOMIC_ACQUIRE);
}

/* The next byte from the serial line, else from the keyboard; -1 if neither has one. */
static int tty_getc(void)
{
	int c = serial_getc();

	return c >= 0 ? c : kbd_getc();
}

/**
 * tty_read_char - the next byte typed on the serial line or the keyboard, sleeping until one is
 *
 * Context: process context, one reader at a time; sleeps interruptibly. Return: the byte, or
 * -ERESTARTSYS if a signal ended the wait.
 */
int tty_read_char(void)
{
	int c = -1;
	int ret = wait_event_interruptible(tty_read_wait, (c = tty_getc()) >= 0);

	return ret ? ret : c;
}

/**
 * tty_read_char_timeout - as tty_read_char(), waiting @ms milliseconds at most
 * @ms: the longest wait
 *
 * Context: process context, one reader at a time; sleeps interruptibly. Return: the byte,
 * -EAGAIN when nothing came in time, or -ERESTARTSYS on a signal.
 */
int tty_read_char_timeout(unsigned int ms)
{
	int c = -1;
	long ret = wait_event_interruptible_timeout(tty_read_wait, (c = tty_getc()) >= 0,
						    msecs_to_jiffies(ms));

	if (ret < 0)
		return ret;
	return c >= 0 ? c : -EAGAIN;
}

#define TIOCGWINSZ	0x5413
/* One chunk of program output or input at a time: small enough for the stack. */
#define TTY_CHUNK	256

/* Program output: the console's write path (serial ring, screen), a chunk at a time. */
static ssize_t tty_write_iter(struct file *file, struct iov_iter *from)
{
	char chunk[TTY_CHUNK];
	size_t done = 0;

	while (from->count) {
		size_t want = min_t(size_t, from->count, sizeof(chunk));
		size_t n = copy_from_iter(chunk, want, from);

		if (n)
			console_write(chunk, n);
		done += n;
		if (n < want)
			return done ? (ssize_t)done : -EFAULT;
	}
	return done;
}

/*
 * Program input, as Linux's n_tty in canonical mode: wait for a key, echo it, and return at the
 * end of a line or when the buffer is full; backspace removes the last byte, Ctrl-D alone ends
 * the input (a read of 0).
 */
static ssize_t tty_read_iter(struct file *file, struct iov_iter *to)
{
	char line[TTY_CHUNK];
	size_t n = 0, count = min_t(size_t, to->count, sizeof(line));

	while (n < count) {
		int c = tty_read_char();

		if (c < 0)
			return n ? (ssize_t)n : c;
		if (c == '\r')
			c = '\n';
		if (c == 0x7f || c == '\b') {
			if (n) {
				n--;
				console_write("\b \b", 3);
			}
			continue;
		}
		if (c == 0x04)		/* Ctrl-D: what is typed so far, or end of file */
			break;
		line[n++] = c;
		console_write(line + n - 1, 1);
		if (c == '\n')
			break;
	}
	if (copy_to_iter(line, n, to) != n)
		return -EFAULT;
	return n;
}

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

/* TIOCGWINSZ (what musl asks to decide whether stdout is a terminal): the screen's size, or
 * 0 x 0 with only a serial line; every other request -ENOTTY, as an unknown tty ioctl. */
static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct winsize ws = { 0 };
	unsigned int cols, rows;

	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	screen_size(&cols, &rows);
	ws.ws_row = rows;
	ws.ws_col = cols;
	return copy_to_user((void __user *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}

static const struct file_operations console_fops = {
	.read_iter	= tty_read_iter,
	.write_iter	= tty_write_iter,
	.unlocked_ioctl	= tty_ioctl,
};

/**
 * console_file_open - the console as an open file (Linux's open of /dev/console)
 *
 * Context: process context, may sleep. Return: the file, or NULL without memory.
 */
struct file *console_file_open(void)
{
	return alloc_file(&console_fops, O_RDWR, NULL);
}

/**
 * console_on_rootfs - give the current task a table with the console as 0, 1 and 2
 *
 * Linux's console_on_rootfs(): kernel_init opens /dev/console before it execs init, and
 * every process inherits the three descriptors from there; a program the kernel starts
 * (call_usermodehelper()) gets them the same way.
 *
 * Context: process context, a task without a table. Return: 0 or -ENOMEM.
 */
int console_on_rootfs(void)
{
	struct file *f = console_file_open();

	if (!f)
		return -ENOMEM;
	current->files = files_alloc();
	if (!current->files) {
		fput(f);
		return -ENOMEM;
	}
	current->files->fd[0] = f;
	current->files->fd[1] = get_file(f);
	current->files->fd[2] = get_file(f);
	return 0;
}
