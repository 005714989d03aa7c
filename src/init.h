/* SPDX-License-Identifier: Apache-2.0 */
/* init.h - runc-mini as PID 1 of a container (--init): a tini-like loop
 * that forks the container's process, forwards signals to it, reaps every
 * zombie and exits with the process's status. */
#ifndef RM_INIT_H
#define RM_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

enum rm_init_mode {
	RM_INIT_NONE,       /* the process is the container's init (exec) */
	RM_INIT_ON,         /* --init: signals go to the process */
	RM_INIT_GROUP,      /* --init-group: to its whole process group (tini -g) */
};

/* The annotation that asks for --init from an engine's config.json:
 * "true" / "group" / "false". */
#define RM_INIT_ANNOTATION "org.runc-mini.init"

/* Value of RM_INIT_ANNOTATION as a mode; -1 with err on a bad value. */
int init_mode_parse(const char *value, enum rm_init_mode *mode, struct rm_err *err);

/* main() hands over its argv: the init rewrites the command line it
 * inherited, which any process of the container may read from
 * /proc/1/cmdline (it names host paths: the bundle, the log, the pid file). */
void init_save_argv(int argc, char **argv);

/* Block every signal (so none is lost before the loop runs), become a
 * subreaper when we are not PID 1 of a pid namespace, and fork.  The child
 * gets its own process group (and the foreground of its terminal when
 * `tty`); it must restore its signal mask before execve.  Returns the
 * child's pid in the parent, 0 in the child, -1 with err. */
pid_t init_fork(bool tty, struct rm_err *err);

/* The parent after init_fork: close every fd above 2, then forward, reap
 * and finally _exit with the status of `kid` (its code, 128+N after a
 * death by signal N). */
_Noreturn void init_loop(pid_t kid, enum rm_init_mode mode);

#endif
