/* SPDX-License-Identifier: Apache-2.0 */
/* stream.h - byte sources for image blobs: a range of a file (a blob in an
 * OCI layout, or a member of a saved archive, read with pread) or a pipe
 * from `gzip -dc` (busybox's gzip on the device).  An optional SHA-256
 * sees every byte read. */
#ifndef RM_IMG_STREAM_H
#define RM_IMG_STREAM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../err.h"
#include "sha256.h"

struct stream {
	int fd;              /* the file (range mode) or the pipe's read end */
	bool is_pipe;
	uint64_t off, end;   /* range mode: next offset, end offset */
	uint64_t done;       /* bytes delivered */
	pid_t feeder, gzip;  /* pipe mode: children */
	struct sha256 *hash; /* NULL: no hashing */
	const char *name;    /* for messages */
};

enum blob_comp { COMP_NONE, COMP_GZIP, COMP_ZSTD, COMP_OTHER };

/* Set by a signal handler (SIGINT, SIGTERM, SIGHUP): the next read fails
 * with "interrupted", so that the caller's error path runs and removes
 * what was made. */
extern volatile sig_atomic_t stream_interrupted;

/* What the first bytes of a range say it is compressed with. */
int stream_sniff(int fd, uint64_t off, uint64_t size, enum blob_comp *comp, struct rm_err *err);
/* Read the range [off, off+size) of fd (not owned), decompressed when gzip. */
int stream_open(struct stream *s, int fd, uint64_t off, uint64_t size, enum blob_comp comp,
		const char *name, struct rm_err *err);
/* Up to len bytes; 0 at the end; -1 on error. */
ssize_t stream_read(struct stream *s, void *buf, size_t len, struct rm_err *err);
/* Read exactly len bytes (a truncated input is an error). */
int stream_read_full(struct stream *s, void *buf, size_t len, struct rm_err *err);
/* Skip n bytes (a seek for an unhashed range). */
int stream_skip(struct stream *s, uint64_t n, struct rm_err *err);
/* Drain, reap the children; a gzip failure is reported here. */
int stream_close(struct stream *s, struct rm_err *err);
/* Abandon: kill and reap children, close. */
void stream_abort(struct stream *s);

#endif
