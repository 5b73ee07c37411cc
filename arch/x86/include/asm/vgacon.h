/* The VGA text console: character/attribute pairs in the text buffer GRUB or the BIOS left at
 * 0xb8000, and the hardware cursor moved through the CRT controller. */
#ifndef _ASM_VGACON_H
#define _ASM_VGACON_H

#include <linux/types.h>
#include <linux/printk.h>
#include <linux/console.h>

#define VGA_TEXT_BASE		0xb8000UL
#define VGA_TEXT_SIZE		0x8000UL	/* 0xb8000-0xbffff */
#define VGA_ATTR_DEFAULT	0x07		/* light grey on black */

struct vgacon {
	struct vc_data vc;
	volatile u16 *base;
	unsigned int pitch;		/* bytes from one text row to the next */
	bool hw_cursor;			/* false for a buffer in RAM: leave the CRTC alone */
	struct console con;
};

/* NULL when a cols x rows text buffer with this pitch is usable, or the reason it is not. */
const char *vgacon_check(unsigned int cols, unsigned int rows, unsigned int pitch);
int vgacon_setup(struct vgacon *vga, volatile void *base, unsigned int cols, unsigned int rows,
		 unsigned int pitch, bool hw_cursor);
void vgacon_putcs(struct vgacon *vga, const char *s, size_t n);
/* The CRTC cursor location (in cells from the buffer start) for the cursor cell. */
unsigned int vgacon_cursor_offset(const struct vgacon *vga);
void vgacon_release(struct vgacon *vga);

#endif
