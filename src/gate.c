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
#include "util.h"

/* Forked before the pivot: /proc/self is the host's procfs and names our
 * own copy of the O_PATH fd.  Blocks until `start` opens the fifo. */
static _Noreturn void run_opener(int fifo, pid_t init, int sock)
{
	char path[64];
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != init)
		_exit(1);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fifo);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	_exit(fd < 0 || sync_send(sock, RM_SYNC_READY, NULL, fd) < 0 ? 1 : 0);
}

int gate_open(const char *path, struct rm_gate *g, struct rm_err *err)
{
	int sv[2];
	g->sock = -1;
	g->opener = 0;
	if (!path)
		return 0;
	cleanup_fd int fifo = open(path, O_PATH | O_CLOEXEC);
	if (fifo < 0)
		return rm_fail(err, errno, "open exec fifo %s", path);
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
		run_opener(fifo, init, sv[1]);
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
