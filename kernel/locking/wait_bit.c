/* wait_var_event() and wake_up_var() (Linux's kernel/sched/wait_bit.c, the variable part): the
 * table of wait queues shared by every waiter on a variable, hashed by the variable's address. */
#include <linux/kernel.h>
#include <linux/hash.h>
#include <linux/wait_bit.h>

#define WAIT_TABLE_BITS 8
#define WAIT_TABLE_SIZE (1 << WAIT_TABLE_BITS)

/* Each queue's own lock protects its list; it is taken with interrupts off (wake_up_var() may
 * be called from interrupt and softirq context). */
static struct wait_queue_head bit_wait_table[WAIT_TABLE_SIZE];

/**
 * __var_waitqueue - the shared wait queue for @p
 * @p: the variable's address
 *
 * Several variables may hash to one queue; each waiter's key tells them apart.
 *
 * Context: any. Return: the queue.
 */
struct wait_queue_head *__var_waitqueue(void *p)
{
	return bit_wait_table + hash_ptr(p, WAIT_TABLE_BITS);
}

/* Wake only the waiters on this variable, not the others that share its queue. */
static int var_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int sync,
			     void *arg)
{
	struct wait_bit_key *key = arg;
	struct wait_bit_queue_entry *wbq_entry =
		container_of(wq_entry, struct wait_bit_queue_entry, wq_entry);

	if (wbq_entry->key.flags != key->flags || wbq_entry->key.bit_nr != key->bit_nr)
		return 0;
	return autoremove_wake_function(wq_entry, mode, sync, key);
}

/**
 * init_wait_var_entry - make @wbq_entry a waiter for @var on behalf of current
 * @wbq_entry: the entry, on the waiter's stack
 * @var: the variable
 * @flags: WQ_FLAG_EXCLUSIVE or 0
 *
 * Context: process context (wait_var_event()). Return: nothing.
 */
void init_wait_var_entry(struct wait_bit_queue_entry *wbq_entry, void *var, int flags)
{
	*wbq_entry = (struct wait_bit_queue_entry){
		.key = {
			.flags	= var,
			.bit_nr	= -1,
		},
		.wq_entry = {
			.flags	 = flags,
			.private = current,
			.func	 = var_wake_function,
			.entry	 = LIST_HEAD_INIT(wbq_entry->wq_entry.entry),
		},
	};
}

/**
 * wake_up_var - wake the tasks in wait_var_event(@var, ...)
 * @var: the variable they wait on
 *
 * Cheap when nobody waits: one look at the hashed queue. That look is not ordered by itself:
 * the caller puts a full barrier (or an atomic operation that is one) between its change of
 * the variable and this call, as the waiter's prepare_to_wait_event() orders its queueing
 * before its test of the condition.
 *
 * Linux 6.1 goes through __wake_up_bit(), which Spindle has no other caller of.
 *
 * Context: any; takes the queue's lock with interrupts off. Return: nothing.
 */
void wake_up_var(void *var)
{
	struct wait_queue_head *wq_head = __var_waitqueue(var);
	struct wait_bit_key key;

	/* Every tasklet run calls this twice, nearly always with nobody waiting. */
	if (!waitqueue_active(wq_head))
		return;
	key = (struct wait_bit_key){ .flags = var, .bit_nr = -1 };
	__wake_up(wq_head, TASK_NORMAL, 1, &key);
}

/**
 * wait_bit_init - set up the hashed wait queues
 *
 * Context: boot, sched_init(), before anything can wait. Return: nothing.
 */
void wait_bit_init(void)
{
	for (int i = 0; i < WAIT_TABLE_SIZE; i++)
		init_waitqueue_head(bit_wait_table + i);
}
