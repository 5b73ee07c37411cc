/* placeholder: replaced by its owner */
#include <ktest.h>
void ktest_run_all(void) {}
