/* The TSC: calibrated against the PIT (or HPET / ACPI PM timer). */
#ifndef _ASM_TSC_H
#define _ASM_TSC_H

#include <linux/types.h>

extern unsigned long tsc_khz;
void tsc_init(void);
#endif
