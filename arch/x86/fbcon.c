/* The framebuffer console: the text grid drawn with font_8x16 into a linear RGB framebuffer.
 * Video memory is only ever written, never read (reads from write-combined memory are slow on
 * real hardware): the grid remembers what is shown, so only changed cells are drawn, each
 * scanline of them written in address order from a table of ready-made pixel patterns. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <asm/fbcon.h>

#define FBCON_FG	0xaa	/* light grey, as VGA attribute 0x07 */
#define FBCON_BG	0x00

static const char *check_bitfield(const struct fb_bitfield *bf, unsigned int bpp)
{
	if (!bf->length || bf->length > 8)
		return "colour channel size not 1-8 bits";
	if (bf->offset + bf->length > bpp)
		return "colour channel outside the pixel";
	return NULL;
}

/**
 * fb_check_var - can the framebuffer console draw into this framebuffer?
 * @fb: the framebuffer's geometry and pixel layout
 *
 * Needs 24 or 32 bits per pixel, room for at least one character, a pitch of at least one row
 * of pixels, and each colour channel 1 to 8 bits wide inside the pixel.
 *
 * Linux 6.1: fb_ops.fb_check_var() adjusts a requested mode and returns an errno; here the
 * mode is the loader's and only checked.
 *
 * Context: any; pure. Return: NULL if usable, else a phrase saying why not.
 */
const char *fb_check_var(const struct fb_info *fb)
{
	const char *why;

	if (fb->bits_per_pixel != 24 && fb->bits_per_pixel != 32)
		return "only 24 and 32 bits per pixel are supported";
	if (fb->xres < FONT_WIDTH || fb->yres < FONT_HEIGHT)
		return "smaller than one character";
	if (fb->line_length < (u64)fb->xres * (fb->bits_per_pixel / 8))
		return "pitch smaller than a row of pixels";
	why = check_bitfield(&fb->red, fb->bits_per_pixel);
	if (!why)
		why = check_bitfield(&fb->green, fb->bits_per_pixel);
	if (!why)
		why = check_bitfield(&fb->blue, fb->bits_per_pixel);
	return why;
}

/* Scale an 8-bit channel value to the channel's size, rounding to nearest. */
static u32 pack_channel(const struct fb_bitfield *bf, u8 v)
{
	u32 max = (1u << bf->length) - 1;

	return ((v * max + 127) / 255) << bf->offset;
}

/**
 * fb_pack_colour - the pixel value of a colour in a framebuffer's layout
 * @fb: the framebuffer (its channel offsets and sizes)
 * @r: red, 0-255
 * @g: green, 0-255
 * @b: blue, 0-255
 *
 * Each channel is scaled to its size, rounding to nearest.
 *
 * Context: any; pure. Return: the pixel value.
 */
u32 fb_pack_colour(const struct fb_info *fb, u8 r, u8 g, u8 b)
{
	return pack_channel(&fb->red, r) | pack_channel(&fb->green, g) |
	       pack_channel(&fb->blue, b);
}

/* For every byte a glyph row can be, its 8 pixels in memory order (little-endian pixels). */
static void build_expand_table(struct fbcon *fc)
{
	u32 fg = fb_pack_colour(&fc->fb, FBCON_FG, FBCON_FG, FBCON_FG);
	u32 bg = fb_pack_colour(&fc->fb, FBCON_BG, FBCON_BG, FBCON_BG);

	for (unsigned int bits = 0; bits < 256; bits++) {
		u8 *out = (u8 *)fc->expand[bits];

		for (unsigned int px = 0; px < FONT_WIDTH; px++) {
			u32 v = bits & (0x80 >> px) ? fg : bg;

			for (unsigned int i = 0; i < fc->bytes_pp; i++)
				*out++ = v >> (8 * i);
		}
	}
}

/* Columns from..to of text row 'row', scanline by scanline: each scanline of the run is one
 * stream of 64-bit stores in address order, which write-combining merges into full bursts. */
static void fbcon_draw(struct vc_data *vc, unsigned int row, unsigned int from, unsigned int to)
{
	struct fbcon *fc = container_of(vc, struct fbcon, vc);
	const u8 *chars = vc->vc_screenbuf + row * vc->vc_cols;
	unsigned int words = fc->bytes_pp;	/* 8 pixels of bytes_pp bytes = bytes_pp u64s */
	u8 *line = fc->fb.screen_base + (size_t)row * FONT_HEIGHT * fc->fb.line_length +
		   from * FONT_WIDTH * fc->bytes_pp;

	for (unsigned int y = 0; y < FONT_HEIGHT; y++, line += fc->fb.line_length) {
		volatile u64 *dst = (volatile u64 *)line;

		for (unsigned int col = from; col <= to; col++) {
			const u64 *px = fc->expand[font_8x16[chars[col]][y]];

			for (unsigned int w = 0; w < words; w++)
				*dst++ = px[w];
		}
	}
}

/* Every visible pixel to the background, including the strip right of and below the last
 * whole cell; the bytes of each scanline past xres (the pitch's padding) are left alone. */
static void fbcon_clear(struct fbcon *fc)
{
	const u64 *bg = fc->expand[0];
	const u8 *bg_bytes = (const u8 *)bg;
	unsigned int groups = fc->fb.xres / FONT_WIDTH;
	unsigned int tail = fc->fb.xres % FONT_WIDTH * fc->bytes_pp;
	u8 *line = fc->fb.screen_base;

	for (u32 y = 0; y < fc->fb.yres; y++, line += fc->fb.line_length) {
		volatile u64 *dst = (volatile u64 *)line;
		volatile u8 *rest;

		for (unsigned int g = 0; g < groups; g++)
			for (unsigned int w = 0; w < fc->bytes_pp; w++)
				*dst++ = bg[w];
		rest = (volatile u8 *)dst;
		for (unsigned int i = 0; i < tail; i++)
			rest[i] = bg_bytes[i];
	}
}

/**
 * fbcon_setup - make a text console of a mapped framebuffer
 * @fc: the console to set up
 * @fb: the framebuffer, with screen_base already mapped
 *
 * Checks @fb, allocates the text grid (one cell per 8x16 pixels), builds the table of pixel
 * patterns for every glyph row and clears every visible pixel.
 *
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: 0, -EINVAL if @fb is unusable or unmapped, -ENOMEM.
 */
int fbcon_setup(struct fbcon *fc, const struct fb_info *fb)
{
	int ret;

	if (!fb->screen_base || fb_check_var(fb))
		return -EINVAL;
	fc->fb = *fb;
	fc->bytes_pp = fb->bits_per_pixel / 8;
	ret = vc_allocate(&fc->vc, fb->xres / FONT_WIDTH, fb->yres / FONT_HEIGHT);
	if (ret)
		return ret;
	build_expand_table(fc);
	fbcon_clear(fc);
	return 0;
}

/**
 * fbcon_putcs - write text to the framebuffer console
 * @fc: the console
 * @s: the text (not NUL-terminated)
 * @n: its length
 *
 * Applies the text to the grid, then draws only the cells that changed: video memory is only
 * ever written, never read (reads from write-combined memory are slow on real hardware).
 *
 * Context: the console's write(), called by printk under logbuf_lock with interrupts off;
 * never sleeps. Callers must serialise.
 * Return: nothing.
 */
void fbcon_putcs(struct fbcon *fc, const char *s, size_t n)
{
	vc_write(&fc->vc, s, n);
	vc_redraw(&fc->vc, fbcon_draw);
}

/**
 * fbcon_release - free a framebuffer console's text grid
 * @fc: the console, no longer registered
 *
 * Does not unmap the framebuffer: the caller mapped it.
 *
 * Context: process context. Return: nothing.
 */
void fbcon_release(struct fbcon *fc)
{
	vc_deallocate(&fc->vc);
}
