/* SPDX-License-Identifier: Apache-2.0 */
/* apply.h - unpack image layers into a rootfs.
 *
 * Untrusted: every member of every layer.  A member name that is absolute
 * or has a ".." component is refused; parents are resolved inside the
 * rootfs and must be real directories, so nothing is ever written through a
 * symlink an earlier member (of this or an earlier layer) placed; hard link
 * targets and whiteouts resolve the same way.  Ownership and device nodes
 * need root: without it files stay the caller's and devices are skipped.
 */
#ifndef RM_IMG_APPLY_H
#define RM_IMG_APPLY_H

#include <stdbool.h>

#include "strmap.h"
#include "tar.h"

struct apply {
	int rootfd;              /* the rootfs directory (not owned) */
	bool root;               /* set owners, make device nodes */
	bool whiteouts;          /* .wh. names are whiteouts (image layers, not an export) */
	unsigned skipped_devices;
	struct strmap written;   /* paths (and their parents) of the current layer */
	struct strmap dirs;      /* directory -> mode and mtime, set at the end */
	/* Called now and then with the bytes of the layer read so far. */
	void (*progress)(void *arg, uint64_t done);
	void *progress_arg;
	uint64_t reported;
};

/* Apply one layer; `what` names it in messages ("layer 2 (sha256:...)"). */
int apply_layer(struct apply *a, struct tar *t, const char *what, struct rm_err *err);
/* Directory modes and times, deepest first; frees the maps. */
int apply_finish(struct apply *a, struct rm_err *err);
void apply_free(struct apply *a);

/* "a/./b/" -> "a/b"; absolute names and ".." components are refused. */
int apply_clean_name(const char *raw, char *out, size_t len);
/* An O_PATH fd of directory `rel` inside rootfd, never through a symlink
 * (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS, or a walk with O_NOFOLLOW on
 * kernels before 5.6).  Missing directories are made when `create`. */
int apply_open_dir(int rootfd, const char *rel, bool create, struct rm_err *err);
/* Make directory rel (and its parents) like an implicit parent of a
 * member: 0755, time 0, set by apply_finish.  Never through a symlink. */
int apply_make_dir(struct apply *a, const char *rel, struct rm_err *err);
/* Tests set this to take the walk, as on a kernel without openat2. */
extern bool apply_walk_only;
/* Remove name (a tree, never following symlinks) under dirfd; ENOENT is fine. */
int apply_remove(int dirfd, const char *name);

#endif
