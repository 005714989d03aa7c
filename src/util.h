/* SPDX-License-Identifier: Apache-2.0 */
/* util.h - small file helpers shared by every layer. */
#ifndef RM_UTIL_H
#define RM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "err.h"

/* Read a whole regular file of at most `max` bytes; *out is NUL-terminated, caller frees. */
int util_read_file(const char *path, size_t max, char **out, size_t *len, struct rm_err *err);
/* Same, relative to dirfd (AT_FDCWD for none). */
int util_read_fileat(int dirfd, const char *path, size_t max, char **out, size_t *len,
		     struct rm_err *err);
/* fopen(path, mode "e") without musl's two fcntl(FD_CLOEXEC) after it
 * (fopen's open() adds one, fdopen's "e" another): openat with flags |
 * O_CLOEXEC (mode 0666 if created), then fdopen(mode).  NULL and errno. */
FILE *util_fopen(const char *path, int flags, const char *mode);
/* A set of signals 1..127 (MIPS has 127), bit n-1 for signal n. */
struct util_sigs { unsigned char bits[16]; };
/* The signals ignored now, from /proc/self/status's SigIgn (one read, not
 * one rt_sigaction per signal); all of them when it cannot be read. */
void util_sig_ignored(struct util_sigs *ign);
/* Right before execve: every signal in `ign`, and SIGPIPE (hooks.c
 * ignores it for a while), back to SIG_DFL.  execve resets every caught
 * handler itself; only SIG_IGN would survive into the container's
 * process, even libc's internal signals, which only the raw call sets. */
void util_sig_default(const struct util_sigs *ign);
/* Write `len` bytes to an existing file (e.g. /proc and cgroup files). */
int util_write_file(const char *path, const char *buf, size_t len, struct rm_err *err);
/* Write all of buf to fd, retrying on EINTR and short writes. */
int util_write_all(int fd, const void *buf, size_t len);
/* sscanf's small subset, without musl's vfscanf (4 KiB): %d %u with l/ll,
 * %Ns and %*s, a space in fmt skips any white space, other characters
 * match themselves.  Numbers are digits (and '-' for %d) that fit the
 * type.  Returns the number of assignments made, as sscanf. */
int util_scan(const char *s, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
/* Write path atomically: a temporary file in the same dir, fsync, rename. */
int util_write_atomic(const char *path, const char *buf, size_t len, mode_t mode, struct rm_err *err);
/* The same; without fsync unless durable (readers still see the old file or
 * the new one, never a part: only a crash of the host can lose it). */
int util_write_replace(const char *path, const char *buf, size_t len, mode_t mode, bool durable, struct rm_err *err);

/* UTC time as RFC 3339 ("2026-11-29T01:28:08Z"); nsec >= 0 adds nanoseconds. */
void util_rfc3339(char *buf, size_t len, time_t sec, long nsec);

/* Cleanup helpers for __attribute__((cleanup)). */
void util_closep(int *fd);
void util_freep(void *p);
#define cleanup_fd __attribute__((cleanup(util_closep)))
#define cleanup_free __attribute__((cleanup(util_freep)))
/* Hand ownership on: return the value and reset the variable. */
/* The number of elements of an array (not of a pointer). */
#define RM_COUNT(a) (sizeof (a) / sizeof (a)[0])

#define steal_fd(fd) ({ int _f = (fd); (fd) = -1; _f; })
#define steal_ptr(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

#endif
