/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"

void util_closep(int *fd)
{
	if (*fd >= 0) {
		int e = errno;
		close(*fd);
		errno = e;
	}
}

void util_freep(void *p)
{
	free(*(void **)p);
}

int util_read_fileat(int dirfd, const char *path, size_t max, char **out, size_t *len,
		     struct rm_err *err)
{
	cleanup_fd int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	cleanup_free char *buf = NULL;
	size_t cap = 4096, got = 0;

	if (fd < 0)
		return rm_fail(err, errno, "open %s", path);
	/* Read in chunks: /proc files report st_size 0. */
	for (;;) {
		if (!buf || got == cap) {
			if (buf)
				cap *= 2;
			char *n = realloc(buf, cap + 1);
			if (!n)
				return rm_fail(err, ENOMEM, "read %s", path);
			buf = n;
		}
		ssize_t r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rm_fail(err, errno, "read %s", path);
		if (r == 0)
			break;
		got += (size_t)r;
		if (got > max)
			return rm_fail(err, EFBIG, "read %s (limit %zu bytes)", path, max);
	}
	buf[got] = '\0';
	*out = steal_ptr(buf);
	if (len)
		*len = got;
	return 0;
}

int util_read_file(const char *path, size_t max, char **out, size_t *len, struct rm_err *err)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return rm_fail(err, EISDIR, "read %s", path);
	return util_read_fileat(AT_FDCWD, path, max, out, len, err);
}

int util_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t r = write(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void util_sig_ignored(struct util_sigs *ign)
{
	char *buf = NULL;
	memset(ign->bits, 0xff, sizeof ign->bits);
	if (util_read_file("/proc/self/status", 8192, &buf, NULL, RM_ERR_IGNORE) < 0)
		return;
	/* Hex, the highest signals first: the last digit is signals 1-4. */
	const char *s = strstr(buf, "\nSigIgn:\t"), *end;
	if (s) {
		s += 9;
		for (end = s; hex_digit(*end) >= 0; end++)
			;
		if (end > s && *end == '\n' && (size_t)(end - s) <= 2 * sizeof ign->bits) {
			memset(ign->bits, 0, sizeof ign->bits);
			for (const char *q = end; q-- > s;) {
				size_t i = (size_t)(end - 1 - q);
				int d = hex_digit(*q);
				ign->bits[i / 2] |= (unsigned char)(i % 2 ? d << 4 : d);
			}
		}
	}
	free(buf);
}

void util_sig_default(const struct util_sigs *ign)
{
	for (int sig = 1; sig < _NSIG && sig <= 8 * (int)sizeof ign->bits; sig++)
		if (sig != SIGKILL && sig != SIGSTOP &&
		    (sig == SIGPIPE || ign->bits[(sig - 1) / 8] >> ((sig - 1) % 8) & 1))
			sys_signal_default(sig);
}

FILE *util_fopen(const char *path, int flags, const char *mode)
{
	int fd = openat(AT_FDCWD, path, flags | O_CLOEXEC, 0666);
	FILE *f = fd < 0 ? NULL : fdopen(fd, mode);
	if (fd >= 0 && !f) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

int util_write_file(const char *path, const char *buf, size_t len, struct rm_err *err)
{
	cleanup_fd int fd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return rm_fail(err, errno, "open %s", path);
	if (util_write_all(fd, buf, len) < 0)
		return rm_fail(err, errno, "write %s", path);
	return 0;
}

int util_write_atomic(const char *path, const char *buf, size_t len, mode_t mode, struct rm_err *err)
{
	return util_write_replace(path, buf, len, mode, true, err);
}

int util_write_replace(const char *path, const char *buf, size_t len, mode_t mode, bool durable, struct rm_err *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return rm_fail(err, ENAMETOOLONG, "write %s", path);
	int fd = openat(AT_FDCWD, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return rm_fail(err, errno, "create %s", tmp);
	/* The mode asked for, not what the umask leaves of it. */
	if (fchmod(fd, mode) < 0 || util_write_all(fd, buf, len) < 0 || (durable && fsync(fd) < 0)) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return rm_fail(err, e, "write %s", tmp);
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return rm_fail(err, e, "rename %s", tmp);
	}
	return 0;
}

void util_rfc3339(char *buf, size_t len, time_t sec, long nsec)
{
	struct tm tm;
	gmtime_r(&sec, &tm);
	/* No strftime: it drags musl's time zone code into a static binary. */
	if (nsec >= 0)
		snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nsec);
	else
		snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Unsigned decimal digits at *s into *v; false without a digit or on
 * overflow.  (No sign, no base prefix: what the kernel's files hold.) */
static bool scan_digits(const char **s, unsigned long long max, unsigned long long *v)
{
	const char *p = *s;
	unsigned long long n = 0;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (n > (max - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*s = p;
	*v = n;
	return true;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		s++;
	return s;
}

/* A word (%Ns) of at most width bytes, or skipped (%*s). */
static bool scan_word(const char **s, unsigned width, char *out)
{
	const char *p = skip_space(*s), *q = p;
	while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\v' && *q != '\f' &&
	       (!width || (unsigned)(q - p) < width))
		q++;
	if (q == p)
		return false;
	if (out) {
		memcpy(out, p, (size_t)(q - p));
		out[q - p] = '\0';
	}
	*s = q;
	return true;
}

int util_scan(const char *s, const char *fmt, ...)
{
	va_list ap;
	int n = 0;
	va_start(ap, fmt);
	for (const char *f = fmt; *f; f++) {
		if (*f == ' ' || *f == '\t' || *f == '\n') {
			s = skip_space(s);
			continue;
		}
		if (*f != '%') {
			if (*s++ != *f)
				break;
			continue;
		}
		bool skip = *++f == '*';
		unsigned width = 0;
		int longs = 0;
		f += skip;
		for (; *f >= '0' && *f <= '9'; f++)
			width = width * 10 + (unsigned)(*f - '0');
		for (; *f == 'l'; f++)
			longs++;
		if (*f == 's') {
			if (!scan_word(&s, width, skip ? NULL : va_arg(ap, char *)))
				break;
		} else if (*f == 'd' || *f == 'u') {
			unsigned long long v;
			bool neg = false;
			s = skip_space(s);
			if (*f == 'd' && *s == '-') {
				neg = true;
				s++;
			}
			unsigned long long max = longs == 2 ? ULLONG_MAX : longs == 1 ? ULONG_MAX : UINT_MAX;
			if (*f == 'd')
				max = (longs == 2 ? (unsigned long long)LLONG_MAX : longs == 1 ? (unsigned long long)LONG_MAX
											     : (unsigned long long)INT_MAX) + neg;
			if (!scan_digits(&s, max, &v))
				break;
			if (skip)
				continue;
			if (*f == 'd' && longs == 0)
				*va_arg(ap, int *) = neg ? (int)(0 - v) : (int)v;
			else if (*f == 'd')
				*va_arg(ap, long *) = neg ? (long)(0 - v) : (long)v;
			else if (longs == 2)
				*va_arg(ap, unsigned long long *) = v;
			else if (longs == 1)
				*va_arg(ap, unsigned long *) = (unsigned long)v;
			else
				*va_arg(ap, unsigned *) = (unsigned)v;
		} else {
			break;   /* not a conversion this scanner knows */
		}
		if (!skip)
			n++;
	}
	va_end(ap);
	return n;
}
