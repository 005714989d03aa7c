/* child.c - the container's init from clone() to execve().
 *
 * Runs as pid 1 of the new pid namespace (when there is one), single
 * threaded, on a copy of the parent's memory: the plan and spec are already
 * decoded.  It never prints: a failure is sent to the parent as a struct
 * rm_err over the sync socket, then the child exits.
 */
#include "child.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "console.h"
#include "dev.h"
#include "mount.h"
#include "ns.h"
#include "process.h"
#include "sync.h"
#include "sys.h"
#include "sysctl.h"
#include "util.h"

/* Signals the parent blocked or handled must be default again in the
 * container's process. */
static void reset_signals(const sigset_t *mask)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	for (int sig = 1; sig < _NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

static int become_root_in_userns(const struct rm_plan *p, struct rm_err *err)
{
	if (!p->new_userns)
		return 0;
	/* The maps are written: uid 0 now means the mapped host id. */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return rm_fail(err, errno, "become root in the user namespace (is uid/gid 0 mapped?)");
	return 0;
}

static int set_names(const struct rm_spec *s, struct rm_err *err)
{
	if (s->hostname && *s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		return rm_fail(err, errno, "hostname: sethostname(\"%s\")", s->hostname);
	if (s->domainname && *s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		return rm_fail(err, errno, "domainname: setdomainname(\"%s\")", s->domainname);
	return 0;
}

/* Everything up to the pivot, done through the rootfs fd. */
static int setup_rootfs(const struct rm_plan *p, struct rm_err *err)
{
	cleanup_fd int rootfd = mnt_prepare_rootfs(p, err);
	if (rootfd < 0)
		return -1;
	if (mnt_apply_mounts(p, rootfd, err) < 0 || dev_populate(p, rootfd, err) < 0)
		return -1;
	return mnt_pivot(p, rootfd, err);
}

static int setup_terminal(const struct rm_plan *p, int sock, struct rm_err *err)
{
	if (!p->spec->process.terminal)
		return 0;
	int master = console_setup_child(&p->spec->process, err);
	if (master < 0)
		return -1;
	int r = sync_send(sock, RM_SYNC_PTY, NULL, master);
	close(master);
	return r < 0 ? rm_fail(err, errno, "send the pty to runc-mini") : 0;
}

static int child_setup(const struct rm_plan *p, int sock, int nsfds[RM_NS_COUNT], struct rm_exec *x,
		       struct rm_err *err)
{
	const struct rm_spec *s = p->spec;

	/* Die with runc-mini while being set up; a half-built container
	 * must not outlive it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Not dumpable: no container process may ptrace us or open our
	 * /proc/PID/exe (runc-mini's binary) before execve resets this
	 * (CVE-2019-5736). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (sync_expect(sock, RM_SYNC_GO, err) < 0)
		return -1;
	if (ns_join(nsfds, err) < 0 || become_root_in_userns(p, err) < 0)
		return -1;
	if ((p->clone_flags & CLONE_NEWNET) && ns_loopback_up(err) < 0)
		return -1;
	if (p->new_cgroupns && unshare(CLONE_NEWCGROUP) < 0)
		return rm_fail(err, errno, "create cgroup namespace");
	if (setup_rootfs(p, err) < 0 || setup_terminal(p, sock, err) < 0)
		return -1;
	if (set_names(s, err) < 0 || sysctl_apply(s, err) < 0 || mnt_finish(p, err) < 0)
		return -1;
	if (proc_set_oom_score_adj(&s->process, err) < 0 || proc_set_rlimits(&s->process, err) < 0)
		return -1;
	return proc_prepare(&s->process, x, err);
}

_Noreturn void child_main(const struct rm_plan *p, int sock, int nsfds[RM_NS_COUNT],
			  const sigset_t *sigmask)
{
	struct rm_err err;
	struct rm_exec x;

	rm_err_clear(&err);
	if (child_setup(p, sock, nsfds, &x, &err) < 0)
		goto fail;
	if (sync_send(sock, RM_SYNC_READY, NULL, -1) < 0)
		_exit(1);
	if (sync_expect(sock, RM_SYNC_START, &err) < 0)
		_exit(1);    /* the parent is gone or gave up: nothing to report to */
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	if (proc_switch_identity(&p->spec->process, &x, &err) < 0 ||
	    proc_close_fds(p->preserve_fds, &err) < 0)
		goto fail;
	reset_signals(sigmask);
	proc_exec(&p->spec->process, &x, &err);
fail:
	sync_send(sock, RM_SYNC_ERROR, &err, -1);
	_exit(1);
}
