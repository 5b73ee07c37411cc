/* Freestanding string and memory functions: the compiler may emit calls to memcpy/memset itself,
 * so these exist from the first instruction of C. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>

/* rep stosb / rep movsb: fast on every CPU with ERMS and one helper call under QEMU's TCG. */
void *memset(void *s, int c, size_t n)
{
	void *d = s;

	__asm__ __volatile__("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ __volatile__("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlapping with dst above src: copy backwards. */
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/**
 * strspn - the length of @s's first run of characters that are all in @accept
 * @s: the string
 * @accept: the characters
 *
 * Context: any. Return: the length.
 */
size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

/**
 * strcspn - the length of @s's first run of characters none of which is in @reject
 * @s: the string
 * @reject: the characters
 *
 * Context: any. Return: the length.
 */
size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

/**
 * strsep - split off the token at *@s, up to the first character in @ct
 * @s: the string's position, moved past the token (NULL after the last one)
 * @ct: the separators
 *
 * Linux's strsep(): the separator is overwritten with a NUL in place; empty tokens count.
 *
 * Context: any. Return: the token, or NULL when *@s was NULL.
 */
char *strsep(char **s, const char *ct)
{
	char *sbegin = *s, *end;

	if (!sbegin)
		return NULL;
	end = sbegin + strcspn(sbegin, ct);
	if (*end)
		*end++ = '\0';
	else
		end = NULL;
	*s = end;
	return sbegin;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

/* Copy with truncation, as Linux's strscpy: dst is always terminated when size > 0. Returns the
 * length copied, or -E2BIG when src did not fit (dst then holds its first size - 1 bytes). */
ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	if (!size)
		return -E2BIG;
	while (n + 1 < size && src[n]) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
	return src[n] ? -E2BIG : (ssize_t)n;
}

/* Append with truncation; returns the length it tried to create (>= size means truncated). */
size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(dst, size), slen = strlen(src);

	if (len == size)
		return len + slen;
	memcpy(dst + len, src, min(slen, size - len - 1));
	dst[len + min(slen, size - len - 1)] = '\0';
	return len + slen;
}

/* Shell-style matching of '*' and '?', used by ktest=<glob> to select suites. */
bool glob_match(const char *pat, const char *str)
{
	const char *star = NULL, *resume = NULL;

	while (*str) {
		if (*pat == '*') {
			star = pat++;
			resume = str;
		} else if (*pat == '?' || *pat == *str) {
			pat++;
			str++;
		} else if (star) {
			pat = star + 1;
			str = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}
