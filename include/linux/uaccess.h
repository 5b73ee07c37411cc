/* Reading kernel memory that may not be mapped: a fault during the copy is caught through the
 * exception table and reported as -EFAULT instead of an oops. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>

/* Copy size bytes from src to dst; 0 on success, -EFAULT if any byte of src was unreadable
 * (dst then holds an unspecified prefix of the data). */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);

#endif
