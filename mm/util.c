/* Copying strings and buffers into kmalloc'ed memory (Linux's mm/util.c): kstrdup, kstrndup
 * and kmemdup, each NULL when the allocation fails. */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

/* At most 'max' characters, always NUL-terminated. */
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

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	/* kmalloc(0) hands back ZERO_SIZE_PTR, which must not be written to. */
	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}
