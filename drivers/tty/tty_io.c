/* The console's input side (in Linux, the tty layer: drivers/tty/tty_io.c and n_tty.c): what
 * the serial line and the keyboard received, for one reader, woken by their interrupts; and
 * Ctrl-C, which signals the task in the foreground, as n_tty's ISIG does. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/errno.h>
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
