/* Self-tests of fs/initramfs.c and fs/ramfs/inode.c: newc archives built here in memory, good
 * and broken, each unpacked into a tree of its own and freed without a leak, and the path walk
 * (ktest=initramfs). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/initrd.h>
#include <linux/mm.h>
#include <linux/ramfs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/pgtable.h>
#include <ktest.h>

#define ARCHIVE_MAX	8192
#define CPIO_HEADER_LEN	110
#define NAMES_MAX	64
#define MTIME		1733558400	/* 2024-12-07 08:00 UTC */

struct archive {
	char *buf;
	size_t len;
};

static struct archive ar;

/* The memory a case starts with; it must end with the same (mm_test's accounting). */
static unsigned long base_pages, base_objects;

static unsigned long pages_accounted(void)
{
	kmem_cache_shrink_all();
	return nr_free_pages() + nr_kernel_pgtable_pages();
}

static int initramfs_test_init(struct ktest *test)
{
	ar.buf = kzalloc(ARCHIVE_MAX, GFP_KERNEL);
	ar.len = 0;
	drain_cached_stacks();
	base_pages = pages_accounted();
	base_objects = slab_objects_in_use();
	return ar.buf ? 0 : -ENOMEM;
}

static void initramfs_test_exit(struct ktest *test)
{
	drain_cached_stacks();
	KTEST_EXPECT_EQ(test, pages_accounted(), base_pages);
	KTEST_EXPECT_EQ(test, slab_objects_in_use(), base_objects);
	kfree(ar.buf);
	ar.buf = NULL;
}

static void put(const void *p, size_t n)
{
	if (WARN_ON(ar.len + n > ARCHIVE_MAX))
		return;
	memcpy(ar.buf + ar.len, p, n);
	ar.len += n;
}

static void pad4(void)
{
	while (ar.len & 3)
		put("", 1);
}

/* One entry as gen_init_cpio writes it; @namesize is the name's bytes with its NUL. */
static void put_entry_ino(const char *magic, u32 ino, u32 nlink, const char *name,
			  size_t namesize, u32 mode, u32 rmaj, u32 rmin, const void *data, u32 size)
{
	char hdr[CPIO_HEADER_LEN + 1];

	snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X",
		 magic, ino, mode, 1000, 100, nlink, MTIME, size, 0, 0, rmaj, rmin, namesize, 0);
	put(hdr, CPIO_HEADER_LEN);
	put(name, namesize);
	pad4();
	put(data, size);
	pad4();
}

static void put_entry_raw(const char *magic, const char *name, size_t namesize, u32 mode,
			  u32 rmaj, u32 rmin, const void *data, u32 size)
{
	static u32 ino = 721;

	put_entry_ino(magic, ino++, S_ISDIR(mode) ? 2 : 1, name, namesize, mode, rmaj, rmin,
		      data, size);
}

static void put_entry(const char *name, u32 mode, const char *data)
{
	put_entry_raw("070701", name, strlen(name) + 1, mode, 0, 0, data,
		      data ? strlen(data) : 0);
}

static void put_trailer(void)
{
	put_entry_raw("070701", "TRAILER!!!", 11, 0, 0, 0, NULL, 0);
}

/* A root as gen_init_cpio makes one for Spindle, plus "." first as "find . | cpio" gives. */
static void put_good_archive(void)
{
	put_entry(".", S_IFDIR | 0700, NULL);
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry("bin/hello", S_IFREG | 0755, "hello, world\n");
	put_entry("etc", S_IFDIR | 0755, NULL);
	put_entry("etc/motd", S_IFREG | 0644, "Welcome to Spindle\n");
	/* gen_init_cpio's form: the target's NUL is part of the data. */
	put_entry_raw("070701", "sbin", 5, S_IFLNK | 0777, 0, 0, "bin", 4);
	put_entry("dev", S_IFDIR | 0755, NULL);
	put_entry_raw("070701", "dev/console", 12, S_IFCHR | 0600, 5, 1, NULL, 0);
	put_entry("init", S_IFREG | 0755, "#!init");
	put_trailer();
}

/* Unpack @ar expecting failure: -EINVAL and a message containing @what. */
static void expect_rejected(struct ktest *test, const char *what)
{
	struct unpack_result res;
	struct inode *root = unpack_to_rootfs(ar.buf, ar.len, &res);

	if (!IS_ERR(root)) {
		ramfs_evict_tree(root);
		KTEST_FAIL(test, "archive accepted, expected '%s'", what);
		return;
	}
	ktest_info(test, "%s", res.message);
	KTEST_EXPECT_EQ(test, PTR_ERR(root), -EINVAL);
	KTEST_EXPECT_NOT_NULL(test, strstr(res.message, what));
	KTEST_EXPECT_EQ(test, strncmp(res.message, "offset ", 7), 0);
}

static int collect_names(void *arg, struct inode *child)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, NAMES_MAX - n, "%s ", child->i_name);
	return 0;
}

static void good_archive_unpacks(struct ktest *test)
{
	struct unpack_result res;
	struct inode *root, *inode;
	char names[NAMES_MAX] = "", buf[32];

	put_good_archive();
	root = unpack_to_rootfs(ar.buf, ar.len, &res);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	KTEST_EXPECT_EQ(test, res.files, 3);
	KTEST_EXPECT_EQ(test, res.dirs, 3);
	KTEST_EXPECT_EQ(test, res.others, 2);
	KTEST_EXPECT_EQ(test, res.bytes, 13 + 19 + 6);
	KTEST_EXPECT_EQ(test, root->i_mode, S_IFDIR | 0700);
	KTEST_EXPECT_EQ(test, root->i_nlink, 2 + 3);

	inode = ramfs_walk(root, "/bin/hello", LOOKUP_FOLLOW);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_EQ(test, inode->i_mode, S_IFREG | 0755);
	KTEST_EXPECT_EQ(test, inode->i_size, 13);
	KTEST_EXPECT_EQ(test, inode->i_uid, 1000);
	KTEST_EXPECT_EQ(test, inode->i_gid, 100);
	KTEST_EXPECT_EQ(test, inode->i_mtime, MTIME);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, sizeof(buf), 0), 13);
	KTEST_EXPECT_EQ(test, memcmp(buf, "hello, world\n", 13), 0);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, 4, 7), 4);
	KTEST_EXPECT_EQ(test, memcmp(buf, "worl", 4), 0);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, 4, 13), 0);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, 4, -1), -EINVAL);

	/* The symlink: followed in the middle of a path and, with LOOKUP_FOLLOW, at its end. */
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/sbin/hello", 0), inode);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/sbin", LOOKUP_FOLLOW),
			    ramfs_walk(root, "/bin", 0));
	inode = ramfs_walk(root, "/sbin", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_TRUE(test, S_ISLNK(inode->i_mode));
	KTEST_EXPECT_STREQ(test, (const char *)inode->i_private, "bin");
	KTEST_EXPECT_EQ(test, inode->i_size, 3);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, 4, 0), -EINVAL);

	inode = ramfs_walk(root, "/dev/console", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_TRUE(test, S_ISCHR(inode->i_mode));
	KTEST_EXPECT_EQ(test, inode->i_rdev, (5 << 8) | 1);

	KTEST_EXPECT_EQ(test, ramfs_iterate_dir(root, collect_names, names), 0);
	KTEST_EXPECT_STREQ(test, names, "bin dev etc init sbin ");
	KTEST_EXPECT_EQ(test, ramfs_iterate_dir(ramfs_walk(root, "/init", 0), collect_names,
						names), -ENOTDIR);
	KTEST_EXPECT_EQ(test, ramfs_read(root, buf, 4, 0), -EISDIR);
	ramfs_evict_tree(root);
}

static void nested_dirs_and_concatenated_archives(struct ktest *test)
{
	static const char *const dirs[] = { "a", "a/b", "a/b/c", "a/b/c/d" };
	struct unpack_result res;
	struct inode *root, *inode;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		put_entry(dirs[i], S_IFDIR | 0755, NULL);
	put_entry("a/b/c/d/file", S_IFREG | 0644, "deep");
	put_trailer();
	/* Zero padding, then a second archive adding to the first (Linux accepts this). */
	put("\0\0\0\0\0\0\0\0", 8);
	put_entry("a/b/second", S_IFREG | 0600, "2");
	put_entry("a/b", S_IFDIR | 0700, NULL);
	put_trailer();
	put("\0\0\0\0", 4);
	root = unpack_to_rootfs(ar.buf, ar.len, &res);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	KTEST_EXPECT_EQ(test, res.dirs, 4);
	KTEST_EXPECT_EQ(test, res.files, 2);
	inode = ramfs_walk(root, "a/b/c/d/file", 0);
	KTEST_EXPECT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_NOT_ERR_OR_NULL(test, ramfs_walk(root, "/a/b/second", 0));
	/* A directory listed twice takes the later attributes. */
	inode = ramfs_walk(root, "/a/b", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_EQ(test, inode->i_mode, S_IFDIR | 0700);
	KTEST_EXPECT_EQ(test, inode->i_nlink, 3);
	ramfs_evict_tree(root);
}

static void zero_length_file(struct ktest *test)
{
	struct unpack_result res;
	struct inode *root, *inode;
	char c;

	put_entry("empty", S_IFREG | 0644, NULL);
	put_trailer();
	root = unpack_to_rootfs(ar.buf, ar.len, &res);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	inode = ramfs_walk(root, "/empty", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_EQ(test, inode->i_size, 0);
	KTEST_EXPECT_EQ(test, ramfs_read(inode, &c, 1, 0), 0);
	ramfs_evict_tree(root);
}

/* gen_init_cpio's hard links: the data with the last name only; GNU cpio's: the same. Every
 * name reads the data. */
static void hard_links_share_data(struct ktest *test)
{
	static const char *const names[] = { "bin/a", "bin/b", "bin/c" };
	struct unpack_result res;
	struct inode *root, *inode;
	char buf[8];

	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry_ino("070701", 5000, 3, "bin/a", 6, S_IFREG | 0755, 0, 0, NULL, 0);
	put_entry_ino("070701", 5000, 3, "bin/b", 6, S_IFREG | 0755, 0, 0, NULL, 0);
	put_entry_ino("070701", 5000, 3, "bin/c", 6, S_IFREG | 0755, 0, 0, "shared", 6);
	/* A different file with the same inode number in another archive is not a link. */
	put_trailer();
	put_entry_ino("070701", 5000, 2, "bin/d", 6, S_IFREG | 0755, 0, 0, NULL, 0);
	put_trailer();
	root = unpack_to_rootfs(ar.buf, ar.len, &res);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	KTEST_EXPECT_EQ(test, res.bytes, 6);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		inode = ramfs_walk(root, names[i], 0);
		KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
		KTEST_EXPECT_EQ(test, inode->i_nlink, 3);
		KTEST_EXPECT_EQ(test, ramfs_read(inode, buf, sizeof(buf), 0), 6);
		KTEST_EXPECT_EQ(test, memcmp(buf, "shared", 6), 0);
	}
	inode = ramfs_walk(root, "bin/d", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, inode);
	KTEST_EXPECT_EQ(test, inode->i_size, 0);
	ramfs_evict_tree(root);
}

static void data_past_the_end(struct ktest *test)
{
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry("bin/big", S_IFREG | 0644, "0123456789abcdef0123456789abcdef");
	ar.len -= 20;
	expect_rejected(test, "run past the end");
}

static void bad_magic(struct ktest *test)
{
	put_good_archive();
	ar.buf[0] = 'X';
	expect_rejected(test, "no cpio magic");
	ar.buf[0] = '0';
	memcpy(ar.buf, "070707", 6);
	expect_rejected(test, "use -H newc option");
	ar.buf[0] = 0x1f;
	ar.buf[1] = 0x8b;
	expect_rejected(test, "compression method gzip not configured");
	ar.len = 0;
	expect_rejected(test, "empty archive");
}

static void bad_hex(struct ktest *test)
{
	put_good_archive();
	ar.buf[6 + 8 * 6 + 3] = 'g';	/* in the first entry's filesize */
	expect_rejected(test, "bad hex digit 0x67 in the filesize field");
}

static void name_without_nul(struct ktest *test)
{
	put_entry_raw("070701", "bin", 3, S_IFDIR | 0755, 0, 0, NULL, 0);
	put_trailer();
	expect_rejected(test, "without its NUL");
	ar.len = 0;
	put_entry_raw("070701", "x", 0, S_IFDIR | 0755, 0, 0, NULL, 0);
	put_trailer();
	expect_rejected(test, "bad name length 0");
}

static void missing_trailer(struct ktest *test)
{
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry("bin/hello", S_IFREG | 0755, "hi");
	expect_rejected(test, "TRAILER!!! missing");
	/* Junk after the trailer, on a 4-byte boundary, is a header that is not one. */
	put_trailer();
	put("JUNK", 4);
	expect_rejected(test, "header cut short");
}

static void dotdot_and_missing_parent(struct ktest *test)
{
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry("bin/../evil", S_IFREG | 0644, "x");
	put_trailer();
	expect_rejected(test, "a path with '..'");
	ar.len = 0;
	put_entry("../evil", S_IFREG | 0644, "x");
	put_trailer();
	expect_rejected(test, "a path with '..'");
	ar.len = 0;
	put_entry("nodir/file", S_IFREG | 0644, "x");
	put_trailer();
	expect_rejected(test, "parent directory: missing");
	ar.len = 0;
	put_entry("file", S_IFREG | 0644, "x");
	put_entry("file/inner", S_IFREG | 0644, "x");
	put_trailer();
	expect_rejected(test, "parent directory: not a directory");
}

static void duplicate_name(struct ktest *test)
{
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_entry("bin/hello", S_IFREG | 0755, "one");
	put_entry("bin/hello", S_IFREG | 0755, "two");
	put_trailer();
	expect_rejected(test, "'bin/hello': duplicate entry");
	ar.len = 0;
	put_entry("bin", S_IFREG | 0755, "one");
	put_entry("bin", S_IFDIR | 0755, NULL);
	put_trailer();
	expect_rejected(test, "'bin': duplicate entry");
}

static void bad_types_and_sizes(struct ktest *test)
{
	put_entry_raw("070701", "dir", 4, S_IFDIR | 0755, 0, 0, "data", 4);
	put_trailer();
	expect_rejected(test, "not regular");
	ar.len = 0;
	put_entry("weird", 0170644, NULL);
	put_trailer();
	expect_rejected(test, "unknown file type");
	ar.len = 0;
	put_entry_raw("070701", "link", 5, S_IFLNK | 0777, 0, 0, NULL, 0);
	put_trailer();
	expect_rejected(test, "bad symlink target");
	ar.len = 0;
	put_entry_raw("070701", "link", 5, S_IFLNK | 0777, 0, 0, "a\0b", 3);
	put_trailer();
	expect_rejected(test, "bad symlink target");
}

/* Every allocation of a good unpack failed in turn: -ENOMEM each time, nothing left over. */
static void out_of_memory_leaves_nothing(struct ktest *test)
{
	struct unpack_result res;
	struct inode *root;
	unsigned int n;

	put_entry_ino("070701", 6000, 2, "x", 2, S_IFREG | 0644, 0, 0, NULL, 0);
	put_entry_ino("070701", 6000, 2, "y", 2, S_IFREG | 0644, 0, 0, "data", 4);
	put_good_archive();
	for (n = 1; n < 200; n++) {
		set_fail_nth(current, n);
		root = unpack_to_rootfs(ar.buf, ar.len, &res);
		set_fail_nth(current, 0);
		if (!IS_ERR(root))
			break;
		KTEST_EXPECT_EQ(test, PTR_ERR(root), -ENOMEM);
	}
	ktest_info(test, "%u allocations failed in turn", n - 1);
	KTEST_ASSERT_FALSE(test, IS_ERR(root));
	KTEST_EXPECT_GT(test, n, 10);
	ramfs_evict_tree(root);
}

static void path_walk(struct ktest *test)
{
	struct unpack_result res;
	struct inode *root, *bin, *hello;
	char *longname;

	put_good_archive();
	put_entry("loop", S_IFLNK | 0777, "loop");
	put_entry("dangling", S_IFLNK | 0777, "/nope");
	put_trailer();
	root = unpack_to_rootfs(ar.buf, ar.len, &res);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	bin = ramfs_walk(root, "/bin", 0);
	hello = ramfs_walk(root, "/bin/hello", 0);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, bin);
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, hello);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/", 0), root);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "//", 0), root);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/..", 0), root);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/bin/", 0), bin);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/bin/.", 0), bin);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "//bin/./hello", 0), hello);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/etc/../bin//hello", 0), hello);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "bin/hello", 0), hello);
	KTEST_EXPECT_PTR_EQ(test, ramfs_walk(root, "/sbin/", 0), bin);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "", 0)), -ENOENT);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/nope", 0)), -ENOENT);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/bin/hell", 0)), -ENOENT);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/bin/hello/", 0)), -ENOTDIR);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/bin/hello/.", 0)), -ENOTDIR);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/bin/hello/x", 0)), -ENOTDIR);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/init", LOOKUP_DIRECTORY)), -ENOTDIR);
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/loop", LOOKUP_FOLLOW)), -ELOOP);
	KTEST_EXPECT_TRUE(test, S_ISLNK(ramfs_walk(root, "/loop", 0)->i_mode));
	KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, "/dangling", LOOKUP_FOLLOW)), -ENOENT);
	longname = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	if (longname) {
		memset(longname, 'a', PATH_MAX);
		longname[0] = '/';
		longname[NAME_MAX + 2] = '\0';
		KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, longname, 0)), -ENAMETOOLONG);
		longname[NAME_MAX + 1] = '\0';
		KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, longname, 0)), -ENOENT);
		memset(longname, '/', PATH_MAX);
		longname[PATH_MAX] = '\0';
		KTEST_EXPECT_EQ(test, PTR_ERR(ramfs_walk(root, longname, 0)), -ENAMETOOLONG);
		kfree(longname);
	}
	ramfs_evict_tree(root);
}

/* The boot's root: whatever the archive holds, "/" is a directory, and with no boot module at
 * all it is an empty one (Linux's rootfs before anything is unpacked). */
static void boot_root_is_a_directory(struct ktest *test)
{
	struct inode *root = ramfs_lookup("/");

	KTEST_ASSERT_NOT_ERR_OR_NULL(test, root);
	KTEST_EXPECT_PTR_EQ(test, root, ramfs_root());
	KTEST_EXPECT_TRUE(test, S_ISDIR(root->i_mode));
	KTEST_EXPECT_PTR_EQ(test, ramfs_lookup("/."), root);
	KTEST_EXPECT_PTR_EQ(test, ramfs_lookup("/.."), root);
	ktest_info(test, "%d boot module(s)", boot_params.nr_modules);
	if (!boot_params.nr_modules)
		KTEST_EXPECT_TRUE(test, list_empty(&root->i_subdirs));
}

#define OUT_MAX	4096

struct cat_check {
	struct ktest *test;
	char *out, *want;
};

/* cat of each small regular file in "/" prints its bytes; of each directory, cat's error. */
static int cat_matches_read(void *arg, struct inode *child)
{
	struct cat_check *c = arg;
	struct seq_file m = SEQ_FILE_INIT(c->out, OUT_MAX);
	ssize_t n = 0;

	if (S_ISREG(child->i_mode) && child->i_size < OUT_MAX)
		n = ramfs_read(child, c->want, OUT_MAX, 0);
	else if (S_ISDIR(child->i_mode))
		n = snprintf(c->want, OUT_MAX, "cat: /%s: Is a directory\n", child->i_name);
	else
		return 0;
	shell_capture(&m, "cat /%s", child->i_name);
	KTEST_EXPECT_EQ(c->test, seq_used(&m), n);
	KTEST_EXPECT_EQ(c->test, memcmp(c->out, c->want, min_t(size_t, n, seq_used(&m))), 0);
	return 0;
}

/* The console's cat and ls over the root, with coreutils' words, whatever the archive holds. */
static void console_shows_the_root(struct ktest *test)
{
	char *out = kmalloc(OUT_MAX, GFP_KERNEL);
	struct cat_check check;
	struct seq_file m;

	KTEST_ASSERT_NOT_NULL(test, out);
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "ls /");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	ktest_info(test, "ls / printed: %s", out);
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "proc"));
	KTEST_EXPECT_NOT_NULL(test, strstr(out, "sys"));
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "ls -l /");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	ktest_info(test, "ls -l / printed: %s", out);
	if (list_empty(&ramfs_root()->i_subdirs))
		KTEST_EXPECT_STREQ(test, out, "total 0\n"
				   "dr-xr-xr-x 2 0 0 0 Jan  1  1970 proc\n"
				   "dr-xr-xr-x 2 0 0 0 Jan  1  1970 sys\n");
	else
		KTEST_EXPECT_NOT_NULL(test, strstr(out, " proc\n"));
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "ls -l /proc");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	KTEST_EXPECT_STREQ(test, out, "ls: /proc: -l is not supported under /proc and /sys\n");
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "cat / /nope");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	KTEST_EXPECT_STREQ(test, out, "cat: /: Is a directory\n"
			   "cat: /nope: No such file or directory\n");
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "ls /nope/");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	KTEST_EXPECT_STREQ(test, out, "ls: cannot access '/nope/': No such file or directory\n");
	m = (struct seq_file)SEQ_FILE_INIT(out, OUT_MAX);
	shell_capture(&m, "cat /proc/uptime");
	out[min_t(size_t, seq_used(&m), OUT_MAX - 1)] = '\0';
	KTEST_EXPECT_TRUE(test, out[0] >= '0' && out[0] <= '9');
	check.test = test;
	check.out = out;
	check.want = kmalloc(OUT_MAX, GFP_KERNEL);
	if (check.want)
		ramfs_iterate_dir(ramfs_root(), cat_matches_read, &check);
	kfree(check.want);
	kfree(out);
}

static struct ktest_case initramfs_cases[] = {
	KTEST_CASE(good_archive_unpacks),
	KTEST_CASE(nested_dirs_and_concatenated_archives),
	KTEST_CASE(zero_length_file),
	KTEST_CASE(hard_links_share_data),
	KTEST_CASE(data_past_the_end),
	KTEST_CASE(bad_magic),
	KTEST_CASE(bad_hex),
	KTEST_CASE(name_without_nul),
	KTEST_CASE(missing_trailer),
	KTEST_CASE(dotdot_and_missing_parent),
	KTEST_CASE(duplicate_name),
	KTEST_CASE(bad_types_and_sizes),
	KTEST_CASE(out_of_memory_leaves_nothing),
	KTEST_CASE(path_walk),
	KTEST_CASE(boot_root_is_a_directory),
	KTEST_CASE(console_shows_the_root),
	{}
};

static struct ktest_suite initramfs_suite = {
	.name = "initramfs",
	.cases = initramfs_cases,
	.init = initramfs_test_init,
	.exit = initramfs_test_exit,
};
ktest_register_suite(initramfs_suite);
