/* placeholder: replaced by its owner */
#include <linux/console.h>
void console_init(void) {}
