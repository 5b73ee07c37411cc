/* Red-black tree rebalancing (include/linux/rbtree.h). The rules kept after every insert and
 * erase: the root is black, a red node has no red child, and every path from a node down to a
 * leaf passes the same number of black nodes -- so no path is more than twice as long as another
 * and the height stays below 2 log2(n + 1). */
#include <linux/rbtree.h>

static inline void rb_set_parent(struct rb_node *n, struct rb_node *parent)
{
	n->__rb_parent_color = rb_color(n) | (unsigned long)parent;
}

static inline void rb_set_color(struct rb_node *n, unsigned long color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | color;
}

static inline bool node_is_red(const struct rb_node *n)
{
	return n && rb_is_red(n);
}

static inline bool node_is_black(const struct rb_node *n)
{
	return !n || rb_is_black(n);	/* the empty leaves count as black */
}

/* Make new take old's place under parent (or at the root). */
static inline void change_child(struct rb_node *old, struct rb_node *new,
				struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/* x's right child y takes x's place and x becomes y's left child; colours stay where they are. */
static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right, *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	y->rb_left = x;
	rb_set_parent(x, y);
}

static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left, *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	y->rb_right = x;
	rb_set_parent(x, y);
}

/**
 * rb_insert_color - rebalance a tree after linking a new node
 * @node: the node just linked (rb_link_node()) in its sorted place, red
 * @root: the tree
 *
 * The new node is red, so black heights still hold; the only rule it can break is "no red node
 * under a red parent". A red uncle lets the grandparent's blackness move down to parent and uncle
 * and pushes the problem two levels up; a black uncle is fixed for good by one or two rotations.
 * O(log n).
 *
 * Context: any; the caller serialises all access to the tree. Return: nothing.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		gparent = rb_parent(parent);	/* exists: a red parent is never the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (node_is_red(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (node_is_red(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rotate_left(gparent, root);
		}
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/*
 * A black node was unlinked above x (which may be an empty leaf, hence the separate parent), so
 * every path through x is one black short. Push the deficit up while x's sibling can give up its
 * blackness; otherwise rotate a red from the sibling's side over to x's side and stop.
 */
static void rb_erase_fixup(struct rb_node *x, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *w;

	while (x != root->rb_node && node_is_black(x)) {
		if (x == parent->rb_left) {
			w = parent->rb_right;	/* exists: its side has the larger black height */
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rotate_left(parent, root);
				w = parent->rb_right;
			}
			if (node_is_black(w->rb_left) && node_is_black(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
				continue;
			}
			if (node_is_black(w->rb_right)) {
				rb_set_color(w->rb_left, RB_BLACK);
				rb_set_color(w, RB_RED);
				rotate_right(w, root);
				w = parent->rb_right;
			}
			rb_set_color(w, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(w->rb_right, RB_BLACK);
			rotate_left(parent, root);
		} else {
			w = parent->rb_left;
			if (rb_is_red(w)) {
				rb_set_color(w, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rotate_right(parent, root);
				w = parent->rb_left;
			}
			if (node_is_black(w->rb_left) && node_is_black(w->rb_right)) {
				rb_set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
				continue;
			}
			if (node_is_black(w->rb_left)) {
				rb_set_color(w->rb_right, RB_BLACK);
				rb_set_color(w, RB_RED);
				rotate_left(w, root);
				w = parent->rb_left;
			}
			rb_set_color(w, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(w->rb_left, RB_BLACK);
			rotate_right(parent, root);
		}
		x = root->rb_node;
		break;
	}
	if (x)
		rb_set_color(x, RB_BLACK);
}

/* Put v (possibly NULL) where u is, keeping v's colour. */
static void transplant(struct rb_node *u, struct rb_node *v, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(u);

	change_child(u, v, parent, root);
	if (v)
		rb_set_parent(v, parent);
}

/**
 * rb_erase - unlink a node from a tree and rebalance it
 * @node: the node, which must be in @root
 * @root: the tree
 *
 * A node with two children is replaced by its successor, which takes its place and colour, so
 * the black node lost is the successor's old one. O(log n). @node's own fields are left as
 * they were (RB_CLEAR_NODE() it to mark it unlinked).
 *
 * Linux 6.1: the same rules, with the augmented-tree callbacks Spindle does not have.
 *
 * Context: any; the caller serialises all access to the tree. Return: nothing.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *x, *x_parent, *y;
	bool removed_black;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: it takes node's place. */
		x = node->rb_left ? node->rb_left : node->rb_right;
		x_parent = rb_parent(node);
		removed_black = rb_is_black(node);
		transplant(node, x, root);
	} else {
		/* Two children: node's successor y (leftmost on the right) takes node's place and
		 * colour, so the black node lost is y's old one, from y's old position. */
		y = node->rb_right;
		while (y->rb_left)
			y = y->rb_left;
		removed_black = rb_is_black(y);
		x = y->rb_right;
		if (rb_parent(y) == node) {
			x_parent = y;
		} else {
			x_parent = rb_parent(y);
			transplant(y, x, root);
			y->rb_right = node->rb_right;
			rb_set_parent(y->rb_right, y);
		}
		transplant(node, y, root);
		y->rb_left = node->rb_left;
		rb_set_parent(y->rb_left, y);
		rb_set_color(y, rb_color(node));
	}
	if (removed_black)
		rb_erase_fixup(x, x_parent, root);
}

/**
 * rb_replace_node - put a new node in an old one's place without rebalancing
 * @victim: the node to take out
 * @new: the node to put in its place; it must sort where @victim did
 * @root: the tree
 *
 * @new takes @victim's colour, parent and children. A cached tree's leftmost pointer is not
 * updated.
 *
 * Context: any; the caller serialises all access to the tree. Return: nothing.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	change_child(victim, new, parent, root);
}

/**
 * rb_first - the first node of a tree in sort order
 * @root: the tree
 *
 * Context: any; the tree must not change meanwhile. Return: the leftmost node, NULL if empty.
 */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

/**
 * rb_last - the last node of a tree in sort order
 * @root: the tree
 *
 * Context: any; the tree must not change meanwhile. Return: the rightmost node, NULL if empty.
 */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}


/**
 * rb_next - the node after another in sort order
 * @node: a node in a tree
 *
 * The leftmost node of the right subtree, else the first ancestor of which @node is in the
 * left subtree.
 *
 * Context: any; the tree must not change meanwhile.
 * Return: the next node, NULL if @node is the last or is marked empty (RB_CLEAR_NODE()).
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb while we are a right child: those ancestors sort before us. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/**
 * rb_prev - the node before another in sort order
 * @node: a node in a tree
 *
 * Context: any; the tree must not change meanwhile.
 * Return: the previous node, NULL if @node is the first or is marked empty.
 */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/**
 * rb_erase_cached - rb_erase() for a tree that caches its leftmost node
 * @node: the node, which must be in @root
 * @root: the tree
 *
 * O(log n). Out of line (unlike Linux's): one call instead of two keeps its callers, the
 * scheduler's pick and dequeue, from saving registers around both.
 *
 * Linux 6.1: a static inline in rbtree.h.
 *
 * Context: any; the caller serialises all access to the tree.
 * Return: the new leftmost node if @node was the leftmost, else NULL.
 */
struct rb_node *rb_erase_cached(struct rb_node *node, struct rb_root_cached *root)
{
	struct rb_node *leftmost = NULL;

	if (root->rb_leftmost == node)
		leftmost = root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
	return leftmost;
}
