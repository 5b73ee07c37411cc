/* Force-included into every host build of lib/ and the tests that call it: gives the kernel's
 * string and printf functions their own names, so they neither clash with libc's nor get swapped
 * for libc's (or ASan's) by the compiler or the linker. */
#define memset		spindle_memset
#define memcpy		spindle_memcpy
#define memmove		spindle_memmove
#define memcmp		spindle_memcmp
#define memchr		spindle_memchr
#define strlen		spindle_strlen
#define strnlen		spindle_strnlen
#define strcmp		spindle_strcmp
#define strncmp		spindle_strncmp
#define strchr		spindle_strchr
#define strrchr		spindle_strrchr
#define strstr		spindle_strstr
#define strscpy		spindle_strscpy
#define strlcat		spindle_strlcat
#define strspn		spindle_strspn
#define strcspn		spindle_strcspn
#define strsep		spindle_strsep
#define sort		spindle_sort
#define vsnprintf	spindle_vsnprintf
#define snprintf	spindle_snprintf
#define scnprintf	spindle_scnprintf
#define printk		spindle_printk
#define vprintk		spindle_vprintk
#define ffs		spindle_ffs
#define fls		spindle_fls
