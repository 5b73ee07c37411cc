/* Slab caches and kmalloc: objects of one size carved from buddy blocks, with counters that let
 * tests prove nothing leaked. kmalloc serves 8 B .. 128 KiB from size classes as Linux's:
 * 8, 16, 32, 64, 96, 128, 192, 256, then powers of two. */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

typedef unsigned int slab_flags_t;

#define SLAB_HWCACHE_ALIGN	0x00002000u	/* align objects to a cache line */
#define SLAB_PANIC		0x00040000u	/* panic if the cache cannot be created */

#define ARCH_KMALLOC_MINALIGN	8
#define KMALLOC_MAX_SIZE	(128UL * 1024)
#define KMALLOC_SHIFT_HIGH	17

/* kmalloc(0) returns this: not NULL, but any access faults (the page at 16 is never mapped). */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

void kmem_cache_init(void);
bool slab_is_available(void);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *obj);
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);
unsigned int kmem_cache_size(struct kmem_cache *s);
const char *kmem_cache_name(struct kmem_cache *s);

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);
size_t ksize(const void *p);

/* Leak accounting: objects handed out and slabs held, per cache and in total. */
unsigned long kmem_cache_objects_in_use(struct kmem_cache *s);
unsigned long kmem_cache_nr_slabs(struct kmem_cache *s);
unsigned long slab_objects_in_use(void);
unsigned long nr_slab_pages(void);

#endif
