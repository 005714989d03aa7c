/* SPDX-License-Identifier: Apache-2.0 */
/* exec.c - run a new process inside a running container.
 *
 * runc-mini forks a helper that setns()es into every namespace of the
 * container's init (/proc/PID/ns/...) and clone(CLONE_PARENT)s the process,
 * so that the process is in the container's pid namespace and still our
 * child (and, after `exec --detach`, the caller's subreaper's).  We put it
 * in the container's cgroup before it runs anything.
 *
 * Untrusted: everything inside the container.  The helper and the process
 * are not dumpable until execve, so nothing in the container can ptrace
 * them or open /proc/PID/exe, which is runc-mini's own binary on the host
 * (CVE-2019-5736).  Only fds 0-2 and --preserve-fds reach the process
 * (CVE-2024-21626).
 */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capnames.h"
#include "cgroup.h"
#include "console.h"
#include "debug.h"
#include "notify.h"
#include "process.h"
#include "session.h"
#include "seccomp.h"
#include "spec.h"
#include "state.h"
#include "sync.h"
#include "sys.h"
#include "util.h"
#include "wait.h"

/* setns order: the user namespace first (it grants the rights for the
 * rest), the mount namespace last (it changes our root and cwd). */
static const struct { const char *name; int flag; } ns_order[] = {
	{ "user", CLONE_NEWUSER }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
	{ "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP },
	{ "time", CLONE_NEWTIME }, { "mnt", CLONE_NEWNS },
};

/* Namespaces of pid that differ from ours: joining our own user namespace
 * again would fail with EINVAL. */
static int open_container_ns(pid_t pid, int fds[RM_COUNT(ns_order)], struct rm_err *err)
{
	for (size_t i = 0; i < RM_COUNT(ns_order); i++) {
		char theirs[64], ours[64];
		struct stat a, b;
		fds[i] = -1;
		snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, ns_order[i].name);
		snprintf(ours, sizeof ours, "/proc/self/ns/%s", ns_order[i].name);
		if (stat(theirs, &a) < 0) {
			if (errno == ENOENT)
				continue;   /* the kernel lacks this namespace type */
			return rm_fail(err, errno, "open %s", theirs);
		}
		if (stat(ours, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			continue;
		fds[i] = openat(AT_FDCWD, theirs, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			return rm_fail(err, errno, "open %s", theirs);
	}
	return 0;
}

static void close_ns(int fds[RM_COUNT(ns_order)])
{
	for (size_t i = 0; i < RM_COUNT(ns_order); i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* One id of --user: digits only, 0..2147483647.  strtoul alone takes
 * "-1" and wraps an overflow to ULONG_MAX; (uid_t)-1 would then mean
 * "leave unchanged" to setresuid, and the process would stay root. */
static int parse_id(const char *s, char **end, const char *what, const char *arg, uint32_t *out,
		    struct rm_err *err)
{
	if (*s < '0' || *s > '9')
		return rm_fail(err, 0, "--user: expected uid[:gid], got \"%s\"", arg);
	errno = 0;
	unsigned long long v = strtoull(s, end, 10);
	if (errno == ERANGE || v > RM_USER_ID_MAX)
		return rm_fail(err, 0, "--user: %s %.*s is out of range (0 to %u)", what, (int)(*end - s), s,
			       RM_USER_ID_MAX);
	*out = (uint32_t)v;
	return 0;
}

/* "uid[:gid]" */
static int parse_user(const char *s, struct rm_process *p, struct rm_err *err)
{
	char *end;
	if (parse_id(s, &end, "uid", s, &p->uid, err) < 0)
		return -1;
	if (*end && *end != ':')
		return rm_fail(err, 0, "--user: expected uid[:gid], got \"%s\"", s);
	if (*end == ':') {
		const char *g = end + 1;
		if (parse_id(g, &end, "gid", s, &p->gid, err) < 0)
			return -1;
		if (*end)
			return rm_fail(err, 0, "--user: expected uid[:gid], got \"%s\"", s);
	}
	p->user_name = NULL;
	p->n_additional_gids = 0;
	return 0;
}

/* The process to run: the container's, with the command line's changes,
 * as runc exec builds it; or an OCI process object from --process. */
static int build_process(const struct rm_exec_opts *o, struct rm_spec *s, struct rm_err *err)
{
	struct rm_process *p = &s->process;
	if (o->process_file) {
		cleanup_free char *buf = NULL;
		size_t len;
		if (util_read_file(o->process_file, 1 << 20, &buf, &len, err) < 0)
			return -1;
		return spec_parse_process(s, "process.json", buf, len, err);
	}
	if (o->n_args < 1)
		return rm_fail(err, 0, "exec: a command is required (or --process FILE)");
	p->args = o->args;
	p->n_args = (size_t)o->n_args;
	if (o->cwd)
		p->cwd = (char *)o->cwd;
	/* runc: an exec'd process has a terminal only with --tty, whatever
	 * the container's own process has. */
	p->terminal = o->tty;
	if (o->no_new_privs)
		p->no_new_privileges = true;
	if (o->user && parse_user(o->user, p, err) < 0)
		return -1;
	for (int i = 0; i < o->n_env; i++)
		if (spec_env_set(s, o->env[i], err) < 0)
			return -1;
	for (int i = 0; i < o->n_caps; i++) {
		int cap = cap_from_name(o->caps[i], 1);
		if (cap < 0)
			return rm_fail(err, 0, "--cap: unknown capability \"%s\"", o->caps[i]);
		for (int k = RM_CAP_BOUNDING; k <= RM_CAP_PERMITTED; k++)
			p->caps.set[k] |= 1ULL << cap;
	}
	return 0;
}

struct exec_filter {
	struct sock_filter *insns;
	size_t len;
	unsigned flags;
	bool listener;         /* SCMP_ACT_NOTIFY: the agent gets this process's listener */
};


/* The process, in the container: terminal, limits, identity, the
 * container's seccomp filter, execve. */
static _Noreturn void exec_process(const struct rm_process *p, const struct exec_filter *sc, int sock,
				   int preserve, const struct rm_state *st, const struct util_sigs *ignored)
{
	struct rm_err err;
	struct rm_exec x;
	sigset_t none;
	rm_err_clear(&err);
	if (sync_expect(sock, RM_SYNC_GO, NULL, &err) < 0)
		_exit(1);
	/* runc: every exec'd process leads its own session and joins the
	 * container's session keyring (made by the init), not the caller's. */
	if (sess_new(&err) < 0)
		goto fail;
	if (!st->no_new_keyring && sess_join_keyring(st->id, false, false, &err) < 0)
		goto fail;
	if (p->terminal) {
		int master = console_open_child(p, &err);
		if (master < 0)
			goto fail;
		sync_send(sock, RM_SYNC_PTY, NULL, master);
		close(master);
	}
	/* The filter goes in as in the init (child.c): before the identity
	 * switch without no_new_privs, right before execve with it. */
	if (proc_set_rlimits(p, &err) < 0 || proc_set_oom_score_adj(p, &err) < 0 ||
	    proc_set_sched(p, &err) < 0 ||      /* scheduler, ioPriority */
	    proc_prepare(p, &x, &err) < 0)
		goto fail;
	if (sc->listener && sc->len && notify_load(sc->insns, sc->len, sc->flags, sock, &err) < 0)
		goto fail;
	size_t sc_len = sc->listener ? 0 : sc->len;
	if (sess_give_stdio(x.uid, &err) < 0)
		goto fail;
	if (!p->no_new_privileges && sc_len && sc_install(sc->insns, sc_len, sc->flags, &err) < 0)
		goto fail;
	if (proc_switch_identity(p, &x, &err) < 0 ||
	    (p->no_new_privileges && sc_len && sc_install(sc->insns, sc_len, sc->flags, &err) < 0) ||
	    proc_close_fds(preserve, &err) < 0)
		goto fail;
	/* Dispositions too: an ignored signal survives execve. */
	util_sig_default(ignored);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	proc_exec(p, &x, &err);
fail:
	sync_send(sock, RM_SYNC_ERROR, &err, -1);
	_exit(1);
}

/* The helper: join the namespaces, clone the process as our parent's
 * child, report its pid, exit. */
static _Noreturn void join_and_spawn(const struct rm_process *p, const struct exec_filter *sc, int fds[RM_COUNT(ns_order)],
				     int sock, int preserve, const struct rm_state *st)
{
	struct rm_err err;
	/* Before the setns: /proc is still the host's. */
	struct util_sigs ignored;
	util_sig_ignored(&ignored);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	for (size_t i = 0; i < RM_COUNT(ns_order); i++) {
		if (fds[i] >= 0 && sys_setns(fds[i], ns_order[i].flag) < 0) {
			rm_fail(&err, errno, "join the container's %s namespace", ns_order[i].name);
			sync_send(sock, RM_SYNC_ERROR, &err, -1);
			_exit(1);
		}
	}
	pid_t pid = (pid_t)syscall(__NR_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		exec_process(p, sc, sock, preserve, st, &ignored);
	if (pid < 0) {
		rm_fail(&err, errno, "clone the process in the container");
		sync_send(sock, RM_SYNC_ERROR, &err, -1);
		_exit(1);
	}
	sync_send_value(sock, RM_SYNC_READY, pid);
	_exit(0);
}

struct exec_run {
	struct rm_state st;
	struct rm_spec spec;
	struct exec_filter sc;
	struct rm_waiter w;
	int fds[RM_COUNT(ns_order)];
	int sock;
	pid_t pid;
};

static int spawn(struct exec_run *r, const struct rm_exec_opts *o, struct rm_err *err)
{
	int sv[2], ws;
	int64_t pid;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return rm_fail(err, errno, "socketpair");
	pid_t helper = fork();
	if (helper < 0) {
		close(sv[0]);
		close(sv[1]);
		return rm_fail(err, errno, "fork");
	}
	if (helper == 0) {
		close(sv[0]);
		close(r->st.lockfd);
		join_and_spawn(&r->spec.process, &r->sc, r->fds, sv[1], o->preserve_fds, &r->st);
	}
	close(sv[1]);
	r->sock = sv[0];
	int rc = sync_expect(r->sock, RM_SYNC_READY, &pid, err);
	while (waitpid(helper, &ws, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		return -1;
	r->pid = r->w.pid = (pid_t)pid;
	RM_DEBUG("exec: joined the namespaces of init %d; process %d", (int)r->st.pid, (int)r->pid);
	return 0;
}

/* The exec'd process's seccomp listener to the agent at listenerPath,
 * with the container process state (runtime-spec; runc does the same). */
static int hand_over_listener(struct exec_run *r, int fd, struct rm_err *err)
{
	return notify_hand_over(&r->st, RM_STATUS_RUNNING, &r->spec, r->pid, fd, r->sock, "the process", err);
}

/* Cgroup, then let it run; the terminal goes to the socket or to us. */
static int release(struct exec_run *r, const struct rm_exec_opts *o, struct rm_err *err)
{
	struct rm_sync_msg m;
	int fd;
	if (cg_enter(&r->st.cg, r->pid, err) < 0 || sync_send(r->sock, RM_SYNC_GO, NULL, -1) < 0)
		return err->msg[0] ? -1 : rm_fail(err, errno, "start the process");
	for (;;) {
		int n = sync_recv(r->sock, &m, &fd);
		if (n == 0) {
			RM_DEBUG("exec: process %d runs", (int)r->pid);
			return 0;   /* execve closed the socket: it runs */
		}
		if (n < 0)
			return rm_fail(err, errno, "read from the process");
		if (m.type == RM_SYNC_ERROR) {
			*err = m.err;
			return -1;
		}
		if (m.type == RM_SYNC_SECCOMP && fd >= 0 && r->spec.seccomp) {
			int rc = hand_over_listener(r, fd, err);
			close(fd);
			if (rc < 0)
				return -1;
			continue;
		}
		if (m.type == RM_SYNC_PTY && fd >= 0) {
			r->w.master = fd;
			if (o->console_socket) {
				int rc = console_send_master(o->console_socket, fd, err);
				close(fd);
				r->w.master = -1;
				if (rc < 0)
					return -1;
			}
		}
	}
}

static int check_running(struct exec_run *r, struct rm_err *err)
{
	enum rm_status s = state_status(&r->st);
	if (s == RM_STATUS_STOPPED)
		return rm_fail(err, 0, "cannot exec in a stopped container");
	if (s == RM_STATUS_PAUSED)
		return rm_fail(err, 0, "cannot exec in a paused container");
	return 0;
}

static int check_terminal(const struct rm_spec *s, const struct rm_exec_opts *o, struct rm_err *err)
{
	if (s->process.terminal && o->detach && !o->console_socket)
		return rm_fail(err, 0, "cannot allocate tty if runc-mini will detach without setting console socket");
	if (!s->process.terminal && o->console_socket)
		return rm_fail(err, 0, "cannot use console socket if runc-mini will not detach or allocate tty");
	return 0;
}

static int write_pid_file(const char *path, pid_t pid, struct rm_err *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d", (int)pid);
	return path ? util_write_atomic(path, buf, (size_t)n, 0644, err) : 0;
}

static int prepare(struct exec_run *r, const struct rm_exec_opts *o, struct rm_err *err)
{
	if (state_load(&r->st, o->root, o->id, err) < 0)
		return -1;
	if (check_running(r, err) < 0 || state_load_spec(&r->st, &r->spec, err) < 0)
		return -1;
	if (build_process(o, &r->spec, err) < 0 || check_terminal(&r->spec, o, err) < 0)
		return -1;
	/* runc exec applies the container's seccomp profile too. */
	if (r->spec.seccomp) {
		if (sc_compile(r->spec.seccomp, &r->sc.insns, &r->sc.len, err) < 0)
			return -1;
		r->sc.flags = r->spec.seccomp->flags_num;
		r->sc.listener = r->spec.seccomp->uses_notify;
	}
	if (open_container_ns(r->st.pid, r->fds, err) < 0 || waiter_init(&r->w, err) < 0)
		return -1;
	return 0;
}

int container_exec(const struct rm_exec_opts *o, int *status, struct rm_err *err)
{
	static struct exec_run r;
	int ret = -1;
	memset(&r, 0, sizeof r);
	r.sock = r.w.master = r.w.sigfd = -1;
	r.st.lockfd = -1;
	for (size_t i = 0; i < RM_COUNT(ns_order); i++)
		r.fds[i] = -1;
	sigprocmask(SIG_SETMASK, NULL, &r.w.oldmask);
	*status = 0;
	if (prepare(&r, o, err) == 0 && spawn(&r, o, err) == 0 && release(&r, o, err) == 0 &&
	    write_pid_file(o->pid_file, r.pid, err) == 0) {
		ret = 0;
		/* The container may be deleted while the process runs. */
		state_unlock(&r.st);
		if (!o->detach)
			waiter_loop(&r.w, status);
		r.pid = 0;
	}
	if (r.pid > 0) {
		kill(r.pid, SIGKILL);
		waitpid(r.pid, NULL, 0);
	}
	if (r.sock >= 0)
		close(r.sock);
	close_ns(r.fds);
	waiter_close(&r.w);
	state_unlock(&r.st);
	free(r.sc.insns);
	if (r.spec.file)
		spec_free(&r.spec);
	return ret;
}
