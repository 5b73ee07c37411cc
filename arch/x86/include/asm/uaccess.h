/* x86 user-space access (Linux's arch/x86/include/asm/uaccess.h and uaccess_64.h): the range
 * check, SMAP's stac/clac around each access, and get_user()/put_user() as single moves with an
 * exception-table fix-up, so a bad user pointer costs -EFAULT, never an oops. */
#ifndef _ASM_UACCESS_H
#define _ASM_UACCESS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <asm/extable.h>
#include <asm/page.h>

/* Set once at boot when CR4.SMAP is on (arch/x86/cpu.c); stac/clac are #UD without SMAP.
 * Linux 6.1: patches stac/clac in or out with alternatives; Spindle tests this flag. */
extern bool x86_smap_enabled;

/* Open the user half to supervisor accesses (EFLAGS.AC) for one access. */
static __always_inline void stac(void)
{
	if (x86_smap_enabled)
		__asm__ __volatile__("stac" : : : "memory");
}

static __always_inline void clac(void)
{
	if (x86_smap_enabled)
		__asm__ __volatile__("clac" : : : "memory");
}

/*
 * [addr, addr+size) lies below TASK_SIZE_MAX, written so that no sum can overflow (Linux's
 * __access_ok()). Context: any. O(1).
 */
static inline bool __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long addr = (unsigned long)ptr;

	return size <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - size;
}

#define access_ok(addr, size)	__access_ok((const void __user *)(addr), (size))

/* One load of a @type at @ptr; on a fault @err becomes -EFAULT and the value 0. */
#define __get_user_asm(type, x, ptr, err)					\
do {										\
	type __gu_val;								\
	__asm__ __volatile__("1:	mov %[umem], %[val]\n"			\
			     "2:\n"						\
			     "	.pushsection .text.fixup, \"ax\"\n"		\
			     "3:	mov %[efault], %[ret]\n"		\
			     "	xor %k[val], %k[val]\n"				\
			     "	jmp 2b\n"					\
			     "	.popsection\n"					\
			     _ASM_EXTABLE(1b, 3b)				\
			     : [ret] "+r"(err), [val] "=r"(__gu_val)		\
			     : [umem] "m"(*(const type *)(ptr)), [efault] "i"(-EFAULT)); \
	(x) = (__typeof__(x))(unsigned long)__gu_val;						\
} while (0)

#define __put_user_asm(type, x, ptr, err)					\
	__asm__ __volatile__("1:	mov %[val], %[umem]\n"			\
			     "2:\n"						\
			     "	.pushsection .text.fixup, \"ax\"\n"		\
			     "3:	mov %[efault], %[ret]\n"		\
			     "	jmp 2b\n"					\
			     "	.popsection\n"					\
			     _ASM_EXTABLE(1b, 3b)				\
			     : [ret] "+r"(err), [umem] "=m"(*(type *)(ptr))	\
			     : [val] "r"((type)(unsigned long)(x)), [efault] "i"(-EFAULT))

/* A size get_user()/put_user() cannot do: a link error, as Linux's __get_user_bad(). */
extern void __bad_user_size(void);

/**
 * get_user - read one variable of 1, 2, 4 or 8 bytes from user space
 * @x: where the value goes (0 on a fault)
 * @ptr: the user address; its type gives the size
 *
 * Context: process context; may sleep (a fault brings the page in). Return: 0 or -EFAULT.
 */
#define get_user(x, ptr)							\
({										\
	const __typeof__(*(ptr)) __user *__gu_ptr = (ptr);			\
	int __gu_err = 0;							\
	if (access_ok(__gu_ptr, sizeof(*__gu_ptr))) {				\
		stac();								\
		switch (sizeof(*__gu_ptr)) {					\
		case 1:							\
			__get_user_asm(u8, x, __gu_ptr, __gu_err);	\
			break;						\
		case 2:							\
			__get_user_asm(u16, x, __gu_ptr, __gu_err);	\
			break;						\
		case 4:							\
			__get_user_asm(u32, x, __gu_ptr, __gu_err);	\
			break;						\
		case 8:							\
			__get_user_asm(u64, x, __gu_ptr, __gu_err);	\
			break;						\
		default:						\
			__bad_user_size();				\
		}								\
		clac();								\
	} else {								\
		(x) = 0;							\
		__gu_err = -EFAULT;						\
	}									\
	__gu_err;								\
})

/**
 * put_user - write one variable of 1, 2, 4 or 8 bytes to user space
 * @x: the value
 * @ptr: the user address; its type gives the size
 *
 * Context: process context; may sleep (a fault brings the page in). Return: 0 or -EFAULT.
 */
#define put_user(x, ptr)							\
({										\
	__typeof__(*(ptr)) __user *__pu_ptr = (ptr);				\
	__typeof__(*(ptr)) __pu_val = (x);					\
	int __pu_err = 0;							\
	if (access_ok(__pu_ptr, sizeof(*__pu_ptr))) {				\
		stac();								\
		switch (sizeof(*__pu_ptr)) {					\
		case 1:							\
			__put_user_asm(u8, __pu_val, __pu_ptr, __pu_err); \
			break;						\
		case 2:							\
			__put_user_asm(u16, __pu_val, __pu_ptr, __pu_err); \
			break;						\
		case 4:							\
			__put_user_asm(u32, __pu_val, __pu_ptr, __pu_err); \
			break;						\
		case 8:							\
			__put_user_asm(u64, __pu_val, __pu_ptr, __pu_err); \
			break;						\
		default:						\
			__bad_user_size();				\
		}								\
		clac();								\
	} else {								\
		__pu_err = -EFAULT;						\
	}									\
	__pu_err;								\
})

#endif
