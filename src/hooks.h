/* hooks.h - OCI hooks: each runs with the state JSON on stdin, its own
 * args and env, and a timeout. */
#ifndef RM_HOOKS_H
#define RM_HOOKS_H

#include "err.h"
#include "spec.h"

/* Run every hook of `kind` in order; the first failure stops and fails. */
int hooks_run(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
	      struct rm_err *err);
/* runtime-spec: a failing poststart or poststop hook is a warning and the
 * remaining hooks of that kind still run.  Runs every hook of `kind`,
 * calls warn() with each failure, returns how many failed. */
int hooks_run_all(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
		  void (*warn)(const struct rm_err *e));
const char *hooks_kind_name(enum rm_hook_kind kind);

#endif
