/* sort(): an in-place heapsort, O(n log n) and no recursion or extra memory (Linux's
 * lib/sort.c, without its bottom-up refinement and word-sized swaps). */
#include <linux/kernel.h>
#include <linux/sort.h>

static void swap_bytes(void *a, void *b, size_t size)
{
	char *x = a, *y = b;

	while (size--) {
		char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

/**
 * sort - sort an array of @num elements of @size bytes with @cmp_func
 * @base: the array
 * @num: how many elements
 * @size: the size of each
 * @cmp_func: <0, 0, >0 as a sorts before, with, after b
 * @swap_func: swaps two elements, or NULL for a bytewise swap
 *
 * A heapsort, as Linux's lib/sort.c: O(n log n) with no extra memory, and not stable.
 *
 * Context: any; does not sleep.
 * Return: nothing.
 */
void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func, swap_func_t swap_func)
{
	char *a = base;

	if (num < 2)
		return;
	/* Heapify, then move the largest to the end one at a time. */
	for (size_t n = num, i = num / 2; n > 1;) {
		size_t root, child;

		if (i > 0) {
			i--;
		} else {
			n--;
			if (swap_func)
				swap_func(a, a + n * size, size);
			else
				swap_bytes(a, a + n * size, size);
		}
		for (root = i; (child = 2 * root + 1) < n; root = child) {
			if (child + 1 < n && cmp_func(a + child * size, a + (child + 1) * size) < 0)
				child++;
			if (cmp_func(a + root * size, a + child * size) >= 0)
				break;
			if (swap_func)
				swap_func(a + root * size, a + child * size, size);
			else
				swap_bytes(a + root * size, a + child * size, size);
		}
	}
}
