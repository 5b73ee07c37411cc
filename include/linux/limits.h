/* Path limits, with Linux's values (include/uapi/linux/limits.h). */
#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H

#define NAME_MAX	255	/* bytes in a path component, without the NUL */
#define PATH_MAX	4096	/* bytes in a path, with the NUL */

#endif
