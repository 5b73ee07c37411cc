/* placeholder: replaced by its owner */
#include <asm/tsc.h>
#include <linux/sched/clock.h>
unsigned long tsc_khz;
void tsc_init(void) {}
u64 sched_clock(void) { return 0; }
