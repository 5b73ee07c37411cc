/* /proc/meminfo (Linux's fs/proc/meminfo.c): the lines the page and slab allocators can
 * answer, in kB, in Linux's "Name:   %8lu kB" layout. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "internal.h"

/* Linux's show_val_kb(): the label padded to 16 columns, the value in 8. */
static void show_val_kb(struct seq_file *m, const char *s, unsigned long num)
{
	seq_printf(m, "%-16s%8lu kB\n", s, num << (PAGE_SHIFT - 10));
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	unsigned long free = nr_free_pages();

	show_val_kb(m, "MemTotal:", totalram_pages());
	show_val_kb(m, "MemFree:", free);
	/* Nothing here is reclaimable (no page cache), so what is available is what is free. */
	show_val_kb(m, "MemAvailable:", free);
	/* Linux's SReclaimable + SUnreclaim; no slab cache here can be reclaimed. */
	show_val_kb(m, "Slab:", nr_slab_pages());
	return 0;
}

/**
 * proc_meminfo_init - make /proc/meminfo
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_meminfo_init(void)
{
	proc_create_single("meminfo", 0444, NULL, meminfo_proc_show);
}
