/* SPDX-License-Identifier: Apache-2.0 */
/* child.c - the container's init from clone() to execve().
 *
 * Runs as pid 1 of the new pid namespace (when there is one), single
 * threaded, on a copy of the parent's memory: the plan and spec are already
 * decoded.  It never prints: a failure is sent to the parent as a struct
 * rm_err over the sync socket, then the child exits.
 */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "console.h"
#include "debug.h"
#include "dev.h"
#include "gate.h"
#include "hooks.h"
#include "init.h"
#include "mount.h"
#include "notify.h"
#include "ns.h"
#include "process.h"
#include "session.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "sys.h"
#include "sysctl.h"
#include "util.h"

/* Signals the parent blocked or ignored must be default again in the
 * container's process (`ignored` was read before the pivot, while the
 * host's /proc was ours to read). */
static void reset_signals(const sigset_t *mask, const struct util_sigs *ignored)
{
	util_sig_default(ignored);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

static int become_root_in_userns(const struct rm_plan *p, struct rm_err *err)
{
	if (!p->new_userns)
		return 0;
	/* The maps are written: uid 0 now means the mapped host id. */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return rm_fail(err, errno, "become root in the user namespace (is uid/gid 0 mapped?)");
	return proc_check_ids(false, 0, err) < 0 || proc_check_ids(true, 0, err) < 0 ? -1 : 0;
}

static int set_names(const struct rm_spec *s, struct rm_err *err)
{
	if (s->hostname && *s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		return rm_fail(err, errno, "hostname: sethostname(\"%s\")", s->hostname);
	if (s->domainname && *s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		return rm_fail(err, errno, "domainname: setdomainname(\"%s\")", s->domainname);
	return 0;
}

/* The hooks get the state JSON with our pid as the host sees it. */
static int run_hooks_as(const struct rm_plan *p, pid_t pid, enum rm_status status, enum rm_hook_kind k,
			struct rm_err *err)
{
	static struct rm_state st;
	st = *p->state;
	st.pid = pid;
	return hooks_run_state(&st, status, p->spec, k, err);
}

static bool has_hooks(const struct rm_spec *s, enum rm_hook_kind k)
{
	return s->hooks[k].n > 0;
}

static bool has_own_mounts(const struct rm_plan *p)
{
	return p->spec->ns[RM_NS_MNT].wanted;
}

/* runtime-spec: prestart and createRuntime run in the runtime's namespaces
 * (the parent runs them), createContainer in ours, all after the mounts
 * and before pivot_root. */
static int run_create_hooks(const struct rm_plan *p, int sock, pid_t pid, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	if (has_hooks(s, RM_HOOK_PRESTART) || has_hooks(s, RM_HOOK_CREATE_RUNTIME)) {
		if (sync_send(sock, RM_SYNC_HOOKS, NULL, -1) < 0)
			return rm_fail(err, errno, "ask runc-mini to run the createRuntime hooks");
		if (sync_expect(sock, RM_SYNC_HOOKS_DONE, NULL, err) < 0)
			return -1;
	}
	return run_hooks_as(p, pid, RM_STATUS_CREATING, RM_HOOK_CREATE_CONTAINER, err);
}

/* Everything up to the pivot, done through the rootfs fd. */
static int setup_rootfs(const struct rm_plan *p, int sock, pid_t pid, struct rm_err *err)
{
	/* No mount namespace (runtime-spec: the runtime's is shared): the
	 * runtime's filesystem is the container's, as in runc, which skips
	 * the rootfs then.  Any mount, device or pivot here would change the
	 * host's mount table; only the hooks remain. */
	if (!has_own_mounts(p))
		return run_create_hooks(p, sock, pid, err);
	RM_DEBUG("init: preparing the rootfs %s", p->rootfs);
	static struct mnt_own own;
	cleanup_fd int rootfd = mnt_prepare_rootfs(p, err);
	if (rootfd < 0)
		return -1;
	if (mnt_apply_mounts(p, rootfd, &own, err) < 0 || dev_populate(p, rootfd, &own, err) < 0 ||
	    mnt_make_cwd(p, rootfd, err) < 0)
		return -1;
	if (run_create_hooks(p, sock, pid, err) < 0 || mnt_mask_paths(p, rootfd, &own, err) < 0)
		return -1;
	RM_DEBUG("init: mounts, devices, hooks and masks done; pivot_root");
	return mnt_pivot(p, rootfd, err);
}

static int setup_terminal(const struct rm_plan *p, int sock, struct rm_err *err)
{
	if (!p->spec->process.terminal)
		return 0;
	/* /dev/console is bound to the pty only in our own mount namespace:
	 * otherwise it would be the host's /dev/console. */
	int master = has_own_mounts(p) ? console_setup_child(&p->spec->process, err)
				       : console_open_child(&p->spec->process, err);
	if (master < 0)
		return -1;
	int r = sync_send(sock, RM_SYNC_PTY, NULL, master);
	close(master);
	return r < 0 ? rm_fail(err, errno, "send the pty to runc-mini") : 0;
}

static int child_setup(const struct rm_plan *p, int sock, int nsfds[RM_NS_COUNT], struct rm_exec *x,
		       struct rm_gate *gate, pid_t *pid, struct rm_err *err)
{
	const struct rm_spec *s = p->spec;
	int64_t hostpid = 0;

	/* Die with runc-mini while being set up; a half-built container
	 * must not outlive it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Before the parent moves us into the container's cgroup; a failure
	 * is reported after GO, when the parent reads our messages. */
	struct rm_err go_err;
	int early = proc_set_initial_affinity(&s->process, err);
	if (sync_expect(sock, RM_SYNC_GO, &hostpid, early < 0 ? &go_err : err) < 0 || early < 0)
		return -1;
	/* Not dumpable: no container process may ptrace us or open our
	 * /proc/PID/exe (runc-mini's binary) before execve resets this
	 * (CVE-2019-5736).  Only after GO: a rootless runc-mini writes our
	 * uid_map/gid_map as an ordinary user, and /proc/PID of a
	 * non-dumpable process belongs to root.  No process of the container
	 * exists before GO. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	*pid = (pid_t)hostpid;
	/* runc: the init leads a session of its own, not runc-mini's. */
	if (sess_new(err) < 0 || gate_open(p->exec_fifo, gate, err) < 0 || mnt_open_sources(p, err) < 0)
		return -1;
	if (ns_join(nsfds, err) < 0 || become_root_in_userns(p, err) < 0)
		return -1;
	/* runc: a session keyring of the container's, not the caller's
	 * (_uid_ses.0), unless --no-new-keyring. */
	if (!p->no_new_keyring && sess_join_keyring(p->id, true, s->ns[RM_NS_USER].wanted, err) < 0)
		return -1;
	if ((p->clone_flags & CLONE_NEWNET) && ns_loopback_up(err) < 0)
		return -1;
	if (p->new_cgroupns && unshare(CLONE_NEWCGROUP) < 0)
		return rm_fail(err, errno, "create cgroup namespace");
	if (p->new_timens && ns_setup_time(s, err) < 0)
		return -1;
	if (setup_rootfs(p, sock, *pid, err) < 0 || setup_terminal(p, sock, err) < 0)
		return -1;
	if (set_names(s, err) < 0 || sysctl_apply(s, err) < 0 || (has_own_mounts(p) && mnt_finish(p, err) < 0))
		return -1;
	if (proc_set_oom_score_adj(&s->process, err) < 0 || proc_set_rlimits(&s->process, err) < 0 ||
	    proc_set_sched(&s->process, err) < 0 || proc_set_personality(s, err) < 0)
		return -1;
	/* Without a process (create only) there is nothing to resolve;
	 * `start` refuses such a container before releasing us. */
	return s->has_process ? proc_prepare(&s->process, x, err) : 0;
}

/* --init: we stay as the container's PID 1, with the process's identity
 * (set before `create` returned: never more privileged than what it runs),
 * and run the loop of init.c.  It closes every fd but 0, 1 and 2: the sync
 * socket and the exec fifo then reach EOF once the process has exec'd. */
static _Noreturn void become_init(const struct rm_plan *p, pid_t kid)
{
	init_loop(kid, p->init);
}

/* --init: the process dies with its init when there is no pid namespace
 * to take it down. */
static int follow_init(const struct rm_plan *p, pid_t init, struct rm_err *err)
{
	if (p->init == RM_INIT_NONE || init == 1)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return rm_fail(err, errno, "--init: prctl(PR_SET_PDEATHSIG)");
	if (getppid() != init)
		return rm_fail(err, ESRCH, "--init: the init exited before the process started");
	return 0;
}

/* SCMP_ACT_NOTIFY: the filter goes in before `create` returns, while
 * runc-mini still waits, so that it can hand the listener to the seccomp
 * agent before the container's process makes a call through it.  It goes
 * in before the identity switch (while we may still need CAP_SYS_ADMIN for
 * it), so it covers that switch too; with --init the init inherits it. */
static int load_notify_filter(const struct rm_plan *p, int sock, struct rm_err *err)
{
	return notify_load(p->sc_insns, p->sc_len, p->sc_flags, sock, err);
}

/* The last steps that can fail, in runc's order, before `create` returns:
 * without no_new_privs the seccomp filter needs CAP_SYS_ADMIN, so it goes
 * in first (a notify filter always does); then groups, uid/gid,
 * capabilities, no_new_privs, umask, cwd; then every fd not passed on is
 * marked close-on-exec. */
static int finalize(const struct rm_plan *p, int sock, const struct rm_exec *x, struct rm_err *err)
{
	bool nnp = p->spec->process.no_new_privileges;
	if (!p->spec->has_process)
		return 0;     /* `start` refuses it before releasing us */
	if (p->sc_listener && p->sc_len && load_notify_filter(p, sock, err) < 0)
		return -1;
	if (!p->sc_listener && !nnp && p->sc_len && sc_install(p->sc_insns, p->sc_len, p->sc_flags, err) < 0)
		return -1;
	if (sess_give_stdio(x->uid, err) < 0 || proc_switch_identity(&p->spec->process, x, err) < 0)
		return -1;
	return proc_close_fds(p->preserve_fds, err);
}

/* After `start`: with no_new_privs the filter goes in as late as
 * possible, then the startContainer hooks run with everything the
 * container's process will have (identity, capabilities, no_new_privs,
 * masks, read-only paths, seccomp), as runc runs them: their binary comes
 * from the image. */
static int start_container(const struct rm_plan *p, pid_t pid, struct rm_err *err)
{
	if (!p->sc_listener && p->spec->process.no_new_privileges && p->sc_len &&
	    sc_install(p->sc_insns, p->sc_len, p->sc_flags, err) < 0)
		return -1;
	return run_hooks_as(p, pid, RM_STATUS_CREATED, RM_HOOK_START_CONTAINER, err);
}

/* Until READY the parent (create, run) waits for our error on the
 * socket.  After `start` released us, runc-mini create has long exited:
 * the error goes to `start` through the fifo (fifo >= 0). */
static _Noreturn void report(int sock, int fifo, const struct rm_err *err)
{
	if (fifo >= 0)
		util_write_all(fifo, err->msg, strlen(err->msg));
	else
		sync_send(sock, RM_SYNC_ERROR, err, -1);
	_exit(1);
}

_Noreturn void child_main(const struct rm_plan *p, int sock, int nsfds[RM_NS_COUNT],
			  const sigset_t *sigmask)
{
	struct rm_err err;
	struct rm_exec x;
	struct rm_gate gate;
	pid_t pid = 0;
	int fifo = -1;
	struct util_sigs ignored;
	util_sig_ignored(&ignored);

	rm_err_clear(&err);
	if (child_setup(p, sock, nsfds, &x, &gate, &pid, &err) < 0 || finalize(p, sock, &x, &err) < 0)
		report(sock, -1, &err);
	RM_DEBUG("init: set up; waiting for start");
	if (p->exec_fifo) {
		/* `create` exits after READY: we must outlive it. */
		prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
		if (sync_send(sock, RM_SYNC_READY, NULL, -1) < 0 || (fifo = gate_pass(&gate)) < 0)
			_exit(1);
	} else {
		/* The identity switch cleared the death signal: until START,
		 * dying with runc-mini still holds. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (sync_send(sock, RM_SYNC_READY, NULL, -1) < 0)
			_exit(1);
		if (sync_expect(sock, RM_SYNC_START, NULL, &err) < 0)
			_exit(1);    /* the parent is gone or gave up: nothing to report to */
		prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	}
	if (!p->spec->has_process) {
		rm_fail(&err, 0, "%s: process: required to start a container", p->spec->file);
		report(sock, fifo, &err);
	}
	if (start_container(p, pid, &err) < 0)
		report(sock, fifo, &err);
	pid_t init = getpid();
	if (p->init != RM_INIT_NONE) {
		pid_t kid = init_fork(p->spec->process.terminal, &err);
		if (kid < 0)
			report(sock, fifo, &err);
		if (kid > 0)
			become_init(p, kid);
	}
	if (follow_init(p, init, &err) < 0)
		report(sock, fifo, &err);
	reset_signals(sigmask, &ignored);
	RM_DEBUG("init: execve %s", x.path);
	proc_exec(&p->spec->process, &x, &err);
	report(sock, fifo, &err);
}
