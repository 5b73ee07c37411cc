/* Restart and power-off (Linux's include/linux/reboot.h): kernel_restart() and
 * kernel_power_off() in kernel/reboot.c, over the architecture's machine_*(). */
#ifndef _LINUX_REBOOT_H
#define _LINUX_REBOOT_H

#include <linux/compiler.h>

__noreturn void machine_restart(void);
void machine_power_off(void);
__noreturn void kernel_restart(void);
__noreturn void kernel_power_off(void);

#endif
