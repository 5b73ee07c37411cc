/* What a fatal report shows: the CPU, the registers of the interrupted context, the control
 * registers, and a symbolised backtrace walked along the frame-pointer chain. Every frame is
 * read with copy_from_kernel_nofault(), so a corrupt chain ends the trace instead of faulting. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/kallsyms.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/boot.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <asm/sections.h>
#include <asm/switch_to.h>
#include <linux/stacktrace.h>

#define STACKTRACE_MAX_FRAMES	96


static bool kernel_text_address(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

/* printk at a level chosen at run time (a KERN_* string). */
static __printf(2, 3) void printk_lvl(const char *lvl, const char *fmt, ...)
{
	char c = printk_get_level(lvl);
	va_list args;

	va_start(args, fmt);
	vprintk_emit(c >= '0' && c <= '7' ? c - '0' : default_message_loglevel, c == 'c', fmt, args);
	va_end(args);
}

/*
 * Where walk_frames() puts the return addresses it finds: printed at @lvl (with a line saying
 * why the chain ended early), or stored in @store (which ends quietly). %pB looks up the call
 * before the return address, as it names the instruction after it.
 */
struct frame_sink {
	const char *lvl;
	unsigned long *store;
	unsigned int size, nr;
};

static bool sink_addr(struct frame_sink *sink, const char *mark, unsigned long addr)
{
	if (!sink->store) {
		printk_lvl(sink->lvl, " %s%pB\n", mark, (void *)addr);
		return true;
	}
	if (sink->nr == sink->size)
		return false;
	sink->store[sink->nr++] = addr;
	return true;
}

#define sink_end(sink, fmt, ...)					\
	do {								\
		if (!(sink)->store)					\
			printk_lvl((sink)->lvl, fmt, ##__VA_ARGS__);	\
	} while (0)

static void walk_frames(unsigned long bp, struct frame_sink *sink)
{
	for (int depth = 0; bp; depth++) {
		unsigned long frame[2];	/* the caller's bp, then the return address */

		if (depth == STACKTRACE_MAX_FRAMES) {
			sink_end(sink, " ... (trace cut after %d frames)\n", depth);
			return;
		}
		if (!IS_ALIGNED(bp, sizeof(long))) {
			sink_end(sink, " (frame pointer %016lx misaligned; trace ends)\n", bp);
			return;
		}
		if (copy_from_kernel_nofault(frame, (void *)bp, sizeof(frame))) {
			sink_end(sink, " (frame pointer %016lx unreadable; trace ends)\n", bp);
			return;
		}
		if (!kernel_text_address(frame[1])) {
			sink_end(sink, " (return address %016lx outside kernel text; trace ends)\n",
				 frame[1]);
			return;
		}
		if (!sink_addr(sink, "", frame[1]))
			return;
		/*
		 * Callers' frames lie higher up the same stack, so a chain going down within a
		 * stack's reach is corrupt. A jump further away is a switch to another stack
		 * (call_on_stack, an exception on an IST stack); the frame cap ends any loop.
		 */
		if (frame[0] && frame[0] <= bp && bp - frame[0] < THREAD_SIZE) {
			sink_end(sink, " (frame pointer %016lx below %016lx; trace ends)\n",
				 frame[0], bp);
			return;
		}
		bp = frame[0];
	}
}

/**
 * show_trace_log_lvl - print "Call Trace:" and the frames from @ip and frame pointer @bp
 * @ip: the first address to print (0 for none: the walk starts at @bp's return address)
 * @bp: a frame pointer on the current task's stack
 * @lvl: the printk level, KERN_EMERG for an oops
 *
 * Context: any, the oops and NMI paths included; prints with printk. Return: nothing.
 */
void show_trace_log_lvl(unsigned long ip, unsigned long bp, const char *lvl)
{
	printk_lvl(lvl, "Call Trace:\n");
	struct frame_sink sink = { .lvl = lvl };

	if (ip)
		printk_lvl(lvl, " %pS\n", (void *)ip);
	walk_frames(bp, &sink);
}

/*
 * The frame chain names the callers of the function that set up regs->bp. If the interrupted
 * function has no frame of its own (a leaf compiled without one) or was stopped inside its
 * prologue, its return address is still on top of the stack and the chain would skip its
 * caller: print that word too, marked "?" as Linux marks what it could not prove.
 */
static void show_trace_regs(struct pt_regs *regs)
{
	static const u8 prologue[] = { 0x55, 0x48, 0x89, 0xe5 };	/* push %rbp; mov %rsp,%rbp */
	unsigned long start, size, ret, ret_slot = 0;
	struct frame_sink sink = { .lvl = KERN_EMERG };
	const char *name;
	u8 code[sizeof(prologue)];

	printk(KERN_EMERG "Call Trace:\n");
	printk(KERN_EMERG " %pS\n", (void *)regs->ip);
	if (kallsyms_lookup(regs->ip, &name, &start, &size)) {
		bool framed = !copy_from_kernel_nofault(code, (void *)start, sizeof(code)) &&
			      !memcmp(code, prologue, sizeof(prologue));

		if (!framed || regs->ip == start)
			ret_slot = regs->sp;
		else if (regs->ip == start + 1)
			ret_slot = regs->sp + sizeof(long);
	}
	if (ret_slot && !copy_from_kernel_nofault(&ret, (void *)ret_slot, sizeof(ret)) &&
	    kernel_text_address(ret))
		sink_addr(&sink, "? ", ret);
	walk_frames(regs->bp, &sink);
}

/*
 * A task that is not running (asleep, parked, preempted) left an inactive_task_frame at
 * thread.sp in __switch_to_asm: its return address is where the task switched out, its saved
 * bp starts the chain of the callers. Nothing stops the task from waking and reusing its stack
 * meanwhile, so the frame is checked to lie inside the stack and every read is fault-safe: a
 * trace of a task that woke up may be stale, never a crash. The caller keeps the task (and so
 * its stack) alive. O(frames), at most STACKTRACE_MAX_FRAMES.
 */
static bool walk_task_frames(struct task_struct *p, struct frame_sink *sink)
{
	unsigned long stack = (unsigned long)p->stack, sp = READ_ONCE(p->thread.sp);
	struct inactive_task_frame frame;

	if (!stack || sp < stack || sp > stack + THREAD_SIZE - sizeof(frame) ||
	    copy_from_kernel_nofault(&frame, (void *)sp, sizeof(frame))) {
		sink_end(sink, " (saved stack pointer %016lx outside the task's stack; trace ends)\n",
			 sp);
		return false;
	}
	if (kernel_text_address(frame.ret_addr) && !sink_addr(sink, "", frame.ret_addr))
		return true;
	walk_frames(frame.bp, sink);
	return true;
}

/**
 * show_task_stack - print the backtrace of @p, which is not running
 * @p: the task, kept alive by the caller
 *
 * Context: any. Return: nothing; a running task gets a line saying so instead.
 */
void show_task_stack(struct task_struct *p)
{
	struct frame_sink sink = { .lvl = KERN_INFO };

	if (p == current) {
		dump_stack();
		return;
	}
	if (READ_ONCE(p->on_cpu)) {
		pr_info("%s/%d is running on CPU %u; no trace of a running task\n", p->comm,
			p->pid, task_cpu(p));
		return;
	}
	pr_info("Call Trace:\n");
	walk_task_frames(p, &sink);
}

/**
 * stack_trace_save_tsk - the return addresses of @p's stack, innermost first
 * @p: a task that is not running, kept alive by the caller, or current
 * @store: where
 * @size: room in @store
 *
 * Linux's stack_trace_save_tsk() (kernel/stacktrace.c). For current the trace starts at its
 * caller; a task running on another CPU has none.
 *
 * Context: any. Return: the number stored.
 */
unsigned int stack_trace_save_tsk(struct task_struct *p, unsigned long *store, unsigned int size)
{
	struct frame_sink sink = { .store = store, .size = size };

	if (p == current)
		walk_frames((unsigned long)__builtin_frame_address(0), &sink);
	else if (!READ_ONCE(p->on_cpu))
		walk_task_frames(p, &sink);
	return sink.nr;
}

/**
 * stack_trace_save_regs - the interrupted context's call chain: @regs->ip, then the return
 * addresses along @regs->bp's frame chain
 * @regs: an interrupted kernel context
 * @store: where
 * @size: room in @store
 *
 * Linux's stack_trace_save_regs(). Every read is fault-safe, so it may run in an NMI.
 *
 * Context: any, NMI included. Return: the number stored.
 */
unsigned int stack_trace_save_regs(struct pt_regs *regs, unsigned long *store, unsigned int size)
{
	struct frame_sink sink = { .store = store, .size = size };

	if (size && kernel_text_address(regs->ip))
		store[sink.nr++] = regs->ip;
	walk_frames(regs->bp, &sink);
	return sink.nr;
}

/**
 * stack_trace_save_bp - the return addresses along the frame chain that starts at @bp
 * @bp: a frame pointer of the current stack (a caller's __builtin_frame_address(0))
 * @store: where
 * @size: room in @store
 *
 * The first address stored is the return address of the function whose frame @bp is: its
 * caller. The lock validator uses it to start its traces at the lock function's caller.
 *
 * Context: any. Return: the number stored.
 */
unsigned int stack_trace_save_bp(unsigned long bp, unsigned long *store, unsigned int size)
{
	struct frame_sink sink = { .store = store, .size = size };

	walk_frames(bp, &sink);
	return sink.nr;
}

#define savesegment(seg, value) \
	__asm__ __volatile__("movw %%" #seg ", %0" : "=r"(value))

/**
 * show_regs - print the registers of @regs and its call trace, in Linux's oops layout
 * @regs: the state an exception or NMI saved
 *
 * Context: exception or NMI context, usually on the way to a panic. Return: nothing.
 */
void show_regs(struct pt_regs *regs)
{
	u16 ds, es, fs, gs;

	printk(KERN_EMERG "CPU: %u PID: %d Comm: %s\n", smp_processor_id(), current->pid,
	       current->comm);
	printk(KERN_EMERG "RIP: %04lx:%pS\n", regs->cs & 0xffff, (void *)regs->ip);
	printk(KERN_EMERG "RSP: %04lx:%016lx EFLAGS: %08lx\n", regs->ss & 0xffff, regs->sp,
	       regs->flags);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11,
	       regs->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14,
	       regs->r15);
	/* DS/ES/FS/GS are not saved on entry: the handler never changes them. */
	savesegment(ds, ds);
	savesegment(es, es);
	savesegment(fs, fs);
	savesegment(gs, gs);
	printk(KERN_EMERG "CS:  %04lx SS: %04lx DS: %04x ES: %04x FS: %04x GS: %04x\n",
	       regs->cs & 0xffff, regs->ss & 0xffff, ds, es, fs, gs);
	printk(KERN_EMERG "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", read_cr0(),
	       read_cr2(), read_cr3(), read_cr4());
	show_trace_regs(regs);
}

/**
 * dump_stack_lvl - print this CPU, the current task and its call trace at level @lvl
 * @lvl: the printk level
 *
 * Context: any; prints with printk. Return: nothing.
 */
__noinline void dump_stack_lvl(const char *lvl)
{
	printk_lvl(lvl, "CPU: %u PID: %d Comm: %s\n", smp_processor_id(), current->pid,
		   current->comm);
	show_trace_log_lvl(0, (unsigned long)__builtin_frame_address(0), lvl);
}

/**
 * dump_stack - dump_stack_lvl() at KERN_INFO, as a WARN's backtrace
 *
 * Context: any; prints with printk. Return: nothing.
 */
void dump_stack(void)
{
	dump_stack_lvl(KERN_INFO);
}
