/* Linux 6.1: init/initramfs.c (Spindle's top level has no init/).
 * Unpacks the newc cpio archive that GRUB loaded as the "initramfs" module into the in-memory
 * root (fs/ramfs/inode.c), with Linux's state machine, and gives the module's pages back. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/initrd.h>
#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/ramfs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/bootparam.h>
#include <asm/sections.h>

#define CPIO_HEADER_SIZE	110	/* "070701" and 13 fields of 8 hex digits */
/* Bytes from the end of the header to the data: the name, its NUL and the padding that puts
 * the data on a 4-byte boundary (the header is 110 = 2 mod 4 bytes). */
#define N_ALIGN(len)		((((len) + 1) & ~3) + 2)

/* Linux 6.1: Collect gathers a header cut across a decompressor's output buffers; a wholly
 * in-memory, uncompressed archive never needs it, and Done ends the loop instead of the
 * "need more input" return. */
enum state {
	Start,
	GotHeader,
	SkipIt,
	GotName,
	CopyFile,
	GotSymlink,
	Reset,
	Done,
};

/* Linux 6.1 keeps this in __initdata globals; a struct lets the tests unpack archives of their
 * own at any time, each into its own tree. */
struct cpio_state {
	const char *buf;
	unsigned long len;
	unsigned long this_header, next_header;	/* offsets in buf */
	enum state state;
	bool failed;
	int err;				/* -EINVAL, or -ENOMEM */
	struct unpack_result *res;
	struct inode *root;
	char *path_buf;				/* PATH_MAX: a name's parent directory */
	/* The header being handled. */
	bool csum_present;
	unsigned long ino, major, minor, nlink, body_len, name_len;
	umode_t mode;
	u32 uid, gid, hdr_csum;
	dev_t rdev;
	time64_t mtime;
	const char *collected;			/* the name */
	const char *body;			/* the data after it */
	struct inode *wfile;			/* the file or symlink do_name() made */
	struct list_head links;			/* struct hardlink: names of nlink > 1 files */
};

/*
 * A name of a regular file whose header says nlink > 1. gen_init_cpio gives the data to the
 * last name of such a set only, so each name is remembered until the end of the archive.
 * Linux 6.1: find_link() hashes them and makes real hard links; Spindle's inode is its name,
 * so each name gets its own copy of the data.
 */
struct hardlink {
	struct list_head list;
	unsigned long ino, major, minor;	/* what names the same file */
	struct inode *inode;
};

/* The first error wins, as Linux's error(): the message names the header's offset. */
static __printf(2, 3) void error(struct cpio_state *s, const char *fmt, ...)
{
	int n;
	va_list args;

	if (s->failed)
		return;
	s->failed = true;
	s->err = -EINVAL;
	n = snprintf(s->res->message, sizeof(s->res->message), "offset %#lx: ", s->this_header);
	va_start(args, fmt);
	vsnprintf(s->res->message + n, sizeof(s->res->message) - n, fmt, args);
	va_end(args);
}

/* Linux 6.1: simple_strtoul() takes whatever hex digits are there; a field that is not eight
 * of them is reported instead. */
static bool parse_header(struct cpio_state *s, const char *h)
{
	static const char *const names[13] = {
		"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor",
		"devminor", "rdevmajor", "rdevminor", "namesize", "check",
	};
	unsigned long parsed[13];

	for (int i = 0; i < 13; i++) {
		const char *f = h + 6 + 8 * i;
		unsigned long v = 0;

		for (int j = 0; j < 8; j++) {
			char c = f[j];

			if (c >= '0' && c <= '9')
				v = v * 16 + c - '0';
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				v = v * 16 + (c | 0x20) - 'a' + 10;
			else {
				error(s, "bad hex digit %#x in the %s field", (u8)c, names[i]);
				return false;
			}
		}
		parsed[i] = v;
	}
	s->ino = parsed[0];
	s->major = parsed[7];
	s->minor = parsed[8];
	s->mode = parsed[1];
	s->uid = parsed[2];
	s->gid = parsed[3];
	s->nlink = parsed[4];
	s->mtime = parsed[5];
	s->body_len = parsed[6];
	/* Linux's new_encode_dev() packing of the device number. */
	s->rdev = (parsed[10] & 0xff) | (parsed[9] << 8) | ((parsed[10] & ~0xffUL) << 12);
	s->name_len = parsed[11];
	s->hdr_csum = parsed[12];
	if (parsed[1] & ~(unsigned long)(S_IFMT | 07777)) {
		error(s, "bad mode %#lx", parsed[1]);
		return false;
	}
	return true;
}

static void do_start(struct cpio_state *s)
{
	if (s->len - s->this_header < CPIO_HEADER_SIZE) {
		error(s, "header cut short (%lu bytes left, TRAILER!!! missing)",
		      s->len - s->this_header);
		return;
	}
	s->state = GotHeader;
}

static void do_header(struct cpio_state *s)
{
	const char *h = s->buf + s->this_header;
	unsigned long data;

	if (!memcmp(h, "070701", 6)) {
		s->csum_present = false;
	} else if (!memcmp(h, "070702", 6)) {
		s->csum_present = true;
	} else {
		if (!memcmp(h, "070707", 6))
			error(s, "incorrect cpio method used: use -H newc option");
		else
			error(s, "no cpio magic");
		return;
	}
	if (!parse_header(s, h))
		return;
	if (!s->name_len || s->name_len > PATH_MAX) {
		error(s, "bad name length %lu", s->name_len);
		return;
	}
	data = s->this_header + CPIO_HEADER_SIZE + N_ALIGN(s->name_len);
	if (s->this_header + CPIO_HEADER_SIZE + s->name_len > s->len) {
		error(s, "name runs past the end of the archive");
		return;
	}
	if (data > s->len || s->body_len > s->len - data) {
		error(s, "%lu bytes of data run past the end of the archive", s->body_len);
		return;
	}
	s->collected = h + CPIO_HEADER_SIZE;
	s->body = s->buf + data;
	s->next_header = min(ALIGN(data + s->body_len, 4), s->len);
	s->state = GotName;
}

static void do_skip(struct cpio_state *s)
{
	s->this_header = s->next_header;
	s->state = Start;
}

/* After TRAILER!!!: zero padding, then the end or another archive (Linux accepts several). */
static void do_reset(struct cpio_state *s)
{
	s->this_header = s->next_header;
	while (s->this_header < s->len && !s->buf[s->this_header])
		s->this_header++;
	if (s->this_header == s->len)
		s->state = Done;
	else if (s->this_header & 3)
		error(s, "broken padding");
	else
		s->state = Start;
}

/* Mode, owner and mtime of the archive entry onto @inode. */
static void set_attrs(struct cpio_state *s, struct inode *inode)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (s->mode & ~S_IFMT);
	inode->i_uid = s->uid;
	inode->i_gid = s->gid;
	inode->i_mtime = s->mtime;
}

/* The entry's directory: @name up to its last component, which is returned in @last. */
static struct inode *find_parent(struct cpio_state *s, const char *name, const char **last,
				 size_t *last_len)
{
	size_t len = strlen(name), plen;
	struct inode *dir;

	while (len && name[len - 1] == '/')
		len--;
	plen = len;
	while (plen && name[plen - 1] != '/')
		plen--;
	*last = name + plen;
	*last_len = len - plen;
	if (!plen)
		return s->root;
	memcpy(s->path_buf, name, plen);
	s->path_buf[plen] = '\0';
	dir = ramfs_walk(s->root, s->path_buf, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(dir))
		error(s, "'%s': parent directory: %s", name,
		      PTR_ERR(dir) == -ENOENT ? "missing" :
		      PTR_ERR(dir) == -ENOTDIR ? "not a directory" : "cannot be resolved");
	return dir;
}

/* Any ".." component is refused: an archive may not reach outside where it is unpacked. */
static bool has_dotdot(const char *name)
{
	for (const char *p = name; *p; p += strcspn(p, "/")) {
		p += strspn(p, "/");
		if (p[0] == '.' && p[1] == '.' && (!p[2] || p[2] == '/'))
			return true;
	}
	return false;
}

/* Remember @inode as a name of a multiply linked file (see struct hardlink). */
static void maybe_link(struct cpio_state *s, struct inode *inode)
{
	struct hardlink *h = kmalloc(sizeof(*h), GFP_KERNEL);

	if (!h) {
		error(s, "'%s': out of memory", s->collected);
		s->err = -ENOMEM;
		return;
	}
	h->ino = s->ino;
	h->major = s->major;
	h->minor = s->minor;
	h->inode = inode;
	inode->i_nlink = s->nlink;
	list_add_tail(&h->list, &s->links);
}

static void free_hash(struct cpio_state *s)
{
	struct hardlink *h, *tmp;

	list_for_each_entry_safe(h, tmp, &s->links, list) {
		list_del(&h->list);
		kfree(h);
	}
}

static bool copy_data(struct cpio_state *s, struct inode *inode, const void *data, loff_t size)
{
	inode->i_private = vmalloc(size);
	if (!inode->i_private) {
		error(s, "'%s': out of memory for %lld bytes", s->collected, (long long)size);
		s->err = -ENOMEM;
		return false;
	}
	memcpy(inode->i_private, data, size);
	inode->i_size = size;
	return true;
}

/* The data of a multiply linked file reaches all its names so far, whichever carried it. */
static void share_link_data(struct cpio_state *s, struct inode *inode)
{
	struct hardlink *h;

	list_for_each_entry(h, &s->links, list) {
		if (h->ino != s->ino || h->major != s->major || h->minor != s->minor ||
		    h->inode == inode)
			continue;
		if (inode->i_size && !h->inode->i_size) {
			if (!copy_data(s, h->inode, inode->i_private, inode->i_size))
				return;
		} else if (!inode->i_size && h->inode->i_size) {
			copy_data(s, inode, h->inode->i_private, h->inode->i_size);
			return;
		}
	}
}

static void do_name(struct cpio_state *s)
{
	const char *name = s->collected, *last;
	umode_t type = s->mode & S_IFMT;
	struct inode *dir, *inode;
	size_t last_len;

	s->state = SkipIt;
	if (name[s->name_len - 1] != '\0' || strlen(name) != s->name_len - 1) {
		error(s, "name of %lu bytes without its NUL at the end", s->name_len);
		return;
	}
	if (!strcmp(name, "TRAILER!!!")) {
		free_hash(s);
		s->state = Reset;
		return;
	}
	if (has_dotdot(name)) {
		error(s, "'%s': a path with '..'", name);
		return;
	}
	if (type != S_IFREG && type != S_IFLNK && s->body_len) {
		error(s, "'%s': %lu bytes of data for a file that is not regular", name,
		      s->body_len);
		return;
	}
	dir = find_parent(s, name, &last, &last_len);
	if (IS_ERR(dir))
		return;
	/* "/", "." and "dir/." name a directory that is there already: an archive made by
	 * "find . | cpio" starts with ".", which gives the root its attributes. */
	if (!last_len || (last_len == 1 && last[0] == '.')) {
		if (type != S_IFDIR) {
			error(s, "'%s': names a directory but is not one", name);
			return;
		}
		set_attrs(s, dir);
		return;
	}
	memcpy(s->path_buf, last, last_len);
	s->path_buf[last_len] = '\0';
	inode = ramfs_walk(dir, s->path_buf, 0);
	if (!IS_ERR(inode)) {
		/* Linux 6.1: mkdir fails with EEXIST and the attributes are set again, so a
		 * directory may come twice; another duplicate replaces the old entry there
		 * (clean_path()), but is refused here: the tree is never changed, only added to. */
		if (type == S_IFDIR && S_ISDIR(inode->i_mode)) {
			set_attrs(s, inode);
			return;
		}
		error(s, "'%s': duplicate entry", name);
		return;
	}
	if (type != S_IFREG && type != S_IFDIR && type != S_IFLNK && type != S_IFCHR &&
	    type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK) {
		error(s, "'%s': unknown file type %#o", name, type);
		return;
	}
	inode = ramfs_mknod(dir, last, last_len, s->mode, type == S_IFCHR || type == S_IFBLK ?
			    s->rdev : 0);
	if (IS_ERR(inode)) {
		error(s, "'%s': cannot be created (%s)", name,
		      PTR_ERR(inode) == -ENOMEM ? "out of memory" : "bad name");
		if (PTR_ERR(inode) == -ENOMEM)
			s->err = -ENOMEM;
		return;
	}
	set_attrs(s, inode);
	s->wfile = inode;
	if (type == S_IFREG) {
		s->res->files++;
		s->state = CopyFile;
		if (s->nlink > 1)
			maybe_link(s, inode);
	} else if (type == S_IFLNK) {
		s->res->others++;
		s->state = GotSymlink;
	} else if (type == S_IFDIR) {
		s->res->dirs++;
	} else {
		s->res->others++;
	}
}

/* Linux 6.1 writes through a struct file into the page cache; the data is copied into one
 * vmalloc'd buffer the inode keeps. */
static void do_copy(struct cpio_state *s)
{
	struct inode *inode = s->wfile;

	s->state = SkipIt;
	if (s->csum_present) {
		u32 csum = 0;

		for (unsigned long i = 0; i < s->body_len; i++)
			csum += (u8)s->body[i];
		if (csum != s->hdr_csum) {
			error(s, "'%s': bad data checksum", s->collected);
			return;
		}
	}
	if (s->body_len && !copy_data(s, inode, s->body, s->body_len))
		return;
	s->res->bytes += s->body_len;
	if (s->nlink > 1)
		share_link_data(s, inode);
}

/* gen_init_cpio stores a target with its NUL (Linux 6.1 reads it as a C string): NULs may end
 * the data, anything after the first one is refused. */
static void do_symlink(struct cpio_state *s)
{
	struct inode *inode = s->wfile;
	size_t len = strnlen(s->body, s->body_len), nuls = len;
	char *target;

	s->state = SkipIt;
	while (nuls < s->body_len && !s->body[nuls])
		nuls++;
	if (!len || len >= PATH_MAX || nuls != s->body_len) {
		error(s, "'%s': bad symlink target of %lu bytes", s->collected, s->body_len);
		return;
	}
	target = kmalloc(len + 1, GFP_KERNEL);
	if (!target) {
		error(s, "'%s': out of memory", s->collected);
		s->err = -ENOMEM;
		return;
	}
	memcpy(target, s->body, len);
	target[len] = '\0';
	inode->i_private = target;
	inode->i_size = len;
}

static void (*const actions[])(struct cpio_state *) = {
	[Start]		= do_start,
	[GotHeader]	= do_header,
	[SkipIt]	= do_skip,
	[GotName]	= do_name,
	[CopyFile]	= do_copy,
	[GotSymlink]	= do_symlink,
	[Reset]		= do_reset,
};

/**
 * unpack_to_rootfs - unpack a newc cpio archive into a new tree
 * @buf: the archive: one or more newc archives, each ending in TRAILER!!!, with zero padding
 *       between and after them
 * @len: its bytes
 * @res: counts of what was made; on failure the reason, naming the offset of the entry's header
 *
 * Every header, field, name and size is checked against @len; a directory listed twice takes
 * the later attributes, any other duplicate, a ".." component, a missing parent, data past the
 * end or a missing TRAILER!!! fails the whole archive. The names of a hard-linked file
 * (nlink > 1, same ino) each get a copy of the data whichever of them carried it.
 *
 * Linux 6.1: returns an error message and keeps what was unpacked before it; here a failed
 * archive leaves nothing behind, and compressed archives are refused (no decompressors).
 *
 * Context: process context, may sleep. Return: the tree's root, to be handed to
 * ramfs_graft_root() or ramfs_evict_tree(); ERR_PTR(-EINVAL) for a malformed archive,
 * ERR_PTR(-ENOMEM) when memory ran out.
 */
struct inode *unpack_to_rootfs(const char *buf, unsigned long len, struct unpack_result *res)
{
	struct cpio_state s = { .buf = buf, .len = len, .state = Start, .res = res,
				.links = LIST_HEAD_INIT(s.links) };

	memset(res, 0, sizeof(*res));
	s.root = ramfs_new_root(0755);
	if (IS_ERR(s.root))
		goto nomem;
	s.path_buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!s.path_buf) {
		ramfs_evict_tree(s.root);
		goto nomem;
	}
	if (len >= 2 && (u8)buf[0] == 0x1f && ((u8)buf[1] == 0x8b || (u8)buf[1] == 0x9e))
		error(&s, "compression method gzip not configured");
	else if (!len)
		error(&s, "empty archive");
	while (!s.failed && s.state != Done)
		actions[s.state](&s);
	free_hash(&s);
	kfree(s.path_buf);
	if (!s.failed)
		return s.root;
	ramfs_evict_tree(s.root);
	return ERR_PTR(s.err);
nomem:
	strscpy(res->message, "out of memory", sizeof(res->message));
	return ERR_PTR(-ENOMEM);
}

/* What else the boot keeps reserved in [start, end), or NULL when the pages are the module's
 * alone. */
static const char *initrd_pages_shared(const struct boot_module *m, phys_addr_t start,
				       phys_addr_t end)
{
	phys_addr_t kstart = (unsigned long)__phys_start;
	phys_addr_t kend = (unsigned long)_end - __START_KERNEL_map;

	if (start < SZ_1M)
		return "the first MiB";
	if (start < kend && kstart < end)
		return "the kernel image";
	if (start < boot_params.mbi_end && boot_params.mbi_start < end)
		return "the multiboot2 info";
	for (int i = 0; i < boot_params.nr_modules; i++) {
		const struct boot_module *o = &boot_params.modules[i];

		if (o != m && start < o->end && o->start < end)
			return "another module";
	}
	return NULL;
}

/*
 * Linux 6.1: free_initrd_mem() frees the initrd's pages unless retain_initrd was given. Only
 * the pages wholly inside the module go back: e820__memblock_setup() reserved its partial
 * edge pages too, and they may hold the neighbouring module or the multiboot2 info. None go
 * back when the module shares them with memory that stays reserved: GRUB on UEFI puts a small
 * module below 1 MiB, which Spindle keeps whole (BIOS data, the AP trampoline).
 */
static void free_initrd_mem(const struct boot_module *m)
{
	phys_addr_t start = PAGE_ALIGN(m->start), end = ALIGN_DOWN(m->end, PAGE_SIZE);
	const char *shared;

	if (end <= start)
		return;
	shared = initrd_pages_shared(m, start, end);
	if (shared) {
		pr_info("initramfs: module [%#x-%#x) shares pages with %s, which stays reserved; "
			"its memory is kept\n", m->start, m->end, shared);
		return;
	}
	free_reserved_area(__va(start), __va(end), POISON_FREE_INITMEM, "initrd");
}

/* The module named "initramfs", else the first whose bytes start with the newc magic. */
static const struct boot_module *find_initramfs_module(void)
{
	for (int i = 0; i < boot_params.nr_modules; i++)
		if (!strcmp(boot_params.modules[i].cmdline, "initramfs"))
			return &boot_params.modules[i];
	for (int i = 0; i < boot_params.nr_modules; i++) {
		const struct boot_module *m = &boot_params.modules[i];

		if (m->end > m->start && m->end - m->start >= 6 && PFN_UP(m->end) <= max_pfn &&
		    (!memcmp(__va(m->start), "070701", 6) || !memcmp(__va(m->start), "070702", 6)))
			return m;
	}
	return NULL;
}

/**
 * populate_rootfs - unpack the boot loader's initramfs module into "/"
 *
 * Without a module it says nothing and "/" stays an empty directory, as Linux's rootfs. A
 * corrupt archive is reported with Linux's "Initramfs unpacking failed" and the offset, and
 * leaves "/" empty. Either way the module's pages then go back to the page allocator: nothing
 * reads them afterwards (boot_params.modules[] still describes them, for the record only).
 *
 * Linux 6.1: a rootfs_initcall, run asynchronously; Spindle calls it from kernel_init() before
 * the self-tests.
 *
 * Context: kernel_init, process context, may sleep; once, before anything reads the root.
 * Return: nothing.
 */
void populate_rootfs(void)
{
	const struct boot_module *m = find_initramfs_module();
	struct unpack_result res;
	struct inode *tree;

	if (!m)
		return;
	pr_info("Trying to unpack rootfs image as initramfs...\n");
	if (m->end <= m->start || PFN_UP(m->end) > max_pfn) {
		pr_err("Initramfs unpacking failed: module [%#x-%#x) is empty or not in RAM\n",
		       m->start, m->end);
		return;
	}
	tree = unpack_to_rootfs(__va(m->start), m->end - m->start, &res);
	if (IS_ERR(tree)) {
		pr_err("Initramfs unpacking failed: %s\n", res.message);
	} else if (ramfs_graft_root(tree)) {
		pr_err("Initramfs unpacking failed: the root is already populated\n");
		ramfs_evict_tree(tree);
	} else {
		pr_info("initramfs: %u files, %u dirs, %u symlinks/nodes, %lu bytes\n", res.files,
			res.dirs, res.others, res.bytes);
	}
	free_initrd_mem(m);
}
