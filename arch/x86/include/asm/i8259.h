/* The legacy 8259A PICs: remapped off the exception vectors and masked for good. */
#ifndef _ASM_I8259_H
#define _ASM_I8259_H

#include <linux/types.h>

#define PIC_MASTER_CMD		0x20
#define PIC_MASTER_IMR		0x21
#define PIC_SLAVE_CMD		0xa0
#define PIC_SLAVE_IMR		0xa1

/* Whether the machine has PICs (the MADT's PCAT_COMPAT flag, or no MADT at all). */
bool legacy_pic_present(void);
/* Remap to PIC_MASTER_VECTOR/PIC_SLAVE_VECTOR and mask every line; nothing if absent. */
void init_8259A(void);

#endif
