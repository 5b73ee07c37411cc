/* placeholder: replaced by its owner */
#include <asm/traps.h>
void crashtest_run(void) {}
