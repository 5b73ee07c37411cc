/* The in-memory root that the initramfs is unpacked into (Linux's include/linux/ramfs.h and
 * fs/ramfs/inode.c), and the path walk that exec and the console use to read it. */
#ifndef _LINUX_RAMFS_H
#define _LINUX_RAMFS_H

#include <linux/limits.h>
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/types.h>

/*
 * One file, directory, symlink or device node of the tree.
 *
 * Linux 6.1: struct inode is the VFS's (include/linux/fs.h) and names, parents and children
 * live in struct dentry; Spindle has this one read-only tree, so the inode carries its name
 * and its place in the tree itself.
 *
 * No lock: a tree is built by one thread (populate_rootfs() at boot, a test on its own tree)
 * before anyone else can reach it, and nothing changes it afterwards.
 */
struct inode {
	umode_t i_mode;			/* S_IFMT type and permission bits */
	unsigned int i_nlink;		/* 2 + subdirectories for a directory, else 1 */
	u32 i_uid;
	u32 i_gid;
	dev_t i_rdev;			/* a device node's number, else 0 */
	loff_t i_size;			/* bytes of data (a symlink: of its target) */
	time64_t i_mtime;		/* seconds since the epoch, from the archive */
	/* A regular file's bytes (vmalloc'd; NULL when empty), or a symlink's NUL-terminated
	 * target (kmalloc'd). Stable for as long as the tree lives. */
	void *i_private;
	struct inode *i_parent;		/* the root is its own parent */
	struct list_head i_subdirs;	/* children, sorted by name (strcmp) */
	struct list_head i_child;	/* in the parent's i_subdirs */
	char i_name[];			/* "" for the root */
};

/* ramfs_walk()'s @flags, as Linux's namei. */
#define LOOKUP_FOLLOW		0x0001	/* follow a symlink in the last component too */
#define LOOKUP_DIRECTORY	0x0002	/* the result must be a directory */

#define MAXSYMLINKS		40	/* symlinks followed in one walk before -ELOOP */

struct inode *ramfs_root(void);
struct inode *ramfs_walk(struct inode *root, const char *path, unsigned int flags);
struct inode *ramfs_lookup(const char *path);
ssize_t ramfs_read(struct inode *inode, void *buf, size_t count, loff_t pos);
int ramfs_iterate_dir(struct inode *dir, int (*actor)(void *arg, struct inode *child),
		      void *arg);

/* What fs/initramfs.c builds a tree with; nothing else changes a tree. */
struct inode *ramfs_new_root(umode_t mode);
struct inode *ramfs_mknod(struct inode *dir, const char *name, size_t len, umode_t mode,
			  dev_t rdev);
void ramfs_evict_tree(struct inode *root);
int ramfs_graft_root(struct inode *tree);

#endif
