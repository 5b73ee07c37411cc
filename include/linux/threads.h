/* Compile-time limits on CPUs: per-CPU tables are arrays of NR_CPUS entries. */
#ifndef _LINUX_THREADS_H
#define _LINUX_THREADS_H

#define NR_CPUS		64

#endif
