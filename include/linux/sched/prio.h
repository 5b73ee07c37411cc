/* Priority numbers, as Linux's: kernel prio 0..99 for real-time tasks (lower is more urgent),
 * 100..139 for the fair classes, nice -20..19 mapping onto 100..139 (nice 0 = 120). */
#ifndef _LINUX_SCHED_PRIO_H
#define _LINUX_SCHED_PRIO_H

#define MAX_NICE	19
#define MIN_NICE	-20
#define NICE_WIDTH	(MAX_NICE - MIN_NICE + 1)

#define MAX_RT_PRIO	100
#define MAX_PRIO	(MAX_RT_PRIO + NICE_WIDTH)
#define DEFAULT_PRIO	(MAX_RT_PRIO + NICE_WIDTH / 2)

#define NICE_TO_PRIO(nice)	((nice) + DEFAULT_PRIO)
#define PRIO_TO_NICE(prio)	((prio) - DEFAULT_PRIO)

#endif
