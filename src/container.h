/* SPDX-License-Identifier: Apache-2.0 */
/* container.h - the lifecycle engine the CLI verbs call.
 *
 * Covers two files: container.c makes containers (create, run: prepare,
 * clone, set up, start the init) and lifecycle.c acts on existing ones
 * through their state (start, state, kill, delete, pause, resume, list, ps). */
#ifndef RM_CONTAINER_H
#define RM_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "err.h"
#include "init.h"

struct rm_run_opts {
	const char *root;            /* state directory (--root) */
	const char *bundle;          /* directory holding config.json or container.json */
	const char *id;              /* NULL: derived from the bundle's name */
	const char *pid_file;
	const char *console_socket;
	bool no_pivot;
	bool detach;                 /* run -d: return once the process runs */
	bool no_new_keyring;         /* keep the caller's session keyring */
	int preserve_fds;
	enum rm_cg_mode cg_mode;
	enum rm_init_mode init;      /* --init, --init-group */
};

/* Foreground run (create + start, forward signals, proxy the terminal,
 * wait, delete).  *status is the container's exit status (128+N when
 * killed by signal N); with o->detach it returns once the process runs. */
int container_run(const struct rm_run_opts *o, int *status, struct rm_err *err);
/* Set everything up; the init waits for `start`.  Returns once the pid
 * file and state are written. */
int container_create(const struct rm_run_opts *o, struct rm_err *err);

/* lifecycle.c: the commands on an existing container. */
int container_start(const char *root, const char *id, struct rm_err *err);
int container_state(const char *root, const char *id, char *buf, size_t len, struct rm_err *err);
int container_kill(const char *root, const char *id, int sig, bool all, struct rm_err *err);
int container_delete(const char *root, const char *id, bool force, struct rm_err *err);
int container_pause(const char *root, const char *id, struct rm_err *err);
int container_resume(const char *root, const char *id, struct rm_err *err);
struct rm_list_entry {
	char id[256];
	int pid;
	char status[16];
	char bundle[4096];
	char created[64];
};
/* Every container under root (at most max), sorted by id. */
int container_list(const char *root, struct rm_list_entry *out, int max, struct rm_err *err);

/* pids of the container (its cgroup, or the init alone without one). */
int container_pids(const char *root, const char *id, pid_t *pids, size_t max, struct rm_err *err);

#endif
