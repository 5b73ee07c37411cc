/* Magic SysRq (drivers/tty/sysrq.c), as Linux's include/linux/sysrq.h. */
#ifndef _LINUX_SYSRQ_H
#define _LINUX_SYSRQ_H

void handle_sysrq(int key);
void sysrq_init(void);

#endif
