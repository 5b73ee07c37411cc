/* QEMU's fw_cfg device: the test runner passes each matrix row's options in the file
 * "opt/spindle/cmdline" (-fw_cfg), so one ISO serves every row. On a real PC the signature
 * check fails and nothing is read. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <asm/fw_cfg.h>

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_FILE_DIR		0x0019

static void fw_cfg_read(void *buf, size_t n)
{
	u8 *p = buf;

	while (n--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static u32 be32(u32 v) { return __builtin_bswap32(v); }
static u16 be16(u16 v) { return __builtin_bswap16(v); }

/**
 * fw_cfg_read_file - read a named file of QEMU's fw_cfg device
 * @name: the file's name, e.g. "opt/spindle/cmdline"
 * @buf: where to store its contents, NUL-terminated
 * @size: the size of @buf, at least 1; a longer file is cut to @size - 1 bytes
 *
 * Uses the legacy I/O-port interface. On a machine without fw_cfg the signature check fails
 * and nothing is read.
 *
 * Linux 6.1: drivers/firmware/qemu_fw_cfg.c exposes the files in sysfs, with DMA and MMIO
 * access too.
 *
 * Context: boot, one caller at a time (the selector and data ports are not locked).
 * Return: the number of bytes stored (without the NUL), or -1 if there is no fw_cfg device or
 * no such file.
 */
int fw_cfg_read_file(const char *name, char *buf, size_t size)
{
	char sig[4];
	u32 count;

	outw(FW_CFG_SIGNATURE, FW_CFG_PORT_SEL);
	fw_cfg_read(sig, sizeof(sig));
	if (memcmp(sig, "QEMU", 4))
		return -1;
	outw(FW_CFG_FILE_DIR, FW_CFG_PORT_SEL);
	fw_cfg_read(&count, sizeof(count));
	for (u32 i = 0; i < be32(count); i++) {
		struct {
			u32 size;
			u16 select;
			u16 reserved;
			char name[56];
		} f;

		fw_cfg_read(&f, sizeof(f));
		if (strncmp(f.name, name, sizeof(f.name)))
			continue;
		size_t n = min((size_t)be32(f.size), size - 1);

		outw(be16(f.select), FW_CFG_PORT_SEL);
		fw_cfg_read(buf, n);
		buf[n] = '\0';
		return (int)n;
	}
	return -1;
}
