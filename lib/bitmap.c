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

/**
 * find_next_bit - find the next set bit in a memory region
 * @addr: the address to base the search on
 * @size: the bitmap size in bits
 * @offset: the bitnumber to start searching at
 *
 * A word at a time; bits at and above @size never count.
 *
 * Context: any; the caller keeps the bitmap from changing, or accepts a racy answer.
 * Return: the bit number of the next set bit, or @size if there is none.
 */
unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

/**
 * find_next_zero_bit - find the next cleared bit in a memory region
 * @addr: the address to base the search on
 * @size: the bitmap size in bits
 * @offset: the bitnumber to start searching at
 *
 * Context: as find_next_bit().
 * Return: the bit number of the next zero bit, or @size if there is none.
 */
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

/**
 * find_last_bit - find the last set bit in a memory region
 * @addr: the address to start the search at
 * @size: the number of bits to search
 *
 * Context: as find_next_bit().
 * Return: the bit number of the last set bit, or @size if there is none.
 */
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

/**
 * bitmap_weight - count the set bits of a bitmap
 * @src: the bitmap
 * @nbits: its size in bits; bits beyond are not counted
 *
 * Context: any. Return: the number of set bits among the first @nbits.
 */
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

/**
 * bitmap_set - set a run of bits
 * @map: the bitmap
 * @start: the first bit to set
 * @len: how many bits
 *
 * Non-atomic: a word at a time with plain read-modify-write.
 *
 * Context: any; the caller serialises writers of @map. Return: nothing.
 */
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

/**
 * bitmap_clear - clear a run of bits
 * @map: the bitmap
 * @start: the first bit to clear
 * @len: how many bits
 *
 * Non-atomic, as bitmap_set().
 *
 * Context: any; the caller serialises writers of @map. Return: nothing.
 */
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

/**
 * bitmap_equal - do two bitmaps hold the same first bits?
 * @a: one bitmap
 * @b: the other
 * @nbits: how many bits to compare; bits beyond are ignored
 *
 * Context: any. Return: true if the first @nbits bits are equal.
 */
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

/**
 * bitmap_empty - is no bit set?
 * @src: the bitmap
 * @nbits: its size in bits
 *
 * Context: any. Return: true if none of the first @nbits bits is set.
 */
bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) >= nbits;
}

/**
 * bitmap_full - is every bit set?
 * @src: the bitmap
 * @nbits: its size in bits
 *
 * Context: any. Return: true if all of the first @nbits bits are set.
 */
bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) >= nbits;
}

/**
 * bitmap_and - the intersection of two bitmaps
 * @dst: the result (may be @a or @b)
 * @a: one operand
 * @b: the other
 * @nbits: the size in bits; whole words are written, so bits of the last word past @nbits
 *	are ANDed too
 *
 * Linux 6.1: bitmap_and() returns whether the result has any bit set.
 *
 * Context: any. Return: nothing.
 */
void bitmap_and(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] & b[i];
}

/**
 * bitmap_or - the union of two bitmaps
 * @dst: the result (may be @a or @b)
 * @a: one operand
 * @b: the other
 * @nbits: the size in bits; whole words are written
 *
 * Context: any. Return: nothing.
 */
void bitmap_or(unsigned long *dst, const unsigned long *a, const unsigned long *b,
	       unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] | b[i];
}

/**
 * bitmap_find_next_zero_area - find a contiguous aligned zero area
 * @map: the address to base the search on
 * @size: the bitmap size in bits
 * @start: the bitnumber to start searching at
 * @len: the number of zeroed bits we're looking for
 *
 * Linux 6.1: also takes an align_mask for the area's start; here any start will do.
 *
 * Context: as find_next_bit().
 * Return: the first bit of @len clear bits at or after @start; a value greater than @size if
 * there is no such area.
 */
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
