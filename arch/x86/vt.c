/* The text grid behind the screen consoles (Linux's vt): the cursor, control characters and
 * scrolling act on a character buffer in RAM, and a redraw hands the device only what changed. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>

enum { ESnormal, ESesc, EScsi };

/**
 * vc_allocate - set up an empty text grid
 * @vc: the grid; every field is reset
 * @cols: columns
 * @rows: rows
 *
 * Allocates the text as it should be and as the device shows it; the device starts cleared by
 * its driver, so both copies start blank and in step.
 *
 * Linux 6.1: vc_allocate(currcons) allocates the n-th virtual console of the VT layer; here a
 * grid belongs to one screen console.
 *
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: 0, -EINVAL for a zero size, -ENOMEM (nothing then stays allocated).
 */
int vc_allocate(struct vc_data *vc, unsigned int cols, unsigned int rows)
{
	size_t size = (size_t)cols * rows;

	memset(vc, 0, sizeof(*vc));
	if (!cols || !rows)
		return -EINVAL;
	vc->vc_screenbuf = kmalloc(size, GFP_KERNEL);
	vc->vc_shown = kmalloc(size, GFP_KERNEL);
	if (!vc->vc_screenbuf || !vc->vc_shown) {
		vc_deallocate(vc);
		return -ENOMEM;
	}
	/* The device starts cleared by its driver, so both copies start blank and in step. */
	memset(vc->vc_screenbuf, ' ', size);
	memset(vc->vc_shown, ' ', size);
	vc->vc_cols = cols;
	vc->vc_rows = rows;
	vc->vc_dirty_top = rows;
	return 0;
}

/**
 * vc_deallocate - free a text grid's buffers
 * @vc: the grid
 *
 * Context: process context. Return: nothing.
 */
void vc_deallocate(struct vc_data *vc)
{
	kfree(vc->vc_screenbuf);
	kfree(vc->vc_shown);
	vc->vc_screenbuf = NULL;
	vc->vc_shown = NULL;
}

static void mark_dirty(struct vc_data *vc, unsigned int top, unsigned int bottom)
{
	if (vc->vc_dirty_top > vc->vc_dirty_bottom) {
		vc->vc_dirty_top = top;
		vc->vc_dirty_bottom = bottom;
		return;
	}
	vc->vc_dirty_top = min(vc->vc_dirty_top, top);
	vc->vc_dirty_bottom = max(vc->vc_dirty_bottom, bottom);
}

/* Only the RAM copy moves: the device catches up in the next redraw, once per write. */
static void scroll_up(struct vc_data *vc)
{
	size_t row = vc->vc_cols;

	memmove(vc->vc_screenbuf, vc->vc_screenbuf + row, row * (vc->vc_rows - 1));
	memset(vc->vc_screenbuf + row * (vc->vc_rows - 1), ' ', row);
	mark_dirty(vc, 0, vc->vc_rows - 1);
}

static void line_feed(struct vc_data *vc)
{
	vc->vc_x = 0;
	vc->vc_need_wrap = false;
	if (vc->vc_y + 1 < vc->vc_rows)
		vc->vc_y++;
	else
		scroll_up(vc);
}

static void put_char(struct vc_data *vc, u8 c)
{
	if (vc->vc_need_wrap)
		line_feed(vc);
	vc->vc_screenbuf[vc->vc_y * vc->vc_cols + vc->vc_x] = c;
	mark_dirty(vc, vc->vc_y, vc->vc_y);
	if (vc->vc_x + 1 < vc->vc_cols)
		vc->vc_x++;
	else
		vc->vc_need_wrap = true;
}

/* ESC [ parameters final-byte sequences (colours, cursor moves) are dropped, not shown. */
static bool skip_escape(struct vc_data *vc, u8 c)
{
	switch (vc->vc_esc_state) {
	case ESesc:
		vc->vc_esc_state = c == '[' ? EScsi : ESnormal;
		return true;
	case EScsi:
		if (c >= 0x40 && c <= 0x7e)
			vc->vc_esc_state = ESnormal;
		return true;
	default:
		if (c != 0x1b)
			return false;
		vc->vc_esc_state = ESesc;
		return true;
	}
}

/**
 * vc_write - apply text to the grid
 * @vc: the grid
 * @s: the text (not NUL-terminated)
 * @n: its length
 *
 * Printable ASCII is placed at the cursor, bytes from 0x80 up show as '?', '\n', '\r', '\t'
 * and '\b' move the cursor, and the grid scrolls at the bottom (wrapping is deferred until the
 * next character, as a terminal does). ESC [ ... sequences are dropped, not shown. Only the RAM
 * copy changes: the device catches up in vc_redraw().
 *
 * Linux 6.1: do_con_write() interprets the full VT102 set (colours, cursor moves, UTF-8).
 *
 * Context: any; never sleeps. Callers serialise (the console's write() runs under logbuf_lock).
 * Return: nothing.
 */
void vc_write(struct vc_data *vc, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		u8 c = s[i];

		if (skip_escape(vc, c))
			continue;
		switch (c) {
		case '\n':
			line_feed(vc);
			break;
		case '\r':
			vc->vc_x = 0;
			vc->vc_need_wrap = false;
			break;
		case '\t':
			vc->vc_x = min(ALIGN(vc->vc_x + 1, VC_TAB_WIDTH), vc->vc_cols - 1);
			vc->vc_need_wrap = false;
			break;
		case '\b':
			if (vc->vc_need_wrap)
				vc->vc_need_wrap = false;
			else if (vc->vc_x)
				vc->vc_x--;
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				put_char(vc, c);
			else if (c >= 0x80)
				put_char(vc, '?');
			break;
		}
	}
}

/**
 * vc_redraw - hand the device the cells that changed
 * @vc: the grid
 * @draw: draws columns from..to of one row from vc->vc_screenbuf
 *
 * For each row marked dirty since the last redraw, finds the first and last cell that differ
 * from what the device shows, has @draw draw that run, and marks it shown.
 *
 * Context: as vc_write(). Return: nothing.
 */
void vc_redraw(struct vc_data *vc,
	       void (*draw)(struct vc_data *vc, unsigned int row, unsigned int from, unsigned int to))
{
	for (unsigned int row = vc->vc_dirty_top; row <= vc->vc_dirty_bottom && row < vc->vc_rows;
	     row++) {
		u8 *want = vc->vc_screenbuf + row * vc->vc_cols;
		u8 *have = vc->vc_shown + row * vc->vc_cols;
		unsigned int from = 0, to = vc->vc_cols - 1;

		while (from < vc->vc_cols && want[from] == have[from])
			from++;
		if (from == vc->vc_cols)
			continue;
		while (want[to] == have[to])
			to--;
		draw(vc, row, from, to);
		memcpy(have + from, want + from, to - from + 1);
	}
	vc->vc_dirty_top = vc->vc_rows;
	vc->vc_dirty_bottom = 0;
}
