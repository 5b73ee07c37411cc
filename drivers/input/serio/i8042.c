/* The i8042 keyboard controller (Linux's drivers/input/serio/i8042.c): what a PC's PS/2 port
 * is, and what its firmware presents a USB keyboard as in legacy mode. Keyboard port only. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <asm/io.h>

#define I8042_DATA_REG		0x60
#define I8042_STATUS_REG	0x64
#define I8042_COMMAND_REG	0x64

#define I8042_STR_OBF		0x01	/* a byte waits in the output buffer */
#define I8042_STR_IBF		0x02	/* the controller has not taken our last byte yet */
#define I8042_STR_AUXDATA	0x20	/* the waiting byte is from the mouse port */

#define I8042_CMD_CTL_RCTR	0x20
#define I8042_CMD_CTL_WCTR	0x60

#define I8042_CTR_KBDINT	0x01	/* interrupt (IRQ 1) when a keyboard byte arrives */
#define I8042_CTR_KBDDIS	0x10	/* keyboard clock off */
#define I8042_CTR_XLATE		0x40	/* translate the keyboard's set 2 into set 1 */

#define I8042_KBD_IRQ		1
#define I8042_CTL_TIMEOUT	10000	/* polls of ~1 us; Linux waits 10 ms as well */
#define I8042_BUFFER_SIZE	16	/* the most a stale controller can hold */

/* Keyboard bytes taken by interrupt; whether IRQ 1 is routed to us at all. */
unsigned long i8042_irqs;
static bool i8042_irq_on;

/* Linux's i8042_wait_write(): 0 once the controller can take a byte, -1 after ~10 ms. */
static int i8042_wait_write(void)
{
	for (int i = 0; i < I8042_CTL_TIMEOUT; i++) {
		if (!(inb(I8042_STATUS_REG) & I8042_STR_IBF))
			return 0;
		udelay(1);
	}
	return -1;
}

static int i8042_wait_read(void)
{
	for (int i = 0; i < I8042_CTL_TIMEOUT; i++) {
		if (inb(I8042_STATUS_REG) & I8042_STR_OBF)
			return 0;
		udelay(1);
	}
	return -1;
}

/* Throw away whatever the firmware left in the output buffer (bounded: a missing controller
 * reads 0xff, "always full"). */
static void i8042_flush(void)
{
	for (int i = 0; i < I8042_BUFFER_SIZE && (inb(I8042_STATUS_REG) & I8042_STR_OBF); i++) {
		udelay(50);
		inb(I8042_DATA_REG);
	}
}

static int i8042_command(u8 cmd, u8 *param, bool write)
{
	if (i8042_wait_write())
		return -1;
	outb(cmd, I8042_COMMAND_REG);
	if (write) {
		if (i8042_wait_write())
			return -1;
		outb(*param, I8042_DATA_REG);
		return 0;
	}
	if (i8042_wait_read())
		return -1;
	*param = inb(I8042_DATA_REG);
	return 0;
}

/*
 * Each keyboard byte goes to atkbd; mouse bytes (the AUX port) are dropped. A hard handler
 * alone, as Linux's: a scan code is one byte, and atkbd's work on it is short.
 */
static irqreturn_t i8042_interrupt(int irq, void *dev_id)
{
	u8 str = inb(I8042_STATUS_REG);
	u8 byte;

	if (!(str & I8042_STR_OBF))
		return IRQ_NONE;
	byte = inb(I8042_DATA_REG);
	i8042_irqs++;
	if (!(str & I8042_STR_AUXDATA))
		atkbd_interrupt(byte);
	return IRQ_HANDLED;
}

/**
 * i8042_init - find the controller, turn on its keyboard interrupt and set-1 translation
 *
 * Linux's i8042_controller_check() and i8042_controller_init() for the keyboard port: an
 * absent controller reads all ones; the control register keeps its other bits, and the
 * keyboard's IRQ 1 is requested (request_irq()) like COM1's IRQ 4. The keyboard itself is left
 * as the firmware set it up (Linux's atkbd resets it; firmware has already done so on a PC).
 *
 * Context: kernel_init (Linux's device initcalls), process context. Return: nothing; without
 * a controller there is no keyboard and it says so.
 */
void i8042_init(void)
{
	u8 ctr;
	int ret;

	if (inb(I8042_STATUS_REG) == 0xff) {
		pr_info("i8042: no controller\n");
		return;
	}
	i8042_flush();
	if (i8042_command(I8042_CMD_CTL_RCTR, &ctr, false)) {
		pr_info("i8042: the controller does not answer\n");
		return;
	}
	ret = request_irq(I8042_KBD_IRQ, i8042_interrupt, 0, "i8042", NULL);
	if (ret) {
		pr_info("i8042: cannot get IRQ %u (%d); no keyboard\n", I8042_KBD_IRQ, ret);
		return;
	}
	ctr = (ctr | I8042_CTR_KBDINT | I8042_CTR_XLATE) & ~I8042_CTR_KBDDIS;
	if (i8042_command(I8042_CMD_CTL_WCTR, &ctr, true)) {
		pr_info("i8042: cannot write the control register\n");
		return;
	}
	i8042_flush();
	i8042_irq_on = true;
	pr_info("serio: i8042 KBD port at 0x60,0x64 irq %u\n", I8042_KBD_IRQ);
}

/**
 * i8042_kbd_irq_enabled - is the keyboard's IRQ 1 requested for i8042_interrupt()?
 *
 * Context: any. Return: true once i8042_init() found the controller and routed its IRQ.
 */
bool i8042_kbd_irq_enabled(void)
{
	return i8042_irq_on;
}
