/* SPDX-License-Identifier: Apache-2.0 */
/* cli_exec.c - `exec [options] ID [COMMAND ARGS...]`, runc's options. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exec.h"

int cli_exec(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "process", required_argument, 0, 'p' }, { "detach", no_argument, 0, 'd' },
		{ "pid-file", required_argument, 0, 'P' }, { "tty", no_argument, 0, 't' },
		{ "console-socket", required_argument, 0, 'c' }, { "cwd", required_argument, 0, 'w' },
		{ "env", required_argument, 0, 'e' }, { "user", required_argument, 0, 'u' },
		{ "cap", required_argument, 0, 'C' }, { "no-new-privs", no_argument, 0, 'n' },
		{ "preserve-fds", required_argument, 0, 'F' }, { "additional-gids", required_argument, 0, 'g' },
		{ "apparmor", required_argument, 0, 'a' }, { "process-label", required_argument, 0, 'l' },
		{ 0, 0, 0, 0 },
	};
	struct rm_exec_opts o;
	int c, status = 0;
	int64_t n;
	memset(&o, 0, sizeof o);
	o.root = g->root;
	/* "+": the container's command may have options of its own. */
	while ((c = getopt_long(argc, argv, "+p:dtu:e:w:", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.process_file = optarg; break;
		case 'd': o.detach = true; break;
		case 'P': o.pid_file = optarg; break;
		case 't': o.tty = o.tty_set = true; break;
		case 'c': o.console_socket = optarg; break;
		case 'w': o.cwd = optarg; break;
		case 'u': o.user = optarg; break;
		case 'n': o.no_new_privs = true; break;
		case 'e':
			if (o.n_env >= 64)
				return rm_fail(err, 0, "exec: too many --env");
			o.env[o.n_env++] = optarg;
			break;
		case 'C':
			if (o.n_caps >= 64)
				return rm_fail(err, 0, "exec: too many --cap");
			o.caps[o.n_caps++] = optarg;
			break;
		case 'F':
			if (cli_int("exec: --preserve-fds", optarg, 0, 1000, &n, err) < 0)
				return -1;
			o.preserve_fds = (int)n;
			break;
		case 'g': case 'a': case 'l':
			return rm_fail(err, 0, "exec: --%s is not supported yet", c == 'g' ? "additional-gids" :
				       c == 'a' ? "apparmor" : "process-label");
		default:
			return rm_fail(err, 0, "exec: unknown option (see runc-mini --help)");
		}
	}
	if (optind >= argc)
		return rm_fail(err, 0, "exec: a container id is required");
	o.id = argv[optind];
	o.args = argv + optind + 1;
	o.n_args = argc - optind - 1;
	return container_exec(&o, &status, err) < 0 ? -1 : status;
}
