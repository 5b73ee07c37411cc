/* CPU identification and the features the kernel uses. */
#ifndef _ASM_CPUFEATURE_H
#define _ASM_CPUFEATURE_H

#include <linux/types.h>

void early_cpu_init(void);
void print_cpu_info(void);
#endif
