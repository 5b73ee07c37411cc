/* /bin/hello: the first user program init starts; prints a greeting, then (on a line starting
 * with '#', which the host/Spindle comparison skips) its PID, PPID and what uname() says. */
#include "ulib.h"
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	printf("Hello from user space!\n");
	if (uname(&u)) {
		strcpy(u.sysname, "(uname failed)");
		u.release[0] = u.machine[0] = '\0';
	}
	printf("# pid %d ppid %d: %s %s %s\n", getpid(), getppid(), u.sysname, u.release,
	       u.machine);
	return 0;
}
