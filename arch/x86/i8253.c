/* The 8253/8254 PIT's channel 2 as a calibration clock: gated on through port 0x61 (speaker
 * off), free-running in mode 2 over the full 16-bit range, read by latching, no interrupts. */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/tsc.h>

#define PIT_TICK_RATE		1193182		/* Hz: the 14.31818 MHz crystal / 12 */
#define PIT_CH2			0x42
#define PIT_MODE		0x43
/* Channel 2, low then high byte, mode 2 (rate generator), binary. */
#define PIT_MODE_CH2_LOHI_RATE	0xb4
#define PIT_LATCH_CH2		0x80
#define PORT_B			0x61
#define PORT_B_GATE2		0x01
#define PORT_B_SPEAKER		0x02

/* The counter counts down; hand it out counting up, as every calibration clock does. */
static u32 pit_read(void)
{
	u8 lo, hi;

	outb(PIT_LATCH_CH2, PIT_MODE);
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	return (u32)(-(lo | hi << 8)) & 0xffff;
}

/* A PC without a PIT reads 0xff from these ports: the counter then never changes. */
static bool pit_probe(struct calib_clock *c)
{
	outb((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2, PORT_B);
	outb(PIT_MODE_CH2_LOHI_RATE, PIT_MODE);
	/* A reload value of 0 means 65536: the longest period, wrapping every 55 ms. */
	outb(0, PIT_CH2);
	outb(0, PIT_CH2);
	if (!calib_clock_counts(c)) {
		pr_info("tsc: the PIT's channel 2 does not count; no PIT\n");
		return false;
	}
	return true;
}

struct calib_clock pit_calib_clock = {
	.name = "PIT",
	.probe = pit_probe,
	.read = pit_read,
	.mask = 0xffff,
	.freq_hz = PIT_TICK_RATE,
};
