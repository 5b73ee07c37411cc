/* execve() (Linux's fs/exec.c): find the program in the in-memory root, build its address space
 * and stack in a new mm, and only when nothing can fail any more make that mm the task's, so a
 * failed execve() returns to the old program unchanged. kernel_execve() is the same for
 * kernel_init starting /init and for the console's run command. */
#include <linux/kernel.h>
#include <linux/binfmts.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mm_types.h>
#include <linux/ramfs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/mmu_context.h>
#include <asm/page.h>

/* argv or envp: a user array of user strings (execve) or a kernel one (kernel_execve). */
struct user_arg_ptr {
	bool is_kernel;
	union {
		const char *const *native;
		const char __user *const __user *user;
	} ptr;
};

/* The @nr-th pointer of @argv; ERR_PTR(-EFAULT) if it cannot be read. */
static const char __user *get_user_arg_ptr(struct user_arg_ptr argv, int nr)
{
	const char __user *p;

	if (argv.is_kernel)
		return (const char __user *)argv.ptr.native[nr];
	if (get_user(p, argv.ptr.user + nr))
		return ERR_PTR(-EFAULT);
	return p;
}

/* How many strings @argv holds (a NULL array holds none, as Linux allows). */
static int count(struct user_arg_ptr argv, int max)
{
	int i = 0;

	if (!argv.ptr.native)
		return 0;
	for (;;) {
		const char __user *p = get_user_arg_ptr(argv, i);

		if (!p)
			return i;
		if (IS_ERR(p))
			return -EFAULT;
		if (++i > max)
			return -E2BIG;
	}
}

/*
 * Copy one string onto the top of the stack being built, below what is there. From user
 * memory it is read with strncpy_from_user() straight into place: a string that does not end
 * within MAX_ARG_STRLEN or the room left is -E2BIG, an unreadable one -EFAULT.
 */
static int copy_string(struct linux_binprm *bprm, const char __user *str, bool is_kernel)
{
	unsigned long room = bprm->p - bprm->page_base;
	long len;
	char *dst;

	if (is_kernel) {
		len = strnlen((const char *)str, MAX_ARG_STRLEN);
		if (len == MAX_ARG_STRLEN || (unsigned long)len + 1 > room)
			return -E2BIG;
		bprm->p -= len + 1;
		memcpy(bprm->page + (bprm->p - bprm->page_base), (const char *)str, len + 1);
		return 0;
	}
	/* Read into the lowest free part, then move up against what is already there. */
	room = min(room, (unsigned long)MAX_ARG_STRLEN);
	dst = bprm->page + (bprm->p - bprm->page_base) - room;
	len = strncpy_from_user(dst, str, room);
	if (len < 0)
		return len;
	if ((unsigned long)len == room)
		return -E2BIG;
	bprm->p -= len + 1;
	memmove(bprm->page + (bprm->p - bprm->page_base), dst, len);
	bprm->page[bprm->p - bprm->page_base + len] = '\0';
	return 0;
}

/* Linux's copy_strings(): the last string first, so argv[0] ends up lowest. */
static int copy_strings(int argc, struct user_arg_ptr argv, struct linux_binprm *bprm)
{
	while (argc-- > 0) {
		const char __user *str = get_user_arg_ptr(argv, argc);
		int ret;

		if (IS_ERR(str))
			return PTR_ERR(str);
		ret = copy_string(bprm, str, argv.is_kernel);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The new address space with its stack: STACK_SIZE_MAX (Linux's default RLIMIT_STACK) just
 * below STACK_TOP, which costs only the pages touched, and a kernel buffer for the top of it,
 * where the strings and tables are assembled before one copy into the mm.
 */
static int bprm_mm_init(struct linux_binprm *bprm)
{
	unsigned long ret;

	bprm->mm = mm_alloc();
	if (!bprm->mm)
		return -ENOMEM;
	/* Reports name an mm by its program (the in-memory root's names live as long as it). */
	bprm->mm->name = bprm->file->i_name;
	ret = vm_mmap(bprm->mm, STACK_TOP - STACK_SIZE_MAX, STACK_SIZE_MAX,
		      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		      MAP_GROWSDOWN);
	if (IS_ERR_VALUE(ret))
		return ret;
	bprm->page = vmalloc(ARG_MAX_BYTES);
	if (!bprm->page)
		return -ENOMEM;
	bprm->page_base = STACK_TOP - ARG_MAX_BYTES;
	/* Linux leaves the top word of the stack 0: nothing follows the file name. */
	bprm->p = STACK_TOP - sizeof(void *);
	memset(bprm->page + (bprm->p - bprm->page_base), 0, sizeof(void *));
	return 0;
}

static void free_bprm(struct linux_binprm *bprm)
{
	if (bprm->mm)
		mmput(bprm->mm);
	vfree(bprm->page);
}

/* Linux's exec_mmap(): the new mm becomes the task's; the old one (or, for a kernel_init
 * that had none, the one it borrowed lazily) is let go. */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm, *active_mm;

	/* Linux's task_lock(): get_task_mm() sees the old mm or the new one. */
	spin_lock_irq(&tsk->pi_lock);
	active_mm = tsk->active_mm;
	tsk->active_mm = mm;
	tsk->mm = mm;
	switch_mm_irqs_off(active_mm, mm, tsk);
	spin_unlock_irq(&tsk->pi_lock);
	if (old_mm)
		mmput(old_mm);
	else
		mmdrop(active_mm);
}

/**
 * begin_new_exec - the point of no return: the task takes bprm->mm as its address space
 * @bprm: the prepared program
 *
 * Context: process context, may sleep. Return: 0.
 */
int begin_new_exec(struct linux_binprm *bprm)
{
	exec_mmap(bprm->mm);
	bprm->mm = NULL;
	current->clear_child_tid = NULL;
	do_close_on_exec();
	return 0;
}

/**
 * setup_new_exec - name the task after its new program, as Linux's __set_task_comm() of the
 * file name's last component
 * @bprm: the program
 *
 * Context: process context. Return: nothing.
 */
void setup_new_exec(struct linux_binprm *bprm)
{
	const char *name = strrchr(bprm->filename, '/');

	__set_task_comm(current, name ? name + 1 : bprm->filename);
}

/* The program's inode: -ENOENT, -ENOTDIR or -ELOOP from the walk, -EACCES for anything but a
 * regular file with an execute bit (Linux's may_open() and the S_ISREG check). */
static struct inode *open_exec(const char *name)
{
	struct inode *inode = ramfs_lookup(name);

	if (IS_ERR(inode))
		return inode;
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111))
		return ERR_PTR(-EACCES);
	return inode;
}

static int do_execveat_common(const char *filename, struct user_arg_ptr argv,
			      struct user_arg_ptr envp)
{
	struct linux_binprm bprm = { .filename = filename };
	int ret;

	bprm.file = open_exec(filename);
	if (IS_ERR(bprm.file))
		return PTR_ERR(bprm.file);
	bprm.data = bprm.file->i_private;
	bprm.size = bprm.file->i_size;
	ret = bprm_mm_init(&bprm);
	if (ret)
		goto out;
	bprm.argc = count(argv, MAX_ARG_STRINGS);
	bprm.envc = count(envp, MAX_ARG_STRINGS);
	if (bprm.argc < 0 || bprm.envc < 0) {
		ret = bprm.argc < 0 ? bprm.argc : bprm.envc;
		goto out;
	}
	/* The file name for AT_EXECFN at the very top, then envp, then argv below it. */
	ret = copy_string(&bprm, (const char __user *)filename, true);
	if (ret)
		goto out;
	bprm.exec = bprm.p;
	ret = copy_strings(bprm.envc, envp, &bprm);
	if (ret)
		goto out;
	bprm.mm->env_start = bprm.p;
	ret = copy_strings(bprm.argc, argv, &bprm);
	if (ret)
		goto out;
	bprm.mm->arg_start = bprm.p;
	bprm.mm->arg_end = bprm.mm->env_start;
	bprm.mm->env_end = bprm.exec;
	ret = load_elf_binary(&bprm);
out:
	free_bprm(&bprm);
	return ret;
}

/**
 * kernel_execve - start a program in the current task from kernel code
 * @filename: absolute path in the in-memory root
 * @argv: NULL-terminated argument strings (kernel memory)
 * @envp: NULL-terminated environment strings (kernel memory)
 *
 * Used by kernel_init for /init and by the console's run; the caller is a user-mode thread
 * (not PF_KTHREAD) that returns to user mode after its function returns 0.
 *
 * Context: process context, may sleep. Return: 0, or -ENOENT, -EACCES, -ENOEXEC, -E2BIG,
 * -ENOMEM (the task is unchanged then).
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	struct user_arg_ptr a = { .is_kernel = true, .ptr.native = argv };
	struct user_arg_ptr e = { .is_kernel = true, .ptr.native = envp };

	if (WARN_ON_ONCE(current->flags & PF_KTHREAD))
		return -EINVAL;
	return do_execveat_common(filename, a, e);
}

SYSCALL_DEFINE3(execve, const char __user *, filename, const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct user_arg_ptr a = { .ptr.user = argv };
	struct user_arg_ptr e = { .ptr.user = envp };
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;
	int ret;

	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0)
		ret = len;
	else if (len == PATH_MAX)
		ret = -ENAMETOOLONG;
	else if (!len)
		ret = -ENOENT;
	else
		ret = do_execveat_common(name, a, e);
	kfree(name);
	return ret;
}
