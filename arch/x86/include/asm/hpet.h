/* The HPET (High Precision Event Timer): its base address from the ACPI HPET table and the
 * registers Spindle uses (the main counter, to calibrate and check the TSC). */
#ifndef _ASM_HPET_H
#define _ASM_HPET_H

#include <linux/types.h>

#define HPET_MMAP_SIZE		1024
#define HPET_ID			0x000
#define HPET_PERIOD		0x004	/* capabilities, high half: tick in fs */
#define HPET_CFG		0x010
#define HPET_COUNTER		0x0f0

#define HPET_ID_NUMBER_MASK	0x00001f00
#define HPET_ID_NUMBER_SHIFT	8
#define HPET_ID_64BIT		(1 << 13)
#define HPET_CFG_ENABLE		(1 << 0)
/* The specification's limit: a tick of at most 100 ns (a counter of at least 10 MHz). */
#define HPET_MAX_PERIOD_FS	100000000U

extern u64 hpet_address;		/* from the ACPI HPET table; 0 when there is none */

#endif
