/* SPDX-License-Identifier: Apache-2.0 */
/* tar.h - a ustar/GNU/PAX reader over a stream.  Names are returned raw:
 * the caller (apply.c) decides what is safe.  Headers are checked
 * (checksum, octal and base-256 fields) so a corrupt or truncated archive
 * is an error rather than garbage. */
#ifndef RM_IMG_TAR_H
#define RM_IMG_TAR_H

#include <stdint.h>
#include <sys/types.h>

#include "stream.h"

#define TAR_NAME_MAX 4096
#define TAR_MAX_XATTRS 4

/* A PAX SCHILY.xattr.NAME record (file capabilities, user.* attributes). */
struct tar_xattr {
	char name[64];
	unsigned char value[256];
	size_t len;
};

struct tar_entry {
	char type;                 /* '0' file, '1' hard link, '2' symlink, '3' chr, '4' blk, '5' dir, '6' fifo */
	char name[TAR_NAME_MAX];
	char link[TAR_NAME_MAX];
	uint64_t size;             /* data bytes of a file */
	uint32_t mode;
	uint64_t uid, gid;
	int64_t mtime;
	uint32_t devmajor, devminor;
	struct tar_xattr xattrs[TAR_MAX_XATTRS];
	int n_xattrs;
};

struct tar {
	struct stream *in;
	uint64_t left;             /* data of the current entry not yet read */
	uint64_t pad;              /* padding after it */
	struct tar_entry pax;      /* what PAX and GNU headers said of the next entry */
};

void tar_init(struct tar *t, struct stream *in);
/* 1 and *e filled, 0 at the end of the archive, -1 on error. */
int tar_next(struct tar *t, struct tar_entry *e, struct rm_err *err);
/* Data of the current entry: up to len bytes, 0 at its end. */
ssize_t tar_read(struct tar *t, void *buf, size_t len, struct rm_err *err);

#endif
