/* SPDX-License-Identifier: Apache-2.0 */
/* dev.h - device nodes and the /dev layout inside the rootfs. */
#ifndef RM_DEV_H
#define RM_DEV_H

#include "err.h"
#include "plan.h"

/* Create the default devices (null zero full random urandom tty), the
 * config's linux.devices, and the /dev symlinks (fd, stdin, stdout, stderr,
 * ptmx, core).  In a new user namespace nodes cannot be made: the host's
 * nodes are bind-mounted instead. */
struct mnt_own;
/* Only when /dev is one of `own` (mount.h); a /dev bound from the host is
 * left alone. */
int dev_populate(const struct rm_plan *p, int rootfd, const struct mnt_own *own, struct rm_err *err);

#endif
