/* SPDX-License-Identifier: Apache-2.0 */
#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int send_msg(int sock, int type, int64_t value, const struct rm_err *e, int fd)
{
	struct rm_sync_msg m;
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { &m, sizeof m };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	memset(&m, 0, sizeof m);
	m.type = type;
	m.value = value;
	if (e)
		m.err = *e;
	if (fd >= 0) {
		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof u.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	for (;;) {
		ssize_t r = sendmsg(sock, &mh, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		return r == (ssize_t)sizeof m ? 0 : -1;
	}
}

int sync_send(int sock, int type, const struct rm_err *e, int fd)
{
	return send_msg(sock, type, 0, e, fd);
}

int sync_send_value(int sock, int type, int64_t value)
{
	return send_msg(sock, type, value, NULL, -1);
}

int sync_recv(int sock, struct rm_sync_msg *m, int *fd)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	struct iovec iov = { m, sizeof *m };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf };
	ssize_t r;

	if (fd)
		*fd = -1;
	do
		r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return (int)r;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int got;
			memcpy(&got, CMSG_DATA(c), sizeof got);
			if (fd && *fd < 0)
				*fd = got;
			else
				close(got);
		}
	}
	if ((size_t)r != sizeof *m) {
		errno = EPROTO;
		return -1;
	}
	m->err.msg[sizeof m->err.msg - 1] = '\0';
	return 1;
}

int sync_expect(int sock, int type, int64_t *value, struct rm_err *err)
{
	struct rm_sync_msg m;
	int r = sync_recv(sock, &m, NULL);
	if (r < 0)
		return rm_fail(err, errno, "read from the container's init");
	if (r == 0)
		return rm_fail(err, 0, "the container's init exited during setup");
	if (m.type == RM_SYNC_ERROR) {
		*err = m.err;
		return -1;
	}
	if (m.type != type)
		return rm_fail(err, EPROTO, "unexpected message %d from the container's init", m.type);
	if (value)
		*value = m.value;
	return 0;
}
