/* /bin/yield: yield N [CPU]: on CPU (default 0) at SCHED_FIFO 50, give the CPU away N times
 * with sched_yield(), so a kernel thread of the same priority there runs between every two
 * of its turns (the lazy-TLB tests). */
#include "ulib.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int cpu = argc > 2 ? atoi(argv[2]) : 0;

	/* Real-time first, then move: arriving on a CPU where a SCHED_FIFO task is busy as an
	 * ordinary task, it would never run again to raise its priority. */
	if (sys_sched_setscheduler(0, SCHED_FIFO, 50) || pin_to_cpu(cpu)) {
		perror("yield: setting CPU and policy");
		return 1;
	}
	for (long i = 0; i < n; i++)
		sched_yield();
	return 0;
}
