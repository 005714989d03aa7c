/* SPDX-License-Identifier: Apache-2.0 */
/* cli_create.c - `create` and `run`: options shared by both, and `runc-mini [BUNDLE]`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "container.h"

int cli_one_id(int argc, char **argv, const char *verb, const char **id, struct rm_err *err)
{
	if (optind >= argc)
		return rm_fail(err, 0, "%s: a container id is required", verb);
	if (optind + 1 != argc)
		return rm_fail(err, 0, "%s: expected exactly one container id", verb);
	*id = argv[optind];
	return 0;
}

/* Options of create and run, as runc spells them. */
static int parse_create(struct rm_global *g, int argc, char **argv, const char *verb, bool is_run,
			struct rm_run_opts *o, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, 0, 'b' }, { "pid-file", required_argument, 0, 'p' },
		{ "console-socket", required_argument, 0, 'c' },
		{ "preserve-fds", required_argument, 0, 'P' }, { "no-pivot", no_argument, 0, 'n' },
		{ "no-new-keyring", no_argument, 0, 'k' }, { "detach", no_argument, 0, 'd' },
		{ "no-subreaper", no_argument, 0, 's' }, { "keep", no_argument, 0, 'K' },
		{ "init", no_argument, 0, 'i' }, { "init-group", no_argument, 0, 'g' }, { 0, 0, 0, 0 },
	};
	int c;
	memset(o, 0, sizeof *o);
	o->root = g->root;
	o->bundle = ".";
	o->cg_mode = g->cg_mode;
	o->init = g->init;
	while ((c = getopt_long(argc, argv, is_run ? "+b:d" : "+b:", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o->bundle = optarg; break;
		case 'p': o->pid_file = optarg; break;
		case 'c': o->console_socket = optarg; break;
		case 'P': {
			char what[32];
			int64_t n;
			snprintf(what, sizeof what, "%s: --preserve-fds", verb);
			if (cli_int(what, optarg, 0, 1000, &n, err) < 0)
				return -1;
			o->preserve_fds = (int)n;
			break;
		}
		case 'n': o->no_pivot = true; break;
		case 'i': o->init = RM_INIT_ON; break;
		case 'g': o->init = RM_INIT_GROUP; break;
		case 'd':
			if (!is_run)
				return rm_fail(err, 0, "%s: unknown option --detach", verb);
			o->detach = true;
			break;
		case 'k': o->no_new_keyring = true; break;
		case 's': case 'K': break;   /* accepted for runc compatibility */
		default: return rm_fail(err, 0, "%s: unknown option (see runc-mini --help)", verb);
		}
	}
	if (g->systemd_cgroup)
		return rm_fail(err, 0, "--systemd-cgroup: systemd is not supported by runc-mini; "
			       "use a cgroupfs path in linux.cgroupsPath");
	return cli_one_id(argc, argv, verb, &o->id, err);
}

int cli_create(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	struct rm_run_opts o;
	if (parse_create(g, argc, argv, "create", false, &o, err) < 0)
		return -1;
	return container_create(&o, err) < 0 ? -1 : 0;
}

int cli_run(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	struct rm_run_opts o;
	int status = 0;
	if (parse_create(g, argc, argv, "run", true, &o, err) < 0)
		return -1;
	return container_run(&o, &status, err) < 0 ? -1 : status;
}

int cli_run_bundle(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	struct rm_run_opts o = { .root = g->root, .bundle = ".", .cg_mode = g->cg_mode, .init = g->init };
	int status = 0;

	if (argc > 2)
		return rm_fail(err, 0, "too many arguments: expected at most one BUNDLE (see --help)");
	if (argc == 2)
		o.bundle = argv[1];
	return container_run(&o, &status, err) < 0 ? -1 : status;
}
