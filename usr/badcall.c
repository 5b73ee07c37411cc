/* /bin/badcall: every system call Spindle implements, called with bad pointers, lengths, flags,
 * PIDs and huge values; each must fail with Linux's errno (and nothing may crash). Prints each
 * mismatch and a summary; exits 1 if any. The same binary passes on Linux. */
#include "ulib.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>

#define KADDR		0xffff888000000000L	/* kernel memory (the direct map) */
#define NONCANON	0x0000800000000000L	/* just past the user half */
#define UNMAPPED	0x10000L		/* the lowest mappable page, never mapped here */
#define HUGE		0x7fffffffffffffffL
#define TIOCGWINSZ	0x5413
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003

static int checks, failed;

/* Raw system call; the result as the kernel returned it (-errno on failure). */
static long sc(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r == -1 ? -errno : r;
}

static void expect(const char *what, long got, long want)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("badcall: %s: got %ld (%s), want %ld (%s)\n", what, got,
	       got < 0 ? strerror(-got) : "ok", want, want < 0 ? strerror(-want) : "ok");
}

#define CHECK(want, nr, ...) expect(#nr "(" #__VA_ARGS__ ")", sc_args(nr, __VA_ARGS__), want)
#define sc_args(nr, ...) sc6(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sc6(nr, a, b, c, d, e, f, ...) sc(nr, (long)(a), (long)(b), (long)(c), (long)(d), \
					  (long)(e), (long)(f))

int main(int argc, char **argv0)
{
	char buf[64];
	struct iovec iov[2] = { { buf, 1 }, { (void *)KADDR, 5 } };
	struct iovec bad_len = { buf, (size_t)-1 };
	struct timespec ts_bad_ns = { 0, 1000000000 }, ts_neg = { -1, 0 };
	int sp0 = 0, sp50 = 50;	/* struct sched_param: one int for Linux */
	unsigned long zero_mask = 0, mask = 1;
	char *argv[] = { "x", NULL };
	int fds[2];

	/* read, write, writev, ioctl: descriptors and buffers. */
	CHECK(-EFAULT, SYS_read, 0, KADDR, 10);
	CHECK(-EFAULT, SYS_read, 0, NONCANON, 10);
	CHECK(0, SYS_read, 0, buf, 0);
	CHECK(-EBADF, SYS_read, 99, buf, 1);
	CHECK(-EBADF, SYS_read, -1, buf, 1);
	CHECK(-EFAULT, SYS_write, 1, KADDR, 10);
	CHECK(-EFAULT, SYS_write, 1, 0, 5);
	CHECK(-EFAULT, SYS_write, 1, UNMAPPED, 5);
	CHECK(-EFAULT, SYS_write, 1, buf, HUGE);
	CHECK(-EFAULT, SYS_write, 1, HUGE, 1);
	CHECK(-EBADF, SYS_write, 1234, buf, 1);
	CHECK(-EFAULT, SYS_writev, 1, 0, 1);
	CHECK(-EINVAL, SYS_writev, 1, iov, 1025);
	CHECK(-EINVAL, SYS_writev, 1, &bad_len, 1);
	CHECK(-EBADF, SYS_writev, 77, iov, 1);
	/* Only a terminal has a window size to copy out (the host test pipes stdout). */
	CHECK(isatty(1) ? -EFAULT : -ENOTTY, SYS_ioctl, 1, TIOCGWINSZ, KADDR);
	CHECK(-ENOTTY, SYS_ioctl, 1, 0x1234, 0);
	CHECK(-EBADF, SYS_ioctl, 77, TIOCGWINSZ, buf);
	CHECK(-EBADF, SYS_close, 999);
	CHECK(-EFAULT, SYS_pipe, KADDR);
	CHECK(-EINVAL, SYS_pipe2, fds, 0x1234);

	/* mmap, munmap, brk. */
	CHECK(-EINVAL, SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(-ENOMEM, SYS_mmap, 0, HUGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(-ENOMEM, SYS_mmap, KADDR, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
	      -1, 0);
	CHECK(-EINVAL, SYS_mmap, UNMAPPED + 1, 4096, PROT_READ,
	      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(-EINVAL, SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CHECK(-EINVAL, SYS_munmap, UNMAPPED + 1, 4096);
	CHECK(-EINVAL, SYS_munmap, KADDR, 4096);
	CHECK(-EINVAL, SYS_munmap, UNMAPPED, 0);
	expect("brk(KADDR) leaves the break", sc(SYS_brk, KADDR, 0, 0, 0, 0, 0),
	       sc(SYS_brk, 0, 0, 0, 0, 0, 0));

	/* Time. */
	CHECK(-EFAULT, SYS_nanosleep, KADDR, 0);
	CHECK(-EINVAL, SYS_nanosleep, &ts_bad_ns, 0);
	CHECK(-EINVAL, SYS_nanosleep, &ts_neg, 0);
	CHECK(-EINVAL, SYS_clock_gettime, 99, buf);
	CHECK(-EFAULT, SYS_clock_gettime, CLOCK_MONOTONIC, KADDR);
	CHECK(-EFAULT, SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, 0, 0);
	CHECK(-EINVAL, SYS_clock_nanosleep, 99, 0, &ts_bad_ns, 0);

	/* Processes. */
	CHECK(-ECHILD, SYS_wait4, -1, KADDR, 0, 0);
	CHECK(-ECHILD, SYS_wait4, 12345, 0, 0, 0);
	CHECK(-EINVAL, SYS_wait4, -1, 0, 0x1234567, 0);
	CHECK(-ESRCH, SYS_kill, 999999, SIGTERM);
	CHECK(-EINVAL, SYS_kill, getpid(), 99);
	CHECK(-EINVAL, SYS_kill, getpid(), -1);
	CHECK(0, SYS_kill, 1, 0);
	CHECK(-EFAULT, SYS_execve, KADDR, argv, 0);
	CHECK(-ENOENT, SYS_execve, "/nonexistent", argv, 0);
	CHECK(-EACCES, SYS_execve, "/", argv, 0);
	CHECK(-EFAULT, SYS_execve, argc ? argv0[0] : "", KADDR, 0);
	/* CLONE_THREAD without CLONE_SIGHAND: refused by Linux too. */
	CHECK(-EINVAL, SYS_clone, 0x10000 | SIGCHLD, 0, 0, 0, 0);

	/* Scheduling. */
	CHECK(-EFAULT, SYS_sched_setaffinity, 0, 8, KADDR);
	CHECK(-EINVAL, SYS_sched_setaffinity, 0, 8, &zero_mask);
	CHECK(-ESRCH, SYS_sched_setaffinity, 999999, 8, &mask);
	CHECK(-EINVAL, SYS_sched_getaffinity, 0, 3, buf);
	CHECK(-EFAULT, SYS_sched_getaffinity, 0, 8, KADDR);
	CHECK(-EINVAL, SYS_sched_setscheduler, 0, 99, &sp0);
	CHECK(-EINVAL, SYS_sched_setscheduler, 0, SCHED_FIFO, &sp0);
	CHECK(-EINVAL, SYS_sched_setscheduler, 0, SCHED_OTHER, &sp50);
	CHECK(-EFAULT, SYS_sched_setscheduler, 0, SCHED_FIFO, KADDR);
	CHECK(-EINVAL, SYS_sched_setscheduler, -1, SCHED_OTHER, &sp0);
	CHECK(-ESRCH, SYS_sched_setscheduler, 999999, SCHED_OTHER, &sp0);
	CHECK(-EINVAL, SYS_sched_getscheduler, -1);
	CHECK(-ESRCH, SYS_sched_getscheduler, 999999);
	CHECK(-EFAULT, SYS_sched_getparam, 0, KADDR);

	/* The rest. */
	CHECK(-EFAULT, SYS_getcpu, KADDR, 0, 0);
	CHECK(-EFAULT, SYS_uname, KADDR);
	CHECK(-EFAULT, SYS_uname, 0);
	CHECK(-EINVAL, SYS_getrandom, buf, 16, 0x100);
	CHECK(-EFAULT, SYS_getrandom, KADDR, 16, 0);
	CHECK(-EINVAL, SYS_arch_prctl, 0x9999, 0);
	CHECK(-EPERM, SYS_arch_prctl, ARCH_SET_FS, KADDR);
	CHECK(-EFAULT, SYS_arch_prctl, ARCH_GET_FS, KADDR);
	CHECK(-ENOSYS, 1000, 0);
	CHECK(-ENOSYS, -1, 0);

	printf("badcall: %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
