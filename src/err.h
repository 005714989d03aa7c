/* SPDX-License-Identifier: Apache-2.0 */
/* err.h - the caller-owned error type.
 *
 * A fallible function fills a struct rm_err and returns -1 (or NULL).  The
 * message lives in the struct itself: no heap, so it works after clone(),
 * under a tight memory limit, and travels to the parent over the sync socket
 * as plain bytes.  Only main() prints it.
 */
#ifndef RM_ERR_H
#define RM_ERR_H

#include <stdbool.h>
#include <stddef.h>

#define RM_ERR_MSG 1024

struct rm_err {
	int errnum;              /* errno of the failing call, 0 if none */
	char msg[RM_ERR_MSG];    /* complete one-line message */
};

/* Record a failure: msg = fmt, then ": <errno text>" when errnum != 0.
 * Always returns -1 so a caller can `return rm_fail(...)`. */
int rm_fail(struct rm_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Add context in front of an existing message: "ctx: old message". */
int rm_wrap(struct rm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* errno text in Go's (runc's) lower-case wording: "no such file or
 * directory".  Engines match these strings to pick exit codes 126/127. */
const char *rm_strerror(int errnum, char *buf, size_t len);

void rm_err_clear(struct rm_err *err);

/* The one way to ignore an error: pass RM_ERR_IGNORE, a fresh dummy
 * struct rm_err that lives until the end of the enclosing block.  Not
 * NULL: a function may read err->errnum or add context on its way up. */
#define RM_ERR_IGNORE (&(struct rm_err){ .errnum = 0 })

/* Warnings: the code that finds something odd goes on after it.  Only
 * main prints: it installs the sink, which gets each warning at once (a
 * foreground run must not hold a warning back until the container exits),
 * so a warning never depends on which struct rm_err is in reach.  Without
 * a sink (unit tests) the last warning is kept for rm_last_warning(). */
typedef void (*rm_warn_sink)(const char *msg);
void rm_warn_set_sink(rm_warn_sink sink);
void rm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *rm_last_warning(void);
/* Re-reading a config that was warned about at create (state, delete,
 * exec's reload) says nothing again: muted warnings are dropped.
 * Returns the previous setting. */
bool rm_warn_mute(bool mute);

#endif
