/* gen_init_cpio: the host tool that turns initramfs list files (usr/initramfs_list, Linux's
 * format) into a "newc" cpio archive on stdout, the format the kernel unpacks at boot. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Every entry's mtime: SOURCE_DATE_EPOCH when set, else 0, never the build's time or the
 * files' own, so the same inputs always give the same archive byte for byte.
 */
static unsigned long mtime;
static unsigned long next_ino = 721;	/* any start will do; Linux's tool starts here too */
static unsigned long offset;		/* bytes written so far, for the padding */
static const char *list_name;
static int lineno;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_init_cpio: %s:%d: ", list_name, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void emit(const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, stdout) != len) {
		perror("gen_init_cpio: stdout");
		exit(1);
	}
	offset += len;
}

/* newc aligns every header and every file's data to 4 bytes; zeroes fill the gap. */
static void pad(unsigned long align)
{
	static const char zeroes[512];

	emit(zeroes, (align - offset % align) % align);
}

/*
 * One entry: the 110-byte header ("070701" and thirteen 8-digit hex fields), the name with its
 * NUL (namesize counts it), padding, the data, padding. Names are stored without the leading
 * '/', as the kernel's unpacker expects them relative to the root.
 */
static void entry(const char *name, unsigned int mode, unsigned int uid, unsigned int gid,
		  unsigned int nlink, const void *data, size_t size, unsigned int rmajor,
		  unsigned int rminor)
{
	/* Fields after the magic: ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
	 * devminor, rdevmajor, rdevminor, namesize, check (0: no checksum in newc). */
	unsigned long field[13] = { next_ino++, mode, uid, gid, nlink, mtime, size, 0, 0,
				    rmajor, rminor, 0, 0 };
	char hdr[110 + 1];

	while (*name == '/')
		name++;
	field[11] = strlen(name) + 1;
	if (size > 0xffffffffUL)
		die("%s: too big for newc's 32-bit size field", name);
	memcpy(hdr, "070701", 6);
	for (int i = 0; i < 13; i++)
		snprintf(hdr + 6 + 8 * i, 9, "%08lX", field[i] & 0xffffffffUL);
	emit(hdr, 110);
	emit(name, strlen(name) + 1);
	pad(4);
	emit(data, size);
	pad(4);
}

/* "${NAME}" in a location becomes the environment's NAME (the Makefile passes BUILD). */
static char *expand(const char *s)
{
	static char out[4096];
	size_t n = 0;

	while (*s) {
		const char *end;

		if (s[0] == '$' && s[1] == '{' && (end = strchr(s, '}'))) {
			char var[256];
			const char *val;

			if ((size_t)(end - s - 2) >= sizeof(var))
				die("variable name too long");
			memcpy(var, s + 2, end - s - 2);
			var[end - s - 2] = '\0';
			if (!(val = getenv(var)))
				die("${%s} is not set", var);
			if (n + strlen(val) >= sizeof(out))
				die("location too long");
			strcpy(out + n, val);
			n += strlen(val);
			s = end + 1;
		} else {
			if (n + 1 >= sizeof(out))
				die("location too long");
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

static void add_file(const char *name, const char *location, unsigned int mode,
		     unsigned int uid, unsigned int gid)
{
	const char *path = expand(location);
	FILE *f = fopen(path, "rb");
	char *data;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: %s", path, strerror(errno));
	data = malloc(size ? size : 1);
	if (!data || fread(data, 1, size, f) != (size_t)size)
		die("%s: cannot read it", path);
	fclose(f);
	entry(name, S_IFREG | mode, uid, gid, 1, data, size, 0, 0);
	free(data);
}

/* One line of the list: "TYPE NAME ..." as Linux's gen_init_cpio documents it. */
static void parse_line(char *line)
{
	char type[16], name[1024], a[1024];
	unsigned int mode, uid, gid, maj, min;
	char dev;
	int extra;

	if (sscanf(line, "%15s", type) != 1 || type[0] == '#')
		return;
	if (!strcmp(type, "dir") &&
	    sscanf(line, "dir %1023s %o %u %u", name, &mode, &uid, &gid) == 4)
		entry(name, S_IFDIR | mode, uid, gid, 2, NULL, 0, 0, 0);
	else if (!strcmp(type, "file") &&
		 sscanf(line, "file %1023s %1023s %o %u %u %n", name, a, &mode, &uid, &gid,
			&extra) == 5 && !line[extra])
		add_file(name, a, mode, uid, gid);
	else if (!strcmp(type, "slink") &&
		 sscanf(line, "slink %1023s %1023s %o %u %u", name, a, &mode, &uid, &gid) == 5)
		entry(name, S_IFLNK | mode, uid, gid, 1, a, strlen(a), 0, 0);
	else if (!strcmp(type, "nod") &&
		 sscanf(line, "nod %1023s %o %u %u %c %u %u", name, &mode, &uid, &gid, &dev, &maj,
			&min) == 7 && (dev == 'c' || dev == 'b'))
		entry(name, (dev == 'c' ? S_IFCHR : S_IFBLK) | mode, uid, gid, 1, NULL, 0, maj, min);
	else if (!strcmp(type, "pipe") &&
		 sscanf(line, "pipe %1023s %o %u %u", name, &mode, &uid, &gid) == 4)
		entry(name, S_IFIFO | mode, uid, gid, 2, NULL, 0, 0, 0);
	else if (!strcmp(type, "sock") &&
		 sscanf(line, "sock %1023s %o %u %u", name, &mode, &uid, &gid) == 4)
		entry(name, S_IFSOCK | mode, uid, gid, 1, NULL, 0, 0, 0);
	else
		die("cannot parse '%s' (hard links in file lines are not supported)", line);
}

int main(int argc, char **argv)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char line[4096];

	if (argc < 2) {
		fprintf(stderr,
			"usage: gen_init_cpio LIST...\n"
			"  writes a newc cpio archive of the entries of the LIST files to stdout:\n"
			"    dir NAME MODE UID GID\n"
			"    file NAME LOCATION MODE UID GID     (${VAR} in LOCATION: environment)\n"
			"    slink NAME TARGET MODE UID GID\n"
			"    nod NAME MODE UID GID c|b MAJOR MINOR\n"
			"    pipe NAME MODE UID GID\n"
			"    sock NAME MODE UID GID\n"
			"  every mtime is $SOURCE_DATE_EPOCH, or 0 without it\n");
		return 2;
	}
	if (epoch)
		mtime = strtoul(epoch, NULL, 10);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		list_name = argv[i];
		lineno = 0;
		if (!f)
			die("%s", strerror(errno));
		while (fgets(line, sizeof(line), f)) {
			lineno++;
			line[strcspn(line, "\n")] = '\0';
			parse_line(line);
		}
		fclose(f);
	}
	/* The end marker, then zeroes to a whole 512-byte block, as cpio archives end. */
	next_ino = 0;
	entry("TRAILER!!!", 0, 0, 0, 1, NULL, 0, 0, 0);
	pad(512);
	return fflush(stdout) ? 1 : 0;
}
