/* 16550 UART on COM1 (115200 8N1): the first console, and the one the self-tests report on. */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/serial.h>

#define COM1_BASE	0x3f8
#define UART_RX		0	/* receive buffer (DLAB=0) */
#define UART_TX		0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20
#define UART_MCR_LOOP	0x10

static bool serial_present;

/* A UART that never drains must not hang the kernel: give up on a byte after ~1 ms of polls. */
static void serial_putc(char c)
{
	for (int i = 0; i < 100000; i++) {
		if (inb(COM1_BASE + UART_LSR) & UART_LSR_THRE)
			break;
		cpu_relax();
	}
	outb(c, COM1_BASE + UART_TX);
}

static void serial_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

int serial_getc(void)
{
	if (!serial_present || !(inb(COM1_BASE + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1_BASE + UART_RX);
}

/* Program 115200 8N1 with FIFOs and check, in loopback mode, that a UART answers at all. */
void serial_init(void)
{
	outb(0x00, COM1_BASE + UART_IER);
	outb(0x80, COM1_BASE + UART_LCR);
	outb(0x01, COM1_BASE + UART_DLL);
	outb(0x00, COM1_BASE + UART_DLM);
	outb(0x03, COM1_BASE + UART_LCR);
	outb(0xc7, COM1_BASE + UART_FCR);
	outb(UART_MCR_LOOP | 0x0b, COM1_BASE + UART_MCR);
	outb(0xae, COM1_BASE + UART_TX);
	for (int i = 0; i < 1000 && !(inb(COM1_BASE + UART_LSR) & UART_LSR_DR); i++)
		cpu_relax();
	serial_present = inb(COM1_BASE + UART_RX) == 0xae;
	outb(0x0b, COM1_BASE + UART_MCR);
	if (serial_present)
		register_console(&serial_console);
}
