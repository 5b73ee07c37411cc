/* getrandom() (Linux's drivers/char/random.c, in name only): NOT cryptographic. Linux keeps an
 * entropy pool and a ChaCha20 generator; Spindle gives each CPU a xorshift128+ generator
 * seeded from the TSC (and RDRAND where the CPU has it), which is enough for musl's start-up
 * (it does not ask) and for programs that want varied numbers, not for secrets. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#define GRND_NONBLOCK	0x0001
#define GRND_RANDOM	0x0002
#define GRND_INSECURE	0x0004

struct xorshift_state {
	u64 s[2];
};

/* This CPU's generator; used with preemption off. */
static DEFINE_PER_CPU(struct xorshift_state, rng_state);

static u64 seed_word(void)
{
	u64 v = rdtsc();
	unsigned long r;
	bool ok = false;

	if (boot_cpu_has(X86_FEATURE_RDRAND)) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
		if (ok)
			v ^= r;
	}
	/* splitmix64's finaliser: spreads the TSC's few changing bits over the word. */
	v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
	v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
	return v ^ (v >> 31);
}

static u64 next_word(struct xorshift_state *st)
{
	u64 x = st->s[0], y = st->s[1];

	if (unlikely(!(x | y))) {
		x = seed_word() | 1;
		y = seed_word();
	}
	st->s[0] = y;
	x ^= x << 23;
	st->s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
	return st->s[1] + y;
}

/*
 * getrandom(): @count bytes, never blocking (there is no pool to wait for, so GRND_NONBLOCK
 * changes nothing); GRND_RANDOM and GRND_INSECURE together are refused, as Linux does.
 */
SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, count, unsigned int, flags)
{
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	/* Linux caps one call at MAX_RW_COUNT; the same cap keeps the result an int. */
	if (count > 0x7ffff000)
		count = 0x7ffff000;
	while (done < count) {
		u64 w;
		size_t n = min(count - done, sizeof(w));

		preempt_disable();
		w = next_word(this_cpu_ptr(&rng_state));
		preempt_enable();
		if (copy_to_user(ubuf + done, &w, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (signal_pending(current))
			break;
	}
	return done;
}
