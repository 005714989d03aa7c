/* SPDX-License-Identifier: Apache-2.0 */
/* peakrss CMD ARGS...: run CMD and print the peak RSS (VmHWM, KiB) of that
 * process itself, read at its exit: not its children's (a runtime's
 * container process), which /usr/bin/time's %M folds in.  The last image
 * counts (a re-exec starts a new mm).  Then CMD's exit status.
 *
 * ptrace: PTRACE_O_TRACEEXIT stops the process in exit_group with its mm
 * still there; children are not traced (no TRACEFORK/TRACECLONE). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static long hwm(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: peakrss CMD ARGS...\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	long peak = -1;
	int st, opts_set = 0;
	while (waitpid(pid, &st, 0) == pid) {
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		int sig = WSTOPSIG(st);
		if (!opts_set && sig == SIGTRAP) {   /* the exec stop after TRACEME */
			ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC);
			opts_set = 1;
			sig = 0;
		} else if (sig == SIGTRAP && (st >> 16) == PTRACE_EVENT_EXIT) {
			peak = hwm(pid);
			sig = 0;
		} else if (sig == SIGTRAP && (st >> 16) == PTRACE_EVENT_EXEC) {
			sig = 0;
		}
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
	printf("%ld\n", peak);
	fflush(stdout);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
