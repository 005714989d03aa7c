/* SPDX-License-Identifier: Apache-2.0 */
/* hooks.c - run OCI hooks (fork, stdin = state JSON, wait with timeout).
 * Used by the parent for prestart/createRuntime/poststart/poststop and by
 * the container's init for createContainer/startContainer. */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char *const names[RM_HOOK_NKINDS] = {
	[RM_HOOK_PRESTART] = "prestart", [RM_HOOK_CREATE_RUNTIME] = "createRuntime",
	[RM_HOOK_CREATE_CONTAINER] = "createContainer", [RM_HOOK_START_CONTAINER] = "startContainer",
	[RM_HOOK_POSTSTART] = "poststart", [RM_HOOK_POSTSTOP] = "poststop",
};

const char *hooks_kind_name(enum rm_hook_kind kind)
{
	return names[kind];
}

static _Noreturn void exec_hook(const struct rm_hook *h, int in)
{
	static char *empty[] = { NULL };
	char *argv0[] = { h->path, NULL };
	dup2(in, 0);
	/* Hooks print to our stderr; stdout is the caller's (e.g. a pid file
	 * reader), so keep it clean. */
	dup2(2, 1);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(h->path, h->args && h->args[0] ? h->args : argv0, h->env ? h->env : empty);
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for pid, killing it at the deadline (timeout <= 0: no deadline). */
static int wait_hook(pid_t pid, int timeout_s, int *ws)
{
	long long end = timeout_s > 0 ? now_ms() + timeout_s * 1000LL : 0;
	for (;;) {
		pid_t r = waitpid(pid, ws, end ? WNOHANG : 0);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (end && now_ms() >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, ws, 0);
			errno = ETIMEDOUT;
			return -1;
		}
		if (end)
			poll(NULL, 0, 10);
	}
}

static int run_one(const struct rm_hook *h, const char *kind, size_t i, const char *state,
		   struct rm_err *err)
{
	int p[2], ws;
	/* Checked first: a missing hook used to be only "exited with status
	 * 127" (the child's failed execve). */
	if (access(h->path, X_OK) < 0)
		return rm_fail(err, errno, "hooks.%s[%zu]: %s", kind, i, h->path);
	if (pipe2(p, O_CLOEXEC) < 0)
		return rm_fail(err, errno, "hooks.%s[%zu]: pipe", kind, i);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		return rm_fail(err, e, "hooks.%s[%zu]: fork", kind, i);
	}
	if (pid == 0) {
		close(p[1]);
		exec_hook(h, p[0]);
	}
	close(p[0]);
	/* A hook that does not read its stdin must not make us fail. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGPIPE, &ign, &old);
	util_write_all(p[1], state, strlen(state));
	close(p[1]);
	sigaction(SIGPIPE, &old, NULL);
	if (wait_hook(pid, h->has_timeout ? h->timeout : 0, &ws) < 0)
		return rm_fail(err, errno, "hooks.%s[%zu]: %s", kind, i, h->path);
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
		return 0;
	if (WIFEXITED(ws))
		return rm_fail(err, 0, "hooks.%s[%zu]: %s exited with status %d", kind, i, h->path,
			       WEXITSTATUS(ws));
	return rm_fail(err, 0, "hooks.%s[%zu]: %s killed by signal %d", kind, i, h->path, WTERMSIG(ws));
}

int hooks_run(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
	      struct rm_err *err)
{
	const struct rm_hooks *hs = &s->hooks[kind];
	for (size_t i = 0; i < hs->n; i++)
		if (run_one(&hs->list[i], names[kind], i, state_json, err) < 0)
			return -1;
	return 0;
}

int hooks_run_all(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
		  void (*warn)(const struct rm_err *e))
{
	const struct rm_hooks *hs = &s->hooks[kind];
	int failed = 0;
	for (size_t i = 0; i < hs->n; i++) {
		struct rm_err e;
		if (run_one(&hs->list[i], names[kind], i, state_json, &e) < 0) {
			warn(&e);
			failed++;
		}
	}
	return failed;
}

/* One buffer: the container's hooks run one at a time. */
static char state_buf[16384];

int hooks_run_state(const struct rm_state *st, enum rm_status status, const struct rm_spec *s,
		    enum rm_hook_kind kind, struct rm_err *err)
{
	if (!s->hooks[kind].n)
		return 0;
	if (state_json(st, status, s, state_buf, sizeof state_buf) < 0)
		return rm_fail(err, E2BIG, "hook state too large");
	return hooks_run(s, kind, state_buf, err);
}

/* Only main prints: a warning goes to its sink (stderr and --log). */
static void warn_failure(const struct rm_err *e)
{
	rm_warn("%s", e->msg);
}

void hooks_warn_state(const struct rm_state *st, enum rm_status status, const struct rm_spec *s,
		      enum rm_hook_kind kind)
{
	if (!s->hooks[kind].n)
		return;
	if (state_json(st, status, s, state_buf, sizeof state_buf) < 0) {
		struct rm_err e;
		rm_fail(&e, E2BIG, "hooks.%s: state too large", names[kind]);
		warn_failure(&e);
		return;
	}
	hooks_run_all(s, kind, state_buf, warn_failure);
}
