/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.c - the commands on an existing container: start, state, kill,
 * delete, pause, resume, ps.  Each locks the container's state directory
 * for as long as it looks at or changes the container. */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "debug.h"
#include "hooks.h"
#include "spec.h"
#include "state.h"
#include "util.h"

/* After its byte the init runs the startContainer hooks and execs.  The
 * fifo is close-on-exec in the init: EOF means the exec happened; a
 * failure it met instead is written there before it exits. */
static int read_init_error(int fd, struct rm_err *err)
{
	char msg[RM_ERR_MSG];
	size_t n = 0;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		ssize_t r = read(fd, msg + n, sizeof msg - 1 - n);
		if (r > 0)
			n += (size_t)r;
		if (r == 0 || n == sizeof msg - 1 || (r < 0 && errno != EAGAIN && errno != EINTR))
			break;
	}
	msg[n] = '\0';
	return n ? rm_fail(err, 0, "%s", msg) : 0;
}

/* Open the exec fifo for reading and take the init's byte: that releases
 * it.  Poll, so an init that died meanwhile is noticed. */
static int release_init(const struct rm_state *st, struct rm_err *err)
{
	char path[PATH_MAX], b;
	state_path(st, "exec.fifo", path, sizeof path);
	cleanup_fd int fd = openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open exec fifo %s", path);
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int n = poll(&p, 1, 100);
		if (n > 0 && read(fd, &b, 1) == 1)
			break;
		if (!state_pid_alive(st->pid, st->pid_start))
			return rm_fail(err, 0, "container's init exited before start");
	}
	unlink(path);
	return read_init_error(fd, err);
}

int container_start(const char *root, const char *id, struct rm_err *err)
{
	struct rm_state st;
	struct rm_spec spec;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	enum rm_status s = state_status(&st);
	if (s != RM_STATUS_CREATED) {
		state_unlock(&st);
		return rm_fail(err, 0, s == RM_STATUS_STOPPED ? "cannot start a container that has stopped"
							    : "cannot start an already running container");
	}
	bool have_spec = state_load_spec(&st, &spec, err) == 0;
	/* runtime-spec: process may be missing at create, not at start.  The
	 * init stays waiting: the container can still be deleted. */
	if (have_spec && !spec.has_process) {
		rm_fail(err, 0, "cannot start container %s: its %s has no process (required at start)", id,
			spec.file);
		spec_free(&spec);
		state_unlock(&st);
		return -1;
	}
	if (release_init(&st, err) < 0) {
		if (have_spec)
			spec_free(&spec);
		state_unlock(&st);
		return -1;
	}
	RM_DEBUG("%s: released init %d through the exec fifo", id, (int)st.pid);
	if (have_spec) {
		hooks_warn_state(&st, RM_STATUS_RUNNING, &spec, RM_HOOK_POSTSTART);
		spec_free(&spec);
	}
	state_unlock(&st);
	return 0;
}

/* OOM kills in the container's memory cgroup, as an extra "oomKills"
 * field of the state (runtime-spec allows more fields; clients ignore
 * what they do not know).  Only when there were some. */
static int add_oom_kills(const struct rm_state *st, char *buf, size_t len, int n)
{
	uint64_t ooms = 0;
	struct rm_err e;
	if (n < 3 || st->cg.backend == RM_CG_BACKEND_NONE || cg_oom_count(&st->cg, &ooms, &e) < 0 || !ooms)
		return n;
	n -= 3;    /* "\n}\n" */
	int m = snprintf(buf + n, len - (size_t)n, ",\n  \"oomKills\": %llu\n}\n", (unsigned long long)ooms);
	return m < 0 || (size_t)m >= len - (size_t)n ? -1 : n + m;
}

int container_state(const char *root, const char *id, char *buf, size_t len, struct rm_err *err)
{
	struct rm_state st;
	struct rm_spec spec;
	bool have_spec;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	have_spec = state_load_spec(&st, &spec, err) == 0;
	int n = state_json(&st, state_status(&st), have_spec ? &spec : NULL, buf, len);
	if (have_spec)
		spec_free(&spec);
	n = add_oom_kills(&st, buf, len, n);
	state_unlock(&st);
	return n < 0 ? rm_fail(err, E2BIG, "state of %s too large", id) : n;
}

int container_kill(const char *root, const char *id, int sig, bool all, struct rm_err *err)
{
	struct rm_state st;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	enum rm_status s = state_status(&st);
	int r = 0;
	RM_DEBUG("%s: signal %d to %s", id, sig, all ? "every process" : "the init");
	if (s == RM_STATUS_STOPPED && (!all || sig == 0))
		r = rm_fail(err, 0, "container not running");
	else if (sig == 0)
		r = 0;          /* alive: what signal 0 asks */
	else if (all && st.cg.backend != RM_CG_BACKEND_NONE)
		r = cg_kill(&st.cg, sig, err);
	else if (s == RM_STATUS_STOPPED)
		r = rm_fail(err, 0, "container not running");
	else if (kill(st.pid, sig) < 0)
		r = rm_fail(err, errno, "kill container");
	state_unlock(&st);
	return r;
}

/* Wait (up to ~10 s) for the init to be gone after SIGKILL. */
static int wait_gone(const struct rm_state *st, struct rm_err *err)
{
	for (int i = 0; i < 1000; i++) {
		if (!state_pid_alive(st->pid, st->pid_start))
			return 0;
		poll(NULL, 0, 10);
	}
	return rm_fail(err, 0, "container's init (pid %d) did not exit after SIGKILL", (int)st->pid);
}

static int kill_everything(struct rm_state *st, struct rm_err *err)
{
	struct rm_err e;
	if (st->cg.backend != RM_CG_BACKEND_NONE && st->cg.ndirs)
		cg_kill(&st->cg, SIGKILL, &e);
	if (state_pid_alive(st->pid, st->pid_start))
		kill(st->pid, SIGKILL);
	return wait_gone(st, err);
}

static int load_for_delete(struct rm_state *st, const char *root, const char *id, bool force,
			   struct rm_err *err)
{
	if (!force)
		return state_load(st, root, id, err);
	/* --force removes whatever a crash or a corrupt record left. */
	if (state_salvage(st, root, id, err) < 0)
		return -1;
	if (st->broken)
		rm_warn("container %s: %s; removing what can be found", id, st->why);
	return 0;
}

int container_delete(const char *root, const char *id, bool force, struct rm_err *err)
{
	struct rm_state st;
	struct rm_spec spec;
	if (load_for_delete(&st, root, id, force, err) < 0) {
		/* A second delete --force of a gone container is harmless (the
		 * containerd shim always sends one). */
		if (force && strstr(err->msg, "does not exist"))
			return 0;
		return -1;
	}
	enum rm_status s = state_status(&st);
	/* runc: a created container is deleted without --force too (its init
	 * only waits for start); a running or paused one needs --force. */
	if (s != RM_STATUS_STOPPED && s != RM_STATUS_CREATED && !force) {
		state_unlock(&st);
		return rm_fail(err, 0, "cannot delete container %s that is not stopped: %s", id,
			       state_status_name(s));
	}
	/* A broken record may not name every process: the cgroup does. */
	if ((s != RM_STATUS_STOPPED || st.broken) && kill_everything(&st, err) < 0) {
		state_unlock(&st);
		return -1;
	}
	if (s == RM_STATUS_PAUSED)
		cg_thaw(&st.cg, err);
	RM_DEBUG("%s: %s; removing its cgroup", id, s == RM_STATUS_STOPPED ? "stopped" : "killed every process");
	if (cg_destroy(&st.cg, err) < 0) {
		state_unlock(&st);
		return -1;
	}
	RM_DEBUG("%s: removing the state directory %s", id, st.dir);
	bool have_spec = state_load_spec(&st, &spec, err) == 0;
	int r = state_remove(&st, err);
	/* runtime-spec: poststop runs after the container is deleted; a
	 * failure is a warning. */
	if (have_spec) {
		hooks_warn_state(&st, RM_STATUS_STOPPED, &spec, RM_HOOK_POSTSTOP);
		spec_free(&spec);
	}
	return r;
}

static int freeze(const char *root, const char *id, bool pause, struct rm_err *err)
{
	struct rm_state st;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	enum rm_status s = state_status(&st);
	int r;
	if (st.cg.backend == RM_CG_BACKEND_NONE)
		r = rm_fail(err, 0, "cannot %s a container without cgroups", pause ? "pause" : "resume");
	else if (pause && s != RM_STATUS_RUNNING && s != RM_STATUS_CREATED)
		r = rm_fail(err, 0, "container not running");
	else if (!pause && s != RM_STATUS_PAUSED)
		r = rm_fail(err, 0, "container not paused");
	else
		r = pause ? cg_freeze(&st.cg, err) : cg_thaw(&st.cg, err);
	state_unlock(&st);
	return r;
}

int container_pause(const char *root, const char *id, struct rm_err *err)
{
	return freeze(root, id, true, err);
}

int container_resume(const char *root, const char *id, struct rm_err *err)
{
	return freeze(root, id, false, err);
}

int container_pids(const char *root, const char *id, pid_t *pids, size_t max, struct rm_err *err)
{
	struct rm_state st;
	int n;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	if (st.cg.backend != RM_CG_BACKEND_NONE) {
		n = cg_pids(&st.cg, pids, max, err);
	} else {
		n = state_pid_alive(st.pid, st.pid_start) ? 1 : 0;
		if (n && max)
			pids[0] = st.pid;
	}
	state_unlock(&st);
	return n;
}

/* One entry of list.  A record that is missing or corrupt (a crash, a
 * disk error) is listed as "unknown" with a warning, not hidden: the id
 * is taken, and delete --force removes it. */
static bool list_one(const char *root, const char *id, struct rm_list_entry *o)
{
	struct rm_state st;
	struct rm_err e = { 0, "" };
	int r = state_peek(&st, root, id, &e);
	enum rm_status s;
	memset(o, 0, sizeof *o);
	snprintf(o->id, sizeof o->id, "%s", id);
	if (r < 0 && strstr(e.msg, "does not exist"))
		return false;   /* deleted meanwhile */
	if (r == 1) {
		s = RM_STATUS_CREATING;
	} else if (r < 0) {
		rm_warn("container %s: %s (delete --force removes it)", id, e.msg);
		s = RM_STATUS_UNKNOWN;
	} else {
		s = state_status(&st);
		o->pid = s == RM_STATUS_STOPPED ? 0 : (int)st.pid;
		snprintf(o->bundle, sizeof o->bundle, "%s", st.bundle);
		snprintf(o->created, sizeof o->created, "%s", st.created);
	}
	snprintf(o->status, sizeof o->status, "%s", state_status_name(s));
	return true;
}

int container_list(const char *root, struct rm_list_entry *out, int max, struct rm_err *err)
{
	static char ids[1024][RM_ID_MAX + 1];
	int n = state_list(root, ids, max < 1024 ? max : 1024, err), k = 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (list_one(root, ids[i], &out[k]))
			k++;
	return k;
}
