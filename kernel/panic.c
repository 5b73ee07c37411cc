/* placeholder: replaced by its owner */
#include <linux/kernel.h>
#include <linux/panic.h>
#include <asm/processor.h>
void panic(const char *fmt, ...)
{
	va_list args;
	oops_in_progress = 1;
	printk(KERN_EMERG "Kernel panic - not syncing: ");
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
	halt_forever();
}
