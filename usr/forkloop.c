/* /bin/forkloop: forkloop N: fork a child that exits at once, reap it, N times (the leak test:
 * N processes created and reaped must leave the kernel as it was). */
#include "ulib.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;

	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = sys_fork();

		if (pid == 0)
			_exit(i & 0x7f);
		if (pid < 0) {
			perror("forkloop: fork");
			return 1;
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != (i & 0x7f)) {
			fprintf(stderr, "forkloop: child %ld: bad status %#x\n", i, status);
			return 1;
		}
	}
	printf("forkloop: %ld children forked and reaped\n", n);
	return 0;
}
