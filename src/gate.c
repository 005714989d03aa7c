/* SPDX-License-Identifier: Apache-2.0 */
/* gate.c - the exec fifo between `create` and `start`, on the init's side.
 *
 * `start` opens the fifo for reading; the init's blocking open for writing
 * returns then, and the init writes one byte.  The fifo is the container
 * root's, mode 0600: nobody else may start the container.  But the init
 * has switched to the process's user (maybe not root, without
 * capabilities) before `create` returns, so that every step that can fail
 * fails there.  So a child forked early, while the init is still root and
 * the host's paths are reachable, the opener, does the blocking open and
 * hands the write end over a socket; it dies with the init (PDEATHSIG)
 * if `start` never comes.  The init
 * keeps that fd open, close-on-exec: `start` reads to EOF, which the
 * execve makes, and a failure met after `create` is written there.
 */
#include "gate.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sync.h"
#include "sys.h"
#include "util.h"

/* Close every fd but those in keep (ascending): the opener holds nothing
 * of the init's (sync socket, namespace fds, passed fds), nor create's
 * stdio: with a console socket, containerd's shim (go-runc) reads create's
 * stdout and stderr through a pipe until EOF before it calls start, and
 * the opener lives until start.  The init's own stdio is the pty then. */
static void close_others(const int keep[3])
{
	unsigned from = 0;
	for (int i = 0; i <= 3; i++) {
		unsigned to = i < 3 ? (unsigned)keep[i] : ~0u;
		if (to > from && sys_close_range(from, to - 1, 0) < 0)
			for (unsigned fd = from; fd < to && fd < 4096; fd++)
				close((int)fd);
		if (i < 3)
			from = (unsigned)keep[i] + 1;
	}
}

/* Forked before the pivot.  It lives while the container is `created`,
 * when `exec` may already have put a process of the container next to
 * it: so it keeps only the fds it needs and chroots into its own
 * /proc/self/fd, and no path of the host is left to reach through it
 * (/proc/PID/root, cwd, fd).  procfs is the host's, opened by the init
 * before the fork: the init may pivot meanwhile, and "self" in it names
 * us.  The fifo is reopened through the magic link of its O_PATH fd.
 * Blocks until `start`. */
static _Noreturn void run_opener(int fifo, int proc, pid_t init, int sock)
{
	char name[16];
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != init)
		_exit(1);
	int keep[3] = { fifo, proc, sock };
	for (int i = 0; i < 2; i++)          /* ascending */
		for (int k = 0; k < 2 - i; k++)
			if (keep[k] > keep[k + 1]) {
				int t = keep[k];
				keep[k] = keep[k + 1];
				keep[k + 1] = t;
			}
	close_others(keep);
	int dir = openat(proc, "self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || fchdir(dir) < 0 || chroot(".") < 0)
		_exit(1);
	snprintf(name, sizeof name, "%d", fifo);
	int fd = openat(dir, name, O_WRONLY | O_CLOEXEC);
	_exit(fd < 0 || sync_send(sock, RM_SYNC_READY, NULL, fd) < 0 ? 1 : 0);
}

int gate_open(const char *path, struct rm_gate *g, struct rm_err *err)
{
	int sv[2];
	g->sock = -1;
	g->opener = 0;
	if (!path)
		return 0;
	cleanup_fd int fifo = openat(AT_FDCWD, path, O_PATH | O_CLOEXEC);
	if (fifo < 0)
		return rm_fail(err, errno, "open exec fifo %s", path);
	cleanup_fd int proc = openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (proc < 0)
		return rm_fail(err, errno, "open /proc");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return rm_fail(err, errno, "exec fifo: socketpair");
	pid_t init = getpid();
	g->opener = fork();
	if (g->opener < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return rm_fail(err, e, "exec fifo: fork the opener");
	}
	if (g->opener == 0) {
		close(sv[0]);
		run_opener(fifo, proc, init, sv[1]);
	}
	close(sv[1]);
	g->sock = sv[0];
	return 0;
}

int gate_pass(struct rm_gate *g)
{
	struct rm_sync_msg m;
	int fd = -1;
	int r = sync_recv(g->sock, &m, &fd);
	close(g->sock);
	g->sock = -1;
	while (waitpid(g->opener, NULL, 0) < 0 && errno == EINTR)
		;
	if (r <= 0 || fd < 0 || util_write_all(fd, "0", 1) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}
