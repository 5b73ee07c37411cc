/* /proc/interrupts (Linux's fs/proc/interrupts.c): the table is show_interrupts()'s
 * (kernel/irq/proc.c), the IRQ lines and then the architecture's rows. */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/seq_file.h>
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
