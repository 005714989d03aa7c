/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - global options, verb dispatch, and the only place that prints
 * errors and exits. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "boot.h"
#include "cli.h"
#include "debug.h"
#include "exe.h"
#include "json.h"
#include "util.h"

struct verb {
	const char *name;
	int (*fn)(struct rm_global *g, int argc, char **argv, struct rm_err *err);
	const char *help;
};

static const struct verb verbs[] = {
	{ "create", cli_create, "create a container (its process waits for start)" },
	{ "start", cli_start, "start the process of a created container" },
	{ "run", cli_run, "create and start a container" },
	{ "state", cli_state, "print a container's state as JSON" },
	{ "kill", cli_kill, "send a signal to a container's init (--all: to every process)" },
	{ "delete", cli_delete, "delete a stopped container (--force: any)" },
	{ "exec", cli_exec, "run a new process in a running container" },
	{ "list", cli_list, "list containers" },
	{ "ps", cli_ps, "list a container's processes" },
	{ "pause", cli_pause, "freeze every process of a container" },
	{ "resume", cli_resume, "thaw a paused container" },
	{ "update", cli_update, "change the resources of a running container" },
	{ "events", cli_events, "print stats (--stats: once) and OOM events as JSON" },
	{ "spec", cli_spec, "write a default config.json" },
	{ "features", cli_features, "print what this build supports (runtime-spec features JSON)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: runc-mini [global options] [BUNDLE]\n"
		   "       runc-mini [global options] COMMAND [options] ...\n\n"
		   "Runs the OCI bundle BUNDLE (default: the current directory) in the foreground:\n"
		   "BUNDLE/config.json, or the legacy BUNDLE/container.json.\n"
		   "Started by the kernel as PID 1 under a name ending in \"init\" (the /init of an\n"
		   "initramfs), it boots the bundles of " RM_BOOT_CONFIG " instead.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		fprintf(f, "  %-10s %s\n", verbs[i].name, verbs[i].help);
	fprintf(f, "\nglobal options:\n"
		   "  --root DIR            state directory (default /run/runc-mini)\n"
		   "  --log FILE            write errors to FILE\n"
		   "  --log-format FORMAT   text or json\n"
		   "  --cgroup-manager M    cgroupfs (default) or none\n"
		   "  --init                runc-mini is the container's PID 1: forwards signals,\n"
		   "                        reaps zombies (also run/create --init)\n"
		   "  --init-group          as --init, signals go to the process group\n"
		   "  --debug, --systemd-cgroup, --rootless VALUE\n"
		   "  --help, --version\n");
}

static void version(void)
{
	printf("runc-mini version %s\ncommit: %s\nspec: %s\n", RM_VERSION, RM_COMMIT, RM_SPEC_VERSION);
}

static void put_file(void *f, const char *p, size_t n)
{
	fwrite(p, 1, n, f);
}

/* JSON string body with the escapes a Go decoder expects. */
static void escape_to(FILE *f, const char *s)
{
	json_escape(s, put_file, f);
}

/* One line in the --log file (--log-format json: exactly one
 * {"level","msg","time"} object, which is what podman and containerd-shim
 * decode).  An unwritable log is said on stderr, once. */
static bool log_said;

static void log_line(const struct rm_global *g, const char *level, const char *msg)
{
	if (!g->log)
		return;
	FILE *f = util_fopen(g->log, O_WRONLY | O_APPEND | O_CREAT, "a");
	if (!f) {
		if (!log_said)
			fprintf(stderr, "runc-mini: warning: cannot write the log file %s: %s\n", g->log,
				strerror(errno));
		log_said = true;
		return;
	}
	char ts[40];
	util_rfc3339(ts, sizeof ts, time(NULL), -1);
	if (g->log_json) {
		fprintf(f, "{\"level\":\"%s\",\"msg\":\"", level);
		escape_to(f, msg);
		fprintf(f, "\",\"time\":\"%s\"}\n", ts);
	} else {
		/* logrus's text format, quotes escaped as runc's log has them */
		fprintf(f, "time=\"%s\" level=%s msg=\"", ts, level);
		escape_to(f, msg);
		fputs("\"\n", f);
	}
	fclose(f);
}

/* An unwritable --log is said at once, not only when an error would
 * have gone there (runc fails to start; we go on without the log). */
static void check_log(const struct rm_global *g)
{
	FILE *f = g->log ? util_fopen(g->log, O_WRONLY | O_APPEND | O_CREAT, "a") : NULL;
	if (f)
		fclose(f);
	else if (g->log && !log_said)
		fprintf(stderr, "runc-mini: warning: cannot write the log file %s: %s\n", g->log, strerror(errno));
	log_said = g->log && !f;
}

static const struct rm_global *global;

/* One error line: the bare message on stderr, and with --log also in the
 * log file.  No "runc-mini: " prefix on stderr, in any mode: like runc,
 * whose stderr line carries no program name; engines put the runtime's
 * name in front themselves (podman: "runc-mini: <stderr>" when it reads
 * our stderr). */
static void report(const struct rm_global *g, const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	log_line(g, "error", msg);
}

static void print_warning(const char *msg)
{
	fprintf(stderr, "runc-mini: warning: %s\n", msg);
	if (global)
		log_line(global, "warning", msg);
}

static int parse_global(struct rm_global *g, int argc, char **argv, struct rm_err *err)
{
	static const struct option opts[] = {
		{ "root", required_argument, 0, 'r' }, { "log", required_argument, 0, 'l' },
		{ "log-format", required_argument, 0, 'f' }, { "debug", no_argument, 0, 'd' },
		{ "systemd-cgroup", no_argument, 0, 's' }, { "rootless", required_argument, 0, 'R' },
		{ "cgroup-manager", required_argument, 0, 'c' },
		{ "init", no_argument, 0, 'i' }, { "init-group", no_argument, 0, 'g' },
		{ "help", no_argument, 0, 'h' }, { "version", no_argument, 0, 'v' }, { 0, 0, 0, 0 },
	};
	int c;
	/* "+": stop at the first non-option, the verb or the bundle. */
	while ((c = getopt_long(argc, argv, "+hv", opts, NULL)) != -1) {
		switch (c) {
		case 'r': g->root = optarg; break;
		case 'l': g->log = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				return rm_fail(err, 0, "--log-format: expected text or json, got \"%s\"", optarg);
			g->log_json = strcmp(optarg, "json") == 0;
			break;
		case 'd': g->debug = true; break;
		case 's': g->systemd_cgroup = true; break;
		case 'R': g->rootless = optarg; break;
		case 'c':
			if (strcmp(optarg, "cgroupfs") && strcmp(optarg, "none"))
				return rm_fail(err, 0, "--cgroup-manager: expected cgroupfs or none, got \"%s\"", optarg);
			g->cg_mode = strcmp(optarg, "none") == 0 ? RM_CG_NONE : RM_CG_AUTO;
			break;
		case 'i': g->init = RM_INIT_ON; break;
		case 'g': g->init = RM_INIT_GROUP; break;
		case 'h': usage(stdout); exit(0);
		case 'v': version(); exit(0);
		default: return rm_fail(err, 0, "unknown global option (see --help)");
		}
	}
	return optind;
}

/* Rootless: like runc, a non-root user's state lives in
 * $XDG_RUNTIME_DIR/runc-mini, or /tmp/runc-mini-UID without it. */
static const char *default_root(void)
{
	static char buf[4096];
	const char *x = getenv("XDG_RUNTIME_DIR");
	if (geteuid() == 0)
		return "/run/runc-mini";
	if (x && *x)
		snprintf(buf, sizeof buf, "%s/runc-mini", x);
	else
		snprintf(buf, sizeof buf, "/tmp/runc-mini-%u", (unsigned)geteuid());
	return buf;
}

/* create, run, exec and a bundle run put runtime code into a container:
 * they first re-execute from a sealed copy of the binary (exe.c). */
static bool enters_container(const struct verb *v)
{
	return !v || v->fn == cli_create || v->fn == cli_run || v->fn == cli_exec;
}

int main(int argc, char **argv)
{
	struct rm_global g = { .root = default_root(), .cg_mode = RM_CG_AUTO };
	struct rm_err err = { 0, "" };
	int first, status = -1;

	init_save_argv(argc, argv);
	/* The kernel started us as /init: boot the device (never returns). */
	if (boot_is_system_init(argv[0]))
		boot_main(argv);

	global = &g;
	/* getopt's own message would make a second line: each verb says it. */
	opterr = 0;
	rm_warn_set_sink(print_warning);
	first = parse_global(&g, argc, argv, &err);
	if (first >= 0)
		check_log(&g);
	if (first >= 0 && g.debug)
		debug_open(g.log, g.log_json);
	if (first >= 0) {
		const char *word = first < argc ? argv[first] : NULL;
		const struct verb *v = NULL;
		for (size_t i = 0; word && !strchr(word, '/') && i < sizeof verbs / sizeof verbs[0]; i++)
			if (strcmp(verbs[i].name, word) == 0)
				v = &verbs[i];
		optind = 1;
		if (enters_container(v) && exe_protect(argv, &err) < 0)
			status = -1;   /* CVE-2019-5736: never enter with the host's binary */
		else if (v)
			status = v->fn(&g, argc - first, argv + first, &err);
		else
			status = cli_run_bundle(&g, argc - first + 1, argv + first - 1, &err);
	}
	if (status < 0) {
		report(&g, err.msg[0] ? err.msg : "unknown error");
		return 1;
	}
	return status;
}
