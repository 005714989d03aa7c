/* SPDX-License-Identifier: Apache-2.0 */
/* stream.c - see stream.h.  gzip runs as `gzip -dc` (busybox or GNU) fed
 * by a small child that copies exactly the blob's bytes, so a member of an
 * archive can be decompressed without copying it out first. */
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util.h"

int stream_sniff(int fd, uint64_t off, uint64_t size, enum blob_comp *comp, struct rm_err *err)
{
	unsigned char m[4] = { 0 };
	ssize_t n = size < 4 ? (ssize_t)size : 4;
	if (n > 0 && pread(fd, m, (size_t)n, (off_t)off) != n)
		return rm_fail(err, errno ? errno : EIO, "read");
	if (m[0] == 0x1f && m[1] == 0x8b)
		*comp = COMP_GZIP;
	else if (m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
		*comp = COMP_ZSTD;
	else if ((m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') || (m[0] == 0xfd && m[1] == '7'))
		*comp = COMP_OTHER;
	else
		*comp = COMP_NONE;
	return 0;
}

/* The feeder: copy the range into the pipe, then exit. */
static void feed(int fd, uint64_t off, uint64_t end, int out)
{
	char buf[65536];
	while (off < end) {
		size_t want = end - off < sizeof buf ? (size_t)(end - off) : sizeof buf;
		ssize_t n = pread(fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || util_write_all(out, buf, (size_t)n) < 0)
			_exit(1);
		off += (uint64_t)n;
	}
	_exit(0);
}

static int start_gzip(struct stream *s, int fd, uint64_t off, uint64_t size, struct rm_err *err)
{
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return rm_fail(err, errno, "pipe");
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]), close(in[1]);
		return rm_fail(err, errno, "pipe");
	}
	s->feeder = fork();
	if (s->feeder == 0) {
		close(in[0]), close(out[0]), close(out[1]);
		signal(SIGPIPE, SIG_DFL);
		feed(fd, off, off + size, in[1]);
	}
	if (s->feeder > 0)
		s->gzip = fork();
	if (s->gzip == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execlp("gzip", "gzip", "-dc", (char *)NULL);
		_exit(127);
	}
	int e = errno;
	close(in[0]), close(in[1]), close(out[1]);
	s->fd = out[0];
	s->is_pipe = true;
	if (s->feeder < 0 || s->gzip < 0) {
		stream_abort(s);
		return rm_fail(err, e, "fork");
	}
	return 0;
}

int stream_open(struct stream *s, int fd, uint64_t off, uint64_t size, enum blob_comp comp,
		const char *name, struct rm_err *err)
{
	memset(s, 0, sizeof *s);
	s->name = name;
	s->fd = fd;
	s->off = off;
	s->end = off + size;
	if (comp == COMP_ZSTD)
		return rm_fail(err, 0, "%s: zstd-compressed layers are not supported "
			       "(save the image with gzip or no compression)", name);
	if (comp == COMP_OTHER)
		return rm_fail(err, 0, "%s: compression not supported (only plain tar and gzip)", name);
	if (comp == COMP_GZIP)
		return start_gzip(s, fd, off, size, err) < 0 ? rm_wrap(err, "%s: gzip -dc", name) : 0;
	return 0;
}

volatile sig_atomic_t stream_interrupted;

ssize_t stream_read(struct stream *s, void *buf, size_t len, struct rm_err *err)
{
	ssize_t n;
	if (s->is_pipe) {
		do
			n = stream_interrupted ? -2 : read(s->fd, buf, len);
		while (n == -1 && errno == EINTR);
	} else {
		if (s->off >= s->end)
			return 0;
		if (len > s->end - s->off)
			len = (size_t)(s->end - s->off);
		do
			n = stream_interrupted ? -2 : pread(s->fd, buf, len, (off_t)s->off);
		while (n == -1 && errno == EINTR);
		if (n == 0)
			return rm_fail(err, 0, "%s: file shorter than its size (truncated)", s->name);
		if (n > 0)
			s->off += (uint64_t)n;
	}
	if (n == -2)
		return rm_fail(err, 0, "%s: interrupted by a signal", s->name);
	if (n < 0)
		return rm_fail(err, errno, "%s: read", s->name);
	if (s->hash)
		sha256_update(s->hash, buf, (size_t)n);
	s->done += (uint64_t)n;
	return n;
}

int stream_skip(struct stream *s, uint64_t n, struct rm_err *err)
{
	if (!s->is_pipe && !s->hash) {
		if (n > s->end - s->off)
			return rm_fail(err, 0, "%s: unexpected end of data (truncated archive)", s->name);
		s->off += n;
		s->done += n;
		return 0;
	}
	char buf[8192];
	while (n) {
		size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
		if (stream_read_full(s, buf, k, err) < 0)
			return -1;
		n -= k;
	}
	return 0;
}

int stream_read_full(struct stream *s, void *buf, size_t len, struct rm_err *err)
{
	char *p = buf;
	while (len) {
		ssize_t n = stream_read(s, p, len, err);
		if (n < 0)
			return -1;
		if (n == 0)
			return rm_fail(err, 0, "%s: unexpected end of data (truncated archive)", s->name);
		p += n, len -= (size_t)n;
	}
	return 0;
}

static int reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int stream_close(struct stream *s, struct rm_err *err)
{
	if (!s->is_pipe)
		return 0;
	char buf[4096];
	ssize_t n;
	while ((n = stream_read(s, buf, sizeof buf, err)) > 0)
		;
	close(s->fd);
	s->is_pipe = false;
	int f = reap(s->feeder), g = reap(s->gzip);
	if (n < 0)
		return -1;
	if (g == 127)
		return rm_fail(err, 0, "%s: cannot run gzip -dc (is gzip in PATH?)", s->name);
	if (g != 0 || f != 0)
		return rm_fail(err, 0, "%s: gzip -dc failed (corrupt or truncated gzip data)", s->name);
	return 0;
}

void stream_abort(struct stream *s)
{
	if (!s->is_pipe)
		return;
	close(s->fd);
	s->is_pipe = false;
	if (s->feeder > 0)
		kill(s->feeder, SIGKILL), reap(s->feeder);
	if (s->gzip > 0)
		kill(s->gzip, SIGKILL), reap(s->gzip);
}
