/* The console's thread lab: kthread create/run/wake/stop/park/unpark/bind/queue, so a student
 * can drive the kthread API of kernel/kthread.c by hand and watch the results with ps and
 * /proc/PID/status. The threads are made through kthreadd (PPID 2) like any kernel thread. */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/shell.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/wait.h>

#define LAB_MAX		32

enum lab_does { LAB_HOG, LAB_SLEEP, LAB_SPIN, LAB_WAIT, LAB_DWAIT, LAB_WORKER, LAB_FREEZABLE };

/* How long a --does freezable thread sleeps per pass. */
#define LAB_FREEZABLE_MS	100

/* One lab thread; the table below is the shell thread's alone. */
struct lab_thread {
	struct task_struct *task;	/* referenced while in the table */
	struct kthread_worker *worker;	/* --does worker */
	struct kthread_delayed_work dwork;
	enum lab_does does;
	unsigned int ms;
	unsigned long loops;		/* passes of its loop: what kthread_stop() returns */
	bool woken;
};

static struct lab_thread *lab[LAB_MAX];

/*
 * Where --does freezable threads sleep. Nothing wakes it: kthread_stop() and kthread_park()
 * wake the thread itself, and its wait tests their flags again.
 */
static DECLARE_WAIT_QUEUE_HEAD(lab_freezable_wq);

/* A loop that parks when asked and ends when stopped, as kthread_should_stop() users do. */
static bool lab_keep_going(void)
{
	if (kthread_should_park())
		kthread_parkme();
	return !kthread_should_stop();
}

static int lab_fn(void *data)
{
	struct lab_thread *t = data;

	/* Kernel threads start unfreezable (PF_NOFREEZE, from kthreadd): this one asks. */
	if (t->does == LAB_FREEZABLE)
		set_freezable();

	while (lab_keep_going()) {
		t->loops++;
		switch (t->does) {
		case LAB_HOG:
			cpu_relax();
			break;
		case LAB_SLEEP:
			msleep_interruptible(t->ms);
			break;
		case LAB_SPIN: {
			unsigned long end = jiffies + msecs_to_jiffies(t->ms);

			while (time_before(jiffies, end) && !kthread_should_stop() &&
			       !kthread_should_park())
				cpu_relax();
			msleep_interruptible(t->ms);
			break;
		}
		case LAB_WAIT:
		case LAB_DWAIT:
			/* The condition is tested after the state is set: no lost wake-up. dwait
			 * sleeps in D, for khungtaskd to report. */
			set_current_state(t->does == LAB_WAIT ? TASK_INTERRUPTIBLE :
					  TASK_UNINTERRUPTIBLE);
			if (!kthread_should_stop() && !kthread_should_park())
				schedule();
			__set_current_state(TASK_RUNNING);
			break;
		case LAB_FREEZABLE:
			/*
			 * The two ways into TASK_FROZEN (ps: D): try_to_freeze() if a freeze finds
			 * the thread awake, else its freezable sleep, which the freezer turns into
			 * TASK_FROZEN where it is, without waking it.
			 */
			try_to_freeze();
			wait_event_freezable_timeout(lab_freezable_wq,
						     kthread_should_stop() || kthread_should_park(),
						     msecs_to_jiffies(LAB_FREEZABLE_MS));
			break;
		default:
			break;
		}
	}
	return (int)min(t->loops, (unsigned long)INT_MAX);
}

static void lab_work_fn(struct kthread_work *work)
{
	pr_info("kthread lab: work ran in %s/%d on CPU %u\n", current->comm, current->pid,
		task_cpu(current));
}

/* A lab thread by PID or by name. */
static struct lab_thread *lab_find(const char *arg, int *pid)
{
	bool by_pid = !kstrtoint(arg, 10, pid);

	for (int i = 0; i < LAB_MAX; i++) {
		if (!lab[i])
			continue;
		if (by_pid ? lab[i]->task->pid == *pid : !strcmp(lab[i]->task->comm, arg)) {
			*pid = lab[i]->task->pid;
			return lab[i];
		}
	}
	return NULL;
}

static void lab_free(struct lab_thread *t)
{
	for (int i = 0; i < LAB_MAX; i++)
		if (lab[i] == t)
			lab[i] = NULL;
	if (!t->worker)
		put_task_struct(t->task);
	kfree(t);
}

/* "--fifo 50" and friends after the name; returns 0 or prints why not and returns -EINVAL. */
static int lab_parse(int argc, char **argv, struct lab_thread *t, int *cpu, int *policy,
		     int *prio)
{
	for (int i = 3; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int v;

		if (!val)
			goto bad;
		i++;
		if (!strcmp(opt, "--does")) {
			if (!strcmp(val, "hog")) {
				t->does = LAB_HOG;
			} else if (!strcmp(val, "wait")) {
				t->does = LAB_WAIT;
			} else if (!strcmp(val, "dwait")) {
				t->does = LAB_DWAIT;
			} else if (!strcmp(val, "freezable")) {
				t->does = LAB_FREEZABLE;
			} else if (!strcmp(val, "worker")) {
				t->does = LAB_WORKER;
			} else if (!strncmp(val, "sleep:", 6) && !kstrtouint(val + 6, 10, &t->ms) &&
				   t->ms) {
				t->does = LAB_SLEEP;
			} else if (!strncmp(val, "spin:", 5) && !kstrtouint(val + 5, 10, &t->ms) &&
				   t->ms) {
				t->does = LAB_SPIN;
			} else {
				goto bad;
			}
			continue;
		}
		if (kstrtoint(val, 10, &v))
			goto bad;
		if (!strcmp(opt, "--cpu") && v >= 0 && v < (int)nr_cpu_ids && cpu_online(v)) {
			*cpu = v;
		} else if ((!strcmp(opt, "--fifo") || !strcmp(opt, "--rr")) && v >= 1 &&
			   v <= MAX_RT_PRIO - 1) {
			*policy = opt[2] == 'f' ? SCHED_FIFO : SCHED_RR;
			*prio = v;
		} else if (!strcmp(opt, "--nice") && v >= MIN_NICE && v <= MAX_NICE) {
			*policy = SCHED_NORMAL;
			*prio = v;
		} else {
			shell_printf("kthread: %s %s: out of range\n", opt, val);
			return -EINVAL;
		}
	}
	return 0;
bad:
	shell_usage("kthread");
	return -EINVAL;
}

static int lab_create(int argc, char **argv, bool wake)
{
	int cpu = -1, policy = -1, prio = 0, slot;
	struct lab_thread *t;

	if (argc < 3 || strlen(argv[2]) >= TASK_COMM_LEN)
		return shell_usage("kthread");
	for (slot = 0; slot < LAB_MAX && lab[slot]; slot++)
		;
	if (slot == LAB_MAX) {
		shell_printf("kthread: %d lab threads already; stop one first\n", LAB_MAX);
		return 1;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		shell_printf("kthread: %s\n", strerror(ENOMEM));
		return 1;
	}
	t->does = LAB_WAIT;
	if (lab_parse(argc, argv, t, &cpu, &policy, &prio)) {
		kfree(t);
		return 1;
	}
	if (t->does == LAB_WORKER) {
		t->worker = cpu >= 0 ? kthread_create_worker_on_cpu(cpu, 0, "%s", argv[2]) :
			    kthread_create_worker(0, "%s", argv[2]);
		if (IS_ERR(t->worker)) {
			shell_printf("kthread: cannot create %s: %s\n", argv[2],
				     strerror(PTR_ERR(t->worker)));
			kfree(t);
			return 1;
		}
		t->task = t->worker->task;
		t->woken = true;
		kthread_init_delayed_work(&t->dwork, lab_work_fn);
	} else {
		t->task = cpu >= 0 ? kthread_create_on_cpu(lab_fn, t, cpu, argv[2]) :
			  kthread_create(lab_fn, t, "%s", argv[2]);
		if (IS_ERR(t->task)) {
			shell_printf("kthread: cannot create %s: %s\n", argv[2],
				     strerror(PTR_ERR(t->task)));
			kfree(t);
			return 1;
		}
		get_task_struct(t->task);
	}
	lab[slot] = t;
	if (policy >= 0) {
		struct sched_param sp = { .sched_priority = policy == SCHED_NORMAL ? 0 : prio };

		sched_setscheduler(t->task, policy, &sp);
		if (policy == SCHED_NORMAL)
			set_user_nice(t->task, prio);
	}
	if (wake && !t->woken) {
		wake_up_process(t->task);
		t->woken = true;
	}
	shell_printf("%s: PID %d, %s\n", argv[2], t->task->pid,
		     t->woken ? "running" : "created, not woken (kthread wake PID)");
	return 0;
}

static int cmd_kthread(int argc, char **argv)
{
	struct lab_thread *t;
	const char *op = argc > 1 ? argv[1] : "";
	int pid, ret;

	if (!strcmp(op, "run") || !strcmp(op, "create"))
		return lab_create(argc, argv, op[0] == 'r');
	if (!strcmp(op, "list")) {
		for (int i = 0; i < LAB_MAX; i++)
			if (lab[i])
				shell_printf("%d %s %c\n", lab[i]->task->pid, lab[i]->task->comm,
					     task_state_to_char(lab[i]->task));
		return 0;
	}
	if (argc < 3)
		return shell_usage("kthread");
	t = lab_find(argv[2], &pid);
	if (!t) {
		shell_printf("kthread: %s: no such lab thread (kthread list)\n", argv[2]);
		return 1;
	}
	if (!strcmp(op, "wake") && argc == 3) {
		wake_up_process(t->task);
		t->woken = true;
	} else if (!strcmp(op, "stop") && argc == 3) {
		if (t->worker) {
			kthread_cancel_delayed_work_sync(&t->dwork);
			kthread_destroy_worker(t->worker);
			shell_printf("kthread_destroy_worker(%d) done\n", pid);
		} else {
			ret = kthread_stop(t->task);
			shell_printf("kthread_stop(%d) returned %d%s\n", pid, ret,
				     ret == -EINTR ? " (-EINTR: it was never woken)" : "");
		}
		lab_free(t);
	} else if (!strcmp(op, "park") && argc == 3) {
		ret = kthread_park(t->task);
		shell_printf("kthread_park(%d) returned %d\n", pid, ret);
	} else if (!strcmp(op, "unpark") && argc == 3) {
		kthread_unpark(t->task);
	} else if (!strcmp(op, "bind") && argc == 4) {
		unsigned int cpu;

		if (kstrtouint(argv[3], 10, &cpu) || cpu >= nr_cpu_ids || !cpu_online(cpu)) {
			shell_printf("kthread: bind: %s: no such online CPU\n", argv[3]);
			return 1;
		}
		/* Linux: kthread_bind() is for a thread just created, before its first wake-up;
		 * later it warns and does nothing. Spindle refuses with -EINVAL. */
		ret = kthread_bind(t->task, cpu);
		shell_printf("kthread_bind(%d, %u) returned %d%s\n", pid, cpu, ret,
			     ret ? " (only before the first wake-up)" : "");
	} else if (!strcmp(op, "queue") && t->worker &&
		   (argc == 3 || (argc == 5 && !strcmp(argv[3], "--delay")))) {
		unsigned int ms = 0;

		if (argc == 5 && kstrtouint(argv[4], 10, &ms))
			return shell_usage("kthread");
		ret = kthread_queue_delayed_work(t->worker, &t->dwork, msecs_to_jiffies(ms));
		shell_printf("kthread_queue_delayed_work(%d, %u ms) returned %s\n", pid, ms,
			     ret ? "true" : "false (already queued)");
	} else {
		return shell_usage("kthread");
	}
	return 0;
}

const struct shell_cmd shell_kthread_cmds[] = {
	{ "kthread",
	  "kthread run|create NAME [--cpu N] [--fifo P|--rr P|--nice N] "
	  "[--does hog|sleep:MS|spin:MS|wait|dwait|worker|freezable] | "
	  "kthread wake|stop|park|unpark PID | "
	  "kthread bind PID CPU | kthread queue PID [--delay MS] | kthread list",
	  "make and drive kernel threads through the kthread API", cmd_kthread },
	{}
};
