/* Tracing as the rest of the kernel sees it: boot set-up and the tracing_on switch
 * (Linux's tracing_on()/tracing_off() in include/linux/kernel.h; the files in
 * kernel/trace/trace.c). */
#ifndef _LINUX_TRACE_H
#define _LINUX_TRACE_H

#include <linux/types.h>

void trace_init(void);
void tracer_init_tracefs(void);
bool tracing_is_on(void);
void tracing_on(void);
void tracing_off(void);
void tracing_reset_online_cpus(void);

#endif
