/* The periodic tick: what every CPU does HZ times a second, called from the LAPIC timer. */
#ifndef _LINUX_TICK_H
#define _LINUX_TICK_H

#include <linux/percpu.h>

/* Start counting jiffies from now (the boot CPU, as its timer starts). */
void tick_setup_periodic(void);
/* Called by the local timer interrupt on the CPU it fired on (kernel/tick.c). */
void tick_periodic(void);

/* Timer interrupts taken on each CPU since its timer started. */
DECLARE_PER_CPU(unsigned long, tick_count);

#endif
