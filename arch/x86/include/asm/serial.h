/* COM1 serial console. */
#ifndef _ASM_SERIAL_H
#define _ASM_SERIAL_H

void serial_init(void);
/* A received byte, or -1 when none is waiting (polled; the shell reads with it). */
int serial_getc(void);

#endif
