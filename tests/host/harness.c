/* The host unit-test runner: runs every test in host_tests[], prints one result line per test and
 * then "N passed, N failed"; exits non-zero if anything failed. Built against libc, apart from the
 * kernel code under test (which lives under its own names, see spindle_names.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "host_test.h"

static int current_failed;

static void fail_head(const char *file, int line)
{
	current_failed = 1;
	printf("    %s:%d: ", file, line);
}

void host_fail(const char *file, int line, const char *what)
{
	fail_head(file, line);
	printf("expected %s\n", what);
}

void host_fail_int(const char *file, int line, const char *l, const char *r,
		   long long lv, long long rv)
{
	fail_head(file, line);
	printf("expected %s == %s, but %s == %lld (0x%llx), %s == %lld (0x%llx)\n",
	       l, r, l, lv, (unsigned long long)lv, r, rv, (unsigned long long)rv);
}

void host_fail_str(const char *file, int line, const char *l, const char *r,
		   const char *lv, const char *rv)
{
	fail_head(file, line);
	printf("expected %s == %s, but \"%s\" != \"%s\"\n", l, r, lv, rv);
}

unsigned long host_rand(void)
{
	static unsigned long long state = 0x2545f4914f6cdd1dULL;

	/* xorshift64 */
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned long)state;
}

void *host_guarded_page(void)
{
	static char *page;
	long size = sysconf(_SC_PAGESIZE);

	if (!page) {
		page = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
		if (page == MAP_FAILED || mprotect(page + size, size, PROT_NONE)) {
			perror("host_guarded_page");
			exit(2);
		}
	}
	return page;
}

int main(void)
{
	int passed = 0, failed = 0;

	for (const struct host_test *t = host_tests; t->fn; t++) {
		current_failed = 0;
		t->fn();
		printf("%s %s\n", current_failed ? "FAIL" : "PASS", t->name);
		fflush(stdout);
		if (current_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
