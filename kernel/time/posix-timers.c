/* The clock system calls (Linux's kernel/time/posix-timers.c, and nanosleep() from
 * kernel/time/hrtimer.c): clock_gettime(), clock_nanosleep(), nanosleep(). Linux sleeps on a
 * high-resolution timer; Spindle's sleeps end on the tick (1 ms at HZ=1000), never early. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/syscalls.h>
#include <linux/time.h>
#include <linux/uaccess.h>

/* Linux's task_sched_runtime(): ns on a CPU, including the current stretch if running. */
static u64 task_cputime(struct task_struct *p)
{
	return READ_ONCE(p->se.sum_exec_runtime);
}

/* The time on @which_clock in ns, or -EINVAL for a clock Spindle does not have. */
static int clock_read_ns(int which_clock, u64 *ns)
{
	switch (which_clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:	/* no suspend time to add: Spindle's suspend stops nothing */
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = task_cputime(current);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(clock_gettime, int, which_clock, struct __kernel_timespec __user *, tp)
{
	struct __kernel_timespec ts;
	u64 ns;
	int ret = clock_read_ns(which_clock, &ns);

	if (ret)
		return ret;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* Linux's timespec64_valid(): no negative seconds, nanoseconds below a second. */
static bool timespec_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static long do_nanosleep(int which_clock, u64 deadline_ns, bool relative,
			 struct __kernel_timespec __user *rmtp);

/* restart_syscall()'s way back into an interrupted sleep: the same deadline. */
static long nanosleep_restart(struct restart_block *restart)
{
	return do_nanosleep(restart->clockid, restart->expires, true, restart->rmtp);
}

/*
 * Sleep until @which_clock reads @deadline_ns (interruptibly). Woken early by a signal or the
 * freezer: the time left goes to @rmtp (a relative sleep) and -ERESTART_RESTARTBLOCK has the
 * call restarted for the rest once the wake-up was dealt with, as Linux's hrtimer_nanosleep()
 * does (a user process dies instead if it was a signal: it has no handlers).
 */
static long do_nanosleep(int which_clock, u64 deadline_ns, bool relative,
			 struct __kernel_timespec __user *rmtp)
{
	struct restart_block *restart = &current->restart_block;

	u64 now = 0;

	for (;;) {
		clock_read_ns(which_clock, &now);
		if (now >= deadline_ns)
			return 0;
		if (signal_pending(current))
			break;
		/* Round up: a sleep never ends before its time. */
		schedule_timeout_interruptible(nsecs_to_jiffies(deadline_ns - now) + 1);
	}
	if (relative && rmtp) {
		struct __kernel_timespec left = {
			.tv_sec = (deadline_ns - now) / NSEC_PER_SEC,
			.tv_nsec = (deadline_ns - now) % NSEC_PER_SEC,
		};

		if (copy_to_user(rmtp, &left, sizeof(left)))
			return -EFAULT;
	}
	restart->fn = nanosleep_restart;
	restart->clockid = which_clock;
	restart->expires = deadline_ns;
	restart->rmtp = relative ? rmtp : NULL;
	return -ERESTART_RESTARTBLOCK;
}

static long clock_sleep(int which_clock, int flags, struct __kernel_timespec __user *rqtp,
			struct __kernel_timespec __user *rmtp)
{
	struct __kernel_timespec t;
	u64 now, ns;

	if (copy_from_user(&t, rqtp, sizeof(t)))
		return -EFAULT;
	if (!timespec_valid(&t))
		return -EINVAL;
	if (clock_read_ns(which_clock, &now))
		return -EINVAL;
	ns = (u64)t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
	if (t.tv_sec > (long long)(~0ULL / NSEC_PER_SEC / 2))
		ns = ~0ULL / 2;		/* "forever" without wrapping */
	if (!(flags & TIMER_ABSTIME))
		ns = now + ns < now ? ~0ULL : now + ns;
	return do_nanosleep(which_clock, ns, !(flags & TIMER_ABSTIME), rmtp);
}

SYSCALL_DEFINE2(nanosleep, struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	return clock_sleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);
}

/* The CPU-time clocks cannot be slept on (Linux: -EINVAL for a thread's own, -ENOTSUPP for
 * a process's; -EINVAL for both here). */
SYSCALL_DEFINE4(clock_nanosleep, int, which_clock, int, flags,
		struct __kernel_timespec __user *, rqtp, struct __kernel_timespec __user *, rmtp)
{
	if (which_clock == CLOCK_PROCESS_CPUTIME_ID || which_clock == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	return clock_sleep(which_clock, flags, rqtp, rmtp);
}
