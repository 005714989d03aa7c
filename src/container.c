/* container.c - the parent's side of a container start.
 *
 * One clone() with every namespace flag; the child (child.c) is the
 * container's init.  The parent does only what must happen outside: id
 * maps, cgroup placement, and then it waits, forwarding signals and the
 * terminal.  Every failure path kills the child and removes the cgroup, so
 * nothing is left on the host.
 */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "console.h"
#include "ns.h"
#include "plan.h"
#include "spec.h"
#include "sync.h"
#include "sysctl.h"
#include "sys.h"
#include "util.h"

struct run {
	struct rm_spec spec;
	struct rm_plan plan;
	struct rm_cgroup cg;
	bool cg_made;
	int nsfds[RM_NS_COUNT];
	int sock;              /* parent's end of the sync socketpair */
	int master;            /* pty master, or -1 */
	int sigfd;
	pid_t pid;
	sigset_t oldmask;
	struct rm_tty_state tty;
	const char *console_socket;
};

/* Signals runc-mini forwards to the container instead of acting on them. */
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

static void default_id(const char *bundle, char *out, size_t len)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", bundle);
	snprintf(out, len, "%s-%d", basename(tmp), (int)getpid());
}

static int prepare(struct run *r, const struct rm_run_opts *o, struct rm_err *err)
{
	char id[256];
	struct rm_plan_opts po = { .no_pivot = o->no_pivot, .preserve_fds = o->preserve_fds,
				   .console_socket = o->console_socket != NULL };
	if (o->id)
		snprintf(id, sizeof id, "%s", o->id);
	else
		default_id(o->bundle, id, sizeof id);
	po.id = id;
	if (spec_load_bundle(&r->spec, o->bundle, err) < 0)
		return -1;
	if (sysctl_validate(&r->spec, err) < 0)
		return -1;
	if (plan_build(&r->plan, &r->spec, o->bundle, &po, err) < 0)
		return -1;
	if (ns_open_paths(&r->spec, r->nsfds, err) < 0)
		return -1;
	if (cg_create(&r->cg, o->cg_mode, r->spec.cgroups_path, id, r->plan.resources, err) < 0)
		return -1;
	r->cg_made = true;
	return 0;
}

static int spawn(struct run *r, struct rm_err *err)
{
	int sv[2];
	sigset_t fwd;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return rm_fail(err, errno, "socketpair");
	forwarded_signals(&fwd);
	sigprocmask(SIG_BLOCK, &fwd, &r->oldmask);
	r->sigfd = signalfd(-1, &fwd, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r->sigfd < 0) {
		close(sv[0]);
		close(sv[1]);
		return rm_fail(err, errno, "signalfd");
	}
	if (ns_join_pid_for_children(r->nsfds, err) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	r->pid = sys_clone((unsigned long)r->plan.clone_flags);
	if (r->pid < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return rm_fail(err, e, "clone the container's init (namespaces: %#x)", r->plan.clone_flags);
	}
	if (r->pid == 0) {
		close(sv[0]);
		child_main(&r->plan, sv[1], r->nsfds, &r->oldmask);
	}
	close(sv[1]);
	r->sock = sv[0];
	return 0;
}

/* With --console-socket the caller owns the terminal: send it the master
 * and keep no copy. */
static int hand_over_pty(struct run *r, struct rm_err *err)
{
	int r2 = console_send_master(r->console_socket, r->master, err);
	close(r->master);
	r->master = -1;
	return r2;
}

/* The parent's part of setup: maps, cgroup, then let the child build. */
static int setup(struct run *r, struct rm_err *err)
{
	struct rm_sync_msg m;
	int fd;

	if (r->plan.new_userns && ns_write_id_maps(r->pid, &r->spec, err) < 0)
		return -1;
	if (cg_enter(&r->cg, r->pid, err) < 0)
		return -1;
	if (sync_send(r->sock, RM_SYNC_GO, NULL, -1) < 0)
		return rm_fail(err, errno, "signal the container's init");
	for (;;) {
		int n = sync_recv(r->sock, &m, &fd);
		if (n < 0)
			return rm_fail(err, errno, "read from the container's init");
		if (n == 0)
			return rm_fail(err, 0, "the container's init exited during setup");
		if (m.type == RM_SYNC_ERROR) {
			*err = m.err;
			return -1;
		}
		if (m.type == RM_SYNC_PTY && fd >= 0) {
			r->master = fd;
			if (r->console_socket && hand_over_pty(r, err) < 0)
				return -1;
			continue;
		}
		if (m.type == RM_SYNC_READY)
			return 0;
		return rm_fail(err, EPROTO, "unexpected message %d from the container's init", m.type);
	}
}

/* Release the init; EOF on the socket (close-on-exec) means execve worked. */
static int start(struct run *r, struct rm_err *err)
{
	struct rm_sync_msg m;
	if (sync_send(r->sock, RM_SYNC_START, NULL, -1) < 0)
		return rm_fail(err, errno, "start the container's init");
	int n = sync_recv(r->sock, &m, NULL);
	if (n < 0)
		return rm_fail(err, errno, "read from the container's init");
	if (n > 0 && m.type == RM_SYNC_ERROR) {
		*err = m.err;
		return -1;
	}
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

static bool handle_signal(struct run *r, int *status)
{
	struct signalfd_siginfo si;
	while (read(r->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGCHLD) {
			int ws;
			pid_t w;
			while ((w = waitpid(-1, &ws, WNOHANG)) > 0)
				if (w == r->pid) {
					*status = status_of(ws);
					return true;
				}
			continue;
		}
		if (si.ssi_signo == SIGWINCH && r->master >= 0) {
			console_copy_winsize(STDIN_FILENO, r->master);
			continue;
		}
		kill(r->pid, (int)si.ssi_signo);
	}
	return false;
}

/* Wait for the init to exit, forwarding signals and the terminal. */
static int wait_loop(struct run *r, int *status)
{
	bool in_open = r->master >= 0, done = false;
	if (r->master >= 0) {
		console_copy_winsize(STDIN_FILENO, r->master);
		console_raw(STDIN_FILENO, &r->tty);
	}
	while (!done) {
		struct pollfd p[3] = { { r->sigfd, POLLIN, 0 }, { r->master, POLLIN, 0 },
				       { in_open ? STDIN_FILENO : -1, POLLIN, 0 } };
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents && r->master >= 0 && pump(r->master, STDOUT_FILENO) < 0) {
			close(r->master);
			r->master = -1;
		}
		if (p[2].revents && pump(STDIN_FILENO, r->master) < 0)
			in_open = false;
		if (p[0].revents)
			done = handle_signal(r, status);
	}
	/* Whatever the process wrote before it exited is still in the pty. */
	while (r->master >= 0 && pump(r->master, STDOUT_FILENO) == 0) {
		struct pollfd p = { r->master, POLLIN, 0 };
		if (poll(&p, 1, 0) <= 0)
			break;
	}
	console_restore(STDIN_FILENO, &r->tty);
	return 0;
}

static void teardown(struct run *r)
{
	struct rm_err e;
	console_restore(STDIN_FILENO, &r->tty);
	if (r->pid > 0) {
		kill(r->pid, SIGKILL);
		while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
			;
		r->pid = 0;
	}
	if (r->cg_made)
		cg_destroy(&r->cg, &e);
	r->cg_made = false;
	ns_close_paths(r->nsfds);
	if (r->sock >= 0)
		close(r->sock);
	if (r->master >= 0)
		close(r->master);
	if (r->sigfd >= 0)
		close(r->sigfd);
	sigprocmask(SIG_SETMASK, &r->oldmask, NULL);
	spec_free(&r->spec);
}

int container_run(const struct rm_run_opts *o, int *status, struct rm_err *err)
{
	static struct run r;   /* large (spec, plan, cgroup): keep it off the stack */
	int ret = -1;

	memset(&r, 0, sizeof r);
	r.sock = r.master = r.sigfd = -1;
	for (int i = 0; i < RM_NS_COUNT; i++)
		r.nsfds[i] = -1;
	r.console_socket = o->console_socket;
	sigprocmask(SIG_SETMASK, NULL, &r.oldmask);
	if (prepare(&r, o, err) == 0 && spawn(&r, err) == 0 && setup(&r, err) == 0 && start(&r, err) == 0) {
		wait_loop(&r, status);
		r.pid = 0;     /* reaped */
		ret = 0;
	}
	teardown(&r);
	return ret;
}
