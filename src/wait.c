/* SPDX-License-Identifier: Apache-2.0 */
/* wait.c - signal forwarding, terminal proxy and reaping (see wait.h). */
#include "wait.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* Signals we forward to the container instead of acting on them. */
static void forwarded_signals(sigset_t *set)
{
	sigfillset(set);
	sigdelset(set, SIGKILL);
	sigdelset(set, SIGSTOP);
	sigdelset(set, SIGSEGV);
	sigdelset(set, SIGBUS);
	sigdelset(set, SIGILL);
	sigdelset(set, SIGFPE);
	sigdelset(set, SIGTTIN);
	sigdelset(set, SIGTTOU);
	sigdelset(set, SIGTSTP);
}

int waiter_init(struct rm_waiter *w, struct rm_err *err)
{
	sigset_t fwd;
	forwarded_signals(&fwd);
	sigprocmask(SIG_BLOCK, &fwd, &w->oldmask);
	w->sigfd = signalfd(-1, &fwd, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->sigfd < 0)
		return rm_fail(err, errno, "signalfd");
	return 0;
}

static int status_of(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	return 255;
}

/* Copy what is readable from `from` to `to`; returns -1 at EOF or error. */
static int pump(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	return util_write_all(to, buf, (size_t)n) < 0 ? -1 : 0;
}

static bool handle_signal(struct rm_waiter *w, int *status)
{
	struct signalfd_siginfo si;
	while (read(w->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGCHLD) {
			int ws;
			pid_t p;
			while ((p = waitpid(-1, &ws, WNOHANG)) > 0)
				if (p == w->pid) {
					*status = status_of(ws);
					return true;
				}
			continue;
		}
		if (si.ssi_signo == SIGWINCH && w->master >= 0) {
			console_copy_winsize(STDIN_FILENO, w->master);
			continue;
		}
		kill(w->pid, (int)si.ssi_signo);
	}
	return false;
}

void waiter_loop(struct rm_waiter *w, int *status)
{
	bool in_open = w->master >= 0, done = false;
	if (w->master >= 0) {
		console_copy_winsize(STDIN_FILENO, w->master);
		console_raw(STDIN_FILENO, &w->tty);
	}
	while (!done) {
		struct pollfd p[3] = { { w->sigfd, POLLIN, 0 }, { w->master, POLLIN, 0 },
				       { in_open ? STDIN_FILENO : -1, POLLIN, 0 } };
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents && w->master >= 0 && pump(w->master, STDOUT_FILENO) < 0) {
			close(w->master);
			w->master = -1;
		}
		if (p[2].revents && pump(STDIN_FILENO, w->master) < 0)
			in_open = false;
		if (p[0].revents)
			done = handle_signal(w, status);
	}
	/* Whatever the process wrote before it exited is still in the pty. */
	while (w->master >= 0 && pump(w->master, STDOUT_FILENO) == 0) {
		struct pollfd p = { w->master, POLLIN, 0 };
		if (poll(&p, 1, 0) <= 0)
			break;
	}
	console_restore(STDIN_FILENO, &w->tty);
	w->pid = 0;
}

void waiter_close(struct rm_waiter *w)
{
	console_restore(STDIN_FILENO, &w->tty);
	if (w->master >= 0)
		close(w->master);
	if (w->sigfd >= 0)
		close(w->sigfd);
	w->master = w->sigfd = -1;
	sigprocmask(SIG_SETMASK, &w->oldmask, NULL);
}
