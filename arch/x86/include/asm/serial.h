/* COM1 serial console, and its interrupt: the receive rings, and the transmit ring of program
 * output. */
#ifndef _ASM_SERIAL_H
#define _ASM_SERIAL_H

#include <linux/types.h>

#define COM1_BASE	0x3f8
#define COM1_IRQ	4
#define UART_RX		0	/* receive buffer (DLAB=0) */
#define UART_TX		0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_IER_RDI	0x01	/* interrupt when received data is available */
#define UART_IER_THRI	0x02	/* interrupt when the transmit holding register is empty */
#define UART_DLM	1
#define UART_IIR	2	/* read */
#define UART_IIR_NO_INT	0x01	/* no interrupt pending */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_MCR_NORMAL	0x0b	/* DTR, RTS, OUT2 (OUT2 gates the IRQ line on a PC) */
#define UART_MCR_LOOP	0x10
#define UART_LSR	5
#define UART_LSR_DR	0x01
#define UART_LSR_BI	0x10	/* a BREAK was received (with a NUL byte) */
#define UART_LSR_THRE	0x20
/* The transmit ring (Linux's UART_XMIT_SIZE, a page). */
#define UART_XMIT_SIZE	4096

void serial_init(void);
/* Request IRQ 4 (threaded: irq/4-ttyS0) and enable the interrupt (kernel_init, once kthreadd
 * runs). */
void serial_init_irq(void);
bool serial_rx_irq_enabled(void);
/* A received byte, or -1 when none is waiting: from the interrupt-fed ring, or polled from the
 * UART when it has no interrupt. */
int serial_getc(void);
/* Bytes of program output still in the transmit ring. */
unsigned int uart_chars_in_buffer(void);

/* Interrupts that found received bytes, and bytes dropped because the ring was full. */
extern unsigned long serial_rx_irqs, serial_rx_dropped;
/* Interrupts that fed the transmitter, and bytes sent from the transmit ring (Linux's
 * icount.tx), by the THRE interrupt or by printk's flush ahead of a message. */
extern unsigned long serial_tx_chars, serial_tx_irqs;

#endif
