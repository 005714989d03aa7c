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

int rm_fail(struct rm_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -1;
	err->errnum = errnum;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (errnum && (size_t)n + 3 < sizeof err->msg) {
		char e[128];
		size_t off = (size_t)n;
		err->msg[off++] = ':';
		err->msg[off++] = ' ';
		rm_strerror(errnum, e, sizeof e);
		size_t el = strlen(e);
		if (el > sizeof err->msg - off - 1)
			el = sizeof err->msg - off - 1;
		memcpy(err->msg + off, e, el);
		err->msg[off + el] = '\0';
	}
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
