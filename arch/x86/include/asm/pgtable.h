/* Kernel page tables: the direct map and the W^X kernel image. */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <linux/types.h>

void paging_init(void);
#endif
