/* Unpacking the initramfs, the newc cpio archive the boot loader hands over as a module, into
 * the in-memory root (Linux's include/linux/initrd.h; the code is fs/initramfs.c). */
#ifndef _LINUX_INITRD_H
#define _LINUX_INITRD_H

#include <linux/types.h>

struct inode;

/* What unpack_to_rootfs() found, or why it stopped. */
struct unpack_result {
	unsigned int files;		/* regular files */
	unsigned int dirs;		/* directories, the root's "." entry not counted */
	unsigned int others;		/* symlinks, device nodes, FIFOs, sockets */
	unsigned long bytes;		/* regular files' data */
	char message[128];		/* on failure: "offset 0x...: what was wrong" */
};

struct inode *unpack_to_rootfs(const char *buf, unsigned long len, struct unpack_result *res);
void populate_rootfs(void);

#endif
