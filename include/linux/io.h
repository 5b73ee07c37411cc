/* Mapping device and firmware memory into the kernel: ioremap (uncached, for MMIO registers),
 * ioremap_wc (write-combining, for framebuffers), memremap (write-back, for firmware tables such
 * as ACPI's that may sit outside the direct map). All work from paging_init() on. */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <asm/io.h>

void *ioremap(phys_addr_t phys_addr, size_t size);
void *ioremap_wc(phys_addr_t phys_addr, size_t size);
void iounmap(volatile void *addr);
void *memremap(phys_addr_t phys_addr, size_t size);
void memunmap(void *addr);

#endif
