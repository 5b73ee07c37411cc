/* A table of tunables under /proc/sys (Linux's include/linux/sysctl.h, struct ctl_table). */
#ifndef _LINUX_SYSCTL_H
#define _LINUX_SYSCTL_H

struct seq_file;

struct ctl_table {
	const char *procname;
	void *data;
	int maxlen;		/* how many ints at data */
	unsigned int mode;
	/* Read into the seq_file, or write the text in buf; 0 or -errno. */
	int (*proc_handler)(struct ctl_table *table, int write, char *buf, struct seq_file *m);
	int *extra1, *extra2;	/* bounds, or NULL */
};

int proc_dointvec_minmax(struct ctl_table *table, int write, char *buf, struct seq_file *m);
void sysctl_init(void);

#endif
