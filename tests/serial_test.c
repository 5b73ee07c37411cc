/* Self-tests of the serial line's output side (suite "serial"): program output written through
 * console_write() queues in COM1's transmit ring, its writer sleeps while the ring is full, and
 * the THRE interrupt drains it. */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <asm/io_apic.h>
#include <asm/serial.h>
#include <ktest.h>
#include "sched_test_util.h"

/* Twice what the ring holds, in lines of 64 bytes the KTAP parser takes for diagnostics. */
#define TX_LINE		"    # serial tx line %04d a slow line must not stall the kernel\n"
#define TX_LINE_LEN	64
#define TX_LINES	(2 * UART_XMIT_SIZE / TX_LINE_LEN)
/* Long enough for anything on the host to have happened: the guest under TCG is slow. */
#define TX_SETTLE_TICKS	(5 * HZ)

struct tx_writer {
	const char *buf;
	size_t len;
	unsigned long nvcsw_before, nvcsw_after;
	bool done;
};

struct serial_test {
	u32 gsi;			/* COM1's, masked while the case holds the line */
	bool masked;
	struct task_struct *writer, *spinner;
	struct tx_writer w;
	unsigned long spins;		/* the spinner's progress on the writer's CPU */
	char *buf;
};

static int tx_writer_fn(void *arg)
{
	struct tx_writer *w = arg;

	w->nvcsw_before = current->nvcsw;
	console_write(w->buf, w->len);
	w->nvcsw_after = current->nvcsw;
	WRITE_ONCE(w->done, true);
	return sleep_until_stopped(0);
}

static int tx_spinner_fn(void *arg)
{
	unsigned long *spins = arg;

	while (!kthread_should_stop())
		WRITE_ONCE(*spins, *spins + 1);
	return 0;
}

static int serial_test_init(struct ktest *test)
{
	struct serial_test *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	test->priv = st;
	return 0;
}

/* Whatever the case got to: the line unmasked first, so the writer can finish and stop. */
static void serial_test_exit(struct ktest *test)
{
	struct serial_test *st = test->priv;

	if (st->masked)
		unmask_ioapic_gsi(st->gsi);
	if (st->spinner)
		kthread_stop(st->spinner);
	if (st->writer) {
		for (int i = 0; i < TX_SETTLE_TICKS && !READ_ONCE(st->w.done); i++)
			schedule_timeout_uninterruptible(1);
		kthread_stop(st->writer);
	}
	kfree(st->buf);
	kfree(st);
}

/* Until @p sleeps interruptibly, off the run queue and off its CPU, in TX_SETTLE_TICKS. */
static bool wait_asleep(struct task_struct *p)
{
	for (int i = 0; i < TX_SETTLE_TICKS; i++) {
		if (READ_ONCE(p->__state) == TASK_INTERRUPTIBLE && !READ_ONCE(p->on_rq) &&
		    !READ_ONCE(p->on_cpu))
			return true;
		schedule_timeout_uninterruptible(1);
	}
	return false;
}

/*
 * The line is made as slow as a line gets: COM1's IOAPIC entry is masked, so no THRE interrupt
 * drains the ring. A thread on another CPU (the last; the boot CPU takes COM1's interrupt)
 * writes twice what the ring holds. It must go to sleep (S, not spinning, not done) while a
 * busy thread on its CPU and that CPU's tick go on. Once the line is unmasked, every byte must
 * reach the line: as many bytes sent from the ring as were written, "\r" of each "\n" included.
 * The THRE edge raised while masked was dropped by the IOAPIC, so this also proves that the
 * waiting writer's kick brings the interrupt back. Nothing may print while the line is masked:
 * printk would flush the ring itself.
 */
static void tty_write_sleeps_while_tx_ring_full(struct ktest *test)
{
	struct serial_test *st = test->priv;
	unsigned long spins, ticks, tx0;
	struct task_struct *writer;
	unsigned int cpu = 0, c;
	size_t len = 0;
	u16 flags;

	if (!serial_rx_irq_enabled())
		ktest_skip(test, "no serial interrupt: output is synchronous");
	for_each_online_cpu(c)
		cpu = c;
	st->buf = kmalloc(TX_LINES * TX_LINE_LEN + 1, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, st->buf);
	for (int i = 0; i < TX_LINES; i++)
		len += snprintf(st->buf + len, TX_LINE_LEN + 1, TX_LINE, i);
	st->w = (struct tx_writer){ .buf = st->buf, .len = len };

	/* What the ring held before (the shell's output, when run from it) goes out first. */
	for (int i = 0; i < TX_SETTLE_TICKS && uart_chars_in_buffer(); i++)
		schedule_timeout_uninterruptible(1);
	KTEST_ASSERT_UEQ(test, uart_chars_in_buffer(), 0);

	st->spinner = kthread_create_on_cpu(tx_spinner_fn, &st->spins, cpu, "tx_spin/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, st->spinner);
	writer = kthread_create_on_cpu(tx_writer_fn, &st->w, cpu, "tx_write/%u");
	KTEST_ASSERT_NOT_ERR_OR_NULL(test, writer);
	st->writer = writer;

	st->gsi = isa_irq_to_gsi(COM1_IRQ, &flags);
	tx0 = serial_tx_chars;
	mask_ioapic_gsi(st->gsi);
	st->masked = true;
	wake_up_process(st->spinner);
	wake_up_process(st->writer);

	/* (a) The writer sleeps, unfinished: the ring is full and nothing drains it. */
	KTEST_ASSERT_TRUE(test, wait_asleep(writer));
	KTEST_ASSERT_FALSE(test, READ_ONCE(st->w.done));
	spins = READ_ONCE(st->spins);
	ticks = per_cpu(tick_count, cpu);
	schedule_timeout_uninterruptible(HZ / 10);
	/* (b) Meanwhile its CPU runs other work, and ticks. */
	KTEST_EXPECT_UGT(test, READ_ONCE(st->spins), spins);
	KTEST_EXPECT_UGT(test, per_cpu(tick_count, cpu), ticks);
	KTEST_EXPECT_TRUE(test, wait_asleep(writer));
	KTEST_EXPECT_FALSE(test, READ_ONCE(st->w.done));
	/* Full: a "\n" needs two bytes of room, so one may stay free. */
	KTEST_EXPECT_UGE(test, uart_chars_in_buffer(), UART_XMIT_SIZE - 1);
	KTEST_EXPECT_UEQ(test, serial_tx_chars, tx0);
	kthread_stop(st->spinner);
	st->spinner = NULL;

	/* (c) The line drains again: the writer finishes, and every byte went out. */
	unmask_ioapic_gsi(st->gsi);
	st->masked = false;
	for (int i = 0; i < TX_SETTLE_TICKS && !(READ_ONCE(st->w.done) && !uart_chars_in_buffer());
	     i++)
		schedule_timeout_uninterruptible(1);
	KTEST_ASSERT_TRUE(test, READ_ONCE(st->w.done));
	KTEST_EXPECT_UGT(test, st->w.nvcsw_after, st->w.nvcsw_before);
	KTEST_EXPECT_UEQ(test, uart_chars_in_buffer(), 0);
	KTEST_EXPECT_UEQ(test, serial_tx_chars - tx0, len + TX_LINES);
	ktest_info(test, "%zu bytes written on CPU %u, %lu sent from the ring, %lu THRE interrupts",
		   len, cpu, serial_tx_chars - tx0, serial_tx_irqs);
}

static struct ktest_case serial_cases[] = {
	KTEST_CASE_TIMEOUT(tty_write_sleeps_while_tx_ring_full, 60),
	{}
};

static struct ktest_suite serial_suite = {
	.name = "serial",
	.cases = serial_cases,
	.init = serial_test_init,
	.exit = serial_test_exit,
};
ktest_register_suite(serial_suite);
