/* Byte patterns written over freed memory so that a stale reader sees garbage it can recognise
 * (Linux's include/linux/poison.h). */
#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

#define POISON_FREE_INITMEM	0xcc	/* freed boot-only memory: int3 if executed */

#endif
