/* /bin/yield: yield N [CPU [START_MS]]: on CPU (default 0) at SCHED_FIFO 50, give the CPU away
 * N times with sched_yield(), so a kernel thread of the same priority there runs between every
 * two of its turns (the lazy-TLB tests). START_MS: begin when CLOCK_MONOTONIC reaches it, so
 * several such processes and the kernel thread start their turns together. */
#include "ulib.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int cpu = argc > 2 ? atoi(argv[2]) : 0;
	long start_ms = argc > 3 ? atol(argv[3]) : 0;
	struct timespec start = { start_ms / 1000, start_ms % 1000 * 1000000 };

	/* Real-time first, then move: arriving on a CPU where a SCHED_FIFO task is busy as an
	 * ordinary task, it would never run again to raise its priority. */
	if (sys_sched_setscheduler(0, SCHED_FIFO, 50) || pin_to_cpu(cpu)) {
		perror("yield: setting CPU and policy");
		return 1;
	}
	if (start_ms)
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &start, NULL);
	for (long i = 0; i < n; i++)
		sched_yield();
	return 0;
}
