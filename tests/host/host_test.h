/* The host unit-test harness (tests/host/harness.c): checks record a failure with file, line and
 * both values and let the test go on; each test is one function in a table. */
#ifndef _HOST_TEST_H
#define _HOST_TEST_H

struct host_test {
	const char *name;
	void (*fn)(void);
};

void host_fail(const char *file, int line, const char *what);
void host_fail_int(const char *file, int line, const char *l, const char *r,
		   long long lv, long long rv);
void host_fail_str(const char *file, int line, const char *l, const char *r,
		   const char *lv, const char *rv);
/* Pseudo-random numbers with a fixed seed, so every run tests the same sequence. */
unsigned long host_rand(void);
/* A page-aligned, writable page of the host's page size with an inaccessible page right after
 * it, so a read or write past its end faults (the same page every call). */
void *host_guarded_page(void);

#define CHECK(c) do {								\
	if (!(c))								\
		host_fail(__FILE__, __LINE__, #c);				\
} while (0)

#define CHECK_EQ(l, r) do {							\
	long long __l = (long long)(l), __r = (long long)(r);			\
	if (__l != __r)								\
		host_fail_int(__FILE__, __LINE__, #l, #r, __l, __r);		\
} while (0)

#define CHECK_STR(l, r) do {							\
	const char *__l = (l), *__r = (r);					\
	if (strcmp(__l, __r))							\
		host_fail_str(__FILE__, __LINE__, #l, #r, __l, __r);		\
} while (0)

extern const struct host_test host_tests[];

#endif
