/* The console's input side (in Linux, the tty layer: drivers/tty/tty_io.c and n_tty.c): what
 * the serial line and the keyboard received, for one reader, woken by their interrupts. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/tty.h>
#include <linux/wait.h>
#include <asm/serial.h>

/* The reader sleeps here until a receive interrupt has something for it. */
static DECLARE_WAIT_QUEUE_HEAD(tty_read_wait);

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
