/* Slab caches (Linux's mm/slub.c, simplified): each slab is one buddy block cut into equal
 * objects, its free objects chained through a pointer stored in each free object (after the
 * object when a constructor must keep the object's contents). A cache keeps slabs with free
 * objects on 'partial' and full ones on 'full'; an empty slab stays on 'partial' while the cache
 * has fewer than min_partial partial slabs (SLUB's rule), else goes back to the buddy allocator.
 * kmem_cache_shrink() gives the kept empty slabs back. */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct kmem_cache {
	const char *name;
	unsigned int object_size;	/* what the user asked for */
	unsigned int size;		/* stride between objects */
	unsigned int align;
	unsigned int offset;		/* where the free pointer lives inside a slot */
	unsigned int order;		/* of each slab */
	unsigned int objects;		/* per slab */
	slab_flags_t flags;
	void (*ctor)(void *);
	spinlock_t lock;		/* the lists, counts, slabs' freelists/inuse; irqs off */
	struct list_head partial;	/* slabs with a free object, empty ones included */
	struct list_head full;
	unsigned long nr_partial;	/* slabs on 'partial' */
	unsigned long min_partial;	/* keep an empty slab while nr_partial is below this */
	unsigned long nr_active;
	unsigned long nr_slabs;
	struct list_head list;		/* on slab_caches */
};

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
	131072,
};
static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128",
	"kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
	"kmalloc-8k", "kmalloc-16k", "kmalloc-32k", "kmalloc-64k", "kmalloc-128k",
};
#define NR_KMALLOC_CACHES	ARRAY_SIZE(kmalloc_sizes)

static struct kmem_cache kmalloc_caches[NR_KMALLOC_CACHES];
/* The cache the other caches' descriptors come from (Linux's kmem_cache_boot). */
static struct kmem_cache kmem_cache_boot;
static LIST_HEAD(slab_caches);
/* Protects the slab_caches list (not the caches); taken with interrupts off. Lock order:
 * slab_caches_lock, then a cache's lock (kmem_cache_shrink_all()). */
static DEFINE_SPINLOCK(slab_caches_lock);
static bool slab_up;
static unsigned long total_objects, total_slab_pages;

/**
 * slab_is_available - may kmalloc() and kmem_cache_create() be used yet?
 *
 * Context: any. Return: true once kmem_cache_init() has run.
 */
bool slab_is_available(void)
{
	return slab_up;
}

/**
 * slab_objects_in_use - objects allocated from every cache and not yet freed
 *
 * A relaxed counter kept outside the caches' locks: a snapshot, for leak checks and /proc.
 *
 * Context: any. Return: the number of objects.
 */
unsigned long slab_objects_in_use(void)
{
	return __atomic_load_n(&total_objects, __ATOMIC_RELAXED);
}

/**
 * nr_slab_pages - pages the slab caches hold, in use or kept empty
 *
 * Context: any; a relaxed snapshot. Return: the number of pages (/proc/meminfo's Slab).
 */
unsigned long nr_slab_pages(void)
{
	return __atomic_load_n(&total_slab_pages, __ATOMIC_RELAXED);
}

/**
 * kmem_cache_objects_in_use - objects of one cache allocated and not yet freed
 * @s: the cache
 *
 * Context: any; read without the cache's lock. Return: the number of objects.
 */
unsigned long kmem_cache_objects_in_use(struct kmem_cache *s)
{
	return READ_ONCE(s->nr_active);
}

/**
 * kmem_cache_nr_slabs - slabs one cache holds, empty ones kept on its partial list included
 * @s: the cache
 *
 * Context: any; read without the cache's lock. Return: the number of slabs.
 */
unsigned long kmem_cache_nr_slabs(struct kmem_cache *s)
{
	return READ_ONCE(s->nr_slabs);
}

/**
 * kmem_cache_size - the object size a cache was created with
 * @s: the cache
 *
 * Context: any. Return: the size in bytes the creator asked for (not the slot stride).
 */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

/**
 * kmem_cache_name - the name a cache was created with
 * @s: the cache
 *
 * Context: any. Return: the name (the creator's string, not a copy).
 */
const char *kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

/* Linux's bounds on the partial slabs a cache keeps (mm/slub.c). */
#define MIN_PARTIAL	5
#define MAX_PARTIAL	10

static void **freeptr(struct kmem_cache *s, void *obj)
{
	return (void **)((char *)obj + s->offset);
}

/* Enough objects per slab to amortise the page allocation (8), but no slab beyond 32 KiB
 * unless one object needs more. */
static unsigned int slab_order(unsigned int size)
{
	unsigned int max_order = max(3u, get_order(size));
	unsigned int order = 0;

	while (order < max_order && (PAGE_SIZE << order) < (unsigned long)size * 8)
		order++;
	return order;
}

static int cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
		       unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	if (!size || size > KMALLOC_MAX_SIZE || (align && !is_power_of_2(align)) ||
	    align > PAGE_SIZE)
		return -EINVAL;
	align = max(align, (unsigned int)ARCH_KMALLOC_MINALIGN);
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = 64;

		/* Small objects share a line rather than each wasting most of one. */
		while (size <= line / 2 && line > align)
			line /= 2;
		align = max(align, line);
	}
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->object_size = size;
	s->align = align;
	s->flags = flags;
	s->ctor = ctor;
	s->offset = ctor ? ALIGN(size, sizeof(void *)) : 0;
	s->size = ALIGN(max(s->offset + (unsigned int)sizeof(void *), size), align);
	s->order = slab_order(s->size);
	s->objects = (PAGE_SIZE << s->order) / s->size;
	/*
	 * Linux's set_min_partial(): a cache whose object count sits at a slab boundary would
	 * otherwise allocate and free a slab for every object (a kthread_create()/kthread_stop()
	 * loop did, once kworkers had filled the task_struct slabs to the brim).
	 */
	s->min_partial = clamp(ilog2(s->size) / 2, MIN_PARTIAL, MAX_PARTIAL);
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	return 0;
}

static void register_cache(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_pages((gfp & ~__GFP_ZERO) | __GFP_NOWARN, s->order);
	char *base;
	void *next = NULL;

	if (!page)
		return NULL;
	page->flags = PG_head | PG_slab;
	page->slab_cache = s;
	page->inuse = 0;
	for (unsigned long i = 1; i < (1UL << s->order); i++) {
		page[i].flags = PG_tail;
		page[i].compound_head = page;
	}
	base = page_address(page);
	for (unsigned int i = s->objects; i-- > 0; ) {
		void *obj = base + i * s->size;

		if (s->ctor)
			s->ctor(obj);
		*freeptr(s, obj) = next;
		next = obj;
	}
	page->freelist = next;
	__atomic_fetch_add(&total_slab_pages, 1UL << s->order, __ATOMIC_RELAXED);
	return page;
}

static void discard_slab(struct kmem_cache *s, struct page *page)
{
	for (unsigned long i = 1; i < (1UL << s->order); i++) {
		page[i].flags = 0;
		page[i].compound_head = NULL;
	}
	page->flags = PG_head;
	page->slab_cache = NULL;
	page->freelist = NULL;
	s->nr_slabs--;
	__atomic_fetch_sub(&total_slab_pages, 1UL << s->order, __ATOMIC_RELAXED);
	__free_pages(page, s->order);
}

/**
 * kmem_cache_alloc - allocate an object from a cache
 * @s: the cache (NULL gives NULL)
 * @gfp: GFP flags; __GFP_ZERO clears the object (not for a cache with a constructor: that is
 *	reported and ignored), __GFP_NOWARN silences a failure
 *
 * Takes the first free object of the first partial slab. When there is none, a new slab is
 * allocated with the cache's lock dropped (and interrupts restored) around it, as SLUB does;
 * another CPU may add a slab meanwhile, which only leaves two partial slabs. Injected
 * failures (failslab) come first, so a failed call has taken nothing to give back.
 *
 * Linux 6.1: SLUB serves from a per-CPU slab without a lock on the fast path.
 *
 * Context: as alloc_pages() for @gfp; takes the cache's lock with interrupts off.
 * Return: the object, or NULL on failure.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	unsigned long flags;
	struct page *page;
	void *obj;

	might_alloc(gfp);

	/* Injected failures come first, so a failed call has taken nothing to give back. */
	if (!s || should_failslab(s, gfp))
		return NULL;
	spin_lock_irqsave(&s->lock, flags);
	if (list_empty(&s->partial)) {
		/*
		 * A new slab's pages come from an allocation that may wait for memory (GFP_KERNEL),
		 * which must not happen under a spinlock: as SLUB does, the lock is dropped (and
		 * interrupts restored) around it. Another CPU may add a slab meanwhile; then there
		 * are two partial slabs, which is harmless.
		 */
		spin_unlock_irqrestore(&s->lock, flags);
		page = new_slab(s, gfp);
		if (!page) {
			if (!(gfp & __GFP_NOWARN))
				pr_warn("slab: %s: out of memory for a %lu KiB slab\n", s->name,
					(PAGE_SIZE << s->order) >> 10);
			return NULL;
		}
		spin_lock_irqsave(&s->lock, flags);
		s->nr_slabs++;
		list_add(&page->lru, &s->partial);
		s->nr_partial++;
	}
	page = list_first_entry(&s->partial, struct page, lru);
	obj = page->freelist;
	page->freelist = *freeptr(s, obj);
	if (++page->inuse == s->objects) {
		list_move(&page->lru, &s->full);
		s->nr_partial--;
	}
	s->nr_active++;
	spin_unlock_irqrestore(&s->lock, flags);
	__atomic_fetch_add(&total_objects, 1, __ATOMIC_RELAXED);

	if (gfp & __GFP_ZERO) {
		if (s->ctor)
			pr_err("slab: %s: __GFP_ZERO would wipe constructed objects; ignored\n",
			       s->name);
		else
			memset(obj, 0, s->object_size);
	}
	return obj;
}

/**
 * kmem_cache_zalloc - allocate a zeroed object from a cache
 * @s: the cache
 * @gfp: GFP flags
 *
 * Context: as kmem_cache_alloc(). Return: the zeroed object, or NULL.
 */
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

static struct page *virt_to_head_page(const void *obj)
{
	struct page *page = virt_to_page(obj);

	return (page->flags & PG_tail) ? page->compound_head : page;
}

/* The slab an object belongs to, or NULL (with the reason logged) when it is not one. */
static struct page *object_slab(const void *obj, const char *caller)
{
	struct page *page;
	struct kmem_cache *s;
	unsigned long off;

	if (!virt_addr_valid(obj)) {
		pr_err("BUG: %s(%p): not a direct-map address\n", caller, obj);
		return NULL;
	}
	page = virt_to_head_page(obj);
	if (!(page->flags & PG_slab)) {
		pr_err("BUG: %s(%p): not a slab object\n", caller, obj);
		return NULL;
	}
	s = page->slab_cache;
	off = (const char *)obj - (const char *)page_address(page);
	if (off % s->size || off / s->size >= s->objects) {
		pr_err("BUG: %s(%p): not the start of an object in %s\n", caller, obj, s->name);
		return NULL;
	}
	return page;
}

/**
 * kmem_cache_free - return an object to its cache
 * @s: the cache it was allocated from
 * @obj: the object, or NULL (then nothing happens)
 *
 * A slab that becomes empty goes back to the page allocator unless the cache keeps fewer than
 * min_partial partial slabs (SLUB's rule). An object of another cache, an address that is not
 * an object's start, and the common double free (the same object twice in a row, or a slab
 * with nothing in use) are reported with a "BUG:" line and not freed.
 *
 * Linux 6.1: SLUB frees to the per-CPU slab without a lock when it can; with debugging it
 * catches every double free, not only the common ones.
 *
 * Context: any; takes the cache's lock with interrupts off.
 * Return: nothing.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	unsigned long flags;
	struct page *page;

	if (!obj)
		return;
	page = object_slab(obj, "kmem_cache_free");
	if (!page)
		return;
	if (page->slab_cache != s) {
		pr_err("BUG: kmem_cache_free(%s, %p): the object belongs to %s\n",
		       s ? s->name : "NULL", obj, page->slab_cache->name);
		return;
	}
	spin_lock_irqsave(&s->lock, flags);
	/* Catches the common double free (the same object twice in a row) for free. */
	if (page->freelist == obj || !page->inuse) {
		spin_unlock_irqrestore(&s->lock, flags);
		pr_err("BUG: %s: double free of %p\n", s->name, obj);
		return;
	}
	*freeptr(s, obj) = page->freelist;
	page->freelist = obj;
	if (page->inuse-- == s->objects) {
		list_move(&page->lru, &s->partial);
		s->nr_partial++;
	}
	s->nr_active--;
	if (!page->inuse && s->nr_partial > s->min_partial) {
		list_del(&page->lru);
		s->nr_partial--;
		discard_slab(s, page);
	}
	spin_unlock_irqrestore(&s->lock, flags);
	__atomic_fetch_sub(&total_objects, 1, __ATOMIC_RELAXED);
}

/**
 * kmem_cache_create - create a cache of objects of one size
 * @name: the cache's name, kept as a pointer (it must outlive the cache)
 * @size: the object size, 1 to KMALLOC_MAX_SIZE
 * @align: the alignment, 0 or a power of two up to PAGE_SIZE
 * @flags: SLAB_HWCACHE_ALIGN (small objects share a line rather than each wasting most of
 *	one), SLAB_PANIC (panic instead of returning NULL)
 * @ctor: a constructor run on every object when its slab is made, or NULL; the free pointer is
 *	then kept after the object so its contents survive
 *
 * Linux 6.1: copies @name, may merge the cache with a compatible one, and registers it in
 * sysfs.
 *
 * Context: process context, may sleep (GFP_KERNEL); after kmem_cache_init(). Takes
 * slab_caches_lock with interrupts off.
 * Return: the cache, or NULL (reported) for bad arguments, before slab is up or without memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;

	if (slab_up)
		s = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (s && !cache_setup(s, name, size, align, flags, ctor)) {
		register_cache(s);
		return s;
	}
	if (s)
		kmem_cache_free(&kmem_cache_boot, s);
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: cannot create cache %s (size %u, align %u)", name, size,
		      align);
	pr_err("kmem_cache_create: cannot create cache %s (size %u, align %u)\n", name, size,
	       align);
	return NULL;
}

/**
 * kmem_cache_shrink - give @s's empty slabs back to the page allocator
 * @s: the cache
 *
 * Context: any; takes @s's lock with interrupts off. Return: 0.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	struct page *page, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	list_for_each_entry_safe(page, tmp, &s->partial, lru) {
		if (page->inuse)
			continue;
		list_del(&page->lru);
		s->nr_partial--;
		discard_slab(s, page);
	}
	spin_unlock_irqrestore(&s->lock, flags);
	return 0;
}

/**
 * kmem_cache_shrink_all - kmem_cache_shrink() every cache
 *
 * Spindle's, for leak checks that compare free-page counts: afterwards every slab page holds
 * an object in use. (Linux 6.1 has the same done per cache through /sys/kernel/slab/NAME/shrink.)
 *
 * Context: process context; takes slab_caches_lock, then each cache's lock, interrupts off.
 * Return: nothing.
 */
void kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

/**
 * kmem_cache_destroy - free a cache that holds no object in use
 * @s: the cache, or NULL (then nothing happens)
 *
 * A cache with objects still in use is reported and kept (Linux also keeps it, with a
 * warning); the boot caches (kmem_cache and kmalloc-*) are never destroyed.
 *
 * Context: process context; takes the cache's lock and slab_caches_lock (one after the other,
 * not nested), interrupts off. No one may allocate from @s meanwhile.
 * Return: nothing.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	if (!s)
		return;
	if (s == &kmem_cache_boot ||
	    (s >= kmalloc_caches && s < kmalloc_caches + NR_KMALLOC_CACHES)) {
		pr_err("BUG: kmem_cache_destroy(%s): a boot cache cannot be destroyed\n", s->name);
		return;
	}
	if (READ_ONCE(s->nr_active)) {
		pr_err("kmem_cache_destroy %s: %lu objects still in use; cache kept\n", s->name,
		       s->nr_active);
		return;
	}
	kmem_cache_shrink(s);
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, s);
}

static unsigned int kmalloc_index(size_t size)
{
	unsigned int i;

	if (size <= 8)
		return 0;
	for (i = 1; i < NR_KMALLOC_CACHES; i++)
		if (size <= kmalloc_sizes[i])
			break;
	return i;
}

/**
 * kmalloc - allocate kernel memory
 * @size: how many bytes of memory are required
 * @flags: describe the allocation context (GFP_KERNEL, GFP_ATOMIC, __GFP_ZERO, __GFP_NOWARN)
 *
 * Served from the kmalloc-N cache of the smallest class that fits (8 B to 128 KiB; 96 and 192
 * among them); objects of a power-of-two class are naturally aligned.
 *
 * Linux 6.1: sizes above two pages go straight to the page allocator, and KMALLOC_MAX_SIZE
 * is much larger.
 *
 * Context: as alloc_pages() for @flags.
 * Return: the memory; ZERO_SIZE_PTR for @size 0 (not to be dereferenced, kfree() takes it);
 * NULL for a size above KMALLOC_MAX_SIZE, before kmem_cache_init() or without memory.
 */
void *kmalloc(size_t size, gfp_t flags)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_SIZE) {
		if (!(flags & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is beyond the %lu KiB limit; returning NULL\n",
				size, KMALLOC_MAX_SIZE >> 10);
		return NULL;
	}
	if (!slab_up) {
		pr_err("kmalloc(%zu) before kmem_cache_init()\n", size);
		return NULL;
	}
	return kmem_cache_alloc(&kmalloc_caches[kmalloc_index(size)], flags);
}

/**
 * kzalloc - allocate zeroed kernel memory
 * @size: how many bytes of memory are required
 * @flags: the type of memory to allocate (see kmalloc())
 *
 * Context: as kmalloc(). Return: as kmalloc(), the memory zeroed.
 */
void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

/**
 * kmalloc_array - allocate memory for an array
 * @n: number of elements
 * @size: element size
 * @flags: the type of memory to allocate (see kmalloc())
 *
 * Context: as kmalloc().
 * Return: the memory, or NULL if @n * @size overflows (reported unless __GFP_NOWARN) or
 * kmalloc() fails.
 */
void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		if (!(flags & __GFP_NOWARN))
			pr_warn("kmalloc_array: %zu x %zu bytes overflows; returning NULL\n", n,
				size);
		return NULL;
	}
	return kmalloc(bytes, flags);
}

/**
 * kcalloc - allocate memory for an array, zeroed
 * @n: number of elements
 * @size: element size
 * @flags: the type of memory to allocate (see kmalloc())
 *
 * Context: as kmalloc(). Return: as kmalloc_array(), the memory zeroed.
 */
void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/**
 * kfree - free previously allocated memory
 * @p: pointer returned by kmalloc() (or any kmem_cache_alloc()), NULL or ZERO_SIZE_PTR
 *
 * If @p is NULL or ZERO_SIZE_PTR, nothing happens. A pointer that is not a slab object's start
 * is reported with a "BUG:" line and not freed.
 *
 * Linux 6.1: also frees large kmalloc() blocks that came from the page allocator.
 *
 * Context: any; takes the object's cache's lock with interrupts off.
 * Return: nothing.
 */
void kfree(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = object_slab(p, "kfree");
	if (page)
		kmem_cache_free(page->slab_cache, (void *)p);
}

/**
 * ksize - report actual allocation size of associated object
 * @p: pointer returned by kmalloc() or kmem_cache_alloc()
 *
 * For kmalloc() memory this is the class size, which may exceed what was asked.
 *
 * Context: any. Return: the object size of @p's cache, 0 for NULL, ZERO_SIZE_PTR or a pointer
 * that is not an object's start (reported).
 */
size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = object_slab(p, "ksize");
	return page ? page->slab_cache->object_size : 0;
}

/**
 * kmem_cache_init - set up the boot caches and open slab for use
 *
 * Sets up kmem_cache (the cache the other caches' descriptors come from, Linux's
 * kmem_cache_boot) and the kmalloc-N caches in static storage, then marks slab available.
 *
 * Context: boot CPU, once, from start_kernel() after mem_init().
 * Return: nothing.
 */
void kmem_cache_init(void)
{
	cache_setup(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0,
		    SLAB_HWCACHE_ALIGN, NULL);
	register_cache(&kmem_cache_boot);
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		cache_setup(&kmalloc_caches[i], kmalloc_names[i], kmalloc_sizes[i], 0, 0, NULL);
		register_cache(&kmalloc_caches[i]);
	}
	slab_up = true;
	pr_info("SLAB: %u kmalloc caches, %u B .. %lu KiB, power-of-two classes naturally aligned\n",
		(unsigned int)NR_KMALLOC_CACHES, kmalloc_sizes[0], KMALLOC_MAX_SIZE >> 10);
}
