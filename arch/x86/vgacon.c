/* The VGA text console: the text grid written as character/attribute pairs into the colour text
 * buffer, and the blinking hardware cursor moved once per write through the CRT controller. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <asm/io.h>
#include <asm/vgacon.h>

#define VGA_CRTC_INDEX		0x3d4
#define VGA_CRTC_DATA		0x3d5
#define VGA_CRTC_CURSOR_START	0x0a
#define VGA_CRTC_CURSOR_END	0x0b
#define VGA_CRTC_CURSOR_HI	0x0e
#define VGA_CRTC_CURSOR_LO	0x0f
#define VGA_CURSOR_DISABLE	0x20

static inline u16 vga_cell(u8 c)
{
	return VGA_ATTR_DEFAULT << 8 | c;
}

/**
 * vgacon_check - is a text buffer of this geometry usable?
 * @cols: columns, 1-255
 * @rows: rows, 1-255
 * @pitch: bytes from one row to the next (two per cell, even)
 *
 * Context: any; pure. Return: NULL if usable, else a phrase saying why not.
 */
const char *vgacon_check(unsigned int cols, unsigned int rows, unsigned int pitch)
{
	if (!cols || !rows || cols > 255 || rows > 255)
		return "text size out of range";
	if (pitch < cols * 2)
		return "pitch smaller than a row of cells";
	if (pitch % 2)
		return "odd pitch";
	if ((unsigned long)pitch * rows > VGA_TEXT_SIZE)
		return "larger than the VGA text buffer";
	return NULL;
}

static void vgacon_draw(struct vc_data *vc, unsigned int row, unsigned int from, unsigned int to)
{
	struct vgacon *vga = container_of(vc, struct vgacon, vc);
	const u8 *chars = vc->vc_screenbuf + row * vc->vc_cols;
	volatile u16 *dst = vga->base + row * (vga->pitch / 2);

	for (unsigned int col = from; col <= to; col++)
		writew(vga_cell(chars[col]), dst + col);
}

/**
 * vgacon_cursor_offset - the CRTC cursor location of the grid's cursor
 * @vga: the console
 *
 * Context: any. Return: the cursor cell, in cells from the start of the text buffer.
 */
unsigned int vgacon_cursor_offset(const struct vgacon *vga)
{
	return vga->vc.vc_y * (vga->pitch / 2) + vga->vc.vc_x;
}

static void crtc_write(u8 index, u8 value)
{
	outb(index, VGA_CRTC_INDEX);
	outb(value, VGA_CRTC_DATA);
}

static u8 crtc_read(u8 index)
{
	outb(index, VGA_CRTC_INDEX);
	return inb(VGA_CRTC_DATA);
}

static void vgacon_set_cursor(struct vgacon *vga)
{
	unsigned int pos = vgacon_cursor_offset(vga);

	crtc_write(VGA_CRTC_CURSOR_HI, pos >> 8);
	crtc_write(VGA_CRTC_CURSOR_LO, pos & 0xff);
}

/* An underline cursor on the last two scanlines of a 16-line cell, whatever GRUB left. */
static void vgacon_show_cursor(void)
{
	crtc_write(VGA_CRTC_CURSOR_START, (crtc_read(VGA_CRTC_CURSOR_START) & 0xc0) | 14);
	crtc_write(VGA_CRTC_CURSOR_END, (crtc_read(VGA_CRTC_CURSOR_END) & 0xe0) | 15);
}

/**
 * vgacon_setup - make a text console of a mapped VGA-style text buffer
 * @vga: the console to set up
 * @base: the mapped text buffer
 * @cols: columns
 * @rows: rows
 * @pitch: bytes per row
 * @hw_cursor: drive the CRT controller's cursor (only for the real VGA at 0xb8000)
 *
 * Allocates the text grid, blanks the buffer and, with @hw_cursor, shows an underline cursor
 * at the grid's cursor, whatever the loader left.
 *
 * Linux 6.1: vgacon_startup() takes over the screen with its contents; here it starts blank.
 *
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: 0, -EINVAL for a NULL @base or a bad geometry, -ENOMEM.
 */
int vgacon_setup(struct vgacon *vga, volatile void *base, unsigned int cols, unsigned int rows,
		 unsigned int pitch, bool hw_cursor)
{
	int ret;

	if (!base || vgacon_check(cols, rows, pitch))
		return -EINVAL;
	ret = vc_allocate(&vga->vc, cols, rows);
	if (ret)
		return ret;
	vga->base = base;
	vga->pitch = pitch;
	vga->hw_cursor = hw_cursor;
	for (unsigned int row = 0; row < rows; row++)
		for (unsigned int col = 0; col < cols; col++)
			writew(vga_cell(' '), vga->base + row * (pitch / 2) + col);
	if (hw_cursor) {
		vgacon_show_cursor();
		vgacon_set_cursor(vga);
	}
	return 0;
}

/**
 * vgacon_putcs - write text to the VGA text console
 * @vga: the console
 * @s: the text (not NUL-terminated)
 * @n: its length
 *
 * Applies the text to the grid, writes the changed cells, then moves the hardware cursor once.
 *
 * Context: the console's write(), called by printk under logbuf_lock with interrupts off;
 * never sleeps. Callers must serialise (the CRTC index/data pair is not atomic).
 * Return: nothing.
 */
void vgacon_putcs(struct vgacon *vga, const char *s, size_t n)
{
	vc_write(&vga->vc, s, n);
	vc_redraw(&vga->vc, vgacon_draw);
	if (vga->hw_cursor)
		vgacon_set_cursor(vga);
}

/**
 * vgacon_release - free a VGA text console's grid
 * @vga: the console, no longer registered
 *
 * Context: process context. Return: nothing.
 */
void vgacon_release(struct vgacon *vga)
{
	vc_deallocate(&vga->vc);
}
