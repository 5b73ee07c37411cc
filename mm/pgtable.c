/* placeholder: replaced by its owner */
#include <asm/pgtable.h>
void paging_init(void) {}
