/* SPDX-License-Identifier: Apache-2.0 */
/* source.h - what SOURCE is (detected from content, not its name) and how
 * to reach its blobs: an OCI layout directory, an oci-archive or
 * docker-archive tarball (plain, or gzip: unpacked first into a temporary
 * file in the bundle), an unpacked docker save, or a plain rootfs tarball
 * (docker export).  Picks the image and platform; nothing here writes. */
#ifndef RM_IMG_SOURCE_H
#define RM_IMG_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "../arena.h"
#include "../err.h"
#include "oci.h"
#include "stream.h"

enum src_kind { SRC_OCI_DIR, SRC_OCI_ARCHIVE, SRC_DOCKER_ARCHIVE, SRC_DOCKER_DIR, SRC_ROOTFS_TAR };

struct member {
	char *name;
	uint64_t off, size;
};

struct source {
	enum src_kind kind;
	const char *path;      /* as the user gave it */
	int fd, dirfd;         /* the archive, or the directory */
	struct member *m;
	size_t n, cap;
	struct rm_arena ar;
};

struct layer {
	int fd;                /* owned */
	uint64_t off, size;
	enum blob_comp comp;
	char name[600];        /* for messages: "blobs/sha256/ab12..." */
	const char *digest;    /* expected sha256 hex */
	bool of_content;       /* digest of the uncompressed tar (docker diff_id), not of the blob */
};

struct image {
	bool has_config;
	struct image_config cfg;
	struct layer *layers;
	size_t n_layers;
	char warning[256];     /* for main to print, e.g. an image for another platform */
};

/* Open SOURCE; a gzip tarball is unpacked into tmp (a path in the bundle). */
int src_open(struct source *s, const char *path, const char *tmp, struct rm_err *err);
/* Pick one image (want_image/want_platform may be NULL) and describe its
 * layers and config; index, manifest and config blobs are verified here. */
int src_select(struct source *s, const char *want_image, const char *want_platform, struct image *img,
	       struct rm_err *err);
void src_close(struct source *s, struct image *img);
/* This machine's platform as "linux/ARCH[/VARIANT]" in OCI words. */
const char *src_host_platform(void);

#endif
