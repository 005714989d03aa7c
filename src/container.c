/* SPDX-License-Identifier: Apache-2.0 */
/* container.c - creating a container: the parent's side.
 *
 * One clone() with every namespace flag; the child (child.c) is the
 * container's init.  The parent does only what must happen outside: the
 * state directory, id maps, cgroup placement, the runtime hooks, the pid
 * file; then it either leaves (create, run -d) or waits (run), forwarding
 * signals and the terminal.  Every failure path kills the child, removes
 * the cgroup and the state directory, so nothing is left on the host.
 */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "console.h"
#include "debug.h"
#include "hooks.h"
#include "mount.h"
#include "notify.h"
#include "ns.h"
#include "plan.h"
#include "seccomp.h"
#include "spec.h"
#include "state.h"
#include "sync.h"
#include "sysctl.h"
#include "sys.h"
#include "util.h"
#include "wait.h"

enum run_mode { MODE_FOREGROUND, MODE_CREATE, MODE_DETACH };

struct run {
	enum run_mode mode;
	const struct rm_run_opts *o;
	struct rm_spec spec;
	struct rm_plan plan;
	struct rm_state st;
	bool st_made, cg_made;
	int nsfds[RM_NS_COUNT];
	int sock;              /* parent's end of the sync socketpair */
	pid_t pid;
	struct rm_waiter w;    /* signals, pty master, tty state */
	char fifo[PATH_MAX];
};

/* The bundle directory's own name (".", "..", "./" resolved), without
 * leading dots: an id may not start with one. */
static void default_id(const char *bundle, char *out, size_t len)
{
	char tmp[PATH_MAX];
	if (!realpath(bundle, tmp))
		snprintf(tmp, sizeof tmp, "%s", bundle);
	const char *name = basename(tmp);
	name += strspn(name, ".");
	snprintf(out, len, "%s-%d", *name && strcmp(name, "/") ? name : "container", (int)getpid());
}

/* The id, checked before it is copied anywhere (a copy used to cut a long
 * id, and the container went under another name). */
static int pick_id(const struct rm_run_opts *o, char *id, size_t len, struct rm_err *err)
{
	char dflt[PATH_MAX + 16];
	const char *src = o->id;
	if (!src) {
		default_id(o->bundle, dflt, sizeof dflt);
		src = dflt;
	}
	if (state_check_id(src, err) < 0)
		return -1;
	snprintf(id, len, "%s", src);
	return 0;
}

static int check_terminal(const struct run *r, struct rm_err *err)
{
	/* Nobody would hold the terminal of a detached container. */
	if (r->spec.process.terminal && r->mode != MODE_FOREGROUND && !r->o->console_socket)
		return rm_fail(err, 0, "cannot allocate tty if runc-mini will detach without setting console socket");
	if (!r->spec.process.terminal && r->o->console_socket)
		return rm_fail(err, 0, "cannot use console socket if runc-mini will not detach or allocate tty");
	return 0;
}

/* The host id that id 0 of a new user namespace maps to; ours without one. */
static uint32_t mapped_root(const struct rm_idmap *m, size_t n, uint32_t self)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].container_id == 0 && m[i].size > 0)
			return (uint32_t)m[i].host_id;
	return self;
}

/* Id 0 of a joined user namespace /proc/PID/ns/user, from that process's
 * map file ("0 100000 65536"); self when there is no such line. */
static uint32_t joined_root(const char *nspath, const char *map, uint32_t self)
{
	char path[64];
	cleanup_free char *buf = NULL;
	struct rm_err e;
	int pid;
	unsigned long inside, host;
	if (util_scan(nspath, "/proc/%d/ns/user", &pid) != 1)
		return self;
	snprintf(path, sizeof path, "/proc/%d/%s", pid, map);
	if (util_read_file(path, 1 << 16, &buf, NULL, &e) < 0)
		return self;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (util_scan(l, "%lu %lu", &inside, &host) == 2 && inside == 0)
			return (uint32_t)host;
	return self;
}

/* Who the container's root is on the host: the only user that must open
 * exec.fifo. */
static void container_root(const struct rm_spec *s, uid_t *uid, gid_t *gid)
{
	const char *path = s->ns[RM_NS_USER].path;
	*uid = geteuid();
	*gid = getegid();
	if (!s->ns[RM_NS_USER].wanted)
		return;
	if (path && *path) {
		*uid = joined_root(path, "uid_map", *uid);
		*gid = joined_root(path, "gid_map", *gid);
		return;
	}
	*uid = mapped_root(s->uid_maps, s->n_uid_maps, *uid);
	*gid = mapped_root(s->gid_maps, s->n_gid_maps, *gid);
}

/* The state directory and its first record, before anything that must be
 * cleaned up exists: a crash from here on leaves a record that
 * `delete --force` can follow (state.h). */
static int make_state(struct run *r, const char *id, struct rm_err *err)
{
	if (state_create_dir(&r->st, r->o->root, id, err) < 0)
		return -1;
	r->st_made = true;
	snprintf(r->st.bundle, sizeof r->st.bundle, "%s", r->plan.bundle);
	snprintf(r->st.rootfs, sizeof r->st.rootfs, "%s", r->plan.rootfs);
	snprintf(r->st.config_file, sizeof r->st.config_file, "%s", r->spec.file);
	r->st.no_new_keyring = r->o->no_new_keyring;
	r->st.creating = true;         /* until publish */
	r->st.cg_mode = r->o->cg_mode;
	if (r->spec.cgroups_path &&
	    (size_t)snprintf(r->st.cgroups_path, sizeof r->st.cgroups_path, "%s", r->spec.cgroups_path) >=
		    sizeof r->st.cgroups_path)
		return rm_fail(err, ENAMETOOLONG, "linux.cgroupsPath");
	state_now(r->st.created, sizeof r->st.created);
	/* fsync only what must outlive a crash of the host (state.h): the
	 * records on the way serve a SIGKILL, for which the page cache is
	 * enough, and delete --force salvages a torn one. */
	r->st.volatile_files = true;
	if (state_save(&r->st, err) < 0)
		return -1;
	r->st.volatile_files = r->mode == MODE_FOREGROUND;
	if (state_save_config(&r->st, r->plan.bundle, r->spec.file, err) < 0)
		return -1;
	r->st.volatile_files = true;
	if (r->mode == MODE_CREATE) {
		uid_t uid;
		gid_t gid;
		container_root(&r->spec, &uid, &gid);
		state_path(&r->st, "exec.fifo", r->fifo, sizeof r->fifo);
		if (state_make_fifo(r->fifo, uid, gid, err) < 0)
			return -1;
		r->plan.exec_fifo = r->fifo;
	}
	r->plan.state = &r->st;
	return 0;
}

/* systemd socket activation, as runc: when LISTEN_PID is our pid, the
 * LISTEN_FDS fds 3..3+N-1 go into the container (where LISTEN_PID is 1),
 * and --preserve-fds counts on from 3+N.  Returns N.  Called before we
 * open anything: a closed one would be taken by one of our own fds,
 * which would then leak into the container (CVE-2024-21626). */
static int count_listen_fds(struct rm_err *err)
{
	const char *pid = getenv("LISTEN_PID"), *n = getenv("LISTEN_FDS");
	char *end;
	if (!pid || !n || !*pid || !*n)
		return 0;
	long owner = strtol(pid, &end, 10);
	if (*end || owner != (long)getpid())
		return 0;       /* meant for another process: not ours to pass on */
	long fds = strtol(n, &end, 10);
	if (*end || fds < 0 || fds > 1000)
		return rm_fail(err, 0, "LISTEN_FDS: expected a number of fds, got \"%s\"", n);
	for (int fd = 3; fd < 3 + fds; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			return rm_fail(err, errno, "LISTEN_FDS=%ld: fd %d", fds, fd);
	return (int)fds;
}

static int pass_listen_fds(struct run *r, int n, struct rm_err *err)
{
	static char env_fds[32];
	if (!n || !r->spec.has_process)
		return 0;
	snprintf(env_fds, sizeof env_fds, "LISTEN_FDS=%d", n);
	return spec_env_set(&r->spec, env_fds, err) < 0 || spec_env_set(&r->spec, "LISTEN_PID=1", err) < 0 ? -1 : 0;
}

/* The idmapped trees are made by the parent, which can still see the
 * bind sources (mount_idmap.c); the init gets them across clone and the
 * parent closes its copies after it (spawn, teardown).  Without a mount
 * namespace no mount is made (child.c), idmapped ones neither. */
static int open_idmaps(struct run *r, struct rm_err *err)
{
	if (!r->spec.ns[RM_NS_MNT].wanted)
		return 0;
	return mnt_idmap_prepare(&r->plan, err) < 0 ? -1 : 0;
}

static int prepare(struct run *r, struct rm_err *err)
{
	const struct rm_run_opts *o = r->o;
	char id[RM_ID_MAX + 1];
	struct rm_plan_opts po = { .no_pivot = o->no_pivot, .preserve_fds = o->preserve_fds,
				   .console_socket = o->console_socket != NULL, .init = o->init,
				   .no_new_keyring = o->no_new_keyring };
	if (pick_id(o, id, sizeof id, err) < 0)
		return -1;
	po.id = id;
	int listen = count_listen_fds(err);
	if (listen < 0 || spec_load_bundle(&r->spec, o->bundle, err) < 0)
		return -1;
	RM_DEBUG("%s: loaded %s of bundle %s", id, r->spec.file, o->bundle);
	if (pass_listen_fds(r, listen, err) < 0)
		return -1;
	po.preserve_fds += listen;
	/* runtime-spec: process is needed at start; `create` accepts a config
	 * without one (`start` then refuses it), run cannot. */
	if (!r->spec.has_process && r->mode != MODE_CREATE)
		return rm_fail(err, 0, "%s: process: required to run a container", r->spec.file);
	if (check_terminal(r, err) < 0 || sysctl_validate(&r->spec, err) < 0)
		return -1;
	if (plan_build(&r->plan, &r->spec, o->bundle, &po, err) < 0 || open_idmaps(r, err) < 0)
		return -1;
	RM_DEBUG("%s: rootfs %s, new namespaces %#x", id, r->plan.rootfs, r->plan.clone_flags);
	if (r->plan.warning[0])        /* e.g. capabilities this kernel lacks */
		rm_warn("%s", r->plan.warning);
	if (r->spec.seccomp) {
		if (sc_compile(r->spec.seccomp, &r->plan.sc_insns, &r->plan.sc_len, err) < 0)
			return -1;
		r->plan.sc_flags = r->spec.seccomp->flags_num;
		r->plan.sc_listener = r->spec.seccomp->uses_notify;
	}
	if (make_state(r, id, err) < 0 || ns_open_paths(&r->spec, r->nsfds, err) < 0)
		return -1;
	int cg = cg_create(&r->st.cg, o->cg_mode, r->spec.cgroups_path, id, r->plan.resources, err);
	/* Rootless: cgroups not delegated to us -> run without one,
	 * as runc does, unless the config asks for limits. */
	if (cg < 0 && geteuid() != 0 && !r->plan.resources &&
	    (err->errnum == EACCES || err->errnum == EPERM || err->errnum == EROFS)) {
		rm_warn("rootless: %s; running without a cgroup", err->msg);
		rm_err_clear(err);
		r->st.cg_mode = RM_CG_NONE;
		cg = cg_create(&r->st.cg, RM_CG_NONE, NULL, id, NULL, err);
	}
	if (cg < 0)
		return -1;
	RM_DEBUG("%s: state directory %s, cgroup made", id, r->st.dir);
	r->cg_made = r->st.has_cg = true;
	if (cg_rdt_prepare(&r->st.cg, &r->spec.rdt, id, err) < 0)
		return -1;
	return state_save(&r->st, err);
}

static int spawn(struct run *r, struct rm_err *err)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return rm_fail(err, errno, "socketpair");
	if (waiter_init(&r->w, err) < 0 || ns_join_pid_for_children(r->nsfds, err) < 0) {
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
		/* flock belongs to the open file: the init must not hold the
		 * state lock after `create` has returned. */
		close(sv[0]);
		close(r->st.lockfd);
		child_main(&r->plan, sv[1], r->nsfds, &r->w.oldmask);
	}
	close(sv[1]);
	mnt_idmap_close(&r->plan);
	RM_DEBUG("cloned the container's init: pid %d", (int)r->pid);
	r->sock = sv[0];
	r->st.pid = r->pid;
	r->st.pid_start = state_pid_start(r->pid);
	/* Recorded before the init is told to go on (it waits for GO, and
	 * dies with us until then: PR_SET_PDEATHSIG). */
	return state_save(&r->st, err);
}

/* With --console-socket the caller owns the terminal: send it the master
 * and keep no copy. */
static int hand_over_pty(struct run *r, struct rm_err *err)
{
	int ret = console_send_master(r->o->console_socket, r->w.master, err);
	close(r->w.master);
	r->w.master = -1;
	return ret;
}

static int run_hooks(struct run *r, enum rm_hook_kind k, enum rm_status status, struct rm_err *err)
{
	if (r->spec.hooks[k].n)
		RM_DEBUG("running %zu %s hook(s)", r->spec.hooks[k].n, hooks_kind_name(k));
	return hooks_run_state(&r->st, status, &r->spec, k, err);
}

/* poststart, poststop: failures are warnings, every hook runs. */
static void run_hooks_warn(struct run *r, enum rm_hook_kind k, enum rm_status status)
{
	hooks_warn_state(&r->st, status, &r->spec, k);
}

static int runtime_hooks(struct run *r, struct rm_err *err)
{
	if (run_hooks(r, RM_HOOK_PRESTART, RM_STATUS_CREATING, err) < 0 ||
	    run_hooks(r, RM_HOOK_CREATE_RUNTIME, RM_STATUS_CREATING, err) < 0)
		return -1;
	if (sync_send(r->sock, RM_SYNC_HOOKS_DONE, NULL, -1) < 0)
		return rm_fail(err, errno, "signal the container's init");
	return 0;
}

/* SCMP_ACT_NOTIFY: the init loaded its filter and sent the listener;
 * hand it to the seccomp agent at listenerPath with the container process
 * state (runtime-spec), while the container is "creating".  A failure
 * fails the create. */
static int hand_over_listener(struct run *r, int fd, struct rm_err *err)
{
	return notify_hand_over(&r->st, RM_STATUS_CREATING, &r->spec, r->pid, fd, r->sock, "the container's init", err);
}

/* The init closed its end without a word: it died.  Say how, and when
 * the kernel's OOM killer (or a SIGKILL under a memory limit) is the
 * likely cause, say that and the limit. */
static int init_died(struct run *r, struct rm_err *err)
{
	const struct rm_resources *res = r->plan.resources;
	uint64_t ooms = 0;
	struct rm_err e;
	int status = 0;
	pid_t w = 0;
	for (int i = 0; i < 200 && (w = waitpid(r->pid, &status, WNOHANG)) == 0; i++)
		poll(NULL, 0, 5);
	if (w != r->pid)
		return rm_fail(err, 0, "the container's init exited during setup");
	r->pid = 0;        /* reaped: teardown must not signal a reused pid */
	if (WIFEXITED(status))
		return rm_fail(err, 0, "the container's init exited with status %d during setup",
			       WEXITSTATUS(status));
	int sig = WTERMSIG(status);
	bool oom = r->st.cg.backend != RM_CG_BACKEND_NONE && cg_oom_count(&r->st.cg, &ooms, &e) == 0 && ooms;
	bool limited = res && res->has_mem_limit && res->mem_limit > 0;
	if (sig == SIGKILL && (oom || limited))
		return rm_fail(err, 0, "the container's init was killed by signal %d (SIGKILL) during setup: %s "
			       "(linux.resources.memory.limit is %lld bytes)",
			       sig, oom ? "the kernel's OOM killer ended it, the memory limit is too low"
				       : "the memory limit is the likely cause",
			       limited ? (long long)res->mem_limit : -1LL);
	return rm_fail(err, 0, "the container's init was killed by signal %d (%s) during setup", sig,
		       sig == SIGKILL ? "SIGKILL" : strsignal(sig));
}

/* The parent's part of setup: maps, cgroup, hooks; the child builds. */
static int setup(struct run *r, struct rm_err *err)
{
	struct rm_sync_msg m;
	int fd;

	if (r->plan.new_userns && ns_write_id_maps(r->pid, &r->spec, err) < 0)
		return -1;
	if (cg_enter(&r->st.cg, r->pid, err) < 0)
		return -1;
	RM_DEBUG("init %d in its cgroup%s; letting it set up", (int)r->pid,
		 r->plan.new_userns ? ", id maps written" : "");
	/* If the init already failed, its error is waiting in the socket:
	 * report that, not the broken pipe of our write. */
	if (sync_send_value(r->sock, RM_SYNC_GO, r->pid) < 0 && errno != EPIPE)
		return rm_fail(err, errno, "signal the container's init");
	for (;;) {
		int n = sync_recv(r->sock, &m, &fd);
		if (n < 0)
			return rm_fail(err, errno, "read from the container's init");
		if (n == 0)
			return init_died(r, err);
		if (m.type == RM_SYNC_ERROR) {
			*err = m.err;
			return -1;
		}
		if (m.type == RM_SYNC_PTY && fd >= 0) {
			r->w.master = fd;
			if (r->o->console_socket && hand_over_pty(r, err) < 0)
				return -1;
		} else if (m.type == RM_SYNC_HOOKS) {
			if (runtime_hooks(r, err) < 0)
				return -1;
		} else if (m.type == RM_SYNC_SECCOMP && fd >= 0 && r->spec.seccomp) {
			int rc = hand_over_listener(r, fd, err);
			close(fd);
			if (rc < 0)
				return -1;
		} else if (m.type == RM_SYNC_READY) {
			RM_DEBUG("init %d is set up", (int)r->pid);
			return 0;
		} else {
			return rm_fail(err, EPROTO, "unexpected message %d from the container's init", m.type);
		}
	}
}

/* Release the init; EOF on the socket (close-on-exec) means execve worked. */
static int start(struct run *r, struct rm_err *err)
{
	struct rm_sync_msg m;
	RM_DEBUG("starting the container's process");
	if (sync_send(r->sock, RM_SYNC_START, NULL, -1) < 0)
		return rm_fail(err, errno, "start the container's init");
	int n = sync_recv(r->sock, &m, NULL);
	if (n < 0)
		return rm_fail(err, errno, "read from the container's init");
	if (n > 0 && m.type == RM_SYNC_ERROR) {
		*err = m.err;
		return -1;
	}
	run_hooks_warn(r, RM_HOOK_POSTSTART, RM_STATUS_RUNNING);
	return 0;
}

static int write_pid_file(const char *path, pid_t pid, struct rm_err *err)
{
	char buf[32];
	/* runc writes the number without a newline; engines parse it. */
	int n = snprintf(buf, sizeof buf, "%d", (int)pid);
	return path ? util_write_atomic(path, buf, (size_t)n, 0644, err) : 0;
}

/* Make the container known to the other commands, then let go of it. */
static int publish(struct run *r, struct rm_err *err)
{
	r->st.volatile_files = r->mode == MODE_FOREGROUND;
	r->st.creating = false;
	if (write_pid_file(r->o->pid_file, r->pid, err) < 0 || state_save(&r->st, err) < 0)
		return -1;
	RM_DEBUG("%s: state saved, init pid %d", r->st.id, (int)r->pid);
	state_unlock(&r->st);
	return 0;
}

/* Remove everything of the container; with kill_init, its init too. */
static void teardown(struct run *r, bool kill_init)
{
	struct rm_err e;
	if (kill_init && r->pid > 0) {
		kill(r->pid, SIGKILL);
		while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (kill_init && r->cg_made)
		cg_destroy(&r->st.cg, &e);
	if (kill_init && r->st_made)
		state_remove(&r->st, &e);
	state_unlock(&r->st);
	ns_close_paths(r->nsfds);
	if (r->sock >= 0)
		close(r->sock);
	waiter_close(&r->w);
	mnt_idmap_close(&r->plan);
	free(r->plan.sc_insns);
	r->plan.sc_insns = NULL;
	spec_free(&r->spec);
}

static struct run *new_run(const struct rm_run_opts *o, enum run_mode mode)
{
	static struct run r;   /* large (spec, plan, cgroup): keep it off the stack */
	memset(&r, 0, sizeof r);
	r.o = o;
	r.mode = mode;
	r.sock = r.w.master = r.w.sigfd = -1;
	r.st.lockfd = -1;
	for (int i = 0; i < RM_NS_COUNT; i++)
		r.nsfds[i] = -1;
	sigprocmask(SIG_SETMASK, NULL, &r.w.oldmask);
	return &r;
}

static int create_and_setup(struct run *r, struct rm_err *err)
{
	return prepare(r, err) == 0 && spawn(r, err) == 0 && setup(r, err) == 0 ? 0 : -1;
}

int container_create(const struct rm_run_opts *o, struct rm_err *err)
{
	struct run *r = new_run(o, MODE_CREATE);
	if (create_and_setup(r, err) < 0 || publish(r, err) < 0) {
		teardown(r, true);
		return -1;
	}
	teardown(r, false);
	return 0;
}

/* The foreground container is gone: poststop hooks, cgroup, state. */
static int finish(struct run *r, struct rm_err *err)
{
	run_hooks_warn(r, RM_HOOK_POSTSTOP, RM_STATUS_STOPPED);
	r->pid = 0;
	/* The cgroups go first (killing what the init left behind, without a
	 * pid namespace); if that fails the state stays, so that `delete`
	 * can find them again, and the caller hears of it. */
	if (r->cg_made && cg_destroy(&r->st.cg, err) < 0) {
		r->cg_made = r->st_made = false;
		teardown(r, true);
		return rm_wrap(err, "container %s (its state is kept for delete)", r->st.id);
	}
	teardown(r, true);
	return 0;
}

int container_run(const struct rm_run_opts *o, int *status, struct rm_err *err)
{
	struct run *r = new_run(o, o->detach ? MODE_DETACH : MODE_FOREGROUND);
	if (create_and_setup(r, err) < 0 || publish(r, err) < 0 || start(r, err) < 0) {
		teardown(r, true);
		return -1;
	}
	*status = 0;
	if (r->mode == MODE_DETACH) {
		teardown(r, false);
		return 0;
	}
	r->w.pid = r->pid;
	waiter_loop(&r->w, status);
	RM_DEBUG("the container's process exited: status %d; deleting the container", *status);
	return finish(r, err);
}
