/* The smpboot framework: one kernel thread per CPU, created, parked and unparked with CPU
 * hotplug, running the smpboot_thread_fn() loop (Linux's kernel/smpboot.c) around the user's
 * callbacks. */
#ifndef _LINUX_SMPBOOT_H
#define _LINUX_SMPBOOT_H

#include <linux/types.h>
#include <linux/list.h>

struct task_struct;

/**
 * struct smp_hotplug_thread - a per-CPU thread description (Linux's include/linux/smpboot.h)
 * @store:		per-CPU pointer to each CPU's task (DEFINE_PER_CPU(struct task_struct *, x))
 * @list:		on hotplug_threads, newest first
 * @thread_should_run:	is there work? Called with preemption off; true runs @thread_fn
 * @thread_fn:		the work, run with preemption on
 * @create:		after the thread is created and parked (optional)
 * @setup:		in the thread, once, before its first @thread_fn (optional)
 * @cleanup:		in the thread when it is stopped, if @setup ran; @online: its CPU is up
 * @park:		in the thread, before it parks (CPU going down) (optional)
 * @unpark:		in the thread, after it was unparked (CPU up again) (optional)
 * @selfparking:	the thread parks and unparks itself: smpboot leaves it alone
 * @thread_comm:	name, with one %u for the CPU ("ksoftirqd/%u")
 */
struct smp_hotplug_thread {
	struct task_struct		**store;
	struct list_head		list;
	int				(*thread_should_run)(unsigned int cpu);
	void				(*thread_fn)(unsigned int cpu);
	void				(*create)(unsigned int cpu);
	void				(*setup)(unsigned int cpu);
	void				(*cleanup)(unsigned int cpu, bool online);
	void				(*park)(unsigned int cpu);
	void				(*unpark)(unsigned int cpu);
	bool				selfparking;
	const char			*thread_comm;
};

/* Create, bind and start one thread per online CPU; 0 or a negative errno (then none is left). */
int smpboot_register_percpu_thread(struct smp_hotplug_thread *plug_thread);
/* Stop every thread of @plug_thread (parked ones of offline CPUs too), calling cleanup. */
void smpboot_unregister_percpu_thread(struct smp_hotplug_thread *plug_thread);

#endif
