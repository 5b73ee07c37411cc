/* Freestanding string and memory functions: the compiler may emit calls to memcpy/memset itself,
 * so these exist from the first instruction of C. */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/word-at-a-time.h>

/**
 * memset - fill a region of memory with the given value
 * @s: pointer to the start of the area
 * @c: the byte to fill the area with
 * @n: the size of the area
 *
 * Eight bytes a step, then the tail byte by byte: Linux's memset_orig() and memcpy_orig() shape
 * for CPUs without fast "rep stosb". It matters under QEMU's TCG, where every iteration of a
 * string instruction is a step of its own: zeroing a task_struct byte by byte cost thousands.
 * The compiler may emit calls to it itself, so it works from the first instruction of C.
 *
 * Linux 6.1: memset() chooses at boot between "rep stosb" (ERMS) and memset_orig().
 *
 * Context: any. Return: @s.
 */
void *memset(void *s, int c, size_t n)
{
	unsigned long fill = 0x0101010101010101UL * (unsigned char)c, q = n / 8, b = n % 8;
	void *d = s;

	__asm__ __volatile__("rep stosq\n\t"
			     "movq %[b], %%rcx\n\t"
			     "rep stosb"
			     : "+D"(d), "+c"(q) : "a"(fill), [b] "r"(b) : "memory");
	return s;
}

/**
 * memcpy - copy one area of memory to another
 * @dst: where to copy to
 * @src: where to copy from
 * @n: the size of the area
 *
 * Eight bytes a step, then the tail, as memset(). The areas must not overlap, except that a
 * forward copy to a lower address is safe (memmove() relies on it).
 *
 * Context: any. Return: @dst.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned long q = n / 8, b = n % 8;
	void *d = dst;

	__asm__ __volatile__("rep movsq\n\t"
			     "movq %[b], %%rcx\n\t"
			     "rep movsb"
			     : "+D"(d), "+S"(src), "+c"(q) : [b] "r"(b) : "memory");
	return dst;
}

/**
 * memmove - copy one area of memory to another, the areas may overlap
 * @dst: where to copy to
 * @src: where to copy from
 * @n: the size of the area
 *
 * Forward through memcpy() unless @dst lies inside the source area; then byte by byte from
 * the end.
 *
 * Context: any. Return: @dst.
 */
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

/**
 * memcmp - compare two areas of memory
 * @a: one area
 * @b: another area
 * @n: the size of the area
 *
 * Context: any. Return: 0 if equal, else the difference of the first differing bytes (as
 * unsigned char): negative if @a's is smaller.
 */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/**
 * memchr - find a character in an area of memory
 * @s: the memory area
 * @c: the byte to search for
 * @n: the size of the area
 *
 * Context: any. Return: the address of the first occurrence of @c, or NULL if it is not found.
 */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/**
 * strlen - find the length of a string
 * @s: the string to be sized
 *
 * Context: any. Return: the number of characters before the terminating NUL.
 */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

/**
 * strnlen - find the length of a length-limited string
 * @s: the string to be sized
 * @max: the maximum number of bytes to search
 *
 * Context: any. Return: the length of @s, or @max if no NUL is among its first @max bytes.
 */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/**
 * strcmp - compare two strings
 * @a: one string
 * @b: another string
 *
 * Context: any. Return: 0 if equal, else the difference of the first differing characters (as
 * unsigned char).
 */
int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/**
 * strncmp - compare two length-limited strings
 * @a: one string
 * @b: another string
 * @n: the maximum number of bytes to compare
 *
 * Context: any. Return: 0 if the first @n characters (or all, up to a NUL) are equal, else the
 * difference of the first differing characters (as unsigned char).
 */
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

/**
 * strchr - find the first occurrence of a character in a string
 * @s: the string to be searched
 * @c: the character to search for; the terminating NUL counts, so @c 0 finds the end
 *
 * Context: any. Return: the address of the first occurrence of @c, or NULL if it is not found.
 */
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

/**
 * strrchr - find the last occurrence of a character in a string
 * @s: the string to be searched
 * @c: the character to search for; @c 0 finds the end
 *
 * Context: any. Return: the address of the last occurrence of @c, or NULL if it is not found.
 */
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

/**
 * strstr - find the first substring in a NUL-terminated string
 * @hay: the string to be searched
 * @needle: the string to search for
 *
 * O(strlen(@hay) * strlen(@needle)).
 *
 * Context: any. Return: the first occurrence of @needle in @hay, @hay itself for an empty
 * @needle, or NULL if there is none.
 */
char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

/**
 * strscpy - copy a C string into a buffer of known size
 * @dest: the buffer to copy into
 * @src: the NUL-terminated string to copy
 * @count: the size of @dest in bytes
 *
 * Copies @src into @dest, cut short to @count - 1 characters if it is longer; @dest is always
 * NUL-terminated unless @count is 0, and is not padded after the terminator. The two must not
 * overlap. No more than @count bytes of @src are read, so @src need not be terminated if it
 * fills the buffer.
 *
 * Most of the copy is done a word at a time: a word is read from @src, stored whole while it
 * has no zero byte, and the word holding the terminator is stored with the bytes after it
 * zeroed (so @dest may be written up to the end of that word, never past @count). A word may
 * therefore take in bytes after @src's terminator; where @src is not word-aligned such a word
 * could run into the next page, which need not be mapped, so the word loop stops at the end of
 * @src's page and the last bytes go one at a time.
 *
 * Context: any context.
 * Return: the number of characters copied, not counting the terminator, or -E2BIG if @count is
 * 0 or @src did not fit (then @dest holds its first @count - 1 characters).
 */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	const struct word_at_a_time constants = WORD_AT_A_TIME_CONSTANTS;
	size_t max = count;
	long res = 0;

	if (count == 0 || WARN_ON_ONCE(count > INT_MAX))
		return -E2BIG;

	/*
	 * x86 reads unaligned words at full speed, so only the page end matters: an aligned word
	 * never crosses one, an unaligned source stops its words at its own page's end.
	 */
	/* Linux 6.1: x86 has DCACHE_WORD_ACCESS: load_unaligned_zeropad() reads on, no limit. */
	if ((long)src & (sizeof(long) - 1)) {
		size_t limit = PAGE_SIZE - ((long)src & (PAGE_SIZE - 1));

		if (limit < max)
			max = limit;
	}

	while (max >= sizeof(unsigned long)) {
		unsigned long c, data;

		c = read_word_at_a_time(src + res);
		if (has_zero(c, &data, &constants)) {
			data = prep_zero_mask(c, data, &constants);
			data = create_zero_mask(data);
			*(unsigned long *)(dest + res) = c & zero_bytemask(data);
			return res + find_zero(data);
		}
		*(unsigned long *)(dest + res) = c;
		res += sizeof(unsigned long);
		count -= sizeof(unsigned long);
		max -= sizeof(unsigned long);
	}

	while (count) {
		char c;

		c = src[res];
		dest[res] = c;
		if (!c)
			return res;
		res++;
		count--;
	}

	/* The buffer is full and no terminator was seen: the last byte becomes one. */
	if (res)
		dest[res - 1] = '\0';

	return -E2BIG;
}

/**
 * strlcat - append a length-limited, NUL-terminated string to another
 * @dst: the string to be appended to
 * @src: the string to append to it
 * @size: the size of the destination buffer
 *
 * @dst stays NUL-terminated; if it holds no NUL within @size bytes nothing is written.
 *
 * Context: any. Return: the length it tried to create, strlen(@dst) + strlen(@src); a value of
 * @size or more means the result was truncated.
 */
size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(dst, size), slen = strlen(src);

	if (len == size)
		return len + slen;
	memcpy(dst + len, src, min(slen, size - len - 1));
	dst[len + min(slen, size - len - 1)] = '\0';
	return len + slen;
}

/**
 * glob_match - shell-style pattern matching, like !fnmatch(pat, str, 0)
 * @pat: the pattern; '*' matches any run of characters, '?' any one character
 * @str: the string to match
 *
 * Used by ktest=<glob> to select suites. Greedy with backtracking to the last '*', so
 * O(strlen(@pat) * strlen(@str)) at worst.
 *
 * Linux 6.1: glob_match() also takes character classes ("[a-z]", "[!0-9]") and '\' escapes.
 *
 * Context: any. Return: true if @str matches all of @pat.
 */
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
