/* Bitmap searches and whole-bitmap operations (include/linux/bitmap.h): a word at a time, with the
 * first and last words masked so bits outside [0, nbits) never count. */
#include <linux/kernel.h>
#include <linux/bitmap.h>

/* The first bit at or after offset that is set in (word ^ invert): invert = ~0 finds clear bits. */
static unsigned long find_next(const unsigned long *addr, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	unsigned long word;

	if (offset >= size)
		return size;
	word = (addr[BIT_WORD(offset)] ^ invert) & BITMAP_FIRST_WORD_MASK(offset);
	offset = ALIGN_DOWN(offset, BITS_PER_LONG);
	while (!word) {
		offset += BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = addr[BIT_WORD(offset)] ^ invert;
	}
	return min(offset + __ffs(word), size);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
	unsigned long idx, word;

	if (!size)
		return size;
	idx = BIT_WORD(size - 1);
	word = addr[idx] & BITMAP_LAST_WORD_MASK(size);
	for (;;) {
		if (word)
			return idx * BITS_PER_LONG + __fls(word);
		if (!idx)
			return size;
		word = addr[--idx];
	}
}

unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0, i;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		w += hweight_long(src[i]);
	if (nbits % BITS_PER_LONG)
		w += hweight_long(src[i] & BITMAP_LAST_WORD_MASK(nbits));
	return w;
}

/* The mask of 'bits' bits starting at bit 'shift' of a word (bits + shift <= BITS_PER_LONG). */
static unsigned long run_mask(unsigned int shift, unsigned int bits)
{
	unsigned long m = bits >= BITS_PER_LONG ? ~0UL : BIT(bits) - 1;

	return m << shift;
}

void bitmap_set(unsigned long *map, unsigned int start, unsigned int len)
{
	unsigned int end = start + len;

	while (start < end) {
		unsigned int shift = start % BITS_PER_LONG;
		unsigned int bits = min(end - start, (unsigned int)BITS_PER_LONG - shift);

		map[BIT_WORD(start)] |= run_mask(shift, bits);
		start += bits;
	}
}

void bitmap_clear(unsigned long *map, unsigned int start, unsigned int len)
{
	unsigned int end = start + len;

	while (start < end) {
		unsigned int shift = start % BITS_PER_LONG;
		unsigned int bits = min(end - start, (unsigned int)BITS_PER_LONG - shift);

		map[BIT_WORD(start)] &= ~run_mask(shift, bits);
		start += bits;
	}
}

bool bitmap_equal(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		if (a[i] != b[i])
			return false;
	if (nbits % BITS_PER_LONG)
		return !((a[i] ^ b[i]) & BITMAP_LAST_WORD_MASK(nbits));
	return true;
}

bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) >= nbits;
}

bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) >= nbits;
}

void bitmap_and(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] & b[i];
}

void bitmap_or(unsigned long *dst, const unsigned long *a, const unsigned long *b,
	       unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] | b[i];
}

unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
					 unsigned long start, unsigned int len)
{
	for (;;) {
		unsigned long index = find_next_zero_bit(map, size, start);
		unsigned long end = index + len, busy;

		if (end > size)
			return end;
		busy = find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}
