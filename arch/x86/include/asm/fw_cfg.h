/* QEMU fw_cfg: read a named file the host passed with -fw_cfg. */
#ifndef _ASM_FW_CFG_H
#define _ASM_FW_CFG_H

#include <linux/types.h>

int fw_cfg_read_file(const char *name, char *buf, size_t size);

#endif
