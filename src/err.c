/* SPDX-License-Identifier: Apache-2.0 */
#include "err.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Go's (and so runc's) texts where the libc's differ; engines and users
 * grep for these. */
static const struct { int e; const char *text; } go_text[] = {
	{ EIO, "input/output error" }, { ENOMEM, "cannot allocate memory" },
	{ EBUSY, "device or resource busy" }, { ELOOP, "too many levels of symbolic links" },
	{ EXDEV, "invalid cross-device link" }, { EOPNOTSUPP, "operation not supported" },
	{ ENOENT, "no such file or directory" }, { EACCES, "permission denied" },
	{ EPERM, "operation not permitted" }, { ENOSPC, "no space left on device" },
	{ EEXIST, "file exists" }, { ENOTDIR, "not a directory" }, { EINVAL, "invalid argument" },
	{ EROFS, "read-only file system" }, { ESRCH, "no such process" }, { ENODEV, "no such device" },
	{ EAGAIN, "resource temporarily unavailable" }, { ENOSYS, "function not implemented" },
	{ ENAMETOOLONG, "file name too long" }, { ENOTEMPTY, "directory not empty" },
};

const char *rm_strerror(int errnum, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof go_text / sizeof go_text[0]; i++)
		if (go_text[i].e == errnum) {
			snprintf(buf, len, "%s", go_text[i].text);
			return buf;
		}
	snprintf(buf, len, "%s", strerror(errnum));
	/* "No such file" -> "no such file", but keep "I/O error" as it is. */
	if (buf[0] && !(buf[1] && isupper((unsigned char)buf[1])))
		buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

/* A message longer than the buffer keeps its head (what failed) and its
 * tail (why: the errno text, "expected ..."); the middle, usually an
 * echoed value such as a 3 MB hostname, is what is cut.  The scratch
 * buffer is static, not heap: this must work after clone() and under a
 * tight memory limit (one thread; each process has its own copy). */
static char scratch[64 * 1024];

static void cut_middle(char *out, size_t len, const char *s, size_t n)
{
	char mark[48];
	size_t head = (len - sizeof mark) / 3, tail = len - sizeof mark - head;
	int m = snprintf(mark, sizeof mark, " ...(%zu bytes cut)... ", n - head - tail);
	memmove(out, s, head);
	memmove(out + head, mark, (size_t)m);
	memmove(out + head + (size_t)m, s + n - tail, tail);
	out[head + (size_t)m + tail] = '\0';
}

int rm_fail(struct rm_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	char e[128] = "";
	size_t el = 0, room;
	int n;

	if (!err)
		return -1;
	err->errnum = errnum;
	if (errnum) {
		rm_strerror(errnum, e + 2, sizeof e - 2);
		e[0] = ':';
		e[1] = ' ';
		el = strlen(e);
	}
	room = sizeof err->msg - el;     /* the reason always fits */
	va_start(ap, fmt);
	n = vsnprintf(scratch, sizeof scratch, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < room)
		memcpy(err->msg, scratch, (size_t)n + 1);
	else if ((size_t)n < sizeof scratch)
		cut_middle(err->msg, room, scratch, (size_t)n);
	else    /* its own tail is lost too: keep the head, then the errno */
		snprintf(err->msg, room, "%.*s ...(cut)", (int)(room - 12), scratch);
	memcpy(err->msg + strlen(err->msg), e, el + 1);
	return -1;
}

int rm_wrap(struct rm_err *err, const char *fmt, ...)
{
	char ctx[RM_ERR_MSG], old[RM_ERR_MSG];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* The old message is the reason: the context gives way. */
	size_t cl = strlen(ctx), ol = strlen(old);
	if (cl + 2 + ol >= sizeof err->msg && ol + 2 + 64 < sizeof err->msg)
		cut_middle(ctx, sizeof err->msg - ol - 2, ctx, cl);
	snprintf(err->msg, sizeof err->msg, "%s: %s", ctx, old);
	return -1;
}

void rm_err_clear(struct rm_err *err)
{
	err->errnum = 0;
	err->msg[0] = '\0';
}

static rm_warn_sink warn_sink;
static char last_warning[RM_ERR_MSG];
static bool warn_muted;

bool rm_warn_mute(bool mute)
{
	bool old = warn_muted;
	warn_muted = mute;
	return old;
}

void rm_warn_set_sink(rm_warn_sink sink)
{
	warn_sink = sink;
}

void rm_warn(const char *fmt, ...)
{
	va_list ap;
	if (warn_muted)
		return;
	va_start(ap, fmt);
	vsnprintf(last_warning, sizeof last_warning, fmt, ap);
	va_end(ap);
	if (warn_sink)
		warn_sink(last_warning);
}

const char *rm_last_warning(void)
{
	return last_warning;
}
