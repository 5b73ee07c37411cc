/* Kernel virtual area: vmalloc, stacks with guard pages, ioremap. */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>

void vmalloc_init(void);
#endif
