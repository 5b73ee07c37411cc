/* The AT keyboard (Linux's drivers/input/keyboard/atkbd.c with the US keymap and the SysRq
 * combination of drivers/tty/vt/keyboard.c): set-1 scan codes in, characters out. */
#include <linux/kernel.h>
#include <linux/atkbd.h>
#include <linux/sysrq.h>
#include <linux/tty.h>

/* Set-1 scan codes (what the i8042 delivers with translation on): a key's make code, with bit
 * 7 set when it is let go; 0xe0 announces a code from the extended block. */
#define SC_RELEASE	0x80
#define SC_EXTENDED	0xe0
#define SC_LCTRL	0x1d
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_LALT		0x38
#define SC_CAPSLOCK	0x3a
#define SC_SYSRQ	0x54	/* what PrintScreen sends while Alt is held */
#define SC_UP		0x48	/* extended */
#define SC_LEFT		0x4b
#define SC_RIGHT	0x4d
#define SC_DOWN		0x50

/* The US layout, unshifted and shifted, for codes 0x00-0x39; 0 where a key types nothing. */
static const char keymap[2][0x3a] = {
	{ 0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b', '\t',
	  'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
	  'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	  'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ' },
	{ 0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b', '\t',
	  'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
	  'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	  'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ' },
};

/*
 * The keyboard's state, touched only by its interrupt (and the self-tests, with no key
 * typed): the modifiers held, Caps Lock, an 0xe0 prefix waiting for its code, and whether
 * Alt+SysRq is held (then the next key is a SysRq request, as Linux's sysrq_filter()).
 */
static struct {
	bool shift_l, shift_r, ctrl, alt, capslock, extended, sysrq;
} kbd;

/*
 * What was typed, for the console to read: one producer (the interrupt) and one consumer, so
 * the two indexes need no lock (as the serial receive ring). A full ring drops new bytes.
 */
#define KBD_RING	256
static char kbd_ring[KBD_RING];
static unsigned int kbd_head, kbd_tail;

static void kbd_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int head = kbd_head;

		if (head - __atomic_load_n(&kbd_tail, __ATOMIC_ACQUIRE) >= KBD_RING)
			break;
		kbd_ring[head % KBD_RING] = s[i];
		__atomic_store_n(&kbd_head, head + 1, __ATOMIC_RELEASE);
		tty_receive_char(s[i]);
	}
	tty_input_wake();
}

/**
 * kbd_getc - the next character typed on the keyboard
 *
 * Arrows come as the terminal sequences ESC [ A..D, so a reader treats the keyboard and the
 * serial line alike.
 *
 * Context: any, one reader at a time. Return: the character, or -1 if none is waiting.
 */
int kbd_getc(void)
{
	unsigned int tail = kbd_tail;
	int c;

	if (tail == __atomic_load_n(&kbd_head, __ATOMIC_ACQUIRE))
		return -1;
	c = (unsigned char)kbd_ring[tail % KBD_RING];
	__atomic_store_n(&kbd_tail, tail + 1, __ATOMIC_RELEASE);
	return c;
}

/* A key of the extended block: the arrows type their terminal sequences; right Ctrl and right
 * Alt count as the left ones. */
static void atkbd_extended(u8 code, bool release)
{
	static const char arrows[] = { [SC_UP] = 'A', [SC_DOWN] = 'B', [SC_RIGHT] = 'C',
				       [SC_LEFT] = 'D' };
	char seq[3] = { 27, '[', 0 };

	if (code == SC_LCTRL)
		kbd.ctrl = !release;
	else if (code == SC_LALT)
		kbd.alt = !release;
	else if (!release && code < sizeof(arrows) && arrows[code]) {
		seq[2] = arrows[code];
		kbd_put(seq, sizeof(seq));
	}
}

/* A key's character with the modifiers applied: Shift, Caps Lock (letters only) and Ctrl
 * (Ctrl-A is 1 ... Ctrl-Z is 26). 0 when the key types nothing. */
static char atkbd_char(u8 code)
{
	bool shift = kbd.shift_l || kbd.shift_r;
	char c;

	if (code >= sizeof(keymap[0]))
		return 0;
	c = keymap[shift][code];
	if (kbd.capslock && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c = keymap[!shift][code];
	if (kbd.ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c = (c & 0x1f);
	return c;
}

/**
 * atkbd_interrupt - one byte from the keyboard port
 * @data: a set-1 scan code byte, as the i8042 delivers it with translation on
 *
 * Tracks Shift, Ctrl, Alt and Caps Lock, turns key presses into characters for kbd_getc(),
 * and runs handle_sysrq() for a key pressed while Alt+SysRq is held (the key's unshifted
 * character, as Linux's).
 *
 * Context: the keyboard interrupt (i8042_interrupt); the self-tests call it too. Return:
 * nothing.
 */
void atkbd_interrupt(u8 data)
{
	bool release = data & SC_RELEASE;
	u8 code = data & ~SC_RELEASE;
	char c;

	if (data == SC_EXTENDED) {
		kbd.extended = true;
		return;
	}
	if (kbd.extended) {
		kbd.extended = false;
		atkbd_extended(code, release);
		return;
	}
	switch (code) {
	case SC_LSHIFT:
		kbd.shift_l = !release;
		return;
	case SC_RSHIFT:
		kbd.shift_r = !release;
		return;
	case SC_LCTRL:
		kbd.ctrl = !release;
		return;
	case SC_LALT:
		kbd.alt = !release;
		if (release)
			kbd.sysrq = false;
		return;
	case SC_CAPSLOCK:
		if (!release)
			kbd.capslock = !kbd.capslock;
		return;
	case SC_SYSRQ:
		kbd.sysrq = kbd.alt && !release;
		return;
	}
	if (release)
		return;
	if (kbd.sysrq) {
		if (code < sizeof(keymap[0]) && keymap[0][code])
			handle_sysrq(keymap[0][code]);
		return;
	}
	c = atkbd_char(code);
	if (c)
		kbd_put(&c, 1);
}
