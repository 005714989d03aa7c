/* hooks.h - OCI hooks: each runs with the state JSON on stdin, its own
 * args and env, and a timeout. */
#ifndef RM_HOOKS_H
#define RM_HOOKS_H

#include "err.h"
#include "spec.h"

/* Run every hook of `kind` in order; the first failure stops and fails. */
int hooks_run(const struct rm_spec *s, enum rm_hook_kind kind, const char *state_json,
	      struct rm_err *err);
const char *hooks_kind_name(enum rm_hook_kind kind);

#endif
