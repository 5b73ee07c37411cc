/* The console's input side (drivers/tty/tty_io.c): the serial line and the keyboard, read by
 * one thread, woken by their receive interrupts. */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

void tty_input_wake(void);
int tty_read_char(void);

#endif
