/* ACPI tables: RSDP, XSDT/RSDT, MADT, HPET, FADT. */
#ifndef _LINUX_ACPI_H
#define _LINUX_ACPI_H

#include <linux/types.h>

void acpi_boot_init(void);
/* Enabled CPUs in the MADT (1 when there is no MADT). */
int acpi_num_cpus(void);
#endif
