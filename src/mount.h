/* mount.h - the container's filesystem: rootfs, mounts, pivot, masked and
 * read-only paths.  Runs in the child, in its new mount namespace. */
#ifndef RM_MOUNT_H
#define RM_MOUNT_H

#include "err.h"
#include "plan.h"

/* Make the host's mounts not propagate into ours, bind the rootfs onto
 * itself and return an O_PATH fd of it. */
int mnt_prepare_rootfs(const struct rm_plan *p, struct rm_err *err);
/* Each entry of `mounts`, in order, resolved inside the rootfs. */
int mnt_apply_mounts(const struct rm_plan *p, int rootfd, struct rm_err *err);
/* pivot_root into the rootfs (MS_MOVE + chroot when --no-pivot, or when /
 * is an initramfs, where pivot_root fails with EINVAL). */
int mnt_pivot(const struct rm_plan *p, int rootfd, struct rm_err *err);
/* After the pivot: maskedPaths, readonlyPaths, root.readonly, propagation. */
int mnt_finish(const struct rm_plan *p, struct rm_err *err);

/* Exposed for unit tests: split OCI mount options into flags and data. */
struct mnt_opts {
	unsigned long set, clear, prop;
	char data[1024];
	int rec_ro;           /* "rro": recursive read-only (mount_setattr) */
};
int mnt_parse_options(char *const *options, struct mnt_opts *o, struct rm_err *err);

struct rm_mount;
/* A mount of type "cgroup" (mount_cgroup.c). */
int mnt_cgroup(const struct rm_plan *p, int rootfd, const struct rm_mount *m,
	       const struct mnt_opts *o, struct rm_err *err);

#endif
