/* SPDX-License-Identifier: Apache-2.0 */
/* update.h - live resources and statistics of a running container. */
#ifndef RM_UPDATE_H
#define RM_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"
#include "err.h"
#include "resources.h"

/* Apply res to the running container, then merge the update (json: the
 * --resources text, or NULL to build it from res's command-line fields)
 * into the linux.resources of the container's saved config. */
int container_update(const char *root, const char *id, const struct rm_resources *res,
		     const char *json, size_t json_len, struct rm_err *err);
int container_stats(const char *root, const char *id, struct rm_cg_stats *s, bool *running,
		    struct rm_err *err);

#endif
