/* The in-memory root: a tree of directories, files, symlinks and device nodes held in kernel
 * memory, filled once from the initramfs and read-only after (Linux's fs/ramfs/inode.c, with
 * the path walk of fs/namei.c and the directory reading of fs/libfs.c beside it). */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/ramfs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

/*
 * The root every absolute path starts from: an empty directory until populate_rootfs() grafts
 * the unpacked archive onto it, so "/" exists with or without an initramfs (Linux's rootfs
 * is mounted before the archive is unpacked, for the same reason).
 */
static struct inode root_inode = {
	.i_mode = S_IFDIR | 0755,
	.i_nlink = 2,
	.i_parent = &root_inode,
	.i_subdirs = LIST_HEAD_INIT(root_inode.i_subdirs),
	.i_child = LIST_HEAD_INIT(root_inode.i_child),
};

/**
 * ramfs_root - the root directory of the in-memory file system
 *
 * Context: any. Return: the root inode; never NULL.
 */
struct inode *ramfs_root(void)
{
	return &root_inode;
}

/* Linux 6.1: ramfs_get_inode() takes a super_block and gets a VFS inode; here the inode is the
 * whole object, name included. */
static struct inode *ramfs_get_inode(const char *name, size_t len, umode_t mode, dev_t dev)
{
	struct inode *inode = kzalloc(sizeof(*inode) + len + 1, GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_nlink = S_ISDIR(mode) ? 2 : 1;
	inode->i_rdev = dev;
	INIT_LIST_HEAD(&inode->i_subdirs);
	INIT_LIST_HEAD(&inode->i_child);
	memcpy(inode->i_name, name, len);
	return inode;
}

/**
 * ramfs_new_root - make an empty directory to unpack a tree into
 * @mode: the permission bits (the type is always S_IFDIR)
 *
 * The tree is private to the caller until ramfs_graft_root() or ramfs_evict_tree().
 *
 * Context: process context, may sleep. Return: the directory, or ERR_PTR(-ENOMEM).
 */
struct inode *ramfs_new_root(umode_t mode)
{
	struct inode *root = ramfs_get_inode("", 0, S_IFDIR | (mode & ~S_IFMT), 0);

	if (!root)
		return ERR_PTR(-ENOMEM);
	root->i_parent = root;
	return root;
}

/* The child of @dir called @name (@len bytes, not NUL-terminated), or NULL. The list is sorted,
 * so the search stops at the first name that sorts after it. */
static struct inode *ramfs_find_child(struct inode *dir, const char *name, size_t len)
{
	struct inode *child;

	list_for_each_entry(child, &dir->i_subdirs, i_child) {
		int cmp = strncmp(child->i_name, name, len);

		if (!cmp && !child->i_name[len])
			return child;
		if (cmp >= 0)
			break;
	}
	return NULL;
}

/**
 * ramfs_mknod - add an entry to a directory of a tree being built
 * @dir: the directory
 * @name: the new entry's name, @len bytes, not necessarily NUL-terminated
 * @len: 1 to NAME_MAX
 * @mode: type and permission bits (S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, ...)
 * @rdev: the device number of a device node, else 0
 *
 * The entry is empty: the caller sets a file's data or a symlink's target (i_private, i_size),
 * owner and mtime. Only fs/initramfs.c calls this, on a tree no one else can see yet.
 *
 * Context: process context, may sleep. Return: the new inode; ERR_PTR(-EINVAL) for a name
 * that is empty, ".", "..", too long or holds '/' or a NUL; ERR_PTR(-ENOTDIR) if @dir is not a
 * directory; ERR_PTR(-EEXIST) if the name is taken; ERR_PTR(-ENOMEM).
 */
struct inode *ramfs_mknod(struct inode *dir, const char *name, size_t len, umode_t mode,
			  dev_t rdev)
{
	struct inode *inode, *pos;

	if (!len || len > NAME_MAX || memchr(name, '/', len) || memchr(name, '\0', len) ||
	    (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))))
		return ERR_PTR(-EINVAL);
	if (!S_ISDIR(dir->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (ramfs_find_child(dir, name, len))
		return ERR_PTR(-EEXIST);
	inode = ramfs_get_inode(name, len, mode, rdev);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_parent = dir;
	/* Before the first entry that sorts after it, so the list stays in name order. */
	list_for_each_entry(pos, &dir->i_subdirs, i_child)
		if (strcmp(pos->i_name, inode->i_name) > 0)
			break;
	list_add_tail(&inode->i_child, &pos->i_child);
	if (S_ISDIR(mode))
		dir->i_nlink++;
	return inode;
}

static void ramfs_free_inode(struct inode *inode)
{
	if (S_ISREG(inode->i_mode))
		vfree(inode->i_private);
	else if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
	kfree(inode);
}

/**
 * ramfs_evict_tree - free a tree made by ramfs_new_root(), data and all
 * @root: the tree's root; never ramfs_root()
 *
 * Depth-first without recursion: an archive's paths may nest a couple of thousand deep.
 * Linux 6.1: ramfs_kill_sb() drops the dentries of an unmounted instance.
 *
 * Context: process context, may sleep (vfree). Return: nothing.
 */
void ramfs_evict_tree(struct inode *root)
{
	struct inode *inode = root;

	if (WARN_ON(root == &root_inode))
		return;
	for (;;) {
		struct inode *parent;

		while (!list_empty(&inode->i_subdirs))
			inode = list_first_entry(&inode->i_subdirs, struct inode, i_child);
		if (inode == root)
			break;
		parent = inode->i_parent;
		list_del(&inode->i_child);
		ramfs_free_inode(inode);
		inode = parent;
	}
	ramfs_free_inode(root);
}

/**
 * ramfs_graft_root - make an unpacked tree the contents of "/"
 * @tree: a tree from ramfs_new_root(); consumed on success
 *
 * The root directory takes @tree's entries and its mode, owner and mtime (an archive's "."
 * entry sets them); @tree's own inode is freed.
 *
 * Context: process context, boot, before anything reads the root (populate_rootfs()).
 * Return: 0, or -EBUSY if the root already has entries (@tree is then left to the caller).
 */
int ramfs_graft_root(struct inode *tree)
{
	struct inode *child;

	if (!list_empty(&root_inode.i_subdirs))
		return -EBUSY;
	list_splice_tail_init(&tree->i_subdirs, &root_inode.i_subdirs);
	list_for_each_entry(child, &root_inode.i_subdirs, i_child)
		child->i_parent = &root_inode;
	root_inode.i_mode = tree->i_mode;
	root_inode.i_nlink = tree->i_nlink;
	root_inode.i_uid = tree->i_uid;
	root_inode.i_gid = tree->i_gid;
	root_inode.i_mtime = tree->i_mtime;
	kfree(tree);
	return 0;
}

/*
 * Walk @path from @dir (from @root when it starts with '/'). A symlink is followed when it is
 * not the last component, or when @flags has LOOKUP_FOLLOW, or when a '/' follows it; its
 * target starts from the directory holding it. @links counts the symlinks followed so far.
 * Linux 6.1: fs/namei.c's link_path_walk() and walk_component(), without the caches.
 */
static struct inode *ramfs_walk_from(struct inode *root, struct inode *dir, const char *path,
				     unsigned int flags, int *links)
{
	struct inode *inode = *path == '/' ? root : dir;

	for (;;) {
		struct inode *child;
		const char *next;
		bool last, slash;
		size_t len;

		path += strspn(path, "/");
		len = strcspn(path, "/");
		if (!len)
			break;
		if (!S_ISDIR(inode->i_mode))
			return ERR_PTR(-ENOTDIR);
		if (len > NAME_MAX)
			return ERR_PTR(-ENAMETOOLONG);
		next = path + len;
		last = !next[strspn(next, "/")];
		slash = *next == '/';
		if (len == 1 && path[0] == '.')
			child = inode;
		else if (len == 2 && path[0] == '.' && path[1] == '.')
			child = inode == root ? root : inode->i_parent;
		else
			child = ramfs_find_child(inode, path, len);
		if (!child)
			return ERR_PTR(-ENOENT);
		if (S_ISLNK(child->i_mode) && (!last || slash || (flags & LOOKUP_FOLLOW))) {
			const char *target = child->i_private;

			if (++*links > MAXSYMLINKS)
				return ERR_PTR(-ELOOP);
			if (!*target)
				return ERR_PTR(-ENOENT);
			child = ramfs_walk_from(root, inode, target, LOOKUP_FOLLOW, links);
			if (IS_ERR(child))
				return child;
		}
		inode = child;
		path = next;
	}
	/* A trailing '/' (or "/.") asks for a directory, as in Linux. */
	if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	return inode;
}

/**
 * ramfs_walk - resolve a path in a tree
 * @root: the tree's root ("/" and ".." at the top stay there)
 * @path: the path; a relative one starts at @root too (there is no working directory)
 * @flags: LOOKUP_FOLLOW to follow a symlink that is the last component,
 *         LOOKUP_DIRECTORY to insist on a directory
 *
 * Empty components and "." are skipped and ".." goes to the parent, as in Linux's path walk;
 * a path ending in '/' must name a directory (or a symlink to one).
 *
 * Context: any; takes no lock (the tree is read-only once built). Return: the inode;
 * ERR_PTR(-ENOENT) for an empty path or a missing component, -ENOTDIR when a component
 * used as a directory is not one, -ENAMETOOLONG for a component over NAME_MAX or a path of
 * PATH_MAX or more, -ELOOP past MAXSYMLINKS symlinks.
 */
struct inode *ramfs_walk(struct inode *root, const char *path, unsigned int flags)
{
	size_t len = strnlen(path, PATH_MAX);
	int links = 0;

	if (!len)
		return ERR_PTR(-ENOENT);
	if (len == PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	/* "name/" must be a directory, or a symlink to one, even without LOOKUP_DIRECTORY. */
	if (path[len - 1] == '/')
		flags |= LOOKUP_DIRECTORY | LOOKUP_FOLLOW;
	return ramfs_walk_from(root, root, path, flags, &links);
}

/**
 * ramfs_lookup - resolve an absolute path in the root file system, following symlinks
 * @path: as for ramfs_walk()
 *
 * What exec and the console's cat and ls call; Linux's kern_path(path, LOOKUP_FOLLOW).
 *
 * Context: any; takes no lock. Return: as ramfs_walk().
 */
struct inode *ramfs_lookup(const char *path)
{
	return ramfs_walk(&root_inode, path, LOOKUP_FOLLOW);
}

/**
 * ramfs_read - copy bytes of a regular file
 * @inode: the file
 * @buf: where to copy them (kernel memory)
 * @count: at most this many
 * @pos: from this offset
 *
 * Linux 6.1: generic_file_read_iter() over the page cache; here the data is one buffer.
 *
 * Context: any; takes no lock. Return: the bytes copied (0 at or past the end), -EISDIR for a
 * directory, -EINVAL for another non-regular file or a negative @pos.
 */
ssize_t ramfs_read(struct inode *inode, void *buf, size_t count, loff_t pos)
{
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode) || pos < 0)
		return -EINVAL;
	if (pos >= inode->i_size)
		return 0;
	count = min_t(size_t, count, inode->i_size - pos);
	memcpy(buf, (const char *)inode->i_private + pos, count);
	return count;
}

/**
 * ramfs_iterate_dir - hand each entry of a directory to @actor, in name order
 * @dir: the directory
 * @actor: called with @arg and the entry (its name is i_name); non-zero stops the walk
 * @arg: for @actor
 *
 * "." and ".." are not entries. Linux 6.1: dcache_readdir() in fs/libfs.c, which goes in
 * creation order.
 *
 * Context: any; takes no lock; @actor may sleep if the caller may. Return: 0, @actor's
 * non-zero value, or -ENOTDIR.
 */
int ramfs_iterate_dir(struct inode *dir, int (*actor)(void *arg, struct inode *child),
		      void *arg)
{
	struct inode *child;

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	list_for_each_entry(child, &dir->i_subdirs, i_child) {
		int ret = actor(arg, child);

		if (ret)
			return ret;
	}
	return 0;
}
