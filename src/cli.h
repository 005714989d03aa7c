/* cli.h - options shared by every verb, and the verbs' entry points.
 * A verb file parses its options and makes one call into the engine; only
 * main.c prints errors and exits. */
#ifndef RM_CLI_H
#define RM_CLI_H

#include <stdbool.h>

#include "err.h"

struct rm_global {
	const char *root;          /* --root: state directory */
	const char *log;           /* --log FILE */
	bool log_json;             /* --log-format json */
	bool debug;
	bool systemd_cgroup;
	const char *rootless;      /* auto|true|false */
	const char *cgroup_manager;/* cgroupfs|none */
};

/* Each verb returns the process exit status, or -1 with err set. */
int cli_run_bundle(struct rm_global *g, int argc, char **argv, struct rm_err *err);
int cli_spec(struct rm_global *g, int argc, char **argv, struct rm_err *err);

#endif
