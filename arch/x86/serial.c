/* 16550 UART on COM1 (115200 8N1): the first console, and the one the self-tests report on.
 * Received bytes arrive by interrupt (ISA IRQ 4 through the IOAPIC) into a ring buffer; a
 * BREAK and a key are a Magic SysRq request. */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/sysrq.h>
#include <linux/tty.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/serial.h>

static bool serial_present;
static bool serial_irq_on;

/*
 * One producer (the interrupt handler) and one consumer (serial_getc() callers, one at a time),
 * so head and tail need no lock: each side writes only its own index. A full ring drops the new
 * byte and counts it, as a UART overrun would.
 */
/* 8 KiB: a pasted line of 4 KiB arrives faster than a busy reader may take it. */
#define SERIAL_RX_RING	8192
static u8 rx_ring[SERIAL_RX_RING];
static unsigned int rx_head, rx_tail;
unsigned long serial_rx_irqs, serial_rx_dropped;

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

/**
 * serial_getc - the next byte received on COM1, without waiting
 *
 * Context: any, one reader at a time. Return: the byte, or -1 if none is waiting (or there is
 * no UART).
 */
int serial_getc(void)
{
	unsigned int tail = rx_tail;
	int c;

	if (!serial_present)
		return -1;
	if (!serial_irq_on) {
		if (!(inb(COM1_BASE + UART_LSR) & UART_LSR_DR))
			return -1;
		return inb(COM1_BASE + UART_RX);
	}
	if (tail == __atomic_load_n(&rx_head, __ATOMIC_ACQUIRE))
		return -1;
	c = rx_ring[tail % SERIAL_RX_RING];
	__atomic_store_n(&rx_tail, tail + 1, __ATOMIC_RELEASE);
	return c;
}

/**
 * serial_rx_irq_enabled - do received bytes come by interrupt (else serial_getc() polls)?
 *
 * Context: any. Return: true once serial_init_irq() routed COM1's IRQ.
 */
bool serial_rx_irq_enabled(void)
{
	return serial_irq_on;
}

/*
 * Magic SysRq on a serial line: a BREAK, then within SYSRQ_TIMEOUT the key. Linux's
 * uart_handle_break() and uart_handle_sysrq_char() (include/linux/serial_core.h); one UART,
 * so their port state is these two variables, touched only by the receive interrupt.
 */
#define SYSRQ_TIMEOUT	(HZ * 5)
static unsigned long sysrq_until;	/* jiffies until which the next byte is a SysRq key */
static bool sysrq_armed;

/* A BREAK arms SysRq; the NUL the UART receives with it is dropped. Returns true (drop it). */
static bool uart_handle_break(void)
{
	sysrq_armed = true;
	sysrq_until = jiffies + SYSRQ_TIMEOUT;
	return true;
}

/* The byte after a BREAK, if it comes in time, is a SysRq key. Returns true if it was one. */
static bool uart_handle_sysrq_char(u8 c)
{
	if (!sysrq_armed)
		return false;
	sysrq_armed = false;
	if (time_after(jiffies, sysrq_until))
		return false;
	handle_sysrq(c);
	return true;
}

/* Drain the receive FIFO: reading RX is what clears the UART's interrupt. */
static void serial_rx_interrupt(struct pt_regs *regs, void *data)
{
	u8 lsr;

	serial_rx_irqs++;
	while ((lsr = inb(COM1_BASE + UART_LSR)) & UART_LSR_DR) {
		u8 c = inb(COM1_BASE + UART_RX);
		unsigned int head = rx_head;

		if ((lsr & UART_LSR_BI) ? uart_handle_break() : uart_handle_sysrq_char(c))
			continue;

		if (head - __atomic_load_n(&rx_tail, __ATOMIC_ACQUIRE) >= SERIAL_RX_RING) {
			serial_rx_dropped++;
			continue;
		}
		rx_ring[head % SERIAL_RX_RING] = c;
		__atomic_store_n(&rx_head, head + 1, __ATOMIC_RELEASE);
		tty_receive_char(c);
	}
	if (rx_head != __atomic_load_n(&rx_tail, __ATOMIC_ACQUIRE))
		tty_input_wake();
}

/**
 * serial_init_irq - route COM1's IRQ 4 to this CPU and enable the receive interrupt
 *
 * Through the MADT's overrides. Without an IOAPIC, or without a UART, serial_getc() keeps
 * polling.
 *
 * Context: boot, interrupts off, after init_IRQ(). Return: nothing.
 */
void serial_init_irq(void)
{
	if (!serial_present || request_vector(ISA_IRQ_VECTOR(COM1_IRQ), serial_rx_interrupt, NULL, "ttyS0"))
		return;
	if (io_apic_route_isa_irq(COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ), read_apic_id())) {
		free_vector(ISA_IRQ_VECTOR(COM1_IRQ));
		pr_info("serial: no IOAPIC route for IRQ %u, input is polled\n", COM1_IRQ);
		return;
	}
	/* Stale state from firmware would otherwise hold the interrupt line. */
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR)
		inb(COM1_BASE + UART_RX);
	inb(COM1_BASE + UART_IIR);
	serial_irq_on = true;
	outb(UART_IER_RDI, COM1_BASE + UART_IER);
}

/**
 * serial_init - program COM1 for 115200 8N1 with FIFOs and register it as a console
 *
 * In loopback mode it first checks that a UART answers at all; a machine without one gets no
 * serial console rather than a hang.
 *
 * Context: the earliest boot, interrupts off. Return: nothing.
 */
void serial_init(void)
{
	outb(0x00, COM1_BASE + UART_IER);
	outb(0x80, COM1_BASE + UART_LCR);
	outb(0x01, COM1_BASE + UART_DLL);
	outb(0x00, COM1_BASE + UART_DLM);
	outb(0x03, COM1_BASE + UART_LCR);
	/* FIFOs on, receive trigger at 1 byte: an interrupt per byte typed, not per 14. */
	outb(0x07, COM1_BASE + UART_FCR);
	outb(UART_MCR_LOOP | UART_MCR_NORMAL, COM1_BASE + UART_MCR);
	outb(0xae, COM1_BASE + UART_TX);
	for (int i = 0; i < 1000 && !(inb(COM1_BASE + UART_LSR) & UART_LSR_DR); i++)
		cpu_relax();
	serial_present = inb(COM1_BASE + UART_RX) == 0xae;
	outb(UART_MCR_NORMAL, COM1_BASE + UART_MCR);
	if (serial_present)
		register_console(&serial_console);
}
