/* Lock-less singly linked lists (Linux's llist): any number of CPUs may add at once, one
 * consumer takes the whole list with one exchange. Used for the per-CPU call_single_queue. */
#ifndef _LINUX_LLIST_H
#define _LINUX_LLIST_H

#include <linux/types.h>
#include <linux/kernel.h>

struct llist_node {
	struct llist_node *next;
};

struct llist_head {
	struct llist_node *first;
};

#define LLIST_HEAD_INIT(name)	{ NULL }

static inline void init_llist_head(struct llist_head *list)
{
	WRITE_ONCE(list->first, NULL);
}

static inline bool llist_empty(const struct llist_head *head)
{
	return READ_ONCE(head->first) == NULL;
}

/*
 * Push @new; returns whether the list was empty before, so the producer knows it must kick the
 * consumer (send the IPI) and a second producer knows one is already on its way. O(1), lock-free:
 * the compare-and-swap retries only while other producers win the race. The release order
 * publishes the node's contents before the node itself.
 */
static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	struct llist_node *first = __atomic_load_n(&head->first, __ATOMIC_RELAXED);

	do {
		new->next = first;
	} while (!__atomic_compare_exchange_n(&head->first, &first, new, true, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	return first == NULL;
}

/* Take every node at once (newest first); the acquire pairs with llist_add's release. O(1). */
static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return __atomic_exchange_n(&head->first, NULL, __ATOMIC_ACQUIRE);
}

/* Turn a taken list (newest first) into arrival order. O(n). */
static inline struct llist_node *llist_reverse_order(struct llist_node *head)
{
	struct llist_node *new_head = NULL;

	while (head) {
		struct llist_node *tmp = head;

		head = head->next;
		tmp->next = new_head;
		new_head = tmp;
	}
	return new_head;
}

#define llist_entry(ptr, type, member)	container_of(ptr, type, member)

/* Safe against the body freeing (or handing back) the current entry. */
#define llist_for_each_entry_safe(pos, n, node, member)				\
	for ((pos) = (node) ? llist_entry((node), __typeof__(*(pos)), member) : NULL;	\
	     (pos) && ((n) = (pos)->member.next ?					\
			llist_entry((pos)->member.next, __typeof__(*(pos)), member) : NULL, 1); \
	     (pos) = (n))

#endif
