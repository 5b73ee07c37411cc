/* /bin/hello: the first user program init starts; prints a greeting, then (on lines starting
 * with '#', which the host/Spindle comparison skips) its PIDs and what uname() says. */
#include "ulib.h"
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	printf("Hello from user space!\n");
	printf("# pid %d ppid %d\n", getpid(), getppid());
	if (uname(&u) == 0)
		printf("# uname %s %s %s\n", u.sysname, u.release, u.machine);
	else
		printf("# uname failed\n");
	return 0;
}
