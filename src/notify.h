/* SPDX-License-Identifier: Apache-2.0 */
/* notify.h - SCMP_ACT_NOTIFY's two halves, shared by the init (child.c,
 * container.c) and exec (exec.c): load the filter and send its listener
 * to runc-mini, and hand that listener to the seccomp agent. */
#ifndef RM_NOTIFY_H
#define RM_NOTIFY_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/filter.h>

#include "err.h"
#include "state.h"

/* In the container: install the notify filter, send its listener over
 * sock, wait until runc-mini has handed it on. */
int notify_load(const struct sock_filter *insns, size_t len, unsigned flags, int sock, struct rm_err *err);

/* In runc-mini: the listener fd to the agent at linux.seccomp.listenerPath
 * with the container process state, then tell the process (named by what)
 * over sock that it may go on. */
int notify_hand_over(const struct rm_state *st, enum rm_status status, const struct rm_spec *spec, pid_t pid,
		     int fd, int sock, const char *what, struct rm_err *err);

#endif
