/* SPDX-License-Identifier: Apache-2.0 */
/* cli_lifecycle.c - start, state, kill, delete, pause, resume: one id each. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "container.h"
#include "signames.h"

/* Verbs whose only option is the id (runc's start, state, pause, resume). */
static int only_id(int argc, char **argv, const char *verb, const char **id, struct rm_err *err)
{
	static const struct option none[] = { { 0, 0, 0, 0 } };
	if (getopt_long(argc, argv, "+", none, NULL) != -1)
		return rm_fail(err, 0, "%s: unknown option", verb);
	return cli_one_id(argc, argv, verb, id, err);
}

int cli_start(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	const char *id;
	if (only_id(argc, argv, "start", &id, err) < 0)
		return -1;
	return container_start(g->root, id, err) < 0 ? -1 : 0;
}

int cli_state(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static char buf[65536];
	const char *id;
	if (only_id(argc, argv, "state", &id, err) < 0)
		return -1;
	int n = container_state(g->root, id, buf, sizeof buf, err);
	if (n < 0)
		return -1;
	fwrite(buf, 1, (size_t)n, stdout);
	return 0;
}

int cli_pause(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	const char *id;
	if (only_id(argc, argv, "pause", &id, err) < 0)
		return -1;
	return container_pause(g->root, id, err) < 0 ? -1 : 0;
}

int cli_resume(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	const char *id;
	if (only_id(argc, argv, "resume", &id, err) < 0)
		return -1;
	return container_resume(g->root, id, err) < 0 ? -1 : 0;
}

int cli_kill(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = { { "all", no_argument, 0, 'a' }, { 0, 0, 0, 0 } };
	bool all = false;
	int c, sig = 15;
	while ((c = getopt_long(argc, argv, "+a", opts, NULL)) != -1) {
		if (c != 'a')
			return rm_fail(err, 0, "kill: unknown option (usage: kill [--all] ID [SIGNAL])");
		all = true;
	}
	if (optind >= argc || argc - optind > 2)
		return rm_fail(err, 0, "kill: usage: kill [--all] ID [SIGNAL]");
	/* Signal 0, as runc takes it: only "is the container alive?". */
	if (argc - optind == 2 && strcmp(argv[optind + 1], "0") == 0)
		sig = 0;
	else if (argc - optind == 2 && (sig = sig_parse(argv[optind + 1])) < 0)
		return rm_fail(err, 0, "kill: unknown signal \"%.64s\"", argv[optind + 1]);
	return container_kill(g->root, argv[optind], sig, all, err) < 0 ? -1 : 0;
}

int cli_delete(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = { { "force", no_argument, 0, 'f' }, { 0, 0, 0, 0 } };
	bool force = false;
	const char *id;
	int c;
	while ((c = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		if (c != 'f')
			return rm_fail(err, 0, "delete: unknown option (usage: delete [--force] ID)");
		force = true;
	}
	if (cli_one_id(argc, argv, "delete", &id, err) < 0)
		return -1;
	return container_delete(g->root, id, force, err) < 0 ? -1 : 0;
}
