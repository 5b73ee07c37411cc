/* Names for unit conversions of frequencies, as Linux's include/linux/units.h has them. */
#ifndef _LINUX_UNITS_H
#define _LINUX_UNITS_H

#define HZ_PER_KHZ		1000UL
#define KHZ_PER_MHZ		1000UL
#define HZ_PER_MHZ		1000000UL

#endif
