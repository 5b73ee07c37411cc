/* Symbol lookup over the table tools/kallsyms.py linked into .kallsyms: a binary search by
 * address (O(log n)), so a panic can name every frame of its backtrace. */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/string.h>

struct kallsym {
	u64 addr;
	u32 size;
	u32 name;
};

extern const char __kallsyms_start[], __kallsyms_end[];

static u64 nr_syms(void)
{
	if (__kallsyms_end - __kallsyms_start < 8)
		return 0;
	return *(const u64 *)__kallsyms_start;
}

static const struct kallsym *syms(void)
{
	return (const struct kallsym *)(__kallsyms_start + 8);
}

static const char *sym_name(const struct kallsym *s)
{
	return (const char *)(syms() + nr_syms()) + s->name;
}

/**
 * kallsyms_lookup - find the function containing an address
 * @addr: the address
 * @name: where to store the function's name (pointing into the table)
 * @start: where to store its start address
 * @size: where to store its size in bytes
 *
 * A binary search of the table, O(log n). Nothing is stored when no symbol covers @addr.
 *
 * Linux 6.1 returns the name (copied to a caller's buffer), with the offset and the module's
 * name; Spindle has no modules and returns the symbol's start instead of the offset.
 *
 * Context: any, NMI and panic included; takes no lock. Return: true if a symbol covers @addr,
 * false if none does.
 */
bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *start,
		     unsigned long *size)
{
	u64 lo = 0, hi = nr_syms();
	const struct kallsym *s;

	while (lo < hi) {		/* first symbol above addr */
		u64 mid = (lo + hi) / 2;

		if (syms()[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	s = &syms()[lo - 1];
	if (addr >= s->addr + s->size)
		return false;
	*name = sym_name(s);
	*start = s->addr;
	*size = s->size;
	return true;
}

/**
 * kallsyms_lookup_name - look up the address of a symbol by name
 * @name: the symbol's name
 *
 * A linear search of the table, O(n) string compares: not for a hot path.
 *
 * Context: any; takes no lock. Return: the symbol's address, or 0 if not found.
 */
unsigned long kallsyms_lookup_name(const char *name)
{
	for (u64 i = 0; i < nr_syms(); i++)
		if (!strcmp(sym_name(&syms()[i]), name))
			return syms()[i].addr;
	return 0;
}

/* "name+off/len" of the function containing @lookup, with the offset of @addr in it. */
static int __sprint_symbol(char *buf, size_t size, unsigned long addr, unsigned long lookup)
{
	const char *name;
	unsigned long start, len;

	if (!kallsyms_lookup(lookup, &name, &start, &len))
		return scnprintf(buf, size, "0x%lx", addr);
	return scnprintf(buf, size, "%s+0x%lx/0x%lx", name, addr - start, len);
}

/**
 * sprint_symbol - an address as %pS prints it
 * @buf: the buffer to write to
 * @size: its size
 * @addr: the address
 *
 * Writes "name+0xoffset/0xsize" for the function containing @addr, or "0x<addr>" if none
 * does. Linux 6.1 also appends " [module]"; Spindle has no modules.
 *
 * Context: any; takes no lock. Return: the length written, without the terminating NUL.
 */
int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return __sprint_symbol(buf, size, addr, addr);
}

/**
 * sprint_backtrace - a return address as %pB prints it
 * @buf: where
 * @size: its size
 * @addr: a return address
 *
 * A return address names the instruction after a call; after a call to a noreturn function
 * that is already past the caller's end. The call itself (@addr - 1) is looked up, and the
 * offset of @addr printed, as Linux's sprint_backtrace().
 *
 * Context: any. Return: the length written.
 */
int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	return __sprint_symbol(buf, size, addr, addr - 1);
}
