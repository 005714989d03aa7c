/* SPDX-License-Identifier: Apache-2.0 */
/* user.h - an image's USER ("name", "uid", "name:group", "uid:gid")
 * resolved against its own /etc/passwd and /etc/group text (no syscalls:
 * the caller reads the files inside the rootfs). */
#ifndef RM_IMG_USER_H
#define RM_IMG_USER_H

#include <stddef.h>
#include <stdint.h>

#include "../err.h"

#define USER_MAX_GROUPS 64

struct user_ids {
	uint32_t uid, gid;
	uint32_t groups[USER_MAX_GROUPS];
	size_t n_groups;
};

/* "name", "uid", "name:group", "uid:gid" -> ids, as runc's GetExecUser
 * does: names from passwd/group (either may be NULL), unknown numbers used
 * as they are, supplementary groups from group member lists only when no
 * group was given; the primary group is one too when a user was named
 * (what podman run shows). */
int user_resolve(const char *spec, const char *passwd, const char *group, struct user_ids *out,
		 struct rm_err *err);

#endif
