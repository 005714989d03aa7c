/* SPDX-License-Identifier: Apache-2.0 */
/* gate.h - the exec fifo between `create` and `start`, on the init's side. */
#ifndef RM_GATE_H
#define RM_GATE_H

#include <sys/types.h>

#include "err.h"

struct rm_gate {
	int sock;           /* from the opener, the fifo's write end comes */
	pid_t opener;
};

/* Before the pivot, while the host's paths are reachable and we are still
 * the container's root: start the opener on the fifo at path.  path NULL
 * (run): nothing to do. */
int gate_open(const char *path, struct rm_gate *g, struct rm_err *err);
/* After READY: wait for `start`, tell it we go on, and return the write
 * end (close-on-exec), where a later failure is written; -1 if `start`
 * never came. */
int gate_pass(struct rm_gate *g);

#endif
