/* update.c - `update` and `events`: live resources and statistics of a
 * running container, through its cgroup. */
#include "update.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "state.h"

int container_update(const char *root, const char *id, const struct rm_resources *res, struct rm_err *err)
{
	struct rm_state st;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	int r;
	if (state_status(&st) == RM_STATUS_STOPPED)
		r = rm_fail(err, 0, "container not running");
	else if (st.cg.backend == RM_CG_BACKEND_NONE)
		r = rm_fail(err, 0, "cannot update a container without cgroups");
	else
		r = cg_update(&st.cg, res, err);
	state_unlock(&st);
	return r;
}

/* One stats sample; *running says whether the container is still there. */
int container_stats(const char *root, const char *id, struct rm_cg_stats *s, bool *running,
		    struct rm_err *err)
{
	struct rm_state st;
	if (state_load(&st, root, id, err) < 0)
		return -1;
	*running = state_status(&st) != RM_STATUS_STOPPED;
	int r = *running ? cg_stats(&st.cg, s, err) : rm_fail(err, 0, "container not running");
	state_unlock(&st);
	return r;
}
