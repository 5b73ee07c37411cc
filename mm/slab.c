/* placeholder: replaced by its owner */
#include <linux/slab.h>
void kmem_cache_init(void) {}
