/* The battery-backed CMOS clock (Linux's arch/x86/kernel/rtc.c and drivers/rtc/rtc-mc146818-lib.c):
 * read once at boot so CLOCK_REALTIME starts at the wall-clock time. */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>

#define RTC_PORT_INDEX	0x70
#define RTC_PORT_DATA	0x71
#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_UIP		0x80	/* register A: an update is in progress */
#define RTC_DM_BINARY	0x04	/* register B: binary, not BCD */
#define RTC_24H		0x02	/* register B: 24-hour mode */

static u8 cmos_read(u8 reg)
{
	outb(reg, RTC_PORT_INDEX);
	return inb(RTC_PORT_DATA);
}

static unsigned int bcd2bin(u8 v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to year-mon-day (the proleptic Gregorian calendar), as mktime64(). */
static long long days_since_epoch(unsigned int year, unsigned int mon, unsigned int day)
{
	/* Count March as the first month, so the leap day ends the year. */
	if ((int)(mon -= 2) <= 0) {
		mon += 12;
		year -= 1;
	}
	return (long long)(year / 4 - year / 100 + year / 400 + 367 * mon / 12 + day) +
	       year * 365LL - 719499;
}

/**
 * mach_get_cmos_time - the CMOS clock's time, in seconds since 1970 (UTC assumed, as Linux)
 *
 * Waits out an update in progress, then reads until two reads agree (the clock may tick
 * between the fields). A year below 70 is taken as 20xx.
 *
 * Context: boot, interrupts off or on (the ports are not shared). Return: the time.
 */
long long mach_get_cmos_time(void)
{
	unsigned int sec, min, hour, day, mon, year, tries = 0;
	u8 b;

	do {
		while ((cmos_read(RTC_REG_A) & RTC_UIP) && ++tries < 1000000)
			cpu_relax();
		sec = cmos_read(RTC_SECONDS);
		min = cmos_read(RTC_MINUTES);
		hour = cmos_read(RTC_HOURS);
		day = cmos_read(RTC_DAY);
		mon = cmos_read(RTC_MONTH);
		year = cmos_read(RTC_YEAR);
	} while (sec != cmos_read(RTC_SECONDS) && ++tries < 1000000);
	b = cmos_read(RTC_REG_B);
	if (!(b & RTC_DM_BINARY)) {
		sec = bcd2bin(sec);
		min = bcd2bin(min);
		hour = bcd2bin(hour & 0x7f) | (hour & 0x80);
		day = bcd2bin(day);
		mon = bcd2bin(mon);
		year = bcd2bin(year);
	}
	/* 12-hour mode: bit 7 is PM; 12 AM is hour 0. */
	if (!(b & RTC_24H) && (hour & 0x80))
		hour = (hour & 0x7f) % 12 + 12;
	else if (!(b & RTC_24H))
		hour %= 12;
	year += year < 70 ? 2000 : 1900;
	return ((days_since_epoch(year, mon, day) * 24 + hour) * 60 + min) * 60 + sec;
}
