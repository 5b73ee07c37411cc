/* What the files of fs/proc share (Linux's fs/proc/internal.h). */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include <linux/proc_fs.h>

extern struct proc_dir_entry *proc_root;
/* The directory every /proc/PID stands for; its files get the task as their data. */
extern struct proc_dir_entry *proc_pid_dir;

int proc_pid_status(struct seq_file *m, void *task);
int proc_pid_stat(struct seq_file *m, void *task);

void proc_base_init(void);
void proc_loadavg_init(void);
void proc_uptime_init(void);
void proc_meminfo_init(void);
void proc_stat_init(void);
void proc_softirqs_init(void);
void proc_lazytlb_init(void);
void proc_interrupts_init(void);
void proc_cpuinfo_init(void);

#endif
