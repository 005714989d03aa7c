/* SPDX-License-Identifier: Apache-2.0 */
/* tiny.c - the verbs that make TINY=1 leaves out (see the Makefile): their
 * files are not linked, and each answers with one clear error instead. */
#include "cli.h"

static int left_out(const char *verb, struct rm_err *err)
{
	return rm_fail(err, 0, "%s: not in this build (built with TINY=1, which leaves out: %s)", verb,
		       RM_LEFT_OUT);
}

int cli_exec(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	return left_out("exec", err);
}

int cli_update(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	return left_out("update", err);
}

int cli_events(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	return left_out("events", err);
}
