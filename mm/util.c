/* Copying strings and buffers into kmalloc'ed memory (Linux's mm/util.c): kstrdup, kstrndup
 * and kmemdup, each NULL when the allocation fails. */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

/**
 * kstrdup - allocate space for and copy an existing string
 * @s: the string to duplicate, or NULL
 * @gfp: the GFP mask used in the kmalloc() call when allocating memory
 *
 * Context: as kmalloc() with @gfp: may sleep unless @gfp is GFP_ATOMIC/GFP_NOWAIT.
 * Return: newly allocated copy of @s, or NULL if @s is NULL or the allocation failed. Free it
 * with kfree().
 */
char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

/**
 * kstrndup - allocate space for and copy at most @max characters of a string
 * @s: the string to duplicate, or NULL
 * @max: read at most @max characters from @s
 * @gfp: the GFP mask used in the kmalloc() call when allocating memory
 *
 * The copy is always NUL-terminated.
 *
 * Context: as kmalloc() with @gfp.
 * Return: newly allocated copy of @s, or NULL if @s is NULL or the allocation failed.
 */
char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	buf = kmalloc(len + 1, gfp);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

/**
 * kmemdup - duplicate a region of memory
 * @src: memory region to duplicate
 * @len: memory region length
 * @gfp: the GFP mask used in the kmalloc() call when allocating memory
 *
 * kmalloc(0) hands back ZERO_SIZE_PTR, which must not be written to, so a zero @len copies
 * nothing and returns it.
 *
 * Context: as kmalloc() with @gfp.
 * Return: newly allocated copy of @src (ZERO_SIZE_PTR for @len 0), or NULL on failure.
 */
void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	/* kmalloc(0) hands back ZERO_SIZE_PTR, which must not be written to. */
	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}
