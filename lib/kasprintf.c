/* kasprintf() and kvasprintf(): format into a kmalloc'ed string of exactly the right size,
 * as Linux's lib/kasprintf.c; kthread_create() names its threads with them. */
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

/**
 * kvasprintf - format a string into memory from kmalloc()
 * @gfp: the GFP flags for the allocation
 * @fmt: the format, as vsnprintf()
 * @ap: its arguments
 *
 * Measures first, on a copy of @ap (a va_list can be walked only once), then allocates exactly
 * the right size and formats again.
 *
 * Context: as kmalloc() with @gfp.
 * Return: the string, to be freed with kfree(), or NULL if the allocation failed.
 */
char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int len;

	/* Measure first, on a copy: the list can be walked only once. */
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);

	p = kmalloc(len + 1, gfp);
	if (!p)
		return NULL;
	vsnprintf(p, len + 1, fmt, ap);
	return p;
}

/**
 * kasprintf - format a string into memory from kmalloc()
 * @gfp: the GFP flags for the allocation
 * @fmt: the format, as vsnprintf()
 * @...: its arguments
 *
 * Context: as kmalloc() with @gfp.
 * Return: the string, to be freed with kfree(), or NULL if the allocation failed.
 */
char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}
