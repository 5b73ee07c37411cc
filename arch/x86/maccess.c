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
