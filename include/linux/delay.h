/* Busy-wait delays on the calibrated TSC (arch/x86/delay.c). They wait at least as long as
 * asked; before the TSC is calibrated they assume a very fast CPU and so wait longer. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include <linux/types.h>

void __delay(u64 cycles);
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);

/* One deadline for the whole wait, so a stall in the middle (an interrupt, a host preempting
 * a virtual CPU) does not add to it. */
void mdelay(unsigned long msecs);

#endif
