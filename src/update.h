/* update.h - live resources and statistics of a running container. */
#ifndef RM_UPDATE_H
#define RM_UPDATE_H

#include <stdbool.h>

#include "cgroup.h"
#include "err.h"
#include "resources.h"

int container_update(const char *root, const char *id, const struct rm_resources *res, struct rm_err *err);
int container_stats(const char *root, const char *id, struct rm_cg_stats *s, bool *running,
		    struct rm_err *err);

#endif
