/* Copying to and from user space (Linux's arch/x86/lib/usercopy_64.c, copy_user_64.S and
 * lib/strncpy_from_user.c): string moves that stop at the first fault, through the exception
 * table, and report how much was left. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/extable.h>

/*
 * rep movsb: a fault leaves RCX at the bytes not yet moved, and the fix-up resumes right after
 * the instruction, so the count is exact. Linux 6.1 moves 8 bytes at a time where it can and
 * may report a few bytes less than were copied; Spindle's byte count is exact.
 */
static unsigned long copy_user_generic(void *to, const void *from, unsigned long n)
{
	stac();
	__asm__ __volatile__("1:	rep movsb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to), "+S"(from) : : "memory");
	clac();
	return n;
}

static unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return copy_user_generic((void __force *)to, from, n);
}

static unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return copy_user_generic(to, (const void __force *)from, n);
}

/**
 * copy_to_user - copy @n bytes from the kernel to user space
 * @to: user destination
 * @from: kernel source
 * @n: bytes
 *
 * Context: process context; may sleep (faults bring pages in).
 * Return: the bytes not copied: 0 on success, @n if the range is not all below TASK_SIZE_MAX.
 */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return raw_copy_to_user(to, from, n);
}

/**
 * copy_from_user - copy @n bytes from user space to the kernel
 * @to: kernel destination; the bytes that could not be read are zeroed
 * @from: user source
 * @n: bytes
 *
 * Context: process context; may sleep (faults bring pages in).
 * Return: the bytes not copied: 0 on success, @n if the range is not all below TASK_SIZE_MAX.
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long res = n;

	if (access_ok(from, n))
		res = raw_copy_from_user(to, from, n);
	if (res)
		memset((char *)to + (n - res), 0, res);
	return res;
}

/**
 * clear_user - zero @n bytes of user space
 * @to: user destination
 * @n: bytes
 *
 * Context: process context; may sleep. Return: the bytes not zeroed (0 on success).
 */
unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	stac();
	__asm__ __volatile__("1:	rep stosb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to) : "a"(0) : "memory");
	clac();
	return n;
}

/**
 * strncpy_from_user - copy a NUL-terminated string from user space
 * @dst: kernel buffer of at least @count bytes
 * @src: user source
 * @count: the most bytes to copy, the NUL included
 *
 * Only bytes below TASK_SIZE_MAX are read: a string running into it faults as at an unmapped
 * page. Linux 6.1 reads a word at a time; Spindle a byte at a time.
 *
 * Context: process context; may sleep.
 * Return: the string's length (without the NUL, which is copied) if it is shorter than @count;
 * @count if no NUL came within @count bytes (@dst is then not terminated); -EFAULT if a byte
 * could not be read (@src not below TASK_SIZE_MAX at all, or unmapped).
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long addr = (unsigned long)src;
	long max, i;

	if (count <= 0)
		return 0;
	if (addr >= TASK_SIZE_MAX)
		return -EFAULT;
	max = min_t(unsigned long, count, TASK_SIZE_MAX - addr);
	for (i = 0; i < max; i++) {
		char c;

		if (get_user(c, src + i))
			return -EFAULT;
		dst[i] = c;
		if (!c)
			return i;
	}
	/* Stopped by TASK_SIZE_MAX before @count: the next byte is not user memory. */
	return max < count ? -EFAULT : count;
}
