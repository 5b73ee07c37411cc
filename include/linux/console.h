/* Screen consoles: the multiboot2 framebuffer or VGA text. */
#ifndef _LINUX_CONSOLE_H
#define _LINUX_CONSOLE_H

#include <linux/types.h>

void console_init(void);
#endif
