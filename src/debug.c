/* SPDX-License-Identifier: Apache-2.0 */
/* debug.c - the --debug lines.  One write(2) per line from a stack buffer:
 * no stdio, no heap, so the container's init may log between clone and
 * execve, and lines of several processes appending to one log do not
 * interleave. */
#include "debug.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

int rm_debug_fd = -1;
static bool debug_json;

void debug_open(const char *log, bool json)
{
	debug_json = json;
	rm_debug_fd = log ? openat(AT_FDCWD, log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)
			  : fcntl(2, F_DUPFD_CLOEXEC, 3);
}

struct esc_buf {
	char *p;
	size_t len, o;
	bool full;
};

/* Cut before the first piece that might not fit (an escape is at most 6). */
static void put_buf(void *ctx, const char *p, size_t n)
{
	struct esc_buf *b = ctx;
	if (b->full || b->o + 7 >= b->len) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->o, p, n);
	b->o += n;
}

/* JSON string body (also logrus text's quoting): " \ and controls escaped. */
static size_t escape(char *out, size_t len, const char *s)
{
	struct esc_buf b = { out, len, 0, false };
	json_escape(s, put_buf, &b);
	out[b.o] = '\0';
	return b.o;
}

void debug_printf(const char *fmt, ...)
{
	char msg[1024], esc[2048], line[2300], ts[40];
	struct timespec now;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	escape(esc, sizeof esc, msg);
	clock_gettime(CLOCK_REALTIME, &now);
	util_rfc3339(ts, sizeof ts, now.tv_sec, now.tv_nsec);
	/* The pid tells the init's steps from runc-mini's. */
	int n = debug_json ? snprintf(line, sizeof line, "{\"level\":\"debug\",\"msg\":\"%s\",\"pid\":%d,\"time\":\"%s\"}\n",
				      esc, (int)getpid(), ts)
			   : snprintf(line, sizeof line, "time=\"%s\" level=debug msg=\"%s\" pid=%d\n", ts, esc,
				      (int)getpid());
	if (n > 0)
		util_write_all(rm_debug_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
