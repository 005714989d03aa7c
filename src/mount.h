/* SPDX-License-Identifier: Apache-2.0 */
/* mount.h - the container's filesystem: rootfs, mounts, pivot, masked and
 * read-only paths.  Runs in the child, in its new mount namespace.
 *
 * Covers the mount layer: mount.c (the sequence, options, pivot),
 * mount_attr.c (recursive attributes and their 4.x fallback), mount_mask.c
 * (masked and read-only paths), mount_copy.c (tmpcopyup), mount_proc.c
 * (what may be mounted on /proc), mount_cgroup.c (the cgroup mount) and
 * mount_idmap.c (idmapped trees, made by the parent: container.c). */
#ifndef RM_MOUNT_H
#define RM_MOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "plan.h"

/* Make the host's mounts not propagate into ours, bind the rootfs onto
 * itself and return an O_PATH fd of it. */
int mnt_prepare_rootfs(const struct rm_plan *p, struct rm_err *err);
/* In a new user namespace, before the init becomes its root: the bind
 * sources, opened while the init still has the caller's host ids, so that
 * a source only host root may reach still binds (runc does the same). */
int mnt_open_sources(const struct rm_plan *p, struct rm_err *err);
/* The mounts runc-mini made itself: the rootfs bind, then each fresh tmpfs.
 * /dev is populated only when it is one of these, never through a bind of
 * a host directory, however the config spells that bind. */
struct mnt_own { int ids[64]; size_t n; };
/* Each entry of `mounts`, in order, resolved inside the rootfs. */
int mnt_apply_mounts(const struct rm_plan *p, int rootfd, struct mnt_own *own, struct rm_err *err);
/* process.cwd is created (0755, inside the rootfs) when missing, as runc
 * does; it is checked again after the pivot (process.c, CVE-2024-21626). */
int mnt_make_cwd(const struct rm_plan *p, int rootfd, struct rm_err *err);
/* pivot_root into the rootfs (MS_MOVE + chroot when --no-pivot, or when /
 * is an initramfs, where pivot_root fails with EINVAL). */
int mnt_pivot(const struct rm_plan *p, int rootfd, struct rm_err *err);
/* Before the pivot (mount_mask.c): maskedPaths, with a null device of our
 * own (CVE-2025-31133). */
int mnt_mask_paths(const struct rm_plan *p, int rootfd, const struct mnt_own *own, struct rm_err *err);

/* mount_proc.c: refuse a destination on /proc (unless procfs) or inside a
 * mounted procfs (unless a bind onto an lxcfs-style file); fd is the
 * resolved destination. */
struct rm_mount;
int mnt_check_proc_dest(int fd, const struct rm_mount *m, bool bind, struct rm_err *err);
/* fd is a device node of that type and number (CVE-2025-31133/52565:
 * a node runc-mini binds must be what it claims, not a host file). */
int mnt_check_node(int fd, char type, unsigned major_, unsigned minor_, const char *what, struct rm_err *err);
/* nosuid/nodev/noexec/ro of the mount at path, which a bind remount must
 * keep (locked in a user namespace). */
unsigned long mnt_locked_flags(const char *path);
/* After the pivot: readonlyPaths, root.readonly, propagation. */
int mnt_finish(const struct rm_plan *p, struct rm_err *err);

/* Exposed for unit tests: split OCI mount options into flags and data. */
struct mnt_opts {
	unsigned long set, clear, prop;
	char data[1024];
	int rec_ro;           /* "rro": recursive read-only (mount_setattr) */
	/* Recursive attributes ("rro", "rnosuid", "ratime"...), applied to the
	 * whole tree with mount_setattr(AT_RECURSIVE); RM_MOUNT_ATTR_* bits. */
	uint64_t rec_set, rec_clr;
	bool tmpcopyup;       /* copy the covered directory into a new tmpfs */
	bool idmap, ridmap;   /* idmapped bind mount (ridmap: the whole tree) */
};
int mnt_parse_options(char *const *options, struct mnt_opts *o, struct rm_err *err);

/* mount_copy.c: tmpcopyup.  `under` is a directory fd of the destination
 * opened before the tmpfs was mounted on it (so it still names the image's
 * directory); the copy goes into the new mount. */
struct rm_mount;
int mnt_copy_up(int under, int rootfd, const struct rm_mount *m, struct rm_err *err);

/* mount_attr.c: the recursive attributes on the mount tree at `fd` (an
 * O_PATH fd of the mount point), with mount_setattr where the kernel has it
 * and a remount of each submount where it does not (4.x).  `what` names the
 * config entry for errors. */
int mnt_apply_rec_attrs(int fd, const struct mnt_opts *o, const char *what, struct rm_err *err);
/* The same fallback, used directly by tests of 4.x behaviour. */
int mnt_remount_tree(const char *path, uint64_t attr_set, uint64_t attr_clr, const char *what,
		     struct rm_err *err);

/* mount_idmap.c: idmapped bind mounts, made by the parent before clone
 * (writing arbitrary id maps needs the host's privileges) as detached
 * mount trees; the child attaches them with move_mount.  Returns the
 * number of fds made, or -1. */
struct rm_plan;
int mnt_idmap_prepare(struct rm_plan *p, struct rm_err *err);
void mnt_idmap_close(struct rm_plan *p);

struct rm_mount;
/* A mount of type "cgroup" (mount_cgroup.c). */
int mnt_cgroup(const struct rm_plan *p, int rootfd, const struct rm_mount *m,
	       const struct mnt_opts *o, struct rm_err *err);

#endif
