/* Spindle's in-kernel benchmarks: registered in the .bench linker section, chosen with
 * bench=<glob>[,<glob>...] and reported one line each as
 * "BENCH test=<name> n=<runs> tsc_med=<median ticks> tsc_p99=<p99 ticks>" (make bench). */
#ifndef _BENCH_H
#define _BENCH_H

#include <linux/types.h>
#include <linux/compiler.h>

/*
 * One benchmark. run() measures @runs times, writes each measurement (in TSC ticks: under
 * QEMU's -icount shift=0 one tick is one guest instruction) to samples[], and returns how many
 * it wrote, or a negative errno if it could not run. The framework sorts and summarises them.
 */
struct bench {
	const char *name;
	unsigned int runs;
	int (*run)(u64 *samples, unsigned int runs);
	/* Optional: more " key=value" fields for the BENCH line, written after run(). */
	void (*report)(char *buf, size_t size);
};

#define bench_register(b)						\
	static const struct bench *__bench_ptr_##b			\
	__used __section(".bench") __aligned(8) = &b

/* Was bench= given? ktest then leaves ending the run (and QEMU) to bench_run_all(). */
bool bench_requested(void);
/* Run the benchmarks bench= selects, print their BENCH lines, then end the run. */
void bench_run_all(void);
/* Run the benchmarks @globs selects (the console's bench): how many ran, or -EINVAL. */
int bench_run_glob(const char *globs);

#endif
