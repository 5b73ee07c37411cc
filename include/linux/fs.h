/* Open files as system calls see them (Linux's include/linux/fs.h, fdtable.h and uio.h, much
 * reduced): a struct file with its operations, each process's table of descriptors, and the
 * iov_iter that lets one read or write function serve user and kernel buffers. Spindle has no
 * path-based open(): a process's descriptors are the console (0, 1, 2, opened for init as
 * Linux's console_on_rootfs() does) and the pipes it makes. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/spinlock.h>

#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_ACCMODE	00000003
#define O_NONBLOCK	00004000
#define O_CLOEXEC	02000000

/* A process may hold this many descriptors (Linux's NR_OPEN_DEFAULT, the first table's size;
 * Linux grows the table up to RLIMIT_NOFILE, Spindle does not). */
#define NR_OPEN_DEFAULT	64

/* One buffer of a read or write: user memory (a system call) or kernel memory (kernel_read()). */
struct iov_iter {
	bool kernel;
	union {
		void __user *ubuf;
		void *kbuf;
	};
	size_t count;		/* bytes left */
};

struct file;

struct file_operations {
	/* Move data out of / into the file: the bytes moved, or a negative errno. */
	ssize_t (*read_iter)(struct file *file, struct iov_iter *to);
	ssize_t (*write_iter)(struct file *file, struct iov_iter *from);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* The last reference went (fput()). */
	void (*release)(struct file *file);
};

struct file {
	const struct file_operations *f_op;
	unsigned int f_flags;		/* O_* as opened */
	int f_count;			/* references: descriptors, and fget() users */
	void *private_data;		/* the pipe, for a pipe */
};

/* A process's descriptors (Linux's files_struct with its fdtable inline). Copied at fork
 * (Linux shares it with CLONE_FILES, which Spindle refuses). */
struct files_struct {
	/* Protects fd[] and close_on_exec; taken in process context only, never from
	 * interrupts. */
	spinlock_t file_lock;
	int count;			/* tasks sharing it (one) */
	unsigned long close_on_exec;	/* a bit per descriptor (NR_OPEN_DEFAULT = BITS_PER_LONG) */
	struct file *fd[NR_OPEN_DEFAULT];
};

struct task_struct;

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);

struct file *alloc_file(const struct file_operations *fop, unsigned int flags, void *priv);
struct file *get_file(struct file *f);
void fput(struct file *f);
struct file *fget(unsigned int fd);
int fd_install_new(struct file *f, unsigned int flags);
int close_fd(unsigned int fd);
void replace_fd(unsigned int fd, struct file *f);
struct files_struct *files_alloc(void);
int copy_files(struct task_struct *tsk);
void exit_files(struct task_struct *tsk);
void do_close_on_exec(void);
ssize_t kernel_read(struct file *file, void *buf, size_t count);
ssize_t kernel_write(struct file *file, const void *buf, size_t count);

/* fs/pipe.c */
int create_pipe_files(struct file **res, int flags);

/* drivers/tty/tty_io.c: the console as a file. */
struct file *console_file_open(void);
int console_on_rootfs(void);

#endif
