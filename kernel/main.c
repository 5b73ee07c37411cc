/* start_kernel(): the boot CPU runs this as the idle task, PID 0 (swapper/0), and brings the
 * kernel up in Linux's order; rest_init() then starts kernel_init (PID 1) and kthreadd (PID 2). */
#include <linux/kernel.h>
#include <linux/time.h>
#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/panic.h>
#include <linux/atkbd.h>
#include <linux/completion.h>
#include <linux/console.h>
#include <linux/cpu.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/interrupt.h>
#include <linux/irqdesc.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/sysctl.h>
#include <linux/shell.h>
#include <linux/suspend.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/sysctl.h>
#include <linux/sysrq.h>
#include <linux/stop_machine.h>
#include <linux/timer.h>
#include <linux/torture.h>
#include <linux/trace.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <ktest.h>
#include <bench.h>

/* kernel_init must not create kernel threads before kthreadd exists. Completed once by
 * rest_init(); its wait lock, like every completion's, is taken with interrupts off. */
static DECLARE_COMPLETION(kthreadd_done);

static bool ps_at_boot;

enum system_states system_state = SYSTEM_BOOTING;

/* "ps": print the task table once kernel_init has started everything, before any test. */
static int ps_setup(char *value)
{
	if (*value)
		return -EINVAL;
	ps_at_boot = true;
	return 0;
}
__setup("ps", ps_setup);

static void mm_core_init(void)
{
	mem_init();
	kmem_cache_init();
	vmalloc_init();
}

/* init=PATH on the command line: the program to run as init (Linux's execute_command). */
static char *execute_command;

static int init_setup(char *str)
{
	execute_command = str;
	return 0;
}
__setup("init=", init_setup);

static const char *argv_init[] = { NULL, NULL };
static const char *const envp_init[] = { "HOME=/", "TERM=linux", NULL };

/* Linux's run_init_process(): exec @init_filename in kernel_init's task, so PID 1 becomes it.
 * Returns 0, or the exec's error (then the next candidate is tried). */
static int run_init_process(const char *init_filename)
{
	int ret;

	argv_init[0] = init_filename;
	pr_info("Run %s as init process\n", init_filename);
	ret = kernel_execve(init_filename, argv_init, envp_init);
	if (ret && ret != -ENOENT)
		pr_err("Starting init: %s exists but couldn't execute it (error %d)\n",
		       init_filename, ret);
	return ret;
}

/*
 * PID 1. Everything after the scheduler is up runs here, in a task that can sleep: self-tests,
 * benchmarks, and (once there is one) init. It was started before kthreadd, so it waits for it.
 */
static int kernel_init(void *unused)
{
	wait_for_completion(&kthreadd_done);
	/* Orphaned tasks are handed to init, as in Linux. */
	child_reaper = current;
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	/* Number the CPUs and fill cpu_present_mask before anything asks (Linux's order). */
	smp_prepare_cpus();
	/* The ring buffer and the trace_event= events, so the bring-up below can be traced. */
	trace_init();
	/* The first kworkers, as Linux's kernel_init_freeable() right after smp_prepare_cpus(). */
	workqueue_init();
	/* Linux's early initcalls (do_pre_smp_initcalls), before the other CPUs come up. */
	spawn_ksoftirqd();
	/* migration/N, the CPU stoppers (Linux: an early initcall too, after ksoftirqd). */
	cpu_stop_init();
	/* The other CPUs, as Linux's kernel_init_freeable(): kthreadd runs, the tests have not. */
	smp_init();
	sched_init_smp();
	/* Linux's initcalls that start threads (here the one Spindle has: khungtaskd). */
	hung_task_init();
	/*
	 * The device initcalls: the keyboard controller, and COM1's interrupt, which Linux's 8250
	 * requests when the console's tty is first opened. Both request their IRQ line, and the
	 * serial one's thread needs kthreadd.
	 */
	i8042_init();
	serial_init_irq();
	/* And the ones that make files: /proc, /proc/sys, /sys/devices/system/cpu, sysrq,
	 * /sys/power. */
	proc_root_init();
	tracer_init_tracefs();
	sysctl_init();
	cpu_dev_init();
	sysrq_init();
	pm_init();
	populate_rootfs();

	system_state = SYSTEM_RUNNING;
	if (ps_at_boot) {
		pr_info("---- ps ----\n");
		show_state();
		pr_info("---- end ps ----\n");
	}
	/*
	 * Test hooks, each doing nothing without its option: crashtest= (tests/crash_test.c),
	 * ktest= (kernel/ktest.c), torture= (kernel/torture.c), bench= (kernel/bench.c).
	 */
	crashtest_run();
	ktest_run_all();
	torture_run();
	bench_run_all();
	pr_info("Nothing more to run in the kernel; the console and init start.\n");
	shell_init();
	/* The console as descriptors 0, 1 and 2, which init and everything it starts inherit. */
	if (console_on_rootfs())
		pr_err("Warning: unable to open an initial console.\n");
	/* Linux's kernel_init() ends the same way: init= first, then /init from the initramfs,
	 * then the usual places; the first that execs becomes PID 1's program. */
	if (execute_command && !run_init_process(execute_command))
		return 0;
	if (!run_init_process("/init") || !run_init_process("/sbin/init"))
		return 0;
	exit_files(current);
	pr_info("No working init found (no /init or /sbin/init in the initramfs): kernel_init "
		"stays a kernel thread and sleeps; the console works without it.\n");
	/* Asleep for good, but freezable: a suspend freezes init, as it would user space's. */
	for (;;) {
		set_current_state(TASK_IDLE | TASK_FREEZABLE);
		schedule();
	}
	return 0;
}

/*
 * As Linux's rest_init(): PID 1 first (so it gets PID 1), then kthreadd (PID 2); kthreadd_done
 * tells kernel_init that kthread_create() can now work. The boot code then becomes what it has
 * been since sched_init(): the idle task.
 */
static __noreturn void rest_init(void)
{
	int pid;

	user_mode_thread(kernel_init, NULL, "kernel_init", CLONE_FS);
	pid = kernel_thread(kthreadd, NULL, "kthreadd", CLONE_FS | CLONE_FILES);
	kthreadd_task = find_task_by_pid(pid);
	if (!kthreadd_task)
		panic("rest_init: cannot start kthreadd (%d)", pid);
	system_state = SYSTEM_SCHEDULING;
	complete(&kthreadd_done);
	cpu_startup_entry();
}

/**
 * start_kernel - bring the kernel up on the boot CPU, then become its idle task
 *
 * Called by the architecture's entry (x86_64_start_kernel()) once, with interrupts off. It
 * sets up memory, the per-CPU areas, the scheduler, timers, softirqs, the console and the
 * interrupt controllers in Linux's order, turns interrupts on once the tick can run, and hands
 * over to rest_init(), which starts kernel_init and kthreadd and enters the idle loop.
 *
 * Linux 6.1 calls workqueue_init_early() before init_IRQ(), with interrupts still off; here it
 * comes after local_irq_enable() (see below).
 *
 * Context: boot CPU, single-threaded, interrupts off on entry. Return: never.
 */
void start_kernel(void)
{
	char *command_line;
	u64 us;

	setup_arch(&command_line);
	mm_core_init();
	/* As early as the page allocator allows, and before interrupts: from here on each CPU's
	 * counts live in its own area rather than in the template. */
	setup_per_cpu_areas();
	/* The boot code becomes swapper/0, the idle task of CPU 0, as in Linux. */
	sched_init();
	fork_init();
	init_timers();
	softirq_init();
	console_init();
	early_irq_init();
	init_IRQ();
	time_init();
	timekeeping_init();
	/* From here on the tick runs: jiffies advance and the scheduler can preempt. */
	local_irq_enable();
	/*
	 * Workqueues can be made and works queued from here on; kworkers come in kernel_init.
	 * Linux calls this before init_IRQ(), with interrupts off, where its might_sleep() is
	 * quiet during boot; Spindle's is not, and alloc_workqueue() takes mutexes, so it comes
	 * once interrupts are on.
	 */
	workqueue_init_early();
	us = boot_elapsed_us();
	pr_info("Boot report done: %lu.%03lu ms after the loader handed over\n",
		(unsigned long)(us / USEC_PER_MSEC), (unsigned long)(us % USEC_PER_MSEC));
	rest_init();
}
