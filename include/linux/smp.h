/* Which CPU is running this code. */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

/*
 * Only the boot CPU runs until the other CPUs are brought up and each gets its per-CPU area;
 * until then every per-CPU table is indexed by this one function, so that bring-up has exactly
 * one place to change.
 */
static inline unsigned int smp_processor_id(void)
{
	return 0;
}

#endif
