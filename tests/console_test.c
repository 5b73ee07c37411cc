/* Self-tests of the screen consoles: text rendered into framebuffers and VGA text buffers in RAM,
 * checked pixel by pixel (font_8x16 says which pixels are ink) and cell by cell, including that
 * the bytes past each row's visible width are never touched. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/fbcon.h>
#include <asm/vgacon.h>
#include <ktest.h>

/* 5 whole cells and 3 pixels across, 3 whole text rows and 5 scanlines down: the partial strips
 * must be cleared but never drawn into. PAD bytes follow each scanline, and one spare scanline
 * follows the last, all holding SENTINEL. */
#define TEST_XRES	(5 * FONT_WIDTH + 3)
#define TEST_YRES	(3 * FONT_HEIGHT + 5)
#define TEST_PAD	13
#define SENTINEL	0x5a
#define GREY		0xaa
#define GREY_PIXEL	(GREY << 16 | GREY << 8 | GREY)	/* in the 8:8:8 layout */
#define VGA_COLS	10
#define VGA_ROWS	3
#define VGA_PITCH	24		/* 12 cells: 2 padding cells per row */
#define VGA_SENTINEL	0xa5a5

struct console_test {
	struct fbcon *fc;
	u8 *mem;
	size_t mem_size;
	struct vgacon *vga;
	u16 *text;
};

static int console_test_init(struct ktest *test)
{
	struct console_test *ct = kzalloc(sizeof(*ct), GFP_KERNEL);

	if (!ct)
		return -ENOMEM;
	test->priv = ct;
	return 0;
}

static void console_test_exit(struct ktest *test)
{
	struct console_test *ct = test->priv;

	if (ct->fc) {
		fbcon_release(ct->fc);
		kfree(ct->fc);
	}
	if (ct->vga) {
		vgacon_release(ct->vga);
		kfree(ct->vga);
	}
	kfree(ct->mem);
	kfree(ct->text);
	kfree(ct);
}

/* The usual 8:8:8 layout, red highest. */
static struct fb_info rgb_layout(unsigned int bpp)
{
	return (struct fb_info){
		.bits_per_pixel = bpp,
		.xres = TEST_XRES,
		.yres = TEST_YRES,
		.line_length = TEST_XRES * (bpp / 8) + TEST_PAD,
		.red = { 16, 8 },
		.green = { 8, 8 },
		.blue = { 0, 8 },
	};
}

/* A framebuffer in RAM full of SENTINEL, and a console set up on it. */
static struct fbcon *make_fbcon(struct ktest *test, struct fb_info fb)
{
	struct console_test *ct = test->priv;

	ct->mem_size = (size_t)fb.line_length * (fb.yres + 1);
	ct->mem = kmalloc(ct->mem_size, GFP_KERNEL);
	ct->fc = kzalloc(sizeof(*ct->fc), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, ct->mem);
	KTEST_ASSERT_NOT_NULL(test, ct->fc);
	memset(ct->mem, SENTINEL, ct->mem_size);
	fb.screen_base = ct->mem;
	KTEST_ASSERT_EQ(test, fbcon_setup(ct->fc, &fb), 0);
	return ct->fc;
}

static u32 pixel_at(const struct fbcon *fc, unsigned int x, unsigned int y)
{
	const u8 *p = fc->fb.screen_base + (size_t)y * fc->fb.line_length + x * fc->bytes_pp;
	u32 v = 0;

	for (unsigned int i = 0; i < fc->bytes_pp; i++)
		v |= (u32)p[i] << (8 * i);
	return v;
}

/* How many pixels of text cell (col, row) differ from glyph c drawn as fg on bg. */
static unsigned int glyph_mismatches(struct ktest *test, const struct fbcon *fc, unsigned int col,
				     unsigned int row, u8 c, u32 fg, u32 bg)
{
	unsigned int bad = 0;

	for (unsigned int y = 0; y < FONT_HEIGHT; y++) {
		for (unsigned int x = 0; x < FONT_WIDTH; x++) {
			u32 want = font_8x16[c][y] & (0x80 >> x) ? fg : bg;
			u32 got = pixel_at(fc, col * FONT_WIDTH + x, row * FONT_HEIGHT + y);

			if (got != want && !bad++)
				ktest_info(test, "cell %u,%u '%c': pixel %u,%u is %#x, want %#x",
					   col, row, c, x, y, got, want);
		}
	}
	return bad;
}

/* Bytes past the visible width of every scanline, and the spare scanline, still SENTINEL. */
static unsigned int padding_touched(const struct console_test *ct)
{
	const struct fb_info *fb = &ct->fc->fb;
	size_t visible = (size_t)fb->xres * ct->fc->bytes_pp;
	unsigned int touched = 0;

	for (u32 y = 0; y <= fb->yres; y++) {
		const u8 *line = ct->mem + (size_t)y * fb->line_length;
		size_t from = y < fb->yres ? visible : 0;

		for (size_t i = from; i < fb->line_length; i++)
			touched += line[i] != SENTINEL;
	}
	return touched;
}

static unsigned int nonzero_visible(const struct fbcon *fc, unsigned int y0, unsigned int y1)
{
	unsigned int n = 0;

	for (unsigned int y = y0; y < y1; y++)
		for (unsigned int x = 0; x < fc->fb.xres; x++)
			n += pixel_at(fc, x, y) != 0;
	return n;
}

static void fbcon_setup_clears_visible_pixels_only(struct ktest *test)
{
	for (unsigned int bpp = 24; bpp <= 32; bpp += 8) {
		struct fbcon *fc = make_fbcon(test, rgb_layout(bpp));
		struct console_test *ct = test->priv;

		KTEST_EXPECT_EQ(test, fc->vc.vc_cols, 5);
		KTEST_EXPECT_EQ(test, fc->vc.vc_rows, 3);
		KTEST_EXPECT_EQ(test, nonzero_visible(fc, 0, TEST_YRES), 0);
		KTEST_EXPECT_EQ(test, padding_touched(ct), 0);
		console_test_exit(test);
		KTEST_ASSERT_EQ(test, console_test_init(test), 0);
	}
}

static void check_glyphs(struct ktest *test, unsigned int bpp)
{
	struct fbcon *fc = make_fbcon(test, rgb_layout(bpp));
	const char *text = "Ag~|";

	/* The oracle must have ink, or matching it would prove nothing. */
	KTEST_ASSERT_NE(test, font_8x16['A'][8], 0);
	fbcon_putcs(fc, text, strlen(text));
	for (unsigned int i = 0; i < strlen(text); i++)
		KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, i, 0, text[i], GREY_PIXEL, 0), 0);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 4, 0, ' ', GREY_PIXEL, 0), 0);
	KTEST_EXPECT_EQ(test, nonzero_visible(fc, FONT_HEIGHT, TEST_YRES), 0);
	KTEST_EXPECT_EQ(test, padding_touched(test->priv), 0);
}

static void fbcon_glyph_pixels_32bpp(struct ktest *test)
{
	struct console_test *ct = test->priv;
	size_t ink;

	check_glyphs(test, 32);
	/* The byte above the 24 colour bits of an ink pixel is written as zero. */
	for (ink = 0; ink < ct->mem_size && ct->mem[ink] != GREY; ink++)
		;
	KTEST_ASSERT_ULE(test, ink + 4, ct->mem_size);
	KTEST_EXPECT_EQ(test, ct->mem[ink + 3], 0);
}

static void fbcon_glyph_pixels_24bpp(struct ktest *test)
{
	check_glyphs(test, 24);
}

/* Channel positions and sizes come from the loader: here red 5 bits at 11, green 6 at 5, blue 5
 * at 0 in a 32-bit pixel, so light grey is 21:42:21 = 0xad55. */
static void fbcon_honours_colour_layout(struct ktest *test)
{
	struct fb_info fb = rgb_layout(32);
	struct fbcon *fc;

	fb.red = (struct fb_bitfield){ 11, 5 };
	fb.green = (struct fb_bitfield){ 5, 6 };
	fb.blue = (struct fb_bitfield){ 0, 5 };
	fc = make_fbcon(test, fb);
	fbcon_putcs(fc, "#", 1);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 0, '#', 0xad55, 0), 0);
}

static void fb_pack_colour_layouts(struct ktest *test)
{
	struct fb_info fb = rgb_layout(32);

	KTEST_EXPECT_UEQ(test, fb_pack_colour(&fb, 0x12, 0x34, 0x56), 0x123456);
	fb.red.offset = 0;
	fb.blue.offset = 16;
	KTEST_EXPECT_UEQ(test, fb_pack_colour(&fb, 0x12, 0x34, 0x56), 0x563412);
	fb = rgb_layout(24);
	fb.red = (struct fb_bitfield){ 12, 6 };
	fb.green = (struct fb_bitfield){ 6, 6 };
	fb.blue = (struct fb_bitfield){ 0, 6 };
	KTEST_EXPECT_UEQ(test, fb_pack_colour(&fb, 0xff, 0, 0), 0x3fu << 12);
	KTEST_EXPECT_UEQ(test, fb_pack_colour(&fb, 0, 0x80, 0), 32u << 6);
	KTEST_EXPECT_UEQ(test, fb_pack_colour(&fb, 0, 0, 0), 0);
}

static void fb_check_var_rejects_bad_layouts(struct ktest *test)
{
	struct fb_info fb = rgb_layout(32);

	KTEST_EXPECT_NULL(test, fb_check_var(&fb));
	fb.bits_per_pixel = 16;
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb.bits_per_pixel = 8;
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb = rgb_layout(32);
	fb.line_length = TEST_XRES * 4 - 1;
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb = rgb_layout(24);
	fb.line_length = TEST_XRES * 3;
	KTEST_EXPECT_NULL(test, fb_check_var(&fb));
	fb.xres = FONT_WIDTH - 1;
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb = rgb_layout(24);
	fb.yres = FONT_HEIGHT - 1;
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb = rgb_layout(24);
	fb.red = (struct fb_bitfield){ 24, 8 };
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb.red = (struct fb_bitfield){ 16, 0 };
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	fb = rgb_layout(32);
	fb.blue = (struct fb_bitfield){ 0, 9 };
	KTEST_EXPECT_NOT_NULL(test, fb_check_var(&fb));
	/* A console is never set up on a layout the check refuses. */
	fb.screen_base = (u8 *)&fb;
	KTEST_EXPECT_EQ(test, fbcon_setup(&(struct fbcon){}, &fb), -EINVAL);
}

static void fbcon_scrolls_rows_up_and_clears_last(struct ktest *test)
{
	struct fbcon *fc = make_fbcon(test, rgb_layout(32));
	u32 fg = GREY_PIXEL;

	fbcon_putcs(fc, "a\nb\nc", 5);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 2, 'c', fg, 0), 0);
	fbcon_putcs(fc, "\nd", 2);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 0, 'b', fg, 0), 0);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 1, 'c', fg, 0), 0);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 2, 'd', fg, 0), 0);
	fbcon_putcs(fc, "\n", 1);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 0, 'c', fg, 0), 0);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 1, 'd', fg, 0), 0);
	KTEST_EXPECT_EQ(test, nonzero_visible(fc, 2 * FONT_HEIGHT, TEST_YRES), 0);
	KTEST_EXPECT_EQ(test, fc->vc.vc_y, 2);
	KTEST_EXPECT_EQ(test, fc->vc.vc_x, 0);
	KTEST_EXPECT_EQ(test, padding_touched(test->priv), 0);
}

static void fbcon_never_writes_padding(struct ktest *test)
{
	static const char text[] = "Lines longer than the screen wrap,\tand tabs\band\rreturns\n"
				   "scroll it many times over ~~~ ||| @@@ ### WWW MMM\n";

	for (unsigned int bpp = 24; bpp <= 32; bpp += 8) {
		struct fbcon *fc = make_fbcon(test, rgb_layout(bpp));

		for (int i = 0; i < 20; i++)
			fbcon_putcs(fc, text, sizeof(text) - 1);
		KTEST_EXPECT_EQ(test, padding_touched(test->priv), 0);
		/* The strip below the last whole text row is never drawn into either. */
		KTEST_EXPECT_EQ(test, nonzero_visible(fc, 3 * FONT_HEIGHT, TEST_YRES), 0);
		console_test_exit(test);
		KTEST_ASSERT_EQ(test, console_test_init(test), 0);
	}
}

/* A cell that did not change is not drawn again: a mark left in it survives later writes. */
static void fbcon_redraws_only_changed_cells(struct ktest *test)
{
	struct fbcon *fc = make_fbcon(test, rgb_layout(32));
	u8 *mark;

	fbcon_putcs(fc, "AB", 2);
	mark = fc->fb.screen_base + 5 * fc->fb.line_length + (FONT_WIDTH + 3) * 4;
	*mark = 0x77;
	fbcon_putcs(fc, "C\nD", 3);
	fbcon_putcs(fc, "\rE", 2);
	KTEST_EXPECT_EQ(test, *mark, 0x77);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 2, 0, 'C', GREY_PIXEL, 0), 0);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 0, 1, 'E', GREY_PIXEL, 0), 0);
	/* Scrolling changes that cell, so it is drawn, and the mark is gone. */
	fbcon_putcs(fc, "\n\n", 2);
	KTEST_EXPECT_EQ(test, glyph_mismatches(test, fc, 1, 0, ' ', GREY_PIXEL, 0), 0);
}

static void expect_row(struct ktest *test, const struct vc_data *vc, unsigned int row,
		       const char *want)
{
	char got[64];
	unsigned int n = min(vc->vc_cols, (unsigned int)sizeof(got) - 1);

	memcpy(got, vc->vc_screenbuf + row * vc->vc_cols, n);
	got[n] = '\0';
	KTEST_EXPECT_STREQ(test, got, want);
}

static void vc_control_characters(struct ktest *test)
{
	struct vc_data vc;

	KTEST_ASSERT_EQ(test, vc_allocate(&vc, 12, 3), 0);
	vc_write(&vc, "ab\tc", 4);
	expect_row(test, &vc, 0, "ab      c   ");
	KTEST_EXPECT_EQ(test, vc.vc_x, 9);
	vc_write(&vc, "\t\tZ", 3);			/* no tab stop left: the last column */
	expect_row(test, &vc, 0, "ab      c  Z");
	vc_write(&vc, "\nabc\b\bX", 7);
	expect_row(test, &vc, 1, "aXc         ");
	KTEST_EXPECT_EQ(test, vc.vc_x, 2);
	vc_write(&vc, "\rZ", 2);
	expect_row(test, &vc, 1, "ZXc         ");
	vc_write(&vc, "\b\b\bq", 4);		/* backspace stops at column 0 */
	expect_row(test, &vc, 1, "qXc         ");
	vc_write(&vc, "\n\x1b[1;31mred\x1b[0m\x01\x07\xc3\xa9", 19);
	expect_row(test, &vc, 2, "red??       ");
	KTEST_EXPECT_EQ(test, vc.vc_y, 2);
	vc_deallocate(&vc);
}

static void vc_wraps_and_scrolls(struct ktest *test)
{
	struct vc_data vc;

	KTEST_ASSERT_EQ(test, vc_allocate(&vc, 4, 2), 0);
	vc_write(&vc, "abcd", 4);
	expect_row(test, &vc, 0, "abcd");
	KTEST_EXPECT_EQ(test, vc.vc_y, 0);
	/* A full line then '\n' is one line, not a line and a blank one. */
	vc_write(&vc, "\n", 1);
	KTEST_EXPECT_EQ(test, vc.vc_y, 1);
	expect_row(test, &vc, 1, "    ");
	vc_write(&vc, "efghi", 5);
	expect_row(test, &vc, 0, "efgh");
	expect_row(test, &vc, 1, "i   ");
	KTEST_EXPECT_EQ(test, vc.vc_x, 1);
	/* Backspace after the last column lands on it, so the next character replaces it. */
	vc_write(&vc, "jkl\bX", 5);
	expect_row(test, &vc, 1, "ijkX");
	vc_deallocate(&vc);
	KTEST_EXPECT_EQ(test, vc_allocate(&vc, 0, 25), -EINVAL);
}

static struct vgacon *make_vgacon(struct ktest *test)
{
	struct console_test *ct = test->priv;
	size_t cells = VGA_PITCH / 2 * (VGA_ROWS + 1);

	ct->text = kmalloc(cells * 2, GFP_KERNEL);
	ct->vga = kzalloc(sizeof(*ct->vga), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, ct->text);
	KTEST_ASSERT_NOT_NULL(test, ct->vga);
	for (size_t i = 0; i < cells; i++)
		ct->text[i] = VGA_SENTINEL;
	KTEST_ASSERT_EQ(test, vgacon_setup(ct->vga, ct->text, VGA_COLS, VGA_ROWS, VGA_PITCH,
					   false), 0);
	return ct->vga;
}

/* Row 'row' of the fake text buffer holds 'want' (padded with blanks) as char/attribute pairs,
 * and its padding cells are untouched. */
static void expect_vga_row(struct ktest *test, unsigned int row, const char *want)
{
	struct console_test *ct = test->priv;
	const u16 *cells = ct->text + row * (VGA_PITCH / 2);
	size_t len = strlen(want);

	for (unsigned int col = 0; col < VGA_PITCH / 2; col++) {
		u16 expect = col >= VGA_COLS ? VGA_SENTINEL :
			     VGA_ATTR_DEFAULT << 8 | (col < len ? want[col] : ' ');

		if (cells[col] != expect) {
			KTEST_FAIL(test, "text row %u col %u is %#x, want %#x", row, col,
				   cells[col], expect);
			return;
		}
	}
}

static void vgacon_writes_cells_and_scrolls(struct ktest *test)
{
	struct vgacon *vga = make_vgacon(test);
	struct console_test *ct = test->priv;

	expect_vga_row(test, 0, "");
	expect_vga_row(test, 2, "");
	vgacon_putcs(vga, "hi", 2);
	expect_vga_row(test, 0, "hi");
	KTEST_EXPECT_EQ(test, vgacon_cursor_offset(vga), 2);
	vgacon_putcs(vga, "\nx\ty\nz", 6);
	expect_vga_row(test, 1, "x       y");
	expect_vga_row(test, 2, "z");
	vgacon_putcs(vga, "\n0123456789AB", 13);
	expect_vga_row(test, 0, "z");
	expect_vga_row(test, 1, "0123456789");
	expect_vga_row(test, 2, "AB");
	/* The CRTC counts cells of the whole pitch, padding included. */
	KTEST_EXPECT_EQ(test, vgacon_cursor_offset(vga), 2 * (VGA_PITCH / 2) + 2);
	vgacon_putcs(vga, "\n", 1);
	expect_vga_row(test, 1, "AB");
	expect_vga_row(test, 2, "");
	for (unsigned int col = 0; col < VGA_PITCH / 2; col++)
		KTEST_EXPECT_EQ(test, ct->text[VGA_ROWS * (VGA_PITCH / 2) + col], VGA_SENTINEL);
}

static void vgacon_check_rejects_bad_sizes(struct ktest *test)
{
	KTEST_EXPECT_NULL(test, vgacon_check(80, 25, 160));
	KTEST_EXPECT_NULL(test, vgacon_check(80, 50, 160));
	KTEST_EXPECT_NOT_NULL(test, vgacon_check(80, 25, 158));
	KTEST_EXPECT_NOT_NULL(test, vgacon_check(80, 25, 161));
	KTEST_EXPECT_NOT_NULL(test, vgacon_check(0, 25, 160));
	KTEST_EXPECT_NOT_NULL(test, vgacon_check(200, 200, 400));
	KTEST_EXPECT_EQ(test, vgacon_setup(&(struct vgacon){}, NULL, 80, 25, 160, false), -EINVAL);
}

static void console_option_names_consoles(struct ktest *test)
{
	unsigned int named = 0;

	KTEST_EXPECT_EQ(test, console_option_parse("ttyS0", &named), 0);
	KTEST_EXPECT_EQ(test, named, CON_NAMED_SERIAL);
	named = 0;
	KTEST_EXPECT_EQ(test, console_option_parse("ttyS0,115200n8", &named), 0);
	KTEST_EXPECT_EQ(test, named, CON_NAMED_SERIAL);
	KTEST_EXPECT_EQ(test, console_option_parse("tty0", &named), 0);
	KTEST_EXPECT_EQ(test, named, CON_NAMED_SERIAL | CON_NAMED_SCREEN);
	named = 0;
	KTEST_EXPECT_EQ(test, console_option_parse("ttyS01", &named), -EINVAL);
	KTEST_EXPECT_EQ(test, console_option_parse("lp0", &named), -EINVAL);
	KTEST_EXPECT_EQ(test, console_option_parse("", &named), -EINVAL);
	KTEST_EXPECT_EQ(test, named, 0);
}

/* A console registered late is replayed the log minus the lines loglevel= keeps off consoles;
 * the buffer itself keeps every line, each stamped, with no level bytes showing. */
struct capture_console {
	struct console con;
	char *buf;
	size_t len, size;
};

static void capture_write(struct console *con, const char *s, size_t n)
{
	struct capture_console *cc = container_of(con, struct capture_console, con);

	n = min(n, cc->size - 1 - cc->len);
	memcpy(cc->buf + cc->len, s, n);
	cc->len += n;
	cc->buf[cc->len] = '\0';
}

static void printk_replay_honours_loglevel(struct ktest *test)
{
	struct capture_console cc = { .con = { .name = "capture", .write = capture_write },
				      .size = 128 * 1024 };
	size_t n;

	cc.buf = kzalloc(cc.size, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, cc.buf);
	printk(KERN_DEBUG "replay-marker: debug\n");
	printk(KERN_INFO "replay-marker: info");
	pr_cont(" continued\n");
	register_console(&cc.con);
	unregister_console(&cc.con);
	KTEST_EXPECT_NOT_NULL(test, strstr(cc.buf, "replay-marker: info continued\n"));
	KTEST_EXPECT_NULL(test, strstr(cc.buf, "replay-marker: debug"));

	n = log_buf_copy(cc.buf, cc.size - 1);
	cc.buf[n] = '\0';
	KTEST_EXPECT_NOT_NULL(test, strstr(cc.buf, "replay-marker: debug\n"));
	KTEST_EXPECT_NOT_NULL(test, strstr(cc.buf, "] replay-marker: info continued\n"));
	for (size_t i = 0; i + 1 < n; i++)
		if (cc.buf[i] == '\n' && cc.buf[i + 1] != '[')
			KTEST_FAIL(test, "line at offset %zu does not start with a timestamp", i + 1);
	kfree(cc.buf);
}

static struct ktest_case console_cases[] = {
	KTEST_CASE(fbcon_setup_clears_visible_pixels_only),
	KTEST_CASE(fbcon_glyph_pixels_32bpp),
	KTEST_CASE(fbcon_glyph_pixels_24bpp),
	KTEST_CASE(fbcon_honours_colour_layout),
	KTEST_CASE(fb_pack_colour_layouts),
	KTEST_CASE(fb_check_var_rejects_bad_layouts),
	KTEST_CASE(fbcon_scrolls_rows_up_and_clears_last),
	KTEST_CASE(fbcon_never_writes_padding),
	KTEST_CASE(fbcon_redraws_only_changed_cells),
	KTEST_CASE(vc_control_characters),
	KTEST_CASE(vc_wraps_and_scrolls),
	KTEST_CASE(vgacon_writes_cells_and_scrolls),
	KTEST_CASE(vgacon_check_rejects_bad_sizes),
	KTEST_CASE(console_option_names_consoles),
	KTEST_CASE(printk_replay_honours_loglevel),
	{}
};

static struct ktest_suite console_suite = {
	.name = "console",
	.cases = console_cases,
	.init = console_test_init,
	.exit = console_test_exit,
};
ktest_register_suite(console_suite);
