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

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return parse_ull(s + (*s == '+'), base, res);
}

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

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

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
