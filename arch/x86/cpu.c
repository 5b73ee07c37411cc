/* placeholder: replaced by its owner */
#include <asm/cpufeature.h>
void early_cpu_init(void) {}
void print_cpu_info(void) {}
