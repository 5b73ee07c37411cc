/* start_kernel(): the boot CPU runs this as the idle task, PID 0 (swapper/0), and brings the
 * kernel up in Linux's order: arch setup, memory manager, then what init would run. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <ktest.h>

static void mm_core_init(void)
{
	mem_init();
	kmem_cache_init();
	vmalloc_init();
}

void start_kernel(void)
{
	char *command_line;
	u64 us;

	setup_arch(&command_line);
	mm_core_init();
	/* As early as the page allocator allows, and before interrupts: from here on each CPU's
	 * counts live in its own area rather than in the template. */
	setup_per_cpu_areas();
	console_init();
	init_IRQ();
	time_init();
	serial_init_irq();
	/* From here on the tick runs: jiffies advance during the self-tests. */
	local_irq_enable();
	us = boot_elapsed_us();
	pr_info("Boot report done: %lu.%03lu ms after the loader handed over\n",
		(unsigned long)(us / 1000), (unsigned long)(us % 1000));

	crashtest_run();
	ktest_run_all();
	pr_info("Nothing more to run; halting.\n");
	halt_forever();
}
