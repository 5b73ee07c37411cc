/* Self-tests of the PS/2 keyboard (drivers/input, suite "keyboard"): set-1 scan codes in,
 * characters out, with Shift, Caps Lock, Ctrl, the arrows and Alt+SysRq; the typed
 * sysrq-break row presses keys on QEMU's emulated keyboard for real. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <ktest.h>
#include <asm/processor.h>

/* Feed scan codes as the keyboard interrupt would (interrupts off, so a real key typed meanwhile
 * cannot interleave), then read back what they typed. Returns the length. */
static size_t type_codes(const u8 *codes, size_t n, char *out, size_t size)
{
	unsigned long flags;
	size_t len = 0;
	int c;

	while (kbd_getc() >= 0)
		;
	local_irq_save(flags);
	for (size_t i = 0; i < n; i++)
		atkbd_interrupt(codes[i]);
	local_irq_restore(flags);
	while (len + 1 < size && (c = kbd_getc()) >= 0)
		out[len++] = c;
	out[len] = '\0';
	return len;
}

#define TYPE(test, want, ...)							\
	do {									\
		static const u8 codes[] = { __VA_ARGS__ };			\
		char got[32];							\
									\
		type_codes(codes, sizeof(codes), got, sizeof(got));		\
		KTEST_EXPECT_STREQ(test, got, want);				\
	} while (0)

static void scan_codes_to_characters(struct ktest *test)
{
	/* a, then b: make and break codes. */
	TYPE(test, "ab", 0x1e, 0x9e, 0x30, 0xb0);
	/* Left Shift held over a and 1; right Shift over /. */
	TYPE(test, "A!", 0x2a, 0x1e, 0x9e, 0x02, 0x82, 0xaa);
	TYPE(test, "?", 0x36, 0x35, 0xb5, 0xb6);
	/* Caps Lock: letters only, and Shift undoes it; pressed again, off. */
	TYPE(test, "A1a", 0x3a, 0xba, 0x1e, 0x9e, 0x02, 0x82, 0x2a, 0x1e, 0x9e, 0xaa);
	TYPE(test, "a", 0x3a, 0xba, 0x1e, 0x9e);
	/* Ctrl-C, Ctrl-U, and the right Ctrl (0xe0 0x1d) as well. */
	TYPE(test, "\x03\x15", 0x1d, 0x2e, 0xae, 0x16, 0x96, 0x9d);
	TYPE(test, "\x0c", 0xe0, 0x1d, 0x26, 0xa6, 0xe0, 0x9d);
	/* Enter, Backspace, Tab. */
	TYPE(test, "\r\b\t", 0x1c, 0x9c, 0x0e, 0x8e, 0x0f, 0x8f);
	/* The arrows: up, down, right, left as terminal sequences; their releases type nothing. */
	TYPE(test, "\x1b[A\x1b[B\x1b[C\x1b[D", 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0xd0,
	     0xe0, 0x4d, 0xe0, 0xcd, 0xe0, 0x4b, 0xe0, 0xcb);
	/* A released key, alone, types nothing; nor do the modifiers. */
	TYPE(test, "", 0x9e, 0x2a, 0xaa, 0x38, 0xb8);
}

/* Alt+SysRq+h runs SysRq's help and types nothing; once Alt is let go, h is an h again. */
static void alt_sysrq_runs_sysrq(struct ktest *test)
{
	char *log = kmalloc(16384, GFP_KERNEL), *at;
	size_t n;

	KTEST_ASSERT_NOT_NULL(test, log);
	pr_info("keyboard-test: mark\n");
	TYPE(test, "", 0x38, 0x54, 0x23, 0xa3, 0xd4, 0xb8);
	n = log_buf_copy(log, 16383);
	log[n] = '\0';
	at = strstr(log, "keyboard-test: mark\n");
	KTEST_EXPECT_NOT_NULL(test, at);
	if (at)
		KTEST_EXPECT_NOT_NULL(test, strstr(at, "sysrq: HELP : "));
	kfree(log);
	TYPE(test, "h", 0x23, 0xa3);
	/* SysRq without Alt (PrintScreen) types nothing and arms nothing. */
	TYPE(test, "h", 0x54, 0xd4, 0x23, 0xa3);
}

static struct ktest_case keyboard_cases[] = {
	KTEST_CASE(scan_codes_to_characters),
	KTEST_CASE(alt_sysrq_runs_sysrq),
	{}
};

static struct ktest_suite keyboard_suite = {
	.name = "keyboard",
	.cases = keyboard_cases,
};
ktest_register_suite(keyboard_suite);
