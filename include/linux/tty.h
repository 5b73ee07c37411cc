/* The console's input side (drivers/tty/tty_io.c): the serial line and the keyboard, read by
 * one thread, woken by their receive interrupts. */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

struct task_struct;

/* Linux's INTR_CHAR default, Ctrl-C. */
#define INTR_CHAR	0x03

void tty_input_wake(void);
void tty_receive_char(int c);
void tty_set_foreground(struct task_struct *p);
struct task_struct *tty_foreground(void);
int tty_read_char(void);
int tty_read_char_timeout(unsigned int ms);

#endif
