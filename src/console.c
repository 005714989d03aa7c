/* SPDX-License-Identifier: Apache-2.0 */
/* console.c - pty allocation in the container and terminal proxying.
 *
 * Untrusted: the container's /dev.  /dev/ptmx, /dev/pts and /dev/console
 * are paths in the container, which the image or a config bind can make
 * anything (CVE-2025-52565 class): /dev/ptmx must open a pty multiplexer
 * (5:2); the slave is the master's own peer (TIOCGPTPEER), or a pts node
 * checked to carry the master's number; /dev/console is bound from that
 * slave's fd onto a checked fd, never by path.
 */
#include "console.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif
#define PTS_MAJOR_FIRST 136       /* UNIX98_PTY_SLAVE_MAJOR, to +7 */
#define PTS_MAJOR_LAST 143
#define PROC_SUPER_MAGIC 0x9fa0

static bool is_pts(const struct stat *st, unsigned int n)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) >= PTS_MAJOR_FIRST &&
	       major(st->st_rdev) <= PTS_MAJOR_LAST &&
	       (major(st->st_rdev) - PTS_MAJOR_FIRST) * 256u + minor(st->st_rdev) == n;
}

/* The slave of this master: TIOCGPTPEER (4.13) needs no path at all;
 * before it, /dev/pts/N, checked to be pts number N. */
static int open_slave(int master, char *name, size_t len, struct rm_err *err)
{
	unsigned int n;
	int unlock = 0;
	struct stat st;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return rm_fail(err, errno, "unlock pty");
	if (ioctl(master, TIOCGPTN, &n) < 0)
		return rm_fail(err, errno, "get pty number");
	snprintf(name, len, "/dev/pts/%u", n);
	int fd = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && (errno == EINVAL || errno == ENOTTY))
		fd = openat(AT_FDCWD, name, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open %s", name);
	if (fstat(fd, &st) < 0 || !is_pts(&st, n)) {
		close(fd);
		return rm_fail(err, EPERM, "%s is not pty slave %u", name, n);
	}
	return fd;
}

/* Our /proc/self/fd, which the binds below go through, is procfs. */
static int check_procfs(struct rm_err *err)
{
	struct statfs sf;
	if (statfs("/proc/self/fd", &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		return rm_fail(err, errno ? errno : EPERM, "/proc in the container is not procfs");
	return 0;
}

/* /dev/console is the terminal too, as runc makes it: the slave at fd 0
 * bound onto a regular file or device we opened without following links. */
static int bind_console(unsigned int n, struct rm_err *err)
{
	char src[32], dst[32];
	struct stat st;
	if (fstat(0, &st) < 0 || !is_pts(&st, n))
		return rm_fail(err, EPERM, "the terminal is not pty slave %u", n);
	int fd = openat(AT_FDCWD, "/dev/console", O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EROFS ? 0 : rm_fail(err, errno, "create /dev/console");
	close(fd);
	cleanup_fd int dfd = openat(AT_FDCWD, "/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &st) < 0)
		return rm_fail(err, errno, "open /dev/console");
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
		return rm_fail(err, EPERM, "/dev/console is neither a file nor a device");
	if (check_procfs(err) < 0)
		return -1;
	snprintf(src, sizeof src, "/proc/self/fd/%d", 0);
	snprintf(dst, sizeof dst, "/proc/self/fd/%d", dfd);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		return rm_fail(err, errno, "bind /dev/pts/%u on /dev/console", n);
	return 0;
}

/* A pty multiplexer: /dev/ptmx (or pts/ptmx, which it links to) is 5:2. */
static int open_ptmx(struct rm_err *err)
{
	struct stat st;
	int fd = openat(AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "process.terminal: open /dev/ptmx (is devpts mounted on /dev/pts?)");
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2) {
		close(fd);
		return rm_fail(err, EPERM, "process.terminal: /dev/ptmx is not the pty multiplexer 5:2");
	}
	return fd;
}

int console_open_child(const struct rm_process *p, struct rm_err *err)
{
	char name[64];
	int master = open_ptmx(err);
	if (master < 0)
		return -1;
	int slave = open_slave(master, name, sizeof name, err);
	if (slave < 0) {
		close(master);
		return -1;
	}
	if (p->has_console_size) {
		struct winsize ws = { .ws_row = (unsigned short)p->console_height,
				      .ws_col = (unsigned short)p->console_width };
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	/* Callers may lead a session already (session.c). */
	if ((getsid(0) != getpid() && setsid() < 0) || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 || dup2(slave, 1) < 0 ||
	    dup2(slave, 2) < 0) {
		int e = errno;
		close(slave);
		close(master);
		return rm_fail(err, e, "process.terminal: make %s the controlling terminal", name);
	}
	close(slave);
	return master;
}

int console_setup_child(const struct rm_process *p, struct rm_err *err)
{
	unsigned int n;
	int master = console_open_child(p, err);
	if (master < 0)
		return -1;
	if (ioctl(master, TIOCGPTN, &n) < 0) {
		close(master);
		return rm_fail(err, errno, "get pty number");
	}
	if (bind_console(n, err) < 0) {
		close(master);
		return -1;
	}
	return master;
}

void console_raw(int fd, struct rm_tty_state *st)
{
	struct termios raw;
	st->saved = false;
	if (!isatty(fd) || tcgetattr(fd, &st->tio) < 0)
		return;
	st->saved = true;
	raw = st->tio;
	cfmakeraw(&raw);
	raw.c_oflag &= ~OPOST;
	tcsetattr(fd, TCSADRAIN, &raw);
}

void console_restore(int fd, struct rm_tty_state *st)
{
	if (st->saved)
		tcsetattr(fd, TCSADRAIN, &st->tio);
	st->saved = false;
}

void console_copy_winsize(int from, int to)
{
	struct winsize ws;
	if (ioctl(from, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		ioctl(to, TIOCSWINSZ, &ws);
}

int console_send_master(const char *socket_path, int master, struct rm_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char name[64] = "/dev/ptmx";
	unsigned int n;
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };

	if (strlen(socket_path) >= sizeof sa.sun_path)
		return rm_fail(err, ENAMETOOLONG, "--console-socket %s", socket_path);
	strcpy(sa.sun_path, socket_path);
	cleanup_fd int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0)
		return rm_fail(err, errno, "connect to --console-socket %s", socket_path);
	/* runc sends the pty's name as the payload; clients may log it. */
	if (ioctl(master, TIOCGPTN, &n) == 0)
		snprintf(name, sizeof name, "/dev/pts/%u", n);
	iov.iov_base = name;
	iov.iov_len = strlen(name);
	memset(&u, 0, sizeof u);
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &master, sizeof master);
	if (sendmsg(s, &mh, MSG_NOSIGNAL) < 0)
		return rm_fail(err, errno, "send the pty to --console-socket %s", socket_path);
	return 0;
}
