/* SPDX-License-Identifier: Apache-2.0 */
/* ignsig SIG... -- CMD ARGS: run CMD with the given signals ignored,
 * including libc's internal ones (32, 33) that only the raw system call can
 * set.  Tests that runc-mini does not let them leak into the container. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		unsigned long ksa[8] = { (unsigned long)SIG_IGN, 0, 0, 0, 0, 0, 0, 0 };
		if (syscall(SYS_rt_sigaction, atoi(argv[i]), ksa, NULL, 8) < 0)
			return 125;
	}
	if (i + 1 >= argc)
		return 125;
	execvp(argv[i + 1], argv + i + 1);
	return 127;
}
