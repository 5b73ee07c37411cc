/* Screen consoles (the multiboot2 framebuffer or VGA text) and the text grid behind both: what
 * each character cell should show, kept in RAM so that drawing never reads video memory. */
#ifndef _LINUX_CONSOLE_H
#define _LINUX_CONSOLE_H

#include <linux/types.h>

/*
 * One text screen. vc_screenbuf holds the character each cell should show, vc_shown the one the
 * device shows now; a redraw touches only the runs of cells where they differ, and only in the
 * rows between vc_dirty_top and vc_dirty_bottom. Cells hold printable ASCII only: everything the
 * grid is given is either a control it acts on or shown as '?'.
 */
struct vc_data {
	unsigned int vc_cols, vc_rows;
	unsigned int vc_x, vc_y;		/* the cursor cell */
	bool vc_need_wrap;			/* the last column is written: wrap before the next */
	u8 vc_esc_state;			/* inside an ANSI escape sequence, which is skipped */
	unsigned int vc_dirty_top, vc_dirty_bottom;	/* rows changed since the last redraw */
	u8 *vc_screenbuf;
	u8 *vc_shown;
};

#define VC_TAB_WIDTH	8

int vc_allocate(struct vc_data *vc, unsigned int cols, unsigned int rows);
void vc_deallocate(struct vc_data *vc);
/* Apply text to the grid: printable ASCII, '\n', '\r', '\t', '\b'; scroll at the bottom. */
void vc_write(struct vc_data *vc, const char *s, size_t n);
/* Hand each run of changed cells (columns from..to of a row) to draw(), then mark it shown. */
void vc_redraw(struct vc_data *vc,
	       void (*draw)(struct vc_data *vc, unsigned int row, unsigned int from, unsigned int to));

/* The consoles a console= option names (Linux's meaning: only those print). */
#define CON_NAMED_SERIAL	0x1	/* console=ttyS0[,options] */
#define CON_NAMED_SCREEN	0x2	/* console=tty0 */
int console_option_parse(const char *value, unsigned int *named);

void console_init(void);
bool screen_size(unsigned int *cols, unsigned int *rows);

#endif
