/* SPDX-License-Identifier: Apache-2.0 */
/* config.h - the bundle's config.json: `runc-mini spec`'s default with the
 * image's process, user, annotations and volumes put in, the way podman
 * and umoci map an image config.  No syscalls: the caller writes the text. */
#ifndef RM_IMG_CONFIG_H
#define RM_IMG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../err.h"
#include "oci.h"
#include "user.h"

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
