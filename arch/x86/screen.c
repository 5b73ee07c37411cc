/* The screen console: chosen from what the loader handed over (a linear framebuffer, EGA text,
 * or on a BIOS boot the VGA text screen that is always there), mapped, and registered with
 * printk, which replays the log so the screen shows the boot from its first line. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/bootparam.h>
#include <asm/fbcon.h>
#include <asm/vgacon.h>

static unsigned int console_named;	/* CON_NAMED_* from console= options; 0 = none given */
static struct fbcon screen_fbcon;
static struct vgacon screen_vgacon;

/**
 * console_option_parse - read one console= option
 * @value: the option's value: "ttyS0" (options after a comma, as "ttyS0,115200n8") or "tty0"
 * @named: the CON_NAMED_* bits to add the named console to
 *
 * Linux 6.1: console_setup() accepts any registered console's name and keeps its options;
 * these two names are all Spindle has, and the serial line's options are ignored.
 *
 * Context: boot, from the command-line parser (and tests). Return: 0, or -EINVAL for anything
 * else (@named unchanged).
 */
int console_option_parse(const char *value, unsigned int *named)
{
	if (!strncmp(value, "ttyS0", 5) && (value[5] == '\0' || value[5] == ',')) {
		*named |= CON_NAMED_SERIAL;
		return 0;
	}
	if (!strcmp(value, "tty0")) {
		*named |= CON_NAMED_SCREEN;
		return 0;
	}
	return -EINVAL;
}

static int console_setup(char *value)
{
	return console_option_parse(value, &console_named);
}
__setup("console=", console_setup);

static void fbcon_console_write(struct console *con, const char *s, size_t n)
{
	fbcon_putcs(container_of(con, struct fbcon, con), s, n);
}

static void vgacon_console_write(struct console *con, const char *s, size_t n)
{
	vgacon_putcs(container_of(con, struct vgacon, con), s, n);
}

static void fbcon_start(const struct screen_info *si)
{
	struct fb_info fb = {
		.line_length = si->pitch,
		.xres = si->width,
		.yres = si->height,
		.bits_per_pixel = si->bpp,
		.red = { si->red_pos, si->red_size },
		.green = { si->green_pos, si->green_size },
		.blue = { si->blue_pos, si->blue_size },
	};
	size_t size = (size_t)si->pitch * si->height;
	const char *why;
	int ret;

	/* Checked before mapping, so a bad tag maps nothing. */
	why = fb_check_var(&fb);
	if (why) {
		pr_err("console: framebuffer %ux%u %u bpp pitch %u unusable (%s); no screen console\n",
		       si->width, si->height, si->bpp, si->pitch, why);
		return;
	}
	fb.screen_base = ioremap_wc(si->addr, size);
	if (!fb.screen_base) {
		pr_err("console: cannot map the framebuffer at %#lx (%zu bytes); no screen console\n",
		       (unsigned long)si->addr, size);
		return;
	}
	pr_info("console: framebuffer %ux%u, %u bpp, pitch %u at %#lx: %ux%u text\n",
		si->width, si->height, si->bpp, si->pitch, (unsigned long)si->addr,
		si->width / FONT_WIDTH, si->height / FONT_HEIGHT);
	ret = fbcon_setup(&screen_fbcon, &fb);
	if (ret) {
		pr_err("console: framebuffer console setup failed (%d); no screen console\n", ret);
		iounmap(fb.screen_base);
		return;
	}
	screen_fbcon.con.name = "fb0";
	screen_fbcon.con.write = fbcon_console_write;
	register_console(&screen_fbcon.con);
}

static void vgacon_start(unsigned long addr, unsigned int cols, unsigned int rows,
			 unsigned int pitch)
{
	const char *why = vgacon_check(cols, rows, pitch);
	void *base;
	int ret;

	if (why) {
		pr_err("console: VGA text %ux%u pitch %u unusable (%s); no screen console\n",
		       cols, rows, pitch, why);
		return;
	}
	base = ioremap(addr, (size_t)pitch * rows);
	if (!base) {
		pr_err("console: cannot map VGA text at %#lx; no screen console\n", addr);
		return;
	}
	pr_info("console: VGA text %ux%u at %#lx\n", cols, rows, addr);
	ret = vgacon_setup(&screen_vgacon, base, cols, rows, pitch, true);
	if (ret) {
		pr_err("console: VGA text console setup failed (%d); no screen console\n", ret);
		iounmap(base);
		return;
	}
	screen_vgacon.con.name = "tty0";
	screen_vgacon.con.write = vgacon_console_write;
	register_console(&screen_vgacon.con);
}

/**
 * console_init - start the screen console, if there is one and console= allows it
 *
 * Chosen from what the loader handed over: a linear RGB framebuffer, EGA text, or on a BIOS boot
 * the VGA text screen that is always there (a UEFI boot without a framebuffer gets none). The
 * device is checked before it is mapped, mapped, and registered with printk, which replays the
 * log so the screen shows the boot from its first line. With console= options that name only
 * the serial line, no screen console is started.
 *
 * Linux 6.1: console_init() runs the console initcalls; the screen is vgacon or efifb/fbcon
 * bound through the VT layer.
 *
 * Context: boot CPU, once, from start_kernel(); may allocate (GFP_KERNEL) and map.
 * Return: nothing; a screen that cannot be used is reported and skipped.
 */
void console_init(void)
{
	const struct screen_info *si = &boot_params.screen;

	if (console_named && !(console_named & CON_NAMED_SCREEN)) {
		pr_info("console: console= names no screen; serial console only\n");
		return;
	}
	if (!boot_params.screen_present) {
		/* Every BIOS PC has VGA text at 0xb8000; a UEFI PC may have no VGA at all. */
		if (boot_params.efi)
			pr_info("console: UEFI boot and no framebuffer from the loader; no screen console\n");
		else
			vgacon_start(VGA_TEXT_BASE, 80, 25, 160);
		return;
	}
	switch (si->type) {
	case FB_TYPE_RGB:
		fbcon_start(si);
		break;
	case FB_TYPE_EGA_TEXT:
		vgacon_start(si->addr, si->width, si->height, si->pitch);
		break;
	default:
		pr_err("console: indexed-colour framebuffer (%u bpp) not supported; no screen console\n",
		       si->bpp);
		break;
	}
}

/**
 * screen_size - the screen console's text size, for TIOCGWINSZ
 * @cols: set to its columns
 * @rows: set to its rows
 *
 * Context: any. Return: true if a screen console exists (else the sizes are 0, as Linux
 * reports for a serial line nobody sized with stty).
 */
bool screen_size(unsigned int *cols, unsigned int *rows)
{
	const struct vc_data *vc = screen_fbcon.vc.vc_cols ? &screen_fbcon.vc :
				   screen_vgacon.vc.vc_cols ? &screen_vgacon.vc : NULL;

	*cols = vc ? vc->vc_cols : 0;
	*rows = vc ? vc->vc_rows : 0;
	return vc;
}
