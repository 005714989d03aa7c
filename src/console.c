/* console.c - pty allocation in the container and terminal proxying. */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

static int open_slave(int master, char *name, size_t len, struct rm_err *err)
{
	unsigned int n;
	int unlock = 0;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return rm_fail(err, errno, "unlock pty");
	if (ioctl(master, TIOCGPTN, &n) < 0)
		return rm_fail(err, errno, "get pty number");
	snprintf(name, len, "/dev/pts/%u", n);
	int fd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rm_fail(err, errno, "open %s", name);
	return fd;
}

/* /dev/console is the terminal too, as runc makes it. */
static int bind_console(const char *slave, struct rm_err *err)
{
	int fd = open("/dev/console", O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EROFS ? 0 : rm_fail(err, errno, "create /dev/console");
	close(fd);
	if (mount(slave, "/dev/console", NULL, MS_BIND, NULL) < 0)
		return rm_fail(err, errno, "bind %s on /dev/console", slave);
	return 0;
}

int console_open_child(const struct rm_process *p, struct rm_err *err)
{
	char name[64];
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return rm_fail(err, errno, "process.terminal: open /dev/ptmx (is devpts mounted on /dev/pts?)");
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
	char name[64];
	unsigned int n;
	int master = console_open_child(p, err);
	if (master < 0)
		return -1;
	if (ioctl(master, TIOCGPTN, &n) < 0) {
		close(master);
		return rm_fail(err, errno, "get pty number");
	}
	snprintf(name, sizeof name, "/dev/pts/%u", n);
	if (bind_console(name, err) < 0) {
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
