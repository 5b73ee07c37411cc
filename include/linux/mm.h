/* Page allocator. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>

void mem_init(void);
#endif
