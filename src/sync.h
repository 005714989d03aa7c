/* SPDX-License-Identifier: Apache-2.0 */
/* sync.h - messages between runc-mini and the container's init over a
 * SOCK_SEQPACKET socketpair: one message per record, an fd may ride along
 * (the pty master).  Errors travel as a struct rm_err, so the user sees the
 * child's own message. */
#ifndef RM_SYNC_H
#define RM_SYNC_H

#include <stdint.h>

#include "err.h"

enum rm_sync_type {
	RM_SYNC_GO = 1,       /* parent -> child: maps written, cgroup joined: set up */
	RM_SYNC_PTY,          /* child -> parent: the pty master (fd attached) */
	RM_SYNC_READY,        /* child -> parent: set up, waiting to exec */
	RM_SYNC_START,        /* parent -> child: exec now */
	RM_SYNC_ERROR,        /* child -> parent: err attached; the child exits */
	RM_SYNC_HOOKS,        /* child -> parent: mounts done, run prestart/createRuntime */
	RM_SYNC_HOOKS_DONE,   /* parent -> child: hooks ran, go on */
	RM_SYNC_SECCOMP,      /* child -> parent: the seccomp listener (fd attached) */
	RM_SYNC_SECCOMP_DONE, /* parent -> child: the agent has it, go on */
};

struct rm_sync_msg {
	int type;
	int64_t value;        /* GO: the child's pid as the host sees it */
	struct rm_err err;
};

int sync_send(int sock, int type, const struct rm_err *e, int fd);
int sync_send_value(int sock, int type, int64_t value);
/* Receive one message. Returns 1, 0 at EOF (the child exec'd or died), -1 on error.
 * *fd receives an attached descriptor, or -1. */
int sync_recv(int sock, struct rm_sync_msg *m, int *fd);
/* Wait for a message of `type`; an RM_SYNC_ERROR or EOF becomes err.
 * *value (may be NULL) receives the message's value. */
int sync_expect(int sock, int type, int64_t *value, struct rm_err *err);

#endif
