/* 16550 UART on COM1 (115200 8N1): the first console, and the one the self-tests report on.
 * One interrupt (ISA IRQ 4 through the IOAPIC) serves both directions: received bytes go into a
 * ring the console's reader takes from (a BREAK and a key are a Magic SysRq request), and
 * program output waits in a transmit ring that the THRE interrupt drains. Kernel messages are
 * written synchronously, by polling, as Linux's serial console writes them. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/panic.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/sysrq.h>
#include <linux/tty.h>
#include <linux/wait.h>
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

/*
 * The transmit side, Linux's uart_state.xmit circ buffer. port_lock (Linux's uart_port.lock)
 * protects the ring (xmit_buf, xmit_head, xmit_tail), serial_ier and the UART's IER and THR:
 * the writer filling the ring, the interrupt draining it and printk's polled write, which masks
 * IER, exclude each other with it. Taken with interrupts off (the interrupt handler takes it),
 * and never held across a printk, whose serial write takes it. The receive side goes without.
 */
static DEFINE_SPINLOCK(port_lock);
static u8 serial_ier;		/* what IER holds, except while printk's write has it masked */
static char xmit_buf[UART_XMIT_SIZE];
static unsigned int xmit_head, xmit_tail;	/* free-running: the ring holds head - tail */
unsigned long serial_tx_chars, serial_tx_irqs;
/* Linux's tty->write_wait: a writer sleeps here while the ring is full. */
static DECLARE_WAIT_QUEUE_HEAD(tty_write_wait);

/* A 16550A's transmit FIFO: what one THRE interrupt may load (Linux's tx_loadsz). */
#define UART_TX_LOADSZ	16
/* The writer is woken once the ring is down to this (Linux's WAKEUP_CHARS), not per byte. */
#define WAKEUP_CHARS	256

/*
 * Reading LSR clears its BREAK bit. A polled write that sees one keeps it here for the receive
 * interrupt, which would otherwise take the BREAK's NUL for a typed byte (Linux's
 * lsr_saved_flags).
 */
static u8 lsr_saved_flags;

static u8 serial_lsr_in(void)
{
	u8 saved = __atomic_exchange_n(&lsr_saved_flags, 0, __ATOMIC_RELAXED);

	return inb(COM1_BASE + UART_LSR) | saved;
}

/* Wait for the holding register to empty. A UART that never drains must not hang the kernel:
 * give up after ~1 ms of polls. Returns false then. */
static bool wait_for_xmitr(void)
{
	for (int i = 0; i < 100000; i++) {
		u8 lsr = inb(COM1_BASE + UART_LSR);

		if (lsr & UART_LSR_BI)
			__atomic_or_fetch(&lsr_saved_flags, UART_LSR_BI, __ATOMIC_RELAXED);
		if (lsr & UART_LSR_THRE)
			return true;
		cpu_relax();
	}
	return false;
}

/* Linux's serial8250_console_putchar(): a byte the line does not take in time is written
 * anyway, over the last, rather than stall the kernel. */
static void serial_putc(char c)
{
	wait_for_xmitr();
	outb(c, COM1_BASE + UART_TX);
}

/* Linux's __start_tx(): THRE interrupts on. A 16550 raises one at once when its holding
 * register is empty already, which starts the draining. Called with port_lock held. */
static void start_tx(void)
{
	if (!(serial_ier & UART_IER_THRI)) {
		serial_ier |= UART_IER_THRI;
		outb(serial_ier, COM1_BASE + UART_IER);
	}
}

/* Linux's __stop_tx(): nothing left to send, so no more THRE interrupts. port_lock held. */
static void stop_tx(void)
{
	if (serial_ier & UART_IER_THRI) {
		serial_ier &= ~UART_IER_THRI;
		outb(serial_ier, COM1_BASE + UART_IER);
	}
}

/*
 * Linux's serial8250_tx_chars(): the THRE interrupt loads up to a FIFO's worth from the ring
 * and turns itself off once the ring is empty. Called with port_lock held. Returns true when
 * the ring is low enough to wake a writer (done by the caller, after the lock).
 */
static bool serial8250_tx_chars(void)
{
	for (int count = UART_TX_LOADSZ; count && xmit_tail != xmit_head; count--) {
		outb(xmit_buf[xmit_tail % UART_XMIT_SIZE], COM1_BASE + UART_TX);
		xmit_tail++;
		serial_tx_chars++;
	}
	if (xmit_tail == xmit_head)
		stop_tx();
	return xmit_head - xmit_tail < WAKEUP_CHARS;
}

/*
 * Put what the ring holds on the line by polling, ahead of a kernel message, so the line
 * carries everything in the order it was written. A line that stops taking bytes ends it: the
 * rest stays queued, behind the message. Called with port_lock held and IER masked.
 */
static void serial_flush_xmit(void)
{
	while (xmit_tail != xmit_head && wait_for_xmitr()) {
		outb(xmit_buf[xmit_tail % UART_XMIT_SIZE], COM1_BASE + UART_TX);
		xmit_tail++;
		serial_tx_chars++;
	}
}

/*
 * printk's write, Linux's serial8250_console_write(): polled, with IER masked so the THRE
 * interrupt does not feed the transmitter meanwhile, then IER as it was. If the flush emptied
 * the ring, the restored THRI raises one more THRE interrupt, which stops the transmitter and
 * wakes a waiting writer. Linux 6.1 does not flush the ring first: a console message may
 * overtake queued program output there; here printk's redraw of the typed line relies on the
 * order.
 */
static void serial8250_console_write(struct console *con, const char *s, size_t n)
{
	unsigned long flags;
	bool locked = true;

	/* A panic must get its words out even if this CPU died holding the lock. */
	local_irq_save(flags);
	if (oops_in_progress)
		locked = spin_trylock(&port_lock);
	else
		spin_lock(&port_lock);
	outb(0, COM1_BASE + UART_IER);
	serial_flush_xmit();
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
	outb(serial_ier, COM1_BASE + UART_IER);
	if (locked)
		spin_unlock(&port_lock);
	local_irq_restore(flags);
}

/*
 * A THRE interrupt can be lost: the ISA line is edge-triggered, and the IOAPIC drops an edge
 * that comes while its pin is masked. Masking and unmasking IER lowers the line and, if the
 * UART still wants an interrupt, raises it again: a new edge. Linux 6.1's 8250 has a backup
 * timer (serial8250_backup_timeout()) for UARTs known to lose THRE interrupts; here a writer
 * that waited TX_KICK_TIMEOUT for room while not a byte left the ring does this, and so does
 * an interrupt handler that gave up.
 */
#define TX_KICK_TIMEOUT	(HZ / 5)

static void serial_kick_tx(void)
{
	unsigned long flags;

	spin_lock_irqsave(&port_lock, flags);
	outb(0, COM1_BASE + UART_IER);
	outb(serial_ier, COM1_BASE + UART_IER);
	spin_unlock_irqrestore(&port_lock, flags);
}

/*
 * Linux's uart_write(), with n_tty's ONLCR folded in ("\n" goes out as "\r\n", both or
 * neither): copy what fits of @s into the ring and start the transmitter. Never sleeps.
 * Returns how many bytes of @s were taken, 0 when the ring is full.
 */
static size_t uart_write(const char *s, size_t n)
{
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&port_lock, flags);
	for (i = 0; i < n; i++) {
		unsigned int room = UART_XMIT_SIZE - (xmit_head - xmit_tail);

		if (room < (s[i] == '\n' ? 2U : 1U))
			break;
		if (s[i] == '\n')
			xmit_buf[xmit_head++ % UART_XMIT_SIZE] = '\r';
		xmit_buf[xmit_head++ % UART_XMIT_SIZE] = s[i];
	}
	if (xmit_head != xmit_tail)
		start_tx();
	spin_unlock_irqrestore(&port_lock, flags);
	return i;
}

/*
 * The serial console's tty_write (struct console): program output. On Linux, write(2) to
 * /dev/ttyS0 goes tty_write() -> n_tty_write(), which sleeps on tty->write_wait while the
 * driver has no room -> uart_write() into the xmit ring -> start_tx() -> the THRE interrupt ->
 * serial8250_tx_chars(). Here the same path serves the one tty. Where sleeping is not allowed,
 * or no interrupt will drain the ring, it writes as printk does.
 */
static void serial_tty_write(struct console *con, const char *s, size_t n)
{
	/* Linux 6.1: a tty write always comes from a process; console_write() may come from
	 * anywhere, so the context is checked here. */
	if (!serial_irq_on || in_atomic() || irqs_disabled() || oops_in_progress) {
		serial8250_console_write(con, s, n);
		return;
	}
	while (n) {
		unsigned long sent = READ_ONCE(serial_tx_chars);
		size_t done = 0;
		long ret = wait_event_interruptible_timeout(tty_write_wait,
							    (done = uart_write(s, n)),
							    TX_KICK_TIMEOUT);

		/* A signal (Ctrl-C) ends the wait, and the rest is dropped, as n_tty_write()
		 * returns early with what it wrote. */
		if (ret < 0)
			return;
		if (!ret && READ_ONCE(serial_tx_chars) == sent)
			serial_kick_tx();
		s += done;
		n -= done;
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial8250_console_write,
	.tty_write = serial_tty_write,
};

/**
 * uart_chars_in_buffer - bytes of program output still queued for the serial line
 *
 * Linux's uart_chars_in_buffer(), what tty_wait_until_sent() waits on.
 *
 * Context: any. Return: the bytes in the transmit ring, "\r" of each "\n" included.
 */
unsigned int uart_chars_in_buffer(void)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&port_lock, flags);
	n = xmit_head - xmit_tail;
	spin_unlock_irqrestore(&port_lock, flags);
	return n;
}

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

/* Linux's serial8250_rx_chars(): drain the receive FIFO (reading RX is what clears the
 * receive interrupt). @lsr: LSR as the handler read it. Returns true if a byte was queued. */
static bool serial8250_rx_chars(u8 lsr)
{
	bool queued = false;

	for (; lsr & UART_LSR_DR; lsr = serial_lsr_in()) {
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
		queued = true;
	}
	return queued;
}

/* Rounds of one handler call before it lets go (Linux's PASS_LIMIT). */
#define PASS_LIMIT	512

/*
 * COM1's interrupt, Linux's serial8250_handle_irq() inside serial8250_interrupt(): IIR names
 * a cause, LSR says which sides have work, and both are served, until IIR has none left. The
 * ISA line is edge-triggered: returning while the UART still holds it raised would mean no
 * new edge, and no interrupt, ever again. The receive side runs without port_lock, because a
 * SysRq key's handler prints, and printk's serial write takes that lock.
 */
static void serial8250_interrupt(struct pt_regs *regs, void *data)
{
	bool rx = false, tx = false;
	unsigned long flags;
	int pass;

	for (pass = 0; pass < PASS_LIMIT; pass++) {
		bool wake = false;
		u8 lsr;

		if (inb(COM1_BASE + UART_IIR) & UART_IIR_NO_INT)
			break;
		lsr = serial_lsr_in();
		if (lsr & (UART_LSR_DR | UART_LSR_BI)) {
			rx = true;
			if (serial8250_rx_chars(lsr))
				tty_input_wake();
		}
		spin_lock_irqsave(&port_lock, flags);
		if ((lsr & UART_LSR_THRE) && (serial_ier & UART_IER_THRI)) {
			tx = true;
			wake = serial8250_tx_chars();
		}
		spin_unlock_irqrestore(&port_lock, flags);
		if (wake)
			wake_up(&tty_write_wait);
	}
	/* Linux 6.1 reports "too much work for irq" and returns. With the line still raised that
	 * would be its last edge. */
	if (pass == PASS_LIMIT)
		serial_kick_tx();
	serial_rx_irqs += rx;
	serial_tx_irqs += tx;
}

/**
 * serial_init_irq - route COM1's IRQ 4 to this CPU and enable the receive interrupt
 *
 * Through the MADT's overrides. From here on program output goes through the transmit ring
 * (the THRE interrupt is turned on while it holds bytes). Without an IOAPIC, or without a UART,
 * serial_getc() keeps polling and program output is written as printk writes it.
 *
 * Context: boot, interrupts off, after init_IRQ(). Return: nothing.
 */
void serial_init_irq(void)
{
	unsigned long flags;

	if (!serial_present ||
	    request_vector(ISA_IRQ_VECTOR(COM1_IRQ), serial8250_interrupt, NULL, "ttyS0"))
		return;
	if (io_apic_route_isa_irq(COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ), read_apic_id())) {
		free_vector(ISA_IRQ_VECTOR(COM1_IRQ));
		pr_info("serial: no IOAPIC route for IRQ %u, input is polled, output synchronous\n",
			COM1_IRQ);
		return;
	}
	/* Stale state from firmware would otherwise hold the interrupt line. */
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR)
		inb(COM1_BASE + UART_RX);
	inb(COM1_BASE + UART_IIR);
	spin_lock_irqsave(&port_lock, flags);
	serial_irq_on = true;
	serial_ier = UART_IER_RDI;
	outb(serial_ier, COM1_BASE + UART_IER);
	spin_unlock_irqrestore(&port_lock, flags);
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
