/* kstrto*(): parse a whole string as a number (base 0 = detect 0x / 0 prefixes), -EINVAL for
 * anything else, -ERANGE on overflow; command-line options rely on it to reject "abc". As in
 * Linux, one trailing newline is allowed (values written from a shell end in one). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>

#define LLONG_MAX_ULL	(U64_MAX >> 1)

/* Digits only (after an optional 0x/0 prefix): no sign. */
static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool any = false;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (base == 0 || base == 16) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			s += 2;
			base = 16;
		} else if (base == 0) {
			base = s[0] == '0' && s[1] && s[1] != '\n' ? 8 : 10;
		}
	}
	for (; *s; s++) {
		unsigned int d;

		if (*s == '\n' && !s[1])
			break;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (U64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*res = v;
	return 0;
}

/**
 * kstrtoull - convert a string to an unsigned long long
 * @s: the start of the string; it must be NUL-terminated and may end in a single newline. The
 *	first character may be a plus sign, but not a minus sign.
 * @base: the number base, 2 to 36; 0 detects it with the conventional semantics: "0x" (case
 *	insensitive) is hexadecimal, a leading 0 octal, anything else decimal. Base 16 also
 *	accepts the "0x" prefix.
 * @res: where to write the result of the conversion on success
 *
 * The whole string must be the number: command-line options rely on it to reject "abc".
 *
 * Linux 6.1: the largest base is 16.
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow and -EINVAL on a parsing error
 * (*@res is then unchanged).
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return parse_ull(s + (*s == '+'), base, res);
}

/**
 * kstrtoll - convert a string to a long long
 * @s: the start of the string, as kstrtoull(), except that the first character may also be a
 *	minus sign
 * @base: the number base, as kstrtoull()
 * @res: where to write the result of the conversion on success
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow and -EINVAL on a parsing error.
 */
int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (*s == '-') {
		err = parse_ull(s + 1, base, &v);
		if (err)
			return err;
		if (v > LLONG_MAX_ULL + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > LLONG_MAX_ULL)
		return -ERANGE;
	*res = v;
	return 0;
}

/**
 * kstrtoul - convert a string to an unsigned long
 * @s: the start of the string, as kstrtoull()
 * @base: the number base, as kstrtoull()
 * @res: where to write the result of the conversion on success
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow and -EINVAL on a parsing error.
 */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

/**
 * kstrtol - convert a string to a long
 * @s: the start of the string, as kstrtoll()
 * @base: the number base, as kstrtoull()
 * @res: where to write the result of the conversion on success
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow and -EINVAL on a parsing error.
 */
int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

/**
 * kstrtouint - convert a string to an unsigned int
 * @s: the start of the string, as kstrtoull()
 * @base: the number base, as kstrtoull()
 * @res: where to write the result of the conversion on success
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow (above UINT_MAX) and -EINVAL on a
 * parsing error.
 */
int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

/**
 * kstrtoint - convert a string to an int
 * @s: the start of the string, as kstrtoll()
 * @base: the number base, as kstrtoull()
 * @res: where to write the result of the conversion on success
 *
 * Context: any. Return: 0 on success, -ERANGE on overflow (outside INT_MIN..INT_MAX) and
 * -EINVAL on a parsing error.
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v > INT_MAX || v < -(long long)INT_MAX - 1)
		return -ERANGE;
	*res = v;
	return 0;
}
