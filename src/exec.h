/* SPDX-License-Identifier: Apache-2.0 */
/* exec.h - `exec`: a new process in a running container. */
#ifndef RM_EXEC_H
#define RM_EXEC_H

#include <stdbool.h>

#include "err.h"

struct rm_exec_opts {
	const char *root, *id;
	const char *process_file;     /* --process: an OCI process object */
	char **args;                  /* or the args after the id */
	int n_args;
	const char *cwd;
	const char *user;             /* uid[:gid] */
	const char *env[64];
	int n_env;
	const char *caps[64];
	int n_caps;
	bool tty, tty_set, no_new_privs, detach;
	const char *console_socket, *pid_file;
	int preserve_fds;
};

/* *status: the process's exit status (foreground), 0 with detach. */
int container_exec(const struct rm_exec_opts *o, int *status, struct rm_err *err);

#endif
