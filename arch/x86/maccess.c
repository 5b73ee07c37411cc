/* copy_from_kernel_nofault(): read kernel memory that may be unmapped (a guard page, a corrupt
 * pointer in a backtrace). Each load has an exception-table entry whose fixup reports -EFAULT. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <asm/extable.h>

/* One load of a 'type' from src to dst; on a fault err becomes -EFAULT and dst is untouched. */
#define __get_kernel_nofault(dst, src, type, err)				\
do {										\
	type __val;								\
	__asm__ __volatile__("1:	mov %[mem], %[val]\n"			\
			     "2:\n"						\
			     "	.pushsection .text.fixup, \"ax\"\n"		\
			     "3:	mov %[efault], %[ret]\n"			\
			     "	jmp 2b\n"					\
			     "	.popsection\n"					\
			     _ASM_EXTABLE(1b, 3b)				\
			     : [ret] "+r"(err), [val] "=r"(__val)		\
			     : [mem] "m"(*(const type *)(src)), [efault] "i"(-EFAULT)); \
	if (!(err))								\
		__builtin_memcpy(dst, &__val, sizeof(type));			\
} while (0)

#define copy_chunks(dst, src, size, type, err)				\
	for (; (size) >= sizeof(type) && !(err); (dst) += sizeof(type),	\
	     (src) += sizeof(type), (size) -= sizeof(type))			\
		__get_kernel_nofault(dst, src, type, err)

/**
 * copy_from_kernel_nofault - safely read from a kernel address
 * @dst: the kernel buffer to write
 * @src: the kernel address to read, which may be unmapped
 * @size: the number of bytes
 *
 * Copies in the largest chunks first (8, 4, 2, then 1 bytes); each load has an exception-table
 * entry, so a fault on @src (a guard page, a corrupt pointer in a backtrace) ends the copy with
 * -EFAULT instead of an oops.
 *
 * Linux 6.1: also asks copy_from_kernel_nofault_allowed() (which refuses user addresses on
 * x86) and disables page faults around the copy; this one does neither, so @src should be a
 * kernel address (a fault there is never handled by sleeping).
 *
 * Context: any, including NMI and interrupts off.
 * Return: 0 on success, -EFAULT if any byte of @src was unreadable (@dst then holds an
 * unspecified prefix of the data).
 */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	char *d = dst;
	const char *s = src;
	long err = 0;

	copy_chunks(d, s, size, u64, err);
	copy_chunks(d, s, size, u32, err);
	copy_chunks(d, s, size, u16, err);
	copy_chunks(d, s, size, u8, err);
	return err ? -EFAULT : 0;
}
