/* The firmware memory map: printed, then fed to memblock. */
#ifndef _ASM_E820_H
#define _ASM_E820_H

#include <linux/types.h>

void e820__memory_setup(void);
void e820__memblock_setup(void);
#endif
