/* Pipes (Linux's fs/pipe.c): a one-page ring between a read end and a write end. A reader
 * waits for data and sees end of file once every writer is gone; a writer waits for room,
 * writes of up to PIPE_BUF bytes are never interleaved with another's, and a write with no
 * reader left gets SIGPIPE and -EPIPE. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <asm/page.h>

#define SIGPIPE		13
#define EPIPE		32
/* Linux's pipe holds 16 pages by default; one is plenty for a console's programs. */
#define PIPE_SIZE	PAGE_SIZE
#define PIPE_BUF	4096

struct pipe_inode_info {
	/* Protects everything below; sleeps, process context only. */
	struct mutex mutex;
	wait_queue_head_t rd_wait, wr_wait;
	char *buf;
	unsigned int head, tail;	/* bytes written, read (free-running) */
	unsigned int readers, writers;
};

static unsigned int pipe_used(const struct pipe_inode_info *pipe)
{
	return pipe->head - pipe->tail;
}

static ssize_t pipe_read(struct file *file, struct iov_iter *to)
{
	struct pipe_inode_info *pipe = file->private_data;
	ssize_t ret = 0;

	mutex_lock(&pipe->mutex);
	for (;;) {
		unsigned int used = pipe_used(pipe);

		if (used) {
			unsigned int off = pipe->tail % PIPE_SIZE;
			size_t n = min3((size_t)used, (size_t)(PIPE_SIZE - off), to->count);
			size_t done = copy_to_iter(pipe->buf + off, n, to);

			pipe->tail += done;
			ret += done;
			if (done < n) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			if (!to->count || pipe_used(pipe) == 0)
				break;
			continue;
		}
		if (!pipe->writers || ret)
			break;
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		if (wait_event_interruptible(pipe->rd_wait,
					     READ_ONCE(pipe->head) != READ_ONCE(pipe->tail) ||
					     !READ_ONCE(pipe->writers)))
			return -ERESTARTSYS;
		mutex_lock(&pipe->mutex);
	}
	mutex_unlock(&pipe->mutex);
	if (ret > 0)
		wake_up_interruptible_all(&pipe->wr_wait);
	return ret;
}

static ssize_t pipe_write(struct file *file, struct iov_iter *from)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t total = from->count, need;
	ssize_t ret = 0;

	mutex_lock(&pipe->mutex);
	for (;;) {
		unsigned int room = PIPE_SIZE - pipe_used(pipe);

		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			if (!ret)
				ret = -EPIPE;
			break;
		}
		/* A write of up to PIPE_BUF bytes waits until all of it fits: never split. */
		if (room && (total > PIPE_BUF || room >= from->count)) {
			unsigned int off = pipe->head % PIPE_SIZE;
			size_t n = min3((size_t)room, (size_t)(PIPE_SIZE - off), from->count);
			size_t done = copy_from_iter(pipe->buf + off, n, from);

			pipe->head += done;
			ret += done;
			wake_up_interruptible_all(&pipe->rd_wait);
			if (done < n) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			if (!from->count)
				break;
			continue;
		}
		if (file->f_flags & O_NONBLOCK) {
			if (!ret)
				ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		/* Room for the rest, or for a piece of a long write. */
		need = total > PIPE_BUF ? 1 : from->count;
		if (wait_event_interruptible(pipe->wr_wait,
					     PIPE_SIZE - (READ_ONCE(pipe->head) -
							  READ_ONCE(pipe->tail)) >= need ||
					     !READ_ONCE(pipe->readers)))
			return ret ? ret : -ERESTARTSYS;
		mutex_lock(&pipe->mutex);
	}
	mutex_unlock(&pipe->mutex);
	return ret;
}

static void free_pipe_info(struct pipe_inode_info *pipe)
{
	free_page((unsigned long)pipe->buf);
	kfree(pipe);
}

/* An end closed: the other side learns it (end of file, or EPIPE); the last frees the pipe. */
static void pipe_release(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	bool last;

	mutex_lock(&pipe->mutex);
	if (file->f_flags & O_WRONLY)
		pipe->writers--;
	else
		pipe->readers--;
	last = !pipe->readers && !pipe->writers;
	mutex_unlock(&pipe->mutex);
	if (last) {
		free_pipe_info(pipe);
		return;
	}
	wake_up_interruptible_all(&pipe->rd_wait);
	wake_up_interruptible_all(&pipe->wr_wait);
}

static const struct file_operations pipefifo_fops = {
	.read_iter	= pipe_read,
	.write_iter	= pipe_write,
	.release	= pipe_release,
};

/**
 * create_pipe_files - a new pipe's read end (@res[0]) and write end (@res[1])
 * @res: where the two files go
 * @flags: O_NONBLOCK for both ends
 *
 * Context: process context, may sleep. Return: 0, or -ENOMEM with nothing left behind.
 */
int create_pipe_files(struct file **res, int flags)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return -ENOMEM;
	pipe->buf = (char *)__get_free_page(GFP_KERNEL);
	if (!pipe->buf) {
		kfree(pipe);
		return -ENOMEM;
	}
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->readers = pipe->writers = 1;
	res[0] = alloc_file(&pipefifo_fops, O_RDONLY | (flags & O_NONBLOCK), pipe);
	res[1] = alloc_file(&pipefifo_fops, O_WRONLY | (flags & O_NONBLOCK), pipe);
	if (!res[0] || !res[1]) {
		kfree(res[0]);
		kfree(res[1]);
		free_pipe_info(pipe);
		return -ENOMEM;
	}
	return 0;
}

static int do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = fd_install_new(files[0], flags);
	if (fd[0] < 0) {
		err = fd[0];
		goto out_put;
	}
	fd[1] = fd_install_new(files[1], flags);
	if (fd[1] < 0) {
		err = fd[1];
		close_fd(fd[0]);
		fput(files[1]);
		return err;
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		close_fd(fd[0]);
		close_fd(fd[1]);
		return -EFAULT;
	}
	return 0;
out_put:
	fput(files[0]);
	fput(files[1]);
	return err;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}
