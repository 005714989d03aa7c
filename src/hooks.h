/* SPDX-License-Identifier: Apache-2.0 */
/* hooks.h - OCI hooks: each runs with the state JSON on stdin, its own
 * args and env, and a timeout. */
#ifndef RM_HOOKS_H
#define RM_HOOKS_H

#include "err.h"
#include "spec.h"
#include "state.h"

/* Run every hook of `kind` in order; the first failure stops and fails. */
int hooks_run(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
	      struct rm_err *err);
/* runtime-spec: a failing poststart or poststop hook is a warning and the
 * remaining hooks of that kind still run.  Runs every hook of `kind`,
 * calls warn() with each failure, returns how many failed. */
int hooks_run_all(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
		  void (*warn)(const struct rm_err *e));
const char *hooks_kind_name(enum rm_hook_kind kind);

/* The hooks of `kind` with the state JSON of `st` in `status` on stdin:
 * hooks_run_state fails at the first failure; hooks_warn_state (poststart,
 * poststop) makes each failure a warning (rm_warn) and runs them all. */
int hooks_run_state(const struct rm_state *st, enum rm_status status, const struct rm_spec *s,
		    enum rm_hook_kind kind, struct rm_err *err);
void hooks_warn_state(const struct rm_state *st, enum rm_status status, const struct rm_spec *s,
		      enum rm_hook_kind kind);

#endif
