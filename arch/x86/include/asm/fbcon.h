/* The framebuffer console: text drawn with an 8x16 bitmap font into a linear RGB framebuffer of
 * 24 or 32 bits per pixel. The drawing works on any memory described by struct fb_info, so the
 * self-tests render into a buffer in RAM exactly as the console renders into video memory. */
#ifndef _ASM_FBCON_H
#define _ASM_FBCON_H

#include <linux/types.h>
#include <linux/printk.h>
#include <linux/console.h>

#define FONT_WIDTH	8
#define FONT_HEIGHT	16
#define FONT_GLYPHS	128
/* font_8x16[c][row]: the glyph of ASCII c, one byte per pixel row, the leftmost pixel in bit 7. */
extern const u8 font_8x16[FONT_GLYPHS][FONT_HEIGHT];

/* Where one colour channel sits in a pixel (Linux's fb_bitfield). */
struct fb_bitfield {
	u8 offset;
	u8 length;
};

/* The memory a console draws into and its pixel layout, in Linux's fb_info/fb_var words. */
struct fb_info {
	u8 *screen_base;
	u32 line_length;		/* bytes from one scanline to the next: the pitch */
	u32 xres, yres;			/* visible pixels */
	u8 bits_per_pixel;
	struct fb_bitfield red, green, blue;
};

#define FBCON_MAX_BYTES_PP	4

struct fbcon {
	struct vc_data vc;
	struct fb_info fb;
	unsigned int bytes_pp;
	/* A glyph row (8 pixels) as ready pixels: bytes_pp u64 words per possible byte. */
	u64 expand[256][FBCON_MAX_BYTES_PP];
	struct console con;
};

/* NULL when the console can draw into fb, or the reason it cannot. */
const char *fb_check_var(const struct fb_info *fb);
/* The pixel value for an 8-bit-per-channel colour in fb's layout. */
u32 fb_pack_colour(const struct fb_info *fb, u8 r, u8 g, u8 b);

/* Check fb, allocate the text grid and clear the visible pixels; 0 or -EINVAL / -ENOMEM. */
int fbcon_setup(struct fbcon *fc, const struct fb_info *fb);
void fbcon_putcs(struct fbcon *fc, const char *s, size_t n);
void fbcon_release(struct fbcon *fc);

#endif
