/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h - options shared by every verb, and the verbs' entry points.
 * A verb file parses its options and makes one call into the engine; only
 * main.c prints errors and exits. */
#ifndef RM_CLI_H
#define RM_CLI_H

#include <stdbool.h>

#include "cgroup.h"
#include "err.h"
#include "init.h"

struct rm_global {
	const char *root;          /* --root: state directory */
	const char *log;           /* --log FILE */
	bool log_json;             /* --log-format json */
	bool debug;
	bool systemd_cgroup;
	const char *rootless;      /* auto|true|false */
	enum rm_cg_mode cg_mode;   /* --cgroup-manager cgroupfs|none */
	enum rm_init_mode init;    /* --init, --init-group: for run, create, [BUNDLE] */
};

/* Each verb returns the process exit status, or -1 with err set. */
int cli_run_bundle(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_run(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_create(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_start(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_state(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_kill(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_delete(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_exec(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_list(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_ps(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_pause(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_resume(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_update(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_events(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_features(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_spec(struct rm_global *g, int argc, char **argv, struct rm_err *err);

/* cli_num.c: a strict integer (digits, optional '-') within min..max, and a
 * size as runc takes it ("-1", "512", "32m", "1.5GiB").  `what` names the
 * option in the message, e.g. "update: --memory". */
#include <stdint.h>
int cli_int(const char *what, const char *s, int64_t min, int64_t max, int64_t *out, struct rm_err *err);
int cli_bytes(const char *what, const char *s, int64_t *out, struct rm_err *err);

/* The one ID argument left after the options (argv[optind]). */
int cli_one_id(int argc, char **argv, const char *verb, const char **id, struct rm_err *err);

#endif
