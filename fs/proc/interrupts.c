/* /proc/interrupts (Linux's fs/proc/interrupts.c): the table itself is the architecture's
 * (arch/x86/irq.c show_interrupts), as there is no generic IRQ layer here. */
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <asm/irq.h>
#include "internal.h"

/**
 * proc_interrupts_init - make /proc/interrupts
 *
 * Context: boot, from proc_root_init(). Return: nothing; without memory the file is missing.
 */
void proc_interrupts_init(void)
{
	proc_create_single("interrupts", 0444, NULL, show_interrupts);
}
