/* container.h - the lifecycle engine the CLI verbs call. */
#ifndef RM_CONTAINER_H
#define RM_CONTAINER_H

#include <stdbool.h>

#include "cgroup.h"
#include "err.h"

struct rm_run_opts {
	const char *bundle;          /* directory holding config.json or container.json */
	const char *id;              /* NULL: derived from the bundle's name */
	bool no_pivot;
	int preserve_fds;
	const char *console_socket;
	enum rm_cg_mode cg_mode;
};

/* Create and start a container in the foreground: forward signals, proxy
 * the terminal, wait, clean up.  *status is the container's exit status
 * (128+N when killed by signal N). */
int container_run(const struct rm_run_opts *o, int *status, struct rm_err *err);

#endif
