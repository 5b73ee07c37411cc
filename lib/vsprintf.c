/* vsnprintf for the kernel: C99 conversions with flags, width, precision and length modifiers,
 * plus Linux's %pS (symbol+offset/size) for backtraces. No floating point: the kernel has none. */
#include <linux/kernel.h>
#include <linux/string.h>

#define F_LEFT	0x01
#define F_PLUS	0x02
#define F_SPACE	0x04
#define F_ALT	0x08
#define F_ZERO	0x10
#define F_UPPER	0x20
#define F_SIGNED 0x40

struct out {
	char *buf;
	size_t size;
	size_t len;		/* what would have been written: vsnprintf's return value */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, int width, int prec, int flags)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec);
	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

static void put_num(struct out *o, unsigned long long v, int base, int width, int prec, int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], sign = 0;
	const char *prefix = "";
	int n = 0, zeros, plen;

	if (flags & F_SIGNED) {
		if ((long long)v < 0) {
			sign = '-';
			v = 0 - v;	/* unsigned negation: defined even for LLONG_MIN */
		} else if (flags & F_PLUS) {
			sign = '+';
		} else if (flags & F_SPACE) {
			sign = ' ';
		}
	}
	if ((flags & F_ALT) && v) {
		if (base == 16)
			prefix = (flags & F_UPPER) ? "0X" : "0x";
		else if (base == 8)
			prefix = "0";
	}
	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (!n && prec != 0)
		tmp[n++] = '0';
	zeros = prec > n ? prec - n : 0;
	plen = (int)strlen(prefix) + (sign ? 1 : 0);
	if (prec < 0 && (flags & F_ZERO) && !(flags & F_LEFT))
		zeros = max(zeros, width - plen - n);
	if (!(flags & F_LEFT))
		pad(o, ' ', width - plen - zeros - n);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	pad(o, '0', zeros);
	for (int i = n; i; i--)
		put(o, tmp[i - 1]);
	if (flags & F_LEFT)
		pad(o, ' ', width - plen - zeros - n);
}

/* %p: the raw address as 0x + 16 hex digits (there is no user space to hide pointers from);
 * %pS: the symbol the address falls in, as "func+0x1a/0x40"; %ps: just "func"; %pB: a return
 * address, looked up at the call before it (sprint_backtrace). */
static const char *put_pointer(struct out *o, const char *fmt, void *p, int width, int flags)
{
	char sym[128];
	struct out tmp = { .buf = sym, .size = sizeof(sym), .len = 0 };

	if (*fmt == 'S' || *fmt == 's' || *fmt == 'B') {
		char *plus;

		if (*fmt == 'B')
			sprint_backtrace(sym, sizeof(sym), (unsigned long)p);
		else
			sprint_symbol(sym, sizeof(sym), (unsigned long)p);
		plus = strchr(sym, '+');
		if (*fmt == 's' && plus)
			*plus = '\0';
		put_str(o, sym, width, -1, flags);
		return fmt + 1;
	}
	/* Format "0x" and the digits first, so width pads the whole thing as with %s. */
	put(&tmp, '0');
	put(&tmp, 'x');
	put_num(&tmp, (unsigned long)p, 16, 0, 16, 0);
	sym[tmp.len] = '\0';
	put_str(o, sym, width, -1, flags);
	return fmt;
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + *(*fmt)++ - '0';
	return v;
}

/**
 * vsnprintf - format a string and place it in a buffer
 * @buf: the buffer to place the result into (may be NULL when @size is 0)
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string to use
 * @args: arguments for the format string
 *
 * C99 conversions (%c %s %d %i %u %x %X %o %%) with flags, width, precision (also '*') and
 * the length modifiers h, hh, l, ll, z, t and j; no floating point, which the kernel has none
 * of. %p prints the raw address as 0x and 16 hex digits; %pS the symbol the address falls in
 * as "func+0x1a/0x40", %ps just "func", %pB a return address looked up at the call before
 * it. An unknown conversion is printed as it stands, so the mistake is visible. The result is
 * NUL-terminated unless @size is 0.
 *
 * Linux 6.1: %p prints a hashed value unless no_hash_pointers, and there are many more %p
 * extensions (%pK, %pI4, %*pb ...).
 *
 * Context: any, including NMI; takes no lock and allocates nothing.
 * Return: the number of characters which would be generated for the given input, excluding
 * the trailing NUL, as per ISO C99; a return of @size or more means the output was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	while (*fmt) {
		int flags = 0, width = -1, prec = -1, lng = 0, base = 10;
		unsigned long long v;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				prec = parse_int(&fmt);
			}
		}
		/* Length: 0 int, 1 long, 2 long long, -1 short, -2 char; z and t are long here. */
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng++;
			else if (*fmt == 'h')
				lng--;
			else
				break;
		}
		switch (*fmt) {
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(args, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			fmt++;
			continue;
		case 's':
			put_str(&o, va_arg(args, const char *), width, prec, flags);
			fmt++;
			continue;
		case 'p':
			fmt = put_pointer(&o, fmt + 1, va_arg(args, void *), width, flags);
			continue;
		case '%':
			put(&o, '%');
			fmt++;
			continue;
		case 'd':
		case 'i':
			flags |= F_SIGNED;
			break;
		case 'u':
			break;
		case 'X':
			flags |= F_UPPER;
			base = 16;
			break;
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown conversion: print it as it stands so the mistake is visible. */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt++);
			continue;
		}
		fmt++;
		if (lng >= 2)
			v = va_arg(args, unsigned long long);
		else if (lng == 1)
			v = va_arg(args, unsigned long);
		else
			v = va_arg(args, unsigned int);
		if (flags & F_SIGNED) {
			if (lng == 0)
				v = (long long)(int)v;
			else if (lng == -1)
				v = (long long)(short)v;
			else if (lng <= -2)
				v = (long long)(signed char)v;
		} else if (lng == -1) {
			v = (unsigned short)v;
		} else if (lng <= -2) {
			v = (unsigned char)v;
		}
		put_num(&o, v, base, width, prec, flags);
	}
	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return (int)o.len;
}

/**
 * snprintf - format a string and place it in a buffer
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string to use
 * @...: arguments for the format string
 *
 * Context: as vsnprintf().
 * Return: the number of characters which would be generated for the given input, excluding
 * the trailing NUL, as vsnprintf().
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/**
 * scnprintf - format a string and place it in a buffer
 * @buf: the buffer to place the result into
 * @size: the size of the buffer, including the trailing NUL
 * @fmt: the format string to use
 * @...: arguments for the format string
 *
 * Like snprintf(), but returns what was actually written, so it can be used to append to a
 * buffer step by step.
 *
 * Context: as vsnprintf().
 * Return: the number of characters written into @buf, not counting the trailing NUL (never more
 * than @size - 1); 0 if @size is 0.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!size)
		return 0;
	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return min(n, (int)size - 1);
}
