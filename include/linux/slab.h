/* Slab caches and kmalloc. */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>

void kmem_cache_init(void);
#endif
