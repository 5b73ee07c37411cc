/* Architecture setup called from start_kernel(), in Linux's order. */
#ifndef _ASM_SETUP_H
#define _ASM_SETUP_H

#include <linux/types.h>

void x86_64_start_kernel(unsigned long mbi_phys, u64 boot_tsc);
void setup_arch(char **cmdline);
/* Guest time since the loader handed over, in microseconds (0 before the TSC is calibrated). */
u64 boot_elapsed_us(void);

#endif
