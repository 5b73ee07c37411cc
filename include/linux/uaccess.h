/* Moving data between the kernel and user space (Linux's include/linux/uaccess.h): every access
 * is checked against the user half and carries an exception-table fix-up, so a bad pointer
 * costs -EFAULT (or a short count), never an oops; plus copy_from_kernel_nofault() for kernel
 * memory that may be unmapped. Implemented in arch/x86/usercopy.c and arch/x86/maccess.c. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <asm/uaccess.h>

/* Copy size bytes from src to dst; 0 on success, -EFAULT if any byte of src was unreadable
 * (dst then holds an unspecified prefix of the data). */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);

/*
 * copy_to_user(), copy_from_user(), clear_user(): the bytes NOT copied (0 on success), as
 * Linux. copy_from_user() zeroes what it could not copy. strncpy_from_user(): the length of
 * the string copied (without its NUL), @count if no NUL came within @count bytes (dst is then
 * not terminated), or -EFAULT. All may sleep (faults bring pages in); kernel-doc at the
 * definitions.
 */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);

#endif
