/* The PS/2 keyboard: the i8042 controller (drivers/input/serio/i8042.c) hands each byte to the
 * AT keyboard driver (drivers/input/keyboard/atkbd.c), which turns them into characters. */
#ifndef _LINUX_ATKBD_H
#define _LINUX_ATKBD_H

#include <linux/types.h>

void i8042_init(void);
bool i8042_kbd_irq_enabled(void);
void atkbd_interrupt(u8 data);
int kbd_getc(void);

#endif
