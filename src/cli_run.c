/* cli_run.c - `runc-mini [BUNDLE]`: run a bundle in the foreground. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "container.h"

int cli_run_bundle(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	struct rm_run_opts o = { .bundle = ".", .cg_mode = RM_CG_AUTO };
	int status = 0;

	if (argc > 2)
		return rm_fail(err, 0, "too many arguments: expected at most one BUNDLE (see --help)");
	if (argc == 2)
		o.bundle = argv[1];
	if (strcmp(g->cgroup_manager, "none") == 0)
		o.cg_mode = RM_CG_NONE;
	if (container_run(&o, &status, err) < 0)
		return -1;
	return status;
}
