/* Small system calls about the caller and the system (Linux's kernel/sys.c): getpid(),
 * getppid(), gettid(), uname() and getcpu(). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/* Spindle's processes have one thread each, so the process ID (Linux's tgid) is the PID. */
SYSCALL_DEFINE0(getpid)
{
	return current->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

/* The parent's PID: 0 for a task whose parent is the idle task (init, kthreadd), as Linux. */
SYSCALL_DEFINE0(getppid)
{
	struct task_struct *parent = READ_ONCE(current->real_parent);

	return parent->pid;
}

#define __NEW_UTS_LEN	64

/* Linux's struct new_utsname: six NUL-terminated 65-byte fields. */
struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

/* What uname -a prints: Spindle, not Linux, so a program can tell where it runs. */
static const struct new_utsname init_uts = {
	.sysname	= "Spindle",
	.nodename	= "spindle",
	.release	= SPINDLE_VERSION,
	.version	= "#1 SMP PREEMPT_DYNAMIC " __DATE__,
	.machine	= "x86_64",
	.domainname	= "(none)",
};

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	if (copy_to_user(name, &init_uts, sizeof(init_uts)))
		return -EFAULT;
	return 0;
}

/* getcpu(): the CPU the caller runs on (it may move right after) and its NUMA node, 0. */
SYSCALL_DEFINE3(getcpu, unsigned __user *, cpup, unsigned __user *, nodep, void __user *, unused)
{
	unsigned int cpu = smp_processor_id();

	if (cpup && put_user(cpu, cpup))
		return -EFAULT;
	if (nodep && put_user(0U, nodep))
		return -EFAULT;
	return 0;
}
