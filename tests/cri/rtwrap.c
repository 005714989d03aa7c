/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rtwrap: what a runtime call costs, for tests/cri/bench.py.  The shim runs
 * this in place of the runtime; it runs RUNTIME with the same arguments,
 * waits for it, appends "verb maxrss_kib user_us sys_us status" to LOG, and
 * exits as the runtime did.  Build: -DRUNTIME=\"path\" -DLOG=\"path\".
 * The container's init is not a child of the runtime once it exits, so its
 * cost is not counted: only the runtime process (and what it waited for).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *verb(char **argv)
{
	for (int i = 1; argv[i]; i++)
		if (argv[i][0] != '-' && (i == 1 || argv[i - 1][0] != '-' || strchr(argv[i - 1], '=')))
			return argv[i];
	return "?";
}

int main(int argc, char **argv)
{
	struct rusage ru;
	int st = 0;
	pid_t pid;
	char line[256];

	(void)argc;
	pid = fork();
	if (pid == 0) {
		argv[0] = (char *)RUNTIME;
		execv(RUNTIME, argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return 125;
	int n = snprintf(line, sizeof(line), "%s %ld %ld %ld %d\n", verb(argv), ru.ru_maxrss,
			 (long)(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec),
			 (long)(ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec), st);
	int fd = open(LOG, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (write(fd, line, n) < 0) { /* the measurement is lost, the call is not */ }
		close(fd);
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
