/* config.h - the bundle's config.json: `runc-mini spec`'s default with the
 * image's process, user, annotations and volumes put in, the way podman
 * and umoci map an image config.  No syscalls: the caller reads the
 * image's /etc/passwd and /etc/group and writes the text. */
#ifndef RM_IMG_CONFIG_H
#define RM_IMG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../err.h"
#include "oci.h"

#define USER_MAX_GROUPS 64

struct user_ids {
	uint32_t uid, gid;
	uint32_t groups[USER_MAX_GROUPS];
	size_t n_groups;
};

/* "name", "uid", "name:group", "uid:gid" -> ids, as runc's GetExecUser
 * does: names from passwd/group (either may be NULL), unknown numbers used
 * as they are, supplementary groups from group member lists only when no
 * group was given. */
int cfg_resolve_user(const char *spec, const char *passwd, const char *group, struct user_ids *out,
		     struct rm_err *err);

struct bundle_process {
	char **args, **env;
	size_t n_args, n_env;
	const char *cwd;
	struct user_ids user;
};

/* The config.json text (malloc'd) for the image config cfg (NULL for a bare
 * rootfs) and the process p. */
int cfg_render(const struct image_config *cfg, const struct bundle_process *p, bool rootless, bool readonly,
	       uint32_t host_uid, uint32_t host_gid, char **out, size_t *len, struct rm_err *err);

#endif
