/* SPDX-License-Identifier: Apache-2.0 */
/* safe.h - resolve paths inside the container's rootfs.
 *
 * Threat model: the rootfs belongs to the container image and is untrusted;
 * it may contain symlinks pointing anywhere ("/etc -> /host/etc",
 * "dev -> ../../..") and a process could swap a directory for a symlink
 * between two of our system calls (CVE-2021-30465).  So a destination is
 * never built as rootfs + "/" + path and handed to mount(2): it is resolved
 * component by component with the rootfs as the root (symlinks are followed
 * as if chrooted, ".." stops at the root), missing components are created
 * on the way, and the caller mounts onto /proc/self/fd/N of the result.
 */
#ifndef RM_SAFE_H
#define RM_SAFE_H

#include <stdbool.h>

#include "err.h"

enum safe_create { SAFE_NO_CREATE, SAFE_CREATE_DIR, SAFE_CREATE_FILE };

/* An O_PATH fd for `path` resolved inside rootfd; -1 and err on failure.
 * With SAFE_CREATE_*, missing components are created (directories 0755, the
 * last one a directory or an empty file 0644). */
int safe_resolve(int rootfd, const char *path, enum safe_create create, struct rm_err *err);
/* The id of the mount fd lies on (/proc/self/fdinfo, 3.15+): tells a
 * mount runc-mini made from a bind of a host directory.  Before the pivot. */
int safe_mnt_id(int fd, struct rm_err *err);
/* "/proc/self/fd/N" for an fd, in a caller buffer of at least 32 bytes. */
const char *safe_fd_path(int fd, char *buf);

#endif
