/* SPDX-License-Identifier: Apache-2.0 */
/* init.c - the PID 1 loop of --init (what tini does, in runc-mini itself).
 *
 * Untrusted: everything in the container.  The loop runs inside it, as the
 * container's PID 1, under the process's own user, groups and
 * capabilities (child.c switches them before calling init_loop), so it
 * holds nothing a container process does not.  It is never dumpable: a
 * process of the container cannot ptrace it or open its /proc/1/exe,
 * map_files, fd or mem without CAP_SYS_PTRACE; with it, what it reaches is
 * the sealed memfd runc-mini re-executed itself from, never the host's
 * binary (CVE-2019-5736).  It holds no fd but 0, 1 and 2.
 */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sys.h"

static char *args_start;
static size_t args_len;

void init_save_argv(int argc, char **argv)
{
	if (argc < 1 || !argv[0])
		return;
	args_start = argv[0];
	args_len = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
}

/* "runc-mini init" in place of runc-mini's own command line (the kernel
 * reads /proc/PID/cmdline from this memory). */
static void hide_cmdline(void)
{
	static const char name[] = "runc-mini\0init";
	if (!args_start || args_len < sizeof name)
		return;
	memset(args_start, 0, args_len);
	memcpy(args_start, name, sizeof name);
}

int init_mode_parse(const char *value, enum rm_init_mode *mode, struct rm_err *err)
{
	if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
		*mode = RM_INIT_ON;
	else if (strcmp(value, "group") == 0)
		*mode = RM_INIT_GROUP;
	else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0 || !*value)
		*mode = RM_INIT_NONE;
	else
		return rm_fail(err, EINVAL, "annotations: %s: expected true, group or false, got \"%s\"",
			       RM_INIT_ANNOTATION, value);
	return 0;
}

pid_t init_fork(bool tty, struct rm_err *err)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	/* Without a pid namespace of our own, orphans would go to the host's
	 * init: collect them as PID 1 would.  Before fork, so that none slips
	 * through. */
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return rm_fail(err, errno, "--init: prctl(PR_SET_CHILD_SUBREAPER)");
	pid_t kid = fork();
	if (kid < 0)
		return rm_fail(err, errno, "--init: fork the container's process");
	if (kid > 0) {
		/* Both sides set the group: whichever runs first, a signal
		 * to -kid finds it (what shells do for a job). */
		setpgid(kid, kid);
		return kid;
	}
	setpgid(0, 0);
	/* SIGTTOU is still blocked, so a background group may do this. */
	if (tty)
		tcsetpgrp(0, getpid());
	return 0;
}

static void close_fds(void)
{
	if (sys_close_range(3, ~0u, 0) == 0)
		return;
	/* Kernels before 5.9: close what /proc lists (after the listing). */
	int fds[1024];
	size_t n = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	while (d && (de = readdir(d)) && n < sizeof fds / sizeof fds[0]) {
		int fd = atoi(de->d_name);
		if (fd > 2 && fd != dirfd(d))
			fds[n++] = fd;
	}
	if (d)
		closedir(d);
	while (n)
		close(fds[--n]);
}

/* Reap every waiting child; true once `kid` was among them. */
static bool reap(pid_t kid, int *code)
{
	int st;
	pid_t pid;
	bool done = false;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid != kid)
			continue;
		*code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		done = true;
	}
	return done;
}

_Noreturn void init_loop(pid_t kid, enum rm_init_mode mode)
{
	sigset_t all;
	int code = 0;

	close_fds();
	hide_cmdline();
	/* Nothing may attach to us or read our memory (CVE-2019-5736): the
	 * identity switch reset this flag, set it again.  We never exec, so
	 * no_new_privs costs nothing and rules out a gain later. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	sigfillset(&all);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si);
		if (sig < 0)
			continue;
		if (sig == SIGCHLD) {
			if (reap(kid, &code))
				_exit(code);
			continue;
		}
		/* Blocked signals are queued even for a pid namespace's init,
		 * which the kernel otherwise shields from default actions:
		 * every catchable one reaches us here. */
		kill(mode == RM_INIT_GROUP ? -kid : kid, sig);
	}
}
