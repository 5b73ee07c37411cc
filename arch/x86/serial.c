/*
 * 16550 UART on COM1 (115200 8N1): the first console, and the one the self-tests report on.
 * One interrupt (ISA IRQ 4, a threaded IRQ: request_threaded_irq()) serves both directions.
 * The hard handler drains the receive FIFO into a flip ring and feeds the transmitter from
 * the transmit ring, where program output waits; the irq/4-ttyS0 thread then takes the
 * received bytes: a BREAK and a key are a Magic SysRq request, the others go into the ring the
 * console's reader takes from. Kernel messages are written synchronously, by polling, as
 * Linux's serial console writes them.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/panic.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/sysrq.h>
#include <linux/tty.h>
#include <linux/wait.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/serial.h>

static bool serial_present;
static bool serial_irq_on;

/*
 * Receiving goes through two rings. The flip ring (Linux's tty flip buffer) takes what the hard
 * handler drains from the FIFO, each byte with its flag: TTY_BREAK for the NUL a BREAK comes
 * with. The irq/4-ttyS0 thread empties it into the read ring (n_tty's read buffer), which
 * serial_getc() takes from. Each ring has one producer and one consumer, so head and tail need
 * no lock: each side writes only its own index. A full ring drops the new byte and counts it
 * (serial_rx_dropped, which both producers add to atomically), as a UART overrun would.
 */
#define TTY_NORMAL	0
#define TTY_BREAK	1
/* What the thread may fall behind by: four times the FIFOs a 115200-baud line fills a tick. */
#define SERIAL_FLIP_SIZE	4096
static u8 flip_char[SERIAL_FLIP_SIZE], flip_flag[SERIAL_FLIP_SIZE];
static unsigned int flip_head, flip_tail;
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
 * Context: any. Return: true once serial_init_irq() requested COM1's IRQ.
 */
bool serial_rx_irq_enabled(void)
{
	return serial_irq_on;
}

/*
 * Magic SysRq on a serial line: a BREAK, then within SYSRQ_TIMEOUT the key. Linux's
 * uart_handle_break() and uart_handle_sysrq_char() (include/linux/serial_core.h); one UART,
 * so their port state is these two variables, touched only by the irq/4-ttyS0 thread.
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

/*
 * Linux's serial8250_rx_chars(): drain the receive FIFO (reading RX is what clears the receive
 * interrupt) into the flip ring. @lsr: LSR as the handler read it. Returns true if a byte was
 * queued for the thread.
 */
static bool serial8250_rx_chars(u8 lsr)
{
	bool queued = false;

	for (; lsr & UART_LSR_DR; lsr = serial_lsr_in()) {
		u8 c = inb(COM1_BASE + UART_RX);
		unsigned int head = flip_head;

		if (head - __atomic_load_n(&flip_tail, __ATOMIC_ACQUIRE) >= SERIAL_FLIP_SIZE) {
			__atomic_add_fetch(&serial_rx_dropped, 1, __ATOMIC_RELAXED);
			continue;
		}
		flip_char[head % SERIAL_FLIP_SIZE] = c;
		flip_flag[head % SERIAL_FLIP_SIZE] = lsr & UART_LSR_BI ? TTY_BREAK : TTY_NORMAL;
		__atomic_store_n(&flip_head, head + 1, __ATOMIC_RELEASE);
		queued = true;
	}
	return queued;
}

/*
 * COM1's thread function, in irq/4-ttyS0: what Linux does for received bytes after the hard
 * handler, in process context. A BREAK arms SysRq and the key after it runs handle_sysrq()
 * (Linux: uart_handle_break() and uart_handle_sysrq_char(), in the hard handler); every other
 * byte goes into the read ring, Ctrl-C signals the foreground task (Linux: flush_to_ldisc()
 * in a kworker, then n_tty), and the reader is woken.
 */
static irqreturn_t serial8250_rx_thread(int irq, void *dev_id)
{
	unsigned int tail = flip_tail;
	bool queued = false;

	while (tail != __atomic_load_n(&flip_head, __ATOMIC_ACQUIRE)) {
		u8 c = flip_char[tail % SERIAL_FLIP_SIZE];
		u8 flag = flip_flag[tail % SERIAL_FLIP_SIZE];
		unsigned int head = rx_head;

		__atomic_store_n(&flip_tail, ++tail, __ATOMIC_RELEASE);
		if (flag == TTY_BREAK ? uart_handle_break() : uart_handle_sysrq_char(c))
			continue;
		if (head - __atomic_load_n(&rx_tail, __ATOMIC_ACQUIRE) >= SERIAL_RX_RING) {
			__atomic_add_fetch(&serial_rx_dropped, 1, __ATOMIC_RELAXED);
			continue;
		}
		rx_ring[head % SERIAL_RX_RING] = c;
		__atomic_store_n(&rx_head, head + 1, __ATOMIC_RELEASE);
		tty_receive_char(c);
		queued = true;
	}
	if (queued)
		tty_input_wake();
	return IRQ_HANDLED;
}

/* Rounds of one handler call before it lets go (Linux's PASS_LIMIT). */
#define PASS_LIMIT	512

/*
 * COM1's hard handler, Linux's serial8250_handle_irq() inside serial8250_interrupt(): IIR
 * names a cause, LSR says which sides have work, and both are served, until IIR has none left.
 * The ISA line is edge-triggered: returning while the UART still holds it raised would mean no
 * new edge, and no interrupt, ever again. That is also why the request is not IRQF_ONESHOT:
 * the UART is quiet when this returns, so the line can stay unmasked while the thread runs,
 * and an edge that came while it was masked would be lost. The receive side takes the bytes
 * off the UART and leaves the rest to the thread (IRQ_WAKE_THREAD); it runs without port_lock,
 * which only the transmit side needs.
 */
static irqreturn_t serial8250_interrupt(int irq, void *dev_id)
{
	bool rx = false, tx = false, queued = false;
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
			queued |= serial8250_rx_chars(lsr);
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
	if (queued)
		return IRQ_WAKE_THREAD;
	return pass ? IRQ_HANDLED : IRQ_NONE;
}

/**
 * serial_init_irq - request COM1's IRQ 4, threaded, and enable the receive interrupt
 *
 * The hard handler serves the UART; the received bytes' work runs in the irq/4-ttyS0 thread
 * (SCHED_FIFO 50, on CPU 0, where the line goes). From here on program output goes through the
 * transmit ring (the THRE interrupt is turned on while it holds bytes). Without an IOAPIC,
 * without memory for the thread, or without a UART, serial_getc() keeps polling and program
 * output is written as printk writes it.
 *
 * Context: kernel_init, process context, once kthreadd runs. Return: nothing.
 */
void serial_init_irq(void)
{
	unsigned long flags;
	int ret;

	if (!serial_present)
		return;
	ret = request_threaded_irq(COM1_IRQ, serial8250_interrupt, serial8250_rx_thread, 0,
				   "ttyS0", NULL);
	if (ret) {
		pr_info("serial: cannot get IRQ %u (%d), input is polled, output synchronous\n",
			COM1_IRQ, ret);
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
