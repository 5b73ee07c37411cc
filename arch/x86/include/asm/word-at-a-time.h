/* Finding the first zero byte of a little-endian word, for string code that works a word at a
 * time (strscpy() in lib/string.c). The steps are used in this order:
 *
 *	if (has_zero(c, &data, &constants)) {
 *		data = prep_zero_mask(c, data, &constants);
 *		data = create_zero_mask(data);
 *		c &= zero_bytemask(data);	keeps the bytes before the zero
 *		n = find_zero(data);		how many bytes come before it
 *	}
 */
#ifndef _ASM_WORD_AT_A_TIME_H
#define _ASM_WORD_AT_A_TIME_H

#include <linux/kernel.h>

struct word_at_a_time {
	const unsigned long one_bits, high_bits;
};

#define WORD_AT_A_TIME_CONSTANTS { REPEAT_BYTE(0x01), REPEAT_BYTE(0x80) }

/*
 * k, for a mask whose k low bytes are 0xff and the rest 0 (k = 0..7): one multiply and a shift
 * instead of a bit-count instruction or a loop.
 */
/* Linux 6.1: a 32-bit version too, under CONFIG_64BIT; Spindle is 64-bit only. */
static inline long count_masked_bytes(unsigned long mask)
{
	return mask * 0x0001020304050608ul >> 56;
}

/*
 * Nonzero if @a has a zero byte. Subtracting 0x01 from every byte turns a zero byte into 0xff,
 * setting its high bit; "& ~a" drops the bytes whose high bit was set already. The lowest marked
 * byte is always the first zero; a byte above it may be marked wrongly (a 0x01 that the zero's
 * borrow also wraps), which is harmless because only the first is used. The marks are stored in
 * *@bits.
 */
static inline unsigned long has_zero(unsigned long a, unsigned long *bits,
				     const struct word_at_a_time *c)
{
	unsigned long mask = ((a - c->one_bits) & ~a) & c->high_bits;

	*bits = mask;
	return mask;
}

/* has_zero()'s marks need no further work on x86; other architectures adjust them here. */
static inline unsigned long prep_zero_mask(unsigned long a, unsigned long bits,
					   const struct word_at_a_time *c)
{
	return bits;
}

/*
 * From the marks to a mask with 0xff in every byte below the first zero and 0 from it up. For a
 * first zero in byte k the lowest mark is bit 8k + 7; (bits - 1) & ~bits sets exactly the 8k + 7
 * bits under it, and shifting out 7 leaves 8k: the k bytes before the zero.
 */
static inline unsigned long create_zero_mask(unsigned long bits)
{
	bits = (bits - 1) & ~bits;
	return bits >> 7;
}

/* create_zero_mask()'s result already keeps exactly the bytes before the zero. */
#define zero_bytemask(mask) (mask)

/* The index of the first zero byte, from create_zero_mask()'s result. */
static inline unsigned long find_zero(unsigned long mask)
{
	return count_masked_bytes(mask);
}

/* Linux 6.1: load_unaligned_zeropad() here too; Spindle's strscpy() stops at the page end. */

#endif /* _ASM_WORD_AT_A_TIME_H */
